//! `leakwatch serve`: the web app and API over the store.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use leakwatch_server::{AppState, router};

/// Serve the store over HTTP: dashboard, search, API, feed (loopback by default).
#[derive(Debug, Args)]
pub struct Serve {
    /// Where to listen. Anything but loopback exposes the store to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token that write endpoints (POST /api/v1/documents) require; without one they are off.
    #[arg(long, env = "LEAKWATCH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The compiled dictionary folder.
    #[arg(long)]
    pub dict: Option<PathBuf>,
    /// Do not use the morphological analyzer.
    #[arg(long)]
    pub no_morph: bool,
}

impl Serve {
    pub fn run(self, db: Option<&str>, index: Option<&Path>) -> anyhow::Result<ExitCode> {
        let morph = crate::analyzer::load(self.dict.as_deref(), self.no_morph).map(Arc::new);
        let rt = crate::db::runtime()?;
        rt.block_on(async {
            let store = crate::db::open(db).await?;
            let state = state(db, index, morph, store, self.token).await?;
            let listener = tokio::net::TcpListener::bind(self.addr)
                .await
                .with_context(|| format!("binding {}", self.addr))?;
            eprintln!("leakwatch: serving http://{}/", listener.local_addr()?);
            serve(listener, state).await
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

/// Serves until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")
}
