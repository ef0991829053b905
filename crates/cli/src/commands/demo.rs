//! `leakwatch demo`: a fresh SQLite store with the project's sample
//! disclosures, its search index, and the web app on loopback.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use leakwatch_extract::Analyzer;
use leakwatch_ingest::{Metadata, collect};

/// Start the demo: sample documents in, dashboard up (a fresh store each time).
#[derive(Debug, Args)]
pub struct Demo {
    /// Where to listen (serve.addr; default 127.0.0.1:8080).
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// The sample documents (default: `samples/` of the source tree).
    #[arg(long)]
    pub samples: Option<PathBuf>,
    /// Load the store and index, print the URL it would serve, and exit.
    #[arg(long)]
    pub no_serve: bool,
}

fn samples_dir(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_owned());
    }
    [
        PathBuf::from("samples"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
    .context("no samples/ folder here or in the source tree; pass --samples DIR")
}

impl Demo {
    /// The configuration keys this command's flags set.
    pub fn overrides(&self, o: &mut crate::config::Overrides) {
        o.set("serve.addr", self.addr.map(|a| a.to_string()));
    }

    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let samples = samples_dir(self.samples.as_deref())?;
        // The demo's own folder is wiped each time; a store named by --db (or
        // the config) must be a new SQLite file.
        let (db, index_dir) = if ctx.store_is_default() {
            let dir = dirs::data_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("leakwatch")
                .join("demo");
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("clearing {}", dir.display()))?;
            }
            std::fs::create_dir_all(&dir)?;
            let db = dir.join("demo.db").display().to_string();
            let index_dir = ctx
                .config()
                .store
                .index
                .clone()
                .unwrap_or_else(|| dir.join("index"));
            (db, index_dir)
        } else {
            let db = ctx.store_location().to_owned();
            anyhow::ensure!(
                !Path::new(&db).exists() && !db.contains("://"),
                "demo needs a new SQLite file; {db} exists or is a server"
            );
            (db, ctx.index_dir())
        };
        let addr = ctx.config().serve.addr;
        let morph = ctx.analyzer();
        let analyzer = morph.as_deref().map(|m| m as &dyn Analyzer);
        let rt = ctx.runtime()?;
        let store = rt
            .block_on(crate::ctx::open_store(&db))?
            .with_judge(ctx.judge());
        let found = collect(std::slice::from_ref(&samples));
        for e in &found.errors {
            eprintln!("leakwatch demo: skipped {e}");
        }
        let files = found.files;
        eprintln!(
            "leakwatch demo: reading {} sample document(s) from {} into {db}",
            files.len(),
            samples.display()
        );
        let t = super::ingest::ingest_files(
            &rt,
            &store,
            &files,
            &Metadata::default(),
            &ctx.config().intake_settings(),
            analyzer,
        );
        let index = crate::ctx::open_index(&index_dir, crate::ctx::as_dyn(&morph))?;
        let n = rt.block_on(super::reindex::rebuild(&index, &store))?;
        eprintln!(
            "leakwatch demo: {} document(s) stored, {} skipped; {} incident(s) indexed",
            t.stored, t.failed, n
        );
        if self.no_serve {
            println!("http://{addr}/");
            rt.block_on(store.close());
            return Ok(ExitCode::SUCCESS);
        }
        rt.block_on(async {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            let state =
                leakwatch_server::AppState::new(store, index, crate::ctx::as_dyn(&morph), None);
            println!("http://{}/", listener.local_addr()?);
            eprintln!("leakwatch demo: open the URL above; Ctrl-C stops");
            super::serve::serve(listener, state, &ctx.config().serve_options()).await
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
