//! The JSON API under `/api/v1`, `/healthz` and the OpenAPI document.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leakwatch_search::FacetCount;
use leakwatch_store::{Health, IncidentDetail, IncidentSummary, Ingested, NewDocument, OrgView};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use crate::error::ErrorBody;
use crate::reject::{JsonBody, PathText, Query, WriteAccess};
use crate::{ApiError, AppState, ListParams, run_search};

/// The OpenAPI document of the API, generated from the handlers and types.
#[derive(Debug, OpenApi)]
#[openapi(
    info(title = "leakwatch", description = "Japanese information-leak incidents: search, incidents, organisations, statistics."),
    paths(healthz, list_incidents, search, incident, organization, stats, post_document),
    components(schemas(ErrorBody, IncidentPage, SearchPage, SearchHit, Stats, PostDocument, PostedDocument)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

#[derive(Debug)]
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Liveness and the store's consistency: 200 when the store answers, 503 with
/// the reason when it does not (the pool reconnects by itself once it is back).
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, description = "`{status, documents, indexed}`", body = Object),
    (status = 503, description = "`{status: \"unavailable\", reason}`", body = Object)))]
pub async fn healthz(State(s): State<AppState>) -> Response {
    match s.store.health().await {
        Ok(h) => Json(serde_json::json!({
            "status": if h.orphans == 0 { "ok" } else { "inconsistent" },
            "documents": h.documents,
            "indexed": s.index.len(),
        }))
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: the store does not answer");
            let reason = if e.is_unavailable() {
                "the store does not answer"
            } else {
                "the store failed; the details are in the server log"
            };
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::RETRY_AFTER, "5")],
                Json(serde_json::json!({"status": "unavailable", "reason": reason})),
            )
                .into_response()
        }
    }
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
                snippet_html: h.snippet_html,
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
    responses((status = 200, body = IncidentDetail), (status = 404, body = ErrorBody)))]
pub async fn incident(
    State(s): State<AppState>,
    PathText(id): PathText,
) -> Result<Json<IncidentDetail>, ApiError> {
    let id = parse_id(&id)?;
    s.store
        .incident(id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no incident {id}")))
}

/// An organisation (by any of its names), its group tree and the group's incidents.
#[utoipa::path(get, path = "/api/v1/organizations/{name}", params(("name" = String, Path, description = "Any name of the organisation")),
    responses((status = 200, body = OrgView), (status = 404, body = ErrorBody)))]
pub async fn organization(
    State(s): State<AppState>,
    PathText(name): PathText,
) -> Result<Json<OrgView>, ApiError> {
    s.store
        .org(&name)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no organisation called {name:?}")))
}

/// Row counts and the overview's figures.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Stats {
    /// Row counts and consistency.
    pub store: Health,
    /// Incidents per month by cause, disclosure lags, top organisations, records by data kind.
    #[schema(value_type = Object)]
    pub dashboard: std::sync::Arc<leakwatch_search::Dashboard>,
}

/// Row counts and the overview's figures.
#[utoipa::path(get, path = "/api/v1/stats", responses((status = 200, body = Stats)))]
pub async fn stats(State(s): State<AppState>) -> Result<Json<Stats>, ApiError> {
    let store = s.store.health().await?;
    let index = s.index.clone();
    let dashboard = tokio::task::spawn_blocking(move || index.dashboard())
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(Json(Stats { store, dashboard }))
}

/// A document to ingest.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PostDocument {
    /// The text (UTF-8).
    pub body: String,
    /// Where it came from (a URL); default `api:<hash>`.
    pub location: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Publication date (YYYY-MM-DD); default: its dateline, else today.
    pub published: Option<String>,
    /// `press_release`, `timely_disclosure`, `regulator`, `news`, `blog` ….
    pub source_type: Option<String>,
}

/// What was stored.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PostedDocument {
    /// The stored document.
    pub document_id: i64,
    /// True when the same text was stored before.
    pub duplicate: bool,
    /// The incidents it was linked to: `[id, created]`.
    pub incidents: Vec<(i64, bool)>,
}

/// Ingest one document: extract, store, link, index (needs the bearer token).
#[utoipa::path(post, path = "/api/v1/documents", request_body = PostDocument,
    security(("bearer" = [])),
    responses((status = 200, body = PostedDocument), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 413, description = "the body is over 16 MiB", body = ErrorBody),
              (status = 415, body = ErrorBody)))]
pub async fn post_document(
    State(s): State<AppState>,
    _access: WriteAccess,
    JsonBody(p): JsonBody<PostDocument>,
) -> Result<Json<PostedDocument>, ApiError> {
    if p.body.trim().is_empty() {
        return Err(ApiError::BadRequest("body is empty".into()));
    }
    let source_type = p
        .source_type
        .as_deref()
        .filter(|x| !x.is_empty())
        .map(|x| {
            x.parse::<leakwatch_model::SourceType>()
                .map_err(|e| ApiError::BadRequest(format!("source_type: {e}")))
        })
        .transpose()?;
    let published = crate::date_param("published", p.published.as_deref())?
        .or_else(|| leakwatch_extract::dateline(&p.body))
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let morph = s.morph.clone();
    let body = p.body.clone();
    let extraction = tokio::task::spawn_blocking(move || {
        let opts = leakwatch_extract::Options::new(published).with_source_type(source_type);
        let analyzer = morph
            .as_deref()
            .map(|m| m as &dyn leakwatch_extract::Analyzer);
        leakwatch_extract::extract_text(&body, &opts, analyzer)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let location = p.location.unwrap_or_else(|| {
        let h = p.body.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        format!("api:{h:016x}")
    });
    let doc = NewDocument {
        location,
        title: p.title,
        source_type,
        published: Some(published),
        body: p.body,
    };
    let out = match s.store.ingest(&doc, &extraction).await? {
        Ingested::Duplicate { document_id } => PostedDocument {
            document_id,
            duplicate: true,
            incidents: Vec::new(),
        },
        Ingested::Stored {
            document_id,
            incidents,
        } => PostedDocument {
            document_id,
            duplicate: false,
            incidents,
        },
    };
    if let Err(e) = s.index.sync(&s.store).await {
        tracing::warn!(error = %e, "the search index did not follow; `leakwatch reindex` will");
    }
    Ok(Json(out))
}
