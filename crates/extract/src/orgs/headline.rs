//! Names a document puts up front: the headline's organisation, the letterhead author.

use std::sync::LazyLock;

use regex::Regex;

use crate::date::find_dates;
use crate::orgs::{self as org, MentionKind, plausible_name};

use crate::assemble::*;

/// The organisation a headline leads with: `野村證券 顧客情報…` → 野村證券.
pub(crate) fn headline_org(doc: &Doc<'_>, line: usize) -> Option<(usize, usize)> {
    doc.headlines.get(line).copied().flatten()
}

pub(crate) fn find_headline_org(doc: &Doc<'_>, line: usize) -> Option<(usize, usize)> {
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
        let has_form = org::find_mentions(name)
            .iter()
            .any(|m| m.start == 0 && m.end == name.len() && m.kind.is_name());
        has_form || text[l.end..floor_boundary(text, l.end + LOOKAHEAD)].contains(name)
    };
    // An item heading that is a body's name, alone or with a note:
    // `県立はまなす特別支援学校(メールアドレスの流出)`, `医療法人社団青葉会 あおば台病院`.
    // The name may hold hiragana; it ends with a body's ending; after a space, the
    // last name is the body (a hospital after its operating corporation).
    let head = body.find('(').map_or(body, |open| &body[..open]).trim_end();
    if !head.is_empty() && doc.lines[line].heading {
        let name_at = head.rfind(' ').map_or(0, |p| p + 1);
        let name = &head[name_at..];
        let base = line_start + (head.as_ptr() as usize - body.as_ptr() as usize) + name_at;
        let ends_like_body = crate::vocab::VOCAB
            .org_suffixes
            .iter()
            .any(|s| name.ends_with(s.as_str()) && name.chars().count() > s.chars().count());
        let wordy = name.contains(['、', '。', '「', '」']) || name.chars().count() > 30;
        if ends_like_body && !wordy && !name.is_empty() {
            return Some((base, base + name.len()));
        }
    }
    // A round-up's bulleted item leads with its organisation: `■ジーナ・エデュケーション 会員サイトに…`.
    let bulleted = text[l.start..line_start]
        .trim()
        .starts_with(crate::assemble::BULLETS);
    if bulleted
        && let Some(sp) = body.find(' ')
        && sp > 0
    {
        let name = &body[..sp];
        let hira = |c: char| matches!(c, '\u{3041}'..='\u{3096}');
        let one_word = name.chars().all(|c| org::is_name_char(c) || hira(c))
            && !name.contains(['の', 'は', 'が', 'を', 'に', 'で', 'と', 'も']);
        // A name may open with hiragana (あおみずクリニック); the analyzer cannot vouch for those.
        let vouched = plausible_name(name, doc.ctx.analyzer)
            || (name.starts_with(hira) && name.chars().count() >= 3);
        if one_word && vouched && find_dates(name).is_empty() {
            return Some((line_start, line_start + sp));
        }
    }
    // First chunk: up to a space that does not join two Latin words.
    let end = org::run_after(text, line_start);
    let chunk_end = body.find(' ').map_or(l.end, |p| line_start + p);
    if end > line_start {
        let (mut start, mut end) = (line_start, end);
        // `婚活アプリのネットマーケティング`, `出版社の小学館`: a headline may open with
        // what the organisation is, then の, then its name — when what stands before
        // の names no organisation itself.
        let first_chunk = &text[line_start..chunk_end];
        if chunk_end < l.end
            && let Some(p) = first_chunk.rfind('の')
            && !doc
                .mentions_in(line_start, line_start + p)
                .iter()
                .any(|m| m.kind.is_name())
        {
            let s = line_start + p + 'の'.len_utf8();
            let e = org::run_after(text, s);
            if e > s {
                start = s;
                end = e;
            }
        }
        // `大阪府医療機関情報システム`: a system named after the body that runs it.
        if let Some(p) = system_operator(&text[start..end]) {
            end = start + p;
        }
        if accept(start, end) {
            return Some((start, end));
        }
    }
    // News style with the name last: `元社員が顧客情報を持ち出し 東光不動産`.
    let last = body.trim_end().rfind(' ').map(|p| line_start + p + 1)?;
    let end = org::run_after(text, last);
    // The body may name it only as 同社 (`同社によると、…`).
    let referred = |s: usize, e: usize| {
        let after = &text[l.end..floor_boundary(text, l.end + 600)];
        plausible_name(&text[s..e], doc.ctx.analyzer)
            && !text[s..e].starts_with(|c: char| c.is_ascii_digit())
            && doc
                .mentions_in(l.end, l.end + after.len())
                .iter()
                .any(|m| m.kind == MentionKind::Anaphor && m.name.starts_with('同'))
    };
    (end > last && text[end..l.end].trim().is_empty() && (accept(last, end) || referred(last, end)))
        .then_some((last, end))
}

/// A prefecture, optionally with a municipality, that a system's or a service's name
/// opens with.
static PLACE_PREFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:東京都|北海道|京都府|大阪府|\p{Han}{2,3}県)(?:\p{Han}{1,4}?[市区町村])?|\p{Han}{1,4}?市)",
    )
    .expect("pattern")
});

/// What names a thing an organisation runs, not the organisation.
static SYSTEM_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:システム|サイト|ホームページ|ポータル|サービス|アプリ|データベース|サーバー?)$")
        .expect("pattern")
});

/// Where the body's name ends in the name of a system it runs (`大阪府医療機関情報システム`
/// → 大阪府), if the name is such.
pub(crate) fn system_operator(name: &str) -> Option<usize> {
    if !SYSTEM_WORD_RE.is_match(name) {
        return None;
    }
    let m = PLACE_PREFIX_RE.find(name)?;
    (m.end() < name.len()).then_some(m.end())
}

/// The author of a notice: a header line (near the top) that is nothing but an
/// organisation's name, or `会社名 X`.
pub(crate) fn author(doc: &Doc<'_>) -> Option<(usize, usize)> {
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
            .find(|m| m.kind.is_name())
        {
            let name = &text[m.start..m.end];
            // The name alone, or the name and a department (海原県 環境農林部).
            let rest = line.strip_prefix(name).map(str::trim);
            // A reading in brackets after the name: 株式会社 東玉(とうぎょく).
            let is_reading = |r: &str| {
                r.strip_prefix('(')
                    .and_then(|x| x.strip_suffix(')'))
                    .is_some_and(|x| {
                        !x.is_empty()
                            && x.chars().all(|c| {
                                matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | ' ')
                            })
                    })
            };
            // A corporation and the body it runs (医療法人社団清風会 清風台病院): the body.
            // (A city's department after the city is not one: 北浜市 教育委員会事務局.)
            if m.kind == MentionKind::Legal
                && let Some(r) = rest.filter(|r| !r.is_empty())
                && let Some(body) = doc
                    .mentions_in(m.end, l.end)
                    .iter()
                    .find(|b| b.kind == MentionKind::Suffix && text[b.start..b.end] == *r)
            {
                return Some((body.start, body.end));
            }
            if rest.is_some_and(|r| {
                r.is_empty()
                    || is_reading(r)
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
pub(crate) fn regulator_issued(doc: &Doc<'_>) -> bool {
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
pub(crate) fn bare_name_heading(doc: &Doc<'_>, line: usize) -> Option<String> {
    let (s, e) = headline_org(doc, line)?;
    let name = &doc.text()[s..e];
    (doc.line_text(line).trim() == name).then(|| doc.key(name))
}
