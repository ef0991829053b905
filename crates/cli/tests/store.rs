//! The store commands as a user runs them: ingest, incidents, show, org, orgs
//! import, export, stats — and an ingest killed with SIGKILL midway.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_leakwatch");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/tests/fixtures")
}

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env(
            "LEAKWATCH_DICT",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("ipadic"),
        )
        .stdin(Stdio::null())
        .output()
        .expect("leakwatch runs")
}

fn ok_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "leakwatch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn ingest_list_show_org_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("store.db");
    let bad = dir.path().join("broken.pdf");
    std::fs::write(&bad, b"%PDF-1.4 this is not really a pdf").expect("write");
    let fx = fixtures();
    let fx = fx.to_str().expect("utf-8");
    let out = run(
        &db,
        &["ingest", "--no-morph", fx, bad.to_str().expect("utf-8")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad file makes the batch exit 1: {err}"
    );
    assert!(err.contains("broken.pdf"), "{err}");
    assert!(err.contains("5 stored"), "the rest went on: {err}");

    let list = ok_json(&run(&db, &["incidents", "--json"]));
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    for key in [
        "id",
        "organization",
        "parent",
        "cause",
        "occurred",
        "detected",
        "disclosed",
        "regulator_reported",
        "counts",
        "data",
        "documents",
    ] {
        assert!(list[0].get(key).is_some(), "{key} missing");
    }
    let first = list
        .iter()
        .find(|i| i["cause"] == "unauthorized_access")
        .expect("the attack");
    assert_eq!(first["documents"].as_array().map(Vec::len), Some(4));
    let id = first["id"].as_i64().expect("id").to_string();

    let filtered = ok_json(&run(
        &db,
        &[
            "incidents",
            "--json",
            "--org",
            "ニトムラHD",
            "--cause",
            "misdelivery",
        ],
    ));
    assert_eq!(filtered.as_array().map(Vec::len), Some(1));

    let show = run(&db, &["show", &id]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(show.status.success());
    for needle in [
        "special_loss",
        "related_party",
        "follow_up",
        "linked:",
        "「不正アクセス」",
        "(+5 days)",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
    let detail = ok_json(&run(&db, &["show", "--json", &id]));
    assert!(detail["facts"].as_array().is_some_and(|f| !f.is_empty()));
    assert_eq!(run(&db, &["show", "999999"]).status.code(), Some(1));

    let csv = dir.path().join("orgs.csv");
    std::fs::write(&csv, "name,parent,securities_code,market\nニトムラHD,,9999,プライム\nニトムラ物流株式会社,ニトムラホールディングス,,\n").expect("write");
    assert!(
        run(&db, &["orgs", "import", csv.to_str().expect("utf-8")])
            .status
            .success()
    );
    let org = ok_json(&run(&db, &["org", "--json", "(株)ニトムラ"]));
    assert_eq!(org["group"]["org"]["securities_code"], "9999");
    assert_eq!(org["group"]["children"].as_array().map(Vec::len), Some(2));
    assert_eq!(org["incidents"].as_array().map(Vec::len), Some(2));

    let jsonl = dir.path().join("out.jsonl");
    assert!(
        run(
            &db,
            &[
                "export",
                "--format",
                "jsonl",
                "--out",
                jsonl.to_str().expect("utf-8")
            ]
        )
        .status
        .success()
    );
    let lines = std::fs::read_to_string(&jsonl).expect("read");
    assert_eq!(lines.lines().count(), 2);
    for l in lines.lines() {
        serde_json::from_str::<Value>(l).expect("each line is JSON");
    }
    let csv_out = run(&db, &["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
    assert_eq!(reader.records().count(), 2);

    let stats = ok_json(&run(&db, &["stats", "--json"]));
    assert_eq!(stats["documents"], 5);
    assert_eq!(stats["orphans"], 0);
}

fn stats(db: &Path) -> Value {
    ok_json(&run(db, &["stats", "--json"]))
}

#[test]
fn an_ingest_killed_midway_reruns_to_every_document_exactly_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    let db = dir.path().join("store.db");
    let n = 3000;
    let out = run(
        &db,
        &[
            "synth",
            "--count",
            &n.to_string(),
            "--out",
            docs.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success());

    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--no-morph", docs.to_str().expect("utf-8")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ingest starts");
    // Kill it once some documents are in, well before the end.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if db.exists() && stats(&db)["documents"].as_i64().unwrap_or(0) >= 100 {
            break;
        }
        assert!(
            child.try_wait().expect("wait").is_none(),
            "ingest ended before it could be killed"
        );
        assert!(Instant::now() < deadline, "ingest made no progress");
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let partial = stats(&db);
    let stored = partial["documents"].as_i64().expect("count");
    assert!(stored < n, "killed midway: {partial}");
    assert_eq!(partial["orphans"], 0, "nothing half-written: {partial}");

    let out = run(
        &db,
        &["ingest", "--no-morph", docs.to_str().expect("utf-8")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(&format!("{stored} already there")), "{err}");
    let done = stats(&db);
    assert_eq!(done["documents"], n, "every document exactly once: {done}");
    assert_eq!(done["orphans"], 0, "{done}");
}

/// A plain HTTP/1.1 GET over a real socket: status line and body.
fn http_get(addr: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

#[test]
fn serve_answers_on_loopback() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("store.db");
    let fx = fixtures();
    assert!(
        run(&db, &["ingest", "--no-morph", fx.to_str().expect("utf-8")])
            .status
            .success()
    );
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["serve", "--no-morph", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    while !line.contains("serving http://") {
        line.clear();
        assert!(
            stderr.read_line(&mut line).expect("stderr") > 0,
            "serve exited"
        );
    }
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .expect("a URL")
        .trim_end_matches('/')
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "binds loopback: {line}");
    let (status, body) = http_get(&addr, "/healthz");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("\"ok\""), "{body}");
    let (status, body) = http_get(&addr, "/incidents");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("<!doctype html>"), "{body}");
    let (status, body) = http_get(&addr, "/api/v1/incidents/424242");
    assert!(status.contains("404"), "{status}");
    assert!(body.contains("not_found"), "{body}");
    child.kill().expect("stop");
    child.wait().expect("reaped");
}
