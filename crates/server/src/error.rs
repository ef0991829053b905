//! The one error type of the server, and its JSON form.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// What went wrong with a request; every variant answers `{code, message}`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// Nothing by that id or name.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// No valid bearer token for a write.
    #[error("{0}")]
    Unauthorized(String),
    /// Writes are off (the server was started without a token).
    #[error("{0}")]
    Forbidden(String),
    /// The store failed.
    #[error("store error: {0}")]
    Store(#[from] leakwatch_store::Error),
    /// The search index failed.
    #[error("search error: {0}")]
    Search(#[from] leakwatch_search::Error),
    /// Something else inside the server failed.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The JSON body of every error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// `not_found`, `bad_request`, `unauthorized`, `forbidden`, `store_error`, `search_error`, `internal`.
    pub code: &'static str,
    /// What happened, for people.
    pub message: String,
}

impl ApiError {
    /// The status and the machine-readable code.
    pub fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "store_error"),
            ApiError::Search(_) => (StatusCode::INTERNAL_SERVER_ERROR, "search_error"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut res = (
            status,
            Json(ErrorBody {
                code,
                message: self.to_string(),
            }),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}
