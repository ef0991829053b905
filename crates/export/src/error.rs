//! The one error of the exports: the writer refused the bytes.

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The writer failed.
    #[error("writing the export: {0}")]
    Write(#[from] std::io::Error),
    /// A value could not be serialised (or its writer failed under serde).
    #[error("serialising the export: {0}")]
    Json(#[from] serde_json::Error),
}
