//! End to end, as a person would: `leakwatch demo` on loopback, driven by a
//! real headless Chromium through ChromeDriver (Debian's `chromium` and
//! `chromium-driver`, installed by `.ci/setup`). It loads the overview,
//! searches, opens an incident, checks that evidence is highlighted, looks at
//! the page at phone width, and saves screenshots under `target/e2e/`.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

const BIN: &str = env!("CARGO_BIN_EXE_leakwatch");

/// Kills the child when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_searches_and_checks_evidence_in_chromium() {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(
            Path::new(tool).is_file(),
            "{tool} is missing: run .ci/setup (Debian's chromium and chromium-driver)"
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let mut demo = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--addr", "127.0.0.1:0", "--samples"])
        .arg(root().join("samples"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("demo starts");
    let mut url = String::new();
    std::io::BufReader::new(demo.stdout.take().expect("stdout"))
        .read_line(&mut url)
        .expect("the URL");
    let _demo = Guard(demo);
    let url = url.trim().trim_end_matches('/').to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let port = free_port();
    let driver = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let _driver = Guard(driver);
    wait_for_port(port);

    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=ja"]
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session");
    let shots = root().join("target/e2e");
    std::fs::create_dir_all(&shots).expect("screenshot folder");

    // The overview: charts drawn.
    c.goto(&format!("{url}/")).await.expect("overview");
    let charts = c
        .find_all(Locator::Css("section.card svg"))
        .await
        .expect("svg");
    assert!(charts.len() >= 4, "four charts, found {}", charts.len());
    std::fs::write(
        shots.join("overview.png"),
        c.screenshot().await.expect("shot"),
    )
    .expect("save");

    // Search from the header's box, as typed.
    let q = c
        .find(Locator::Css("header input[name=q]"))
        .await
        .expect("search box");
    q.send_keys("クレジットカード 不正アクセス")
        .await
        .expect("type");
    c.find(Locator::Css("header button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("submit");
    c.wait()
        .for_element(Locator::Css("article.hit"))
        .await
        .expect("results");
    let total = c
        .find(Locator::Id("total"))
        .await
        .expect("total")
        .text()
        .await
        .expect("text");
    assert!(!total.starts_with('0'), "{total}");
    let marks = c
        .find_all(Locator::Css("article.hit mark"))
        .await
        .expect("marks");
    assert!(!marks.is_empty(), "snippets highlight the words");
    std::fs::write(
        shots.join("search.png"),
        c.screenshot().await.expect("shot"),
    )
    .expect("save");

    // Open the first incident: its evidence is highlighted in the source text.
    c.find(Locator::Css("article.hit .title a"))
        .await
        .expect("a hit")
        .click()
        .await
        .expect("open");
    c.wait()
        .for_element(Locator::Id("timeline"))
        .await
        .expect("incident page");
    let evidence = c
        .find_all(Locator::Css(".source mark[id^=f]"))
        .await
        .expect("evidence");
    assert!(!evidence.is_empty(), "evidence highlighted");
    // A fact's link jumps to its highlight.
    let link = c
        .find(Locator::Css("#facts a[href^='#f']"))
        .await
        .expect("a fact link");
    let target = link.attr("href").await.expect("href").expect("an anchor");
    link.click().await.expect("jump");
    let current = c.current_url().await.expect("url");
    assert_eq!(current.fragment(), Some(target.trim_start_matches('#')));
    let marked = c
        .find(Locator::Css(&format!("mark{target}")))
        .await
        .expect("the highlight the fact points at");
    assert!(!marked.text().await.expect("text").is_empty());
    std::fs::write(
        shots.join("incident.png"),
        c.screenshot().await.expect("shot"),
    )
    .expect("save");

    // Every incident page speaks Japanese: no vocabulary code (`forensic_investigation`,
    // `payment_form_tampering`, a link reason in English) reaches the text a person reads.
    let code = regex::Regex::new(
        r"\b[a-z]+(?:_[a-z]+)+\b|first document of this incident|same organisation",
    )
    .expect("pattern");
    let mut pages = 0;
    for id in 1..=60 {
        c.goto(&format!("{url}/incidents/{id}"))
            .await
            .expect("incident");
        if c.find(Locator::Id("timeline")).await.is_err() {
            continue;
        }
        pages += 1;
        let text = c
            .execute("return document.body.innerText;", vec![])
            .await
            .expect("text");
        let text = text.as_str().unwrap_or_default().to_owned();
        let raw: Vec<&str> = code.find_iter(&text).map(|m| m.as_str()).collect();
        assert!(raw.is_empty(), "incident {id} shows codes {raw:?}");
    }
    assert!(pages >= 20, "only {pages} incident pages");
    // The flags: a filter on the list page, a section on the incident page.
    c.goto(&format!("{url}/incidents?flag=late_disclosure"))
        .await
        .expect("filtered list");
    let list = c
        .execute("return document.body.innerText;", vec![])
        .await
        .expect("text");
    assert!(
        list.as_str()
            .is_some_and(|t| t.contains("ベルモール") && !t.contains("北浜県産業振興局")),
        "{list}"
    );

    // Phone width: no horizontal scrolling of the page itself.
    c.set_window_size(390, 844).await.expect("resize");
    c.goto(&format!("{url}/incidents")).await.expect("list");
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("measure");
    assert!(
        overflow.as_f64().unwrap_or(1e9) <= 1.0,
        "page scrolls sideways by {overflow}"
    );
    std::fs::write(shots.join("phone.png"), c.screenshot().await.expect("shot")).expect("save");

    c.close().await.expect("close");
}
