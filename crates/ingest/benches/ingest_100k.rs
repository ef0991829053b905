//! Ingest benchmark: 100,000 generated disclosures (see `leakwatch_ingest::synth`)
//! extracted and stored into SQLite, and into PostgreSQL when
//! `LEAKWATCH_TEST_DATABASE_URL` is set. Reports documents per second (with the
//! extraction alone alongside), database size, peak memory, and the latency of
//! `incidents --org` and `show` at that size.
//!
//! ```sh
//! cargo bench -p leakwatch-ingest --bench ingest_100k
//! LEAKWATCH_BENCH_DOCS=20000 cargo bench -p leakwatch-ingest --bench ingest_100k   # a smaller run
//! LEAKWATCH_BENCH_BACKENDS=postgres …                                             # one backend
//! LEAKWATCH_BENCH_FLAGS=0 …                                                       # without judging flags
//! ```
//!
//! The loop is the one `leakwatch ingest` runs: extraction on the calling
//! thread, then one transaction per document. It asserts what it stored.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use leakwatch_extract::Analyzer;
use leakwatch_ingest::synth::{Corpus, SynthDoc};
use leakwatch_ingest::{Metadata, Settings, intake};
use leakwatch_store::{IncidentFilter, Ingested, NewDocument, Store};

/// Documents per transaction, as `leakwatch ingest` uses.
const BATCH: usize = leakwatch_ingest::BATCH;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

/// The store with the flags judged at ingest, as `leakwatch ingest` runs it;
/// `LEAKWATCH_BENCH_FLAGS=0` leaves them out, for the cost of judging.
fn judged(store: Store) -> Store {
    let on = std::env::var("LEAKWATCH_BENCH_FLAGS").map_or(true, |v| v != "0");
    println!("flags judged at ingest: {}", if on { "yes" } else { "no" });
    if on {
        store.with_judge(std::sync::Arc::new(leakwatch_analyze::Rules::new(
            leakwatch_analyze::Settings::default(),
        )))
    } else {
        store
    }
}

fn analyzer() -> Option<leakwatch_morph::Morph> {
    let dir = std::env::var_os("LEAKWATCH_DICT")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".local/share/leakwatch/ipadic-2.7.0"))
        })?;
    if !leakwatch_morph::is_built(&dir) {
        return None;
    }
    leakwatch_morph::Morph::load(&dir).ok()
}

/// Each generated document with what a source would know of it: where it is and when it was published.
fn documents(docs: &[SynthDoc]) -> Vec<(Metadata, String)> {
    docs.iter()
        .map(|d| {
            let meta = Metadata {
                location: Some(format!("synth/{}", d.name)),
                published: Some(d.published),
                ..Metadata::default()
            };
            (meta, d.text.clone())
        })
        .collect()
}

async fn bench_backend(
    label: &str,
    store: Store,
    docs: &[(Metadata, String)],
    analyzer: Option<&dyn Analyzer>,
) {
    let settings = Settings::default();
    let started = Instant::now();
    let mut extract_time = Duration::ZERO;
    let mut incidents = 0usize;
    // As `leakwatch ingest` does: extract a batch, store it in one transaction.
    for batch in docs.chunks(BATCH) {
        let t = Instant::now();
        // Through the one intake, as `leakwatch ingest` and the API do.
        let items: Vec<(NewDocument, leakwatch_model::Extraction)> = batch
            .iter()
            .map(|(meta, text)| {
                let p = intake(text.as_bytes(), meta, &settings, analyzer).expect("intake");
                (p.document, p.extraction)
            })
            .collect();
        extract_time += t.elapsed();
        for r in store.ingest_batch(&items).await {
            match r.expect("ingest") {
                Ingested::Stored { incidents: i, .. } => incidents += i.len(),
                Ingested::Duplicate { .. } => panic!("generated documents are unique"),
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let health = store.health().await.expect("health");
    assert_eq!(health.documents as usize, docs.len());
    assert_eq!(health.orphans, 0);
    let size = store.size_bytes().await.expect("size") as f64 / (1024.0 * 1024.0);

    // Latency at this size: organisations and incidents drawn from the store.
    let sample = store
        .incidents(&IncidentFilter {
            limit: Some(400),
            ..IncidentFilter::default()
        })
        .await
        .expect("list");
    let mut by_org = Vec::new();
    let mut show = Vec::new();
    for inc in sample.iter().take(400) {
        let t = Instant::now();
        let list = store
            .incidents(&IncidentFilter {
                org: Some(inc.organization.clone()),
                ..IncidentFilter::default()
            })
            .await
            .expect("by org");
        by_org.push(t.elapsed());
        assert!(!list.is_empty());
        let t = Instant::now();
        let detail = store.incident(inc.id).await.expect("show");
        show.push(t.elapsed());
        assert!(detail.is_some());
    }
    by_org.sort();
    show.sort();
    println!(
        "{label:<10} {:>7} docs {:>7.1} s {:>7.0} docs/s (extraction alone {:>6.0} docs/s, {:>4.0}% of the time) | {} incidents, {} organisations, {} facts | db {:>6.1} MiB | peak RSS {:>6.1} MiB | incidents --org p50 {:.2} ms p99 {:.2} ms | show p50 {:.2} ms p99 {:.2} ms",
        docs.len(),
        secs,
        docs.len() as f64 / secs,
        docs.len() as f64 / extract_time.as_secs_f64(),
        100.0 * extract_time.as_secs_f64() / secs,
        health.incidents,
        health.organizations,
        health.facts,
        size,
        peak_rss_mib(),
        percentile(&by_org, 0.5),
        percentile(&by_org, 0.99),
        percentile(&show, 0.5),
        percentile(&show, 0.99),
    );
    assert!(
        incidents >= docs.len() / 2,
        "most documents speak of an incident"
    );
    store.close().await;
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not used here.
    let n: usize = std::env::var("LEAKWATCH_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let docs: Vec<SynthDoc> = Corpus::new(42).take(n).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let docs = documents(&docs);
    let morph = analyzer();
    println!(
        "corpus: {n} generated documents, {:.1} MiB, held in memory by the benchmark \
         (RSS {:.0} MiB before any store); analyzer: {}",
        bytes as f64 / (1024.0 * 1024.0),
        peak_rss_mib(),
        if morph.is_some() {
            "lindera + IPADIC"
        } else {
            "off (no dictionary built)"
        }
    );
    let an = morph.as_ref().map(|m| m as &dyn Analyzer);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    rt.block_on(async {
        let store = judged(
            Store::open(path.to_str().expect("utf-8"))
                .await
                .expect("open sqlite"),
        );
        bench_backend("sqlite", store, &docs, an).await;
    });
    if let Ok(url) = std::env::var("LEAKWATCH_TEST_DATABASE_URL") {
        rt.block_on(async {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let name = format!("leakwatch_bench_{}", std::process::id());
            let mut admin = sqlx::AnyConnection::connect(&url).await.expect("connect");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
                .expect("create database");
            let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
            let store = judged(
                Store::open(&format!("{base}/{name}"))
                    .await
                    .expect("open postgres"),
            );
            bench_backend("postgres", store, &docs, an).await;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name}")))
                .execute(&mut admin)
                .await
                .expect("drop database");
        });
    } else {
        println!("postgres   skipped: LEAKWATCH_TEST_DATABASE_URL is not set");
    }
}
