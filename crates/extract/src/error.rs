//! The one error type of this crate.

/// Why a document could not be read at all.
///
/// Odd text never fails extraction (it yields fewer facts and diagnostics);
/// only input that is not text does.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not text in any encoding we read.
    #[error("input is not text in UTF-8, UTF-16, Shift_JIS or EUC-JP ({0})")]
    Undecodable(String),
    /// The bytes look like a binary file.
    #[error("input looks like binary data ({0})")]
    Binary(String),
    /// The input is larger than the configured limit.
    #[error("input is larger than the limit of {limit} bytes (read at least {size})")]
    TooLarge {
        /// How many bytes were read before giving up (at least `limit + 1`).
        size: usize,
        /// The limit.
        limit: usize,
    },
}
