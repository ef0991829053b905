//! The `leakwatch` binary as a user runs it: real files, real standard input,
//! real exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_leakwatch");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A dictionary folder shared by the tests of this crate across runs, so the
/// IPADIC build happens once per target directory.
fn dict_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("ipadic")
}

fn ipadic_installed() -> bool {
    Path::new(leakwatch_morph_sources())
        .join("matrix.def")
        .exists()
}

fn leakwatch_morph_sources() -> &'static str {
    "/usr/share/mecab/dic/ipadic"
}

fn leakwatch(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("LEAKWATCH_DICT", dict_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the leakwatch binary starts");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(bytes) = stdin {
            // A refused input may close the pipe early; that is the point of some tests.
            let _ = pipe.write_all(bytes);
        }
    }
    child.wait_with_output().expect("leakwatch runs to the end")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "leakwatch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

const NOTICE: &str = "2024年3月8日\n株式会社テスト物産\n\
不正アクセスによる個人情報漏えいに関するお詫び\n\
当社が運営するオンラインショップのサーバーが第三者による不正アクセスを受け、\
お客様のクレジットカード情報1,234件が流出した可能性があることが判明いたしました。\
当社は2月1日に異常を検知し、同日、個人情報保護委員会に報告いたしました。\n";

#[test]
fn extract_reads_standard_input_and_prints_incidents() {
    let out = leakwatch(
        &["extract", "--no-morph", "--published", "2024-03-08", "-"],
        Some(NOTICE.as_bytes()),
    );
    let v = json(&out);
    let incidents = v["incidents"].as_array().expect("incidents is an array");
    assert_eq!(incidents.len(), 1, "{v:#}");
    let inc = &incidents[0];
    assert_eq!(inc["organization"], "株式会社テスト物産");
    assert_eq!(inc["cause"], "unauthorized_access");
    assert_eq!(inc["detected"], "2024-02-01");
    assert_eq!(inc["regulator_reported"], "2024-02-01");
    assert_eq!(inc["counts"][0]["value"], 1234);
    assert!(
        inc["evidence"]
            .as_array()
            .is_some_and(|e| e.iter().any(|f| f["field"] == "organization")),
        "every fact carries its evidence: {inc:#}"
    );
}

#[test]
fn shift_jis_and_euc_jp_files_read_like_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let utf8 = json(&leakwatch(
        &["extract", "--no-morph", "--published", "2024-03-08", "-"],
        Some(NOTICE.as_bytes()),
    ));
    for enc in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
        let (bytes, _, lossy) = enc.encode(NOTICE);
        assert!(!lossy);
        let path = dir.path().join(format!("notice-{}.txt", enc.name()));
        std::fs::write(&path, &bytes).expect("write fixture");
        let out = leakwatch(
            &[
                "extract",
                "--no-morph",
                "--published",
                "2024-03-08",
                path.to_str().expect("utf-8 path"),
            ],
            None,
        );
        let v = json(&out);
        assert_eq!(
            v["incidents"][0]["organization"],
            utf8["incidents"][0]["organization"],
            "{}",
            enc.name()
        );
        assert_eq!(v["incidents"][0]["counts"], utf8["incidents"][0]["counts"]);
    }
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let path = dir.path().join("image.bin");
    std::fs::write(&path, &binary).expect("write");
    let out = leakwatch(
        &["extract", "--no-morph", path.to_str().expect("utf-8 path")],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("binary"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let missing = dir.path().join("nope.txt");
    let out = leakwatch(&["extract", missing.to_str().expect("utf-8 path")], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("nope.txt"), "{err}");

    let out = leakwatch(&["extract", "--source-type", "tweet", "-"], Some(b""));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "clap usage error: {err}");
    assert!(err.contains("press_release"), "{err}");
}

#[test]
fn empty_input_has_no_incidents() {
    let v = json(&leakwatch(&["extract", "--no-morph", "-"], Some(b"")));
    assert_eq!(v["incidents"], serde_json::json!([]));
}

#[test]
fn a_fifty_megabyte_file_is_refused_over_the_limit_and_bounded_under_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.txt");
    let unit = "情報漏えい。".repeat(1000);
    let mut f = std::fs::File::create(&path).expect("create");
    while f.metadata().expect("metadata").len() < 50 * 1024 * 1024 {
        f.write_all(unit.as_bytes()).expect("write");
    }
    drop(f);
    let p = path.to_str().expect("utf-8 path");
    let out = leakwatch(
        &["extract", "--no-morph", "--max-bytes", "10000000", p],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("larger than"), "{err}");

    let out = leakwatch(&["extract", "--no-morph", p], None);
    let v = json(&out);
    assert!(v["incidents"].is_array());
}

fn eval(dir: &Path, morph: bool) -> Value {
    let d = dir.to_str().expect("utf-8 path");
    let args: Vec<&str> = if morph {
        vec!["eval", "--json", d]
    } else {
        vec!["eval", "--json", "--no-morph", d]
    };
    json(&leakwatch(&args, None))
}

fn assert_quality(scores: &Value, f1_floor: f64, field_floor: f64) {
    // The reference scorer's shape: every score is `[precision, recall, f1]`.
    let f1 = scores["overall"][2].as_f64().expect("overall f1");
    assert!(f1 >= f1_floor, "overall F1 {f1} < {f1_floor}: {scores:#}");
    let fields = scores["fields"].as_object().expect("fields");
    for (name, s) in fields {
        let f = s[2].as_f64().expect("field f1");
        assert!(f >= field_floor, "{name}: F1 {f} < {field_floor}");
    }
}

#[test]
fn eval_on_the_projects_gold_set() {
    let gold = workspace().join("testdata/gold");
    if ipadic_installed() {
        assert_quality(&eval(&gold, true), 0.97, 0.90);
    }
    assert_quality(&eval(&gold, false), 0.94, 0.80);
}

#[test]
fn eval_on_the_holdout_sets() {
    for set in ["testdata/holdout", "testdata/holdout2"] {
        let dir = workspace().join(set);
        if ipadic_installed() {
            // Small sets: one disputed value moves a field by a third.
            assert_quality(&eval(&dir, true), 0.90, 0.60);
        }
    }
}

#[test]
fn eval_on_the_shared_seeds_when_present() {
    let seeds = workspace().join("../shared/eval/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: {} is not here", seeds.display());
        return;
    }
    if ipadic_installed() {
        assert_quality(&eval(&seeds, true), 0.95, 0.85);
    }
}

#[test]
fn an_announcing_subject_made_of_common_nouns_is_an_organisation() {
    // With the analyzer, 青葉 + 電器 are two known nouns: as the subject of an
    // announcement they are a firm's name, not a compound word.
    if !ipadic_installed() {
        eprintln!("skipped: IPADIC sources are not installed");
        return;
    }
    for (text, org, cause) in [
        (
            "家電量販の青葉電器は、会員向けアプリのプログラムの不具合により、別の会員の購入履歴が閲覧できる状態になっていたと発表した。",
            "青葉電器",
            "system_defect",
        ),
        (
            "人材派遣の紅葉スタッフは、元従業員が退職前に登録者約2万人分の名簿を持ち出していたと発表した。",
            "紅葉スタッフ",
            "insider",
        ),
        (
            "中古車販売の富嶽オート(静岡市)は、Webサイトの脆弱性を突かれて外部から侵入され、顧客の氏名や住所約9000件が流出した可能性があると発表した。",
            "富嶽オート",
            "unauthorized_access",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("article.txt");
        std::fs::write(&path, text).expect("write");
        let p = path.to_str().expect("utf-8 path");
        let v = json(&leakwatch(
            &[
                "extract",
                "--published",
                "2025-11-01",
                "--source-type",
                "news",
                p,
            ],
            None,
        ));
        let incidents = v["incidents"].as_array().expect("incidents");
        assert_eq!(incidents.len(), 1, "{text}: {v:#}");
        assert_eq!(incidents[0]["organization"], org, "{text}");
        assert_eq!(incidents[0]["cause"], cause, "{text}");
    }
}
