//! `/api/v1/organizations/{name}`: an organisation, its group and its incidents.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use leakwatch_store::OrgView;

use crate::error::ErrorBody;
use crate::reject::PathText;
use crate::{ApiError, AppState};

/// The routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/organizations/{name}", get(organization))
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
