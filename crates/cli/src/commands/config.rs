//! `leakwatch config`: the configuration in effect, and where each value came from.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use crate::ctx::Ctx;

/// Print the configuration in effect: every key, its value and its origin
/// (default, the config file, an environment variable, a flag); passwords and
/// tokens redacted.
#[derive(Debug, Args)]
pub struct ShowConfig {
    /// As JSON: `[{"key", "value", "origin"}]`.
    #[arg(long)]
    pub json: bool,
}

impl ShowConfig {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let eff = ctx.loaded.effective();
        let mut out = std::io::stdout().lock();
        if self.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&eff)?)?;
            return Ok(ExitCode::SUCCESS);
        }
        match &ctx.loaded.file {
            Some(f) => writeln!(out, "# config file: {}", f.display())?,
            None => writeln!(
                out,
                "# config file: none ({} does not exist)",
                crate::config::default_file().map_or_else(
                    || "no config directory".to_owned(),
                    |f| f.display().to_string()
                )
            )?,
        }
        let width = eff
            .iter()
            .map(|e| e.key.len() + e.value.len())
            .max()
            .unwrap_or(0)
            + 3;
        for e in &eff {
            let line = format!("{} = {}", e.key, e.value);
            writeln!(out, "{line:<width$} # {}", e.origin)?;
        }
        writeln!(
            out,
            "# search index in effect: {}",
            ctx.index_dir().display()
        )?;
        Ok(ExitCode::SUCCESS)
    }
}
