//! Sources to documents: files and folders (txt, md, html, pdf) become text,
//! the text is extracted, and both are stored. Every document, from any
//! source, goes through the one [`intake`].
//!
//! Every file stands alone: a file that cannot be read is an [`Error`] for that
//! file and the batch goes on; what is stored for a file commits in one
//! transaction (see `leakwatch_store::Store::ingest`), so a crash mid-batch
//! leaves whole documents or nothing, and a rerun skips what is already there.
//!
//! ```no_run
//! # async fn demo(store: &leakwatch_store::Store) {
//! let found = leakwatch_ingest::collect(&["samples".into()]);
//! for e in &found.errors {
//!     eprintln!("skipped: {e}");
//! }
//! for f in &found.files {
//!     let defaults = leakwatch_ingest::Metadata::default();
//!     let settings = leakwatch_ingest::Settings::default();
//!     match leakwatch_ingest::ingest_file(store, f, &defaults, &settings, None).await {
//!         Ok(outcome) => println!("{}: {outcome:?}", f.display()),
//!         Err(e) => eprintln!("skipped: {e}"),
//!     }
//! }
//! # }
//! ```

mod charset;
mod error;
mod html;
pub mod intake;
mod pdf;
pub mod synth;

use std::io::Read;
use std::path::{Path, PathBuf};

use leakwatch_extract::Analyzer;
use leakwatch_store::{Ingested, Store};

pub use crate::error::Error;
pub use crate::intake::{
    Format, Metadata, Prepared, Settings, SourceText, intake, intake_declared, intake_source,
    intake_text, plain_title, to_text_declared,
};

/// Documents stored per transaction by `leakwatch ingest` (see `Store::ingest_batch`).
pub const BATCH: usize = 64;

/// The file kinds read, by extension.
pub const EXTENSIONS: [&str; 6] = ["txt", "md", "markdown", "html", "htm", "pdf"];

/// The files found under some paths, and what could not be walked.
#[derive(Debug, Default)]
pub struct Collected {
    /// Every readable file (files as given, folders walked), sorted, once each.
    pub files: Vec<PathBuf>,
    /// Sub-folders that could not be read, link loops and the like: each is
    /// reported like a bad file, never dropped in silence.
    pub errors: Vec<Error>,
}

/// Every readable file under `paths` (files as given, folders walked), sorted,
/// once each; with an error for every part of a folder that could not be walked.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut out = Collected::default();
    for p in paths {
        if p.is_dir() {
            for entry in walkdir::WalkDir::new(p).follow_links(true) {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let path = e
                            .loop_ancestor()
                            .map(|a| e.path().map_or_else(|| a.to_owned(), Path::to_owned))
                            .or_else(|| e.path().map(Path::to_owned))
                            .unwrap_or_else(|| p.clone());
                        let message = match (e.loop_ancestor(), e.io_error()) {
                            (Some(a), _) => {
                                format!("a symbolic link loops back to {}", a.display())
                            }
                            (None, Some(io)) => io.to_string(),
                            (None, None) => e.to_string(),
                        };
                        out.errors.push(Error::Walk { path, message });
                        continue;
                    }
                };
                let path = entry.path();
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                if entry.file_type().is_file()
                    && ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
                {
                    out.files.push(path.to_owned());
                }
            }
        } else {
            out.files.push(p.clone());
        }
    }
    out.files.sort();
    out.files.dedup();
    out
}

fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let f = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    f.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(Error::TooLarge {
            location: path.display().to_string(),
            limit: max,
        });
    }
    Ok(bytes)
}

/// Reads one file as text, by its extension (anything else is read as plain text).
pub fn read(path: &Path, max_bytes: u64) -> Result<SourceText, Error> {
    let bytes = read_capped(path, max_bytes)?;
    let meta = Metadata {
        location: Some(path.display().to_string()),
        format: Format::from_path(path),
        ..Metadata::default()
    };
    intake::to_text(&bytes, &meta)
}

/// Reads and extracts one file (no storing): the CPU part of ingest.
/// `defaults` says what the caller knows of every file (a publication date or
/// a source type for a whole batch); the rest comes from the file.
pub fn prepare(
    path: &Path,
    defaults: &Metadata,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Prepared, Error> {
    let bytes = read_capped(path, settings.max_bytes)?;
    let meta = Metadata {
        location: Some(path.display().to_string()),
        format: Format::from_path(path),
        ..defaults.clone()
    };
    intake(&bytes, &meta, settings, analyzer)
}

/// Reads, extracts and stores one file.
pub async fn ingest_file(
    store: &Store,
    path: &Path,
    defaults: &Metadata,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Ingested, Error> {
    let p = prepare(path, defaults, settings, analyzer)?;
    store
        .ingest(&p.document, &p.extraction)
        .await
        .map_err(|source| Error::Store {
            location: path.display().to_string(),
            source,
        })
}
