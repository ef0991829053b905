//! Watching sources: feeds, disclosure lists, pages and PDFs fetched on a
//! schedule, each new item filtered for relevance and taken in through the
//! one intake, with a checkpoint per source, a lease per source, and alerts.
//!
//! A pass over a source: take its lease in the store (so that several
//! `watch` processes on one PostgreSQL never work one source at once), fetch
//! its list with the validators of the last full pass (conditional GET), read
//! the items ([`items::read`]), and for each item not seen before: fetch it,
//! turn it into text, score its relevance, and record it — a relevant item is
//! extracted and stored as a document (even with no incident in it), an
//! irrelevant one is remembered as seen. Each item is recorded in the same
//! transaction as its document (`Store::record_item`), so a pass killed
//! midway reruns to every item exactly once. Incidents the pass touched are
//! checked against the alert rules ([`alerts`]).
//!
//! One bad source is an error for that source: it is logged with the source's
//! name, stored as its last error, and the other sources go on.
//!
//! ```no_run
//! # async fn demo(store: leakwatch_store::Store) {
//! use std::sync::Arc;
//! use leakwatch_watch::{Kind, Options, Source, Watcher};
//! let fetcher = Arc::new(leakwatch_fetch::Fetcher::new(leakwatch_fetch::Settings::default()).expect("client"));
//! let watcher = Watcher::new(store, fetcher, Options::default(), None, vec![]);
//! let sources = vec![Source::new("security-news", Kind::Feed, "https://news.example.jp/rss")];
//! for report in watcher.run_once(&sources).await {
//!     println!("{}: {} new, {} stored", report.source, report.new, report.stored);
//! }
//! # }
//! ```

pub mod alerts;
mod error;
pub mod items;
mod pass;

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use leakwatch_extract::Analyzer;
use leakwatch_fetch::Fetcher;
use leakwatch_model::SourceType;
use leakwatch_store::Store;

pub use crate::alerts::{AlertRule, Subject, Webhook};
pub use crate::error::Error;
pub use crate::items::Item;

/// What a source's URL holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An RSS (0.9x, 1.0 RDF, 2.0) or Atom feed.
    Feed,
    /// An HTML page listing links to the items (`items` selects them).
    HtmlList,
    /// A TDnet mirror's JSON list (`json` or `json2` shape) of PDFs.
    Tdnet,
    /// One page, itself the item; a new version of it is a new item.
    Page,
}

impl Kind {
    /// The config name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Feed => "feed",
            Kind::HtmlList => "html_list",
            Kind::Tdnet => "tdnet",
            Kind::Page => "page",
        }
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        Ok(match s {
            "feed" => Kind::Feed,
            "html_list" => Kind::HtmlList,
            "tdnet" => Kind::Tdnet,
            "page" => Kind::Page,
            other => {
                return Err(format!(
                    "{other:?} is not a source kind (feed, html_list, tdnet, page)"
                ));
            }
        })
    }
}

/// One watched source.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its unique name.
    pub name: String,
    /// What its URL holds.
    pub kind: Kind,
    /// The list, feed or page.
    pub url: String,
    /// How often to look (default [`Options::every`]).
    pub every: Option<Duration>,
    /// The kind of document its items are (else read from each document).
    pub source_type: Option<SourceType>,
    /// For `html_list`: the CSS selector of the links to the items.
    pub items: Option<String>,
}

impl Source {
    /// A source with no schedule, type or selector of its own.
    pub fn new(name: &str, kind: Kind, url: &str) -> Source {
        Source {
            name: name.to_owned(),
            kind,
            url: url.to_owned(),
            every: None,
            source_type: None,
            items: None,
        }
    }
}

/// How the watcher works.
#[derive(Debug, Clone)]
pub struct Options {
    /// How often a source without `every` is looked at.
    pub every: Duration,
    /// Who this process is, in the leases it takes.
    pub holder: String,
    /// How long a lease lasts; it is renewed as a pass goes on, and a process
    /// that died holding one blocks its source for at most this long.
    pub lease: Duration,
    /// Sources worked at once (a host still gets one request at a time).
    pub concurrency: usize,
    /// The most items read from one list in one pass (the newest first, as lists are ordered).
    pub max_items: usize,
    /// How documents are taken in.
    pub intake: leakwatch_ingest::Settings,
    /// How often a running schedule judges again the flags that time alone
    /// can change (a parent's window closing): windows are counted in days.
    pub rejudge_every: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            every: Duration::from_secs(30 * 60),
            holder: format!("watch-{}", std::process::id()),
            lease: Duration::from_secs(2 * 60),
            concurrency: 4,
            max_items: 200,
            intake: leakwatch_ingest::Settings::default(),
            rejudge_every: Duration::from_secs(6 * 60 * 60),
        }
    }
}

/// What one pass over one source did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassReport {
    /// The source.
    pub source: String,
    /// Items in its list.
    pub items: usize,
    /// Items not seen before, recorded now.
    pub new: usize,
    /// Of those, stored as documents.
    pub stored: usize,
    /// Incidents created or changed, with whether each is new.
    pub incidents: Vec<(i64, bool)>,
    /// Alerts fired.
    pub alerts: usize,
    /// Another process held the source's lease; nothing was done.
    pub leased_elsewhere: bool,
    /// The list was unchanged (304).
    pub unchanged: bool,
    /// Why the pass failed, if it did (some items may still have been taken in).
    pub error: Option<String>,
}

/// Where a pass's time went, summed over every pass (nanoseconds).
#[derive(Debug, Default)]
pub struct Timings {
    /// Fetching lists and items (waiting for the network and the politeness delays).
    pub fetch: AtomicU64,
    /// Turning bodies into text (charsets, HTML, PDF).
    pub text: AtomicU64,
    /// The relevance filter.
    pub relevance: AtomicU64,
    /// Extraction.
    pub extract: AtomicU64,
    /// Storing (items, documents, incidents, checkpoints, leases).
    pub store: AtomicU64,
}

impl Timings {
    pub(crate) fn add(slot: &AtomicU64, since: std::time::Instant) {
        slot.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    /// The five shares as seconds: fetch, text, relevance, extract, store.
    pub fn seconds(&self) -> [(&'static str, f64); 5] {
        let s = |a: &AtomicU64| a.load(Ordering::Relaxed) as f64 / 1e9;
        [
            ("fetch", s(&self.fetch)),
            ("text", s(&self.text)),
            ("relevance", s(&self.relevance)),
            ("extract", s(&self.extract)),
            ("store", s(&self.store)),
        ]
    }
}

/// The watcher: a store, a fetcher, the rules; cheap to clone.
#[derive(Debug, Clone)]
pub struct Watcher {
    pub(crate) store: Store,
    pub(crate) fetcher: Arc<Fetcher>,
    pub(crate) options: Options,
    pub(crate) analyzer: Option<Arc<dyn Analyzer>>,
    pub(crate) rules: Arc<Vec<AlertRule>>,
    pub(crate) timings: Arc<Timings>,
}

impl Watcher {
    /// A watcher over `store` fetching with `fetcher`.
    pub fn new(
        store: Store,
        fetcher: Arc<Fetcher>,
        options: Options,
        analyzer: Option<Arc<dyn Analyzer>>,
        rules: Vec<AlertRule>,
    ) -> Watcher {
        Watcher {
            store,
            fetcher,
            options,
            analyzer,
            rules: Arc::new(rules),
            timings: Arc::new(Timings::default()),
        }
    }

    /// The store it takes documents into.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Where the time went so far.
    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// Every source once, [`Options::concurrency`] at a time; a report each, in
    /// order. The webhook deliveries that failed before are tried again first.
    pub async fn run_once(&self, sources: &[Source]) -> Vec<PassReport> {
        self.redeliver().await;
        futures_util::stream::iter(sources.iter().map(|s| self.pass(s)))
            .buffered(self.options.concurrency.max(1))
            .collect()
            .await
    }

    /// Runs the schedule until `stop` resolves: each source when it is due
    /// (its `every` after its last pass), a pass in flight finishing first;
    /// and every [`Options::rejudge_every`], the flags time alone can change.
    pub async fn run(&self, sources: &[Source], stop: impl std::future::Future<Output = ()>) {
        let mut due: Vec<tokio::time::Instant> = vec![tokio::time::Instant::now(); sources.len()];
        let mut judged: Option<tokio::time::Instant> = None;
        tokio::pin!(stop);
        loop {
            if judged.is_none_or(|t| t.elapsed() >= self.options.rejudge_every) {
                self.rejudge().await;
                judged = Some(tokio::time::Instant::now());
            }
            let now = tokio::time::Instant::now();
            let ready: Vec<usize> = (0..sources.len()).filter(|&i| due[i] <= now).collect();
            let batch: Vec<Source> = ready.iter().map(|&i| sources[i].clone()).collect();
            let work = self.run_once(&batch);
            tokio::select! {
                _ = &mut stop => return,
                _ = work => {}
            }
            for &i in &ready {
                due[i] =
                    tokio::time::Instant::now() + sources[i].every.unwrap_or(self.options.every);
            }
            let next = due
                .iter()
                .min()
                .copied()
                .unwrap_or_else(|| now + self.options.every);
            tokio::select! {
                _ = &mut stop => return,
                _ = tokio::time::sleep_until(next) => {}
            }
        }
    }
}
