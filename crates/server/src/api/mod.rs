//! The JSON API under `/api/v1`, `/healthz` and the OpenAPI document: one
//! module per area, each with its routes beside its handlers.

mod documents;
pub(crate) mod incidents;
mod orgs;
mod stats;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::ErrorBody;
use utoipa::OpenApi;

pub use self::documents::{PostDocument, PostedDocument};
pub use self::incidents::{IncidentPage, SearchHit, SearchPage};
pub(crate) use self::incidents::{parse_id, search_page};
pub use self::stats::Stats;

/// Every API route, `/healthz` and `/openapi.json`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .merge(incidents::routes())
        .merge(orgs::routes())
        .merge(stats::routes())
        .merge(documents::routes())
}

/// The OpenAPI document of the API, generated from the handlers and types.
#[derive(Debug, OpenApi)]
#[openapi(
    info(title = "leakwatch", description = "Japanese information-leak incidents: search, incidents, organisations, statistics."),
    paths(healthz, incidents::list_incidents, incidents::search, incidents::incident, orgs::organization, stats::stats, documents::post_document),
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
