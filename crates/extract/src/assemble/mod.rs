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

mod build;
mod dates;
mod doc;
mod drafts;
mod entries;
mod listed;

use leakwatch_model::{Incident, SourceType};

use crate::analyzer::Analyzer;
use crate::facts;
use crate::normalize::Normalized;
use crate::orgs::{self as org};
use crate::text::structure;

pub(crate) use self::build::*;
pub(crate) use self::dates::*;
pub(crate) use self::doc::*;
pub(crate) use self::drafts::*;
pub(crate) use self::entries::*;
pub(crate) use self::listed::*;
pub(crate) use crate::orgs::headline::*;
pub(crate) use crate::orgs::parties::*;
pub(crate) use crate::orgs::roles::*;
pub(crate) use crate::orgs::topic::*;

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

pub fn assemble(original: &str, norm: &Normalized, ctx: Context<'_>) -> Vec<Incident> {
    let (lines, sentences) = structure(&norm.text);
    let sentences = split_enumerations(&norm.text, sentences);
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
        aliases: std::collections::HashMap::new(),
        ctx,
    };
    doc.aliases = org::find_aliases(&norm.text, &doc.mentions)
        .into_iter()
        .filter_map(|(short, full)| {
            let (ks, kf) = (org::norm_key(&short), org::norm_key(&full));
            (!ks.is_empty() && ks != kf).then_some((ks, (kf, full)))
        })
        .collect();
    doc.headlines = (0..doc.lines.len())
        .map(|i| {
            if doc.lines[i].heading {
                find_headline_org(&doc, i)
            } else {
                None
            }
        })
        .collect();
    let per_entry: Vec<Vec<Incident>> = entries(&doc)
        .into_iter()
        .map(|(lo, hi)| read_entry(&doc, lo, hi))
        .collect();
    // A round-up's lead (`…の事案が3件発生しました`) sums up the items below it:
    // with two or more items read, a lead that dates nothing is no incident.
    let items = per_entry.iter().skip(1).filter(|e| !e.is_empty()).count();
    let mut out = Vec::new();
    for (k, incidents) in per_entry.into_iter().enumerate() {
        if k == 0 && items >= 2 {
            out.extend(
                incidents.into_iter().filter(|i| {
                    i.occurred.is_some() || i.detected.is_some() || !i.counts.is_empty()
                }),
            );
        } else {
            out.extend(incidents);
        }
    }
    out
}
