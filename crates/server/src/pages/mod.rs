//! The HTML pages: overview, incident list (search), incident, organisation.
//!
//! Each handler gathers what its page shows into a template struct of plain
//! strings and lists (see `view`); askama escapes every `{{ }}`. The only
//! unescaped inserts are snippets (escaped by tantivy, `<mark>` added) and
//! charts (SVG drawn by leakwatch-report, text escaped by plotters).

mod incident;
mod list;
mod org;
mod overview;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::ApiError;

/// Every page, and the stylesheet they share.
pub fn routes() -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/", get(overview::overview))
        .route("/incidents", get(list::incidents))
        .route("/incidents/{id}", get(incident::incident))
        .route("/orgs/{name}", get(org::organization))
        .route("/static/app.css", get(stylesheet))
}

/// An error shown as a page.
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    q: String,
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let ApiError::Moved { location, .. } = &self.0 {
            return axum::response::Redirect::permanent(location).into_response();
        }
        let (status, _) = self.0.parts();
        if status.is_server_error() {
            tracing::error!(error = %self.0, "page failed");
        }
        let page = ErrorPage {
            q: String::new(),
            status: status.as_u16(),
            message: match status {
                StatusCode::NOT_FOUND => "ページが見つかりません。".to_owned(),
                StatusCode::SERVICE_UNAVAILABLE => {
                    "データベースに接続できません。しばらくしてから再度お試しください。".to_owned()
                }
                s if s.is_server_error() => "サーバーでエラーが発生しました。".to_owned(),
                _ => format!("リクエストに誤りがあります: {}", self.0.public_message()),
            },
        };
        (status, render(&page)).into_response()
    }
}

/// The stylesheet of every page (served as a file: the pages' policy allows no inline style).
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../templates/app.css"),
    )
}

pub(crate) fn render<T: Template>(t: &T) -> Html<String> {
    Html(t.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template failed");
        "<!doctype html><title>error</title><p>表示に失敗しました。".to_owned()
    }))
}
