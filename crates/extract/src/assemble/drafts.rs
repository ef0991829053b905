//! An entry's sentences grouped into incident drafts: one per event, each with
//! the organisation it is about.
//!
//! A section under a date heading (`2020年6月`) or a line that opens another
//! event (`2019年7月にも…`) starts a draft of its own, which folds back into the
//! main one when it has the same cause and a shared date. In an article or a
//! post, a sentence whose topic is another organisation announcing its own
//! incident (`また、Yは2023年4月、…を公表している`) starts a draft about that
//! organisation. Every other sentence belongs to the draft before it.

use std::collections::HashMap;
use std::sync::LazyLock;

use leakwatch_model::{Cause, Incident, PartialDate, SourceType};
use regex::Regex;

use crate::date::{Resolver, find_dates};
use crate::orgs::{MentionKind, plausible_subject, run_before};
use crate::text::Sentence;
use crate::vocab::Role;

use crate::assemble::*;

/// One draft incident: the sentences it is read from.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub(crate) sentences: Vec<usize>,
    pub(crate) heading_date: Option<PartialDate>,
    pub(crate) opened_by: Option<(usize, usize)>,
    /// The organisation it is about, when not the entry's principal.
    pub(crate) owner: Option<Principal>,
}

pub(crate) static NEW_EVENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"遡ると|(?:年|月|日)にも|(?:事故|事案|不具合|トラブル|事件)も(?:起き|発生|あり)|過去にも|以前にも|別件").expect("pattern")
});

pub(crate) static EVENT_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"漏洩|漏えい|流出|不正アクセス|不正ログイン|誤送信|誤送付|誤添付|紛失|盗難|盗まれ|乗っ取|ランサムウェア|サイバー攻撃|被害|閲覧可能|誤表示").expect("pattern")
});

/// What every draft of one entry shares.
pub(crate) struct Entry<'d, 'a> {
    pub(crate) doc: &'d Doc<'a>,
    /// Its lines, `[lo, hi)`.
    pub(crate) lo: usize,
    pub(crate) hi: usize,
    /// The organisation key each line is about (a bare-name heading starts a section about it).
    pub(crate) topic: Vec<String>,
    /// `第N報` of the notice, if it says.
    pub(crate) report_number: Option<u32>,
}

pub(crate) fn read_entry(doc: &Doc<'_>, lo: usize, hi: usize) -> Vec<Incident> {
    let text = doc.text();
    let (t_lo, t_hi) = (doc.lines[lo].start, doc.lines[hi - 1].end);
    let entry_sentences: Vec<usize> =
        (doc.line_sents[lo].start..doc.line_sents[hi - 1].end).collect();
    let Some(principal) = choose_principal(doc, lo, hi, &entry_sentences) else {
        return Vec::new();
    };

    // Topic organisation of each line: a bare-name heading makes its section about that name.
    let mut topic: Vec<String> = Vec::new();
    let mut current = principal.key.clone();
    for i in lo..hi {
        if doc.lines[i].heading && i > lo {
            current = match bare_name_heading(doc, i) {
                Some(key) => key,
                None => principal.key.clone(),
            };
        }
        topic.push(current.clone());
    }

    let (dated, heading_dates) = read_entry_dates(doc, lo, hi, &principal);
    let drafts = group(doc, lo, hi, &principal, &heading_dates);
    let merged = fold(doc, drafts, &dated, &principal);

    let report_number = REPORT_NO_RE.captures(&text[t_lo..t_hi]).map(|c| {
        c.get(1)
            .or(c.get(2))
            .and_then(|m| m.as_str().parse::<u32>().ok())
            .unwrap_or(2)
    });
    let entry = Entry {
        doc,
        lo,
        hi,
        topic,
        report_number,
    };
    // Each draft's dates, in one pass: those whose clause is about its organisation.
    let mut merged_of: HashMap<usize, usize> = HashMap::new();
    for (k, d) in merged.iter().enumerate() {
        for &s in &d.sentences {
            merged_of.insert(s, k);
        }
    }
    let mut dated_of: Vec<Vec<&DatedFact>> = vec![Vec::new(); merged.len()];
    for f in &dated {
        if let Some(&k) = merged_of.get(&f.sentence)
            && !f.about_other_than_party(merged[k].owner.as_ref().unwrap_or(&principal))
        {
            dated_of[k].push(f);
        }
    }
    // A survey's author telling of others' incidents has none of its own.
    let researcher = is_researcher(doc, &principal) && merged.iter().any(|d| d.owner.is_some());
    let mut incidents = Vec::new();
    for (k, draft) in merged.iter().enumerate() {
        if incidents.len() > crate::MAX_INCIDENTS {
            break;
        }
        if researcher && draft.owner.is_none() {
            continue;
        }
        let owner = draft.owner.as_ref().unwrap_or(&principal);
        let is_main = k == 0 || draft.owner.is_some();
        if let Some(inc) = build_incident(&entry, owner, draft, is_main, &dated_of[k]) {
            incidents.push(inc);
        }
    }
    split_listed(doc, lo, hi, &principal, incidents)
}

/// What a survey or a tally is called when its author announces it.
static SURVEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"調査(?:を(?:行|実施|まと)|結果|によると|では)|集計(?:し|した|結果|によると)|(?:白書|統計|ランキング|レポート)(?:を|に|によると|では)").expect("pattern")
});

/// Whether the entry's organisation was taken for announcing (not for where it
/// happened) and what it announced is a survey or a tally of incidents.
fn is_researcher(doc: &Doc<'_>, principal: &Principal) -> bool {
    if matches!(
        principal.reason,
        Reason::Sanctioned | Reason::Operator | Reason::Locus | Reason::Listed
    ) {
        return false;
    }
    doc.sentences
        .iter()
        .position(|s| s.start <= principal.start && principal.start < s.end)
        .is_some_and(|k| SURVEY_RE.is_match(&doc.plain[k]))
}

/// Dates of the entry resolved in reading order, and the dates of its date headings.
fn read_entry_dates(
    doc: &Doc<'_>,
    lo: usize,
    hi: usize,
    principal: &Principal,
) -> (Vec<DatedFact>, HashMap<usize, PartialDate>) {
    let mut resolver = Resolver::new(doc.ctx.published);
    let mut section_year: Option<i32> = None;
    let mut dated: Vec<DatedFact> = Vec::new();
    let mut heading_dates: HashMap<usize, PartialDate> = HashMap::new();
    for i in lo..hi {
        let line = doc.line_text(i);
        // A date under a label that says what it is (`1. 発生日時` / `2025年3月10日(月)16時05分頃`).
        let label = (lo..i)
            .rev()
            .find(|&j| !doc.line_text(j).trim().is_empty())
            .and_then(|j| label_role(doc.line_text(j)));
        if label.is_none() && doc.lines[i].heading && DATE_ONLY_RE.is_match(line.trim()) {
            if let Some(m) = find_dates(line).first()
                && let Some(d) = resolver.peek(m.expr)
            {
                section_year = Some(d.year);
                resolver.anchor = Some(d);
                heading_dates.insert(i, d);
            }
            continue;
        }
        resolver.year_hint = section_year;
        let before = dated.len();
        for k in doc.sentences_of_line(i) {
            read_dates(doc, k, &mut resolver, principal, &mut dated);
        }
        if let Some(role) = label
            && dated.len() > before
            && line
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || "令平昭".contains(c))
        {
            let f = &mut dated[before];
            f.role = role;
            f.to_ppc = false;
            continue;
        }
        // A timeline entry: the date (and time) on a line of its own, what
        // happened on the next line (`2015年4月7日(火)15時38分` / `…を送信。`).
        if dated.len() == before + 1
            && is_timeline_date(line, &dated[before], doc)
            && let Some(next) = (i + 1..hi).find(|&j| !doc.line_text(j).trim().is_empty())
            && let Some(k) = doc.sentences_of_line(next).next()
        {
            let plain = doc.plain[k].as_str();
            let f = &mut dated[before];
            if let Some((_, _, r)) = crate::vocab::VOCAB.roles.find_iter(plain).last() {
                f.role = *r;
                f.to_ppc =
                    *r == Role::Reported && (plain.contains("保護委員会") || plain.contains("PPC"));
                if f.role == Role::Reported && !f.to_ppc {
                    f.role = Role::None;
                }
            }
            f.sentence = k;
        }
    }
    (dated, heading_dates)
}

/// A label line that says what the date under it is: `1. 発生日時`, `(2)判明日`,
/// `2 閲覧可能であった期間`.
fn label_role(line: &str) -> Option<Role> {
    static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:(?P<occ>発生日時|発生日|発生時期|発生期間|事案発生日|(?:閲覧可能|公開|流出|漏えい|漏洩|不正アクセス)(?:状態)?(?:であった|されていた|していた|の|が発生した)?(?:期間|日時))",
            r"|(?P<det>発覚日時?|判明日時?|発見日時?|覚知日時?|検知日時?|確認日時?)",
            r"|(?P<dis>公表日|発表日))[:]?$"
        ))
        .expect("pattern")
    });
    let body = line[after_bullet(line)..].trim();
    if body.chars().count() > 24 {
        return None;
    }
    let c = LABEL_RE.captures(body)?;
    if c.name("occ").is_some() {
        Some(Role::Occurred)
    } else if c.name("det").is_some() {
        Some(Role::Detected)
    } else {
        Some(Role::Disclosed)
    }
}

/// What may stand beside the date of a timeline entry: bullets, the weekday, a time.
static TIMELINE_REST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s〇○●⚫・■◆□◇▼▽\-]*(?:\([^)]{1,4}\))?\s*(?:(?:午前|午後)?\d{1,2}(?:時|:)(?:\d{1,2}分?)?)?\s*(?:頃|ごろ)?\s*$",
    )
    .expect("pattern")
});

/// Whether a line is nothing but the date `f` (with bullets, weekday or time).
fn is_timeline_date(line: &str, f: &DatedFact, doc: &Doc<'_>) -> bool {
    let text = doc.text();
    let Some(date_text) = text.get(f.start..f.end) else {
        return false;
    };
    let trimmed = line.trim();
    let Some(p) = trimmed.find(date_text) else {
        return false;
    };
    let lead = &trimmed[..p];
    let rest = &trimmed[p + date_text.len()..];
    lead.chars()
        .all(|c| c.is_whitespace() || "〇○●⚫・■◆□◇▼▽-".contains(c))
        && TIMELINE_REST_RE.is_match(rest)
}

/// The entry's sentences in drafts, in reading order.
fn group(
    doc: &Doc<'_>,
    lo: usize,
    hi: usize,
    principal: &Principal,
    heading_dates: &HashMap<usize, PartialDate>,
) -> Vec<Draft> {
    let reporting = matches!(
        doc.ctx.source_type,
        Some(SourceType::News | SourceType::Blog)
    );
    let mut drafts: Vec<Draft> = vec![Draft::default()];
    let mut section: Option<usize> = None;
    // A dateline under the title (before any running text) dates the document, not a section.
    let mut body_seen = false;
    for i in lo..hi {
        if !doc.lines[i].heading {
            body_seen |= !doc.line_text(i).trim().is_empty();
        }
        if doc.lines[i].heading && i > lo && body_seen {
            section = heading_dates.get(&i).map(|d| {
                drafts.push(Draft {
                    heading_date: Some(*d),
                    ..Draft::default()
                });
                drafts.len() - 1
            });
            if section.is_some() {
                continue;
            }
        }
        // A paragraph about another organisation ends with its line.
        let mut current: Option<usize> = None;
        let line_sentences: Vec<usize> = doc.sentences_of_line(i).collect();
        let line = doc.line_text(i);
        let has_cue = line_sentences
            .iter()
            .any(|&k| doc.causes[k].iter().any(|c| c.weight > 0));
        let line_target = match NEW_EVENT_RE.find(line) {
            Some(m) if has_cue && i > lo => {
                drafts.push(Draft {
                    opened_by: Some((doc.lines[i].start + m.start(), doc.lines[i].start + m.end())),
                    ..Draft::default()
                });
                drafts.len() - 1
            }
            _ => section.unwrap_or(0),
        };
        for k in line_sentences {
            let owner = if reporting {
                own_announcement(doc, k, principal).or_else(|| relative_owner(doc, k, principal))
            } else {
                None
            };
            if let Some(owner) = owner {
                let same = drafts
                    .iter()
                    .position(|d| d.owner.as_ref().is_some_and(|o| o.key == owner.key));
                current = Some(same.unwrap_or_else(|| {
                    drafts.push(Draft {
                        owner: Some(owner),
                        ..Draft::default()
                    });
                    drafts.len() - 1
                }));
            } else if reporting
                && let Some(c) = current
                && drafts[c].owner.is_some()
                && starts_about_principal(doc, k, principal)
            {
                current = None;
            }
            drafts[current.unwrap_or(line_target)].sentences.push(k);
        }
    }
    drafts
}

/// A sentence that opens with where something happened: `(最後に、)(学習塾の)Xでは、`.
pub(crate) static LOCATIVE_TOPIC_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[^、。]{{1,6}}、)?(?:[^、。の]{{1,12}}の)?(?P<name>{NAME})(?:\([^()]{{0,30}}\))?では、"
    ))
    .expect("pattern")
});

/// What may open a sentence before the organisation it is about: a lead
/// (`2023年5月には、`) and a describing phrase (`人材派遣の`).
static LEAD_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[^、。]{1,16}、)?(?:[^、。「」]{1,12}の)?$").expect("pattern")
});

/// What follows an organisation that acted or where it happened: `(名古屋市)が`,
/// `で、`, `では`, `の元社員が`.
static LEAD_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\([^()]{0,30}\))?(?:が|で、|では|において|の[^、。]{0,8}?(?:社員|従業員|職員|教諭|教員|行員|担当者)(?:が|は))")
        .expect("pattern")
});

/// An article's sentence whose topic is another named organisation announcing
/// an incident of its own: `Yは2023年4月、…の流出を公表している`.
fn own_announcement(doc: &Doc<'_>, k: usize, principal: &Principal) -> Option<Principal> {
    let s = &doc.sentences[k];
    if doc.lines[s.line].heading {
        return None;
    }
    let plain = doc.plain[k].as_str();
    let event = doc.causes[k].iter().any(|c| c.weight > 0) || EVENT_WORD_RE.is_match(plain);
    if !event {
        return None;
    }
    let text = doc.text();
    let topic = announces(plain)
        .then(|| topic_of(doc, s.start, s.end))
        .flatten()
        .filter(|&(_, te)| is_topic_marked(text, te));
    // `最後に、学習塾のXでは、講師が…誤り、…事故がありました`: where it happened, as the topic.
    let locative = || {
        let c = LOCATIVE_TOPIC_RE.captures(plain)?;
        let m = c.name("name")?;
        Some((s.start + m.start(), s.start + m.end()))
    };
    // `2022年9月には、家具販売のX(静岡県)が…`, `X(名古屋市)で、元社員が…`: a named
    // organisation opening the sentence as who acted or where.
    let lead = || {
        let m = doc
            .mentions_in(s.start, s.end)
            .iter()
            .find(|m| m.kind.is_name())?;
        let (before, after) = (&text[s.start..m.start], &text[m.end..s.end]);
        (LEAD_BEFORE_RE.is_match(before) && LEAD_AFTER_RE.is_match(after))
            .then_some((m.start, m.end))
    };
    let (ts, te) = topic.or_else(locative).or_else(lead)?;
    let name = &text[ts..te];
    // A counted group (`6大学`) is not an organisation.
    if is_anaphor(name)
        || name.starts_with(|c: char| c.is_ascii_digit())
        || name.contains(|c: char| c.is_ascii_digit()) && !doc.formed(ts, te)
    {
        return None;
    }
    // A parent announcing its subsidiary's incident is not an incident of its own,
    // nor is a body announcing what happened at the entry's organisation
    // (`県教育委員会は1日、県立あさひ高校の教諭が…と発表した`).
    if plain.contains("子会社")
        || doc
            .mentions_in(s.start, s.end)
            .iter()
            .any(|m| m.kind.is_name() && doc.key(&m.name) == principal.key)
    {
        return None;
    }
    // A named organisation, not the police or a regulator.
    let m = doc.mentions_in(ts, te).first();
    let formed = doc.formed(ts, te);
    if m.is_some_and(|m| matches!(m.kind, MentionKind::Regulator | MentionKind::Police)) {
        return None;
    }
    if !formed && !plausible_subject(name, doc.ctx.analyzer) {
        return None;
    }
    let key = doc.key(name);
    let parent = principal.parent.as_ref().map(|(n, _, _)| doc.key(n));
    if key.is_empty()
        || key == principal.key
        || principal.key.contains(&key)
        || parent.as_deref() == Some(key.as_str())
    {
        return None;
    }
    let mut owner = Principal::announced(doc.full_name(name).unwrap_or(name), ts, te);
    owner.key = key;
    Some(owner)
}

/// A past-tense clause ending on a name, then a particle: the name is the
/// organisation the clause tells of (`2014年7月に発覚したXの3504万人分`,
/// `…を公表したY、…を紛失したZと続く`).
static RELATIVE_OWNER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?:公表|発表|発覚|判明|紛失|盗難|流出|漏えい|漏洩|明らかに)し|受け|遭っ|見舞われ|起こし)た(?P<name>{NAME})(?:、|と(?:続|並|同|なっ)|の|は|が|も|で)"
    ))
    .expect("pattern")
});

/// An article's sentence (or enumerated clause) that tells of a dated incident of
/// another organisation by a clause ending on its name.
fn relative_owner(doc: &Doc<'_>, k: usize, principal: &Principal) -> Option<Principal> {
    let s = &doc.sentences[k];
    if doc.lines[s.line].heading {
        return None;
    }
    let text = doc.text();
    let plain = doc.plain[k].as_str();
    let found = RELATIVE_OWNER_RE
        .captures_iter(plain)
        .filter_map(|c| c.name("name"))
        .filter(|m| {
            let before = &plain[..m.start()];
            let event = EVENT_WORD_RE.is_match(before)
                || before.ends_with("発覚した")
                || doc.causes[k]
                    .iter()
                    .any(|c| c.weight > 0 && c.start < s.start + m.start());
            event && !find_dates(before).is_empty()
        })
        .last()?;
    let (ts, te) = (s.start + found.start(), s.start + found.end());
    let ts = crate::orgs::kana_led_start(text, run_before(text, te).max(ts), te);
    let name = &text[ts..te];
    // A counted group (`学生342名`) is not an organisation.
    if is_anaphor(name) || name.contains(|c: char| c.is_ascii_digit()) && !doc.formed(ts, te) {
        return None;
    }
    let m = doc.mentions_in(ts, te).first();
    if m.is_some_and(|m| matches!(m.kind, MentionKind::Regulator | MentionKind::Police)) {
        return None;
    }
    if !doc.formed(ts, te) && !plausible_subject(name, doc.ctx.analyzer) {
        return None;
    }
    let key = doc.key(name);
    let parent = principal.parent.as_ref().map(|(n, _, _)| doc.key(n));
    if key.is_empty()
        || key == principal.key
        || principal.key.contains(&key)
        || parent.as_deref() == Some(key.as_str())
    {
        return None;
    }
    Some(Principal {
        reason: Reason::Recounted,
        key,
        ..Principal::announced(doc.full_name(name).unwrap_or(name), ts, te)
    })
}

/// A sentence that enumerates dated incidents of several organisations, cut
/// after each `…したX、` whose clause and remainder both hold a date, so that
/// each clause is read on its own: `2013年5月に…を公表したY、2012年11月に…を
/// 紛失したZと続く`.
pub(crate) fn split_enumerations(text: &str, sentences: Vec<Sentence>) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut from = s.start;
        let body = &text[s.start..s.end];
        if body.contains("た") {
            for c in RELATIVE_OWNER_RE.captures_iter(body) {
                let (Some(all), Some(name)) = (c.get(0), c.name("name")) else {
                    continue;
                };
                if !all.as_str().ends_with('、') || name.end() + s.start < from {
                    continue;
                }
                let cut = s.start + all.end();
                let dated_before = !find_dates(&text[from..s.start + name.start()]).is_empty();
                let dated_after = !find_dates(&text[cut..s.end]).is_empty();
                if dated_before && dated_after {
                    out.push(Sentence {
                        start: from,
                        end: cut,
                        line: s.line,
                    });
                    from = cut;
                }
            }
        }
        out.push(Sentence {
            start: from,
            end: s.end,
            line: s.line,
        });
    }
    out
}

/// Whether a sentence is about the entry's principal again (`Xは…`).
fn starts_about_principal(doc: &Doc<'_>, k: usize, principal: &Principal) -> bool {
    let s = &doc.sentences[k];
    topic_of(doc, s.start, s.end)
        .is_some_and(|(ts, te)| doc.key(&doc.text()[ts..te]) == principal.key)
}

/// Folds drafts into the main one: no cause of their own, or the same cause on a
/// shared date. Drafts about another organisation never fold.
fn fold(
    doc: &Doc<'_>,
    drafts: Vec<Draft>,
    dated: &[DatedFact],
    principal: &Principal,
) -> Vec<Draft> {
    let causes: Vec<Option<(Cause, f32)>> = drafts
        .iter()
        .map(|d| decide_cause(doc, &d.sentences).map(|(c, conf, _)| (c, conf)))
        .collect();
    let mut draft_of: HashMap<usize, usize> = HashMap::new();
    for (k, d) in drafts.iter().enumerate() {
        for &s in &d.sentences {
            draft_of.insert(s, k);
        }
    }
    let mut dates_of: Vec<Vec<PartialDate>> = drafts
        .iter()
        .map(|d| d.heading_date.into_iter().collect())
        .collect();
    for f in dated
        .iter()
        .filter(|f| f.role != Role::None && !f.about_other_than_party(principal))
    {
        if let Some(&k) = draft_of.get(&f.sentence) {
            dates_of[k].push(f.date);
        }
    }
    let main_days: std::collections::HashSet<PartialDate> = dates_of[0].iter().copied().collect();
    let mut owner: Vec<usize> = (0..drafts.len()).collect();
    for k in 1..drafts.len() {
        if drafts[k].owner.is_some() {
            continue;
        }
        let same_cause = causes[k].map(|c| c.0) == causes[0].map(|c| c.0);
        // A day of the draft that the main draft names too, or that a month of it contains.
        let shared = dates_of[k].iter().filter(|d| d.day.is_some()).any(|d| {
            main_days.contains(d) || main_days.contains(&PartialDate::ym(d.year, d.month))
        });
        if causes[k].is_none() || (same_cause && shared) {
            owner[k] = 0;
        }
    }
    let mut merged: Vec<Draft> = Vec::new();
    let mut index_of: HashMap<usize, usize> = HashMap::new();
    for (k, d) in drafts.into_iter().enumerate() {
        let o = owner[k];
        if let Some(&m) = index_of.get(&o) {
            merged[m].sentences.extend(d.sentences);
        } else {
            index_of.insert(k, merged.len());
            merged.push(d);
        }
    }
    for d in &mut merged {
        d.sentences.sort_unstable();
    }
    merged
}
