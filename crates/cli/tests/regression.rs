//! Named regression tests for defects of the `leakwatch` binary found by
//! probing it as a careless or hostile user would; each failed before its fix.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_leakwatch");

fn leakwatch(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env(
            "LEAKWATCH_DICT",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("ipadic"),
        )
        .env_remove("LEAKWATCH_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("leakwatch runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const NOTICE: &str = "2024年3月8日\n株式会社テスト物産\n\n個人情報漏えいのお詫び\n\n\
当社は2024年3月1日、メールの誤送信により顧客のメールアドレス120件が流出したことを確認しました。\n";

/// Defect 9: an unreadable sub-folder or a symbolic-link loop met while walking
/// a folder was dropped without a word, and the exit code was 0.
#[cfg(unix)]
#[test]
fn walk_errors_are_reported_like_bad_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).expect("mkdir");
    std::fs::write(docs.join("good.txt"), NOTICE).expect("write");
    // A link back to an ancestor, and a link to nothing.
    std::os::unix::fs::symlink(&docs, docs.join("sub").join("loop")).expect("symlink");
    std::os::unix::fs::symlink(docs.join("gone"), docs.join("dangling.txt")).expect("symlink");
    let db = dir.path().join("w.db");
    let out = leakwatch(&[
        "--db",
        db.to_str().expect("utf-8"),
        "ingest",
        "--no-morph",
        "--no-index",
        docs.to_str().expect("utf-8"),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("loops back"), "{err}");
    assert!(err.contains("dangling.txt"), "{err}");
    // The good file was still stored.
    assert!(err.contains("1 stored"), "{err}");
}

/// Defect 12: each skipped file was printed twice (a line and a log line), and
/// one error's text was repeated three times in its message.
#[test]
fn a_skipped_file_is_reported_once_in_one_clear_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00binary").expect("write");
    let db = dir.path().join("s.db");
    let out = leakwatch(&[
        "--db",
        db.to_str().expect("utf-8"),
        "ingest",
        "--no-morph",
        "--no-index",
        bad.to_str().expect("utf-8"),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let mentions: Vec<&str> = err.lines().filter(|l| l.contains("bad.txt")).collect();
    assert_eq!(mentions.len(), 1, "{err}");
    assert_eq!(mentions[0].matches("NUL").count(), 1, "{}", mentions[0]);
}

/// Defect 3: the password of a PostgreSQL URL was printed when the store could not be opened.
#[test]
fn a_database_password_is_never_printed() {
    // Port 9 (discard) has nothing listening on loopback: the connection is refused.
    let started = Instant::now();
    let out = leakwatch(&["--db", "postgres://leak:hunter2@127.0.0.1:9/leak", "stats"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(!err.contains("hunter2"), "{err}");
    assert!(err.contains("leak:***@127.0.0.1:9"), "{err}");
    // It fails fast, and says it once.
    assert!(started.elapsed() < Duration::from_secs(15));
    assert_eq!(err.matches("opening the store").count(), 1, "{err}");
}

/// Defect 12: UTF-16 without a byte-order mark was called "binary".
#[test]
fn utf16_without_a_bom_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("utf16.txt");
    let bytes: Vec<u8> = NOTICE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&path, bytes).expect("write");
    let out = leakwatch(&["extract", "--no-morph", path.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["incidents"][0]["organization"], "株式会社テスト物産");
}

/// Defect 5: a NUL after the first 8 KiB passed the binary check.
#[test]
fn a_late_nul_is_refused_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("late-nul.txt");
    let mut bytes = NOTICE.repeat(100).into_bytes();
    bytes.push(0);
    std::fs::write(&path, bytes).expect("write");
    let out = leakwatch(&["extract", "--no-morph", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("NUL"), "{}", stderr(&out));
}

/// Defect 2: 240 KB of 株式会社 on one line took 2.4 GB. The extractor is
/// measured in `crates/extract/tests/linear.rs`; this is the binary end to end.
#[test]
fn a_long_line_of_legal_forms_is_extracted_in_bounded_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kabushiki.txt");
    std::fs::write(&path, "株式会社".repeat(100_000)).expect("write");
    let started = Instant::now();
    let out = leakwatch(&["extract", "--no-morph", path.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

/// Defect 12: `--token` was the only way to give the token, visible in `ps`;
/// and SIGTERM stopped `serve` without letting requests finish or saying so.
#[cfg(unix)]
#[test]
fn serve_reads_its_token_from_a_file_and_stops_cleanly_on_sigterm() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let token = dir.path().join("token");
    std::fs::write(&token, "file-token-123\n").expect("write");
    let db = dir.path().join("serve.db");
    let mut child = Command::new(BIN)
        .args([
            "--db",
            db.to_str().expect("utf-8"),
            "serve",
            "--no-morph",
            "--addr",
            "127.0.0.1:0",
            "--token-file",
            token.to_str().expect("utf-8"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(err.read_line(&mut line).expect("read") > 0, "serve exited");
        if let Some(rest) = line.trim().strip_prefix("leakwatch: serving http://") {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    let post = |auth: &str| {
        let body = serde_json::json!({"body": NOTICE}).to_string();
        let mut s = std::net::TcpStream::connect(&addr).expect("connect");
        write!(
            s,
            "POST /api/v1/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nAuthorization: Bearer {auth}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("write");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        out
    };
    assert!(post("wrong").starts_with("HTTP/1.1 401"));
    let ok = post("file-token-123");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    // SIGTERM: the server says it stopped and exits 0.
    let pid = child.id().to_string();
    Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    let mut rest = String::new();
    err.read_to_string(&mut rest).expect("read");
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}: {rest}");
    assert!(rest.contains("leakwatch: stopped"), "{rest}");
}
