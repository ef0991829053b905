//! Name runs and whether a run can be a name.

use super::mentions::LEGAL_RE;
use crate::analyzer::{Analyzer, Pos};
use crate::vocab::VOCAB;

/// Characters a Japanese organisation name is made of.
pub fn is_name_char(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | 'ヶ' | '〆'
        | '\u{30A1}'..='\u{30FA}' | 'ー' | '・'
        | 'A'..='Z' | 'a'..='z' | '0'..='9' | '&' | '+')
}

/// The longest run of name characters read as a name. A longer run is not a
/// name, and the bound keeps every look-back and look-ahead constant-time, so a
/// line of a million 株式会社 costs a million small steps, not a million long ones.
pub const MAX_RUN_CHARS: usize = 64;

/// Start of the name run that ends at `at`; spaces are allowed between Latin words (`PR TIMES`).
/// A run longer than [`MAX_RUN_CHARS`] is no name: `at` is returned.
pub fn run_before(text: &str, at: usize) -> usize {
    let head = &text[..at];
    let mut start = at;
    let mut iter = head.char_indices().rev().enumerate().peekable();
    while let Some((n, (i, c))) = iter.next() {
        if n >= MAX_RUN_CHARS {
            return at;
        }
        if is_name_char(c) {
            start = i;
        } else if c == ' ' {
            let after_is_latin = text[i + 1..].starts_with(|x: char| x.is_ascii_alphanumeric());
            let before_is_latin = iter
                .peek()
                .is_some_and(|&(_, (_, p))| p.is_ascii_alphanumeric());
            if after_is_latin && before_is_latin && start == i + 1 {
                continue;
            }
            break;
        } else {
            break;
        }
    }
    start = after_descriptor(text, start, at);
    // A name does not start with a middle dot or a long-vowel mark.
    while let Some(c) = text[start..at].chars().next() {
        if matches!(c, '・' | 'ー') {
            start += c.len_utf8();
        } else {
            break;
        }
    }
    start
}

/// Where the name of a run `[start, at)` begins once a word describing it is
/// left out: 出版大手KADOKAWA → KADOKAWA, 子会社NTTビジネス → NTTビジネス. A
/// relational word (子会社) goes wherever it stands; a class word (大手) only
/// when something stands before it (大手前大学 keeps its name).
fn after_descriptor(text: &str, start: usize, at: usize) -> usize {
    let run = &text[start..at];
    // The last place each descriptor stands in the run.
    let mut last: Vec<Option<usize>> = vec![None; VOCAB.descriptors.len()];
    for m in VOCAB.descriptor_finder.find_overlapping_iter(run) {
        last[m.pattern().as_usize()] = Some(m.start());
    }
    let mut best = start;
    for ((d, relational), i) in VOCAB.descriptors.iter().zip(last) {
        if let Some(i) = i {
            let after = start + i + d.len();
            let rest = &text[after..at];
            if rest.chars().count() >= 2 && (*relational || i > 0) && after > best {
                best = after;
            }
        }
    }
    best
}

/// End of the name run that starts at `at`. A run longer than [`MAX_RUN_CHARS`]
/// is no name: `at` is returned.
pub fn run_after(text: &str, at: usize) -> usize {
    let tail = &text[at..];
    let mut end = at;
    let mut iter = tail.char_indices().enumerate().peekable();
    while let Some((n, (i, c))) = iter.next() {
        if n >= MAX_RUN_CHARS {
            return at;
        }
        if is_name_char(c) {
            end = at + i + c.len_utf8();
        } else if c == ' ' {
            let before_is_latin = tail[..i].ends_with(|x: char| x.is_ascii_alphanumeric());
            let after_is_latin = iter
                .peek()
                .is_some_and(|&(_, (_, n))| n.is_ascii_alphanumeric());
            if !(before_is_latin && after_is_latin && end == at + i) {
                break;
            }
        } else {
            break;
        }
    }
    end
}

/// Whether a run of name characters can be an organisation name.
///
/// With a morphological analyzer, a single known common noun (`システム`,
/// `今回`) is refused and a proper noun tagged as an organisation is accepted
/// outright; without one, only the stop list and the length decide.
pub fn plausible_name(name: &str, analyzer: Option<&dyn Analyzer>) -> bool {
    plausibility(name, analyzer, false)
}

/// Whether a run of name characters that is the subject of an announcement
/// (`青葉電器は…と発表した`) can be an organisation name: a compound of common
/// nouns may be one (`青葉電器`, `紅葉スタッフ`), unless it ends with a word for a
/// thing or a figure (`調査結果`, `流出規模`).
pub fn plausible_subject(name: &str, analyzer: Option<&dyn Analyzer>) -> bool {
    let name = name.trim();
    plausibility(name, analyzer, true)
        && !VOCAB
            .not_name_heads
            .iter()
            .any(|h| name.ends_with(h.as_str()))
}

fn plausibility(name: &str, analyzer: Option<&dyn Analyzer>, subject: bool) -> bool {
    let name = name.trim();
    let chars = name.chars().count();
    if !(2..=40).contains(&chars) || VOCAB.not_orgs.contains(name) {
        return false;
    }
    if name.starts_with([
        '同', '当', '弊', '本', '各', '全', '他', '第', '前', '元', '現', '新', '旧',
    ]) {
        return false;
    }
    // A kind of firm, not a firm: 子会社, 印刷会社, 運営会社, 委託事業者, 協力企業.
    let generic = ["会社", "業者", "企業", "事業所"]
        .iter()
        .any(|w| name.ends_with(w));
    if generic && !LEGAL_RE.is_match(name) {
        return false;
    }
    if name
        .chars()
        .all(|c| c.is_ascii_digit() || c == '・' || c == 'ー')
    {
        return false;
    }
    let has_form = LEGAL_RE.is_match(name)
        || VOCAB
            .org_suffixes
            .iter()
            .any(|s| name.ends_with(s.as_str()));
    if has_form {
        return true;
    }
    if let Some(a) = analyzer {
        return analyzed_plausibility(name, a, subject);
    }
    true
}

/// Names checked by the analyzer, with their verdicts: the same names come back
/// in every entry and document (当社, a firm's own name), and lindera is the dear
/// part of the check. Bounded: cleared when full.
type Verdicts = std::collections::HashMap<(String, bool), bool>;
thread_local! {
    static ANALYZED: std::cell::RefCell<(String, Verdicts)> = std::cell::RefCell::default();
}
const ANALYZED_CAP: usize = 4096;

fn analyzed_plausibility(name: &str, a: &dyn Analyzer, subject: bool) -> bool {
    let key = (name.to_owned(), subject);
    let cached = ANALYZED.with_borrow(|(which, verdicts)| {
        (which == a.name())
            .then(|| verdicts.get(&key).copied())
            .flatten()
    });
    if let Some(v) = cached {
        return v;
    }
    let v = analyze_plausibility(name, a, subject);
    ANALYZED.with_borrow_mut(|(which, verdicts)| {
        if which != a.name() || verdicts.len() >= ANALYZED_CAP {
            verdicts.clear();
            a.name().clone_into(which);
        }
        verdicts.insert(key, v);
    });
    v
}

fn analyze_plausibility(name: &str, a: &dyn Analyzer, subject: bool) -> bool {
    {
        let morphemes = a.morphemes(name);
        if morphemes.iter().any(|m| m.pos == Pos::Organization) {
            return true;
        }
        if morphemes
            .iter()
            .any(|m| matches!(m.pos, Pos::Verb | Pos::Adjective | Pos::Particle))
        {
            return false;
        }
        if let [only] = morphemes.as_slice()
            && only.known
            && matches!(only.pos, Pos::Noun | Pos::Place)
        {
            return false;
        }
        // A compound of known common nouns names a thing, not an organisation:
        // 流出規模, 事故件数, ディスク暗号化. (Compounds of katakana loanwords alone
        // are how brands and firms are named: ネットマーケティング.)
        let katakana = |c: char| matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・');
        if morphemes.len() > 1
            && !subject
            && !name.chars().all(katakana)
            && morphemes
                .iter()
                .all(|m| m.known && matches!(m.pos, Pos::Noun | Pos::Suffix))
        {
            return false;
        }
    }
    true
}
