//! Linking and flags against the gold incident histories (`testdata/histories`,
//! written from the flag definitions without looking at the code): the real
//! binary feeds each history into a fresh SQLite store, with the analyzer, and
//! `leakwatch histories` scores what it judged. The floors sit below the
//! figures measured when they were set (README, "Judging"): they catch a
//! regression, they are not the target.

use serde_json::Value;

mod common;

// Measured when set: see README, "Judging".
const FLOOR_INCIDENTS: f64 = 0.84;
const FLOOR_LINKS: f64 = 0.83;
const FLOOR_ACCURACY: f64 = 0.67;
const FLOOR_FLAGS: f64 = 0.72;

fn histories(args: &[&str]) -> Value {
    let dir = common::repo().join("testdata/histories");
    let mut all = vec!["histories", dir.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    all.push("--json");
    serde_json::from_slice(&common::run_ok(None, &all).stdout).expect("JSON")
}

fn f1(v: &Value) -> f64 {
    v["f1"].as_f64().expect("f1")
}

#[test]
fn the_histories_are_linked_and_flagged_as_a_careful_reader_does() {
    let r = histories(&[]);
    assert!(r["cases"].as_u64().expect("cases") >= 30, "{r}");
    // Every flag is in the gold set, so each one is measured both ways.
    for code in [
        "late_disclosure",
        "parent_silent",
        "repeat_offender",
        "ppc_report_required",
        "ppc_report_late",
        "ppc_report_unknown",
        "no_count_disclosed",
        "secondary_damage",
        "supply_chain",
    ] {
        let t = &r["flags"][code];
        let gold = t["tp"].as_u64().unwrap_or(0) + t["fn"].as_u64().unwrap_or(0);
        assert!(gold > 0, "{code} is not in the gold histories: {t}");
    }
    let (incidents, links, flags) = (f1(&r["incidents"]), f1(&r["links"]), f1(&r["flags_all"]));
    let accuracy = r["link_accuracy"].as_f64().expect("accuracy");
    eprintln!(
        "incidents F1 {incidents:.3}, links F1 {links:.3}, link accuracy {accuracy:.3}, flags F1 {flags:.3}"
    );
    assert!(
        incidents >= FLOOR_INCIDENTS,
        "incidents F1 {incidents:.3}: {r}"
    );
    assert!(links >= FLOOR_LINKS, "links F1 {links:.3}");
    assert!(accuracy >= FLOOR_ACCURACY, "link accuracy {accuracy:.3}");
    assert!(flags >= FLOOR_FLAGS, "flags F1 {flags:.3}");
}

#[test]
fn a_parent_with_time_left_is_not_yet_silent() {
    // Case 05: judged while the parent still has days to speak.
    let r = histories(&["--only", "05-"]);
    let t = &r["flags"]["parent_silent"];
    assert_eq!(t["fp"].as_u64().unwrap_or(0), 0, "{r}");
}
