//! The mappings, case by case: cause → action, data kinds → varieties,
//! dates → timeline, and the STIX bundle's ids and parties.

use leakwatch_model::{AffectedParty, Cause, Count, DataKind, PartyRole, Related};
use serde_json::{Value, json};

use crate::testing::bare;
use crate::{stix, veris};

fn record(cause: Option<Cause>, details: &[&str]) -> Value {
    let (mut s, mut d) = bare("テスト株式会社");
    s.cause = cause;
    d.cause_detail = details.iter().map(|d| d.to_string()).collect();
    veris::record(&s, &d)
}

#[test]
fn causes_become_veris_actions() {
    for (cause, details, category, variety) in [
        (Cause::Malware, &["ransomware"][..], "malware", "Ransomware"),
        (Cause::Phishing, &["sms_phishing"], "social", "Phishing"),
        (Cause::Phishing, &[], "social", "Phishing"),
        (
            Cause::Misdelivery,
            &["to_instead_of_bcc"],
            "error",
            "Misdelivery",
        ),
        (Cause::Misdelivery, &[], "error", "Misdelivery"),
        (Cause::LossTheft, &["lost"], "error", "Loss"),
        (Cause::LossTheft, &["stolen"], "physical", "Theft"),
        (
            Cause::LossTheft,
            &["wrongly_discarded"],
            "error",
            "Disposal error",
        ),
        (
            Cause::SystemDefect,
            &["misconfiguration"],
            "error",
            "Misconfiguration",
        ),
        (Cause::SystemDefect, &["bug"], "error", "Programming error"),
        (Cause::Insider, &[], "misuse", "Privilege abuse"),
        (
            Cause::Insider,
            &["former_employee"],
            "misuse",
            "Data mishandling",
        ),
        (
            Cause::UnauthorizedAccess,
            &["sql_injection"],
            "hacking",
            "SQLi",
        ),
        (
            Cause::UnauthorizedAccess,
            &["credential_stuffing"],
            "hacking",
            "Use of stolen creds",
        ),
        (Cause::UnauthorizedAccess, &[], "hacking", "Unknown"),
        (
            Cause::Other,
            &["published_by_mistake"],
            "error",
            "Publishing error",
        ),
    ] {
        let r = record(Some(cause), details);
        assert_eq!(
            r["action"][category]["variety"],
            json!([variety]),
            "{cause} {details:?}: {}",
            r["action"]
        );
    }
}

#[test]
fn ransomware_is_financial_and_obscures() {
    let r = record(Some(Cause::Malware), &["ransomware"]);
    assert_eq!(r["actor"]["external"]["motive"], json!(["Financial"]));
    assert_eq!(
        r["attribute"]["availability"]["variety"],
        json!(["Obscuration"])
    );
    assert_eq!(r["action"]["malware"]["vector"], json!(["Unknown"]));
}

#[test]
fn a_mistake_is_an_insiders_without_motive() {
    let r = record(Some(Cause::Misdelivery), &["wrong_enclosure"]);
    assert_eq!(r["actor"]["internal"]["motive"], json!(["NA"]));
    assert_eq!(r["asset"]["assets"], json!([{"variety": "M - Documents"}]));
    assert_eq!(r["attribute"]["confidentiality"]["data_disclosure"], "Yes");
}

#[test]
fn unknown_and_unfitting_causes_are_unknown_actions() {
    for r in [
        record(None, &[]),
        record(Some(Cause::Other), &[]),
        record(Some(Cause::LossTheft), &[]),
    ] {
        assert!(
            r["action"]["unknown"]["notes"].is_string(),
            "{}",
            r["action"]
        );
        assert_eq!(r["action"].as_object().map(|o| o.len()), Some(1));
    }
    // A phishing detail on a misdelivery (merged from a follow-up) adds nothing.
    let r = record(Some(Cause::Misdelivery), &["sms_phishing"]);
    assert_eq!(
        r["action"],
        json!({"error": {"variety": ["Misdelivery"], "vector": ["Carelessness"]}})
    );
}

#[test]
fn payment_form_tampering_is_hacking_and_skimming_code() {
    let r = record(Some(Cause::UnauthorizedAccess), &["payment_form_tampering"]);
    assert_eq!(r["action"]["hacking"]["vector"], json!(["Web application"]));
    assert_eq!(
        r["action"]["malware"]["variety"],
        json!(["Capture app data"])
    );
    assert_eq!(
        r["asset"]["assets"],
        json!([{"variety": "S - Web application"}])
    );
    assert_eq!(
        r["attribute"]["integrity"]["variety"],
        json!(["Software installation"])
    );
}

#[test]
fn data_kinds_become_varieties() {
    let (mut s, d) = bare("テスト株式会社");
    s.data = vec![
        DataKind::Name,
        DataKind::Email,
        DataKind::CreditCardNumber,
        DataKind::CardSecurityCode,
        DataKind::Credentials,
        DataKind::InternalDocuments,
        DataKind::Images,
    ];
    s.counts = vec![
        Count {
            value: 3,
            unit: "社".into(),
        },
        Count {
            value: 1_200,
            unit: "件".into(),
        },
        Count {
            value: 1_100,
            unit: "名".into(),
        },
    ];
    let c = &veris::record(&s, &d)["attribute"]["confidentiality"];
    let varieties: Vec<&str> = c["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|v| v["variety"].as_str())
        .collect();
    assert_eq!(
        varieties,
        ["Personal", "Payment", "Credentials", "Internal", "Other"]
    );
    assert_eq!(c["data_total"], 1_200);
}

#[test]
fn a_healthcare_victims_records_are_medical() {
    let (mut s, d) = bare("市立みなと病院");
    s.data = vec![DataKind::CustomerRecords, DataKind::Name];
    let r = veris::record(&s, &d);
    let c = &r["attribute"]["confidentiality"];
    assert_eq!(
        c["data"],
        json!([{"variety": "Medical"}, {"variety": "Personal"}])
    );
    assert_eq!(c["data_victim"], json!(["Patient"]));
    assert_eq!(r["victim"]["industry"], "62");
}

#[test]
fn dates_become_the_timeline() {
    let (mut s, d) = bare("テスト株式会社");
    s.occurred = "2024-04-28".parse().ok();
    s.detected = "2024-05-02".parse().ok();
    s.disclosed = "2024-05-20".parse().ok();
    let r = veris::record(&s, &d);
    assert_eq!(
        r["timeline"],
        json!({
            "incident": {"year": 2024, "month": 4, "day": 28},
            "discovery": {"unit": "Days", "value": 4},
        })
    );
    assert_eq!(r["plus"]["leakwatch"]["dated_by"], "occurred");

    // Detected only: the incident is dated by its detection, no discovery time.
    s.occurred = None;
    s.detected = "2024-05".parse().ok();
    let r = veris::record(&s, &d);
    assert_eq!(
        r["timeline"],
        json!({"incident": {"year": 2024, "month": 5}})
    );

    // A detection before the occurrence read is no discovery time.
    assert_eq!(
        veris::discovery("2024-05-02".parse().unwrap(), "2024-04-01".parse().unwrap()),
        None
    );
    let months = veris::discovery("2023-11".parse().unwrap(), "2024-02-10".parse().unwrap());
    assert_eq!(months, Some(json!({"unit": "Months", "value": 3})));

    // Nothing dated: the schema's required year is the undated one, and nothing says it was read.
    let (s, d) = bare("テスト株式会社");
    let r = veris::record(&s, &d);
    assert_eq!(r["timeline"]["incident"]["year"], veris::UNDATED_YEAR);
    assert!(r["plus"]["leakwatch"].get("dated_by").is_none());
}

#[test]
fn ids_are_stable_and_distinct() {
    let (s, d) = bare("テスト株式会社");
    let a = veris::record(&s, &d)["incident_id"].clone();
    assert_eq!(a, veris::record(&s, &d)["incident_id"]);
    let (mut t, e) = bare("テスト株式会社");
    t.id = 2;
    assert_ne!(a, veris::record(&t, &e)["incident_id"]);
    // A UUID v5 (version nibble 5, RFC 4122 variant).
    let a = a.as_str().expect("string");
    assert_eq!(&a[14..15], "5");
    assert!("89ab".contains(&a[19..20]));
}

fn provider() -> (leakwatch_store::IncidentSummary, leakwatch_model::Incident) {
    let (mut s, mut d) = bare("クラウドレジ株式会社");
    s.cause = Some(Cause::Malware);
    s.disclosed = "2024-05-20".parse().ok();
    s.loss_jpy = Some(5_000_000);
    s.parent = Some("クラウドHD株式会社".into());
    s.data = vec![DataKind::Name, DataKind::CreditCardNumber];
    d.cause_detail = vec!["ransomware".into()];
    d.related = vec![Related {
        name: "みなと観光ホテル".into(),
        role: PartyRole::Customer,
        parent: None,
    }];
    s.parties = ["みなと観光ホテル", "あおばクリニック", "しらかば観光"]
        .iter()
        .map(|n| AffectedParty {
            name: (*n).into(),
            role: PartyRole::Customer,
            counts: vec![Count {
                value: 100,
                unit: "名".into(),
            }],
            document_id: None,
        })
        .collect();
    (s, d)
}

fn of_type<'a>(b: &'a Value, t: &str) -> Vec<&'a Value> {
    b["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .filter(|o| o["type"] == t)
        .collect()
}

#[test]
fn a_providers_customers_are_identities_impacts_and_relationships() {
    let b = stix::bundle(&[provider()]);
    // leakwatch, the provider, its parent, three customers (the one also in `related` once).
    let names: Vec<&str> = of_type(&b, "identity")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    let customer = stix::org_id("あおばクリニック");
    let rels = of_type(&b, "relationship");
    assert!(
        rels.iter()
            .any(|r| r["source_ref"] == customer && r["description"] == "customer of")
    );
    assert!(rels.iter().all(|r| r["relationship_type"] == "related-to"));
    let impacts = of_type(&b, "impact");
    // pii and payment on the provider, one per customer, the cost.
    assert_eq!(impacts.len(), 6);
    assert!(
        impacts
            .iter()
            .any(|i| i["impacted_refs"] == json!([customer]) && i["record_count"] == 100)
    );
    let monetary = impacts
        .iter()
        .find(|i| i["impact_category"] == "monetary")
        .expect("monetary");
    assert_eq!(monetary["currency"], "JPY");
    let incident = of_type(&b, "incident")[0];
    let ext = &incident["extensions"][stix::INCIDENT_CORE];
    assert_eq!(ext["impact_refs"].as_array().map(Vec::len), Some(6));
    assert_eq!(incident["created"], "2024-05-20T00:00:00.000Z");
    assert_eq!(of_type(&b, "identity")[0]["identity_class"], "system");
}

#[test]
fn the_same_incidents_give_the_same_bundle() {
    let a = serde_json::to_string(&stix::bundle(&[provider(), bare("テスト株式会社")])).unwrap();
    let b = serde_json::to_string(&stix::bundle(&[provider(), bare("テスト株式会社")])).unwrap();
    assert_eq!(a, b);
    let one = stix::bundle(&[provider()]);
    assert_ne!(
        stix::bundle(&[provider(), bare("テスト株式会社")])["id"],
        one["id"],
        "the bundle id depends on its incidents"
    );
}
