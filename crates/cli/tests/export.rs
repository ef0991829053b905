//! `leakwatch export --format veris` and `--format stix` on the demo's store,
//! checked by the real validators: Python's `jsonschema` against the VERIS
//! 1.4.1 schema (`../shared/schemas/veris/`, beside the checkout) and
//! `stix2-validator`, both in `.ci/venv` (`.ci/setup` installs them). Runs the
//! real binary on a real SQLite file, as `stories.rs` does.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;

use common::{demo, repo, run_ok};

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    run_ok(Some(db), args)
}

fn python() -> PathBuf {
    let python = repo().join(".ci/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run .ci/setup (it installs the validators)",
        python.display()
    );
    python
}

fn veris_schema() -> PathBuf {
    let schema = repo().join("../shared/schemas/veris/verisc-merged.json");
    assert!(
        schema.is_file(),
        "the VERIS schema is not at {} (shared/ must sit beside the checkout, as in CI)",
        schema.display()
    );
    schema
}

fn export(db: &Path, format: &str, out: &Path) -> Vec<u8> {
    run(
        db,
        &[
            "export",
            "--format",
            format,
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    std::fs::read(out).expect("export written")
}

fn of_type<'a>(bundle: &'a Value, t: &str) -> Vec<&'a Value> {
    bundle["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter(|o| o["type"] == t)
        .collect()
}

#[test]
fn the_demo_exports_as_valid_veris_and_stix() {
    let python = python();
    let schema = veris_schema();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    demo(&db);
    let listed: Vec<Value> =
        serde_json::from_slice(&run(&db, &["incidents", "--json"]).stdout).expect("JSON");
    let ids: BTreeSet<i64> = listed.iter().filter_map(|i| i["id"].as_i64()).collect();
    assert!(ids.len() > 10, "{} incidents", ids.len());
    let regi = listed
        .iter()
        .find(|i| {
            i["organization"]
                .as_str()
                .is_some_and(|o| o.contains("クラウドレジ"))
        })
        .expect("クラウドレジ's incident");
    let regi_org = regi["organization"].as_str().expect("name");

    // Two exports of the same store are the same bytes.
    let veris = export(&db, "veris", &dir.path().join("a.jsonl"));
    assert_eq!(veris, export(&db, "veris", &dir.path().join("b.jsonl")));
    let stix = export(&db, "stix", &dir.path().join("a.json"));
    assert_eq!(stix, export(&db, "stix", &dir.path().join("b.json")));

    // VERIS: one record per incident; the provider's three customers are secondary victims.
    let records: Vec<Value> = String::from_utf8(veris)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let exported: BTreeSet<i64> = records
        .iter()
        .filter_map(|r| r["plus"]["leakwatch"]["incident"].as_i64())
        .collect();
    assert_eq!(records.len(), ids.len());
    assert_eq!(exported, ids);
    let record = records
        .iter()
        .find(|r| r["victim"]["victim_id"] == regi_org)
        .expect("クラウドレジ's record");
    assert_eq!(record["victim"]["secondary"]["amount"], 3, "{record:#}");
    assert_eq!(
        record["victim"]["secondary"]["victim_id"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert!(
        record["action"]["malware"]["variety"]
            .as_array()
            .is_some_and(|v| v.contains(&Value::from("Ransomware"))),
        "{}",
        record["action"]
    );

    // STIX: one incident object per incident; three customer identities related to the provider.
    let bundle: Value = serde_json::from_slice(&stix).expect("JSON");
    assert_eq!(of_type(&bundle, "incident").len(), ids.len());
    let identities = of_type(&bundle, "identity");
    let provider = identities
        .iter()
        .find(|i| i["name"] == regi_org)
        .and_then(|i| i["id"].as_str())
        .expect("the provider's identity");
    let customers: Vec<&str> = of_type(&bundle, "relationship")
        .iter()
        .filter(|r| r["target_ref"] == provider && r["description"] == "customer of")
        .filter_map(|r| r["source_ref"].as_str())
        .collect();
    assert_eq!(customers.len(), 3, "{customers:?}");
    for c in &customers {
        assert!(
            identities
                .iter()
                .any(|i| i["id"] == *c && i["identity_class"] == "organization")
        );
    }

    // The real validators.
    let out = Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate_exports.py"))
        .arg(&schema)
        .arg(dir.path().join("a.jsonl"))
        .arg(dir.path().join("a.json"))
        .stdin(Stdio::null())
        .output()
        .expect("python runs");
    let report = String::from_utf8_lossy(&out.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "the validators refused the export:\n{report}"
    );
    assert!(
        report.contains(&format!("veris: {} record(s), 0 error(s)", ids.len())),
        "{report}"
    );
}
