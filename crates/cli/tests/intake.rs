//! One intake for every caller: `leakwatch extract FILE` reads the same
//! incidents `leakwatch ingest FILE` stores; and the configuration layers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_leakwatch");

fn leakwatch(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args)
        .env(
            "LEAKWATCH_DICT",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("ipadic"),
        )
        .env_remove("LEAKWATCH_DB")
        .env_remove("LEAKWATCH_CONFIG")
        .env_remove("LEAKWATCH_TOKEN");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("leakwatch runs")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// (organisation, cause, disclosed) of every incident.
fn keys(incidents: &Value) -> BTreeSet<(String, String, String)> {
    incidents
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap_or("").to_owned();
            (s("organization"), s("cause"), s("disclosed"))
        })
        .collect()
}

#[test]
fn extract_and_ingest_read_the_same_incidents() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&samples)
        .expect("samples")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    for file in files.iter().take(20) {
        let f = file.to_str().expect("utf-8");
        // No flags: both read the dateline and the source type from the document.
        let extracted = json(&leakwatch(&["--no-morph", "extract", f], &[]));
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("one.db");
        let db = db.to_str().expect("utf-8");
        let out = leakwatch(&["--no-morph", "--db", db, "ingest", "--no-index", f], &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stored = json(&leakwatch(&["--db", db, "incidents", "--json"], &[]));
        assert_eq!(
            keys(&extracted["incidents"]),
            keys(&stored),
            "{}",
            file.display()
        );
    }
}

#[test]
fn config_layers_and_origins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("leakwatch.toml");
    std::fs::write(
        &file,
        "[store]\nurl = \"postgres://lw:hunter2@db.example/leak\"\n[serve]\naddr = \"127.0.0.1:9001\"\n",
    )
    .expect("write");
    let f = file.to_str().expect("utf-8");
    let out = leakwatch(
        &["--config", f, "config", "--json"],
        &[("LEAKWATCH_SERVE__MAX_CONNECTIONS", "77")],
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!text.contains("hunter2"), "{text}");
    let v = json(&out);
    let get = |k: &str| {
        v.as_array()
            .expect("list")
            .iter()
            .find(|e| e["key"] == k)
            .unwrap_or_else(|| panic!("{k}"))
            .clone()
    };
    assert_eq!(
        get("store.url")["value"],
        "postgres://lw:***@db.example/leak"
    );
    assert_eq!(get("store.url")["origin"], f);
    assert_eq!(get("serve.addr")["value"], "127.0.0.1:9001");
    assert_eq!(get("serve.max_connections")["value"], "77");
    assert_eq!(
        get("serve.max_connections")["origin"],
        "environment LEAKWATCH_SERVE__MAX_CONNECTIONS"
    );
    assert_eq!(get("ingest.max_bytes")["origin"], "default");
    // A flag beats the environment, which beats the file.
    let v = json(&leakwatch(
        &["--config", f, "--db", "/tmp/flag.db", "config", "--json"],
        &[("LEAKWATCH_DB", "/tmp/env.db")],
    ));
    let url = v
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["key"] == "store.url")
        .expect("store.url")
        .clone();
    assert_eq!(url["value"], "/tmp/flag.db");
    assert_eq!(url["origin"], "command-line flag");
    let v = json(&leakwatch(
        &["--config", f, "config", "--json"],
        &[("LEAKWATCH_DB", "/tmp/env.db")],
    ));
    let url = v
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["key"] == "store.url")
        .expect("store.url")
        .clone();
    assert_eq!(url["origin"], "environment LEAKWATCH_DB");
    // A bad file is a clear error.
    std::fs::write(&file, "[serve]\naddr = \"not an address\"\n").expect("write");
    let out = leakwatch(&["--config", f, "config"], &[]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("serve.addr"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
