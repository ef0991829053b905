//! `leakwatch serve`: the web app and API over the store.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use leakwatch_server::{AppState, ServeOptions, router};
use leakwatch_text::Analyzer;

use crate::config::Overrides;
use crate::ctx::Ctx;

/// Serve the store over HTTP: dashboard, search, API, feed (loopback by default).
#[derive(Debug, Args)]
pub struct Serve {
    /// Where to listen (serve.addr; default 127.0.0.1:8080). Anything but loopback exposes
    /// the store to the network.
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// Bearer token that write endpoints (POST /api/v1/documents) require; without one they
    /// are off. A token on the command line is visible to other users in `ps`: prefer
    /// LEAKWATCH_TOKEN or --token-file.
    #[arg(long)]
    pub token: Option<String>,
    /// Read the bearer token from this file (its first line; serve.token_file).
    #[arg(long, conflicts_with = "token")]
    pub token_file: Option<PathBuf>,
    /// Seconds a client has to send a request's headers (serve.header_timeout; default 10).
    #[arg(long)]
    pub header_timeout: Option<u64>,
    /// Connections served at once; more wait in the kernel's queue (serve.max_connections;
    /// default 512).
    #[arg(long)]
    pub max_connections: Option<u64>,
}

impl Serve {
    /// The configuration keys this command's flags set.
    pub fn overrides(&self, o: &mut Overrides) {
        o.set("serve.addr", self.addr.map(|a| a.to_string()));
        o.set("serve.token", self.token.clone());
        o.set(
            "serve.token_file",
            self.token_file.as_ref().map(|p| p.display().to_string()),
        );
        o.set(
            "serve.header_timeout",
            self.header_timeout.map(|s| format!("{s}s")),
        );
        o.set("serve.max_connections", self.max_connections);
    }

    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let config = ctx.config();
        let token = config.token()?;
        let opts = config.serve_options();
        let addr = config.serve.addr;
        let morph = crate::ctx::as_dyn(&ctx.analyzer());
        let rt = ctx.runtime()?;
        rt.block_on(async {
            let store = ctx.open_store().await?;
            let state = state(ctx, morph, store, token).await?;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            eprintln!("leakwatch: serving http://{}/", listener.local_addr()?);
            serve(listener, state, &opts).await
        })?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The server's state: the store and its index, caught up with the store.
pub async fn state(
    ctx: &Ctx,
    morph: Option<Arc<dyn Analyzer>>,
    store: leakwatch_store::Store,
    token: Option<String>,
) -> anyhow::Result<AppState> {
    let index = ctx.open_index(morph.clone())?;
    match index.sync(&store).await {
        Ok(0) => {}
        Ok(n) => eprintln!("leakwatch: search index caught up ({n} incident(s))"),
        Err(e) => {
            eprintln!("leakwatch: the search index could not catch up ({e}); searching what it has")
        }
    }
    let rules = ctx.config().alert.iter().map(|a| a.name.clone()).collect();
    Ok(AppState::new(store, index, morph, token).with_alert_rules(rules))
}

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    opts: &ServeOptions,
) -> anyhow::Result<()> {
    let store = state.store.clone();
    let stopped = leakwatch_server::serve(
        listener,
        router(state),
        opts.clone(),
        leakwatch_server::shutdown_signal(),
    )
    .await
    .context("serving")?;
    if stopped.abandoned > 0 {
        eprintln!(
            "leakwatch: stopped; {} connection(s) did not finish in time",
            stopped.abandoned
        );
    } else {
        eprintln!("leakwatch: stopped");
    }
    store.close().await;
    Ok(())
}
