//! `leakwatch stats`: what the store holds and whether it is consistent, or
//! (`--by`) the incidents counted by cause, month, data kind, organisation or group.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use leakwatch_report::{By, Row, tally};
use leakwatch_store::IncidentFilter;

/// What `--by` counts by.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ByArg {
    /// The cause class.
    Cause,
    /// The month of disclosure.
    Month,
    /// Each kind of data affected.
    Data,
    /// The organisation.
    Org,
    /// The group (the parent company, else the organisation).
    Group,
}

impl From<ByArg> for By {
    fn from(b: ByArg) -> By {
        match b {
            ByArg::Cause => By::Cause,
            ByArg::Month => By::Month,
            ByArg::Data => By::Data,
            ByArg::Org => By::Org,
            ByArg::Group => By::Group,
        }
    }
}

/// Row counts of the store and rows that point at nothing (must be 0), or a tally.
#[derive(Debug, Args)]
pub struct Stats {
    /// Count incidents by this instead: incidents, records affected, late disclosures, lags.
    #[arg(long, value_enum)]
    pub by: Option<ByArg>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

impl Stats {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        if let Some(by) = self.by {
            return self.tally(ctx, by.into());
        }
        let rt = ctx.runtime()?;
        let h = rt.block_on(async {
            let store = ctx.open_store().await?;
            let h = store.health().await?;
            store.close().await;
            anyhow::Ok(h)
        })?;
        let mut out = std::io::stdout().lock();
        if self.json {
            writeln!(out, "{}", serde_json::to_string(&h)?)?;
        } else {
            writeln!(
                out,
                "documents {}\nincidents {}\nfacts {}\norganizations {}\norphans {}",
                h.documents, h.incidents, h.facts, h.organizations, h.orphans
            )?;
        }
        Ok(if h.orphans == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }

    fn tally(&self, ctx: &crate::ctx::Ctx, by: By) -> anyhow::Result<ExitCode> {
        let list = all_incidents(ctx)?;
        let rows = tally(&list, by);
        let mut out = std::io::stdout().lock();
        if self.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        } else {
            write!(out, "{}", table(by, &rows))?;
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Every stored incident, as listed.
pub fn all_incidents(
    ctx: &crate::ctx::Ctx,
) -> anyhow::Result<Vec<leakwatch_store::IncidentSummary>> {
    let rt = ctx.runtime()?;
    rt.block_on(async {
        let store = ctx.open_store().await?;
        let filter = IncidentFilter {
            limit: Some(u32::MAX),
            ..IncidentFilter::default()
        };
        let l = store.incidents(&filter).await?;
        store.close().await;
        anyhow::Ok(l)
    })
}

/// A tally as an aligned table with Japanese headings.
fn table(by: By, rows: &[Row]) -> String {
    let days = |d: Option<i64>| d.map_or_else(|| "—".to_owned(), |d| d.to_string());
    let mut s = format!(
        "{}\t事案\t件数・人数\t件数公表\t公表遅れ\t報告対象\t日数中央値\t最長日数\n",
        by.title_ja()
    );
    for r in rows {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.label,
            r.incidents,
            leakwatch_report::thousands(r.records),
            r.with_count,
            r.late,
            r.ppc_required,
            days(r.median_lag_days),
            days(r.worst_lag_days)
        ));
    }
    s
}
