//! Extractors whose every rejection is an [`ApiError`], so that a bad query,
//! path or body answers `{code, message}` like every other error.
//!
//! axum's own `Query`, `Path` and `Json` answer `text/plain`; these wrap them.
//! They also refuse a NUL character anywhere in what they read (no stored
//! text has one, and storage layers stop reading at it), and [`WriteAccess`]
//! checks the bearer token before anything reads the body.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::{ApiError, AppState};

/// The largest body `POST /api/v1/documents` reads.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The longest request target (path and query) served.
pub const MAX_URI_BYTES: usize = 8 * 1024;

fn no_nul(what: &str, s: &str) -> Result<(), ApiError> {
    if s.contains('\0') {
        Err(ApiError::BadRequest(format!(
            "the {what} holds a NUL character"
        )))
    } else {
        Ok(())
    }
}

/// A query string read into `T` (duplicate or malformed parameters are a 400).
#[derive(Debug, Clone, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        // In a percent-encoded query a NUL can only arrive as `%00`.
        if query.to_ascii_lowercase().contains("%00") {
            return Err(ApiError::BadRequest(
                "the query holds a NUL character".into(),
            ));
        }
        serde_urlencoded::from_str(query)
            .map(Query)
            .map_err(|e| ApiError::BadRequest(format!("query parameters: {e}")))
    }
}

/// One path segment as text (percent-decoded, UTF-8, no NUL).
#[derive(Debug, Clone)]
pub struct PathText(pub String);

impl<S> FromRequestParts<S> for PathText
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(s) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::BadRequest(format!("path: {}", e.body_text())))?;
        no_nul("path", &s)?;
        Ok(PathText(s))
    }
}

/// The bearer token of a write, checked before the body is read: a client
/// without one is told 401 (or 403 when writes are off), whatever it sent.
#[derive(Debug, Clone, Copy)]
pub struct WriteAccess;

impl FromRequestParts<AppState> for WriteAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, ApiError> {
        let Some(want) = &s.token else {
            return Err(ApiError::Forbidden(
                "writes are off: start the server with a token (LEAKWATCH_TOKEN or --token-file)"
                    .into(),
            ));
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        // Compare in constant time: no early exit on the first differing byte.
        let same = given.len() == want.len()
            && given
                .bytes()
                .zip(want.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(WriteAccess)
        } else {
            Err(ApiError::Unauthorized(
                "a valid bearer token is required".into(),
            ))
        }
    }
}

/// A JSON body read into `T`: `application/json` only, at most
/// [`MAX_BODY_BYTES`], no NUL character in any string.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(ApiError::UnsupportedMediaType(
                "the body must be JSON (Content-Type: application/json)".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge {
                    limit: MAX_BODY_BYTES,
                }
            } else {
                ApiError::BadRequest(format!("the body could not be read: {}", e.body_text()))
            }
        })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| ApiError::BadRequest("the body is not UTF-8".into()))?;
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
        // `\u0000` in a JSON string decodes to NUL: refuse it wherever it is.
        if has_nul(&value) {
            return Err(ApiError::BadRequest(
                "the body holds a NUL character".into(),
            ));
        }
        serde_json::from_value(value)
            .map(JsonBody)
            .map_err(|e| ApiError::BadRequest(format!("the body does not fit this endpoint: {e}")))
    }
}

fn has_nul(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(a) => a.iter().any(has_nul),
        serde_json::Value::Object(o) => o.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}
