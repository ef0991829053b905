//! `leakwatch sources`: each watched source's last success, last error, items seen and stored.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

/// Show each source's state: last success, last error, items seen and stored.
#[derive(Debug, Args)]
pub struct Sources {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn when(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(
            || "-".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M:%SZ").to_string(),
        )
}

impl Sources {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let configured = crate::watch_config::sources(&ctx.config().source)?;
        let rt = ctx.runtime()?;
        let mut rows = rt.block_on(async {
            let store = ctx.open_store().await?;
            let rows = store.sources().await?;
            store.close().await;
            anyhow::Ok(rows)
        })?;
        // Configured sources never watched yet are listed too.
        for s in &configured {
            if !rows.iter().any(|r| r.name == s.name) {
                rows.push(leakwatch_store::SourceRow {
                    name: s.name.clone(),
                    kind: s.kind.as_str().to_owned(),
                    url: s.url.clone(),
                    ..Default::default()
                });
            }
        }
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        let mut out = std::io::stdout().lock();
        if self.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            return Ok(ExitCode::SUCCESS);
        }
        for r in &rows {
            let configured = configured.iter().any(|s| s.name == r.name);
            writeln!(
                out,
                "{}{}  {}  {}\n  last success {}  seen {}  stored {}{}",
                r.name,
                if configured {
                    ""
                } else {
                    " (no longer configured)"
                },
                r.kind,
                r.url,
                when(r.last_success),
                r.items_seen,
                r.items_stored,
                r.last_error
                    .as_ref()
                    .map(|e| format!("\n  last error {}: {e}", when(r.last_error_at)))
                    .unwrap_or_default()
            )?;
        }
        Ok(ExitCode::SUCCESS)
    }
}
