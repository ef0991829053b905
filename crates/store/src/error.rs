//! The one error type of the store.

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database said no.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration could not be applied.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored JSON column could not be read or written.
    #[error("stored incident detail is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The `--db` value is neither a path nor a `postgres://` URL.
    #[error("cannot open store {0:?}: give a file path, sqlite:PATH or postgres://…")]
    Location(String),
    /// A CSV row of organisations is unusable.
    #[error("organisation row {row}: {message}")]
    OrgRow {
        /// 1-based row number.
        row: usize,
        /// What is wrong with it.
        message: String,
    },
}
