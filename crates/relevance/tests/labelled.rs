//! The relevance filter on its labelled sets. Five (`testdata/labelled.tsv`,
//! `testdata/holdout.tsv`, `testdata/relevance/{dev,blind,blind2}.jsonl`) are
//! what the shipped model is trained on: here they check that the shipped model
//! is the one those sets train (the figures on them are not estimates; the
//! leave-one-set-out bench gives those). The sealed set
//! (`testdata/relevance/blind3.jsonl`) is scored without printing what it
//! missed, so it stays unread.
//!
//! `cargo test -p leakwatch-relevance --test labelled -- --nocapture` prints the figures.

use leakwatch_relevance::model::{Model, parse_examples, train};
use leakwatch_relevance::{classify, classify_with, shipped_model};

/// The training sets, as `leakwatch classify --train` is run on them (README).
const TRAINING: [&str; 5] = [
    "labelled.tsv",
    "holdout.tsv",
    "dev.jsonl",
    "blind.jsonl",
    "blind2.jsonl",
];

struct Case {
    line: usize,
    relevant: bool,
    hard: bool,
    title: String,
    text: String,
}

/// The project's shared sets (`testdata/relevance/*.jsonl`, written blind by helpers).
fn jsonl(name: &str) -> Vec<Case> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/relevance")
        .join(name);
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1));
            Case {
                line: i + 1,
                relevant: v["relevant"]
                    .as_bool()
                    .unwrap_or_else(|| panic!("{name}:{}: relevant", i + 1)),
                hard: v["hard"].as_bool().unwrap_or(false),
                title: v["title"].as_str().unwrap_or_default().to_owned(),
                text: v["text"].as_str().unwrap_or_default().to_owned(),
            }
        })
        .collect()
}

fn cases(name: &str) -> Vec<Case> {
    if name.ends_with(".jsonl") {
        return jsonl(name);
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{name}:{}: four fields", i + 1);
            Case {
                line: i + 1,
                relevant: f[0] == "1",
                hard: f[1] == "hard",
                title: f[2].to_owned(),
                text: f[3].to_owned(),
            }
        })
        .collect()
}

/// (precision, recall, misclassified lines) with the shipped model.
fn score(name: &str) -> (f64, f64, Vec<String>) {
    score_with(name, shipped_model(), true)
}

/// (precision, recall, misclassified lines) with `model` (`None`: the phrases
/// alone); `print` says whether the misses are printed.
fn score_with(name: &str, model: Option<&Model>, print: bool) -> (f64, f64, Vec<String>) {
    let cases = cases(name);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for c in &cases {
        let v = classify_with(model, &c.title, &c.text);
        match (c.relevant, v.relevant) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            _ => {}
        }
        if c.relevant != v.relevant {
            let why: Vec<String> = v
                .reasons
                .iter()
                .map(|r| format!("{}{:+}", r.phrase, r.weight))
                .collect();
            wrong.push(format!(
                "{name}:{} {} {} score {} [{}] {}",
                c.line,
                if c.relevant { "missed" } else { "false alarm" },
                if c.hard { "(hard)" } else { "" },
                v.score,
                why.join(" "),
                c.title
            ));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let hard = cases.iter().filter(|c| c.hard).count();
    println!(
        "{name}: {} cases ({hard} hard, {} relevant): precision {precision:.3}, recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_})",
        cases.len(),
        cases.iter().filter(|c| c.relevant).count()
    );
    if print {
        for w in &wrong {
            println!("  {w}");
        }
    }
    (precision, recall, wrong)
}

#[test]
fn the_sets_are_large_and_hard_enough() {
    let labelled = cases("labelled.tsv");
    assert!(labelled.len() >= 150);
    assert!(labelled.iter().filter(|c| c.hard).count() * 3 >= labelled.len());
    let sealed = cases("blind3.jsonl");
    assert!(sealed.len() >= 150);
    assert!(sealed.iter().filter(|c| c.hard).count() * 3 >= sealed.len());
}

#[test]
fn the_shipped_model_is_the_one_its_sets_train() {
    // Retrained here as `leakwatch classify --train` trains it: every verdict
    // on every item is the same (vocab/model.tsv is current and reproducible).
    let mut examples = Vec::new();
    for name in TRAINING {
        let dir = if name.ends_with(".jsonl") {
            "../../testdata/relevance"
        } else {
            "testdata"
        };
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(dir)
            .join(name);
        let text = std::fs::read_to_string(&path).expect("read");
        examples.extend(parse_examples(&text).expect("parse"));
    }
    let fresh = train(&examples, 10.0, 600);
    let shipped = shipped_model().expect("the shipped model loads");
    assert_eq!(fresh.len(), shipped.len());
    for e in &examples {
        let a = classify_with(Some(&fresh), &e.title, &e.text);
        let b = classify_with(Some(shipped), &e.title, &e.text);
        assert_eq!(a.relevant, b.relevant, "{}", e.title);
        assert!(
            (a.score - b.score).abs() <= 1,
            "{}: {} vs {}",
            e.title,
            a.score,
            b.score
        );
    }
    // Trained on them, it fits them.
    for name in TRAINING {
        let (p, r, _) = score(name);
        assert!(
            p >= 0.97 && r >= 0.97,
            "{name}: precision {p:.3}, recall {r:.3}"
        );
    }
}

#[test]
fn the_phrases_alone_still_hold_on_the_sets_they_were_written_from() {
    // The fallback when no model loads, and the explanation beside a verdict.
    for (name, floor) in [
        ("labelled.tsv", 0.95),
        ("dev.jsonl", 0.95),
        ("blind2.jsonl", 0.95),
    ] {
        let (p, r, _) = score_with(name, None, true);
        assert!(
            p >= floor && r >= floor,
            "{name}: precision {p:.3}, recall {r:.3}"
        );
    }
}

#[test]
fn the_sealed_set_is_scored_unread() {
    // Its figures are logged in testdata/README.md (the model's first: P 0.872,
    // R 0.938); the floor only catches a filter gone wrong. Misses are not printed.
    let (p, r, _) = score_with("blind3.jsonl", shipped_model(), false);
    assert!(p >= 0.85 && r >= 0.9, "precision {p:.3}, recall {r:.3}");
    let v = classify(
        "個人情報流出のお詫び",
        "当社サーバーから顧客の氏名が流出しました。",
    );
    assert!(v.relevant && !v.features.is_empty(), "{v:?}");
}
