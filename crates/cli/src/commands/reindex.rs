//! `leakwatch reindex`: the search index rebuilt from the store.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use leakwatch_search::SearchIndex;
use leakwatch_store::Store;
use leakwatch_text::Analyzer;

use crate::ctx::Ctx;

/// Rebuild the search index from every incident in the store (`--no-morph`:
/// words split on spaces and punctuation only, no dictionary).
#[derive(Debug, Args)]
pub struct Reindex {}

/// Rebuilds `index` from `store` with a progress bar; returns the incidents indexed.
pub async fn rebuild(index: &SearchIndex, store: &Store) -> anyhow::Result<usize> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("indexing {bar:40} {pos}/{len} {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let n = index
        .rebuild(store, &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await?;
    bar.finish_and_clear();
    Ok(n)
}

impl Reindex {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let morph = crate::ctx::as_dyn(&ctx.analyzer());
        let dir = ctx.index_dir();
        // A rebuild may change the analyzer: start from an empty folder.
        if dir.join("meta.json").is_file() {
            std::fs::remove_dir_all(&dir)?;
        }
        let index = ctx.open_index(morph)?;
        let rt = ctx.runtime()?;
        let started = std::time::Instant::now();
        let n = rt.block_on(async {
            let store = ctx.open_store().await?;
            let n = rebuild(&index, &store).await?;
            store.close().await;
            anyhow::Ok(n)
        })?;
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "indexed {n} incident(s) in {secs:.1} s ({:.0}/s); {} holds {:.1} MiB",
            n as f64 / secs.max(1e-9),
            index.dir().display(),
            index.size_bytes() as f64 / 1_048_576.0
        );
        Ok(ExitCode::SUCCESS)
    }
}

/// Brings the index up to date after a write; a failure is a warning (the
/// store is the truth, and `leakwatch reindex` repairs the index).
pub async fn sync_or_warn(ctx: &Ctx, morph: Option<Arc<dyn Analyzer>>, store: &Store) {
    let outcome = async {
        let index = ctx.open_index(morph)?;
        anyhow::Ok(index.sync(store).await?)
    }
    .await;
    match outcome {
        Ok(n) => tracing::info!(incidents = n, "search index updated"),
        Err(e) => eprintln!(
            "leakwatch: the search index was not updated ({e:#}); run `leakwatch reindex`"
        ),
    }
}
