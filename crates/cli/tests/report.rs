//! `leakwatch stats --by …` and `leakwatch report --month …` on the demo's store:
//! the real binary, a real SQLite file, the analyzer on.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;

use common::{BIN, demo, run_ok};

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    run_ok(Some(db), args)
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_slice(&run(db, args).stdout).expect("JSON")
}

#[test]
fn tallies_and_the_monthly_report_add_up_to_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    demo(&db);
    let list = match json(&db, &["incidents", "--json"]) {
        Value::Array(v) => v,
        other => panic!("{other}"),
    };
    let sum = |rows: &Value| -> u64 {
        rows.as_array()
            .expect("rows")
            .iter()
            .map(|r| r["incidents"].as_u64().expect("incidents"))
            .sum()
    };
    // Each incident has one cause, one month, one organisation: the rows add up.
    for by in ["cause", "month", "org", "group"] {
        let rows = json(&db, &["stats", "--by", by, "--json"]);
        assert_eq!(sum(&rows), list.len() as u64, "--by {by}: {rows}");
    }
    // Several kinds per incident: at least as many as incidents.
    assert!(sum(&json(&db, &["stats", "--by", "data", "--json"])) >= list.len() as u64);
    let text = String::from_utf8(run(&db, &["stats", "--by", "cause"]).stdout).expect("utf-8");
    assert!(text.starts_with("原因\t事案"), "{text}");

    // The busiest month's report lists its incidents, with Japanese headings and charts.
    let months = json(&db, &["stats", "--by", "month", "--json"]);
    let busiest = months
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["key"] != "unknown")
        .max_by_key(|r| r["incidents"].as_u64())
        .expect("a month");
    let month = busiest["key"].as_str().expect("key");
    let n = busiest["incidents"].as_u64().expect("n");
    let md = String::from_utf8(run(&db, &["report", "--month", month]).stdout).expect("utf-8");
    assert!(md.contains(&format!("公表された事案: {n}件")), "{md}");
    assert!(
        md.contains("## 原因別") && md.contains("## 事案一覧"),
        "{md}"
    );
    let out = dir.path().join("report.html");
    run(
        &db,
        &[
            "report",
            "--month",
            month,
            "--format",
            "html",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    let html = std::fs::read_to_string(&out).expect("report written");
    assert!(html.contains("<svg") && html.contains("原因別"), "{html}");

    // A month that is not one is refused clearly.
    let bad = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["report", "--month", "2025-13"])
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM"));
}
