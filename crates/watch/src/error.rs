//! The one error type of watch.

/// Why a source's pass failed. The other sources go on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The list (or page) could not be fetched.
    #[error(transparent)]
    Fetch(#[from] leakwatch_fetch::Error),
    /// The list is not in the shape its kind reads.
    #[error("{url}: not a readable {kind} ({what})")]
    Parse {
        /// The list's URL.
        url: String,
        /// The source kind.
        kind: &'static str,
        /// What is wrong, in words.
        what: String,
    },
    /// A document could not be taken in.
    #[error(transparent)]
    Intake(#[from] leakwatch_ingest::Error),
    /// The store failed.
    #[error("the store: {0}")]
    Store(#[from] leakwatch_store::Error),
    /// Some items of the source failed; the rest were taken in.
    #[error("{failed} of {total} items failed (first: {first})")]
    Items {
        /// How many failed.
        failed: usize,
        /// How many were tried.
        total: usize,
        /// The first failure.
        first: String,
    },
}
