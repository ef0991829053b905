//! `leakwatch histories`: score linking and flags against incident histories
//! (`testdata/histories`): each history is fed, in its own order, into a fresh
//! SQLite store with the analyst's catalogue, judged as on its `as_of` day, and
//! compared with what a careful reader finds.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use leakwatch_eval::histories::{History, HistoryReport, Judged, load_histories, score_history};
use leakwatch_eval::prf;
use leakwatch_extract::Analyzer;
use leakwatch_ingest::{Metadata, prepare};
use leakwatch_model::SourceType;
use leakwatch_store::{IncidentFilter, OrgRow, Store};

/// Score document linking and flags against a folder of incident histories.
#[derive(Debug, Args)]
pub struct Histories {
    /// A folder of histories (`NN-slug/case.json` + documents).
    pub dir: PathBuf,
    /// Only the histories whose folder name contains this.
    #[arg(long)]
    pub only: Option<String>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// List every miss.
    #[arg(long)]
    pub verbose: bool,
}

impl Histories {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let mut all = load_histories(&self.dir)?;
        if let Some(o) = &self.only {
            all.retain(|h| h.name.contains(o.as_str()));
        }
        if all.is_empty() {
            anyhow::bail!(
                "no histories (folders with a case.json) in {}",
                self.dir.display()
            );
        }
        let morph = ctx.analyzer();
        let analyzer = morph.as_deref().map(|m| m as &dyn Analyzer);
        let rt = ctx.runtime()?;
        let scratch = tempfile::tempdir().context("creating a scratch folder")?;
        let bar = ProgressBar::new(all.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let mut report = HistoryReport::default();
        for (n, h) in all.iter().enumerate() {
            bar.set_message(h.name.clone());
            let db = scratch.path().join(format!("{n}.db"));
            let found = rt
                .block_on(judge_history(ctx, h, &db, analyzer))
                .with_context(|| format!("history {}", h.name))?;
            score_history(&mut report, h, &found);
            bar.inc(1);
        }
        bar.finish_and_clear();
        let mut out = std::io::stdout().lock();
        if self.json {
            let flags: serde_json::Map<String, serde_json::Value> = report
                .flags
                .iter()
                .map(|(code, t)| (code.clone(), figures(t)))
                .collect();
            let v = serde_json::json!({
                "cases": report.cases,
                "incidents": figures(&report.incidents),
                "links": figures(&report.links),
                "affected": figures(&report.affected),
                "link_accuracy": report.link_accuracy(),
                "flags": flags,
                "flags_all": figures(&report.flags_total()),
                "misses": report.misses,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        } else {
            if self.verbose {
                for m in &report.misses {
                    writeln!(
                        out,
                        "{}  {}  {}: {}",
                        m.case, m.organization, m.what, m.detail
                    )?;
                }
            }
            write!(out, "{}", report.table())?;
        }
        Ok(ExitCode::SUCCESS)
    }
}

fn figures(t: &leakwatch_eval::Tally) -> serde_json::Value {
    let (p, r, f) = prf(t);
    serde_json::json!({"tp": t.tp, "fp": t.fp, "fn": t.fn_, "precision": p, "recall": r, "f1": f})
}

/// Feeds one history into a fresh store and reads back what it judged.
async fn judge_history(
    ctx: &crate::ctx::Ctx,
    h: &History,
    db: &Path,
    analyzer: Option<&dyn Analyzer>,
) -> anyhow::Result<Vec<Judged>> {
    let as_of: chrono::NaiveDate = h.as_of.parse().context("as_of")?;
    let rules = leakwatch_analyze::Rules::new(ctx.config().flags.clone()).as_of(as_of);
    let store = crate::ctx::open_store(&db.display().to_string())
        .await?
        .with_judge(Arc::new(rules));
    let rows: Vec<OrgRow> = h
        .orgs
        .iter()
        .map(|o| OrgRow {
            name: o.name.clone(),
            parent: o.parent.clone(),
            securities_code: o.securities_code.clone(),
            market: o.market.clone(),
        })
        .collect();
    if !rows.is_empty() {
        store.import_orgs(&rows).await?;
    }
    let settings = ctx.config().intake_settings();
    for d in &h.documents {
        let source_type: SourceType = d
            .source
            .parse()
            .map_err(|_| anyhow::anyhow!("unknown source {:?}", d.source))?;
        let meta = Metadata {
            published: Some(d.published.parse().context("published")?),
            source_type: Some(source_type),
            ..Metadata::default()
        };
        let p = prepare(&h.dir.join(&d.file), &meta, &settings, analyzer)?;
        store.ingest(&p.document, &p.extraction).await?;
    }
    let found = judged(&store).await;
    store.close().await;
    found
}

async fn judged(store: &Store) -> anyhow::Result<Vec<Judged>> {
    let filter = IncidentFilter {
        limit: Some(10_000),
        ..IncidentFilter::default()
    };
    Ok(store
        .incidents(&filter)
        .await?
        .into_iter()
        .map(|i| Judged {
            organization: i.organization,
            documents: i
                .documents
                .iter()
                .filter_map(|d| {
                    Path::new(&d.location)
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                })
                .collect(),
            affected: i.parties.iter().map(|p| p.name.clone()).collect(),
            flags: i.flags.iter().map(|f| f.code.as_str().to_owned()).collect(),
        })
        .collect())
}
