//! The one error type of the server, and its JSON form.
//!
//! Every error a client sees is `{code, message}` JSON — the handlers' own,
//! the extractors' (see `reject`), and the ones the stack makes itself (405,
//! 408, 413, 414, 503: see [`shape_errors`]). A server-side failure is logged
//! with its detail and answered with a message that holds none: no database
//! text, no file paths, no connection strings.

use axum::Json;
use axum::body::Body;
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
    /// The thing lives at another address now (an incident folded into its
    /// provider's): a permanent redirect to `location`.
    #[error("{message}")]
    Moved {
        /// The path it lives at now.
        location: String,
        /// Why, for people.
        message: String,
    },
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// No valid bearer token for a write.
    #[error("{0}")]
    Unauthorized(String),
    /// Writes are off (the server was started without a token).
    #[error("{0}")]
    Forbidden(String),
    /// The body is larger than the endpoint takes.
    #[error("the body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not of the media type the endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The store cannot be reached now; the request may succeed later.
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
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
    /// `not_found`, `moved`, `bad_request`, `unauthorized`, `forbidden`, `method_not_allowed`,
    /// `timeout`, `payload_too_large`, `uri_too_long`, `unsupported_media_type`,
    /// `unavailable`, `store_error`, `search_error`, `internal`.
    pub code: &'static str,
    /// What happened, for people.
    pub message: String,
}

/// What a client is told about a failure inside the server: nothing of its detail.
const INTERNAL_MESSAGE: &str =
    "the server could not answer this request; the details are in its log";

impl ApiError {
    /// The status and the machine-readable code.
    pub fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Moved { .. } => (StatusCode::PERMANENT_REDIRECT, "moved"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::PayloadTooLarge { .. } => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            ApiError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Store(e) if e.is_unavailable() => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            ApiError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "store_error"),
            ApiError::Search(_) => (StatusCode::INTERNAL_SERVER_ERROR, "search_error"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The message a client may read: its own mistakes in full, the server's in none.
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Unavailable(_) | ApiError::Store(_)
                if self.parts().0 == StatusCode::SERVICE_UNAVAILABLE =>
            {
                "the store is unavailable; try again shortly".to_owned()
            }
            ApiError::Store(_) | ApiError::Search(_) | ApiError::Internal(_) => {
                INTERNAL_MESSAGE.to_owned()
            }
            other => other.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let location = match &self {
            ApiError::Moved { location, .. } => HeaderValue::from_str(location).ok(),
            _ => None,
        };
        let mut res = (
            status,
            Json(ErrorBody {
                code,
                message: self.public_message(),
            }),
        )
            .into_response();
        if let Some(l) = location {
            res.headers_mut().insert(header::LOCATION, l);
        }
        match status {
            StatusCode::UNAUTHORIZED => {
                res.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            StatusCode::SERVICE_UNAVAILABLE => {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        res
    }
}

/// The code and message of an error response the stack made without a body
/// of ours (a 405 from the method router, a 408 or 503 from a timeout, a 413
/// from a body limit).
fn stock_error(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "this method is not allowed on this path",
        ),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request was not received in time"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the body is too large"),
        StatusCode::URI_TOO_LONG => ("uri_too_long", "the address is too long"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "the body is not of a type this endpoint reads",
        ),
        StatusCode::SERVICE_UNAVAILABLE => ("unavailable", "the server is busy; try again shortly"),
        StatusCode::NOT_FOUND => ("not_found", "no such route"),
        s if s.is_server_error() => ("internal", INTERNAL_MESSAGE),
        _ => ("bad_request", "the request is malformed"),
    }
}

/// Gives every error response without a JSON or HTML body of ours the
/// `{code, message}` shape (headers such as `Allow` are kept).
pub async fn shape_errors(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let ours = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct.starts_with("text/html"));
    if ours {
        return res;
    }
    let (mut parts, _) = res.into_parts();
    let (code, message) = stock_error(status);
    let body = serde_json::to_vec(&ErrorBody {
        code,
        message: message.to_owned(),
    })
    .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(body))
}
