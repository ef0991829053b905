//! Where the store is, and opening it on a runtime.

use anyhow::Context;
use leakwatch_store::Store;

/// The store location: `--db`, else `$LEAKWATCH_DB` (clap reads it), else a
/// SQLite file under the user's data directory.
pub fn location(explicit: Option<&str>) -> String {
    if let Some(l) = explicit {
        return l.to_owned();
    }
    let data = dirs::data_dir().unwrap_or_else(std::env::temp_dir);
    leakwatch_store::default_sqlite_path(&data)
        .display()
        .to_string()
}

/// A runtime for the commands that talk to the store.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
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
pub async fn open(db: Option<&str>) -> anyhow::Result<Store> {
    let loc = location(db);
    Store::open(&loc)
        .await
        .with_context(|| format!("opening the store at {}", leakwatch_store::redact(&loc)))
}

/// The search index folder: `--index`, else beside the SQLite file (or under
/// the user's data directory for a server).
pub fn index_dir(db: Option<&str>, explicit: Option<&std::path::Path>) -> std::path::PathBuf {
    if let Some(p) = explicit {
        return p.to_owned();
    }
    let data = dirs::data_dir().unwrap_or_else(std::env::temp_dir);
    leakwatch_search::default_dir(&location(db), &data)
}

/// Opens the search index, with the analyzer when there is one.
pub fn open_index(
    db: Option<&str>,
    explicit: Option<&std::path::Path>,
    morph: Option<std::sync::Arc<leakwatch_morph::Morph>>,
) -> anyhow::Result<leakwatch_search::SearchIndex> {
    let dir = index_dir(db, explicit);
    match leakwatch_search::SearchIndex::open(&dir, morph.clone()) {
        // Built with another analyzer or layout: start it over (the store has everything).
        Err(leakwatch_search::Error::Stale { found, wanted }) => {
            eprintln!(
                "leakwatch: the search index at {} was built with {found}; rebuilding it with {wanted}",
                dir.display()
            );
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("removing {}", dir.display()))?;
            leakwatch_search::SearchIndex::open(&dir, morph)
        }
        other => other,
    }
    .with_context(|| format!("opening the search index at {}", dir.display()))
}
