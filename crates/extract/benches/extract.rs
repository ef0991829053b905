//! Throughput of each extraction stage over a corpus of at least 1 MB built from
//! the project's own gold documents (`testdata/gold`), one extraction per document.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leakwatch_extract::{Options, date, extract_text, normalize::Normalized, text};

/// The gold documents, repeated until they reach 1 MiB.
pub fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold");
    let mut docs: Vec<String> = std::fs::read_dir(&dir)
        .expect("testdata/gold")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("text"))
        .collect();
    docs.sort();
    let mut out = Vec::new();
    let mut size = 0;
    while size < 1 << 20 {
        for d in &docs {
            size += d.len();
            out.push(d.clone());
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let opts = Options::new("2024-06-01".parse().expect("date"));
    // What it produced, so that a benchmark of nothing cannot pass.
    let incidents: usize = docs
        .iter()
        .map(|d| extract_text(d, &opts, None).incidents.len())
        .sum();
    assert!(
        incidents >= docs.len(),
        "every gold document yields an incident ({incidents} for {} docs)",
        docs.len()
    );

    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("normalize", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| Normalized::new(black_box(d)).text.len())
                .sum::<usize>()
        })
    });
    g.bench_function("structure", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| text::structure(black_box(d)).1.len())
                .sum::<usize>()
        })
    });
    g.bench_function("dates", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| date::find_dates(black_box(d)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("organisations", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| leakwatch_extract::org::find_mentions(black_box(d)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("full_no_analyzer", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| extract_text(black_box(d), &opts, None).incidents.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
