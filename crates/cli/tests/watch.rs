//! `leakwatch watch`, `sources`, `documents` and `classify` as a user runs them,
//! against a loopback site — and a watch killed with SIGKILL midway, rerun.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use axum::extract::Path as UrlPath;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

const BIN: &str = env!("CARGO_BIN_EXE_leakwatch");
const ITEMS: usize = 30;

/// Item `i`: two of three are leak notices of distinct organisations, the third earnings.
fn item(i: usize) -> String {
    if i % 3 == 2 {
        format!(
            "<html><head><title>第{i}期 決算短信</title></head><body><main><p>当期の売上高は前期比{i}.0%増となりました。配当は1株当たり{i}円といたします。</p></main></body></html>"
        )
    } else {
        format!(
            "<html><head><title>個人情報漏えいのお詫び</title></head><body><main><p>2026年4月{}日</p><p>株式会社テスト{i}号商事</p><p>当社は、メールの誤送信により、お客様{}名のメールアドレスが他の受信者に表示されたことを確認いたしました。</p></main></body></html>",
            1 + i % 28,
            100 + i
        )
    }
}

/// An RSS feed of items `n`, each linking to `/item/{n}`.
fn rss(items: impl Iterator<Item = usize>) -> ([(header::HeaderName, &'static str); 1], String) {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>http://x.invalid/</link><description>d</description>",
    );
    for n in items {
        s.push_str(&format!(
            "<item><guid>g{n}</guid><title>お知らせ{n}</title><link>/item/{n}</link></item>"
        ));
    }
    s.push_str("</channel></rss>");
    ([(header::CONTENT_TYPE, "application/rss+xml")], s)
}

/// Serves the feed and its items (each item slow enough that a pass takes seconds).
fn serve() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let app = axum::Router::new()
                .route("/feed.xml", get(|| async { rss(0..ITEMS) }))
                // Source `p` of several: its own items, 100·p + i.
                .route(
                    "/part/{p}",
                    get(|UrlPath(p): UrlPath<usize>| async move {
                        rss((0..ITEMS).map(|i| 100 * p + i))
                    }),
                )
                .route(
                    "/item/{i}",
                    get(|UrlPath(i): UrlPath<usize>| async move {
                        tokio::time::sleep(Duration::from_millis(150)).await;
                        (
                            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                            item(i),
                        )
                            .into_response()
                    }),
                );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            let _ = axum::serve(listener, app).await;
        });
    });
    format!("http://{}", rx.recv().expect("addr"))
}

fn config(dir: &Path, base: &str) -> std::path::PathBuf {
    let path = dir.join("leakwatch.toml");
    std::fs::write(
        &path,
        format!(
            "[analyzer]\nenabled = false\n[watch]\nuser_agent = \"leakwatch-test/0.2 (+mailto:ops@example.jp)\"\nmin_delay = \"0s\"\ntimeout = \"2s\"\nlease = \"2s\"\nmax_bytes = \"2MB\"\nallow_private_addresses = true\n\n[[source]]\nname = \"test-feed\"\nkind = \"feed\"\nurl = \"{base}/feed.xml\"\nsource_type = \"press_release\"\n"
        ),
    )
    .expect("config");
    path
}

/// A configuration with `n` sources, each a feed of its own items.
fn config_parts(dir: &Path, base: &str, n: usize) -> std::path::PathBuf {
    let path = dir.join("parts.toml");
    let mut text = "[analyzer]\nenabled = false\n[watch]\nuser_agent = \"leakwatch-test/0.2 (+mailto:ops@example.jp)\"\nmin_delay = \"0s\"\ntimeout = \"2s\"\nlease = \"2s\"\nmax_bytes = \"2MB\"\nallow_private_addresses = true\n".to_owned();
    for p in 1..=n {
        text.push_str(&format!(
            "\n[[source]]\nname = \"part-{p}\"\nkind = \"feed\"\nurl = \"{base}/part/{p}\"\nsource_type = \"press_release\"\n"
        ));
    }
    std::fs::write(&path, text).expect("config");
    path
}

fn leakwatch(cfg: &Path, db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--config")
        .arg(cfg)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null());
    c
}

fn json(out: Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn a_watch_killed_midway_reruns_to_every_item_exactly_once() {
    let base = serve();
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = config(dir.path(), &base);
    let db = dir.path().join("w.db");
    let mut child = leakwatch(&cfg, &db, &["watch", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Let it store some items, then SIGKILL it.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let docs = json(
            leakwatch(&cfg, &db, &["documents", "--json"])
                .output()
                .expect("documents"),
        );
        if docs.as_array().is_some_and(|d| d.len() >= 3)
            || start.elapsed() > Duration::from_secs(60)
        {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    // The dead process's lease runs out.
    std::thread::sleep(Duration::from_millis(2500));
    let partial = json(
        leakwatch(&cfg, &db, &["documents", "--json"])
            .output()
            .expect("documents"),
    );
    let partial = partial.as_array().map_or(0, Vec::len);
    assert!(
        partial > 0 && partial < ITEMS * 2 / 3,
        "killed midway: {partial} stored"
    );

    let out = leakwatch(&cfg, &db, &["watch", "--once"])
        .output()
        .expect("rerun");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(
        logs.contains("source done") && logs.contains("test-feed"),
        "structured logs: {logs}"
    );
    let docs = json(
        leakwatch(&cfg, &db, &["documents", "--json", "--source", "test-feed"])
            .output()
            .expect("documents"),
    );
    let docs = docs.as_array().expect("array");
    assert_eq!(docs.len(), ITEMS * 2 / 3, "every relevant item once");
    let mut locations: Vec<&str> = docs.iter().filter_map(|d| d["location"].as_str()).collect();
    locations.sort_unstable();
    locations.dedup();
    assert_eq!(locations.len(), ITEMS * 2 / 3);
    assert!(
        docs.iter()
            .all(|d| d["incidents"].as_array().is_some_and(|i| !i.is_empty())),
        "{docs:?}"
    );

    let sources = json(
        leakwatch(&cfg, &db, &["sources", "--json"])
            .output()
            .expect("sources"),
    );
    let s = &sources[0];
    assert_eq!(s["name"], "test-feed");
    assert_eq!(s["items_seen"], ITEMS as u64);
    assert_eq!(s["items_stored"], (ITEMS * 2 / 3) as u64);
    assert!(
        s["last_success"].is_i64() && s["last_error"].is_null(),
        "{s}"
    );

    // A third pass: nothing new.
    let out = leakwatch(&cfg, &db, &["watch", "--once"])
        .output()
        .expect("third");
    assert!(out.status.success());
    let docs = json(
        leakwatch(&cfg, &db, &["documents", "--json"])
            .output()
            .expect("documents"),
    );
    assert_eq!(docs.as_array().map_or(0, Vec::len), ITEMS * 2 / 3);
}

/// A fresh database on the server `LEAKWATCH_TEST_DATABASE_URL` names, or
/// `None` (the test is skipped) when it is not set.
fn fresh_postgres() -> Option<(String, impl FnOnce())> {
    let url = std::env::var("LEAKWATCH_TEST_DATABASE_URL").ok()?;
    let name = format!("leakwatch_watch_{}", std::process::id());
    let admin = move |url: &str, sql: String| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            use sqlx::Connection;
            sqlx::any::install_default_drivers();
            let mut c = sqlx::AnyConnection::connect(url).await.expect("connect");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut c)
                .await
                .expect("admin");
        })
    };
    admin(&url, format!("DROP DATABASE IF EXISTS {name}"));
    admin(&url, format!("CREATE DATABASE {name}"));
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    let db = format!("{base}/{name}");
    Some((db, move || {
        admin(&url, format!("DROP DATABASE {name} WITH (FORCE)"))
    }))
}

/// Three watchers on one PostgreSQL over four sources, one SIGKILLed midway:
/// no source is fetched by two at once (a lease each), and after the dead
/// one's leases run out a rerun leaves every relevant item stored exactly once.
#[test]
fn watchers_sharing_postgres_survive_a_sigkill_with_every_item_once() {
    let Some((db, drop_db)) = fresh_postgres() else {
        eprintln!("skipped: LEAKWATCH_TEST_DATABASE_URL is not set");
        return;
    };
    const PARTS: usize = 4;
    let base = serve();
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = config_parts(dir.path(), &base, PARTS);
    // Migrate once, so the three start on a ready store.
    json(
        leakwatch(&cfg, &db, &["documents", "--json"])
            .output()
            .expect("migrate"),
    );
    let spawn = || {
        leakwatch(&cfg, &db, &["watch", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let mut victim = spawn();
    let others = [spawn(), spawn()];
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let docs = json(
            leakwatch(&cfg, &db, &["documents", "--json"])
                .output()
                .expect("documents"),
        );
        if docs.as_array().is_some_and(|d| d.len() >= 6)
            || start.elapsed() > Duration::from_secs(60)
        {
            break;
        }
    }
    victim.kill().expect("SIGKILL");
    let _ = victim.wait();
    for o in others {
        let out = o.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The dead process's leases run out; one more pass finishes its sources.
    std::thread::sleep(Duration::from_millis(2500));
    let out = leakwatch(&cfg, &db, &["watch", "--once"])
        .output()
        .expect("rerun");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let docs = json(
        leakwatch(&cfg, &db, &["documents", "--json"])
            .output()
            .expect("documents"),
    );
    let docs = docs.as_array().expect("array");
    let mut locations: Vec<&str> = docs.iter().filter_map(|d| d["location"].as_str()).collect();
    let stored = locations.len();
    locations.sort_unstable();
    locations.dedup();
    assert_eq!(locations.len(), stored, "no item stored twice");
    assert_eq!(stored, PARTS * ITEMS * 2 / 3, "every relevant item once");
    let sources = json(
        leakwatch(&cfg, &db, &["sources", "--json"])
            .output()
            .expect("sources"),
    );
    let sources = sources.as_array().expect("array");
    assert_eq!(sources.len(), PARTS);
    for s in sources {
        assert_eq!(s["items_seen"], ITEMS as u64, "{s}");
        assert_eq!(s["items_stored"], (ITEMS * 2 / 3) as u64, "{s}");
    }
    drop_db();
}

#[test]
fn classify_reads_one_text_or_json_lines() {
    let dir = tempfile::tempdir().expect("tmp");
    let one = dir.path().join("one.txt");
    std::fs::write(&one, "ノートパソコンの盗難について\n営業担当者が車上荒らしに遭い、顧客名簿を保存したノートパソコンが盗まれました。").expect("write");
    let out = Command::new(BIN)
        .args(["classify", "--json"])
        .arg(&one)
        .output()
        .expect("classify");
    let v = json(out);
    assert_eq!(v["relevant"], true, "{v}");
    assert!(v["reasons"].as_array().is_some_and(|r| !r.is_empty()));
    let lines = dir.path().join("in.jsonl");
    std::fs::write(
        &lines,
        "{\"id\":\"a\",\"title\":\"情報セキュリティ基本方針\",\"text\":\"当社は情報資産を守るため基本方針を定めます。\"}\n{\"id\":7,\"title\":\"顧客情報流出のお詫び\",\"text\":\"不正アクセスにより顧客情報が流出しました。\"}\n",
    )
    .expect("write");
    let out = Command::new(BIN)
        .args(["classify", "--jsonl"])
        .arg(&lines)
        .output()
        .expect("classify");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["id"].clone(), rows[0]["relevant"].clone()),
        ("a".into(), false.into())
    );
    assert_eq!(
        (rows[1]["id"].clone(), rows[1]["relevant"].clone()),
        (7.into(), true.into())
    );
    assert!(rows[1]["score"].as_i64().is_some_and(|s| s >= 3));
}
