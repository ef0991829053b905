//! `/api/v1/incidents`, `/api/v1/search`, `/api/v1/incidents/{id}`: lists, search, one incident.

use std::collections::BTreeMap;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use leakwatch_search::FacetCount;
use leakwatch_store::{IncidentDetail, IncidentSummary};
use serde::Serialize;

use crate::error::ErrorBody;
use crate::reject::{PathText, Query};
use crate::{ApiError, AppState, ListParams, run_search};

/// The routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/incidents", get(list_incidents))
        .route("/api/v1/incidents/{id}", get(incident))
        .route("/api/v1/search", get(search))
}

/// A page of incidents.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IncidentPage {
    /// Matching incidents in all.
    pub total: usize,
    /// This page.
    pub items: Vec<IncidentSummary>,
    /// Facet → values with counts over every match.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

/// An incident found by a search.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    /// The incident.
    pub incident: IncidentSummary,
    /// Relevance, when ordered by it.
    pub score: Option<f32>,
    /// A passage with the words in `<mark>`, HTML-escaped.
    pub snippet_html: String,
}

/// What a search found.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    /// Matching incidents in all.
    pub total: usize,
    /// This page.
    pub hits: Vec<SearchHit>,
    /// Facet → values with counts over every match.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

/// Runs the search of `p` and loads the summaries of the page.
pub(crate) async fn search_page(s: &AppState, p: &ListParams) -> Result<SearchPage, ApiError> {
    let req = p.request(&s.store).await?;
    let found = run_search(&s.index, req).await?;
    let ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
    let mut summaries: std::collections::HashMap<i64, IncidentSummary> = s
        .store
        .summaries(&ids)
        .await?
        .into_iter()
        .map(|x| (x.id, x))
        .collect();
    let hits = found
        .hits
        .into_iter()
        .filter_map(|h| {
            summaries.remove(&h.id).map(|incident| SearchHit {
                incident,
                score: h.score,
                snippet_html: crate::view::snippet_html(&h.snippet),
            })
        })
        .collect();
    Ok(SearchPage {
        total: found.total,
        hits,
        facets: found.facets,
    })
}

/// Incidents, filtered by facets and dates, sorted and paged (the list page's query).
#[utoipa::path(get, path = "/api/v1/incidents", params(ListParams),
    responses((status = 200, body = IncidentPage), (status = 400, body = ErrorBody)))]
pub async fn list_incidents(
    State(s): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<IncidentPage>, ApiError> {
    let page = search_page(&s, &p).await?;
    Ok(Json(IncidentPage {
        total: page.total,
        items: page.hits.into_iter().map(|h| h.incident).collect(),
        facets: page.facets,
    }))
}

/// Japanese full-text search with facets and highlighted snippets.
#[utoipa::path(get, path = "/api/v1/search", params(ListParams),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(s): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<SearchPage>, ApiError> {
    Ok(Json(search_page(&s, &p).await?))
}

pub(crate) fn parse_id(id: &str) -> Result<i64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::BadRequest(format!("incident id must be a number, not {id:?}")))
}

/// One incident: facts with evidence, documents with link reasons, timeline.
#[utoipa::path(get, path = "/api/v1/incidents/{id}", params(("id" = i64, Path, description = "Incident id")),
    responses((status = 200, body = IncidentDetail),
        (status = 308, body = ErrorBody, description = "The incident was folded into another; `Location` gives it"),
        (status = 404, body = ErrorBody)))]
pub async fn incident(
    State(s): State<AppState>,
    PathText(id): PathText,
) -> Result<Json<IncidentDetail>, ApiError> {
    let id = parse_id(&id)?;
    match s.store.incident(id).await? {
        Some(d) => Ok(Json(d)),
        None => Err(missing(&s, id, "/api/v1/incidents/").await),
    }
}

/// The answer for an incident id the store does not hold: a permanent
/// redirect to `{prefix}{id}` of the incident it was folded into (a customer's
/// incident joining its provider's), or not found.
pub(crate) async fn missing(s: &AppState, id: i64, prefix: &str) -> ApiError {
    match s.store.folded_into(id).await {
        Ok(Some(into)) => ApiError::Moved {
            location: format!("{prefix}{into}"),
            message: format!("incident {id} was folded into incident {into}"),
        },
        Ok(None) => ApiError::NotFound(format!("no incident {id}")),
        Err(e) => e.into(),
    }
}
