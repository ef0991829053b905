//! A bounded, polite HTTP client for the sources leakwatch watches.
//!
//! Every request is bounded (a timeout, a body cap enforced while the body
//! streams in, at most [`Settings::max_redirects`] hops), polite (one request
//! at a time per host, [`Settings::min_delay`] between them, robots.txt
//! honoured, a User-Agent with a contact) and guarded (http and https only;
//! no loopback, private or link-local address, redirects included, unless the
//! [`AddressPolicy`] allows it). Transient failures (5xx, 429, timeouts,
//! refused connections) are retried with exponential backoff. Conditional GET
//! (`ETag`, `Last-Modified`) turns an unchanged page into
//! [`Outcome::NotModified`].
//!
//! This crate fetches bytes and says what the server said about them (media
//! type, charset, validators); turning bytes into text is the intake's job
//! (`leakwatch_ingest::intake`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), leakwatch_fetch::Error> {
//! use leakwatch_fetch::{Fetcher, Settings, Validators, Outcome};
//! let fetcher = Fetcher::new(Settings {
//!     user_agent: "leakwatch/0.2 (+mailto:ops@example.jp)".into(),
//!     ..Settings::default()
//! })?;
//! match fetcher.get("https://www.example.jp/news/", &Validators::default()).await? {
//!     Outcome::Fetched(page) => println!("{} bytes of {:?}", page.body.len(), page.media_type),
//!     Outcome::NotModified => println!("unchanged"),
//! }
//! # Ok(()) }
//! ```

mod error;
pub mod guard;
mod polite;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use url::Url;

pub use crate::error::Error;
pub use crate::guard::AddressPolicy;
use crate::polite::Hosts;

/// How the fetcher behaves. The binary fills it from `[watch]`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The User-Agent sent with every request; it should name a contact.
    pub user_agent: String,
    /// The least time between two requests to one host.
    pub min_delay: Duration,
    /// The time one request (connect, headers and body) may take.
    pub timeout: Duration,
    /// Bodies larger than this are cut off and refused.
    pub max_bytes: u64,
    /// Which non-public addresses may be reached.
    pub addresses: AddressPolicy,
    /// Tries after the first for a transient failure.
    pub retries: u32,
    /// The wait before the first retry; it doubles for each further one.
    pub backoff: Duration,
    /// The most redirects followed for one request.
    pub max_redirects: usize,
    /// Whether robots.txt is fetched and honoured.
    pub robots: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            user_agent: concat!("leakwatch/", env!("CARGO_PKG_VERSION")).to_owned(),
            min_delay: Duration::from_secs(2),
            timeout: Duration::from_secs(20),
            max_bytes: 20 * 1000 * 1000,
            addresses: AddressPolicy::default(),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_redirects: 5,
            robots: true,
        }
    }
}

/// The validators of a page fetched before, sent back as a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` it had.
    pub etag: Option<String>,
    /// The `Last-Modified` it had.
    pub last_modified: Option<String>,
}

/// A body fetched and what the server said about it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL asked for.
    pub url: String,
    /// The URL the body came from, after redirects.
    pub final_url: String,
    /// The media type of `Content-Type` (`text/html`), lowercased, without parameters.
    pub media_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, if any.
    pub charset: Option<String>,
    /// The body, at most `max_bytes`.
    pub body: Vec<u8>,
    /// Its validators, for the next conditional GET.
    pub validators: Validators,
}

/// What a GET gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A body.
    Fetched(Page),
    /// 304: unchanged since the validators given.
    NotModified,
}

/// Totals since the fetcher was made: every request sent (retries, redirects
/// and robots.txt included) and every body byte received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Requests sent.
    pub requests: u64,
    /// Body bytes received.
    pub bytes: u64,
}

/// The client. Cheap to share (`Arc`); one per process, so politeness holds
/// across every source on a host.
#[derive(Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    settings: Settings,
    policy: Arc<AddressPolicy>,
    hosts: Hosts,
    requests: AtomicU64,
    bytes: AtomicU64,
}

/// One hop's answer before its body is read.
enum Hop {
    Redirect(Url),
    NotModified,
    Body(reqwest::Response),
}

impl Fetcher {
    /// A fetcher with these settings; an error only when the TLS stack cannot start.
    pub fn new(settings: Settings) -> Result<Fetcher, Error> {
        let policy = Arc::new(settings.addresses.clone());
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            // Redirects are followed by hand so that every hop is checked.
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(guard::GuardedResolver::new(policy.clone())))
            // A proxy would resolve names we never see.
            .no_proxy()
            .build()
            .map_err(|_| Error::Http {
                url: String::new(),
                what: "the HTTP client cannot start (TLS)".to_owned(),
            })?;
        Ok(Fetcher {
            client,
            hosts: Hosts::new(settings.min_delay),
            settings,
            policy,
            requests: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Requests and bytes so far.
    pub fn totals(&self) -> Totals {
        Totals {
            requests: self.requests.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }

    /// GETs `url`, following redirects by hand, each hop checked, polite and retried.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<Outcome, Error> {
        let first = parse(url)?;
        let mut at = first.clone();
        let mut seen = HashSet::new();
        for _ in 0..=self.settings.max_redirects {
            if !seen.insert(at.as_str().to_owned()) {
                break;
            }
            self.check(&at).await?;
            if self.settings.robots && !self.robots_allow(&at).await? {
                return Err(Error::Robots {
                    url: at.to_string(),
                });
            }
            match self.hop(&at, validators).await? {
                Hop::Redirect(next) => at = next,
                Hop::NotModified => return Ok(Outcome::NotModified),
                Hop::Body(resp) => return self.page(url, &at, resp).await.map(Outcome::Fetched),
            }
        }
        Err(Error::Redirects {
            url: url.to_owned(),
            max: self.settings.max_redirects,
        })
    }

    /// POSTs a JSON body (a webhook): the same address guard, timeout and
    /// retries as a GET; redirects are not followed. The status on success (2xx).
    pub async fn post_json(
        &self,
        url: &str,
        body: &[u8],
        headers: &[(&str, String)],
    ) -> Result<u16, Error> {
        let at = parse(url)?;
        self.check(&at).await?;
        let mut wait = self.settings.backoff;
        let mut tries = 0;
        loop {
            let result = async {
                let _turn = self.hosts.turn(&at).await;
                let mut req = self
                    .client
                    .post(at.clone())
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(body.to_vec());
                for (k, v) in headers {
                    req = req.header(*k, v);
                }
                self.requests.fetch_add(1, Ordering::Relaxed);
                let resp = req.send().await.map_err(|e| self.transport(&at, &e))?;
                let status = resp.status();
                if status.is_success() {
                    Ok(status.as_u16())
                } else {
                    Err(Error::Status {
                        url: at.to_string(),
                        status: status.as_u16(),
                    })
                }
            }
            .await;
            match result {
                Err(e) if e.is_transient() && tries < self.settings.retries => {
                    tokio::time::sleep(wait).await;
                    wait = wait.saturating_mul(2);
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    /// Refuses what may not be fetched before anything is sent: the scheme and the address.
    async fn check(&self, url: &Url) -> Result<(), Error> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::BadUrl {
                url: url.to_string(),
            });
        }
        let host = url.host().ok_or_else(|| Error::BadUrl {
            url: url.to_string(),
        })?;
        let port = url.port_or_known_default().unwrap_or(80);
        match guard::refused(&self.policy, &host, port).await {
            Ok(None) => Ok(()),
            Ok(Some(addr)) => Err(Error::Forbidden {
                url: url.to_string(),
                host: host.to_string(),
                addr,
            }),
            Err(()) => Err(Error::Resolve {
                url: url.to_string(),
            }),
        }
    }

    /// One hop, with the host's turn taken and transient failures retried.
    async fn hop(&self, url: &Url, validators: &Validators) -> Result<Hop, Error> {
        let mut wait = self.settings.backoff;
        let mut tries = 0;
        loop {
            let result = self.send(url, validators).await;
            match result {
                Err(e) if e.is_transient() && tries < self.settings.retries => {
                    tracing::debug!(url = %url, error = %e, retry_in = ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                    wait = wait.saturating_mul(2);
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    async fn send(&self, url: &Url, validators: &Validators) -> Result<Hop, Error> {
        let _turn = self.hosts.turn(url).await;
        let mut req = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            req = req.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &validators.last_modified {
            req = req.header(header::IF_MODIFIED_SINCE, lm);
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        let resp = req.send().await.map_err(|e| self.transport(url, &e))?;
        let status = resp.status();
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            let next = resp
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|loc| url.join(loc).ok())
                .ok_or_else(|| Error::Http {
                    url: url.to_string(),
                    what: format!("a redirect ({status}) without a usable Location"),
                })?;
            return Ok(Hop::Redirect(next));
        }
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Hop::NotModified);
        }
        if !status.is_success() {
            return Err(Error::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        Ok(Hop::Body(resp))
    }

    /// Reads a body up to the cap: a declared length over it is refused at
    /// once, and a body that grows past it is cut off while it streams.
    async fn page(
        &self,
        asked: &str,
        url: &Url,
        mut resp: reqwest::Response,
    ) -> Result<Page, Error> {
        let cap = self.settings.max_bytes;
        let too_large = || Error::TooLarge {
            url: url.to_string(),
            limit: cap,
        };
        if resp.content_length().is_some_and(|n| n > cap) {
            return Err(too_large());
        }
        let headers = resp.headers().clone();
        let mut body = Vec::new();
        loop {
            let chunk = resp.chunk().await.map_err(|e| self.transport(url, &e))?;
            let Some(chunk) = chunk else { break };
            self.bytes.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            if (body.len() + chunk.len()) as u64 > cap {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let (media_type, charset) = content_type(&headers);
        Ok(Page {
            url: asked.to_owned(),
            final_url: url.to_string(),
            media_type,
            charset,
            body,
            validators: Validators {
                etag: header_text(&headers, header::ETAG),
                last_modified: header_text(&headers, header::LAST_MODIFIED),
            },
        })
    }

    fn transport(&self, url: &Url, e: &reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout {
                url: url.to_string(),
                secs: self.settings.timeout.as_secs_f64(),
            }
        } else if e.is_connect() {
            Error::Connect {
                url: url.to_string(),
            }
        } else if e.is_body() || e.is_decode() {
            Error::Http {
                url: url.to_string(),
                what: "the body broke off".to_owned(),
            }
        } else {
            Error::Http {
                url: url.to_string(),
                what: "the request failed".to_owned(),
            }
        }
    }

    /// Whether robots.txt lets us fetch `url` (read once per host and kept).
    /// A missing robots.txt (4xx) allows everything; one that cannot be read
    /// (5xx, no answer) allows nothing for now, as RFC 9309 asks.
    async fn robots_allow(&self, url: &Url) -> Result<bool, Error> {
        let origin = url.origin().ascii_serialization();
        if let Some(known) = self.hosts.robots(&origin) {
            return Ok(known.allowed(url.as_str()));
        }
        let robots_url = format!("{origin}/robots.txt");
        let parsed = parse(&robots_url)?;
        let rules = match self.hop(&parsed, &Validators::default()).await {
            Ok(Hop::Body(resp)) => {
                let page = self.page(&robots_url, &parsed, resp).await?;
                polite::Robots::parse(&self.settings.user_agent, &page.body)
            }
            Ok(Hop::NotModified | Hop::Redirect(_)) => polite::Robots::AllowAll,
            Err(Error::Status { status, .. }) if (400..500).contains(&status) => {
                polite::Robots::AllowAll
            }
            Err(e) => {
                tracing::warn!(url = %robots_url, error = %e, "robots.txt unreadable; not fetching from this host for now");
                return Ok(false);
            }
        };
        let allowed = rules.allowed(url.as_str());
        self.hosts.set_robots(&origin, rules);
        Ok(allowed)
    }
}

fn parse(url: &str) -> Result<Url, Error> {
    let u = Url::parse(url).map_err(|_| Error::BadUrl {
        url: url.to_owned(),
    })?;
    if !matches!(u.scheme(), "http" | "https") || u.host().is_none() {
        return Err(Error::BadUrl {
            url: url.to_owned(),
        });
    }
    Ok(u)
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The media type and charset of a `Content-Type` header.
fn content_type(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let Some(ct) = header_text(headers, header::CONTENT_TYPE) else {
        return (None, None);
    };
    let mut parts = ct.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|v| !v.is_empty())
    });
    (media, charset)
}
