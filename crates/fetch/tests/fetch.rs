//! The fetcher against a real HTTP server on loopback: every bound and guard.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leakwatch_fetch::{AddressPolicy, Error, Fetcher, Outcome, Settings, Validators};

#[derive(Clone, Default)]
struct Counters {
    flaky: Arc<AtomicUsize>,
    always: Arc<AtomicUsize>,
}

const SJIS_PAGE: &str = "<html><head><title>お知らせ</title></head><body><main><p>顧客情報の漏えいについてお詫び申し上げます。</p></main></body></html>";

async fn serve() -> SocketAddr {
    let c = Counters::default();
    let (flaky, always) = (c.flaky.clone(), c.always.clone());
    let app = Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nDisallow: /private/\n" }))
        .route("/ok", get(|| async { "本文です" }))
        .route("/private/secret", get(|| async { "秘密" }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "遅い"
            }),
        )
        .route(
            "/huge",
            get(|| async {
                // 100 MB streamed with no length, the way a runaway page would be.
                let chunk = axum::body::Bytes::from(vec![b'a'; 64 * 1024]);
                let stream = futures_util::stream::iter(
                    (0..1600).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
                );
                Response::new(Body::from_stream(stream))
            }),
        )
        .route(
            "/huge-declared",
            get(|| async {
                // The same 100 MB, its length declared: refused before any of it is read.
                let chunk = axum::body::Bytes::from(vec![b'a'; 64 * 1024]);
                let stream = futures_util::stream::iter(
                    (0..1600).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
                );
                let mut r = Response::new(Body::from_stream(stream));
                r.headers_mut().insert(header::CONTENT_LENGTH, (1600u64 * 64 * 1024).into());
                r
            }),
        )
        .route(
            "/flaky",
            get(move || {
                let n = flaky.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n == 0 {
                        (StatusCode::INTERNAL_SERVER_ERROR, "down").into_response()
                    } else {
                        "直りました".into_response()
                    }
                }
            }),
        )
        .route(
            "/down",
            get(move || {
                always.fetch_add(1, Ordering::SeqCst);
                async { (StatusCode::SERVICE_UNAVAILABLE, "down") }
            }),
        )
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route("/loop/a", get(|| async { redirect("/loop/b") }))
        .route("/loop/b", get(|| async { redirect("/loop/a") }))
        .route("/hop", get(|| async { redirect("/ok") }))
        .route("/to-metadata", get(|| async { redirect("http://169.254.169.254/latest/meta-data/") }))
        .route("/to-intranet", get(|| async { redirect("http://10.0.0.1/") }))
        .route("/to-v6-loopback", get(|| async { redirect("http://[::1]:9/") }))
        .route("/to-file", get(|| async { redirect("file:///etc/passwd") }))
        .route("/to-robots-disallowed", get(|| async { redirect("/private/secret") }))
        .route(
            "/etag",
            get(|headers: HeaderMap| async move {
                if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some("\"v1\"") {
                    return StatusCode::NOT_MODIFIED.into_response();
                }
                ([(header::ETAG, "\"v1\""), (header::LAST_MODIFIED, "Wed, 01 Apr 2026 00:00:00 GMT")], "版1").into_response()
            }),
        )
        .route(
            "/sjis-header",
            get(|| async {
                let (b, _, _) = encoding_rs::SHIFT_JIS.encode(SJIS_PAGE);
                ([(header::CONTENT_TYPE, "text/html; charset=Shift_JIS")], b.into_owned()).into_response()
            }),
        )
        .route(
            "/eucjp-meta",
            get(|| async {
                let page = SJIS_PAGE.replace("<head>", "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\">");
                let (b, _, _) = encoding_rs::EUC_JP.encode(&page);
                ([(header::CONTENT_TYPE, "text/html")], b.into_owned()).into_response()
            }),
        )
        .route(
            "/wrong-charset",
            get(|| async {
                // Declared UTF-8, sent in Shift_JIS.
                let (b, _, _) = encoding_rs::SHIFT_JIS.encode(SJIS_PAGE);
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], b.into_owned()).into_response()
            }),
        )
        .route(
            "/not-a-pdf",
            get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "<html>エラー</html>").into_response() }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

fn redirect(to: &'static str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

fn loopback_only() -> Settings {
    Settings {
        user_agent: "leakwatch-test/0.2 (+mailto:ops@example.jp)".into(),
        min_delay: Duration::ZERO,
        timeout: Duration::from_millis(800),
        max_bytes: 1_000_000,
        addresses: AddressPolicy {
            allow_private: false,
            allowed: vec!["127.0.0.1".parse().expect("ip")],
        },
        retries: 2,
        backoff: Duration::from_millis(20),
        ..Settings::default()
    }
}

async fn body(f: &Fetcher, url: &str) -> Result<leakwatch_fetch::Page, Error> {
    match f.get(url, &Validators::default()).await? {
        Outcome::Fetched(p) => Ok(p),
        Outcome::NotModified => panic!("{url}: unexpected 304"),
    }
}

#[tokio::test]
async fn a_plain_get_sends_our_agent_and_reads_the_body() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    let p = body(&f, &format!("http://{addr}/hop"))
        .await
        .expect("fetch");
    assert_eq!(String::from_utf8(p.body).expect("utf8"), "本文です");
    assert!(p.final_url.ends_with("/ok"), "{}", p.final_url);
    // robots.txt, /hop, /ok.
    assert_eq!(f.totals().requests, 3);
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let addr = serve().await;
    let f = Fetcher::new(Settings {
        retries: 0,
        ..loopback_only()
    })
    .expect("client");
    let t = Instant::now();
    let e = body(&f, &format!("http://{addr}/slow"))
        .await
        .expect_err("slow");
    assert!(matches!(e, Error::Timeout { .. }), "{e}");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
}

#[tokio::test]
async fn a_100_mb_body_is_cut_off_not_buffered() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    let e = body(&f, &format!("http://{addr}/huge"))
        .await
        .expect_err("huge");
    assert!(
        matches!(
            e,
            Error::TooLarge {
                limit: 1_000_000,
                ..
            }
        ),
        "{e}"
    );
    // Stopped reading shortly past the cap: a chunk or two, not 100 MB.
    assert!(
        f.totals().bytes < 1_000_000 + 256 * 1024,
        "{:?}",
        f.totals()
    );
    let e = body(&f, &format!("http://{addr}/huge-declared"))
        .await
        .expect_err("declared");
    assert!(matches!(e, Error::TooLarge { .. }), "{e}");
}

#[tokio::test]
async fn a_500_then_200_is_retried_and_a_lasting_503_gives_up() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    let p = body(&f, &format!("http://{addr}/flaky"))
        .await
        .expect("retried");
    assert_eq!(String::from_utf8(p.body).expect("utf8"), "直りました");
    let before = f.totals().requests;
    let e = body(&f, &format!("http://{addr}/down"))
        .await
        .expect_err("down");
    assert!(matches!(e, Error::Status { status: 503, .. }), "{e}");
    assert_eq!(
        f.totals().requests - before,
        3,
        "the first try and two retries"
    );
    let e = body(&f, &format!("http://{addr}/missing"))
        .await
        .expect_err("404");
    assert!(matches!(e, Error::Status { status: 404, .. }), "{e}");
}

#[tokio::test]
async fn redirect_loops_and_bad_targets_are_refused() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    let e = body(&f, &format!("http://{addr}/loop/a"))
        .await
        .expect_err("loop");
    assert!(matches!(e, Error::Redirects { .. }), "{e}");
    for (path, addr_of) in [
        ("/to-metadata", "169.254.169.254"),
        ("/to-intranet", "10.0.0.1"),
        ("/to-v6-loopback", "::1"),
    ] {
        let e = body(&f, &format!("http://{addr}{path}"))
            .await
            .expect_err(path);
        match e {
            Error::Forbidden { addr, .. } => assert_eq!(addr.to_string(), addr_of),
            other => panic!("{path}: {other}"),
        }
    }
    let e = body(&f, &format!("http://{addr}/to-file"))
        .await
        .expect_err("file");
    assert!(matches!(e, Error::BadUrl { .. }), "{e}");
    let e = body(&f, "ftp://example.jp/x").await.expect_err("ftp");
    assert!(matches!(e, Error::BadUrl { .. }), "{e}");
}

#[tokio::test]
async fn loopback_is_refused_unless_allowed() {
    let addr = serve().await;
    let strict = Fetcher::new(Settings {
        addresses: AddressPolicy::default(),
        ..loopback_only()
    })
    .expect("client");
    for url in [
        format!("http://{addr}/ok"),
        format!("http://localhost:{}/ok", addr.port()),
    ] {
        let e = body(&strict, &url).await.expect_err("loopback");
        assert!(matches!(e, Error::Forbidden { .. }), "{url}: {e}");
    }
    assert_eq!(strict.totals().requests, 0, "nothing was sent");
    let open = Fetcher::new(Settings {
        addresses: AddressPolicy {
            allow_private: true,
            allowed: vec![],
        },
        ..loopback_only()
    })
    .expect("client");
    body(&open, &format!("http://localhost:{}/ok", addr.port()))
        .await
        .expect("allowed");
}

#[tokio::test]
async fn robots_txt_is_honoured_redirects_included() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    for path in ["/private/secret", "/to-robots-disallowed"] {
        let e = body(&f, &format!("http://{addr}{path}"))
            .await
            .expect_err(path);
        assert!(matches!(e, Error::Robots { .. }), "{path}: {e}");
    }
    body(&f, &format!("http://{addr}/ok"))
        .await
        .expect("allowed");
}

#[tokio::test]
async fn a_conditional_get_of_an_unchanged_page_is_304() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    let url = format!("http://{addr}/etag");
    let p = body(&f, &url).await.expect("first");
    assert_eq!(p.validators.etag.as_deref(), Some("\"v1\""));
    assert!(p.validators.last_modified.is_some());
    let again = f.get(&url, &p.validators).await.expect("second");
    assert!(matches!(again, Outcome::NotModified));
}

#[tokio::test]
async fn one_host_gets_one_request_at_a_time_with_a_delay_between() {
    let addr = serve().await;
    let f = Arc::new(
        Fetcher::new(Settings {
            min_delay: Duration::from_millis(300),
            ..loopback_only()
        })
        .expect("client"),
    );
    let url = format!("http://{addr}/ok");
    body(&f, &url).await.expect("warm robots");
    let t = Instant::now();
    let (a, b) = tokio::join!(body(&f, &url), body(&f, &url));
    a.expect("a");
    b.expect("b");
    // Two requests after the first: each waits its 300 ms.
    assert!(
        t.elapsed() >= Duration::from_millis(600),
        "{:?}",
        t.elapsed()
    );
}

fn meta_for(p: &leakwatch_fetch::Page) -> leakwatch_ingest::Metadata {
    leakwatch_ingest::Metadata {
        location: Some(p.final_url.clone()),
        format: p
            .media_type
            .as_deref()
            .and_then(leakwatch_ingest::Format::from_media_type)
            .unwrap_or_default(),
        ..leakwatch_ingest::Metadata::default()
    }
}

#[tokio::test]
async fn charsets_from_the_header_the_meta_or_the_bytes_all_read() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    for path in ["/sjis-header", "/eucjp-meta", "/wrong-charset"] {
        let p = body(&f, &format!("http://{addr}{path}")).await.expect(path);
        let src = leakwatch_ingest::intake::to_text_declared(
            &p.body,
            p.charset.as_deref(),
            &meta_for(&p),
        )
        .expect(path);
        assert_eq!(
            src.text, "顧客情報の漏えいについてお詫び申し上げます。",
            "{path}"
        );
        assert_eq!(src.title.as_deref(), Some("お知らせ"), "{path}");
    }
}

#[tokio::test]
async fn a_pdf_that_is_not_a_pdf_is_a_clear_error() {
    let addr = serve().await;
    let f = Fetcher::new(loopback_only()).expect("client");
    let p = body(&f, &format!("http://{addr}/not-a-pdf"))
        .await
        .expect("fetch");
    let e = leakwatch_ingest::intake::to_text_declared(&p.body, None, &meta_for(&p))
        .expect_err("not a pdf");
    let msg = e.to_string();
    assert!(msg.contains("not a readable PDF"), "{msg}");
    assert!(msg.contains("/not-a-pdf"), "{msg}");
}
