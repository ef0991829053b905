//! The JSON API, called as a function (no socket) over a real SQLite store.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use leakwatch_extract::{Options, extract_text};
use leakwatch_server::{AppState, router};
use leakwatch_store::{NewDocument, Store};
use serde_json::Value;
use tower::ServiceExt;

async fn store_with_fixtures(dir: &std::path::Path) -> Store {
    let store = Store::open(dir.join("api.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let body = std::fs::read_to_string(&path).expect("read");
        let published = leakwatch_extract::dateline(&body).expect("fixtures carry a dateline");
        let extraction = extract_text(&body, &Options::new(published), None);
        let doc = NewDocument {
            location: path.display().to_string(),
            title: None,
            source_type: None,
            published: Some(published),
            body,
        };
        store.ingest(&doc, &extraction).await.expect("ingest");
    }
    store
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, serde_json::from_slice(&bytes).expect("JSON body"))
}

#[tokio::test]
async fn the_api_answers_json_and_json_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = router(AppState {
        store: store_with_fixtures(dir.path()).await,
    });

    let (s, v) = get(&app, "/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");

    let (s, v) = get(&app, "/api/v1/incidents").await;
    assert_eq!(s, StatusCode::OK);
    let list = v.as_array().expect("array");
    assert_eq!(list.len(), 2);
    let attack = list
        .iter()
        .find(|i| i["cause"] == "unauthorized_access")
        .expect("attack");

    let (s, v) = get(&app, "/api/v1/incidents?cause=misdelivery&limit=10").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v.as_array().map(Vec::len), Some(1));

    let (s, v) = get(&app, &format!("/api/v1/incidents/{}", attack["id"])).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["organization"], "株式会社ニトムラ");
    assert!(v["facts"].as_array().is_some_and(|f| !f.is_empty()));
    assert_eq!(v["timeline"][0]["event"], "occurred");

    // The group, by the holding company's short name (percent-encoded as a browser sends it).
    let (s, v) = get(
        &app,
        "/api/v1/organizations/%E3%83%8B%E3%83%88%E3%83%A0%E3%83%A9HD",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["incidents"].as_array().map(Vec::len), Some(2));

    let (s, v) = get(&app, "/api/v1/stats").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["documents"], 5);

    for (uri, status, code) in [
        (
            "/api/v1/incidents/99999",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/incidents/abc",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/incidents?cause=aliens",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/incidents?since=yesterday",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/organizations/nobody",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/no/such/route", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, status, "{uri}");
        assert_eq!(v["code"], code, "{uri}");
        assert!(
            v["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{uri}"
        );
    }
}
