//! The organisation an entry is about — where the incident happened — chosen from the
//! roles the text gives each organisation it names.

use std::sync::LazyLock;

use leakwatch_model::{PartyRole, Related};
use regex::Regex;

use crate::orgs::{MentionKind, OrgMention, norm_key, plausible_name};

use crate::assemble::*;

/// A name the entry calls its organisation, and where.
#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Why it was taken as the organisation where the incident happened.
    pub(crate) reason: Reason,
    /// The words that gave the reason.
    pub(crate) reason_span: (usize, usize),
    pub(crate) parent: Option<(String, usize, usize)>,
    pub(crate) related: Vec<(Related, usize, usize)>,
}

impl Principal {
    /// An organisation read as the topic of its own announcement (`Yは…を公表した`).
    pub(crate) fn announced(name: &str, start: usize, end: usize) -> Principal {
        Principal {
            name: name.to_owned(),
            key: norm_key(name),
            start,
            end,
            reason: Reason::Announcer,
            reason_span: (start, end),
            parent: None,
            related: Vec::new(),
        }
    }

    /// An organisation listed with others as hit by one event.
    pub(crate) fn listed(name: &str, start: usize, end: usize, cue: (usize, usize)) -> Principal {
        Principal {
            reason: Reason::Listed,
            reason_span: cue,
            ..Principal::announced(name, start, end)
        }
    }
}

/// A name: a Latin-script company name with its legal form (`TOHO PRECISION
/// (THAILAND) CO., LTD.`), else a run of kanji, katakana and Latin words.
pub(crate) const NAME: &str = concat!(
    r"(?:",
    crate::orgs::mentions::latin_legal!(),
    r"|[\p{Han}\p{Katakana}ー々・&A-Za-z0-9]+(?: [A-Za-z0-9]+)*)"
);

/// A note in brackets after a name: a short name (`(以下「ユニバ通販」)`), where it
/// is (`(本社:東京都千代田区、以下「みつば」)`), what it is.
pub(crate) const ALIAS_NOTE: &str = r"(?:\([^()]{0,60}\))?";

/// A subsidiary, however qualified: 子会社, 100%子会社, 連結子会社, 米国子会社,
/// タイの子会社, 孫会社, グループ会社, 関係会社, and a foreign firm's 日本法人 or a
/// local firm's 現地法人.
pub(crate) const SUBSIDIARY: &str = concat!(
    r"(?:100%|完全)?(?:連結)?(?:",
    regions!(),
    r"の?)?(?:子会社|孫会社|グループ会社|関係会社|日本法人|現地法人)"
);

/// Where a subsidiary is: what may stand before 子会社 and before its name.
macro_rules! regions {
    () => {
        r"(?:海外|国内|米国|中国|タイ|台湾|香港|韓国|欧州|英国|ドイツ|フランス|シンガポール|ベトナム|インド|インドネシア|フィリピン|マレーシア|北米|豪州)"
    };
}
use regions;

/// A region word leading a name (`ドイツ Okuma Europe GmbH`, `タイのX`).
static REGION_LEAD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(concat!("^", regions!(), r"(?: |の)")).expect("pattern"));

/// Whether a name is a region word, not a parent (`米国子会社` read as 米国 + 子会社).
pub(crate) fn is_region(name: &str) -> bool {
    REGION_LEAD_RE.is_match(&format!("{name} "))
}

/// `当社の連結子会社である`, `当社グループの子会社の`: the name that follows is a subsidiary.
static SUB: LazyLock<String> = LazyLock::new(|| {
    format!(r"(?P<sub>(?:当社|同社|弊社)?(?:グループ)?(?:の)?{SUBSIDIARY}(?:の|である))?")
});

pub(crate) static OPERATOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{sub}(?P<op>{NAME}){ALIAS_NOTE}が(?:運営|管理|提供|運用|保有)(?:する|している)",
        sub = SUB.as_str()
    ))
    .expect("pattern")
});

/// `当社の連結子会社であるX株式会社において、…不正アクセス`: where it happened.
pub(crate) static LOCATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{sub}(?P<op>{NAME}){ALIAS_NOTE}(?:において|における)",
        sub = SUB.as_str()
    ))
    .expect("pattern")
});

/// `…を運営するX`: the operator named after what it runs (モスバーガーを運営するモスフードサービス).
pub(crate) static OPERATED_BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"を(?:運営|経営|展開)する(?P<op>{NAME})")).expect("pattern")
});

/// What follows a name told of as a parent: `(東証プライム)の子会社`, `の傘下`.
static PARENT_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:\([^()]{{0,20}}\))?の(?:{SUBSIDIARY}|傘下)")).expect("pattern")
});

/// `Xのサーバに…不正アクセス`, `Xの従業員が…誤送信`, `Xの予約管理サービスにおいて`:
/// whose system or staff it was (a system word may carry a compound before it).
pub(crate) static OWNED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{sub}(?P<op>{NAME}){ALIAS_NOTE}の(?:[\p{{Han}}\p{{Katakana}}ー]{{0,8}}(?:サーバー?|システム|サービス)|ネットワーク|ウェブサイト|サイト|端末|パソコン|PC|社員|従業員|職員|元社員|元従業員|委託先)(?:に|が|で|から|へ|の)",
        sub = SUB.as_str()
    ))
    .expect("pattern")
});

/// `Xに対する行政処分`, `X(代表取締役…)に対し、…を命じました`: the object of a regulator's act.
pub(crate) static SANCTIONED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<op>{NAME})(?:\([^()]{{0,40}}\))?に対(?:する|し)"
    ))
    .expect("pattern")
});

/// What a regulator does to a firm.
pub(crate) static SANCTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"行政処分|業務改善命令|業務停止命令|改善命令|報告徴求|立入検査|勧告|指導|厳重注意|命じ|処分").expect("pattern")
});

/// `子会社ゆとりの空間における…`: after a subsidiary marker the name may hold
/// hiragana, up to における.
pub(crate) static SUBSIDIARY_LOCUS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<sub>子会社(?:の|である)?)(?P<op>[^、。「」()\s]{2,24}?)(?:において|における|で発生)",
    )
    .expect("pattern")
});

pub(crate) static BREACH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"不正アクセス|不正ログイン|不正に|攻撃|侵入|改ざん|ランサムウェア|感染|暗号化|閲覧可能|閲覧できる|閲覧され|不具合|流出|漏えい|漏洩|フィッシング|なりすまし|誤送信|誤送付|紛失|盗難|持ち出|誤って|誤り|見える状態|置き忘|なくし|盗ま").expect("pattern")
});

pub(crate) fn choose_principal(
    doc: &Doc<'_>,
    lo: usize,
    hi: usize,
    sentences: &[usize],
) -> Option<Principal> {
    let text = doc.text();
    let analyzer = doc.ctx.analyzer;
    let entry_mentions: Vec<&OrgMention> = doc
        .mentions_in(doc.lines[lo].start, doc.lines[hi - 1].end)
        .iter()
        .collect();

    // The announcer: the topic of a sentence that announces.
    let mut announcer: Option<(usize, usize)> = None;
    for &k in sentences {
        let s = &doc.sentences[k];
        if doc.lines[s.line].heading {
            continue;
        }
        let plain = doc.plain[k].as_str();
        if !announces(plain) {
            continue;
        }
        if let Some((ts, te)) = topic_of(doc, s.start, s.end)
            && is_topic_marked(text, te)
        {
            let name = &text[ts..te];
            if is_anaphor(name) {
                if name.starts_with(['当', '弊', '本'])
                    && let Some(a) = author(doc)
                {
                    announcer = Some(a);
                    break;
                }
                continue;
            }
            if entry_mentions.iter().any(|m| {
                m.start <= ts
                    && te <= m.end
                    && matches!(m.kind, MentionKind::Regulator | MentionKind::Police)
            }) {
                continue;
            }
            announcer = Some((ts, te));
            break;
        }
    }
    let headline = if doc.lines[lo].heading {
        headline_org(doc, lo)
    } else {
        None
    };
    let author = author(doc).filter(|(s, _)| *s >= doc.lines[lo].start || lo == 0);

    // The operator of the breached system.
    let mut operator: Option<Operator> = None;
    for &k in sentences {
        let s = &doc.sentences[k];
        let sentence = &text[s.start..s.end];
        if doc.lines[s.line].heading || !BREACH_RE.is_match(sentence) {
            continue;
        }
        // Each pattern in turn; the first whose name holds up wins.
        let formed = |op: regex::Match<'_>| doc.formed(s.start + op.start(), s.start + op.end());
        // (pattern, reason, the name must be formed, the name may hold hiragana)
        let tries: [(&Regex, Reason, bool, bool); 5] = [
            (&OPERATOR_RE, Reason::Operator, false, false),
            // …を運営するX: what follows is the operator's name, formed or not.
            (&OPERATED_BY_RE, Reason::Operator, false, false),
            // Only a formed name is a place where something happened: not 案内メールにおいて.
            (&LOCATIVE_RE, Reason::Locus, true, false),
            // After 子会社 the name is marked off by the marker itself: ゆとりの空間.
            (&SUBSIDIARY_LOCUS_RE, Reason::Locus, false, true),
            (&OWNED_RE, Reason::Locus, true, false),
        ];
        for (re, reason, needs_form, kana_ok) in tries {
            let Some(c) = re.captures(sentence) else {
                continue;
            };
            let Some(op) = c.name("op") else { continue };
            // A subsidiary marker (米国子会社の…) vouches for the name as a formed one would.
            if needs_form && !formed(op) && c.name("sub").is_none_or(|m| m.as_str().is_empty()) {
                continue;
            }
            let cue = c
                .get(0)
                .map_or((0, 0), |m| (s.start + m.start(), s.start + m.end()));
            let mut name = op.as_str().to_owned();
            let (mut os, oe) = (s.start + op.start(), s.start + op.end());
            // `…を展開するXの子会社、Yは`: X is told of as Y's parent; what it runs is
            // what it is, not the system that was breached.
            let below = doc.mentions.partition_point(|m| m.start <= os);
            let name_end = doc.mentions[..below]
                .iter()
                .rev()
                .take(4)
                .find(|m| oe <= m.end)
                .map_or(oe, |m| m.end);
            if PARENT_TAIL_RE.is_match(&text[name_end..]) {
                continue;
            }
            if let Some(r) = REGION_LEAD_RE.find(&name)
                && r.end() < name.len()
            {
                os += r.end();
                name = name[r.end()..].to_owned();
            }
            // 同社が運営する / 子会社のキャンディルデザインが運営する
            if is_anaphor(&name) {
                match resolve_anaphor(doc, os) {
                    Some(n) => name = n,
                    None => continue,
                }
            } else if kana_ok {
                if name.ends_with(['る', 'た', 'い']) || name.contains(['が', 'を', 'は']) {
                    continue;
                }
            } else if !formed(op) && !plausible_name(&name, analyzer) {
                // (A run inside a formed name is that name's tail: 株式会社みつばシステムズ.)
                continue;
            }
            if is_office_of_body(&name) {
                continue;
            }
            operator = Some(Operator {
                name,
                start: os,
                end: oe,
                via_subsidiary: c.name("sub").is_some(),
                reason,
                cue,
            });
            break;
        }
        if operator.is_none() {
            operator = acting_body(doc, s.start, s.end);
        }
        if operator.is_some() {
            break;
        }
    }

    let sanctioned = sanctioned(doc, lo, hi, &entry_mentions);
    // (name, start, end, why, the words that say why)
    type Candidate = (String, usize, usize, Reason, (usize, usize));
    let mut candidates: Vec<Candidate> = Vec::new();
    if let Some((n, s, e, r)) = sanctioned {
        candidates.push((n, s, e, Reason::Sanctioned, r));
    }
    if let Some(o) = &operator {
        candidates.push((o.name.clone(), o.start, o.end, o.reason, o.cue));
    }
    if let Some((s, e)) = announcer {
        candidates.push((text[s..e].to_owned(), s, e, Reason::Announcer, (s, e)));
    }
    if let Some((s, e)) = author {
        candidates.push((text[s..e].to_owned(), s, e, Reason::Author, (s, e)));
    }
    if let Some((s, e)) = headline {
        candidates.push((text[s..e].to_owned(), s, e, Reason::Headline, (s, e)));
    }
    if let Some(m) = entry_mentions.iter().find(|m| m.kind == MentionKind::Legal) {
        candidates.push((
            m.name.clone(),
            m.start,
            m.end,
            Reason::FirstLegal,
            (m.start, m.end),
        ));
    }
    if let Some(m) = entry_mentions
        .iter()
        .find(|m| m.kind == MentionKind::Suffix)
    {
        candidates.push((
            m.name.clone(),
            m.start,
            m.end,
            Reason::FirstBody,
            (m.start, m.end),
        ));
    }
    // The strongest reason wins; among equals, the one listed first.
    let best = candidates
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (c.3.weight(), std::cmp::Reverse(*i)))
        .map(|(_, c)| c.clone())?;
    // A customer's notice about its provider's breach (`当社が利用しているシステムの
    // 提供事業者、X社のサーバーが不正アクセスを受け`): the incident is the customer's,
    // the provider a related party.
    let provider = operator.as_ref().filter(|o| {
        matches!(best.3, Reason::Operator | Reason::Locus)
            && (best.1, best.2) == (o.start, o.end)
            && served_by(doc, &entry_mentions, o)
    });
    let customer = provider.and_then(|o| {
        candidates
            .iter()
            .find(|c| {
                matches!(c.3, Reason::Author | Reason::Announcer)
                    && doc.key(&c.0) != doc.key(&o.name)
            })
            .cloned()
    });
    let best = customer.unwrap_or(best);
    let (name, start, end, reason, reason_span) = best;
    // A name read as a run of kanji and katakana may be the tail of a longer formed
    // name (公益財団法人みどり文化振興財団 read as 文化振興財団): take the whole.
    let (name, start, end) = match entry_mentions.iter().find(|m| {
        m.start <= start && end <= m.end && (m.start, m.end) != (start, end) && m.kind.is_name()
    }) {
        Some(m) => (m.name.clone(), m.start, m.end),
        None => (name, start, end),
    };
    let key = doc.key(&name);
    if key.is_empty() {
        return None;
    }
    // The fullest written form of the same name: 株式会社ニトムズ over ニトムズ.
    let display = entry_mentions
        .iter()
        .filter(|m| m.kind.is_name() && doc.key(&m.name) == key)
        .map(|m| m.name.clone())
        .max_by_key(|n| n.chars().count())
        .filter(|n| n.chars().count() >= name.chars().count())
        .unwrap_or(name);
    // `株式会社 東玉` as one word.
    let display = ["株式会社 ", "有限会社 ", "合同会社 "]
        .iter()
        .find(|f| display.starts_with(**f))
        .map_or(display.clone(), |f| display.replacen(f, f.trim_end(), 1));

    let mut p = Principal {
        name: display,
        key,
        start,
        end,
        reason,
        reason_span,
        parent: None,
        related: Vec::new(),
    };

    find_parties(
        doc,
        &mut p,
        lo,
        hi,
        &entry_mentions,
        operator.as_ref().is_some_and(|o| o.via_subsidiary) && reason != Reason::Sanctioned,
        announcer.or(author),
    );
    // The provider by its whole formed name (a run read as `データ株式会社` is the tail
    // of `みらいデータ株式会社`).
    let provider_name = provider.map(|o| {
        entry_mentions
            .iter()
            .find(|m| m.kind.is_name() && m.start <= o.start && o.end <= m.end)
            .map_or_else(|| o.name.clone(), |m| m.name.clone())
    });
    if let (Some(o), Some(name)) = (provider, provider_name)
        && p.key != doc.key(&name)
        && !p
            .related
            .iter()
            .any(|(r, _, _)| doc.key(&r.name) == doc.key(&name))
    {
        p.related.push((
            Related {
                name,
                role: PartyRole::Provider,
                parent: None,
            },
            o.start,
            o.end,
        ));
    }
    Some(p)
}

/// Words that make a named body the provider of a system or service its customer uses.
static SERVES_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"提供事業者|提供元|提供会社|提供する|システム会社|運用会社|運用事業者|ベンダー|委託先|委託して|委託する|利用している|利用する|導入している|契約している")
        .expect("pattern")
});

/// Whether the body `o` is said to provide something the entry's announcer uses:
/// a sentence that names it (by a formed name or its short name) speaks of it so.
fn served_by(doc: &Doc<'_>, mentions: &[&OrgMention], o: &Operator) -> bool {
    let text = doc.text();
    let key = doc.key(&o.name);
    mentions
        .iter()
        .filter(|m| doc.key(&m.name) == key || (m.start <= o.start && o.end <= m.end))
        .any(|m| {
            let k = doc.sentences.partition_point(|s| s.end <= m.start);
            doc.sentences.get(k).is_some_and(|s| {
                let before = &text[s.start..m.start.max(s.start)];
                SERVES_RE.is_match(before)
            })
        })
}

/// Staff a body's own people are called, after `Xの` and a few describing words.
static STAFF_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\([^()]{0,30}\))?の[^、。「」()]{0,14}?(?:社員|従業員|職員|教諭|教員|行員|店員|看護師|医師|薬剤師|担当者|元社員|元従業員|元職員|アルバイト|派遣社員)(?:が|は|ら)")
        .expect("pattern")
});

/// What a body did that let the data out, after `Xが`.
static ACT_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\([^()]{0,30}\))?が[^。]{0,40}?(?:誤送信|誤送付|誤って|送信|送付|発送|郵送|紛失|置き忘れ|廃棄|誤掲載|公開して)")
        .expect("pattern")
});

/// Words before a name that make it a contractor or a partner, not where it happened.
const CONTRACTOR_BEFORE: [&str; 6] = [
    "委託先",
    "委託業者",
    "委託事業者",
    "取引先",
    "協力会社",
    "外注先",
];

/// A named body whose own staff acted (`県立あさひ高校(あさひ市)の50代の教諭が`) or
/// that did what let the data out (`町立みなと小学校が…送信した一斉メールで`):
/// where it happened, whoever announces it. A contractor (`委託先のX`) is not.
fn acting_body(doc: &Doc<'_>, lo: usize, hi: usize) -> Option<Operator> {
    let text = doc.text();
    for m in doc.mentions_in(lo, hi) {
        if !m.kind.is_name() || is_public_body(&m.name) || is_office_of_body(&m.name) {
            continue;
        }
        let before = &text[floor_boundary(text, m.start.saturating_sub(12 * 3)).max(lo)..m.start];
        if CONTRACTOR_BEFORE.iter().any(|w| before.contains(w)) {
            continue;
        }
        let after = &text[m.end..hi];
        let found = STAFF_AFTER_RE
            .find(after)
            .or_else(|| ACT_AFTER_RE.find(after));
        if let Some(f) = found {
            return Some(Operator {
                name: m.name.clone(),
                start: m.start,
                end: m.end,
                via_subsidiary: false,
                reason: Reason::Locus,
                cue: (m.start, m.end + f.end()),
            });
        }
    }
    None
}

/// The organisation a breach sentence says it happened at, and how it says so.
#[derive(Debug, Clone)]
struct Operator {
    name: String,
    start: usize,
    end: usize,
    /// Named as a subsidiary (`子会社のXが運営する`): an announcer other than it is its parent.
    via_subsidiary: bool,
    reason: Reason,
    cue: (usize, usize),
}

/// Why an organisation was taken as the one where the incident happened, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// A regulator acted against it (`Xに対する行政処分`): its incident is the subject.
    Sanctioned,
    /// It runs the breached system or service (`Xが運営する…`, `…を運営するX`).
    Operator,
    /// It happened there, to its system or staff (`Xにおいて`, `Xのサーバに`).
    Locus,
    /// It announced the incident (`Xは…と発表した`).
    Announcer,
    /// The notice's letterhead names it.
    Author,
    /// An article's clause tells of its incident (`…を公表したX、`, `…に発覚したXの…`).
    Recounted,
    /// The headline leads with it.
    Headline,
    /// One of several organisations named as hit by one event.
    Listed,
    /// The first name with a legal form.
    FirstLegal,
    /// The first name with a public body's or a firm's ending.
    FirstBody,
}

impl Reason {
    fn weight(self) -> u32 {
        match self {
            Reason::Sanctioned => 12,
            Reason::Operator | Reason::Locus => 10,
            Reason::Announcer | Reason::Recounted => 6,
            Reason::Author => 5,
            Reason::Headline => 3,
            Reason::Listed => 3,
            Reason::FirstLegal => 1,
            Reason::FirstBody => 0,
        }
    }

    /// What the reason says, for the evidence of the organisation's role.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Reason::Sanctioned => "where it happened: the object of a regulator's action",
            Reason::Operator => "where it happened: runs the breached system or service",
            Reason::Locus => "where it happened: its system, site or staff",
            Reason::Announcer => "where it happened: announced it",
            Reason::Author => "where it happened: the notice's letterhead",
            Reason::Recounted => "where it happened: an article's clause tells of its incident",
            Reason::Headline => "where it happened: the headline names it",
            Reason::Listed => "where it happened: listed among those hit by the event",
            Reason::FirstLegal => "where it happened: the first company named",
            Reason::FirstBody => "where it happened: the first body named",
        }
    }
}

/// The firm a regulator's release acts against: `Xに対する行政処分`, `Xに対し…を命じました`
/// in a sentence or title that names the act. The regulator itself, the police and
/// anaphora are never the object.
fn sanctioned(
    doc: &Doc<'_>,
    lo: usize,
    hi: usize,
    mentions: &[&OrgMention],
) -> Option<(String, usize, usize, (usize, usize))> {
    let text = doc.text();
    for i in lo..hi {
        let line = doc.line_text(i);
        if !line.contains("に対") || !SANCTION_RE.is_match(line) {
            continue;
        }
        let base = doc.lines[i].start;
        for c in SANCTIONED_RE.captures_iter(line) {
            let Some(op) = c.name("op") else { continue };
            let (s, e) = (base + op.start(), base + op.end());
            // The act must follow in the same sentence.
            let rest = &line[c.get(0).map_or(0, |m| m.end())..];
            let sentence_rest = rest.split('。').next().unwrap_or(rest);
            if !SANCTION_RE.is_match(sentence_rest) {
                continue;
            }
            let Some(m) = mentions
                .iter()
                .find(|m| m.start <= s && e <= m.end && m.kind.is_name())
            else {
                continue;
            };
            let name = &text[m.start..m.end];
            if is_anaphor(name) || is_public_body(name) {
                continue;
            }
            let span = c
                .get(0)
                .map_or((s, e), |m| (base + m.start(), base + m.end()));
            return Some((name.to_owned(), m.start, m.end, span));
        }
    }
    None
}

/// An office of a prefecture or a city (`南海県中部福祉事務所`, `みなと市保健所`):
/// part of the body, which is where it happened.
fn is_office_of_body(name: &str) -> bool {
    static OFFICE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:都|道|府|県|市|区|町|村).+(?:事務所|出張所|支所|支庁|事業所|保健所|振興局|局|課|部|本部)$")
            .expect("pattern")
    });
    OFFICE_RE.is_match(name)
}

/// Ministries, agencies, commissions and the police: the bodies that act.
fn is_public_body(name: &str) -> bool {
    ["省", "庁", "委員会", "警察", "警視庁"]
        .iter()
        .any(|b| name.ends_with(b))
}
