//! The web app called as a function (no socket) over a real SQLite store and
//! its search index: JSON API, pages, feed, OpenAPI, escaping, the write token.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use leakwatch_ingest::{Metadata, Settings, intake, intake_text};
use leakwatch_search::SearchIndex;
use leakwatch_server::{AppState, router};
use leakwatch_store::Store;
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
        let body = std::fs::read(&path).expect("read");
        assert!(
            leakwatch_extract::dateline(&String::from_utf8_lossy(&body)).is_some(),
            "fixtures carry a dateline"
        );
        let meta = Metadata {
            location: Some(path.display().to_string()),
            ..Metadata::default()
        };
        let p = intake(&body, &meta, &Settings::default(), None).expect("intake");
        store
            .ingest(&p.document, &p.extraction)
            .await
            .expect("ingest");
    }
    store
}

async fn app_over(dir: &std::path::Path, store: Store, token: Option<&str>) -> axum::Router {
    let index = SearchIndex::open(&dir.join("index"), None).expect("index");
    index.sync(&store).await.expect("sync");
    router(AppState::new(store, index, None, token.map(str::to_owned)))
}

async fn raw(app: &axum::Router, req: Request<Body>) -> (StatusCode, String, String) {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let ctype = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        ctype,
        String::from_utf8(bytes.to_vec()).expect("utf-8"),
    )
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = raw(app, Request::get(uri).body(Body::empty()).expect("request")).await;
    (status, serde_json::from_str(&body).expect("JSON body"))
}

async fn page(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let (status, ctype, body) =
        raw(app, Request::get(uri).body(Body::empty()).expect("request")).await;
    if status == StatusCode::OK {
        assert!(ctype.starts_with("text/html"), "{uri}: {ctype}");
    }
    (status, body)
}

fn post(uri: &str, token: Option<&str>, json: &Value) -> Request<Body> {
    let mut b = Request::post(uri).header("content-type", "application/json");
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::from(json.to_string())).expect("request")
}

#[tokio::test]
async fn the_api_answers_json_and_json_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store_with_fixtures(dir.path()).await;
    let app = app_over(dir.path(), store, None).await;

    let (s, v) = get(&app, "/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");

    let (s, v) = get(&app, "/api/v1/incidents").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 2);
    assert!(
        v["facets"]["cause"]
            .as_array()
            .is_some_and(|c| c.len() == 2)
    );
    let list = v["items"].as_array().expect("array");
    assert_eq!(list.len(), 2);
    let attack = list
        .iter()
        .find(|i| i["cause"] == "unauthorized_access")
        .expect("attack");

    let (s, v) = get(&app, "/api/v1/incidents?cause=misdelivery&limit=10").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
    // The group filter by the holding company's short name takes its subsidiary's incidents.
    let (s, v) = get(
        &app,
        "/api/v1/incidents?org=%E3%83%8B%E3%83%88%E3%83%A0%E3%83%A9HD",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 2, "{v}");

    // Search: words, highlighted snippet, the incident inside each hit.
    let (s, v) = get(
        &app,
        "/api/v1/search?q=%E4%B8%8D%E6%AD%A3%E3%82%A2%E3%82%AF%E3%82%BB%E3%82%B9",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["total"].as_u64().is_some_and(|n| n >= 1), "{v}");
    assert!(
        v["hits"][0]["snippet_html"]
            .as_str()
            .is_some_and(|h| h.contains("<mark>")),
        "{v}"
    );
    assert!(v["hits"][0]["incident"]["organization"].is_string());

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
    assert_eq!(v["store"]["documents"], 5);
    assert_eq!(v["dashboard"]["incidents"], 2);

    // The OpenAPI document names every route.
    let (s, v) = get(&app, "/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    for path in [
        "/api/v1/incidents",
        "/api/v1/search",
        "/api/v1/incidents/{id}",
        "/api/v1/organizations/{name}",
        "/api/v1/stats",
        "/api/v1/documents",
        "/healthz",
    ] {
        assert!(v["paths"][path].is_object(), "{path} missing from OpenAPI");
    }
    assert!(v["components"]["schemas"]["IncidentSummary"].is_object());

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
            "/api/v1/search?sort=sideways",
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

#[tokio::test]
async fn pages_render_and_escape_document_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store_with_fixtures(dir.path()).await;
    let hostile = "2025年6月2日\n株式会社スクリプト商事\n<script>alert('x')</script>\n当社は第三者による不正アクセスを受け、お客様の<b>メールアドレス</b>1,500件が流出した可能性があることが判明しました。<img src=x onerror=alert(1)>";
    let meta = Metadata {
        location: Some("javascript:alert(1)".into()),
        title: Some("<script>title</script>".into()),
        ..Metadata::default()
    };
    let p = intake_text(hostile.into(), &meta, &Settings::default(), None).expect("intake");
    store
        .ingest(&p.document, &p.extraction)
        .await
        .expect("ingest");
    let app = app_over(dir.path(), store, None).await;

    let (s, html) = page(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(html.contains("スクリプト商事"));

    let (s, html) = page(
        &app,
        "/incidents?q=%E3%82%B9%E3%82%AF%E3%83%AA%E3%83%97%E3%83%88",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<mark>"), "{html}");
    let id = html
        .split("href=\"/incidents/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a link to the incident")
        .to_owned();

    let (s, html) = page(&app, &format!("/incidents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    for bad in ["<script>", "<img", "<b>メール", "href=\"javascript:"] {
        assert!(!html.contains(bad), "{bad} reached the page unescaped");
    }
    assert!(
        html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"),
        "the text is shown, escaped"
    );
    assert!(html.contains("<mark id=\"f"), "evidence is highlighted");
    assert!(html.contains("id=\"timeline\""));

    // Filters, sort and paging keep their parameters; unknown ids are a 404 page.
    let (s, html) = page(&app, "/incidents?cause=misdelivery&sort=oldest&limit=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("1 / 1"), "one misdelivery incident");
    let (s, html) = page(&app, "/incidents?limit=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("1 / 3") && html.contains("page=2"), "{html}");
    let (s, html) = page(&app, "/incidents/424242").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(html.contains("<!doctype html>"));
    let (s, html) = page(&app, "/orgs/%E3%83%8B%E3%83%88%E3%83%A0%E3%83%A9HD").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("id=\"group\"") && html.contains("株式会社ニトムラ"),
        "{html}"
    );

    // The feed is Atom, with the incidents and escaped titles.
    let (s, ctype, xml) = raw(
        &app,
        Request::get("/feed.atom")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("application/atom+xml"));
    assert!(
        xml.contains("<feed") && xml.matches("<entry>").count() == 3,
        "{xml}"
    );
}

#[tokio::test]
async fn writes_need_the_bearer_token() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("w.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let doc = serde_json::json!({
        "body": "2025年7月1日\n株式会社トークン工業\n当社サーバーが不正アクセスを受け、顧客の氏名と電話番号800件が漏えいしたおそれがあります。",
        "location": "https://example.invalid/notice"
    });
    let app = app_over(dir.path(), store.clone(), None).await;
    let (s, _, body) = raw(&app, post("/api/v1/documents", Some("x"), &doc)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");

    let dir2 = tempfile::tempdir().expect("tempdir");
    let app = app_over(dir2.path(), store, Some("s3cret")).await;
    let (s, _, body) = raw(&app, post("/api/v1/documents", None, &doc)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{body}");
    let (s, _, _) = raw(&app, post("/api/v1/documents", Some("s3cre"), &doc)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, body) = raw(&app, post("/api/v1/documents", Some("s3cret"), &doc)).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["duplicate"], false);
    // Stored, linked and searchable at once.
    let (_, v) = get(
        &app,
        "/api/v1/search?q=%E3%83%88%E3%83%BC%E3%82%AF%E3%83%B3",
    )
    .await;
    assert_eq!(v["total"], 1, "{v}");
    let (s, _, body) = raw(&app, post("/api/v1/documents", Some("s3cret"), &doc)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("\"duplicate\":true"));
}

/// A customer's incident folded into its provider's: the old address of the
/// customer's incident (API and page) redirects to the provider's incident.
#[tokio::test]
async fn a_folded_incident_redirects_to_the_one_that_holds_it() {
    use leakwatch_store::Ingested;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("fold.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let case = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/histories/13-nexus-cloud-ransomware-three-customers");
    let mut ids = Vec::new();
    // The salon's notice first, then the provider's: the salon's incident folds.
    for (file, day) in [
        ("d4-salon.txt", (2025, 2, 20)),
        ("d1-provider-first.txt", (2025, 2, 13)),
    ] {
        let body = std::fs::read(case.join(file)).expect("read");
        let meta = Metadata {
            location: Some(file.to_owned()),
            published: chrono::NaiveDate::from_ymd_opt(day.0, day.1, day.2),
            source_type: Some(leakwatch_model::SourceType::PressRelease),
            ..Metadata::default()
        };
        let p = intake(&body, &meta, &Settings::default(), None).expect("intake");
        match store
            .ingest(&p.document, &p.extraction)
            .await
            .expect("ingest")
        {
            Ingested::Stored { incidents, .. } => ids.push(incidents[0].0),
            other => panic!("{file}: {other:?}"),
        }
    }
    let (salon, provider) = (ids[0], ids[1]);
    assert_ne!(
        salon, provider,
        "the provider's notice opens its own incident"
    );
    assert_eq!(
        store.folded_into(salon).await.expect("folded"),
        Some(provider)
    );
    let app = app_over(dir.path(), store, None).await;

    let res = app
        .clone()
        .oneshot(
            Request::get(format!("/api/v1/incidents/{salon}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    let location = res
        .headers()
        .get("location")
        .expect("location")
        .to_str()
        .expect("ascii");
    assert_eq!(location, format!("/api/v1/incidents/{provider}"));
    let (status, body) = get(&app, location).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["id"], provider);

    let res = app
        .clone()
        .oneshot(
            Request::get(format!("/incidents/{salon}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        res.headers().get("location").expect("location"),
        format!("/incidents/{provider}").as_str()
    );
    // An id that never was stays not found.
    let (status, body) = get(&app, "/api/v1/incidents/999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
}

/// `/alerts/{rule}/feed.atom` serves what a configured rule fired, newest
/// first, escaped; a rule the configuration does not name is not found.
#[tokio::test]
async fn each_configured_alert_rule_has_its_feed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = store_with_fixtures(dir.path()).await;
    let payload =
        r#"{"rule":"vendors","kind":"new","incident":{"organization":"株式会社<b>例</b>"}}"#;
    store
        .fire_alert("vendors", 1, "fp1", payload)
        .await
        .expect("fire");
    store
        .fire_alert(
            "vendors",
            1,
            "fp2",
            &payload.replace("\"new\"", "\"update\""),
        )
        .await
        .expect("fire");
    let index = SearchIndex::open(&dir.path().join("index"), None).expect("index");
    index.sync(&store).await.expect("sync");
    let app = router(
        AppState::new(store, index, None, None)
            .with_alert_rules(vec!["vendors".into(), "quiet".into()]),
    );
    let (status, ctype, body) = raw(
        &app,
        Request::get("/alerts/vendors/feed.atom")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("application/atom+xml"), "{ctype}");
    let first = body
        .find("更新: 株式会社&lt;b&gt;例&lt;/b&gt;")
        .expect("the update, escaped");
    let second = body.find("新規: 株式会社").expect("the new alert");
    assert!(first < second, "newest first: {body}");
    assert!(!body.contains("<b>"), "{body}");
    // A configured rule that has fired nothing yet has an empty feed.
    let (status, _, body) = raw(
        &app,
        Request::get("/alerts/quiet/feed.atom")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("<entry>"), "{body}");
    let (status, body) = get(&app, "/alerts/unknown/feed.atom").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
}
