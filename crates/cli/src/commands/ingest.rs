//! `leakwatch ingest`: files and folders in, documents and incidents stored.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use leakwatch_extract::Analyzer;
use leakwatch_ingest::{Metadata, Settings, collect, prepare};
use leakwatch_model::SourceType;
use leakwatch_store::Ingested;

use super::extract::parse_source_type;

/// Read files and folders (txt, md, html, pdf), extract and store them.
#[derive(Debug, Args)]
pub struct Ingest {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Publication date for every file (default: each file's dateline, else today).
    #[arg(long)]
    pub published: Option<NaiveDate>,
    /// What kind of documents they are.
    #[arg(long, value_parser = parse_source_type)]
    pub source_type: Option<SourceType>,
    /// Refuse files larger than this many bytes (ingest.max_bytes; default 64 MiB).
    #[arg(long)]
    pub max_bytes: Option<u64>,
    /// Do not update the search index (`leakwatch reindex` catches up later).
    #[arg(long)]
    pub no_index: bool,
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct Tally {
    pub stored: usize,
    pub duplicates: usize,
    pub failed: usize,
    pub new_incidents: usize,
    pub linked: usize,
}

impl Ingest {
    /// The configuration keys this command's flags set.
    pub fn overrides(&self, o: &mut crate::config::Overrides) {
        o.set("ingest.max_bytes", self.max_bytes);
    }

    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let found = collect(&self.paths);
        for e in &found.errors {
            eprintln!("leakwatch: skipped {e}");
        }
        let files = found.files;
        let morph = ctx.analyzer();
        let analyzer = morph.as_deref().map(|m| m as &dyn Analyzer);
        let defaults = Metadata {
            published: self.published,
            source_type: self.source_type,
            ..Metadata::default()
        };
        let settings = ctx.config().intake_settings();
        let rt = ctx.runtime()?;
        let store = rt.block_on(ctx.open_store())?;
        let started = std::time::Instant::now();
        let t = ingest_files(&rt, &store, &files, &defaults, &settings, analyzer);
        if !self.no_index {
            rt.block_on(super::reindex::sync_or_warn(
                ctx,
                crate::ctx::as_dyn(&morph),
                &store,
            ));
        }
        rt.block_on(store.close());
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "ingested {} file(s) in {secs:.1} s ({:.0}/s): {} stored, {} already there, {} failed; {} new incident(s), {} link(s) to known ones",
            files.len(),
            files.len() as f64 / secs.max(1e-9),
            t.stored,
            t.duplicates,
            t.failed + found.errors.len(),
            t.new_incidents,
            t.linked
        );
        Ok(if t.failed + found.errors.len() > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    }
}

/// Extracts and stores `files` in batches (one transaction each, every document
/// all-or-nothing), with a progress bar; bad files are reported and skipped.
pub fn ingest_files(
    rt: &tokio::runtime::Runtime,
    store: &leakwatch_store::Store,
    files: &[PathBuf],
    defaults: &Metadata,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Tally {
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut t = Tally::default();
    // Extraction is CPU work on this thread; each batch of documents is then
    // stored in one transaction (each document all-or-nothing).
    for chunk in files.chunks(leakwatch_ingest::BATCH) {
        let mut ready = Vec::with_capacity(chunk.len());
        for path in chunk {
            bar.set_message(path.display().to_string());
            match prepare(path, defaults, settings, analyzer) {
                Ok(p) => ready.push((path, (p.document, p.extraction))),
                Err(e) => {
                    t.failed += 1;
                    bar.suspend(|| eprintln!("leakwatch: skipped {e}"));
                    tracing::debug!(path = %path.display(), error = %e, "skipped");
                    bar.inc(1);
                }
            }
        }
        let (paths, items): (Vec<_>, Vec<_>) = ready.into_iter().unzip();
        for (path, outcome) in paths.iter().zip(rt.block_on(store.ingest_batch(&items))) {
            match outcome {
                Ok(Ingested::Stored { incidents, .. }) => {
                    t.stored += 1;
                    for (_, created) in incidents {
                        if created {
                            t.new_incidents += 1;
                        } else {
                            t.linked += 1;
                        }
                    }
                }
                Ok(Ingested::Duplicate { .. }) => t.duplicates += 1,
                Err(e) => {
                    t.failed += 1;
                    bar.suspend(|| eprintln!("leakwatch: could not store {}: {e}", path.display()));
                    tracing::debug!(path = %path.display(), error = %e, "not stored");
                }
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    t
}
