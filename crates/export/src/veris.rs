//! One incident as a VERIS 1.4.1 record (`verisc-merged.json`).
//!
//! What leakwatch knows goes where VERIS has a place for it: the cause and its
//! details as `action` and `actor` (see `vocab::DETAILS`), data kinds as
//! `attribute.confidentiality.data`, the person-like count as `data_total`,
//! occurrence and detection as `timeline`, the stated cost as `impact` (JPY),
//! the customers of a breached provider as `victim.secondary`, the documents
//! as `reference`. What it does not know is VERIS' `Unknown`, never a guess;
//! leakwatch's own facts (store id, cause, flags) sit under `plus.leakwatch`,
//! `plus` being the schema's one open object.

use chrono::NaiveDate;
use leakwatch_model::{Cause, Incident, PartialDate};
use leakwatch_store::IncidentSummary;
use serde_json::{Map, Value, json};

use crate::vocab::{self, ActionRow, Actor, Category};

/// The schema version the records follow.
pub const SCHEMA_VERSION: &str = "1.4.1";

/// The year of an incident with no date at all (`timeline.incident.year` is
/// required); `plus.leakwatch.dated_by` is then absent.
pub const UNDATED_YEAR: i32 = 1970;

/// The VERIS record of one incident.
pub fn record(s: &IncidentSummary, d: &Incident) -> Value {
    let id = crate::id_of("incident", &crate::incident_key(s)).to_string();
    let rows = actions(s.cause, &d.cause_detail);
    let mut r = Map::new();
    r.insert("schema_version".into(), json!(SCHEMA_VERSION));
    r.insert("incident_id".into(), json!(id));
    r.insert("source_id".into(), json!("leakwatch"));
    r.insert("security_incident".into(), json!("Confirmed"));
    r.insert("summary".into(), json!(summary(s, d)));
    if !s.documents.is_empty() {
        let refs: Vec<&str> = s.documents.iter().map(|d| d.location.as_str()).collect();
        r.insert("reference".into(), json!(refs.join("; ")));
    }
    r.insert("timeline".into(), timeline(s));
    r.insert("victim".into(), victim(s));
    r.insert("action".into(), action(s.cause, &rows));
    r.insert("actor".into(), actor(s.cause, &rows));
    r.insert("asset".into(), asset(&rows));
    r.insert("attribute".into(), attribute(s, d, &rows));
    r.insert("discovery_method".into(), json!({"unknown": true}));
    if let Some(loss) = s.loss_jpy {
        r.insert(
            "impact".into(),
            json!({"overall_rating": "Unknown", "iso_currency_code": "JPY", "overall_amount": loss}),
        );
    }
    r.insert("plus".into(), plus(s, d, &id));
    Value::Object(r)
}

/// The actions the cause and its details imply; empty for an unknown action.
pub(crate) fn actions(cause: Option<Cause>, details: &[String]) -> Vec<ActionRow> {
    let Some(cause) = cause else {
        return Vec::new();
    };
    let mut rows: Vec<ActionRow> = details
        .iter()
        .filter(|d| vocab::detail_fits(cause, d))
        .flat_map(|d| {
            vocab::DETAILS
                .iter()
                .filter(move |(name, _)| *name == d.as_str())
                .map(|(_, r)| *r)
        })
        .collect();
    if rows.is_empty() {
        rows.extend(vocab::default_action(cause));
    }
    rows
}

/// Distinct values in first-seen order, `Unknown` dropped beside a known one.
fn known(values: impl IntoIterator<Item = &'static str>) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for x in values {
        if !v.contains(&x) {
            v.push(x);
        }
    }
    if v.len() > 1 {
        v.retain(|x| *x != "Unknown" && *x != "NA");
    }
    v
}

fn action(cause: Option<Cause>, rows: &[ActionRow]) -> Value {
    if rows.is_empty() {
        let notes = match cause {
            Some(Cause::LossTheft) => {
                "a device or papers were lost or stolen; the disclosure does not say which"
            }
            Some(_) => "a cause leakwatch classes as other",
            None => "the disclosures do not state the cause",
        };
        return json!({"unknown": {"notes": notes}});
    }
    let mut out = Map::new();
    let mut categories: Vec<Category> = rows.iter().map(|r| r.category).collect();
    categories.sort();
    categories.dedup();
    for c in categories {
        let of = || rows.iter().filter(move |r| r.category == c);
        let mut a = Map::new();
        a.insert("variety".into(), json!(known(of().map(|r| r.variety))));
        a.insert("vector".into(), json!(known(of().map(|r| r.vector))));
        if c == Category::Social {
            a.insert("target".into(), json!(["Unknown"]));
        }
        out.insert(c.key().into(), Value::Object(a));
    }
    Value::Object(out)
}

fn actor(cause: Option<Cause>, rows: &[ActionRow]) -> Value {
    let external = known(rows.iter().filter_map(|r| match r.actor {
        Actor::External(m) => Some(m),
        Actor::Internal(_) => None,
    }));
    let internal = known(rows.iter().filter_map(|r| match r.actor {
        Actor::Internal(m) => Some(m),
        Actor::External(_) => None,
    }));
    let mut out = Map::new();
    if !external.is_empty() {
        out.insert(
            "external".into(),
            json!({"variety": ["Unknown"], "motive": external}),
        );
    }
    if !internal.is_empty() {
        out.insert(
            "internal".into(),
            json!({"variety": ["Unknown"], "motive": internal}),
        );
    }
    if out.is_empty() {
        // VERIS asks for a note on an unknown actor.
        let notes = match cause {
            Some(_) => "the disclosures do not say who",
            None => "the disclosures state neither the cause nor who",
        };
        out.insert("unknown".into(), json!({"notes": notes}));
    }
    Value::Object(out)
}

fn asset(rows: &[ActionRow]) -> Value {
    let mut assets = known(rows.iter().filter_map(|r| r.asset));
    if assets.is_empty() {
        assets.push("Unknown");
    }
    let assets: Vec<Value> = assets.iter().map(|a| json!({"variety": a})).collect();
    json!({"assets": assets, "cloud": ["Unknown"]})
}

/// `Yes` where the data surely reached someone (sent to the wrong person,
/// taken by staff, published, misused), `Potentially` for the other known
/// causes, `Unknown` without a cause.
pub(crate) fn disclosure(s: &IncidentSummary, details: &[String]) -> &'static str {
    let published = details
        .iter()
        .any(|d| d == "published_by_mistake" || d == "broadcast");
    match s.cause {
        _ if s.secondary_damage => "Yes",
        Some(Cause::Misdelivery | Cause::Insider) => "Yes",
        Some(Cause::Other) if published => "Yes",
        Some(_) => "Potentially",
        None => "Unknown",
    }
}

fn attribute(s: &IncidentSummary, d: &Incident, rows: &[ActionRow]) -> Value {
    let sector = vocab::sector(&s.organization);
    let mut c = Map::new();
    c.insert(
        "data_disclosure".into(),
        json!(disclosure(s, &d.cause_detail)),
    );
    if let Some(n) = crate::records(&s.counts) {
        c.insert("data_total".into(), json!(n));
    }
    let mut varieties = known(s.data.iter().map(|k| vocab::data_variety(*k, sector)));
    // 要配慮個人情報 read from the text (diagnoses, medical records): Medical, whoever held it.
    if d.sensitive_data && !varieties.contains(&"Medical") {
        varieties.insert(0, "Medical");
    }
    if !varieties.is_empty() {
        let data: Vec<Value> = varieties.iter().map(|v| json!({"variety": v})).collect();
        c.insert("data".into(), json!(data));
    }
    let mut victims: Vec<&'static str> = Vec::new();
    for k in &s.data {
        let v = match k {
            leakwatch_model::DataKind::School => "Student",
            leakwatch_model::DataKind::CustomerRecords => {
                sector.map_or("Customer", |s| s.data_victim)
            }
            _ => continue,
        };
        if !victims.contains(&v) {
            victims.push(v);
        }
    }
    if !victims.is_empty() {
        c.insert("data_victim".into(), json!(victims));
    }
    let mut out = Map::new();
    out.insert("confidentiality".into(), Value::Object(c));
    for (attr, variety) in rows.iter().filter_map(|r| r.attribute) {
        let entry = out.entry(attr).or_insert_with(|| json!({"variety": []}));
        if let Some(list) = entry["variety"].as_array_mut()
            && !list.iter().any(|v| v == variety)
        {
            list.push(json!(variety));
        }
    }
    Value::Object(out)
}

fn day(d: PartialDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day?)
}

/// From occurrence to detection, in days when both are days, else in months.
pub(crate) fn discovery(occurred: PartialDate, detected: PartialDate) -> Option<Value> {
    if let (Some(a), Some(b)) = (day(occurred), day(detected)) {
        let days = (b - a).num_days();
        return (days >= 0).then(|| json!({"unit": "Days", "value": days}));
    }
    let months =
        (detected.year - occurred.year) * 12 + detected.month as i32 - occurred.month as i32;
    (months >= 0).then(|| json!({"unit": "Months", "value": months}))
}

fn timeline(s: &IncidentSummary) -> Value {
    let mut incident = Map::new();
    match crate::incident_date(s) {
        Some((d, _)) => {
            incident.insert("year".into(), json!(d.year));
            incident.insert("month".into(), json!(d.month));
            if let Some(day) = d.day {
                incident.insert("day".into(), json!(day));
            }
        }
        None => {
            incident.insert("year".into(), json!(UNDATED_YEAR));
        }
    }
    let mut t = Map::new();
    t.insert("incident".into(), Value::Object(incident));
    if let (Some(o), Some(d)) = (s.occurred, s.detected)
        && let Some(v) = discovery(o, d)
    {
        t.insert("discovery".into(), v);
    }
    Value::Object(t)
}

/// The customer (or other party) as VERIS lists a secondary victim: its name,
/// and its NAICS sector after a semicolon where its name says it.
fn victim_id(name: &str) -> String {
    match vocab::sector(name) {
        Some(s) => format!("{name};{}", s.naics),
        None => name.to_owned(),
    }
}

fn victim(s: &IncidentSummary) -> Value {
    let mut v = Map::new();
    v.insert("victim_id".into(), json!(s.organization));
    v.insert("country".into(), json!(["JP"]));
    v.insert("employee_count".into(), json!("Unknown"));
    let industry = vocab::sector(&s.organization).map_or("000", |x| x.naics);
    v.insert("industry".into(), json!(industry));
    v.insert("government".into(), json!(["Unknown"]));
    if !s.parties.is_empty() {
        let ids: Vec<String> = s.parties.iter().map(|p| victim_id(&p.name)).collect();
        v.insert(
            "secondary".into(),
            json!({"amount": ids.len(), "victim_id": ids}),
        );
    }
    Value::Object(v)
}

/// A plain-language summary (VERIS asks for sentences, not codes).
pub(crate) fn summary(s: &IncidentSummary, d: &Incident) -> String {
    let mut out = s.organization.clone();
    if let Some(p) = &s.parent {
        out.push_str(&format!(" (a subsidiary of {p})"));
    }
    match s.cause {
        Some(c) if d.cause_detail.is_empty() => out.push_str(&format!(": {c}.")),
        Some(c) => out.push_str(&format!(": {c} ({}).", d.cause_detail.join(", "))),
        None => out.push_str(": cause not stated."),
    }
    if !s.counts.is_empty() {
        let counts: Vec<String> = s
            .counts
            .iter()
            .map(|c| format!("{}{}", c.value, c.unit))
            .collect();
        out.push_str(&format!(" Affected: {}.", counts.join(", ")));
    }
    if !s.data.is_empty() {
        let kinds: Vec<&str> = s.data.iter().map(|k| k.as_str()).collect();
        out.push_str(&format!(" Data: {}.", kinds.join(", ")));
    }
    if !s.parties.is_empty() {
        let names: Vec<&str> = s.parties.iter().map(|p| p.name.as_str()).collect();
        out.push_str(&format!(" Affected customers: {}.", names.join(", ")));
    }
    if let Some(date) = s.disclosed {
        out.push_str(&format!(" Disclosed {date}."));
    }
    if let Some(loss) = s.loss_jpy {
        out.push_str(&format!(" Stated cost: {loss} JPY."));
    }
    out
}

/// A date as the timestamp VERIS' `plus.created` holds (midnight UTC; the
/// first of the month for a month).
pub(crate) fn timestamp(d: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00.000Z",
        d.year,
        d.month,
        d.day.unwrap_or(1)
    )
}

fn plus(s: &IncidentSummary, d: &Incident, id: &str) -> Value {
    let mut p = Map::new();
    p.insert("master_id".into(), json!(id));
    // Read by a machine, reviewed by nobody yet: VCDB's first stage.
    p.insert("analysis_status".into(), json!("First pass"));
    if let Some(created) = crate::first_published(s).or(s.disclosed) {
        p.insert("created".into(), json!(timestamp(created)));
    }
    if s.secondary_damage {
        p.insert(
            "attribute".into(),
            json!({"confidentiality": {"data_abuse": "Yes"}}),
        );
    }
    let mut lw = Map::new();
    lw.insert("incident".into(), json!(s.id));
    lw.insert("organization_id".into(), json!(s.org_id));
    if let Some(parent) = &s.parent {
        lw.insert("parent".into(), json!(parent));
    }
    if let Some(c) = s.cause {
        lw.insert("cause".into(), json!(c.as_str()));
    }
    if !d.cause_detail.is_empty() {
        lw.insert("cause_detail".into(), json!(d.cause_detail));
    }
    if let Some((_, field)) = crate::incident_date(s) {
        lw.insert("dated_by".into(), json!(field));
    }
    let flags: Vec<&str> = s.flags.iter().map(|f| f.code.as_str()).collect();
    lw.insert("flags".into(), json!(flags));
    p.insert("leakwatch".into(), Value::Object(lw));
    Value::Object(p)
}
