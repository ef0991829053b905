//! `leakwatch judge`: every incident's flags judged again, as of today.

use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::ctx::Ctx;

/// Judge every stored incident's flags again, with the thresholds of the
/// configuration (`[flags]`) and today's date: after the thresholds changed, or
/// to raise what windows that closed since show (a parent that stayed silent).
/// The search index is brought up to date.
#[derive(Debug, Args)]
pub struct Judge {
    /// Only the incidents time alone can change (a subsidiary's, not yet found
    /// with a silent parent), as a running `watch` does every few hours.
    #[arg(long)]
    pub pending: bool,
}

impl Judge {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let rt = ctx.runtime()?;
        let started = std::time::Instant::now();
        let (total, changed) = rt.block_on(async {
            let store = ctx.open_store().await?;
            let (total, changed) = if self.pending {
                let changed = store.refresh_pending_flags().await?;
                (None, changed)
            } else {
                let bar = ProgressBar::new(0);
                bar.set_style(
                    ProgressStyle::with_template(
                        "judging {bar:40} {pos}/{len} {per_sec} eta {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                let mut seen = 0;
                let changed = store
                    .refresh_all_flags(&mut |done, total| {
                        seen = total;
                        bar.set_length(total as u64);
                        bar.set_position(done as u64);
                    })
                    .await?;
                bar.finish_and_clear();
                (Some(seen), changed)
            };
            let morph = crate::ctx::as_dyn(&ctx.analyzer());
            crate::commands::reindex::sync_or_warn(ctx, morph, &store).await;
            store.close().await;
            anyhow::Ok((total, changed))
        })?;
        let secs = started.elapsed().as_secs_f64();
        match total {
            Some(n) => eprintln!(
                "judged {n} incident(s) in {secs:.1} s; the flags of {} changed",
                changed.len()
            ),
            None => eprintln!(
                "judged the pending incidents in {secs:.1} s; the flags of {} changed",
                changed.len()
            ),
        }
        for id in &changed {
            println!("{id}");
        }
        Ok(ExitCode::SUCCESS)
    }
}
