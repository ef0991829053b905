//! A document as entries: a round-up's items, a blog's posts, or one notice.

use crate::assemble::*;

/// Splits the lines into entries: `[lo, hi)` line ranges.
pub(crate) fn entries(doc: &Doc<'_>) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    // A list of items each headed by a body's name alone (`(1)かもめ浜市民病院`,
    // `【事例2】潮見県立大学`): with two or more, each heads an entry.
    let item_names: Vec<usize> = (1..doc.lines.len())
        .filter(|&i| {
            let line = doc.line_text(i);
            doc.lines[i].heading
                && is_bulleted(line)
                && headline_org(doc, i).is_some_and(|(s, e)| {
                    let body = &line[after_bullet(line)..];
                    let head = body.find('(').map_or(body, |o| &body[..o]).trim();
                    head.ends_with(&doc.text()[s..e])
                })
        })
        .collect();
    let item_list = item_names.len() >= 2;
    let mut opened_marks: Vec<char> = Vec::new();
    // A heading opens a new entry only after running text: the title under a
    // notice's header block (date, author) belongs to the first entry.
    let mut body_seen = doc.lines.first().is_some_and(|l| !l.heading);
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
        let opens = opens || (item_list && item_names.contains(&i));
        // Items of one list share their mark: after one opened an entry, the
        // next with the same mark opens one too.
        let opens = opens
            || (headline_org(doc, i).is_some()
                && bullet_mark(line).is_some_and(|b| opened_marks.contains(&b)));
        if opens && let Some(b) = bullet_mark(line) {
            opened_marks.push(b);
        }
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
pub(crate) const BULLETS: [char; 14] = [
    '■', '□', '●', '○', '◆', '◇', '▼', '▽', '▲', '△', '★', '☆', '◎', '【',
];

/// The number that opens a numbered item: `1 `, `2.`, `(3)`, `④`, `五、`.
static NUMBERED_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:\d{1,2}(?:[.．、)]|\s)|\(\d{1,2}\)|[①-⑳]|[一二三四五六七八九十][、.．])\s*",
    )
    .expect("pattern")
});

/// The mark a bulleted line opens with (a digit for numbered items).
fn bullet_mark(line: &str) -> Option<char> {
    let t = line.trim_start();
    let c = t.chars().next()?;
    if BULLETS.contains(&c) {
        Some(c)
    } else if NUMBERED_RE.is_match(t) {
        Some('#')
    } else {
        None
    }
}

pub(crate) fn is_bulleted(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(BULLETS) || NUMBERED_RE.is_match(t)
}

/// Where a headline's words begin: after its bullet or number and the spaces around it.
pub(crate) fn after_bullet(line: &str) -> usize {
    let t = line.trim_start_matches([' ', '\t']);
    // A label in brackets: 【事例1】, 【第2報】.
    let t = match t.strip_prefix('【').and_then(|r| r.split_once('】')) {
        Some((label, rest)) if label.chars().count() <= 10 => rest,
        _ => t,
    };
    let t = match t.strip_prefix(BULLETS) {
        Some(rest) => rest,
        None => NUMBERED_RE.find(t).map_or(t, |m| &t[m.end()..]),
    };
    let t = t.trim_start_matches([' ', '\t']);
    line.len() - t.len()
}

/// Whether the line after `line` opens with a named organisation (a legal form or a
/// public body within its first few characters).
pub(crate) fn next_opens_with_org(doc: &Doc<'_>, line: usize) -> bool {
    let Some(next) = doc.lines.get(line + 1) else {
        return false;
    };
    doc.mentions_in(next.start, next.end)
        .iter()
        .any(|m| m.kind.is_name() && doc.text()[next.start..m.start].chars().count() <= 4)
}
