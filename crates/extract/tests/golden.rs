//! Golden tests: every fact of every own gold case, one per line with its span,
//! pinned by `insta` snapshots; plus focused `check(input, expect)` cases.

use std::fmt::Write;
use std::path::Path;

use leakwatch_extract::{Options, extract_text};
use leakwatch_model::Extraction;

fn render(out: &Extraction) -> String {
    let mut s = String::new();
    for (i, inc) in out.incidents.iter().enumerate() {
        let _ = writeln!(
            s,
            "incident {i}: {} cause={:?}",
            inc.organization,
            inc.cause.map(|c| c.as_str())
        );
        for e in &inc.evidence {
            let _ = writeln!(
                s,
                "  {:<18} {:<28} {:>5}..{:<5} {:?}",
                e.field, e.value, e.start, e.end, e.text
            );
        }
    }
    s
}

#[test]
fn own_gold_cases_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("testdata/gold")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "at least 30 own gold cases");
    for path in names {
        let text = std::fs::read_to_string(&path).expect("case text");
        let gold: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("json")).expect("gold"),
        )
        .expect("json");
        let published = gold["published"]
            .as_str()
            .expect("published")
            .parse()
            .expect("date");
        let out = extract_text(&text, &Options::new(published), None);
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("stem")
            .to_owned();
        insta::assert_snapshot!(stem, render(&out));
    }
}

/// Extracts `input` (published 2024-06-10) and compares `field=value` lines of the first incident.
fn check(input: &str, expect: &[&str]) {
    let out = extract_text(
        input,
        &Options::new("2024-06-10".parse().expect("date")),
        None,
    );
    let inc = out
        .incidents
        .first()
        .unwrap_or_else(|| panic!("no incident in {input:?}"));
    let got: Vec<String> = [
        format!("organization={}", inc.organization),
        format!("cause={}", inc.cause.map_or("-", |c| c.as_str())),
        format!(
            "occurred={}",
            inc.occurred.map_or("-".into(), |d| d.to_string())
        ),
        format!(
            "detected={}",
            inc.detected.map_or("-".into(), |d| d.to_string())
        ),
        format!(
            "disclosed={}",
            inc.disclosed.map_or("-".into(), |d| d.to_string())
        ),
        format!(
            "counts={}",
            inc.counts
                .iter()
                .map(|c| format!("{}{}", c.value, c.unit))
                .collect::<Vec<_>>()
                .join(",")
        ),
    ]
    .into();
    for e in expect {
        assert!(
            got.iter().any(|g| g == e),
            "expected {e} in {got:#?} for {input:?}"
        );
    }
}

#[test]
fn news_style_day_only_dates() {
    check(
        "株式会社テスト電機(東京都港区)は7日、社員が顧客約1,200人分の名簿を紛失したと発表した。",
        &[
            "organization=株式会社テスト電機",
            "cause=loss_theft",
            "disclosed=2024-06-07",
            "counts=1200人",
        ],
    );
}

#[test]
fn era_dates_and_kanji_counts() {
    check(
        "テスト市は令和6年5月20日、住民票の写し三百件を誤って別人に郵送する誤送付があったと発表しました。",
        &[
            "organization=テスト市",
            "cause=misdelivery",
            "disclosed=2024-05-20",
            "counts=300件",
        ],
    );
}

#[test]
fn detection_inside_a_noun_clause() {
    check(
        "株式会社テスト物流は6/3、5月28日にサーバーが暗号化されたことを確認し、調査の結果、5月20日に侵入されていたことが判明したと公表しました。",
        &[
            "cause=malware",
            "disclosed=2024-06-03",
            "occurred=2024-05-20",
        ],
    );
}

#[test]
fn a_not_affected_count_is_left_out() {
    check(
        "株式会社テスト通販は6/1、不正アクセスにより会員情報800件が流出したと公表しました。同社の従業員数は300人です。",
        &["counts=800件"],
    );
}
