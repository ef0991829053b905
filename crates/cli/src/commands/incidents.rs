//! `leakwatch incidents`: list stored incidents.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use leakwatch_model::{Cause, FlagCode, PartialDate};
use leakwatch_store::{IncidentFilter, IncidentSummary};

fn parse_cause(s: &str) -> Result<Cause, String> {
    s.parse().map_err(|_| {
        let names: Vec<&str> = Cause::ALL.iter().map(|c| c.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

fn parse_flag(s: &str) -> Result<FlagCode, String> {
    s.parse().map_err(|_| {
        let names: Vec<&str> = FlagCode::ALL.iter().map(|c| c.as_str()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

/// The filter options shared by `incidents` and `export`.
#[derive(Debug, Args)]
pub struct Filter {
    /// An organisation (any of its names); its subsidiaries' incidents are included.
    #[arg(long)]
    pub org: Option<String>,
    /// A cause class.
    #[arg(long, value_parser = parse_cause)]
    pub cause: Option<Cause>,
    /// Only incidents carrying this flag (late_disclosure, parent_silent …).
    #[arg(long, value_parser = parse_flag)]
    pub flag: Option<FlagCode>,
    /// Disclosed on or after (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Disclosed on or before (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<NaiveDate>,
    /// At most this many.
    #[arg(long)]
    pub limit: Option<u32>,
}

impl Filter {
    pub fn to_filter(&self) -> IncidentFilter {
        IncidentFilter {
            org: self.org.clone(),
            cause: self.cause,
            flag: self.flag,
            since: self.since,
            until: self.until,
            limit: self.limit,
            offset: None,
        }
    }
}

/// List stored incidents, newest first.
#[derive(Debug, Args)]
pub struct Incidents {
    #[command(flatten)]
    pub filter: Filter,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn date(d: Option<PartialDate>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.to_string())
}

/// One line per incident, for people.
pub fn line(i: &IncidentSummary) -> String {
    let counts: Vec<String> = i
        .counts
        .iter()
        .map(|c| format!("{}{}", c.value, c.unit))
        .collect();
    let flags: Vec<&str> = i.flags.iter().map(|f| f.code.as_str()).collect();
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!("  flags: {}", flags.join(","))
    };
    format!(
        "#{:<6} {:<10} {:<20} {}{}  occurred {}  disclosed {}  {}  [{} doc(s)]{flags}",
        i.id,
        date(i.disclosed),
        i.cause.map_or("-", |c| c.as_str()),
        i.organization,
        i.parent
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default(),
        date(i.occurred),
        date(i.disclosed),
        counts.join(" "),
        i.documents.len()
    )
}

impl Incidents {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let mut out = std::io::stdout().lock();
        let rt = ctx.runtime()?;
        let list = rt.block_on(async {
            let store = ctx.open_store().await?;
            let list = store.incidents(&self.filter.to_filter()).await?;
            store.close().await;
            anyhow::Ok(list)
        })?;
        if self.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        } else {
            for i in &list {
                writeln!(out, "{}", line(i))?;
            }
            eprintln!("{} incident(s)", list.len());
        }
        Ok(ExitCode::SUCCESS)
    }
}
