//! The relevance model measured honestly: each labelled set of
//! `testdata/relevance` (and the crate's own two) held out in turn, the model
//! trained on the others and scored on it; then the shipped model's speed.
//! The sealed set (`blind3.jsonl`) is neither trained on nor scored here.
//!
//! ```sh
//! cargo bench -p leakwatch-relevance --bench crossval
//! ```

use std::path::PathBuf;
use std::time::Instant;

use leakwatch_relevance::model::{Example, parse_examples, train};
use leakwatch_relevance::{THRESHOLD, classify, classify_with};

/// The sets the shipped model is trained on, with where they came from.
const SETS: [(&str, &str); 5] = [
    ("crates/relevance/testdata/labelled.tsv", "labelled.tsv"),
    ("crates/relevance/testdata/holdout.tsv", "holdout.tsv"),
    ("testdata/relevance/dev.jsonl", "dev.jsonl"),
    ("testdata/relevance/blind.jsonl", "blind.jsonl"),
    ("testdata/relevance/blind2.jsonl", "blind2.jsonl"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &str) -> Vec<Example> {
    let text = std::fs::read_to_string(root().join(path)).expect("read");
    parse_examples(&text).expect("parse")
}

fn figures(model: Option<&leakwatch_relevance::model::Model>, set: &[Example]) -> (f64, f64) {
    let (mut tp, mut fp, mut fnn) = (0.0, 0.0, 0.0);
    for e in set {
        let v = classify_with(model, &e.title, &e.text);
        match (v.relevant, e.relevant) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fnn += 1.0,
            _ => {}
        }
    }
    (tp / f64::max(tp + fp, 1.0), tp / f64::max(tp + fnn, 1.0))
}

fn main() {
    let sets: Vec<(&str, Vec<Example>)> = SETS.iter().map(|(p, n)| (*n, load(p))).collect();
    println!("leave one set out (trained on the other four, C = 10, 600 iterations):");
    for (i, (name, held)) in sets.iter().enumerate() {
        let rest: Vec<Example> = sets
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, (_, s))| s.iter().cloned())
            .collect();
        let t = Instant::now();
        let m = train(&rest, 10.0, 600);
        let secs = t.elapsed().as_secs_f64();
        let (p, r) = figures(Some(&m), held);
        let (pp, pr) = figures(None, held);
        println!(
            "  {name:14} {:4} items  model P {p:.3} R {r:.3}   phrases (tuned on it) P {pp:.3} R {pr:.3}   trained on {} in {secs:.1} s",
            held.len(),
            rest.len()
        );
    }
    let all: Vec<&Example> = sets.iter().flat_map(|(_, s)| s.iter()).collect();
    let t = Instant::now();
    let mut relevant = 0;
    for e in &all {
        relevant += usize::from(classify(&e.title, &e.text).score >= THRESHOLD);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "shipped model: {} items classified in {:.1} ms ({:.0} items/s), {relevant} relevant",
        all.len(),
        secs * 1e3,
        all.len() as f64 / secs
    );
}
