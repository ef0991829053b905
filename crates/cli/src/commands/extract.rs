//! `leakwatch extract`: one document in, `{"incidents": [...]}` out.

use std::io::Read;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use leakwatch_extract::{Analyzer, DEFAULT_MAX_BYTES};
use leakwatch_ingest::{Format, Metadata, Prepared, Settings};
use leakwatch_model::SourceType;

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

/// Takes one document in through the intake (the same as `ingest` and the API).
pub fn run_one(
    bytes: &[u8],
    meta: &Metadata,
    max_bytes: usize,
    analyzer: Option<&dyn Analyzer>,
) -> anyhow::Result<Prepared> {
    let settings = Settings {
        max_bytes: max_bytes as u64,
        today: today(),
    };
    Ok(leakwatch_ingest::intake(bytes, meta, &settings, analyzer)?)
}

impl Extract {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let bytes = read_input(&self.file, self.max_bytes)?;
        let meta = Metadata {
            location: (self.file != "-").then(|| self.file.clone()),
            title: None,
            published: self.published,
            source_type: self.source_type,
            format: if self.file == "-" {
                Format::Text
            } else {
                Format::from_path(std::path::Path::new(&self.file))
            },
        };
        let morph = ctx.analyzer();
        let out = match run_one(
            &bytes,
            &meta,
            self.max_bytes,
            morph.as_deref().map(|m| m as &dyn Analyzer),
        ) {
            Ok(prepared) => prepared.extraction,
            // A document with no text has no incidents (`ingest` skips it as empty).
            Err(e)
                if e.downcast_ref::<leakwatch_ingest::Error>()
                    .is_some_and(|e| matches!(e, leakwatch_ingest::Error::Empty { .. })) =>
            {
                leakwatch_model::Extraction::default()
            }
            Err(e) => return Err(e.context(format!("extracting from {}", self.file))),
        };
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
