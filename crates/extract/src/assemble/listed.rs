//! Several organisations hit by one event and named in one sentence: six
//! universities phished in one wave (`A大、B大、C大…が被害に遭い`), two firms
//! infected by one worm (`A株式会社とB株式会社がEmotetに感染`). Each is an
//! incident of its own, sharing the event's cause and data kinds; a figure or a
//! period stated for the group as a whole belongs to none of them.

use leakwatch_model::{Evidence, Incident};

use crate::orgs::{MentionKind, is_name_char, run_after};
use crate::vocab::VOCAB;

use crate::assemble::*;

/// Words that join two names in a list.
const JOINERS: [&str; 4] = ["および", "及び", "と", "や"];

/// What may close a list: `…の三つの大学が`, `など6大学で`.
static GROUP_TAIL_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:の|など)(?:[一二三四五六七八九十\d]+つの|\d+)?[^、。]{0,6}?(?:大学|大|病院|社|校|自治体|企業|団体|機関|医療機関)(?:が|は|で|では|も)",
    )
    .expect("pattern")
});

/// The end of a name starting at `pos`: a run of name characters, which may open
/// with hiragana (`つばさ大`, `みなみ市立大`).
fn name_end_at(text: &str, pos: usize) -> usize {
    let end = run_after(text, pos);
    if end > pos {
        return end;
    }
    let kana_end = text[pos..]
        .char_indices()
        .take_while(|&(i, c)| matches!(c, '\u{3041}'..='\u{3096}') && i < 8 * 3)
        .last()
        .map_or(pos, |(i, c)| pos + i + c.len_utf8());
    if text[pos..kana_end].chars().count() < 2 {
        return pos;
    }
    let more = run_after(text, kana_end);
    if more > kana_end { more } else { pos }
}

/// An item of a list: a name and where it is.
#[derive(Debug, Clone)]
struct Item {
    name: String,
    start: usize,
    end: usize,
}

/// The organisations a sentence lists as sharing an event, when it lists two
/// formed names or three names of one kind.
fn listed_in(doc: &Doc<'_>, k: usize) -> Vec<Item> {
    let s = &doc.sentences[k];
    let plain = doc.plain[k].as_str();
    let event = doc.causes[k].iter().any(|c| c.weight > 0) || EVENT_WORD_RE.is_match(plain);
    if !event || doc.lines[s.line].heading {
        return Vec::new();
    }
    let text = doc.text();
    let sentence = &text[s.start..s.end];
    // Segments between commas; each may be one item, or two joined by と.
    let mut items: Vec<Item> = Vec::new();
    let mut runs: Vec<Vec<Item>> = Vec::new();
    let mut at = 0;
    for seg in sentence.split_inclusive(['、', '。']) {
        let seg_start = s.start + at;
        at += seg.len();
        let body = seg.trim_end_matches(['、', '。']);
        let (mut found, mut closed) = segment_items(doc, seg_start, body);
        // A modifier before the list (`同社に業務を委託していたAとBは`): the list
        // starts after the verb or の that ends it.
        if found.is_empty() {
            for (i, c) in body.char_indices() {
                let next = i + c.len_utf8();
                if matches!(c, 'た' | 'の' | 'る') && body[next..].starts_with(is_name_char) {
                    let (f, cl) = segment_items(doc, seg_start + next, &body[next..]);
                    if f.len() >= 2 && cl {
                        (found, closed) = (f, cl);
                        break;
                    }
                }
            }
        }
        if found.is_empty() {
            if !items.is_empty() {
                runs.push(std::mem::take(&mut items));
            }
        } else {
            items.extend(found);
            // `…、C大が` ends the list.
            if closed {
                runs.push(std::mem::take(&mut items));
            }
        }
    }
    if !items.is_empty() {
        runs.push(items);
    }
    let Some(mut list) = runs.into_iter().max_by_key(Vec::len) else {
        return Vec::new();
    };
    // `Xのほか…は、A、B、C`: X belongs to the list too.
    if let Some(first) = list.first()
        && let Some(p) = sentence.find("のほか")
        && s.start + p < first.start
    {
        let end = s.start + p;
        let start = crate::orgs::run_before(text, end);
        if start < end {
            list.insert(
                0,
                Item {
                    name: text[start..end].to_owned(),
                    start,
                    end,
                },
            );
        }
    }
    let formed = |i: &Item| {
        doc.mentions_in(i.start, i.end)
            .iter()
            .any(|m| m.start == i.start && m.end == i.end && m.kind.is_name())
    };
    let all_formed = list.len() >= 2 && list.iter().all(formed);
    let one_kind = list.len() >= 3
        && VOCAB.list("list_endings").iter().any(|e| {
            list.iter()
                .all(|i| i.name.ends_with(e) && i.name.chars().count() > e.chars().count())
        });
    let regulator = list.iter().any(|i| {
        doc.mentions_in(i.start, i.end)
            .iter()
            .any(|m| matches!(m.kind, MentionKind::Regulator | MentionKind::Police))
    });
    // `AとBは…それぞれ…を発表した`: each told its own.
    let each = list.len() >= 2
        && plain.contains("それぞれ")
        && list
            .iter()
            .all(|i| crate::orgs::plausible_subject(&i.name, doc.ctx.analyzer));
    if (all_formed || one_kind || each) && !regulator {
        list
    } else {
        Vec::new()
    }
}

/// The names a comma-separated segment consists of: one name, or names joined by
/// と/および, each optionally followed by a note in brackets. The last segment
/// may end in the particle that makes the list a subject (`…、C大が`).
fn segment_items(doc: &Doc<'_>, start: usize, body: &str) -> (Vec<Item>, bool) {
    let text = doc.text();
    let trimmed = body.trim();
    let lead = body.len() - body.trim_start().len();
    let mut out = Vec::new();
    let mut pos = start + lead;
    let end = start + lead + trimmed.len();
    loop {
        // (A sentence cut for length may end inside a run of name characters.)
        let name_end = name_end_at(text, pos).min(end);
        if name_end <= pos {
            return (Vec::new(), false);
        }
        out.push(Item {
            name: text[pos..name_end].to_owned(),
            start: pos,
            end: name_end,
        });
        let mut rest_at = name_end;
        // A note in brackets: (青森県弘前市).
        if text[rest_at..end].starts_with('(')
            && let Some(close) = text[rest_at..end].find(')')
        {
            rest_at += close + 1;
        }
        let rest = &text[rest_at..end];
        if rest.is_empty() {
            return (out, false);
        }
        if matches!(rest, "が" | "は" | "で" | "では" | "も" | "など")
            || GROUP_TAIL_RE.is_match(rest)
            || ["が", "は", "では", "で"]
                .iter()
                .any(|p| rest.starts_with(p))
                && out.len() >= 2
        {
            return (out, true);
        }
        match JOINERS.iter().find(|j| rest.starts_with(**j)) {
            Some(j) => {
                pos = rest_at + j.len();
                if !text[pos..end].starts_with(is_name_char) {
                    return (Vec::new(), false);
                }
            }
            None => return (Vec::new(), false),
        }
    }
}

/// Replaces the entry's incident by one per listed organisation, when a sentence
/// lists several as hit by one event. The entry's principal keeps an incident of
/// its own only when the text says it happened there too.
pub(crate) fn split_listed(
    doc: &Doc<'_>,
    lo: usize,
    hi: usize,
    principal: &Principal,
    incidents: Vec<Incident>,
) -> Vec<Incident> {
    let Some(main) = incidents.first().cloned() else {
        return incidents;
    };
    let sentences = doc.line_sents[lo].start..doc.line_sents[hi - 1].end;
    let mut listed: Vec<(Item, (usize, usize))> = Vec::new();
    for k in sentences {
        for item in listed_in(doc, k) {
            let key = doc.key(&item.name);
            if !listed.iter().any(|(i, _)| doc.key(&i.name) == key) {
                let s = &doc.sentences[k];
                listed.push((item, (s.start, s.end)));
            }
        }
    }
    if listed.len() < 2 {
        return incidents;
    }
    let principal_listed = listed
        .iter()
        .any(|(i, _)| doc.key(&i.name) == principal.key);
    let principal_hit = matches!(
        principal.reason,
        Reason::Operator | Reason::Locus | Reason::Sanctioned
    );
    let mut out: Vec<Incident> = Vec::new();
    let mut rest = incidents.into_iter();
    let main_owned = rest.next();
    if principal_hit && !principal_listed {
        out.extend(main_owned);
    }
    for (item, cue) in &listed {
        let p = Principal::listed(&item.name, item.start, item.end, *cue);
        let mut inc = main.clone();
        inc.organization = p.name.clone();
        inc.aliases = Vec::new();
        inc.parent = None;
        inc.related = Vec::new();
        // Figures and periods stated for the group date and count none of its
        // members; a figure stated for the member is its own (`Aは約4万件、Bは…`).
        inc.counts = Vec::new();
        if let Some(c) = member_count(doc, lo, hi, &item.name) {
            inc.counts.push(leakwatch_model::Count {
                value: c.value,
                unit: c.unit.clone(),
            });
            inc.evidence.push(doc.evidence(
                "counts",
                format!("{}{}", c.value, c.unit),
                c.start,
                c.end,
            ));
        }
        if inc.occurred.is_some_and(|d| d.day.is_none()) {
            inc.occurred = None;
        }
        let own_count = inc.counts.first().map(|c| format!("{}{}", c.value, c.unit));
        let keep = |e: &Evidence| {
            !matches!(
                e.field.as_str(),
                "organization" | "role" | "counts" | "parent" | "related" | "occurred"
            ) || (e.field == "occurred" && inc.occurred.is_some())
                || (e.field == "counts" && own_count.as_deref() == Some(e.value.as_str()))
        };
        let mut evidence: Vec<Evidence> =
            inc.evidence.iter().filter(|e| keep(e)).cloned().collect();
        evidence.push(doc.evidence("organization", &p.name, p.start, p.end));
        evidence.push(doc.evidence("role", p.reason.describe(), cue.0, cue.1));
        evidence.sort_by_key(|e| (e.start, e.end));
        inc.evidence = evidence;
        inc.confidence.insert("organization".into(), 0.7);
        out.push(inc);
    }
    out.extend(rest);
    out
}

/// A count the entry states for one member of a list: the member's name as a
/// clause's topic or subject, then the count (`東都ガスは約4万件、`).
fn member_count(
    doc: &Doc<'_>,
    lo: usize,
    hi: usize,
    name: &str,
) -> Option<crate::facts::CountFact> {
    let text = doc.text();
    let (t_lo, t_hi) = (doc.lines[lo].start, doc.lines[hi - 1].end);
    let entry = &text[t_lo..t_hi];
    for (p, _) in entry.match_indices(name) {
        let after = t_lo + p + name.len();
        let rest = &text[after..t_hi];
        let Some(marker) = ["は", "が", "では", "で"]
            .iter()
            .find(|m| rest.starts_with(**m))
        else {
            continue;
        };
        let from = after + marker.len();
        let to = text[from..t_hi]
            .find(['、', '。'])
            .map_or(t_hi, |q| from + q);
        // The count must open the clause (after 約/最大/計), not sit deep inside it.
        if to - from > 40 {
            continue;
        }
        if let Some(c) = crate::facts::find_counts(text, from, to)
            .into_iter()
            .find(|c| c.affected)
        {
            return Some(c);
        }
    }
    None
}
