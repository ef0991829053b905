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
use crate::orgs::{MentionKind, norm_key, plausible_name};
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
        if let Some(&k) = merged_of.get(&f.sentence) {
            if !f.about_other_than_party(merged[k].owner.as_ref().unwrap_or(&principal)) {
                dated_of[k].push(f);
            }
        }
    }
    let mut incidents = Vec::new();
    for (k, draft) in merged.iter().enumerate() {
        if incidents.len() > crate::MAX_INCIDENTS {
            break;
        }
        let owner = draft.owner.as_ref().unwrap_or(&principal);
        let is_main = k == 0 || draft.owner.is_some();
        if let Some(inc) = build_incident(&entry, owner, draft, is_main, &dated_of[k]) {
            incidents.push(inc);
        }
    }
    split_listed(doc, lo, hi, &principal, incidents)
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
        let before = dated.len();
        for k in doc.sentences_of_line(i) {
            read_dates(doc, k, &mut resolver, principal, &mut dated);
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
            if reporting && let Some(owner) = own_announcement(doc, k, principal) {
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

/// An article's sentence whose topic is another named organisation announcing
/// an incident of its own: `Yは2023年4月、…の流出を公表している`.
fn own_announcement(doc: &Doc<'_>, k: usize, principal: &Principal) -> Option<Principal> {
    let s = &doc.sentences[k];
    if doc.lines[s.line].heading {
        return None;
    }
    let plain = doc.plain[k].as_str();
    let event = doc.causes[k].iter().any(|c| c.weight > 0) || EVENT_WORD_RE.is_match(plain);
    if !event || !announces(plain) {
        return None;
    }
    let (ts, te) = topic_of(doc, s.start, s.end)?;
    let text = doc.text();
    let name = &text[ts..te];
    if is_anaphor(name) || !is_topic_marked(text, te) {
        return None;
    }
    // A parent announcing its subsidiary's incident is not an incident of its own.
    if plain.contains("子会社") {
        return None;
    }
    // A named organisation, not the police or a regulator.
    let m = doc.mentions_in(ts, te).first();
    let formed = doc.formed(ts, te);
    if m.is_some_and(|m| matches!(m.kind, MentionKind::Regulator | MentionKind::Police)) {
        return None;
    }
    if !formed && !plausible_name(name, doc.ctx.analyzer) {
        return None;
    }
    let key = norm_key(name);
    let parent = principal.parent.as_ref().map(|(n, _, _)| norm_key(n));
    if key.is_empty()
        || key == principal.key
        || principal.key.contains(&key)
        || parent.as_deref() == Some(key.as_str())
    {
        return None;
    }
    Some(Principal::announced(name, ts, te))
}

/// Whether a sentence is about the entry's principal again (`Xは…`).
fn starts_about_principal(doc: &Doc<'_>, k: usize, principal: &Principal) -> bool {
    let s = &doc.sentences[k];
    topic_of(doc, s.start, s.end)
        .is_some_and(|(ts, te)| norm_key(&doc.text()[ts..te]) == principal.key)
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
