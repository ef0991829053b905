//! Dates in sentences, resolved, each with the role its clause gives it.

use std::sync::LazyLock;

use leakwatch_model::PartialDate;
use regex::Regex;

use crate::date::{DateMention, Resolver, find_dates};
use crate::facts;
use crate::orgs::{MentionKind, norm_key};
use crate::vocab::{Role, VOCAB};

use crate::assemble::*;

/// A date found in a sentence, resolved, with the role its clause gives it.
#[derive(Debug, Clone)]
pub(crate) struct DatedFact {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) date: PartialDate,
    pub(crate) role: Role,
    /// Reported to the PPC (a `Reported` role with the PPC named).
    pub(crate) to_ppc: bool,
    /// Starts a period (`4月以降`, `1月から`).
    pub(crate) period_start: bool,
    /// The organisation the clause is about (its topic, anaphora resolved), by key.
    pub(crate) subject: Option<String>,
    /// The sentence quotes the title of a special-loss notice.
    pub(crate) loss_notice: bool,
    /// The sentence quotes a follow-up notice (第4報).
    pub(crate) follow_up: bool,
    /// The clause says an investigation was completed.
    pub(crate) investigation_done: bool,
    pub(crate) sentence: usize,
}

/// What follows the end date of a range: `5日にかけて`, `31日までの間`.
pub(crate) static RANGE_END_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:頃|ごろ)?(?:にかけて|までの間|まで)").expect("pattern"));

/// What closes a span of time an act went on over: `10月にかけて`, `31日までの間`
/// (not `…までに`, which bounds whose data it was).
static DURATION_END_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:頃|ごろ)?(?:にかけて|までの間)").expect("pattern"));

/// What may follow a date whose clause is the whole sentence: `1/15、`, `4月9日夜、`.
pub(crate) static MAIN_SCOPE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(.\))?(?:夜|朝|未明|早朝|午前|午後|夕方|深夜|頃|ごろ)?(?:には|にも)?(?:、| )")
        .expect("pattern")
});

pub(crate) static HEDGE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"おそらく|と思われ|でしょう|かもしれ|推測").expect("pattern"));

pub(crate) static LOSS_TITLE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"特別損失|業績予想|業績への影響|損失の計上").expect("pattern"));

pub(crate) static PERIOD_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:頃|ごろ|中旬|下旬|上旬|末)?(?:、?\d{1,2}時(?:\d{1,2}分)?頃?)?(?:から|より|以降|~)",
    )
    .expect("pattern")
});

pub(crate) static REPORT_NO_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第(\d{1,2})報|続報|最終報").expect("pattern"));

/// An event told as happening, not just found: `不正アクセスがあり`, `攻撃を受け`, `が発生し`.
static OCCURRENCE_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:アクセス|攻撃|侵入|感染)(?:があり|を受け)|が発生し|(?:暗号化|改ざん)され(?:、|た|ま|てい(?:る|ま))|感染し|使えなくな|障害が(?:発生|起き)").expect("pattern")
});

/// A finding told by someone else: `報告を受け`, `連絡があり`, `指摘を受け`.
static TOLD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:報告|連絡|指摘|通報|通知|申告)(?:を受け|があり|があった)").expect("pattern")
});

/// What ends a date that is the predicate of a topic (`公表は5月9日、`, `…5月9日と`, `…5月9日だった`).
static TOPIC_PREDICATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(.\))?(?:頃|ごろ)?(?:、|。|で(?:、|す|した|あ)|と|だ|$)").expect("pattern")
});

/// A time of day at the start of a text: `14:40`, `9時30分`, `9時`.
static TIME_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\d{1,2}(?::\d{2}|時(?:\d{1,2}分)?)").expect("pattern")
});

/// What ends the content of an announcement: `…していたと`, `…した可能性があると`.
static QUOTATIVE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:た|だ|る|い|ある)と(?:正式に)?$").expect("pattern"));

pub(crate) fn read_dates(
    doc: &Doc<'_>,
    k: usize,
    resolver: &mut Resolver,
    principal: &Principal,
    out: &mut Vec<DatedFact>,
) {
    let text = doc.text();
    let s = &doc.sentences[k];
    let sentence = &text[s.start..s.end];
    let plain = doc.plain[k].as_str();
    let mentions: Vec<DateMention> = find_dates(sentence);
    for (j, m) in mentions.iter().enumerate() {
        // Quoted dates (inside a title) still resolve, so that 同日 after them works, but get no role.
        let Some(date) = resolver.resolve(m.expr) else {
            continue;
        };
        if plain[m.start..m.end].trim().is_empty() {
            continue;
        }
        let next = mentions.get(j + 1).map_or(sentence.len(), |n| n.start);
        let after_date = &sentence[m.end..];
        // `DATE、…` dates the sentence's main verb; `DATEに…したことが判明` dates the inner clause.
        let main_scope = MAIN_SCOPE_RE.is_match(after_date);
        let range_end = RANGE_END_RE.is_match(after_date);
        let mut window = &plain[m.end..next.max(m.end)];
        // An inner clause without a subject of its own keeps the date (…に受信し、入力していたことが判明).
        if !main_scope
            && let Some(p) = window.find("こと")
            && !window[..p].contains('が')
            && VOCAB.roles.find_iter(&window[..p]).next().is_some()
        {
            window = &window[..p];
        }
        // `DATEにお知らせいたしました、…について` / `DATEに設定した際、…`: a date whose own
        // clause ends in a verb with a role dates that verb, not the sentence's last one.
        if !main_scope
            && let Some(p) = window.find('、')
            && VOCAB.roles.find_iter(&window[..p]).next().is_some()
        {
            window = &window[..p];
        }
        // The notice a date is attached to: the first quoted title after it.
        let title = quoted_after(sentence, m.end, next);
        let loss_notice = title.is_some_and(|t| LOSS_TITLE_RE.is_match(t));
        let follow_up = title.is_some_and(|t| {
            REPORT_NO_RE.captures(t).is_some_and(|c| {
                c.get(1)
                    .or(c.get(2))
                    .and_then(|m| m.as_str().parse::<u32>().ok())
                    .is_some_and(|n| n > 1)
                    || c.get(0).is_some_and(|m| m.as_str() == "続報")
            })
        });
        // 6/30付のお知らせ: a reference to another notice.
        // A date inside brackets that opens a period (`(2020年10月1日~2021年9月30日)`)
        // names a fiscal or reporting period, not an act.
        let in_brackets = {
            let before = &sentence[..m.start];
            before
                .rfind('(')
                .is_some_and(|o| !before[o..].contains(')'))
        };
        let fiscal_period = in_brackets && after_date.starts_with('~');
        let dated_reference = after_date.starts_with('付')
            && ![
                "で公表",
                "にて公表",
                "で発表",
                "にて発表",
                "で開示",
                "にて開示",
            ]
            .iter()
            .any(|w| window.contains(w));
        let mut role = Role::None;
        let mut cue_at = None;
        let mut cue_end = 0;
        let mut inner: Option<(usize, usize, Role)> = None;
        for (cs, ce, r) in VOCAB.roles.find_iter(window) {
            // `…DATEに…売却していたと発表した`: what is announced (before the
            // quotative と) holds the act the date belongs to.
            if !main_scope
                && *r == Role::Disclosed
                && inner.is_some()
                && QUOTATIVE_RE.is_match(&window[..cs])
            {
                break;
            }
            if *r != Role::None && *r != Role::Disclosed {
                inner = Some((cs, ce, *r));
            }
            role = *r;
            cue_at = Some(cs);
            cue_end = ce;
            // The end of a range (5日にかけて発生し) takes the verb of the range.
            if range_end {
                break;
            }
        }

        // `判明は4月28日、報告は5月1日、公表は5月9日`: the cue is the topic and the
        // date its predicate; the cues after it belong to the dates after it.
        {
            let prev_end = if j > 0 { mentions[j - 1].end } else { 0 };
            let back = &plain[prev_end.min(m.start)..m.start];
            let stem = back
                .strip_suffix('は')
                .or_else(|| back.strip_suffix('が'))
                .or_else(|| back.strip_suffix('も'));
            if let Some(stem) = stem
                && let Some((_, ce, r)) = VOCAB.roles.find_iter(stem).last()
                && ce == stem.len()
                && TOPIC_PREDICATE_RE.is_match(after_date)
            {
                role = *r;
                cue_at = Some(0);
            }
        }
        // `Xは6/3、…と公表しました`: a date after the topic, cut off by other dates, dates the final verb.
        if role == Role::None && cue_at.is_none() && main_scope && j + 1 < mentions.len() {
            let rest = &plain[m.end..];
            if let Some((_, _, r)) = VOCAB.roles.find_iter(rest).last()
                && topic_of(doc, s.start, s.start + m.start).is_some()
            {
                role = *r;
                cue_at = Some(0);
            }
        }
        // No cue ahead: the clause before the date may hold it (開示が7月).
        if role == Role::None && cue_at.is_none() {
            let prev_end = if j > 0 { mentions[j - 1].end } else { 0 };
            let back_start = plain[prev_end..m.start]
                .rfind(['、', '。'])
                .map_or(prev_end, |p| prev_end + p + '、'.len_utf8());
            let back = &plain[back_start.min(m.start)..m.start];
            for (_, _, r) in VOCAB.roles.find_iter(back) {
                role = *r;
            }
        }
        // No verb at all, but the clause names the cause (5/15のシステム更新で不具合が…): it happened then.
        if role == Role::None
            && cue_at.is_none()
            && facts::find_causes(window, 0, window.len())
                .iter()
                .any(|c| c.weight > 0)
        {
            role = Role::Occurred;
        }
        if dated_reference {
            role = Role::None;
        } else if after_date.starts_with('付') {
            // 3月31日付で発表した「…」: the date of an earlier announcement.
            role = Role::Disclosed;
        }
        // A hedged clause (おそらく同日中に気付きます) states nothing.
        let clause_start = plain[..m.start]
            .rfind(['、', '。'])
            .map_or(0, |p| p + '、'.len_utf8());
        if HEDGE_RE.is_match(&plain[clause_start.min(m.start)..next.max(m.end)]) {
            role = Role::None;
        }
        let clause = &plain[clause_start.min(m.start)..next.max(m.end)];
        let to_ppc =
            role == Role::Reported && (clause.contains("保護委員会") || clause.contains("PPC"));
        if role == Role::Reported && !to_ppc {
            role = Role::None;
        }
        // `8月13日に公表いたしました業績予想`, `…業績予想を修正いたしましたので、お知らせ`:
        // an announcement of something else.
        if role == Role::Disclosed {
            let from = (m.end + cue_end).min(plain.len());
            let from = (0..=from)
                .rev()
                .find(|&i| plain.is_char_boundary(i))
                .unwrap_or(0);
            let after: String = plain[from..].chars().take(60).collect();
            let object = after.split('。').next().unwrap_or("");
            let before_cue = &window[..cue_at.unwrap_or(0).min(window.len())];
            if VOCAB
                .list("other_announcements")
                .iter()
                .any(|w| object.contains(w) || before_cue.contains(w))
            {
                role = Role::None;
            }
        }
        if fiscal_period {
            role = Role::None;
        }
        // `2017年9月以前に`, `1月8日現在`, `4月5日時点で`: a bound or a snapshot, not an act.
        let bare_after = after_date
            .trim_start_matches(['頃', 'ご', 'ろ'])
            .trim_start_matches(['(', ')', ' ']);
        // A time of day first: 14:40, 9時30分.
        let bare_after = TIME_RE
            .find(bare_after)
            .map_or(bare_after, |t| &bare_after[t.end()..]);
        if ["以前", "より前", "現在", "時点", "追記", "更新"]
            .iter()
            .any(|w| bare_after.starts_with(w))
        {
            role = Role::None;
        }
        // `…を把握できなかった`: the act did not happen.
        if role != Role::None && cue_at.is_some() {
            let after_cue: String = window[cue_end.min(window.len())..]
                .chars()
                .take(10)
                .collect();
            if [
                "できなかった",
                "できず",
                "されなかった",
                "しなかった",
                "されていなかった",
            ]
            .iter()
            .any(|n| after_cue.contains(n))
            {
                role = Role::None;
            }
        }
        // A date closing a title line (`…のお知らせ 2024/12/3`) is the notice's own date.
        if doc.lines[s.line].heading
            && sentence[m.end..].trim().is_empty()
            && sentence[..m.start].ends_with(' ')
            && date.day.is_some()
        {
            role = Role::Disclosed;
        }

        // `9月20日に、…不正アクセスがあり、…の発生を確認した`: what the clause says
        // happened that day, and that it was found that day.
        let also_occurred = role == Role::Detected
            && cue_at.is_some_and(|c| {
                VOCAB
                    .roles
                    .find_iter(&window[..c.min(window.len())])
                    .any(|(_, _, r)| *r == Role::Occurred)
            })
            && OCCURRENCE_RE.is_match(&window[..cue_at.unwrap_or(0).min(window.len())])
            // Told by someone else (`…があったとの報告を受け`): it happened before.
            && !TOLD_RE.is_match(&window[cue_at.unwrap_or(0).min(window.len())..]);
        let investigation_done = window.contains("完了") && sentence.contains("調査");
        let period_start = PERIOD_START_RE.is_match(after_date);
        // Whose act is it? The topic of the clause before the date, if it is a named organisation.
        let subject = topic_of(doc, s.start, s.start + m.start)
            .or_else(|| agent_before(doc, s.start, s.start + m.start))
            .and_then(|(ts, te)| {
                let name = &text[ts..te];
                let named_org = doc.formed(ts, te)
                    || principal
                        .related
                        .iter()
                        .any(|(r, _, _)| doc.key(&r.name) == doc.key(name));
                // A regulator or the police telling what it did is no act of the organisation's.
                let acting_body = doc
                    .mentions_in(ts, te)
                    .iter()
                    .any(|m| matches!(m.kind, MentionKind::Regulator | MentionKind::Police));
                if is_anaphor(name) {
                    resolve_anaphor(doc, ts).map(|n| doc.key(&n))
                } else if named_org || acting_body {
                    Some(doc.key(name))
                } else {
                    None
                }
            });
        out.push(DatedFact {
            start: s.start + m.start,
            end: s.start + m.end,
            date,
            role,
            to_ppc,
            period_start,
            subject,
            loss_notice,
            follow_up,
            investigation_done,
            sentence: k,
        });
        if also_occurred && let Some(last) = out.last() {
            let mut occ = last.clone();
            occ.role = Role::Occurred;
            occ.to_ppc = false;
            out.push(occ);
        }
    }
    // Coordinated dates share the verb that follows the last of them:
    // `8月15日および19日の2回にわたり、…攻撃がありました`,
    // `12月7日にはユーザーから、同月8日にはカード会社から…報告を受け`.
    let first_here = out.len() - out.iter().rev().take_while(|f| f.sentence == k).count();
    for i in (first_here..out.len().saturating_sub(1)).rev() {
        if out[i].role != Role::None {
            continue;
        }
        let between = &text[out[i].end..out[i + 1].start];
        let between = between.trim();
        // `8月から10月にかけて…提供した`: the start of a range shares the verb of its end.
        let range = matches!(between, "から" | "より" | "~" | "-")
            && out[i + 1].role == Role::Occurred
            && DURATION_END_RE.is_match(&text[out[i + 1].end..]);
        let coordinated = between.is_empty()
            || range
            || COORDINATORS.contains(&between)
            || (between.ends_with('、') && !between.trim_end_matches('、').chars().any(is_verbish));
        if coordinated {
            out[i].role = out[i + 1].role;
            out[i].to_ppc = out[i + 1].to_ppc;
        }
    }
}

/// What joins two dates of one act.
const COORDINATORS: [&str; 7] = ["および", "及び", "と", "や", "、", ",", "並びに"];

/// Characters that end a verb or an adjective in a clause between two dates:
/// where they appear, the first date has a verb of its own.
fn is_verbish(c: char) -> bool {
    matches!(
        c,
        'し' | 'た' | 'る' | 'れ' | 'い' | 'き' | 'ち' | 'り' | 'け' | 'せ'
    )
}

/// The body that is the subject (`Xが`) of the clause a date opens: `同社が今月15日に…検知`.
fn agent_before(doc: &Doc<'_>, lo: usize, at: usize) -> Option<(usize, usize)> {
    let text = doc.text();
    let before = text[lo..at].trim_end_matches('、');
    let stem = before.strip_suffix('が')?;
    let end = lo + stem.len();
    doc.mentions_in(lo, end)
        .last()
        .filter(|m| m.end == end && (m.kind.is_name() || m.kind == MentionKind::Anaphor))
        .map(|m| (m.start, m.end))
}

impl DatedFact {
    /// Whether the clause's subject is an organisation other than the one keyed `key`
    /// (a name that contains the other counts as the same: ニトムズ, 株式会社ニトムズ東京).
    pub(crate) fn about_other_than(&self, key: &str) -> bool {
        self.subject
            .as_deref()
            .is_some_and(|k| k != key && !key.contains(k) && !k.contains(key))
    }

    /// Whether the clause is about someone other than `p` or its parent (a
    /// parent announcing its subsidiary's incident speaks for it).
    pub(crate) fn about_other_than_party(&self, p: &Principal) -> bool {
        self.about_other_than(&p.key)
            && p.parent
                .as_ref()
                .is_none_or(|(n, _, _)| self.about_other_than(&norm_key(n)))
    }
}
