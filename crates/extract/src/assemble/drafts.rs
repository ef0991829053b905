//! An entry's sentences grouped into incident drafts: one per event.

use std::collections::HashMap;
use std::sync::LazyLock;

use leakwatch_model::{Cause, Incident, PartialDate};
use regex::Regex;

use crate::date::{Resolver, find_dates};
use crate::vocab::Role;

use crate::assemble::*;

/// One draft incident: the sentences it is read from.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub(crate) sentences: Vec<usize>,
    pub(crate) heading_date: Option<PartialDate>,
    pub(crate) opened_by: Option<(usize, usize)>,
}

pub(crate) static NEW_EVENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"遡ると|(?:年|月|日)にも|(?:事故|事案|不具合|トラブル|事件)も(?:起き|発生|あり)|過去にも|以前にも|別件").expect("pattern")
});

pub(crate) static EVENT_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"漏洩|漏えい|流出|不正アクセス|誤送信|誤送付|紛失|盗難|ランサムウェア|サイバー攻撃|被害|閲覧可能|誤表示").expect("pattern")
});

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
