//! Sources to documents: files and folders (txt, md, html, pdf) become text,
//! the text is extracted, and both are stored.
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
//!     let opts = leakwatch_ingest::Settings::default();
//!     match leakwatch_ingest::ingest_file(store, f, &opts, None).await {
//!         Ok(outcome) => println!("{}: {outcome:?}", f.display()),
//!         Err(e) => eprintln!("skipped: {e}"),
//!     }
//! }
//! # }
//! ```

mod error;
mod html;
pub mod synth;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use leakwatch_extract::{Analyzer, Options, extract_text};
use leakwatch_model::{Extraction, SourceType};
use leakwatch_store::{Ingested, NewDocument, Store};

pub use crate::error::Error;

/// Documents stored per transaction by `leakwatch ingest` (see `Store::ingest_batch`).
pub const BATCH: usize = 64;

/// The file kinds read, by extension.
pub const EXTENSIONS: [&str; 6] = ["txt", "md", "markdown", "html", "htm", "pdf"];

/// How to read a batch.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Publication date for every file; otherwise each file's dateline, else today.
    pub published: Option<NaiveDate>,
    /// Source type for every file.
    pub source_type: Option<SourceType>,
    /// Files larger than this are refused.
    pub max_bytes: u64,
    /// The date used when a file states none.
    pub today: NaiveDate,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            published: None,
            source_type: None,
            max_bytes: 64 * 1024 * 1024,
            today: chrono::Local::now().date_naive(),
        }
    }
}

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

/// A file read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The text; evidence offsets point into it.
    pub text: String,
    /// Its title, where the format has one.
    pub title: Option<String>,
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
            path: path.to_owned(),
            limit: max,
        });
    }
    Ok(bytes)
}

fn decode(path: &Path, bytes: &[u8]) -> Result<String, Error> {
    leakwatch_extract::decode::decode(bytes)
        .map(|d| d.text)
        .map_err(|source| Error::Decode {
            path: path.to_owned(),
            source,
        })
}

/// Reads one file as text, by its extension (anything else is read as plain text).
pub fn read(path: &Path, max_bytes: u64) -> Result<SourceText, Error> {
    let bytes = read_capped(path, max_bytes)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let out = match ext.as_str() {
        "html" | "htm" => html::to_text(&decode(path, &bytes)?),
        "pdf" => SourceText {
            text: pdf_text(path, &bytes)?,
            title: None,
        },
        "md" | "markdown" => {
            let text = decode(path, &bytes)?;
            let title = text
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .map(|t| t.trim().to_owned());
            // Heading marks off, so a heading reads as a heading line.
            let text = text
                .lines()
                .map(|l| l.trim_start_matches('#').trim_start())
                .collect::<Vec<_>>()
                .join("\n");
            SourceText { text, title }
        }
        _ => {
            let text = decode(path, &bytes)?;
            let title = plain_title(&text);
            SourceText { text, title }
        }
    };
    if out.text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_owned(),
        });
    }
    Ok(out)
}

/// The title of a plain-text notice: the first short line that reads like one
/// (…のお知らせ, …のお詫び, …について, 【第2報】…), else the first line that is not a date.
fn plain_title(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(12)
        .collect();
    let titled = lines.iter().find(|l| {
        l.chars().count() <= 80
            && (l.ends_with("お知らせ")
                || l.ends_with("お詫び")
                || l.ends_with("について")
                || l.ends_with("）")
                || l.starts_with('【'))
    });
    titled
        .or_else(|| {
            lines
                .iter()
                .find(|l| leakwatch_extract::dateline(l).is_none())
        })
        .map(|l| (*l).to_owned())
}

/// The text of a PDF. The PDF reader panics on some malformed or unusual files;
/// that is caught here and becomes an error for this file only.
fn pdf_text(path: &Path, bytes: &[u8]) -> Result<String, Error> {
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(Error::Pdf {
            path: path.to_owned(),
            message: e.to_string(),
        }),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "the PDF reader gave up".to_owned());
            Err(Error::Pdf {
                path: path.to_owned(),
                message,
            })
        }
    }
}

/// A file read and extracted, ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The document.
    pub document: NewDocument,
    /// What was extracted from it.
    pub extraction: Extraction,
}

/// Reads and extracts one file (no storing): the CPU part of ingest.
pub fn prepare(
    path: &Path,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Prepared, Error> {
    let src = read(path, settings.max_bytes)?;
    let published = settings
        .published
        .or_else(|| leakwatch_extract::dateline(&src.text))
        .unwrap_or(settings.today);
    let source_type = settings
        .source_type
        .unwrap_or_else(|| leakwatch_extract::guess_source_type(&src.text));
    let opts = Options::new(published).with_source_type(Some(source_type));
    let extraction = extract_text(&src.text, &opts, analyzer);
    Ok(Prepared {
        document: NewDocument {
            location: path.display().to_string(),
            title: src.title,
            source_type: Some(source_type),
            published: Some(published),
            body: src.text,
        },
        extraction,
    })
}

/// Reads, extracts and stores one file.
pub async fn ingest_file(
    store: &Store,
    path: &Path,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Ingested, Error> {
    let p = prepare(path, settings, analyzer)?;
    store
        .ingest(&p.document, &p.extraction)
        .await
        .map_err(|source| Error::Store {
            path: path.to_owned(),
            source,
        })
}
