//! Who a sentence is about: its topic (`Xは`), whether it announces, what an anaphor points at.

use crate::orgs::{plausible_name, plausible_subject, run_before};

use crate::assemble::*;

/// The byte range of the organisation that is the topic (`Xは`) of a sentence.
pub(crate) fn topic_of(doc: &Doc<'_>, lo: usize, hi: usize) -> Option<(usize, usize)> {
    let text = doc.text();
    let s = &text[lo..hi];
    // The subject of an announcement may be a compound of common nouns (青葉電器は…と発表した).
    let announcing = announces(s);
    let plausible = |name: &str| {
        if announcing {
            plausible_subject(name, doc.ctx.analyzer)
        } else {
            plausible_name(name, doc.ctx.analyzer)
        }
    };
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '「' | '(' => depth += 1,
            '」' | ')' => depth -= 1,
            'は' | 'も' if depth == 0 => {
                let mut at = lo + i;
                // 株式会社X(大阪市)は: the name stands before the bracket.
                // 株式会社X(大阪市)は, X<3664>は: the name stands before the bracket.
                for (close, open) in [(')', '('), ('>', '<')] {
                    if text[lo..at].ends_with(close)
                        && let Some(o) = text[lo..at].rfind(open)
                    {
                        at = lo + o;
                    }
                }
                // A name may open with hiragana: 子会社のきさらぎ物流は.
                let start = crate::orgs::kana_led_start(text, run_before(text, at), at);
                if start < at {
                    let prev = text[lo..start].chars().next_back();
                    let name = &text[start..at];
                    let formed = doc.formed(start, at);
                    // A name after a describing word (子会社NTT…) stands on its own too.
                    let after_descriptor = crate::vocab::VOCAB
                        .descriptors
                        .iter()
                        .any(|(d, _)| text[lo..start].ends_with(d.as_str()));
                    // A name inside a formed one is a name, however its words parse.
                    if formed
                        || is_anaphor(name)
                        || ((after_descriptor
                            || prev.is_none_or(|p| {
                                matches!(p, 'の' | '、' | '」' | ' ' | 'で' | '\n')
                            }))
                            && plausible(name))
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

/// Whether the name ending at `end` is marked as a topic: `Xは`, `X(大阪市)は`.
pub(crate) fn is_topic_marked(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    if rest.starts_with('は') {
        return true;
    }
    [('(', ')'), ('<', '>')].iter().any(|&(open, close)| {
        rest.strip_prefix(open)
            .and_then(|r| r.find(close).map(|i| &r[i + close.len_utf8()..]))
            .is_some_and(|r| r.starts_with('は'))
    })
}

/// Whether a sentence announces something (公表しました), not that it did not (公表せず).
pub(crate) fn announces(plain: &str) -> bool {
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
            // 公開し|ない: a cue that ends mid-verb is negated by what follows it.
            !NEGATED.iter().any(|n| after.contains(n))
                && !(cue.ends_with('し')
                    && (after.starts_with("ない") || after.starts_with("なかっ")))
        })
    })
}

pub(crate) fn is_anaphor(name: &str) -> bool {
    leakwatch_text::is_anaphor(name)
}

/// The organisation an anaphor at `at` refers to: the nearest named organisation before it.
pub(crate) fn resolve_anaphor(doc: &Doc<'_>, at: usize) -> Option<String> {
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
        .find(|m| m.kind.is_name())
    {
        best = Some((m.start, m.name.clone()));
    }
    // The organisation a heading before it leads with (a round-up's item: `■X …` then `同社は`).
    let line = doc.sentences[doc
        .sentences
        .partition_point(|s| s.start < at)
        .saturating_sub(1)]
    .line;
    for i in (line.saturating_sub(40)..=line).rev() {
        if doc.lines[i].heading
            && is_bulleted(doc.line_text(i))
            && let Some((s, e)) = headline_org(doc, i)
            && e <= at
        {
            if best.as_ref().is_none_or(|(b, _)| s > *b) {
                best = Some((s, text[s..e].to_owned()));
            }
            break;
        }
    }
    // Names in topic position in the sentences just before (a bounded look-back).
    let k = doc.sentences.partition_point(|s| s.start < at);
    for s in &doc.sentences[k.saturating_sub(40)..k] {
        let hi = s.end.min(at);
        if let Some((ts, te)) = topic_of(doc, s.start, hi)
            && !is_anaphor(&text[ts..te])
            && (doc.formed(ts, te) || plausible_subject(&text[ts..te], doc.ctx.analyzer))
            && best.as_ref().is_none_or(|(b, _)| ts > *b)
        {
            best = Some((ts, text[ts..te].to_owned()));
        }
        // `学習塾のXでは、…事故がありました。同社は…`: where it happened, as the topic.
        if let Some(c) = LOCATIVE_TOPIC_RE.captures(&text[s.start..hi])
            && let Some(n) = c.name("name")
            && plausible_subject(n.as_str(), doc.ctx.analyzer)
            && !is_anaphor(n.as_str())
            && best.as_ref().is_none_or(|(b, _)| s.start + n.start() > *b)
        {
            best = Some((s.start + n.start(), n.as_str().to_owned()));
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
