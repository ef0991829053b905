//! The one error type of ingest.

use std::path::PathBuf;

/// Why one source could not be taken in. The batch goes on without it.
/// `location` is the path or URL the document came from.
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
    /// The document is larger than the limit.
    #[error("{location} is larger than the limit of {limit} bytes")]
    TooLarge {
        /// Where it came from.
        location: String,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not text we can read.
    #[error("{location}: {source}")]
    Decode {
        /// Where it came from.
        location: String,
        /// Why.
        source: leakwatch_extract::Error,
    },
    /// The PDF could not be read.
    #[error("{location}: not a readable PDF ({message})")]
    Pdf {
        /// Where it came from.
        location: String,
        /// What the PDF reader said.
        message: String,
    },
    /// The document has no text.
    #[error("{location}: no text in it")]
    Empty {
        /// Where it came from.
        location: String,
    },
    /// Storing failed.
    #[error("storing {location}: {source}")]
    Store {
        /// Where it came from.
        location: String,
        /// Why.
        source: leakwatch_store::Error,
    },
}
