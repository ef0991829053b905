//! The leakwatch web app: a function from a store and its search index to a router.
//!
//! `router(state)` builds every route: the HTML pages (`pages`), the JSON API
//! under `/api/v1` with its OpenAPI document (`api`), the Atom feed (`feed`).
//! Pages and API take the same list parameters ([`ListParams`]) and run the
//! same search. Errors are one [`ApiError`] answering `{code, message}` JSON
//! (pages answer an HTML page with the same status). Handlers never panic on
//! input; every piece of document text reaches HTML through askama's escaping
//! (or tantivy's, for snippets), never raw.
//!
//! The binary binds it (loopback by default); tests call it with
//! `tower::ServiceExt::oneshot` or over a real socket.

mod api;
mod error;
mod feed;
mod pages;
mod reject;
mod serve;
mod view;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use chrono::NaiveDate;
use leakwatch_report::charts;
use leakwatch_search::{SearchIndex, SearchRequest, Sort};
use leakwatch_store::Store;
use leakwatch_text::Analyzer;
use serde::Deserialize;

pub use crate::api::ApiDoc;
pub use crate::error::ApiError;
pub use crate::reject::{MAX_BODY_BYTES, MAX_URI_BYTES};
pub use crate::serve::{ServeOptions, Stopped, serve, shutdown_signal};

/// The deepest row a list or search reaches (`offset + limit`). The index
/// reserves room for `offset + limit` hits up front, so an unbounded offset
/// is an unbounded allocation; past this, narrow the search instead.
pub const MAX_WINDOW: usize = 10_000;

/// The largest page (`limit`).
pub const MAX_LIMIT: u32 = 500;

/// Time a request gets to be answered, body included.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Time a client gets to send a request body.
pub const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Store,
    /// Its search index.
    pub index: SearchIndex,
    /// The analyzer, for documents posted to the API.
    pub morph: Option<Arc<dyn Analyzer>>,
    /// The bearer token writes need; `None`: writes are off.
    pub token: Option<Arc<str>>,
    /// The names of the configured alert rules, whose feeds are served.
    pub alert_rules: Arc<[String]>,
}

impl AppState {
    /// The state of a server.
    pub fn new(
        store: Store,
        index: SearchIndex,
        morph: Option<Arc<dyn Analyzer>>,
        token: Option<String>,
    ) -> AppState {
        AppState {
            store,
            index,
            morph,
            token: token.filter(|t| !t.is_empty()).map(Arc::from),
            alert_rules: Arc::from(Vec::new()),
        }
    }

    /// The same state serving the Atom feeds of these alert rules
    /// (`/alerts/{rule}/feed.atom`).
    pub fn with_alert_rules(mut self, names: Vec<String>) -> AppState {
        self.alert_rules = Arc::from(names);
        self
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    use axum::middleware;
    use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

    Router::new()
        .merge(pages::routes())
        .route("/feed.atom", get(feed::atom))
        .route("/alerts/{rule}/feed.atom", get(feed::alerts))
        .merge(api::routes())
        .fallback(|| async { ApiError::NotFound("no such route".into()) })
        .with_state(state)
        .layer(middleware::map_response(error::shape_errors))
        .layer(RequestBodyTimeoutLayer::new(BODY_READ_TIMEOUT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::map_response(security_headers))
        .layer(middleware::from_fn(refuse_long_uris))
}

/// Headers every answer carries: no script at all, no framing, no sniffing,
/// no referrer. Pages are plain HTML with a stylesheet and inline SVG.
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// A request target longer than [`MAX_URI_BYTES`] is refused before routing.
async fn refuse_long_uris(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if len > MAX_URI_BYTES {
        let body = error::ErrorBody {
            code: "uri_too_long",
            message: format!("the address is longer than {MAX_URI_BYTES} bytes"),
        };
        return (axum::http::StatusCode::URI_TOO_LONG, axum::Json(body)).into_response();
    }
    next.run(req).await
}

/// The list and search parameters, shared by pages and API.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Words to search for (ANDed; `-word` excludes).
    pub q: Option<String>,
    /// A cause class (`unauthorized_access`, `misdelivery` …).
    pub cause: Option<String>,
    /// A data kind (`credit_card`, `email` …).
    pub data: Option<String>,
    /// The year of disclosure.
    pub year: Option<String>,
    /// An organisation (any of its names); its subsidiaries are included.
    pub org: Option<String>,
    /// A group, by its top organisation's name.
    pub group: Option<String>,
    /// A source type (`press_release`, `timely_disclosure` …).
    pub source: Option<String>,
    /// A flag (`late_disclosure`, `parent_silent`, `repeat_offender` …).
    pub flag: Option<String>,
    /// Disclosed on or after (YYYY-MM-DD).
    pub since: Option<String>,
    /// Disclosed on or before (YYYY-MM-DD).
    pub until: Option<String>,
    /// `relevance` (default with words), `newest` (default without), `oldest`, `records`, `lag`.
    pub sort: Option<String>,
    /// Page size (1 to 500; default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// Rows to skip; `offset + limit` may be at most 10,000 (narrow the search to go deeper).
    #[param(minimum = 0, maximum = 9999)]
    pub offset: Option<u32>,
    /// 1-based page (pages only; `offset` wins); the page must end within the first 10,000 rows.
    #[param(minimum = 1)]
    pub page: Option<u32>,
}

fn date_param(name: &str, v: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    v.filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| ApiError::BadRequest(format!("{name} must be YYYY-MM-DD, not {s:?}")))
        })
        .transpose()
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListParams {
    /// The page size asked for.
    pub fn limit(&self) -> usize {
        self.limit.unwrap_or(50).clamp(1, MAX_LIMIT) as usize
    }

    /// Rows skipped (saturating: [`ListParams::check_window`] refuses a page past the window).
    pub fn offset(&self) -> usize {
        match (self.offset, self.page) {
            (Some(o), _) => o as usize,
            (None, Some(p)) if p > 1 => (p as usize - 1).saturating_mul(self.limit()),
            _ => 0,
        }
    }

    /// Refuses a page that ends past [`MAX_WINDOW`].
    pub fn check_window(&self) -> Result<(), ApiError> {
        let end = self.offset().saturating_add(self.limit());
        if end > MAX_WINDOW {
            return Err(ApiError::BadRequest(format!(
                "offset + limit may be at most {MAX_WINDOW} (asked for rows up to {end}); narrow the search to go deeper"
            )));
        }
        Ok(())
    }

    /// The search these parameters ask for; `org` resolved to the stored name.
    pub async fn request(&self, store: &Store) -> Result<SearchRequest, ApiError> {
        self.check_window()?;
        let mut filters = BTreeMap::new();
        if let Some(c) = nonempty(&self.cause) {
            c.parse::<leakwatch_model::Cause>().map_err(|_| {
                let names: Vec<&str> = leakwatch_model::Cause::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect();
                ApiError::BadRequest(format!("cause must be one of {}", names.join(", ")))
            })?;
            filters.insert("cause".to_owned(), c.to_owned());
        }
        if let Some(c) = nonempty(&self.flag) {
            c.parse::<leakwatch_model::FlagCode>().map_err(|_| {
                let names: Vec<&str> = leakwatch_model::FlagCode::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect();
                ApiError::BadRequest(format!("flag must be one of {}", names.join(", ")))
            })?;
            filters.insert("flag".to_owned(), c.to_owned());
        }
        for (name, v) in [
            ("data", &self.data),
            ("year", &self.year),
            ("group", &self.group),
            ("source", &self.source),
        ] {
            if let Some(v) = nonempty(v) {
                filters.insert(name.to_owned(), v.to_owned());
            }
        }
        if let Some(org) = nonempty(&self.org) {
            // An unknown organisation matches nothing (its own name as the filter).
            let name = store.org_name(org).await?.unwrap_or_else(|| org.to_owned());
            filters.insert("org".to_owned(), name);
        }
        let sort = nonempty(&self.sort)
            .map(str::parse::<Sort>)
            .transpose()
            .map_err(ApiError::BadRequest)?
            .unwrap_or_default();
        Ok(SearchRequest {
            q: self.q.clone().unwrap_or_default(),
            filters,
            since: date_param("since", self.since.as_deref())?,
            until: date_param("until", self.until.as_deref())?,
            sort,
            limit: self.limit(),
            offset: self.offset(),
        })
    }
}

/// Runs a search off the async threads.
async fn run_search(
    index: &SearchIndex,
    req: SearchRequest,
) -> Result<leakwatch_search::SearchResults, ApiError> {
    let index = index.clone();
    tokio::task::spawn_blocking(move || index.search(&req))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::from)
}
