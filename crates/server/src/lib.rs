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
mod charts;
mod error;
mod feed;
mod pages;
mod view;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use leakwatch_morph::Morph;
use leakwatch_search::{SearchIndex, SearchRequest, Sort};
use leakwatch_store::Store;
use serde::Deserialize;

pub use crate::api::ApiDoc;
pub use crate::error::ApiError;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Store,
    /// Its search index.
    pub index: SearchIndex,
    /// The analyzer, for documents posted to the API.
    pub morph: Option<Arc<Morph>>,
    /// The bearer token writes need; `None`: writes are off.
    pub token: Option<Arc<str>>,
}

impl AppState {
    /// The state of a server.
    pub fn new(
        store: Store,
        index: SearchIndex,
        morph: Option<Arc<Morph>>,
        token: Option<String>,
    ) -> AppState {
        AppState {
            store,
            index,
            morph,
            token: token.filter(|t| !t.is_empty()).map(Arc::from),
        }
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::overview))
        .route("/incidents", get(pages::incidents))
        .route("/incidents/{id}", get(pages::incident))
        .route("/orgs/{name}", get(pages::organization))
        .route("/feed.atom", get(feed::atom))
        .route("/openapi.json", get(api::openapi))
        .route("/healthz", get(api::healthz))
        .route("/api/v1/incidents", get(api::list_incidents))
        .route("/api/v1/incidents/{id}", get(api::incident))
        .route("/api/v1/search", get(api::search))
        .route("/api/v1/organizations/{name}", get(api::organization))
        .route("/api/v1/stats", get(api::stats))
        .route("/api/v1/documents", post(api::post_document))
        .fallback(|| async { ApiError::NotFound("no such route".into()) })
        .with_state(state)
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
    /// Disclosed on or after (YYYY-MM-DD).
    pub since: Option<String>,
    /// Disclosed on or before (YYYY-MM-DD).
    pub until: Option<String>,
    /// `relevance` (default with words), `newest` (default without), `oldest`, `records`, `lag`.
    pub sort: Option<String>,
    /// Page size (at most 500; default 50).
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: Option<u32>,
    /// 1-based page (pages only; `offset` wins).
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
        self.limit.unwrap_or(50).clamp(1, 500) as usize
    }

    /// Rows skipped.
    pub fn offset(&self) -> usize {
        match (self.offset, self.page) {
            (Some(o), _) => o as usize,
            (None, Some(p)) if p > 1 => (p as usize - 1) * self.limit(),
            _ => 0,
        }
    }

    /// The search these parameters ask for; `org` resolved to the stored name.
    pub async fn request(&self, store: &Store) -> Result<SearchRequest, ApiError> {
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
