//! Every kind of record the VERIS export makes validates against the VERIS
//! 1.4.1 schema (`../shared/schemas/veris/verisc-merged.json`, beside the
//! checkout): every cause with every detail, every data kind, dates to the day
//! and to the month, customers, a cost, and an incident of which nothing is
//! known. The schema uses a small part of JSON Schema draft-04, checked here;
//! the CLI's export test runs Python's `jsonschema` over the demo's records too.

use std::path::PathBuf;

use leakwatch_model::{AffectedParty, Cause, Count, DataKind, Incident, PartialDate, PartyRole};
use leakwatch_store::{DocumentRef, IncidentSummary};
use serde_json::Value;

fn schema_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/veris");
    assert!(
        dir.join("verisc-merged.json").is_file(),
        "the VERIS schema is not at {} (shared/ must sit beside the checkout, as in CI)",
        dir.display()
    );
    dir
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(schema_dir().join(name)).expect("readable");
    serde_json::from_str(&text).expect("JSON")
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// The draft-04 keywords the VERIS schema uses; every error with its path.
fn check(schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let mut fail = |m: String| errors.push(format!("{path}: {m}"));
    match &schema["type"] {
        Value::String(t) if !type_ok(t, v) => return fail(format!("not {t}: {v}")),
        Value::Array(ts) if !ts.iter().any(|t| type_ok(t.as_str().unwrap_or(""), v)) => {
            return fail(format!("none of {ts:?}: {v}"));
        }
        _ => {}
    }
    if let Some(e) = schema["enum"].as_array()
        && !e.contains(v)
    {
        fail(format!("{v} not in the enumeration"));
    }
    if let Some(s) = v.as_str() {
        let n = s.chars().count() as u64;
        if schema["minLength"].as_u64().is_some_and(|m| n < m) {
            fail(format!("{s:?} too short"));
        }
        if schema["maxLength"].as_u64().is_some_and(|m| n > m) {
            fail(format!("{s:?} too long"));
        }
        if let Some(p) = schema["pattern"].as_str()
            && !regex::Regex::new(p).expect("pattern").is_match(s)
        {
            fail(format!("{s:?} does not match {p}"));
        }
    }
    if let Some(x) = v.as_f64() {
        if schema["minimum"].as_f64().is_some_and(|m| x < m) {
            fail(format!("{x} below the minimum"));
        }
        if schema["maximum"].as_f64().is_some_and(|m| x > m) {
            fail(format!("{x} above the maximum"));
        }
    }
    if let Some(items) = v.as_array() {
        if schema["minItems"]
            .as_u64()
            .is_some_and(|m| (items.len() as u64) < m)
        {
            fail("too few items".into());
        }
        if schema["uniqueItems"] == Value::Bool(true)
            && items
                .iter()
                .enumerate()
                .any(|(i, x)| items[..i].contains(x))
        {
            fail("items repeat".into());
        }
        if schema["items"].is_object() {
            for (i, x) in items.iter().enumerate() {
                check(&schema["items"], x, &format!("{path}[{i}]"), errors);
            }
        }
    }
    if let Some(o) = v.as_object() {
        if schema["minProperties"]
            .as_u64()
            .is_some_and(|m| (o.len() as u64) < m)
        {
            errors.push(format!("{path}: too few properties"));
        }
        for r in schema["required"].as_array().into_iter().flatten() {
            if !o.contains_key(r.as_str().unwrap_or("")) {
                errors.push(format!("{path}: {r} is required"));
            }
        }
        for (k, x) in o {
            match (&schema["properties"][k], &schema["additionalProperties"]) {
                (Value::Object(_), _) => {
                    check(&schema["properties"][k], x, &format!("{path}.{k}"), errors)
                }
                (_, Value::Bool(false)) => errors.push(format!("{path}: {k} is not allowed")),
                (_, extra @ Value::Object(_)) => check(extra, x, &format!("{path}.{k}"), errors),
                _ => {}
            }
        }
    }
}

fn errors_of(record: &Value) -> Vec<String> {
    let schema = load("verisc-merged.json");
    let mut errors = Vec::new();
    check(&schema, record, "$", &mut errors);
    errors
}

fn bare() -> (IncidentSummary, Incident) {
    let s = IncidentSummary {
        id: 1,
        org_id: 1,
        organization: "テスト株式会社".into(),
        ..IncidentSummary::default()
    };
    (s, Incident::default())
}

fn date(s: &str) -> Option<PartialDate> {
    Some(s.parse().expect("date"))
}

#[test]
fn the_checker_accepts_the_schemas_own_example_and_refuses_a_broken_record() {
    let example = load("example-1_4_1.json");
    assert_eq!(errors_of(&example), Vec::<String>::new());
    let mut broken = example.clone();
    broken["action"]["Unknown"] = serde_json::json!({});
    broken["timeline"]["incident"]["month"] = serde_json::json!(13);
    broken["victim"]["country"] = serde_json::json!(["XX"]);
    assert_eq!(errors_of(&broken).len(), 3, "{:?}", errors_of(&broken));
}

#[test]
fn an_incident_of_which_nothing_is_known_validates() {
    let (s, d) = bare();
    let r = leakwatch_export::veris::record(&s, &d);
    assert_eq!(errors_of(&r), Vec::<String>::new(), "{r:#}");
    assert!(r["action"]["unknown"]["notes"].is_string());
    assert!(r["actor"]["unknown"]["notes"].is_string());
    assert_eq!(
        r["attribute"]["confidentiality"]["data_disclosure"],
        "Unknown"
    );
}

#[test]
fn every_cause_and_detail_validates() {
    let details = [
        "phishing_site",
        "fake_site",
        "impersonation",
        "sms_phishing",
        "spoofed_mail",
        "targeted_mail",
        "to_instead_of_bcc",
        "wrong_address",
        "wrong_recipient",
        "wrong_attachment",
        "wrong_enclosure",
        "data_sold",
        "data_theft_by_staff",
        "former_employee",
        "account_takeover",
        "credential_stuffing",
        "sql_injection",
        "xss",
        "vulnerability_exploit",
        "payment_form_tampering",
        "tampering",
        "ransomware",
        "emotet",
        "file_sharing_virus",
        "malware",
        "misconfiguration",
        "exposure",
        "bug",
        "lost",
        "wrongly_discarded",
        "stolen",
        "published_by_mistake",
        "broadcast",
        "unheard_of",
    ];
    for cause in Cause::ALL {
        for detail in details.iter().map(|d| vec![d.to_string()]).chain([vec![]]) {
            let (mut s, mut d) = bare();
            s.cause = Some(cause);
            d.cause_detail = detail.clone();
            let r = leakwatch_export::veris::record(&s, &d);
            assert_eq!(
                errors_of(&r),
                Vec::<String>::new(),
                "{cause} {detail:?}: {r:#}"
            );
        }
    }
}

#[test]
fn a_full_record_validates() {
    let (mut s, mut d) = bare();
    s.organization = "みなと総合病院".into();
    s.parent = Some("みなとホールディングス株式会社".into());
    s.cause = Some(Cause::Malware);
    d.cause_detail = vec!["ransomware".into(), "emotet".into()];
    s.occurred = date("2024-03");
    s.detected = date("2024-05-02");
    s.disclosed = date("2024-05-20");
    s.regulator_reported = date("2024-05-21");
    s.loss_jpy = Some(120_000_000);
    s.secondary_damage = true;
    s.counts = vec![
        Count {
            value: 12_400,
            unit: "名".into(),
        },
        Count {
            value: 3,
            unit: "社".into(),
        },
    ];
    s.data = DataKind::ALL.to_vec();
    s.parties = ["あおばクリニック", "しらかば観光株式会社"]
        .iter()
        .map(|n| AffectedParty {
            name: (*n).into(),
            role: PartyRole::Customer,
            counts: vec![Count {
                value: 3_100,
                unit: "名".into(),
            }],
            document_id: Some(2),
        })
        .collect();
    s.documents = vec![DocumentRef {
        id: 2,
        location: "https://example.invalid/news/1".into(),
        title: Some("不正アクセスに関するお知らせ".into()),
        source_type: Some("press_release".into()),
        published: Some("2024-05-20".into()),
        role: leakwatch_model::DocumentRole::FirstDisclosure,
        reason: "first".into(),
        reason_ja: None,
    }];
    let r = leakwatch_export::veris::record(&s, &d);
    assert_eq!(errors_of(&r), Vec::<String>::new(), "{r:#}");
    assert_eq!(r["timeline"]["discovery"]["unit"], "Months");
    assert_eq!(r["timeline"]["discovery"]["value"], 2);
    assert_eq!(r["victim"]["secondary"]["amount"], 2);
    assert_eq!(
        r["victim"]["secondary"]["victim_id"][0],
        "あおばクリニック;62"
    );
    assert_eq!(r["impact"]["overall_amount"], 120_000_000);
    assert_eq!(
        r["plus"]["attribute"]["confidentiality"]["data_abuse"],
        "Yes"
    );
}
