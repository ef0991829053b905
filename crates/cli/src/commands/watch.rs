//! `leakwatch watch`: the schedule of `[[source]]`s, or every source once (`--once`).

use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

/// Watch the configured sources: fetch, filter, take in, alert.
#[derive(Debug, Args)]
pub struct Watch {
    /// Every source once, then exit (the exit code is 1 when any source failed).
    #[arg(long)]
    pub once: bool,
}

impl Watch {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let config = ctx.config();
        let sources = crate::watch_config::sources(&config.source)?;
        let rules = crate::watch_config::alerts(&config.alert)?;
        anyhow::ensure!(
            !sources.is_empty(),
            "no [[source]] in the configuration (see leakwatch.example.toml)"
        );
        let analyzer = crate::ctx::as_dyn(&ctx.analyzer());
        let fetcher = Arc::new(leakwatch_fetch::Fetcher::new(
            config.watch.fetch_settings(),
        )?);
        let options = leakwatch_watch::Options {
            every: config.watch.every,
            lease: config.watch.lease,
            holder: format!(
                "{}:{}",
                std::env::var("HOSTNAME").unwrap_or_else(|_| "host".to_owned()),
                std::process::id()
            ),
            intake: config.intake_settings(),
            ..leakwatch_watch::Options::default()
        };
        let rt = ctx.runtime()?;
        rt.block_on(async {
            let store = ctx.open_store().await?;
            let watcher = leakwatch_watch::Watcher::new(
                store.clone(),
                fetcher.clone(),
                options,
                analyzer,
                rules,
            );
            tracing::info!(sources = sources.len(), once = self.once, "watch starting");
            let code = if self.once {
                let reports = watcher.run_once(&sources).await;
                // Run from cron, each pass also closes the windows that days closed.
                let rejudged = watcher.rejudge().await;
                let failed = reports.iter().filter(|r| r.error.is_some()).count();
                let totals = fetcher.totals();
                tracing::info!(
                    sources = reports.len(),
                    failed,
                    new = reports.iter().map(|r| r.new).sum::<usize>(),
                    stored = reports.iter().map(|r| r.stored).sum::<usize>(),
                    alerts = reports.iter().map(|r| r.alerts).sum::<usize>(),
                    rejudged,
                    requests = totals.requests,
                    bytes = totals.bytes,
                    "pass done"
                );
                if failed == 0 {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            } else {
                watcher
                    .run(&sources, leakwatch_server::shutdown_signal())
                    .await;
                tracing::info!("watch stopped");
                ExitCode::SUCCESS
            };
            store.close().await;
            anyhow::Ok(code)
        })
    }
}
