//! `leakwatch org` and `leakwatch orgs import`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use leakwatch_store::{GroupNode, OrgRow};

use super::incidents::line;

/// Show an organisation: its group tree and every incident of the group.
#[derive(Debug, Args)]
pub struct Org {
    /// Any of its names (株式会社X, X, (株)X, XHD …).
    pub name: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn print_tree(
    out: &mut impl Write,
    node: &GroupNode,
    depth: usize,
    focus: i64,
) -> std::io::Result<()> {
    let mark = if node.org.id == focus { "  ←" } else { "" };
    let code = node
        .org
        .securities_code
        .as_ref()
        .map(|c| {
            format!(
                " [{c}{}]",
                node.org
                    .market
                    .as_ref()
                    .map(|m| format!(" {m}"))
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    writeln!(
        out,
        "{}{}{code}{mark}",
        "  ".repeat(depth + 1),
        node.org.name
    )?;
    for c in &node.children {
        print_tree(out, c, depth + 1, focus)?;
    }
    Ok(())
}

impl Org {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let mut out = std::io::stdout().lock();
        let rt = ctx.runtime()?;
        let view = rt.block_on(async {
            let store = ctx.open_store().await?;
            let v = store.org(&self.name).await?;
            store.close().await;
            anyhow::Ok(v)
        })?;
        let Some(v) = view else {
            eprintln!("leakwatch: no organisation called {:?}", self.name);
            return Ok(ExitCode::FAILURE);
        };
        if self.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(out, "{}", v.org.name)?;
        if !v.org.aliases.is_empty() {
            writeln!(out, "  also: {}", v.org.aliases.join(", "))?;
        }
        writeln!(out, "group:")?;
        print_tree(&mut out, &v.group, 0, v.org.id)?;
        writeln!(out, "incidents of the group:")?;
        for i in &v.incidents {
            writeln!(out, "  {}", line(i))?;
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Organisation commands.
#[derive(Debug, Subcommand)]
pub enum Orgs {
    /// Load organisations from a CSV with a header: name, parent, securities_code, market.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

impl Orgs {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let Orgs::Import { file } = self;
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_path(&file)
            .with_context(|| format!("opening {}", file.display()))?;
        let mut rows = Vec::new();
        for (i, r) in reader.deserialize::<OrgRow>().enumerate() {
            rows.push(r.with_context(|| format!("{} row {}", file.display(), i + 1))?);
        }
        let rt = ctx.runtime()?;
        let n = rt.block_on(async {
            let store = ctx.open_store().await?;
            let n = store.import_orgs(&rows).await?;
            store.close().await;
            // Groups changed, and with them any incident's group facet: the
            // index starts over at its next sync (serve, ingest, reindex).
            let dir = ctx.index_dir();
            if dir.join("meta.json").is_file() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("removing the stale index {}", dir.display()))?;
                eprintln!("the search index will be rebuilt by the next serve, ingest or reindex");
            }
            anyhow::Ok(n)
        })?;
        eprintln!("imported {n} organisation row(s) from {}", file.display());
        Ok(ExitCode::SUCCESS)
    }
}
