//! `/api/v1/stats`: row counts and the overview's figures.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use leakwatch_store::Health;
use serde::Serialize;

use crate::{ApiError, AppState};

/// The routes of this area.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/stats", get(stats))
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
