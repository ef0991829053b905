//! The leakwatch HTTP server: a function from a store to a router.
//!
//! `router(state)` builds every route; handlers sit beside their routes; errors
//! are one [`ApiError`] that answers `{code, message}` JSON. The binary binds it
//! (loopback by default); tests call it with `tower::ServiceExt::oneshot`.
//!
//! Routes so far: `/healthz`, and under `/api/v1`: `incidents` (the CLI's
//! filters as query parameters, with paging), `incidents/{id}`,
//! `organizations/{name}`, `stats`.

mod error;

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use leakwatch_model::Cause;
use leakwatch_store::{Health, IncidentDetail, IncidentFilter, IncidentSummary, OrgView, Store};
use serde::Deserialize;

pub use crate::error::ApiError;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Store,
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/v1/incidents", get(list_incidents))
        .route("/api/v1/incidents/{id}", get(incident))
        .route("/api/v1/organizations/{name}", get(organization))
        .route("/api/v1/stats", get(stats))
        .fallback(|| async { ApiError::NotFound("no such route".into()) })
        .with_state(state)
}

/// Liveness and the store's consistency.
async fn healthz(State(s): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let h = s.store.health().await?;
    Ok(Json(
        serde_json::json!({ "status": if h.orphans == 0 { "ok" } else { "inconsistent" }, "documents": h.documents }),
    ))
}

/// Query parameters of the incident list.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    /// An organisation (any of its names); its group is included.
    pub org: Option<String>,
    /// A cause class.
    pub cause: Option<String>,
    /// Disclosed on or after (YYYY-MM-DD).
    pub since: Option<String>,
    /// Disclosed on or before (YYYY-MM-DD).
    pub until: Option<String>,
    /// Page size (at most 500; default 50).
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: Option<u32>,
}

fn date_param(name: &str, v: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    v.filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| ApiError::BadRequest(format!("{name} must be YYYY-MM-DD, not {s:?}")))
        })
        .transpose()
}

impl ListParams {
    fn filter(&self) -> Result<IncidentFilter, ApiError> {
        let cause = self
            .cause
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|c| {
                c.parse::<Cause>().map_err(|_| {
                    let names: Vec<&str> = Cause::ALL.iter().map(|c| c.as_str()).collect();
                    ApiError::BadRequest(format!("cause must be one of {}", names.join(", ")))
                })
            })
            .transpose()?;
        Ok(IncidentFilter {
            org: self.org.clone().filter(|s| !s.is_empty()),
            cause,
            since: date_param("since", self.since.as_deref())?,
            until: date_param("until", self.until.as_deref())?,
            limit: Some(self.limit.unwrap_or(50).min(500)),
            offset: self.offset,
        })
    }
}

async fn list_incidents(
    State(s): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<IncidentSummary>>, ApiError> {
    Ok(Json(s.store.incidents(&p.filter()?).await?))
}

async fn incident(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<IncidentDetail>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("incident id must be a number, not {id:?}")))?;
    s.store
        .incident(id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no incident {id}")))
}

async fn organization(
    State(s): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<OrgView>, ApiError> {
    s.store
        .org(&name)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no organisation called {name:?}")))
}

async fn stats(State(s): State<AppState>) -> Result<Json<Health>, ApiError> {
    Ok(Json(s.store.health().await?))
}
