//! `leakwatch documents`: stored documents with their location, title, date,
//! source and the incidents they feed.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

/// List stored documents, newest first.
#[derive(Debug, Args)]
pub struct Documents {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Published on or after (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Only those from this watched source.
    #[arg(long)]
    pub source: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 1000)]
    pub limit: i64,
}

impl Documents {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let rt = ctx.runtime()?;
        let rows = rt.block_on(async {
            let store = ctx.open_store().await?;
            let rows = store
                .documents(self.since, self.source.as_deref(), self.limit.max(0))
                .await?;
            store.close().await;
            anyhow::Ok(rows)
        })?;
        let mut out = std::io::stdout().lock();
        if self.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            return Ok(ExitCode::SUCCESS);
        }
        for d in &rows {
            let incidents: Vec<String> = d.incidents.iter().map(|i| format!("#{i}")).collect();
            writeln!(
                out,
                "{}  {}  {}  [{}]  {}\n  {}",
                d.published.as_deref().unwrap_or("-"),
                d.source.as_deref().unwrap_or("-"),
                d.title.as_deref().unwrap_or("(無題)"),
                if incidents.is_empty() {
                    "-".to_owned()
                } else {
                    incidents.join(" ")
                },
                d.id,
                d.location
            )?;
        }
        Ok(ExitCode::SUCCESS)
    }
}
