//! `leakwatch stats`: what the store holds, and whether it is consistent.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

/// Row counts of the store and rows that point at nothing (must be 0).
#[derive(Debug, Args)]
pub struct Stats {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

impl Stats {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
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
}
