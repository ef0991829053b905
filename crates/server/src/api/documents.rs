//! `POST /api/v1/documents`: one document in, through the intake, stored and indexed.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::post;
use leakwatch_store::Ingested;
use serde::{Deserialize, Serialize};

use crate::error::ErrorBody;
use crate::reject::{JsonBody, WriteAccess};
use crate::{ApiError, AppState};

/// The routes of this area (the body limit applies to this route alone).
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/v1/documents",
        post(post_document).layer(axum::extract::DefaultBodyLimit::max(crate::MAX_BODY_BYTES)),
    )
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
    let location = p
        .location
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| {
            let h = p.body.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            format!("api:{h:016x}")
        });
    let meta = leakwatch_ingest::Metadata {
        location: Some(location),
        title: p.title,
        published: crate::date_param("published", p.published.as_deref())?,
        source_type,
        format: leakwatch_ingest::Format::Text,
    };
    let morph = s.morph.clone();
    let body = p.body;
    let prepared = tokio::task::spawn_blocking(move || {
        let settings = leakwatch_ingest::Settings {
            max_bytes: crate::MAX_BODY_BYTES as u64,
            ..leakwatch_ingest::Settings::default()
        };
        leakwatch_ingest::intake_text(body, &meta, &settings, morph.as_deref())
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
    .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let (doc, extraction) = (prepared.document, prepared.extraction);
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
