//! From recognised facts to incidents.
//!
//! A document is read as a list of *entries* (a blog post or news roundup is
//! split on headings that name an organisation and an event; a press release
//! is one entry). In each entry:
//!
//! 1. the *principal* organisation is chosen: the one that runs the breached
//!    system (`Xが運営する…が不正アクセスを受け`), else the one that announced
//!    it (`Xは7/20、「…」を公表`), else the one the headline names;
//! 2. its lines are grouped into incident *drafts*: a section under a date
//!    heading (`2020年6月`) or a paragraph that opens another event
//!    (`2019年7月にも…`, `…という事故も起きていました`) starts a draft of its own,
//!    which folds back into the main one when it has the same cause and a
//!    shared date; every other line belongs to the main draft;
//! 3. each draft's facts are read from its sentences: cause by weighted cues,
//!    dates by the verb that governs them, counts, data kinds, loss, harm.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use leakwatch_model::{
    Cause, Channel, Count, DataKind, Evidence, Incident, PartialDate, PartyRole, Related,
    ResponseFact, ResponseKind, SourceType,
};
use regex::Regex;

use crate::analyzer::Analyzer;
use crate::date::{DateExpr, DateMention, Resolver, find_dates, sort_key};
use crate::facts;
use crate::normalize::Normalized;
use crate::org::{self, MentionKind, OrgMention, norm_key, plausible_name, run_before};
use crate::text::{Line, Sentence, structure};
use crate::vocab::{Role, VOCAB};

/// What the assembler needs besides the text.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Publication date.
    pub published: chrono::NaiveDate,
    /// Kind of document, if known.
    pub source_type: Option<SourceType>,
    /// Morphological analyzer, if one is loaded.
    pub analyzer: Option<&'a dyn Analyzer>,
}

const NAME: &str = r"[\p{Han}\p{Katakana}ー々・&A-Za-z0-9]+(?: [A-Za-z0-9]+)*";
/// A short-name note after a name: `(以下「ユニバ通販」)`, `(以下、「当該子会社」という。)`.
const ALIAS_NOTE: &str = r"(?:\((?:以下、?)?[「『][^」』()]{1,24}[」』](?:という。?)?\))?";

static PARENT_OF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<parent>{NAME})の(?:100%|完全)?(?:連結)?(?:子会社|グループ会社)(?:の|である|、)(?P<child>{NAME})"
    ))
    .expect("pattern")
});
static CHILD_IS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<child>{NAME})は、?(?P<parent>{NAME})の(?:100%|完全)?(?:連結)?子会社"
    ))
    .expect("pattern")
});
static SUBJECTLESS_CHILD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<parent>{NAME})(?:という会社|という企業)?の(?:100%|完全)?(?:連結)?子会社(?:です|として|であ|になり|となり)"
    ))
    .expect("pattern")
});
static PARENT_NAMED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"親会社(?:の|である)(?P<parent>{NAME})")).expect("pattern")
});
static OPERATOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<sub>(?:当社|同社)?(?:の)?(?:100%|完全)?(?:連結)?子会社(?:の|である))?(?P<op>{NAME}){ALIAS_NOTE}が(?:運営|管理|提供|運用|保有)(?:する|している)"
    ))
    .expect("pattern")
});
/// `当社の連結子会社であるX株式会社において、…不正アクセス`: where it happened.
static LOCATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<sub>(?:当社|同社)?(?:の)?(?:100%|完全)?(?:連結)?子会社(?:の|である))?(?P<op>{NAME}){ALIAS_NOTE}(?:において|における)")).expect("pattern")
});
/// What follows the end date of a range: `5日にかけて`, `31日までの間`.
static RANGE_END_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:頃|ごろ)?(?:にかけて|までの間|まで)").expect("pattern"));
/// What may follow a date whose clause is the whole sentence: `1/15、`, `4月9日夜、`.
static MAIN_SCOPE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(.\))?(?:夜|朝|未明|早朝|午前|午後|夕方|深夜|頃|ごろ)?(?:、| )")
        .expect("pattern")
});
static BREACH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"不正アクセス|不正ログイン|不正に|攻撃|侵入|改ざん|ランサムウェア|感染|暗号化|閲覧可能|閲覧できる|閲覧され|不具合|流出|漏えい|漏洩|フィッシング|なりすまし|誤送信|誤送付|紛失|盗難|持ち出").expect("pattern")
});
static RECIPIENT_ORG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})(?:に|へ)(?:漏洩|漏えい|流出|提供|転職|持ち出|開示|移籍)"
    ))
    .expect("pattern")
});
static CONTRACTOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:業務)?委託先(?:の(?P<n>{NAME})|(?P<generic>事業者|業者|企業|会社))?"
    ))
    .expect("pattern")
});
/// `保守は株式会社Xに委託しております`: a named contractor.
static CONTRACTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})に(?:[^。、]{{0,12}}を)?(?:業務)?委託し"
    ))
    .expect("pattern")
});
static PROVIDER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:提供|運営|開発|運用|構築)して(?:いる|いた)(?:のは|のが)(?P<n>{NAME})|(?P<m>{NAME})(?:が|の)(?:提供する|提供している)(?:システム|サービス|クラウド)"
    ))
    .expect("pattern")
});
static OWNER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})の(?:国内の)?(?:顧客|お客様|会員|取引先|利用者)"
    ))
    .expect("pattern")
});
static REPORT_NO_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第(\d{1,2})報|\((\d{1,2})\)」|続報").expect("pattern"));
static NEW_EVENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"遡ると|(?:年|月|日)にも|(?:事故|事案|不具合|トラブル|事件)も(?:起き|発生|あり)|過去にも|以前にも|別件").expect("pattern")
});
static EVENT_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"漏洩|漏えい|流出|不正アクセス|誤送信|誤送付|紛失|盗難|ランサムウェア|サイバー攻撃|被害|閲覧可能|誤表示").expect("pattern")
});
/// A heading over a list of data: `2 保存されていた情報`, `対象となる項目`, `■記載内容`.
static DATA_HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:情報|項目|内容|データ)(?:の(?:種類|範囲|内容|項目))?[:)】]?$").expect("pattern")
});
static LEAK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"漏洩|漏えい|流出|外部に出|映り込").expect("pattern"));
static OWN_SITE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ホームページ|ウェブサイト|Webサイト|WEBサイト|公式サイト|当社サイト|自社サイト")
        .expect("pattern")
});
static TIMELY_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"適時開示").expect("pattern"));
static HEDGE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"おそらく|と思われ|でしょう|かもしれ|推測").expect("pattern"));
static LOSS_TITLE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"特別損失|業績予想|業績への影響|損失の計上").expect("pattern"));
static PERIOD_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:頃|ごろ|中旬|下旬|上旬|末)?(?:、?\d{1,2}時(?:\d{1,2}分)?頃?)?(?:から|より|以降|~)",
    )
    .expect("pattern")
});
static DATE_ONLY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:19|20)\d{2}|令和\d{1,2}|平成\d{1,2})年(?:\d{1,2}月)?(?:\d{1,2}日)?$")
        .expect("pattern")
});

/// A date found in a sentence, resolved, with the role its clause gives it.
#[derive(Debug, Clone)]
struct DatedFact {
    start: usize,
    end: usize,
    date: PartialDate,
    role: Role,
    /// Reported to the PPC (a `Reported` role with the PPC named).
    to_ppc: bool,
    /// Starts a period (`4月以降`, `1月から`).
    period_start: bool,
    /// The clause names another organisation as its subject.
    other_subject: bool,
    /// The sentence quotes the title of a special-loss notice.
    loss_notice: bool,
    /// The sentence quotes a follow-up notice (第4報).
    follow_up: bool,
    /// The clause says an investigation was completed.
    investigation_done: bool,
    sentence: usize,
}

/// One document, normalised and structured.
struct Doc<'a> {
    original: &'a str,
    norm: &'a Normalized,
    lines: Vec<Line>,
    sentences: Vec<Sentence>,
    /// The sentences of each line, as an index range.
    line_sents: Vec<std::ops::Range<usize>>,
    /// Sorted by start, not overlapping.
    mentions: Vec<OrgMention>,
    /// Each sentence with its quoted titles blanked out.
    plain: Vec<String>,
    /// Cause cues of each sentence, found once.
    causes: Vec<Vec<facts::CauseFact>>,
    /// The organisation each heading line leads with, found once.
    headlines: Vec<Option<(usize, usize)>>,
    ctx: Context<'a>,
}

/// How far after a headline a name is looked for again.
const LOOKAHEAD: usize = 20_000;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Doc<'_> {
    fn text(&self) -> &str {
        &self.norm.text
    }

    fn evidence(
        &self,
        field: &str,
        value: impl Into<String>,
        start: usize,
        end: usize,
    ) -> Evidence {
        let (s, e) = self.norm.to_original(start, end);
        let s = s.min(self.original.len());
        let e = e.min(self.original.len()).max(s);
        Evidence {
            field: field.to_owned(),
            value: value.into(),
            start: s,
            end: e,
            text: self.original.get(s..e).unwrap_or_default().to_owned(),
        }
    }

    fn line_text(&self, i: usize) -> &str {
        &self.text()[self.lines[i].start..self.lines[i].end]
    }

    fn sentences_of_line(&self, i: usize) -> std::ops::Range<usize> {
        self.line_sents[i].clone()
    }

    /// Mentions that lie within `[lo, hi)`.
    fn mentions_in(&self, lo: usize, hi: usize) -> &[OrgMention] {
        let a = self.mentions.partition_point(|m| m.start < lo);
        let b = self.mentions.partition_point(|m| m.start < hi);
        let b = (a..b)
            .rev()
            .find(|&k| self.mentions[k].end <= hi)
            .map_or(a, |k| k + 1);
        &self.mentions[a..b.max(a)]
    }

    /// Whether `[s, e)` lies inside a name with a legal form or a public-body ending.
    fn formed(&self, s: usize, e: usize) -> bool {
        let k = self.mentions.partition_point(|m| m.start <= s);
        k > 0 && {
            let m = &self.mentions[k - 1];
            e <= m.end && matches!(m.kind, MentionKind::Legal | MentionKind::Suffix)
        }
    }
}

/// The organisation a headline leads with: `野村證券 顧客情報…` → 野村證券.
fn headline_org(doc: &Doc<'_>, line: usize) -> Option<(usize, usize)> {
    doc.headlines.get(line).copied().flatten()
}

fn find_headline_org(doc: &Doc<'_>, line: usize) -> Option<(usize, usize)> {
    let l = &doc.lines[line];
    let text = doc.text();
    let line_start = l.start + after_bullet(&text[l.start..l.end]);
    let body = &text[line_start..l.end];
    // A headline word is a name only if it has a name's form or the text names it again.
    let accept = |start: usize, end: usize| {
        let name = &text[start..end];
        if !plausible_name(name, doc.ctx.analyzer)
            || name.starts_with(|c: char| c.is_ascii_digit())
            || !find_dates(name).is_empty()
        {
            return false;
        }
        let has_form = org::find_mentions(name).iter().any(|m| {
            m.start == 0
                && m.end == name.len()
                && matches!(m.kind, MentionKind::Legal | MentionKind::Suffix)
        });
        has_form || text[l.end..floor_boundary(text, l.end + LOOKAHEAD)].contains(name)
    };
    // First chunk: up to a space that does not join two Latin words.
    let end = org::run_after(text, line_start);
    let chunk_end = body.find(' ').map_or(l.end, |p| line_start + p);
    if end > line_start {
        let (mut start, mut end) = (line_start, end);
        // 婚活アプリのネットマーケティング: the name follows the last の of the first chunk.
        let first_chunk = &text[line_start..chunk_end];
        if chunk_end < l.end
            && let Some(p) = first_chunk.rfind('の')
        {
            let s = line_start + p + 'の'.len_utf8();
            let e = org::run_after(text, s);
            if e > s {
                start = s;
                end = e;
            }
        }
        if accept(start, end) {
            return Some((start, end));
        }
    }
    // News style with the name last: `元社員が顧客情報を持ち出し 東光不動産`.
    let last = body.trim_end().rfind(' ').map(|p| line_start + p + 1)?;
    let end = org::run_after(text, last);
    (end > last && text[end..l.end].trim().is_empty() && accept(last, end)).then_some((last, end))
}

/// The author of a notice: a header line (near the top) that is nothing but an
/// organisation's name, or `会社名 X`.
fn author(doc: &Doc<'_>) -> Option<(usize, usize)> {
    let text = doc.text();
    // Only the header block: the lines before the first line of running text.
    for i in 0..doc.lines.len().min(8) {
        let l = &doc.lines[i];
        if !l.heading {
            break;
        }
        let line = text[l.start..l.end].trim();
        let line = line
            .strip_prefix("会社名")
            .map(str::trim_start)
            .unwrap_or(line);
        if let Some(m) = doc
            .mentions_in(l.start, l.end)
            .iter()
            .find(|m| matches!(m.kind, MentionKind::Legal | MentionKind::Suffix))
        {
            let name = &text[m.start..m.end];
            // The name alone, or the name and a department (海原県 環境農林部).
            let rest = line.strip_prefix(name).map(str::trim);
            if rest.is_some_and(|r| {
                r.is_empty()
                    || (r.chars().count() <= 16
                        && (r.ends_with('部')
                            || r.ends_with('課')
                            || r.ends_with('局')
                            || r.ends_with('室')))
            }) {
                return Some((m.start, m.end));
            }
        }
    }
    None
}

/// Whether the header block names the Personal Information Protection
/// Commission as the issuer: its release is about someone else's incident.
fn regulator_issued(doc: &Doc<'_>) -> bool {
    let text = doc.text();
    for l in doc.lines.iter().take(8) {
        if !l.heading {
            break;
        }
        let line = text[l.start..l.end].trim();
        if doc
            .mentions_in(l.start, l.end)
            .iter()
            .any(|m| m.kind == MentionKind::Regulator && line == m.name)
        {
            return true;
        }
    }
    false
}

/// A heading that is nothing but an organisation's name opens a section about it: its key.
fn bare_name_heading(doc: &Doc<'_>, line: usize) -> Option<String> {
    let (s, e) = headline_org(doc, line)?;
    let name = &doc.text()[s..e];
    (doc.line_text(line).trim() == name).then(|| norm_key(name))
}

/// The byte range of the organisation that is the topic (`Xは`) of a sentence.
fn topic_of(doc: &Doc<'_>, lo: usize, hi: usize) -> Option<(usize, usize)> {
    let text = doc.text();
    let s = &text[lo..hi];
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '「' | '(' => depth += 1,
            '」' | ')' => depth -= 1,
            'は' | 'も' if depth == 0 => {
                let mut at = lo + i;
                // 株式会社X(大阪市)は: the name stands before the bracket.
                if text[lo..at].ends_with(')')
                    && let Some(open) = text[lo..at].rfind('(')
                {
                    at = lo + open;
                }
                let start = run_before(text, at);
                if start < at {
                    let prev = text[lo..start].chars().next_back();
                    let name = &text[start..at];
                    let formed = doc.formed(start, at);
                    if (formed
                        || prev.is_none_or(|p| matches!(p, 'の' | '、' | '」' | ' ' | 'で' | '\n')))
                        && (plausible_name(name, doc.ctx.analyzer) || is_anaphor(name))
                    {
                        return Some((start, at));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether a sentence announces something (公表しました), not that it did not (公表せず).
fn announces(plain: &str) -> bool {
    const CUES: [&str; 6] = ["公表", "発表", "明らかに", "公開し", "掲載", "お知らせ"];
    const NEGATED: [&str; 7] = [
        "せず",
        "していな",
        "していません",
        "しない",
        "はおろか",
        "もしていな",
        "されていな",
    ];
    CUES.iter().any(|cue| {
        plain.match_indices(cue).any(|(i, _)| {
            let after: String = plain[i + cue.len()..].chars().take(8).collect();
            !NEGATED.iter().any(|n| after.contains(n))
        })
    })
}

fn is_anaphor(name: &str) -> bool {
    doc_anaphor_re().is_match(name)
}

fn doc_anaphor_re() -> &'static Regex {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:同|当|弊)(?:社|委員会|省|庁|機構|大学|法人|グループ|病院|協会|組合|財団|金庫|行|市|県|町|村|区|部|局|課)$|^本学$")
            .expect("pattern")
    });
    &RE
}

/// The first quoted title (`「…」`) between `from` and `to` in a sentence.
fn quoted_after(sentence: &str, from: usize, to: usize) -> Option<&str> {
    let region = sentence.get(from..to.max(from))?;
    let open = region.find('「')?;
    let body = &region[open + '「'.len_utf8()..];
    let close = body.find('」').unwrap_or(body.len());
    Some(&body[..close])
}

/// Text of a sentence with quoted titles blanked out (so their words give no roles).
fn unquoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '「' | '『' => {
                depth += 1;
                out.push(c);
            }
            '」' | '』' => {
                depth = (depth - 1).max(0);
                out.push(c);
            }
            _ if depth > 0 => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            _ => out.push(c),
        }
    }
    out
}

/// A name the entry calls its organisation, and where.
#[derive(Debug, Clone)]
struct Principal {
    name: String,
    key: String,
    start: usize,
    end: usize,
    how: &'static str,
    parent: Option<(String, usize, usize)>,
    related: Vec<(Related, usize, usize)>,
}

/// One draft incident: the sentences it is read from.
#[derive(Debug, Default)]
struct Draft {
    sentences: Vec<usize>,
    heading_date: Option<PartialDate>,
    opened_by: Option<(usize, usize)>,
}

pub fn assemble(original: &str, norm: &Normalized, ctx: Context<'_>) -> Vec<Incident> {
    let (lines, sentences) = structure(&norm.text);
    if lines.is_empty() {
        return Vec::new();
    }
    let mentions = org::find_mentions(&norm.text);
    let mut line_sents = vec![0..0; lines.len()];
    let mut k = 0;
    for (i, r) in line_sents.iter_mut().enumerate() {
        let start = k;
        while k < sentences.len() && sentences[k].line == i {
            k += 1;
        }
        *r = start..k;
    }
    let plain = sentences
        .iter()
        .map(|s| unquoted(&norm.text[s.start..s.end]))
        .collect();
    let causes = sentences
        .iter()
        .map(|s| facts::find_causes(&norm.text, s.start, s.end))
        .collect();
    let mut doc = Doc {
        original,
        norm,
        lines,
        sentences,
        line_sents,
        mentions,
        plain,
        causes,
        headlines: Vec::new(),
        ctx,
    };
    doc.headlines = (0..doc.lines.len())
        .map(|i| {
            if doc.lines[i].heading {
                find_headline_org(&doc, i)
            } else {
                None
            }
        })
        .collect();
    let mut out = Vec::new();
    for (lo, hi) in entries(&doc) {
        out.extend(read_entry(&doc, lo, hi));
    }
    out
}

/// Splits the lines into entries: `[lo, hi)` line ranges.
fn entries(doc: &Doc<'_>) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    // A heading opens a new entry only after running text: the title under a
    // notice's header block (date, author) belongs to the first entry.
    let mut body_seen = false;
    for i in 1..doc.lines.len() {
        if !doc.lines[i].heading {
            body_seen |= !doc.line_text(i).trim().is_empty();
            continue;
        }
        if !body_seen {
            continue;
        }
        let line = doc.line_text(i);
        let event = EVENT_WORD_RE.is_match(line);
        let opens = match headline_org(doc, i) {
            Some((s, e)) => {
                let name = &doc.text()[s..e];
                // A bare name heads a section about that organisation, not a new entry.
                line.trim() != name
                    && (event
                        || (i + 1 < doc.lines.len() && {
                            let next = doc.line_text(i + 1);
                            next.find(name)
                                .is_some_and(|p| next[..p].chars().count() <= 12)
                        }))
            }
            // A round-up's item: a bulleted headline about a leak whose first
            // sentence opens with an organisation (■ 財団職員のアカウントが… / 公益財団法人…は).
            None => event && is_bulleted(line) && next_opens_with_org(doc, i),
        };
        if opens {
            starts.push(i);
            body_seen = false;
        }
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(doc.lines.len());
        out.push((s, e));
    }
    out
}

/// Marks that open the items of a list: ■ ● ◆ ▼ ★ 【 and their hollow forms.
const BULLETS: [char; 14] = [
    '■', '□', '●', '○', '◆', '◇', '▼', '▽', '▲', '△', '★', '☆', '◎', '【',
];

fn is_bulleted(line: &str) -> bool {
    line.trim_start().starts_with(BULLETS)
}

/// Where a headline's words begin: after its bullet and the spaces around it.
fn after_bullet(line: &str) -> usize {
    let t = line.trim_start_matches([' ', '\t']);
    let t = t.strip_prefix(BULLETS).unwrap_or(t);
    let t = t.trim_start_matches([' ', '\t']);
    line.len() - t.len()
}

/// Whether the line after `line` opens with a named organisation (a legal form or a
/// public body within its first few characters).
fn next_opens_with_org(doc: &Doc<'_>, line: usize) -> bool {
    let Some(next) = doc.lines.get(line + 1) else {
        return false;
    };
    doc.mentions_in(next.start, next.end).iter().any(|m| {
        matches!(m.kind, MentionKind::Legal | MentionKind::Suffix)
            && doc.text()[next.start..m.start].chars().count() <= 4
    })
}

fn read_entry(doc: &Doc<'_>, lo: usize, hi: usize) -> Vec<Incident> {
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

    // Dates, resolved in reading order.
    let mut resolver = Resolver::new(doc.ctx.published);
    let mut section_year: Option<i32> = None;
    let mut dated: Vec<DatedFact> = Vec::new();
    let mut heading_dates: HashMap<usize, PartialDate> = HashMap::new();
    for i in lo..hi {
        let line = doc.line_text(i);
        if doc.lines[i].heading && DATE_ONLY_RE.is_match(line.trim()) {
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
        for k in doc.sentences_of_line(i) {
            read_dates(doc, k, &mut resolver, &principal, &mut dated);
        }
    }

    // Drafts.
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
        let line_sentences: Vec<usize> = doc.sentences_of_line(i).collect();
        let line = doc.line_text(i);
        let has_cue = line_sentences
            .iter()
            .any(|&k| doc.causes[k].iter().any(|c| c.weight > 0));
        let target = match NEW_EVENT_RE.find(line) {
            Some(m) if has_cue && i > lo => {
                drafts.push(Draft {
                    opened_by: Some((doc.lines[i].start + m.start(), doc.lines[i].start + m.end())),
                    ..Draft::default()
                });
                drafts.len() - 1
            }
            _ => section.unwrap_or(0),
        };
        drafts[target].sentences.extend(line_sentences);
    }

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
        .filter(|f| f.role != Role::None && !f.other_subject)
    {
        if let Some(&k) = draft_of.get(&f.sentence) {
            dates_of[k].push(f.date);
        }
    }
    let main_dates = dates_of[0].clone();
    let main_days: std::collections::HashSet<PartialDate> = main_dates.iter().copied().collect();
    // Fold drafts into the main one: no cause of their own, or the same cause on a shared date.
    let mut owner: Vec<usize> = (0..drafts.len()).collect();
    for k in 1..drafts.len() {
        let same_cause = causes[k].map(|c| c.0) == causes[0].map(|c| c.0);
        let dates = &dates_of[k];
        // A day of the draft that the main draft names too, or that a month of it contains.
        let shared = dates.iter().filter(|d| d.day.is_some()).any(|d| {
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
            let target: &mut Draft = &mut merged[m];
            target.sentences.extend(d.sentences);
        } else {
            index_of.insert(k, merged.len());
            merged.push(d);
        }
    }

    let report_number = REPORT_NO_RE.captures(&text[t_lo..t_hi]).map(|c| {
        c.get(1)
            .or(c.get(2))
            .and_then(|m| m.as_str().parse::<u32>().ok())
            .unwrap_or(2)
    });
    // Each draft's dates, in one pass.
    let mut merged_of: HashMap<usize, usize> = HashMap::new();
    for (k, d) in merged.iter().enumerate() {
        for &s in &d.sentences {
            merged_of.insert(s, k);
        }
    }
    let mut dated_of: Vec<Vec<&DatedFact>> = vec![Vec::new(); merged.len()];
    for f in dated.iter().filter(|f| !f.other_subject) {
        if let Some(&k) = merged_of.get(&f.sentence) {
            dated_of[k].push(f);
        }
    }
    let mut incidents = Vec::new();
    for (k, draft) in merged.iter().enumerate() {
        if incidents.len() > crate::MAX_INCIDENTS {
            break;
        }
        if let Some(inc) = build_incident(
            doc,
            &principal,
            draft,
            k == 0,
            &dated_of[k],
            report_number,
            lo,
            hi,
            &topic,
        ) {
            incidents.push(inc);
        }
    }
    incidents
}

fn read_dates(
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
        let dated_reference = after_date.starts_with('付')
            && !window.contains("で公表")
            && !window.contains("にて公表");
        let mut role = Role::None;
        let mut cue_at = None;
        for (cs, _, r) in VOCAB.roles.find_iter(window) {
            role = *r;
            cue_at = Some(cs);
            // The end of a range (5日にかけて発生し) takes the verb of the range.
            if range_end {
                break;
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
        let investigation_done = window.contains("完了") && sentence.contains("調査");
        let period_start = PERIOD_START_RE.is_match(after_date);
        // Whose act is it? The topic of the clause before the date, if it names someone else.
        let other_subject = topic_of(doc, s.start, s.start + m.start).is_some_and(|(ts, te)| {
            let name = &text[ts..te];
            let named_org = doc.formed(ts, te)
                || principal
                    .related
                    .iter()
                    .any(|(r, _, _)| norm_key(&r.name) == norm_key(name));
            if !named_org && !is_anaphor(name) {
                return false;
            }
            let key = if is_anaphor(name) {
                resolve_anaphor(doc, ts).map(|n| norm_key(&n))
            } else {
                Some(norm_key(name))
            };
            key.is_some_and(|key| {
                key != principal.key
                    && !principal.key.contains(&key)
                    && !key.contains(&principal.key)
            })
        });
        out.push(DatedFact {
            start: s.start + m.start,
            end: s.start + m.end,
            date,
            role,
            to_ppc,
            period_start,
            other_subject,
            loss_notice,
            follow_up,
            investigation_done,
            sentence: k,
        });
    }
}

/// The organisation an anaphor at `at` refers to: the nearest named organisation before it.
fn resolve_anaphor(doc: &Doc<'_>, at: usize) -> Option<String> {
    let text = doc.text();
    // 当社, 弊社, 当協会: the author of the notice.
    if text[at..].starts_with(['当', '弊', '本'])
        && let Some((s, e)) = author(doc)
    {
        return Some(text[s..e].to_owned());
    }
    // Named mentions, plus names in topic position, before `at`.
    let mut best: Option<(usize, String)> = None;
    let before = doc.mentions.partition_point(|m| m.end <= at);
    if let Some(m) = doc.mentions[..before]
        .iter()
        .rev()
        .find(|m| matches!(m.kind, MentionKind::Legal | MentionKind::Suffix))
    {
        best = Some((m.start, m.name.clone()));
    }
    // Names in topic position in the sentences just before (a bounded look-back).
    let k = doc.sentences.partition_point(|s| s.start < at);
    for s in &doc.sentences[k.saturating_sub(40)..k] {
        let hi = s.end.min(at);
        if let Some((ts, te)) = topic_of(doc, s.start, hi)
            && !is_anaphor(&text[ts..te])
            && best.as_ref().is_none_or(|(b, _)| ts > *b)
        {
            best = Some((ts, text[ts..te].to_owned()));
        }
        // 提供しているのはトレードワークス: a name after のは.
        if let Some(c) = PROVIDER_RE.captures(&text[s.start..hi])
            && let Some(n) = c.name("n")
            && best.as_ref().is_none_or(|(b, _)| s.start + n.start() > *b)
        {
            best = Some((s.start + n.start(), n.as_str().to_owned()));
        }
    }
    best.map(|(_, n)| n)
}

fn choose_principal(doc: &Doc<'_>, lo: usize, hi: usize, sentences: &[usize]) -> Option<Principal> {
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
            && text[te..].starts_with('は')
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
    let mut operator: Option<(String, usize, usize, bool)> = None;
    for &k in sentences {
        let s = &doc.sentences[k];
        let sentence = &text[s.start..s.end];
        if doc.lines[s.line].heading || !BREACH_RE.is_match(sentence) {
            continue;
        }
        let locative = LOCATIVE_RE.captures(sentence).filter(|c| {
            // Only a formed name is a place where something happened: not 案内メールにおいて.
            c.name("op").is_some_and(|op| {
                let (os, oe) = (s.start + op.start(), s.start + op.end());
                doc.formed(os, oe)
            })
        });
        if let Some(c) = OPERATOR_RE.captures(sentence).or(locative) {
            let Some(op) = c.name("op") else { continue };
            let mut name = op.as_str().to_owned();
            let (os, oe) = (s.start + op.start(), s.start + op.end());
            // 同社が運営する / 子会社のキャンディルデザインが運営する
            let name_trim = name.trim_start_matches("子会社の").to_owned();
            if is_anaphor(&name_trim) {
                match resolve_anaphor(doc, os) {
                    Some(n) => name = n,
                    None => continue,
                }
            } else if !plausible_name(&name, analyzer) {
                continue;
            }
            operator = Some((name, os, oe, c.name("sub").is_some()));
            break;
        }
    }

    let announcer_name = announcer.map(|(s, e)| text[s..e].to_owned());
    let (name, start, end, how) = if let Some((n, s, e, _)) = &operator {
        (n.clone(), *s, *e, "operator")
    } else if let (Some(n), Some((s, e))) = (&announcer_name, announcer) {
        (n.clone(), s, e, "announcer")
    } else if let Some((s, e)) = author {
        (text[s..e].to_owned(), s, e, "author")
    } else if let Some((s, e)) = headline {
        (text[s..e].to_owned(), s, e, "headline")
    } else if let Some(m) = entry_mentions.iter().find(|m| m.kind == MentionKind::Legal) {
        (m.name.clone(), m.start, m.end, "legal form")
    } else if let Some(m) = entry_mentions
        .iter()
        .find(|m| m.kind == MentionKind::Suffix)
    {
        (m.name.clone(), m.start, m.end, "public body")
    } else {
        return None;
    };
    // A name read as a run of kanji and katakana may be the tail of a longer formed
    // name (公益財団法人みどり文化振興財団 read as 文化振興財団): take the whole.
    let (name, start, end) = match entry_mentions.iter().find(|m| {
        m.start <= start
            && end <= m.end
            && (m.start, m.end) != (start, end)
            && matches!(m.kind, MentionKind::Legal | MentionKind::Suffix)
    }) {
        Some(m) => (m.name.clone(), m.start, m.end),
        None => (name, start, end),
    };
    let key = norm_key(&name);
    if key.is_empty() {
        return None;
    }
    // The fullest written form of the same name: 株式会社ニトムズ over ニトムズ.
    let display = entry_mentions
        .iter()
        .filter(|m| {
            matches!(m.kind, MentionKind::Legal | MentionKind::Suffix) && norm_key(&m.name) == key
        })
        .map(|m| m.name.clone())
        .max_by_key(|n| n.chars().count())
        .filter(|n| n.chars().count() > name.chars().count())
        .unwrap_or(name);

    let mut p = Principal {
        name: display,
        key,
        start,
        end,
        how,
        parent: None,
        related: Vec::new(),
    };

    // Parent and related organisations.
    let entry_text_lo = doc.lines[lo].start;
    let entry_text = &text[entry_text_lo..doc.lines[hi - 1].end];
    let same = |a: &str, key: &str| {
        let k = norm_key(a);
        !k.is_empty()
            && (k == key || k.ends_with(key) && k.chars().count() <= key.chars().count() + 4)
    };
    for (base, c) in line_captures(&PARENT_OF_RE, &["子会社", "グループ会社"], doc, lo, hi)
    {
        if let (Some(par), Some(child)) = (c.name("parent"), c.name("child"))
            && same(child.as_str(), &p.key)
            && p.parent.is_none()
        {
            let (ps, pe) = (base + par.start(), base + par.end());
            // 当社の連結子会社である…: the parent is the notice's author.
            let parent = if is_anaphor(par.as_str()) {
                resolve_anaphor(doc, ps)
            } else {
                Some(par.as_str().to_owned())
            };
            if let Some(parent) = parent.filter(|n| plausible_name(n, None) && norm_key(n) != p.key)
            {
                p.parent = Some((parent, ps, pe));
            }
        }
    }
    for (base, c) in line_captures(&CHILD_IS_RE, &["子会社"], doc, lo, hi) {
        if let (Some(par), Some(child)) = (c.name("parent"), c.name("child"))
            && same(child.as_str(), &p.key)
            && plausible_name(par.as_str(), None)
            && p.parent.is_none()
        {
            p.parent = Some((
                par.as_str().to_owned(),
                base + par.start(),
                base + par.end(),
            ));
        }
    }
    if let Some((_, _, _, true)) = &operator
        && let Some((s, e)) = announcer
        && norm_key(&text[s..e]) != p.key
    {
        let an = text[s..e].to_owned();
        p.parent.get_or_insert((an.clone(), s, e));
        p.related.push((
            Related {
                name: an,
                role: PartyRole::Parent,
                parent: None,
            },
            s,
            e,
        ));
    }
    // Sentences about the principal without a subject: `…ベクトルという会社の子会社です`, `親会社の日東電工`.
    let mut topic = p.key.clone();
    for i in lo..hi {
        let line = doc.line_text(i);
        if doc.lines[i].heading && i > lo {
            topic = bare_name_heading(doc, i).unwrap_or_else(|| p.key.clone());
            continue;
        }
        // Both patterns need 子会社 or 親会社: skip the regex engines on every other line.
        if !line.contains("会社") {
            continue;
        }
        let ls = doc.lines[i].start;
        let candidates = SUBJECTLESS_CHILD_RE
            .captures_iter(line)
            .filter_map(|c| c.name("parent").map(|m| (m, None)))
            .chain(
                PARENT_NAMED_RE
                    .captures_iter(line)
                    .filter_map(|c| c.name("parent").map(|m| (m, analyzer))),
            );
        for (par, check) in candidates {
            let name = par.as_str();
            if !plausible_name(name, check) || norm_key(name) == topic {
                continue;
            }
            // The sentence must not name its own subject (Xは…の子会社 is handled above).
            let (abs_s, abs_e) = (ls + par.start(), ls + par.end());
            if topic == p.key {
                if p.parent.is_none() {
                    p.parent = Some((name.to_owned(), abs_s, abs_e));
                }
            } else if let Some(r) = p
                .related
                .iter_mut()
                .find(|(r, _, _)| norm_key(&r.name) == topic)
            {
                r.0.parent.get_or_insert(name.to_owned());
            } else {
                p.related.push((
                    Related {
                        name: topic.clone(),
                        role: PartyRole::Related,
                        parent: Some(name.to_owned()),
                    },
                    abs_s,
                    abs_e,
                ));
            }
        }
    }
    let add_related = |p: &mut Principal, name: &str, role: PartyRole, s: usize, e: usize| {
        let key = norm_key(name);
        if key.is_empty()
            || key == p.key
            || p.parent
                .as_ref()
                .is_some_and(|(n, _, _)| norm_key(n) == key)
        {
            return;
        }
        if let Some(r) = p
            .related
            .iter_mut()
            .find(|(r, _, _)| norm_key(&r.name) == key)
        {
            if r.0.role == PartyRole::Related {
                r.0.role = role;
                r.0.name = name.to_owned();
            }
            return;
        }
        p.related.push((
            Related {
                name: name.to_owned(),
                role,
                parent: None,
            },
            s,
            e,
        ));
    };
    for (base, c) in line_captures(
        &RECIPIENT_ORG_RE,
        &[
            "漏洩",
            "漏えい",
            "流出",
            "提供",
            "転職",
            "持ち出",
            "開示",
            "移籍",
        ],
        doc,
        lo,
        hi,
    ) {
        if let Some(n) = c.name("n")
            && plausible_name(n.as_str(), analyzer)
            && (org::find_mentions(n.as_str())
                .iter()
                .any(|m| matches!(m.kind, MentionKind::Legal | MentionKind::Suffix)))
        {
            add_related(
                &mut p,
                n.as_str(),
                PartyRole::Recipient,
                base + n.start(),
                base + n.end(),
            );
        }
    }
    for (base, c) in line_captures(
        &PROVIDER_RE,
        &["提供", "運営", "開発", "運用", "構築"],
        doc,
        lo,
        hi,
    ) {
        if let Some(n) = c.name("n").or(c.name("m"))
            && plausible_name(n.as_str(), analyzer)
            && !is_anaphor(n.as_str())
        {
            add_related(
                &mut p,
                n.as_str(),
                PartyRole::Provider,
                base + n.start(),
                base + n.end(),
            );
        }
    }
    for (base, c) in line_captures(&CONTRACTOR_RE, &["委託先"], doc, lo, hi) {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let name = c
            .name("n")
            .map_or_else(|| whole.to_owned(), |n| n.as_str().to_owned());
        if c.name("n").is_some() || c.name("generic").is_some() {
            add_related(&mut p, &name, PartyRole::Contractor, base + m.0, base + m.1);
        }
    }
    for (base, c) in line_captures(&CONTRACTED_RE, &["委託し"], doc, lo, hi) {
        if let Some(n) = c.name("n") {
            let abs = (base + n.start(), base + n.end());
            let formed = entry_mentions.iter().any(|m| {
                m.start <= abs.0 && abs.1 <= m.end && matches!(m.kind, MentionKind::Legal)
            });
            if formed {
                add_related(&mut p, n.as_str(), PartyRole::Contractor, abs.0, abs.1);
            }
        }
    }
    let subsidiary_context = entry_text.contains("子会社");
    for (base, c) in line_captures(
        &OWNER_RE,
        &["顧客", "お客様", "会員", "取引先", "利用者"],
        doc,
        lo,
        hi,
    ) {
        if let Some(n) = c.name("n") {
            let abs = (base + n.start(), base + n.end());
            let is_org = entry_mentions.iter().any(|m| {
                m.start <= abs.0 && abs.1 <= m.end && matches!(m.kind, MentionKind::Legal)
            });
            if !is_org || norm_key(n.as_str()) == p.key {
                continue;
            }
            let subsidiary = subsidiary_context && norm_key(n.as_str()).starts_with(&p.key);
            let before = p.related.len();
            add_related(
                &mut p,
                n.as_str(),
                if subsidiary {
                    PartyRole::Subsidiary
                } else {
                    PartyRole::Customer
                },
                abs.0,
                abs.1,
            );
            if subsidiary
                && p.related.len() > before
                && let Some(last) = p.related.last_mut()
            {
                last.0.parent = Some(p.name.clone());
            }
        }
    }
    Some(p)
}

/// Captures of a pattern line by line over `[lo, hi)`, with each line's start offset,
/// running the regex only on lines holding one of its literal words. The patterns never
/// span a line break, so this finds what a run over the whole entry would.
fn line_captures<'t>(
    re: &Regex,
    needles: &[&str],
    doc: &'t Doc<'_>,
    lo: usize,
    hi: usize,
) -> Vec<(usize, regex::Captures<'t>)> {
    (lo..hi)
        .filter(|&i| {
            let line = doc.line_text(i);
            needles.iter().any(|n| line.contains(n))
        })
        .flat_map(|i| {
            re.captures_iter(doc.line_text(i))
                .map(move |c| (doc.lines[i].start, c))
        })
        .collect()
}

/// The cause of a set of sentences: the class with the highest cue weight.
fn decide_cause(doc: &Doc<'_>, sentences: &[usize]) -> Option<(Cause, f32, Vec<facts::CauseFact>)> {
    let mut score: BTreeMap<Cause, u32> = BTreeMap::new();
    let mut cues = Vec::new();
    for &k in sentences {
        for c in &doc.causes[k] {
            *score.entry(c.cause).or_default() += c.weight;
            cues.push(c.clone());
        }
    }
    let total: u32 = score.values().sum();
    // Ties go to the more specific class: the order of Cause::ALL puts them first.
    let (cause, best) = Cause::ALL
        .iter()
        .filter_map(|c| score.get(c).map(|s| (*c, *s)))
        .max_by(|a, b| {
            a.1.cmp(&b.1).then_with(|| {
                let pa = Cause::ALL.iter().position(|x| *x == a.0);
                let pb = Cause::ALL.iter().position(|x| *x == b.0);
                pb.cmp(&pa)
            })
        })?;
    if best == 0 {
        return None;
    }
    let conf = best as f32 / total.max(1) as f32;
    cues.retain(|c| c.cause == cause);
    Some((cause, conf, cues))
}

#[allow(clippy::too_many_arguments)]
fn build_incident(
    doc: &Doc<'_>,
    p: &Principal,
    draft: &Draft,
    is_main: bool,
    mine: &[&DatedFact],
    report_number: Option<u32>,
    lo: usize,
    hi: usize,
    topic: &[String],
) -> Option<Incident> {
    let text = doc.text();
    let cause = decide_cause(doc, &draft.sentences);
    let mut inc = Incident {
        organization: p.name.clone(),
        ..Incident::default()
    };
    let mut ev: Vec<Evidence> = Vec::new();
    ev.push(doc.evidence("organization", &p.name, p.start, p.end));
    inc.confidence.insert(
        "organization".into(),
        if p.how == "headline" { 0.6 } else { 0.9 },
    );

    if let Some((c, conf, cues)) = &cause {
        inc.cause = Some(*c);
        inc.confidence
            .insert("cause".into(), (*conf * 100.0).round() / 100.0);
        let mut details = BTreeSet::new();
        for cue in cues {
            if let Some(d) = &cue.detail {
                details.insert(d.clone());
            }
        }
        if let Some(first) = cues.iter().find(|c| c.weight > 0) {
            ev.push(doc.evidence("cause", c.as_str(), first.start, first.end));
        }
        inc.cause_detail = details.into_iter().collect();
    } else if !is_main {
        return None;
    } else if draft.sentences.iter().any(|&k| {
        let s = &doc.sentences[k];
        LEAK_RE.is_match(&text[s.start..s.end])
    }) {
        // Data leaked, and nothing says how: the gold format's `other`.
        inc.cause = Some(Cause::Other);
        inc.confidence.insert("cause".into(), 0.3);
    }

    // Which line each sentence is on, and whether it is about the principal.
    let about_principal = |k: usize| {
        let line = doc.sentences[k].line;
        line < lo || line >= hi || topic.get(line - lo).is_none_or(|t| *t == p.key)
    };

    // Counts, data kinds, loss, harm, responses.
    let mut counts: BTreeSet<(u64, String)> = BTreeSet::new();
    let mut data: BTreeSet<DataKind> = BTreeSet::new();
    let mut responses: BTreeMap<ResponseKind, Option<PartialDate>> = BTreeMap::new();
    let mut channel: BTreeSet<Channel> = BTreeSet::new();
    for &k in &draft.sentences {
        let s = &doc.sentences[k];
        let line_heading_before =
            (doc.sentences[k].line > lo) && doc.lines[doc.sentences[k].line - 1].heading && {
                let h = doc.line_text(doc.sentences[k].line - 1);
                EVENT_WORD_RE.is_match(h) || DATA_HEADING_RE.is_match(h.trim_end())
            };
        for c in facts::find_counts(text, s.start, s.end)
            .into_iter()
            .filter(|c| c.affected)
        {
            if counts.insert((c.value, c.unit.clone())) {
                ev.push(doc.evidence("counts", format!("{}{}", c.value, c.unit), c.start, c.end));
            }
        }
        for d in facts::find_data(text, s.start, s.end, line_heading_before) {
            if data.insert(d.kind) {
                ev.push(doc.evidence("data", d.kind.as_str(), d.start, d.end));
            }
        }
        if inc.loss_jpy.is_none()
            && let Some(m) = facts::find_losses(text, s.start, s.end).into_iter().next()
        {
            inc.loss_jpy = Some(m.yen);
            ev.push(doc.evidence("loss_jpy", m.yen.to_string(), m.start, m.end));
        }
        if !inc.secondary_damage
            && about_principal(k)
            && let Some((ms, me)) = facts::find_misuse(text, s.start, s.end)
        {
            inc.secondary_damage = true;
            ev.push(doc.evidence("secondary_damage", "true", ms, me));
        }
        if about_principal(k) {
            for r in facts::find_responses(text, s.start, s.end) {
                responses.entry(r.kind).or_insert_with(|| {
                    ev.push(doc.evidence("responses", r.kind.as_str(), r.start, r.end));
                    None
                });
            }
        }
        let sentence = &text[s.start..s.end];
        let plain = doc.plain[k].as_str();
        if (plain.contains("公表") || plain.contains("掲載") || plain.contains("公開"))
            && OWN_SITE_RE.is_match(plain)
        {
            channel.insert(Channel::OwnWebsite);
        }
        if let Some(m) = TIMELY_RE.find(sentence) {
            let after: String = sentence[m.end()..].chars().take(12).collect();
            if ![
                "されて",
                "はおろか",
                "していません",
                "はありません",
                "はなく",
                "せず",
            ]
            .iter()
            .any(|n| after.contains(n))
            {
                channel.insert(Channel::TimelyDisclosure);
            }
        }
    }
    inc.counts = counts
        .into_iter()
        .map(|(value, unit)| Count { value, unit })
        .collect();
    inc.data = data.into_iter().collect();

    // Dates of this draft.
    let pick = |role: Role, extra: &dyn Fn(&DatedFact) -> bool| -> Option<&DatedFact> {
        let cands: Vec<&&DatedFact> = mine.iter().filter(|f| f.role == role && extra(f)).collect();
        // A month that contains a stated day gives way to the day.
        let cands: Vec<&&DatedFact> = cands
            .iter()
            .filter(|f| {
                f.date.day.is_some()
                    || !cands
                        .iter()
                        .any(|g| g.date.day.is_some() && f.date.contains(&g.date))
            })
            .copied()
            .collect();
        cands.into_iter().min_by_key(|f| sort_key(&f.date)).copied()
    };
    let mut set_date = |field: &str, f: Option<&DatedFact>, conf: f32| -> Option<PartialDate> {
        let f = f?;
        ev.push(doc.evidence(field, f.date.to_string(), f.start, f.end));
        inc.confidence.insert(field.to_owned(), conf);
        Some(f.date)
    };
    let occurred_explicit = pick(Role::Occurred, &|_| true);
    let occurred_period = mine
        .iter()
        .filter(|f| f.period_start && f.role != Role::Disclosed && f.role != Role::Detected)
        .min_by_key(|f| sort_key(&f.date))
        .copied();
    let occurred = match (occurred_explicit, occurred_period) {
        (Some(a), Some(b)) => Some(if sort_key(&b.date) < sort_key(&a.date) {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    };
    inc.occurred = set_date("occurred", occurred, 0.8);
    inc.detected = set_date("detected", pick(Role::Detected, &|_| true), 0.8);
    inc.identified = set_date("identified", pick(Role::Identified, &|_| true), 0.8);
    inc.regulator_reported = set_date(
        "regulator_reported",
        pick(Role::Reported, &|f| f.to_ppc),
        0.9,
    );
    let disclosed = pick(Role::Disclosed, &|f| !f.loss_notice && !f.follow_up);
    inc.disclosed = set_date("disclosed", disclosed, 0.8);
    if inc.regulator_reported.is_some() {
        responses.insert(ResponseKind::RegulatorReport, inc.regulator_reported);
    }
    for f in mine {
        if f.investigation_done {
            responses.insert(ResponseKind::ForensicInvestigation, Some(f.date));
        }
    }
    // A first notice by the organisation (or its parent) discloses the incident on its own date:
    // the dated header of a notice, or the publication date of a press release.
    let notice_author = author(doc);
    let own_notice = notice_author.is_some_and(|(s, e)| {
        let a = norm_key(&text[s..e]);
        a == p.key || p.parent.as_ref().is_some_and(|(n, _, _)| norm_key(n) == a)
    });
    // A notice whose author is someone else (a regulator's release about a
    // firm) is not the organisation's own disclosure.
    let someone_elses = (notice_author.is_some() && !own_notice) || regulator_issued(doc);
    let notice_type = matches!(
        doc.ctx.source_type,
        Some(SourceType::PressRelease | SourceType::TimelyDisclosure | SourceType::Regulator)
    );
    if is_main
        && inc.disclosed.is_none()
        && report_number.is_none_or(|n| n <= 1)
        && (own_notice || (notice_type && !someone_elses))
        && !mine.iter().any(|f| f.loss_notice)
    {
        let date = header_date(doc).or_else(|| {
            notice_type.then(|| {
                let d = doc.ctx.published;
                PartialDate::ymd(
                    chrono::Datelike::year(&d),
                    chrono::Datelike::month(&d),
                    chrono::Datelike::day(&d),
                )
            })
        });
        if let Some(d) = date {
            inc.disclosed = Some(d);
            inc.confidence.insert("disclosed".into(), 0.6);
            if let Some((s, e)) = header_line(doc) {
                ev.push(doc.evidence("disclosed", d.to_string(), s, e));
            }
        }
    }
    if let Some(st) = doc.ctx.source_type {
        channel.insert(match st {
            SourceType::PressRelease => Channel::PressRelease,
            SourceType::TimelyDisclosure => Channel::TimelyDisclosure,
            SourceType::News => Channel::News,
            SourceType::Blog => Channel::Blog,
            SourceType::Regulator => Channel::RegulatorRelease,
        });
    }
    inc.responses = responses
        .into_iter()
        .map(|(kind, date)| ResponseFact { kind, date })
        .collect();
    inc.channel = channel.into_iter().collect();
    if is_main {
        inc.report_number = report_number.filter(|n| *n > 1);
    }

    if is_main {
        if let Some((name, s, e)) = &p.parent {
            inc.parent = Some(name.clone());
            ev.push(doc.evidence("parent", name, *s, *e));
        }
        for (r, s, e) in &p.related {
            ev.push(doc.evidence(
                "related",
                format!("{} ({})", r.name, r.role.as_str()),
                *s,
                *e,
            ));
            inc.related.push(r.clone());
        }
    } else {
        inc.parent = p.parent.as_ref().map(|(n, _, _)| n.clone());
        if let Some((s, e)) = draft.opened_by {
            ev.push(doc.evidence("segment", "another event", s, e));
        }
    }
    inc.aliases = aliases(doc, p, lo, hi);
    ev.sort_by_key(|e| (e.start, e.end));
    inc.evidence = ev;

    // A main draft with no cause, no data and no count is not an incident report.
    if is_main && inc.cause.is_none() && inc.data.is_empty() && inc.counts.is_empty() {
        let entry = &text[doc.lines[lo].start..doc.lines[hi - 1].end];
        if !EVENT_WORD_RE.is_match(entry) {
            return None;
        }
    }
    Some(inc)
}

/// The line holding the notice's own date.
fn header_line(doc: &Doc<'_>) -> Option<(usize, usize)> {
    (0..doc.lines.len().min(6))
        .find(|&i| DATE_ONLY_RE.is_match(doc.line_text(i).trim()))
        .map(|i| (doc.lines[i].start, doc.lines[i].end))
}

/// A date on a line of its own near the top: the notice's own date.
fn header_date(doc: &Doc<'_>) -> Option<PartialDate> {
    for i in 0..doc.lines.len().min(6) {
        let line = doc.line_text(i).trim();
        if DATE_ONLY_RE.is_match(line)
            && let Some(m) = find_dates(line).first()
            && matches!(m.expr, DateExpr::Full { day: Some(_), .. })
        {
            return Resolver::new(doc.ctx.published).peek(m.expr);
        }
    }
    None
}

/// Other names the entry uses for the principal.
fn aliases(doc: &Doc<'_>, p: &Principal, lo: usize, hi: usize) -> Vec<String> {
    let text = doc.text();
    let (t_lo, t_hi) = (doc.lines[lo].start, doc.lines[hi - 1].end);
    let mut out: BTreeSet<String> = BTreeSet::new();
    for m in doc.mentions_in(t_lo, t_hi) {
        if matches!(m.kind, MentionKind::Legal | MentionKind::Suffix) && norm_key(&m.name) == p.key
        {
            out.insert(m.name.clone());
        }
    }
    let bare = org::bare_name(&p.name);
    if text[t_lo..t_hi].contains(&bare) {
        out.insert(bare);
    }
    let written = &text[p.start..p.end];
    out.insert(written.to_owned());
    out.remove(&p.name);
    out.into_iter().collect()
}
