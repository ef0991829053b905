//! The vocabulary tables of `vocab/*.tsv`, parsed once and compiled into automata.
//!
//! Recognizers never hard-code phrases: cause cues, data-kind words, date-role
//! cues, counter words, response cues and organisation endings all live in the
//! TSV files beside this crate, so that adding a phrase is a data change.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use leakwatch_model::{Cause, DataKind, ResponseKind};

/// The role a cue gives to a date in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// First public announcement.
    Disclosed,
    /// The organisation found out.
    Detected,
    /// The leaked data was pinned down.
    Identified,
    /// The incident happened.
    Occurred,
    /// Reported (to the PPC when it is named in the clause).
    Reported,
    /// A date with another meaning (入社, 設立 …).
    None,
}

/// How a document speaks, by its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    /// The issuer speaks for itself: 当社, 本学.
    FirstPerson,
    /// Words a notice uses of itself: お詫び申し上げ.
    Notice,
    /// An article reports what someone announced: と発表した.
    Reported,
    /// A writer's own asides: ですね, とのこと.
    Casual,
}

/// A cause cue row.
#[derive(Debug, Clone)]
pub struct CauseCue {
    /// The class it points to.
    pub cause: Cause,
    /// How strongly.
    pub weight: u32,
    /// A finer description, if any.
    pub detail: Option<String>,
}

/// A phrase table compiled into a leftmost-longest automaton.
#[derive(Debug)]
pub struct Table<T> {
    automaton: AhoCorasick,
    values: Vec<T>,
}

impl<T> Table<T> {
    fn new(rows: Vec<(String, T)>) -> Self {
        let (phrases, values): (Vec<String>, Vec<T>) = rows.into_iter().unzip();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Small tables scanned over every sentence: a full DFA is the fastest scanner.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            .expect("vocabulary phrases compile");
        Table { automaton, values }
    }

    /// Non-overlapping matches in `text`: (start, end, value).
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, &'a T)> + 'a {
        self.automaton
            .find_iter(text)
            .map(|m| (m.start(), m.end(), &self.values[m.pattern().as_usize()]))
    }
}

/// Every table.
#[derive(Debug)]
pub struct Vocab {
    /// Cause cues.
    pub causes: Table<CauseCue>,
    /// Data-kind phrases.
    pub data: Table<DataKind>,
    /// Date-role cues.
    pub roles: Table<Role>,
    /// Counter words, written form → unit.
    pub counters: Table<String>,
    /// Response cues.
    pub responses: Table<ResponseKind>,
    /// Endings of organisation names.
    pub org_suffixes: Vec<String>,
    /// All endings in one automaton, for overlapping search.
    pub org_suffix_finder: AhoCorasick,
    /// Words that are never an organisation.
    pub not_orgs: HashSet<String>,
    /// Last words of compounds that name a thing or a figure, never an organisation.
    pub not_name_heads: Vec<String>,
    /// The voice words.
    pub voice: Table<Voice>,
    /// Words that describe an organisation before its name: (phrase, relational).
    pub descriptors: Vec<(String, bool)>,
    /// Finds every descriptor, overlapping; pattern ids index `descriptors`.
    pub descriptor_finder: AhoCorasick,
    /// Named word lists (`vocab/words.tsv`).
    pub lists: HashMap<String, Vec<String>>,
}

impl Vocab {
    /// The words of a named list of `vocab/words.tsv` (empty when there is no such list).
    pub fn list(&self, name: &str) -> &[String] {
        self.lists.get(name).map_or(&[], Vec::as_slice)
    }
}

fn rows(source: &str) -> impl Iterator<Item = Vec<&str>> {
    source
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn parse_role(s: &str) -> Role {
    match s {
        "disclosed" => Role::Disclosed,
        "detected" => Role::Detected,
        "identified" => Role::Identified,
        "occurred" => Role::Occurred,
        "reported" => Role::Reported,
        _ => Role::None,
    }
}

/// The tables, compiled on first use.
pub static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let causes = rows(include_str!("../vocab/causes.tsv"))
        .filter_map(|r| {
            let cause = r.get(1)?.parse().ok()?;
            let weight = r.get(2)?.parse().ok()?;
            let detail = r.get(3).filter(|d| **d != "-").map(|d| d.to_string());
            Some((
                r[0].to_owned(),
                CauseCue {
                    cause,
                    weight,
                    detail,
                },
            ))
        })
        .collect();
    let data = rows(include_str!("../vocab/data_kinds.tsv"))
        .filter_map(|r| Some((r[0].to_owned(), r.get(1)?.parse().ok()?)))
        .collect();
    let roles = rows(include_str!("../vocab/date_roles.tsv"))
        .filter_map(|r| Some((r[0].to_owned(), parse_role(r.get(1)?))))
        .collect();
    let counters = rows(include_str!("../vocab/counters.tsv"))
        .filter_map(|r| Some((r[0].to_owned(), r.get(1)?.to_string())))
        .collect();
    let responses = rows(include_str!("../vocab/responses.tsv"))
        .filter_map(|r| Some((r[0].to_owned(), r.get(1)?.parse().ok()?)))
        .collect();
    let mut org_suffixes: Vec<String> = rows(include_str!("../vocab/org_suffixes.tsv"))
        .map(|r| r[0].to_owned())
        .collect();
    org_suffixes.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let not_orgs = rows(include_str!("../vocab/not_orgs.tsv"))
        .map(|r| r[0].to_owned())
        .collect();
    let not_name_heads = rows(include_str!("../vocab/not_name_heads.tsv"))
        .map(|r| r[0].to_owned())
        .collect();
    let org_suffix_finder = AhoCorasick::new(&org_suffixes).expect("suffixes compile");
    let voice = rows(include_str!("../vocab/voice.tsv"))
        .filter_map(|r| {
            let v = match *r.get(1)? {
                "first_person" => Voice::FirstPerson,
                "notice" => Voice::Notice,
                "reported" => Voice::Reported,
                "casual" => Voice::Casual,
                _ => return None,
            };
            Some((r[0].to_owned(), v))
        })
        .collect();
    let mut descriptors: Vec<(String, bool)> = rows(include_str!("../vocab/descriptors.tsv"))
        .filter_map(|r| Some((r[0].to_owned(), *r.get(1)? == "relation")))
        .collect();
    descriptors.sort_by_key(|(d, _)| std::cmp::Reverse(d.chars().count()));
    let mut lists: HashMap<String, Vec<String>> = HashMap::new();
    for r in rows(include_str!("../vocab/words.tsv")) {
        if let [list, word, ..] = r.as_slice() {
            lists
                .entry((*list).to_owned())
                .or_default()
                .push((*word).to_owned());
        }
    }
    Vocab {
        lists,
        causes: Table::new(causes),
        data: Table::new(data),
        roles: Table::new(roles),
        counters: Table::new(counters),
        responses: Table::new(responses),
        org_suffixes,
        org_suffix_finder,
        not_orgs,
        not_name_heads,
        voice: Table::new(voice),
        descriptor_finder: AhoCorasick::new(descriptors.iter().map(|(d, _)| d))
            .expect("descriptors compile"),
        descriptors,
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_list_the_rules_read_is_there() {
        // A list renamed in the file but not in the code would silently read as empty.
        let source = [
            include_str!("facts.rs"),
            include_str!("orgs/mentions.rs"),
            include_str!("assemble/dates.rs"),
            include_str!("assemble/listed.rs"),
        ]
        .concat();
        let read: Vec<&str> = source
            .match_indices(".list(\"")
            .filter_map(|(i, m)| {
                let rest = &source[i + m.len()..];
                rest.find('"').map(|e| &rest[..e])
            })
            .collect();
        assert!(read.len() >= 10, "{read:?}");
        for name in read {
            assert!(
                !VOCAB.list(name).is_empty(),
                "vocab/words.tsv has no list {name}"
            );
        }
    }

    #[test]
    fn tables_load_and_match_longest() {
        let v = &*VOCAB;
        let kinds: Vec<DataKind> = v
            .data
            .find_iter("カード名義人名、氏名")
            .map(|(_, _, k)| *k)
            .collect();
        assert_eq!(kinds, [DataKind::CardHolder, DataKind::Name]);
        assert!(
            v.causes
                .find_iter("ランサムウェア")
                .any(|(_, _, c)| c.cause == Cause::Malware)
        );
        assert!(v.not_orgs.contains("同社"));
        assert!(v.org_suffixes.iter().any(|s| s == "委員会"));
    }
}
