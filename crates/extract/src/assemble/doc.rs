//! One document, normalised and structured: lines, sentences, mentions, and evidence spans.

use std::sync::LazyLock;

use leakwatch_model::{Evidence, PartialDate};
use regex::Regex;

use crate::date::{DateExpr, Resolver, find_dates};
use crate::facts;
use crate::normalize::Normalized;
use crate::orgs::OrgMention;
use crate::text::{Line, Sentence};

use crate::assemble::*;

/// One document, normalised and structured.
pub(crate) struct Doc<'a> {
    pub(crate) original: &'a str,
    pub(crate) norm: &'a Normalized,
    pub(crate) lines: Vec<Line>,
    pub(crate) sentences: Vec<Sentence>,
    /// The sentences of each line, as an index range.
    pub(crate) line_sents: Vec<std::ops::Range<usize>>,
    /// Sorted by start, not overlapping.
    pub(crate) mentions: Vec<OrgMention>,
    /// Each sentence with its quoted titles blanked out.
    pub(crate) plain: Vec<String>,
    /// Cause cues of each sentence, found once.
    pub(crate) causes: Vec<Vec<facts::CauseFact>>,
    /// The organisation each heading line leads with, found once.
    pub(crate) headlines: Vec<Option<(usize, usize)>>,
    /// Short names the text defines (`…(以下「ATA」)`): the short name's key → the
    /// full name's key and the full name.
    pub(crate) aliases: std::collections::HashMap<String, (String, String)>,
    pub(crate) ctx: Context<'a>,
}

/// How far after a headline a name is looked for again.
pub(crate) const LOOKAHEAD: usize = 20_000;

pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Doc<'_> {
    /// The key organisation names are compared by, short names the text defines
    /// taken as the names they stand for.
    pub(crate) fn key(&self, name: &str) -> String {
        let k = crate::orgs::norm_key(name);
        match self.aliases.get(&k) {
            Some((full, _)) => full.clone(),
            None => k,
        }
    }

    /// The full name a short name stands for, if the text defines it.
    pub(crate) fn full_name(&self, name: &str) -> Option<&str> {
        self.aliases
            .get(&crate::orgs::norm_key(name))
            .map(|(_, n)| n.as_str())
    }

    pub(crate) fn text(&self) -> &str {
        &self.norm.text
    }

    pub(crate) fn evidence(
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

    pub(crate) fn line_text(&self, i: usize) -> &str {
        &self.text()[self.lines[i].start..self.lines[i].end]
    }

    pub(crate) fn sentences_of_line(&self, i: usize) -> std::ops::Range<usize> {
        self.line_sents[i].clone()
    }

    /// Mentions that lie within `[lo, hi)`.
    pub(crate) fn mentions_in(&self, lo: usize, hi: usize) -> &[OrgMention] {
        let a = self.mentions.partition_point(|m| m.start < lo);
        let b = self.mentions.partition_point(|m| m.start < hi);
        let b = (a..b)
            .rev()
            .find(|&k| self.mentions[k].end <= hi)
            .map_or(a, |k| k + 1);
        &self.mentions[a..b.max(a)]
    }

    /// Whether `[s, e)` lies inside a name with a legal form or a public-body ending.
    pub(crate) fn formed(&self, s: usize, e: usize) -> bool {
        let k = self.mentions.partition_point(|m| m.start <= s);
        k > 0 && {
            let m = &self.mentions[k - 1];
            e <= m.end && m.kind.is_name()
        }
    }
}

/// The first quoted title (`「…」`) between `from` and `to` in a sentence.
pub(crate) fn quoted_after(sentence: &str, from: usize, to: usize) -> Option<&str> {
    let region = sentence.get(from..to.max(from))?;
    let open = region.find('「')?;
    let body = &region[open + '「'.len_utf8()..];
    let close = body.find('」').unwrap_or(body.len());
    Some(&body[..close])
}

/// Text of a sentence with quoted titles blanked out (so their words give no roles).
pub(crate) fn unquoted(s: &str) -> String {
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

/// The line holding the notice's own date.
pub(crate) fn header_line(doc: &Doc<'_>) -> Option<(usize, usize)> {
    (0..doc.lines.len().min(6))
        .find(|&i| DATE_ONLY_RE.is_match(doc.line_text(i).trim()))
        .map(|i| (doc.lines[i].start, doc.lines[i].end))
}

/// A date on a line of its own near the top: the notice's own date.
pub(crate) fn header_date(doc: &Doc<'_>) -> Option<PartialDate> {
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

pub(crate) static DATE_ONLY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:19|20)\d{2}|令和\d{1,2}|平成\d{1,2})年(?:\d{1,2}月)?(?:\d{1,2}日)?$")
        .expect("pattern")
});
