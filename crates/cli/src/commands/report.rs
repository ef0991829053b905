//! `leakwatch report`: the monthly report, in Markdown or as an HTML page with charts.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use leakwatch_report::Monthly;

/// Report formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Markdown with tables.
    Md,
    /// A standalone HTML page with SVG charts.
    Html,
}

/// Write the monthly report: counts by cause and data kind, records affected,
/// disclosure lags, new repeat offenders, silent parents, late PPC reports.
#[derive(Debug, Args)]
pub struct Report {
    /// The month, `YYYY-MM`.
    #[arg(long, value_parser = parse_month)]
    pub month: String,
    /// The format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_month(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m").to_string())
        .map_err(|_| format!("expected a month as YYYY-MM, got {s:?}"))
}

impl Report {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let list = super::stats::all_incidents(ctx)?;
        let m = Monthly::build(&list, &self.month);
        let text = match self.format {
            Format::Md => m.to_markdown(),
            Format::Html => m.to_html(),
        };
        match &self.out {
            Some(p) => {
                std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?
            }
            None => std::io::stdout().lock().write_all(text.as_bytes())?,
        }
        eprintln!("report {}: {} incident(s)", self.month, m.incidents.len());
        Ok(ExitCode::SUCCESS)
    }
}
