//! `leakwatch serve`: the HTTP server over the store.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use leakwatch_server::{AppState, router};

/// Serve the store over HTTP (JSON API; loopback by default).
#[derive(Debug, Args)]
pub struct Serve {
    /// Where to listen. Anything but loopback exposes the store to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

impl Serve {
    pub fn run(self, db: Option<&str>) -> anyhow::Result<ExitCode> {
        let rt = crate::db::runtime()?;
        rt.block_on(async {
            let store = crate::db::open(db).await?;
            let listener = tokio::net::TcpListener::bind(self.addr)
                .await
                .with_context(|| format!("binding {}", self.addr))?;
            eprintln!("leakwatch: serving http://{}/", listener.local_addr()?);
            axum::serve(listener, router(AppState { store }))
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .context("serving")?;
            anyhow::Ok(())
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
