//! `/incidents/{id}`: one incident — timeline, facts with their evidence, documents.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use leakwatch_store::StoredFact;

use super::{PageError, render};
use crate::api::parse_id;
use crate::reject::PathText;
use crate::view::{self, Row, Segment};
use crate::{ApiError, AppState};

struct FactRow {
    anchor: String,
    field: String,
    value: String,
    quote: String,
}

struct Step {
    label: &'static str,
    date: String,
    gap: String,
}

struct DocView {
    id: i64,
    title: String,
    location: String,
    link: bool,
    published: String,
    source: String,
    role: &'static str,
    reason: String,
    segments: Vec<Segment>,
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    q: String,
    row: Row,
    cause_detail: String,
    related: Vec<(String, String, String)>,
    responses: Vec<String>,
    steps: Vec<Step>,
    facts: Vec<FactRow>,
    docs: Vec<DocView>,
    /// (code, Japanese label, reason in Japanese).
    flags: Vec<(&'static str, &'static str, String)>,
    /// (name, link, role, its own figures).
    parties: Vec<(String, String, &'static str, String)>,
}

fn step_label(event: &str) -> &'static str {
    match event {
        "occurred" => "発生",
        "detected" => "検知",
        "identified" => "特定",
        "disclosed" => "公表",
        "regulator_reported" => "個人情報保護委員会へ報告",
        _ => "",
    }
}

pub async fn incident(
    State(s): State<AppState>,
    path: Result<PathText, ApiError>,
) -> Result<Html<String>, PageError> {
    let PathText(id) = path?;
    let id = parse_id(&id)?;
    let Some(d) = s.store.incident(id).await.map_err(ApiError::from)? else {
        return Err(crate::api::incidents::missing(&s, id, "/incidents/")
            .await
            .into());
    };
    let indexed: Vec<(usize, &StoredFact)> = d.facts.iter().enumerate().collect();
    let mut docs = Vec::new();
    for doc in &d.summary.documents {
        let body = s
            .store
            .document_body(doc.id)
            .await
            .map_err(ApiError::from)?
            .unwrap_or_default();
        let mine: Vec<(usize, &StoredFact)> = indexed
            .iter()
            .filter(|(_, f)| f.document_id == doc.id)
            .copied()
            .collect();
        docs.push(DocView {
            id: doc.id,
            title: doc.title.clone().unwrap_or_else(|| doc.location.clone()),
            link: doc.location.starts_with("http://") || doc.location.starts_with("https://"),
            location: doc.location.clone(),
            published: doc
                .published
                .as_deref()
                .and_then(|p| p.parse().ok())
                .map(|p| view::date(Some(p)))
                .unwrap_or_default(),
            source: doc
                .source_type
                .as_deref()
                .map(view::source_label)
                .unwrap_or_default(),
            role: view::role_label(doc.role),
            reason: doc.reason_ja.clone().unwrap_or_else(|| doc.reason.clone()),
            segments: view::segments(&body, &mine),
        });
    }
    let facts = d
        .facts
        .iter()
        .enumerate()
        .map(|(i, f)| FactRow {
            anchor: format!("f{i}"),
            field: view::field_label(&f.field),
            value: view::fact_value_label(&f.field, &f.value),
            quote: f.quote.clone(),
        })
        .collect();
    let steps = d
        .timeline
        .iter()
        .map(|t| Step {
            label: step_label(&t.event),
            date: view::date(Some(t.date)),
            gap: t
                .days_after_previous
                .map(|g| match g {
                    0 => "前の段階と同日".to_owned(),
                    g if g > 0 => format!("前の段階から{g}日後"),
                    g => format!("前の段階より{}日前", -g),
                })
                .unwrap_or_default(),
        })
        .collect();
    let page = IncidentPage {
        q: String::new(),
        row: Row::new(&d.summary, String::new()),
        cause_detail: d
            .detail
            .cause_detail
            .iter()
            .map(|c| view::cause_detail_label(c))
            .collect::<Vec<_>>()
            .join("、"),
        related: d
            .detail
            .related
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    view::org_url(&r.name),
                    r.role.label_ja().to_owned(),
                )
            })
            .collect(),
        responses: d
            .detail
            .responses
            .iter()
            .map(|r| {
                let when = view::date(r.date);
                if when.is_empty() {
                    r.kind.label_ja().to_owned()
                } else {
                    format!("{} ({when})", r.kind.label_ja())
                }
            })
            .collect(),
        steps,
        facts,
        docs,
        flags: d
            .summary
            .flags
            .iter()
            .map(|f| (f.code.as_str(), f.code.label_ja(), f.reason_ja.clone()))
            .collect(),
        parties: d
            .summary
            .parties
            .iter()
            .map(|p| {
                let counts: Vec<String> = p
                    .counts
                    .iter()
                    .map(|c| format!("{}{}", view::thousands(c.value), c.unit))
                    .collect();
                (
                    p.name.clone(),
                    view::org_url(&p.name),
                    p.role.label_ja(),
                    counts.join("、"),
                )
            })
            .collect(),
    };
    Ok(render(&page))
}
