//! Serving a router on a listener, with the limits a public socket needs.
//!
//! `axum::serve` has no header-read timeout and no connection limit: a client
//! that sends half a request holds its connection forever, and enough of them
//! hold the process. This loop serves HTTP/1.1 with hyper directly:
//!
//! - a connection whose request headers are not complete within
//!   [`ServeOptions::header_read_timeout`] is closed (slow-loris);
//! - at most [`ServeOptions::max_connections`] connections are open at once; the
//!   next waits in the kernel's accept queue until one closes;
//! - on shutdown the listener closes at once, requests in flight finish
//!   (connections are told to close after their current response), and after
//!   [`ServeOptions::drain_timeout`] whatever is left is dropped.
//!
//! The body-read and whole-request timeouts are tower layers in `router`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The limits of a served socket.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Time a client has to send a request's headers.
    pub header_read_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Time requests in flight get to finish after shutdown begins.
    pub drain_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 512,
            drain_timeout: Duration::from_secs(20),
        }
    }
}

/// How a serve loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// Connections still open when the drain time ran out (dropped).
    pub abandoned: usize,
}

/// Serves `app` on `listener` until `shutdown` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    opts: ServeOptions,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<Stopped> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(opts.header_read_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(opts.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        // Wait for a free slot first, so that excess clients queue in the kernel.
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = slots.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: pause rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    let open = graceful.count();
    tracing::info!(
        connections = open,
        "shutting down: draining requests in flight"
    );
    tokio::select! {
        () = graceful.shutdown() => Ok(Stopped { abandoned: 0 }),
        () = tokio::time::sleep(opts.drain_timeout) => {
            Ok(Stopped { abandoned: slots_in_use(&slots, opts.max_connections) })
        }
    }
}

fn slots_in_use(slots: &Semaphore, max: usize) -> usize {
    max.max(1).saturating_sub(slots.available_permits())
}

/// Completes on Ctrl-C or, on Unix, SIGTERM: what a service manager sends.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
