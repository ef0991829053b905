//! `leakwatch serve`: the web app and API over the store.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use leakwatch_server::{AppState, ServeOptions, router};

/// Serve the store over HTTP: dashboard, search, API, feed (loopback by default).
#[derive(Debug, Args)]
pub struct Serve {
    /// Where to listen. Anything but loopback exposes the store to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token that write endpoints (POST /api/v1/documents) require; without one they
    /// are off. A token on the command line is visible to other users in `ps`: prefer
    /// LEAKWATCH_TOKEN or --token-file.
    #[arg(long, env = "LEAKWATCH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Read the bearer token from this file (its first line).
    #[arg(long, conflicts_with = "token")]
    pub token_file: Option<PathBuf>,
    /// Seconds a client has to send a request's headers.
    #[arg(long, default_value_t = 10)]
    pub header_timeout: u64,
    /// Connections served at once; more wait in the kernel's queue.
    #[arg(long, default_value_t = 512)]
    pub max_connections: usize,
    /// The compiled dictionary folder.
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Do not use the morphological analyzer.
    #[arg(long)]
    pub no_morph: bool,
}

/// The token from `--token-file`: its first line, trimmed.
pub fn read_token_file(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the token file {}", path.display()))?;
    let token = text.lines().next().unwrap_or("").trim().to_owned();
    anyhow::ensure!(
        !token.is_empty(),
        "the token file {} is empty",
        path.display()
    );
    Ok(token)
}

impl Serve {
    pub fn run(self, db: Option<&str>, index: Option<&Path>) -> anyhow::Result<ExitCode> {
        let token = match &self.token_file {
            Some(path) => Some(read_token_file(path)?),
            None => self.token.clone(),
        };
        let opts = ServeOptions {
            header_read_timeout: std::time::Duration::from_secs(self.header_timeout.max(1)),
            max_connections: self.max_connections.max(1),
            ..ServeOptions::default()
        };
        let morph = crate::analyzer::load(self.dict.as_deref(), self.no_morph).map(Arc::new);
        let rt = crate::db::runtime()?;
        rt.block_on(async {
            let store = crate::db::open(db).await?;
            let state = state(db, index, morph, store, token).await?;
            let listener = tokio::net::TcpListener::bind(self.addr)
                .await
                .with_context(|| format!("binding {}", self.addr))?;
            eprintln!("leakwatch: serving http://{}/", listener.local_addr()?);
            serve(listener, state, &opts).await
        })?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The server's state: the store and its index, caught up with the store.
pub async fn state(
    db: Option<&str>,
    index: Option<&Path>,
    morph: Option<Arc<leakwatch_morph::Morph>>,
    store: leakwatch_store::Store,
    token: Option<String>,
) -> anyhow::Result<AppState> {
    let index = crate::db::open_index(db, index, morph.clone())?;
    match index.sync(&store).await {
        Ok(0) => {}
        Ok(n) => eprintln!("leakwatch: search index caught up ({n} incident(s))"),
        Err(e) => {
            eprintln!("leakwatch: the search index could not catch up ({e}); searching what it has")
        }
    }
    Ok(AppState::new(store, index, morph, token))
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
