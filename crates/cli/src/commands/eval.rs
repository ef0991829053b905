//! `leakwatch eval`: score the extractor against a gold folder, as `shared/eval/score.py` does.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use leakwatch_eval::{Report, load_cases, score_case};
use leakwatch_extract::{Analyzer, DEFAULT_MAX_BYTES};
use leakwatch_ingest::Metadata;
use serde_json::Value;

use super::extract::run_one;

/// Score the extractor against a gold folder.
#[derive(Debug, Args)]
pub struct Eval {
    /// A folder of `<case>.txt` + `<case>.json` pairs.
    pub dir: PathBuf,
    /// Print the scores as JSON (the reference scorer's `--json` shape).
    #[arg(long)]
    pub json: bool,
    /// List every mismatch.
    #[arg(long)]
    pub verbose: bool,
}

impl Eval {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let cases = load_cases(&self.dir)?;
        let morph = ctx.analyzer();
        let analyzer = morph.as_deref().map(|m| m as &dyn Analyzer);
        let mut report = Report::default();
        for case in &cases {
            let predicted = (|| -> anyhow::Result<Vec<Value>> {
                let published = case
                    .published
                    .parse()
                    .with_context(|| format!("published date {:?}", case.published))?;
                let bytes = std::fs::read(&case.text_path)
                    .with_context(|| format!("reading {}", case.text_path.display()))?;
                // What `leakwatch extract --published DATE FILE` does, as the reference scorer runs it.
                let meta = Metadata {
                    published: Some(published),
                    ..Metadata::default()
                };
                let out = run_one(&bytes, &meta, DEFAULT_MAX_BYTES, analyzer)?.extraction;
                Ok(serde_json::to_value(out.incidents)?
                    .as_array()
                    .cloned()
                    .unwrap_or_default())
            })();
            let predicted = match predicted {
                Ok(p) => Some(p),
                Err(e) => {
                    if self.verbose {
                        println!("{}: ERROR {e:#}", case.name);
                    }
                    None
                }
            };
            score_case(&mut report, case, predicted);
        }
        if self.json {
            println!("{}", report.to_json());
        } else {
            if self.verbose {
                for m in &report.misses {
                    println!(
                        "{} {} {}: gold={} pred={}",
                        m.case, m.organization, m.field, m.gold, m.predicted
                    );
                }
            }
            print!("{}", report.table());
        }
        Ok(ExitCode::SUCCESS)
    }
}
