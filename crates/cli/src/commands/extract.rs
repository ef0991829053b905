//! `leakwatch extract`: one document in, `{"incidents": [...]}` out.

use std::io::Read;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use leakwatch_extract::{Analyzer, DEFAULT_MAX_BYTES, Options, extract_bytes};
use leakwatch_model::{Extraction, SourceType};

/// Extract incidents from one disclosure text.
#[derive(Debug, Args)]
pub struct Extract {
    /// The file to read, or `-` for standard input.
    pub file: String,
    /// Publication date (YYYY-MM-DD); relative dates resolve against it. Default: today.
    #[arg(long)]
    pub published: Option<NaiveDate>,
    /// What kind of document it is.
    #[arg(long, value_parser = parse_source_type)]
    pub source_type: Option<SourceType>,
    /// Indent the JSON for people.
    #[arg(long)]
    pub pretty: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// The compiled dictionary folder (default: $LEAKWATCH_DICT or the user data dir).
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Do not use the morphological analyzer.
    #[arg(long)]
    pub no_morph: bool,
}

/// Parses a `--source-type` value.
pub fn parse_source_type(s: &str) -> Result<SourceType, String> {
    s.parse().map_err(|_| {
        let names: Vec<&str> = SourceType::ALL.iter().map(|t| t.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

/// Reads a file or standard input, refusing more than `max` bytes.
pub fn read_input(file: &str, max: usize) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let limit = max as u64 + 1;
    if file == "-" {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("opening {file}"))?;
        f.take(limit)
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {file}"))?;
    }
    Ok(bytes)
}

/// Today's date, for a document whose publication date is not given.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Extracts from `bytes` with the options of this command.
pub fn run_one(
    bytes: &[u8],
    opts: &Options,
    analyzer: Option<&dyn Analyzer>,
) -> anyhow::Result<Extraction> {
    let (out, _) = extract_bytes(bytes, opts, analyzer)?;
    Ok(out)
}

impl Extract {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let bytes = read_input(&self.file, self.max_bytes)?;
        let opts = Options {
            published: self.published.unwrap_or_else(today),
            source_type: self.source_type,
            max_bytes: self.max_bytes,
        };
        let morph = crate::analyzer::load(self.dict.as_deref(), self.no_morph);
        let out = run_one(&bytes, &opts, morph.as_ref().map(|m| m as &dyn Analyzer))
            .with_context(|| format!("extracting from {}", self.file))?;
        for d in &out.diagnostics {
            tracing::info!(code = %d.code, "{}", d.message);
        }
        let json = if self.pretty {
            serde_json::to_string_pretty(&out)?
        } else {
            serde_json::to_string(&out)?
        };
        writeln!(std::io::stdout().lock(), "{json}")?;
        Ok(ExitCode::SUCCESS)
    }
}
