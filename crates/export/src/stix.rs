//! Incidents as one STIX 2.1 bundle.
//!
//! - an `identity` for leakwatch (the `created_by_ref` of everything) and one
//!   per organisation (`identity_class` `organization`, `sectors` where the name
//!   says the industry);
//! - an `incident` per incident, with the Incident Core extension
//!   ([`INCIDENT_CORE`]) naming its impacts, and its documents as
//!   `external_references` (`source_name` `leakwatch-document`);
//! - `impact` objects (the Impact extension, [`IMPACT`]): the confidentiality
//!   impact on the organisation per kind of information, one on each customer
//!   affected through it, and the monetary one of a stated cost (JPY); the
//!   category's properties (`information_type`, `loss_type`, `record_count`;
//!   `currency`, `min_amount`, `max_amount`) sit on the impact itself;
//! - `relationship`s: the incident to its organisation and to the affected
//!   customers, a customer to the provider, an organisation to its parent,
//!   provider or contractor. STIX 2.1 suggests no relationship type between
//!   these objects, so each is `related-to` (valid between any two) and says
//!   what it is in its `description`.
//!
//! Every id is a UUID v5 of the thing's key; timestamps are the incident's own
//! dates (or [`EPOCH`] for what has none), so the same store gives the same
//! bundle byte for byte.

use std::collections::BTreeSet;

use leakwatch_model::{Incident, PartialDate, PartyRole};
use leakwatch_store::IncidentSummary;
use serde_json::{Map, Value, json};

use crate::veris::timestamp;
use crate::vocab;

/// The Incident Core extension of the STIX common objects (a property extension of `incident`).
pub const INCIDENT_CORE: &str = "extension-definition--ef765651-680c-498d-9894-99799f2fa126";

/// The Impact extension (a new SDO, `impact`, with one sub-extension per impact category).
pub const IMPACT: &str = "extension-definition--7cc33dd6-f6a1-489b-98ea-522d351d71b9";

/// The timestamp of what has no date of its own (organisations, their relations, leakwatch).
pub const EPOCH: &str = "1970-01-01T00:00:00.000Z";

/// The bundle of these incidents.
pub fn bundle(incidents: &[(IncidentSummary, Incident)]) -> Value {
    let mut b = Bundle::default();
    b.push(json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": leakwatch(),
        "created": EPOCH,
        "modified": EPOCH,
        "name": "leakwatch",
        "description": "Structured incidents read from Japanese information-leak disclosures",
        "identity_class": "system",
    }));
    for (s, d) in incidents {
        b.incident(s, d);
    }
    let keys: Vec<String> = incidents
        .iter()
        .map(|(s, _)| crate::incident_key(s))
        .collect();
    json!({
        "type": "bundle",
        "id": format!("bundle--{}", crate::id_of("bundle", &keys.join("\u{1e}"))),
        "objects": b.objects,
    })
}

fn leakwatch() -> String {
    format!("identity--{}", crate::id_of("identity", "leakwatch"))
}

/// The id of an organisation's identity (by its name: the same in every store).
pub(crate) fn org_id(name: &str) -> String {
    format!("identity--{}", crate::id_of("organization", name))
}

#[derive(Debug, Default)]
struct Bundle {
    objects: Vec<Value>,
    seen: BTreeSet<String>,
}

impl Bundle {
    /// Adds an object unless one with its id is there already.
    fn push(&mut self, object: Value) {
        let id = object["id"].as_str().unwrap_or_default().to_owned();
        if self.seen.insert(id) {
            self.objects.push(object);
        }
    }

    fn organization(&mut self, name: &str) -> String {
        let id = org_id(name);
        let mut o = json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": id,
            "created_by_ref": leakwatch(),
            "created": EPOCH,
            "modified": EPOCH,
            "name": name,
            "identity_class": "organization",
        });
        if let Some(s) = vocab::sector(name) {
            o["sectors"] = json!([s.stix]);
        }
        self.push(o);
        id
    }

    fn related(&mut self, source: &str, target: &str, description: &str, created: &str) {
        let key = format!("{source}\u{1f}{target}\u{1f}{description}");
        self.push(json!({
            "type": "relationship",
            "spec_version": "2.1",
            "id": format!("relationship--{}", crate::id_of("relationship", &key)),
            "created_by_ref": leakwatch(),
            "created": created,
            "modified": created,
            "relationship_type": "related-to",
            "source_ref": source,
            "target_ref": target,
            "description": description,
        }));
    }

    fn impact(
        &mut self,
        key: &str,
        category: &str,
        body: Value,
        on: &str,
        times: &Times,
    ) -> String {
        let id = format!("impact--{}", crate::id_of("impact", key));
        let mut o = json!({
            "type": "impact",
            "spec_version": "2.1",
            "id": id,
            "created_by_ref": leakwatch(),
            "created": times.created,
            "modified": times.modified,
            "impact_category": category,
            "impacted_refs": [on],
            "extensions": {IMPACT: {"extension_type": "new-sdo"}},
        });
        if let Some(start) = &times.start {
            o["start_time"] = json!(start);
        }
        // The Impact extension nests these under a key named after the
        // category (`confidentiality`, `monetary`), which STIX 2.1 does not
        // allow as an extension name (only `…-ext` or an extension-definition
        // id; stix2-validator refuses it): they are the new SDO's own properties.
        if let (Value::Object(o), Value::Object(body)) = (&mut o, body) {
            o.extend(body);
        }
        self.push(o);
        id
    }

    fn incident(&mut self, s: &IncidentSummary, d: &Incident) {
        let key = crate::incident_key(s);
        let id = format!("incident--{}", crate::id_of("incident", &key));
        let times = Times::of(s);
        let victim = self.organization(&s.organization);

        let mut impacts: Vec<String> = Vec::new();
        let loss_type = match crate::veris::disclosure(s, &d.cause_detail) {
            _ if s.secondary_damage => Some("exploited-loss"),
            "Yes" => Some("confirmed-loss"),
            "Potentially" => Some("suspected-loss"),
            _ => None,
        };
        let confidentiality = |information_type: Option<&str>, records: Option<u64>| {
            let mut c = Map::new();
            if let Some(t) = information_type {
                c.insert("information_type".into(), json!(t));
            }
            if let Some(l) = loss_type {
                c.insert("loss_type".into(), json!(l));
            }
            if let Some(n) = records {
                c.insert("record_count".into(), json!(n));
            }
            Value::Object(c)
        };
        let sector = vocab::sector(&s.organization);
        let mut types: Vec<&str> = Vec::new();
        for k in &s.data {
            let t = vocab::information_type(vocab::data_variety(*k, sector));
            if !types.contains(&t) {
                types.push(t);
            }
        }
        let records = crate::records(&s.counts);
        if types.is_empty() {
            let body = confidentiality(None, records);
            impacts.push(self.impact(
                &format!("{key}\u{1f}confidentiality"),
                "confidentiality",
                body,
                &victim,
                &times,
            ));
        }
        for t in &types {
            let body = confidentiality(Some(*t), records);
            let k = format!("{key}\u{1f}confidentiality\u{1f}{t}");
            impacts.push(self.impact(&k, "confidentiality", body, &victim, &times));
        }
        let mut customers: Vec<String> = Vec::new();
        for p in &s.parties {
            let customer = self.organization(&p.name);
            let body = confidentiality(None, crate::records(&p.counts));
            let k = format!("{key}\u{1f}confidentiality\u{1f}party\u{1f}{}", p.name);
            impacts.push(self.impact(&k, "confidentiality", body, &customer, &times));
            customers.push(customer);
        }
        if let Some(loss) = s.loss_jpy {
            let body = json!({"currency": "JPY", "min_amount": loss, "max_amount": loss});
            impacts.push(self.impact(
                &format!("{key}\u{1f}monetary"),
                "monetary",
                body,
                &victim,
                &times,
            ));
        }

        let mut o = json!({
            "type": "incident",
            "spec_version": "2.1",
            "id": id,
            "created_by_ref": leakwatch(),
            "created": times.created,
            "modified": times.modified,
            "name": name(s, d),
            "description": crate::veris::summary(s, d),
            "extensions": {
                INCIDENT_CORE: {
                    "extension_type": "property-extension",
                    "determination": "confirmed",
                    "investigation_status": "open",
                    "impact_refs": impacts,
                },
            },
        });
        let refs: Vec<Value> = s.documents.iter().map(document).collect();
        if !refs.is_empty() {
            o["external_references"] = json!(refs);
        }
        if !s.flags.is_empty() {
            let labels: Vec<&str> = s.flags.iter().map(|f| f.code.as_str()).collect();
            o["labels"] = json!(labels);
        }
        self.push(o);

        self.related(
            &id,
            &victim,
            "the organisation where it happened",
            &times.created,
        );
        for c in &customers {
            self.related(
                &id,
                c,
                "an organisation affected through it (a customer of the breached provider)",
                &times.created,
            );
            self.related(c, &victim, "customer of", EPOCH);
        }
        if let Some(parent) = &s.parent {
            let p = self.organization(parent);
            self.related(&victim, &p, "subsidiary of", EPOCH);
        }
        for r in &d.related {
            if r.name == s.organization {
                continue;
            }
            let (from_victim, description) = match r.role {
                PartyRole::Parent => (true, "subsidiary of"),
                PartyRole::Subsidiary => (false, "subsidiary of"),
                PartyRole::Provider => (true, "uses the systems of"),
                PartyRole::Contractor => (true, "entrusted the work to"),
                _ => continue,
            };
            let other = self.organization(&r.name);
            if from_victim {
                self.related(&victim, &other, description, EPOCH);
            } else {
                self.related(&other, &victim, description, EPOCH);
            }
        }
    }
}

/// An incident's timestamps: created when first disclosed (else first
/// published, else dated at all), modified at its latest document.
#[derive(Debug)]
struct Times {
    created: String,
    modified: String,
    start: Option<String>,
}

impl Times {
    fn of(s: &IncidentSummary) -> Times {
        let created = s
            .disclosed
            .or_else(|| crate::first_published(s))
            .or_else(|| crate::incident_date(s).map(|(d, _)| d));
        let latest = s
            .documents
            .iter()
            .filter_map(|d| d.published.as_deref()?.parse::<PartialDate>().ok())
            .max();
        let modified = match (created, latest) {
            (Some(c), Some(l)) => Some(c.max(l)),
            (c, l) => c.or(l),
        };
        let created = created.map_or_else(|| EPOCH.to_owned(), timestamp);
        let modified = modified.map_or_else(|| created.clone(), timestamp);
        Times {
            // A month sorts before its days: never let modified precede created.
            modified: modified.max(created.clone()),
            created,
            start: s.occurred.map(timestamp),
        }
    }
}

fn name(s: &IncidentSummary, d: &Incident) -> String {
    match s.cause {
        Some(c) if !d.cause_detail.is_empty() => {
            format!("{}: {} ({})", s.organization, c, d.cause_detail.join(", "))
        }
        Some(c) => format!("{}: {}", s.organization, c),
        None => format!("{}: information leak", s.organization),
    }
}

fn document(d: &leakwatch_store::DocumentRef) -> Value {
    let mut r = Map::new();
    r.insert("source_name".into(), json!("leakwatch-document"));
    if crate::is_url(&d.location) {
        r.insert("url".into(), json!(d.location));
    } else {
        r.insert("external_id".into(), json!(d.location));
    }
    let description = d
        .title
        .as_deref()
        .filter(|t| !t.is_empty())
        .unwrap_or(&d.location);
    r.insert("description".into(), json!(description));
    Value::Object(r)
}
