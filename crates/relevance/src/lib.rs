//! Is a disclosure about an information leak? The filter run before extraction.
//!
//! Most of what a watched source publishes is not about a leak: earnings,
//! forecasts, dividends, personnel, products — and, hardest, texts full of the
//! same words that report no incident (an information-security policy, a
//! seminar on leak prevention, a product named after 漏えい対策, a warning
//! about mail impersonating the firm). The vocabulary that tells them apart is
//! data (`vocab/relevance.tsv`): phrases of events (流出, 誤送信, 盗まれ …),
//! of data kinds (counted only beside an event) and of texts that are not
//! reports (ご注意ください, セミナー, 提供を開始, 事実はございません …). Phrases
//! are matched leftmost-longest, so a longer phrase hides a shorter one inside
//! it (`漏えい対策` hides `漏えい`). The verdict comes with its score and every
//! phrase that made it.
//!
//! The verdict itself is the learned model's ([`model`]): logistic regression
//! over the character n-grams of the title and the opening, trained on the
//! labelled sets of `testdata/relevance`. The phrases stay as the explanation a
//! reader checks (and as the fallback were the model missing).
//!
//! ```
//! let v = leakwatch_relevance::classify("メール誤送信に関するお詫び", "顧客のメールアドレスが表示されました。");
//! assert!(v.relevant, "{:?}", v.reasons);
//! let v = leakwatch_relevance::classify("情報漏えい防止セミナーのご案内", "漏えい対策の最新動向を解説します。");
//! assert!(!v.relevant, "{:?}", v.reasons);
//! ```

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

pub mod model;

/// The score (the model's probability, in percent) at or above which a text is relevant.
pub const THRESHOLD: i32 = 50;

/// The phrase score at or above which a text is relevant when no model is loaded.
pub const PHRASE_THRESHOLD: i32 = 3;

const MODEL: &str = include_str!("../vocab/model.tsv");

/// The model shipped with the crate (`vocab/model.tsv`).
pub fn shipped_model() -> Option<&'static model::Model> {
    static M: OnceLock<Option<model::Model>> = OnceLock::new();
    M.get_or_init(|| model::Model::parse(MODEL)).as_ref()
}

/// How much of the text is read after the title: the opening is where a
/// notice says what happened; further down, any notice mentions seminars,
/// policies and insurance.
pub const OPENING_CHARS: usize = 1200;

const VOCAB: &str = include_str!("../vocab/relevance.tsv");

/// What a phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Something happened to data or systems.
    Event,
    /// A kind of data.
    Data,
    /// The text is not a report of an incident.
    Against,
}

/// One phrase that counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The phrase.
    pub phrase: String,
    /// What it says.
    pub class: Class,
    /// What it added to the score.
    pub weight: i32,
    /// Whether it was in the title.
    pub in_title: bool,
}

/// An n-gram of the model that pushed the verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// The character n-gram.
    pub gram: String,
    /// What it added to the log-odds.
    pub weight: f64,
}

/// The verdict on one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Whether it is about an information leak (or an attack or loss that may be one).
    pub relevant: bool,
    /// The score: the model's probability in percent; relevant at [`THRESHOLD`] or more.
    pub score: i32,
    /// The phrases' score (relevant at [`PHRASE_THRESHOLD`] by the phrases alone).
    pub phrase_score: i32,
    /// Every phrase that counted, in the order found.
    pub reasons: Vec<Reason>,
    /// The model's n-grams that weighed most, either way.
    pub features: Vec<Feature>,
}

struct Vocab {
    ac: AhoCorasick,
    entries: Vec<(Class, i32, String)>,
}

fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| {
        let entries: Vec<(Class, i32, String)> = VOCAB
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let class = match f.next()? {
                    "event" => Class::Event,
                    "data" => Class::Data,
                    "against" => Class::Against,
                    _ => return None,
                };
                let weight = f.next()?.trim().parse().ok()?;
                let phrase = fold(f.next()?.trim());
                Some((class, weight, phrase))
            })
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.2.as_str()))
            .unwrap_or_else(|_| {
                AhoCorasick::new(Vec::<&str>::new()).unwrap_or_else(|_| unreachable!())
            });
        Vocab { ac, entries }
    })
}

/// The form text is matched in: NFKC, ASCII lowercased (English titles,
/// `DDoS`), and the kanji spelling 漏洩 as 漏えい.
pub(crate) fn fold(s: &str) -> String {
    s.nfkc()
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("漏洩", "漏えい")
}

/// Classifies a title and the text under it with the shipped model; the
/// phrases of the first [`OPENING_CHARS`] characters explain it.
pub fn classify(title: &str, text: &str) -> Verdict {
    classify_with(shipped_model(), title, text)
}

/// Classifies with `model` (`None`: by the phrases alone).
pub fn classify_with(model: Option<&model::Model>, title: &str, text: &str) -> Verdict {
    let (phrase_score, reasons) = phrases(title, text);
    match model {
        Some(m) => {
            let (p, parts) = m.probability(title, text);
            let score = (p * 100.0).round() as i32;
            Verdict {
                relevant: score >= THRESHOLD,
                score,
                phrase_score,
                reasons,
                features: parts
                    .into_iter()
                    .map(|(gram, weight)| Feature { gram, weight })
                    .collect(),
            }
        }
        None => Verdict {
            relevant: phrase_score >= PHRASE_THRESHOLD,
            score: phrase_score,
            phrase_score,
            reasons,
            features: Vec::new(),
        },
    }
}

/// The phrases' score and the phrases found.
fn phrases(title: &str, text: &str) -> (i32, Vec<Reason>) {
    let v = vocab();
    let title = fold(title);
    let opening: String = text.chars().take(OPENING_CHARS).collect();
    let body = fold(&opening);
    let mut reasons: Vec<Reason> = Vec::new();
    for (hay, in_title) in [(&title, true), (&body, false)] {
        for m in v.ac.find_iter(hay.as_str()) {
            let (class, weight, phrase) = &v.entries[m.pattern().as_usize()];
            if let Some(r) = reasons.iter_mut().find(|r| &r.phrase == phrase) {
                r.in_title |= in_title;
                continue;
            }
            reasons.push(Reason {
                phrase: phrase.clone(),
                class: *class,
                weight: *weight,
                in_title,
            });
        }
    }
    let events: i32 = reasons
        .iter()
        .filter(|r| r.class == Class::Event)
        .map(|r| r.weight + i32::from(r.in_title))
        .sum();
    let data: i32 = if events > 0 {
        reasons
            .iter()
            .filter(|r| r.class == Class::Data)
            .map(|r| r.weight)
            .sum::<i32>()
            .min(2)
    } else {
        0
    };
    let against: i32 = reasons
        .iter()
        .filter(|r| r.class == Class::Against)
        .map(|r| r.weight)
        .sum();
    (events + data + against, reasons)
}
