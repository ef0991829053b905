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
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// Opens (and migrates) the store.
pub async fn open(db: Option<&str>) -> anyhow::Result<Store> {
    let loc = location(db);
    Store::open(&loc)
        .await
        .with_context(|| format!("opening the store at {loc}"))
}
