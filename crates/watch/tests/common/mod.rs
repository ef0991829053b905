//! A loopback site of fixture sources, broken ones included, for the watch tests.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

/// What the site has served and been sent.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub hits: Arc<Mutex<Vec<String>>>,
    pub flaky: Arc<AtomicUsize>,
    pub hooks: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    /// Extra pages by path (a follow-up added between passes).
    pub extra: Arc<Mutex<Vec<(String, String)>>>,
    /// Seconds the slow item waits.
    pub slow_item: Arc<AtomicUsize>,
    /// While set, the webhook answers 503 (a receiver that is down).
    pub hook_down: Arc<std::sync::atomic::AtomicBool>,
}

pub const LEAK_1: &str = "<html><head><title>不正アクセスによる個人情報漏えいのお詫び</title></head><body><nav>ホーム 製品 採用</nav><main><p>2026年4月8日</p><p>株式会社みずほし精工</p><h1>不正アクセスによる個人情報漏えいのお詫び</h1><p>当社は2026年4月2日、社内サーバーが第三者による不正アクセスを受け、お取引先様の氏名及びメールアドレス約1,200件が外部に流出したことを確認いたしました。</p></main><footer>Copyright</footer></body></html>";
pub const EARNINGS: &str = "<html><head><title>2026年3月期 決算短信</title></head><body><main><p>2026年5月10日</p><p>株式会社みずほし精工</p><h1>2026年3月期 決算短信〔日本基準〕（連結）</h1><p>当連結会計年度の売上高は前期比5.2%増となりました。</p></main></body></html>";
pub const LEAK_SJIS: &str = "<html><head><meta charset=\"Shift_JIS\"><title>メール誤送信に関するお詫び</title></head><body><main><p>2026年4月15日</p><p>あおば大学</p><h1>メール誤送信に関するお詫び</h1><p>本学職員が講座の案内メールを送信する際、宛先をBCCではなくTOに入力したため、受講者123名のメールアドレスが他の受信者に表示されました。</p></main></body></html>";
pub const SEMINAR: &str = "<html><head><title>情報漏えい防止セミナー開催のご案内</title></head><body><main><h1>情報漏えい防止セミナー開催のご案内</h1><p>企業の情報漏えいを防ぐための最新対策を解説するセミナーを、6月10日にオンラインで開催いたします。</p></main></body></html>";
pub const FOLLOW_UP: &str = "<html><head><title>【第2報】不正アクセスによる個人情報漏えいについて</title></head><body><main><p>2026年4月20日</p><p>株式会社みずほし精工</p><h1>【第2報】不正アクセスによる個人情報漏えいについて</h1><p>2026年4月8日にお知らせした当社サーバーへの不正アクセスについて、調査の結果、外部に流出したお取引先様の氏名及びメールアドレスは約1,500件であることが確定いたしました。</p></main></body></html>";

pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/watch")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rss(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>テスト</title><link>http://example.invalid/</link><description>d</description>",
    );
    for (id, title, link) in items {
        s.push_str(&format!(
            "<item><guid>{id}</guid><title>{title}</title><link>{link}</link></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn html(body: &str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.to_owned(),
    )
        .into_response()
}

async fn page(State(site): State<Site>, Path(name): Path<String>) -> Response {
    site.hits
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(name.clone());
    match name.as_str() {
        "leak1.html" => html(LEAK_1),
        "earnings.html" => html(EARNINGS),
        "seminar.html" => html(SEMINAR),
        "sjis.html" => {
            let (b, _, _) = encoding_rs::SHIFT_JIS.encode(LEAK_SJIS);
            // No charset in the header: the <meta> says it.
            ([(header::CONTENT_TYPE, "text/html")], b.into_owned()).into_response()
        }
        "wrong-charset.html" => {
            // Declared UTF-8, sent in Shift_JIS with no <meta>: the bytes are sniffed.
            let page = LEAK_SJIS
                .replace("<meta charset=\"Shift_JIS\">", "")
                .replace("あおば大学", "みなと学園");
            let (b, _, _) = encoding_rs::SHIFT_JIS.encode(&page);
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                b.into_owned(),
            )
                .into_response()
        }
        "cid.pdf" => (
            [(header::CONTENT_TYPE, "application/pdf")],
            fixture("ja_cid.pdf"),
        )
            .into_response(),
        "ttf.pdf" => (
            [(header::CONTENT_TYPE, "application/pdf")],
            fixture("ja_ttf.pdf"),
        )
            .into_response(),
        "not-a.pdf" => (
            [(header::CONTENT_TYPE, "application/pdf")],
            "<html>503 お待ちください</html>",
        )
            .into_response(),
        "slow.html" => {
            let secs = site.slow_item.load(Ordering::SeqCst) as u64;
            tokio::time::sleep(Duration::from_secs(secs)).await;
            html(LEAK_1.replace("みずほし精工", "ゆうやけ運輸").as_str())
        }
        other => {
            let extra = site.extra.lock().unwrap_or_else(|p| p.into_inner());
            match extra.iter().find(|(p, _)| p == other) {
                Some((_, body)) => html(body),
                None => StatusCode::NOT_FOUND.into_response(),
            }
        }
    }
}

/// Serves the site on loopback; its base URL.
pub async fn serve(site: Site) -> (SocketAddr, String) {
    let feed_site = site.clone();
    let flaky = site.flaky.clone();
    let app = Router::new()
        .route("/p/{name}", get(page))
        .route(
            "/feed.xml",
            get(move || {
                let extra = feed_site.extra.lock().unwrap_or_else(|p| p.into_inner()).clone();
                async move {
                    let mut items = vec![
                        ("n1", "不正アクセスによる個人情報漏えいのお詫び", "/p/leak1.html".to_owned()),
                        ("n2", "2026年3月期 決算短信", "/p/earnings.html".to_owned()),
                        ("n3", "メール誤送信に関するお詫び", "/p/sjis.html".to_owned()),
                        ("n4", "情報漏えい防止セミナー開催のご案内", "/p/seminar.html".to_owned()),
                    ];
                    for (path, _) in &extra {
                        items.push(("n-extra", "【第2報】", format!("/p/{path}")));
                    }
                    let items: Vec<(&str, &str, &str)> = items.iter().map(|(a, b, c)| (*a, *b, c.as_str())).collect();
                    ([(header::CONTENT_TYPE, "application/rss+xml")], rss(&items)).into_response()
                }
            }),
        )
        .route("/broken.xml", get(|| async { "<rss version=\"2.0\"><channel><item><title>壊れ" }))
        .route("/missing.xml", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/flaky.xml",
            get(move || {
                let n = flaky.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n == 0 {
                        (StatusCode::INTERNAL_SERVER_ERROR, "一時的な障害").into_response()
                    } else {
                        rss(&[("f1", "PDFのお知らせ", "/p/cid.pdf")]).into_response()
                    }
                }
            }),
        )
        .route(
            "/slow.xml",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "遅い"
            }),
        )
        .route(
            "/huge.xml",
            get(|| async {
                let chunk = Bytes::from(vec![b' '; 64 * 1024]);
                let stream = futures_util::stream::iter((0..1600).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
                Response::new(Body::from_stream(stream))
            }),
        )
        .route("/loop-a", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop-b")]) }))
        .route("/loop-b", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop-a")]) }))
        .route(
            "/tdnet.json",
            get(|| async {
                axum::Json(serde_json::json!({"items": [
                    {"Tdnet": {"id": "t1", "pubdate": "2026-04-08 15:00:00", "company_code": "99990", "company_name": "みずほし精工", "title": "個人情報漏えいのお詫び", "document_url": "/p/ttf.pdf"}},
                    {"Tdnet": {"id": "t2", "pubdate": "2026-04-08 15:30:00", "company_code": "99991", "company_name": "ほしぞら化学", "title": "お知らせ", "document_url": "/p/not-a.pdf"}}
                ]}))
            }),
        )
        .route(
            "/list.html",
            get(|| async {
                html("<html><body><nav><a href=\"/p/nav.html\">メニュー</a></nav><ul class=\"news\"><li><a href=\"/p/wrong-charset.html\">2026年4月15日 メール誤送信に関するお詫び</a></li><li><a href=\"/p/earnings.html\">決算短信</a></li><li><a href=\"/p/slow.html\">お知らせ</a></li></ul></body></html>")
            }),
        )
        .route("/page.html", get(|| async { html(LEAK_1) }))
        .route(
            "/hook",
            post(|State(site): State<Site>, headers: HeaderMap, body: Bytes| async move {
                if site.hook_down.load(std::sync::atomic::Ordering::SeqCst) {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                site.hooks.lock().unwrap_or_else(|p| p.into_inner()).push((headers, body));
                StatusCode::NO_CONTENT
            }),
        )
        .with_state(site);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, format!("http://{addr}"))
}

pub fn fetch_settings() -> leakwatch_fetch::Settings {
    leakwatch_fetch::Settings {
        user_agent: "leakwatch-test/0.2 (+mailto:ops@example.jp)".into(),
        min_delay: Duration::ZERO,
        timeout: Duration::from_millis(1500),
        max_bytes: 2_000_000,
        addresses: leakwatch_fetch::AddressPolicy {
            allow_private: false,
            allowed: vec!["127.0.0.1".parse().expect("ip")],
        },
        retries: 1,
        backoff: Duration::from_millis(10),
        ..leakwatch_fetch::Settings::default()
    }
}
