//! End-to-end extraction throughput with the morphological analyzer: bytes in
//! (decode, NFKC, structure, recognizers, lindera checks of name candidates),
//! incidents out, over a corpus of at least 1 MB of the project's own documents.
//!
//! Needs Debian's mecab-ipadic (the dictionary is built into a temp dir once).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leakwatch_extract::{Analyzer, Options, extract_bytes};
use leakwatch_morph::{DEBIAN_IPADIC, Morph, build_dictionary};

fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold");
    let mut docs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("testdata/gold")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read(p).expect("text"))
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
    let dir = tempfile::tempdir().expect("temp dir");
    let dict = dir.path().join("ipadic");
    build_dictionary(Path::new(DEBIAN_IPADIC), &dict)
        .expect("mecab-ipadic installed (apt-get install mecab-ipadic)");
    let morph = Morph::load(&dict).expect("dictionary loads");
    let analyzer: &dyn Analyzer = &morph;
    let docs = corpus();
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let opts = Options::new("2024-06-01".parse().expect("date"));
    let incidents: usize = docs
        .iter()
        .map(|d| extract_bytes(d, &opts, Some(analyzer)).map_or(0, |(o, _)| o.incidents.len()))
        .sum();
    assert!(incidents >= docs.len(), "every document yields an incident");

    let mut g = c.benchmark_group("end_to_end");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("extract_with_analyzer", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    extract_bytes(black_box(d), &opts, Some(analyzer))
                        .map_or(0, |(o, _)| o.incidents.len())
                })
                .sum::<usize>()
        })
    });
    g.bench_function("tokenize_only", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    morph
                        .tokens(std::str::from_utf8(black_box(d)).unwrap_or(""))
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    // Wall time above counts whatever else the machine runs; the figure per
    // core is the bytes over the CPU time this thread itself spent.
    if let Some(start) = thread_cpu_ns() {
        let passes = 5;
        for _ in 0..passes {
            for d in &docs {
                black_box(
                    extract_bytes(black_box(d), &opts, Some(analyzer))
                        .map_or(0, |(o, _)| o.incidents.len()),
                );
            }
        }
        if let Some(end) = thread_cpu_ns() {
            let secs = (end - start) as f64 / 1e9;
            let mib = (bytes * passes) as f64 / f64::from(1 << 20);
            println!(
                "end_to_end/extract_with_analyzer per core: {:.2} MiB/s ({mib:.1} MiB in {secs:.2} s of this thread's CPU time)",
                mib / secs
            );
        }
    }
}

/// Nanoseconds this thread has run on a CPU (Linux: the first field of
/// `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

criterion_group!(benches, bench);
criterion_main!(benches);
