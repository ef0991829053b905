//! The one error type of ingest.

use std::path::PathBuf;

/// Why one source could not be read. The batch goes on without it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A folder could not be walked in full: an unreadable sub-folder, a
    /// symbolic-link loop, a file that vanished while it was listed.
    #[error("cannot walk {path}: {message}")]
    Walk {
        /// Where the walk failed.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The file is larger than the limit.
    #[error("{path} is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not text we can read.
    #[error("{path}: {source}")]
    Decode {
        /// The file.
        path: PathBuf,
        /// Why.
        source: leakwatch_extract::Error,
    },
    /// The PDF could not be read.
    #[error("{path}: not a readable PDF ({message})")]
    Pdf {
        /// The file.
        path: PathBuf,
        /// What the PDF reader said.
        message: String,
    },
    /// The document has no text.
    #[error("{path}: no text in it")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Storing failed.
    #[error("storing {path}: {source}")]
    Store {
        /// The file.
        path: PathBuf,
        /// Why.
        source: leakwatch_store::Error,
    },
}
