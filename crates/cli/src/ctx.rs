//! What every command gets: the configuration in effect, and the ways to open
//! what it names (the store, its search index, the analyzer).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use leakwatch_morph::{Morph, build_dictionary};
use leakwatch_store::Store;
use leakwatch_text::Analyzer;

use crate::config::{Config, Loaded};

/// The context of one command.
#[derive(Debug)]
pub struct Ctx {
    /// The configuration and where each value came from.
    pub loaded: Loaded,
}

impl Ctx {
    /// The configuration in effect.
    pub fn config(&self) -> &Config {
        &self.loaded.config
    }

    /// Where the store is.
    pub fn store_location(&self) -> &str {
        &self.loaded.config.store.url
    }

    /// Whether the store location is the built-in default (no flag, file or variable named one).
    pub fn store_is_default(&self) -> bool {
        self.loaded
            .effective()
            .iter()
            .any(|e| e.key == "store.url" && e.origin == "default")
    }

    /// A runtime for the commands that talk to the store.
    pub fn runtime(&self) -> anyhow::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            // Searches and extraction run on blocking threads: more of them than
            // cores only adds memory (a malloc arena each) and context switches.
            .max_blocking_threads(8)
            .enable_all()
            .build()
            .context("starting the async runtime")
    }

    /// Opens (and migrates) the store.
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        Ok(open_store(self.store_location())
            .await?
            .with_judge(self.judge()))
    }

    /// The search index folder.
    pub fn index_dir(&self) -> PathBuf {
        self.config().index_dir()
    }

    /// Opens the search index (rebuilding it from scratch when it was built
    /// with another analyzer or layout: the store has everything).
    pub fn open_index(
        &self,
        analyzer: Option<Arc<dyn Analyzer>>,
    ) -> anyhow::Result<leakwatch_search::SearchIndex> {
        open_index(&self.index_dir(), analyzer)
    }

    /// The compiled dictionary folder.
    pub fn dictionary_dir(&self) -> &Path {
        &self.config().analyzer.dictionary
    }

    /// Builds the dictionary at `dir` from the configured sources if it is not there yet.
    pub fn ensure_dictionary(&self, dir: &Path) -> anyhow::Result<()> {
        if leakwatch_morph::is_built(dir) {
            return Ok(());
        }
        let src = &self.config().analyzer.sources;
        eprintln!(
            "leakwatch: building the IPADIC dictionary from {} into {} (once)",
            src.display(),
            dir.display()
        );
        build_dictionary(src, dir)
            .with_context(|| format!("building the dictionary into {}", dir.display()))
    }

    /// The analyzer, building the dictionary on first use; `None` (with a
    /// warning) when it is off or cannot be had, so that everything still works.
    pub fn analyzer(&self) -> Option<Arc<Morph>> {
        if !self.config().analyzer.enabled {
            return None;
        }
        let dir = self.dictionary_dir();
        let loaded = self
            .ensure_dictionary(dir)
            .and_then(|()| Morph::load(dir).map_err(anyhow::Error::from));
        match loaded {
            Ok(m) => Some(Arc::new(m)),
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "morphological analysis off; extracting with character rules only");
                None
            }
        }
    }
}

/// The analyzer as the stages see it.
pub fn as_dyn(morph: &Option<Arc<Morph>>) -> Option<Arc<dyn Analyzer>> {
    morph.clone().map(|m| m as Arc<dyn Analyzer>)
}

/// Opens (and migrates) the store at `location`; a password in it never reaches the message.
impl Ctx {
    /// The flagging rules with the configured thresholds (`[flags]`).
    pub fn judge(&self) -> Arc<dyn leakwatch_model::Judge> {
        Arc::new(
            leakwatch_analyze::Rules::new(self.config().flags.clone())
                .ticking(|| chrono::Local::now().date_naive()),
        )
    }
}

pub async fn open_store(location: &str) -> anyhow::Result<Store> {
    Store::open(location)
        .await
        .with_context(|| format!("opening the store at {}", leakwatch_store::redact(location)))
}

/// Opens the search index at `dir`, starting it over when it was built with
/// another analyzer or layout.
pub fn open_index(
    dir: &Path,
    analyzer: Option<Arc<dyn Analyzer>>,
) -> anyhow::Result<leakwatch_search::SearchIndex> {
    match leakwatch_search::SearchIndex::open(dir, analyzer.clone()) {
        Err(leakwatch_search::Error::Stale { found, wanted }) => {
            eprintln!(
                "leakwatch: the search index at {} was built with {found}; rebuilding it with {wanted}",
                dir.display()
            );
            std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
            leakwatch_search::SearchIndex::open(dir, analyzer)
        }
        other => other,
    }
    .with_context(|| format!("opening the search index at {}", dir.display()))
}
