//! `/feed.atom`: the newest incidents (or those of a search: the list's
//! parameters apply) as an Atom feed.

use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use chrono::{FixedOffset, TimeZone};

use crate::api::search_page;
use crate::reject::Query;
use crate::{ApiError, AppState, ListParams, view};

fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

pub async fn atom(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(mut p): Query<ListParams>,
) -> Result<impl IntoResponse, ApiError> {
    if p.sort.is_none() {
        p.sort = Some("newest".into());
    }
    p.limit = Some(p.limit.unwrap_or(50).min(200));
    let page = search_page(&s, &p).await?;
    let base = base(&headers);
    let jst = FixedOffset::east_opt(9 * 3600).ok_or_else(|| ApiError::Internal("offset".into()))?;
    let day = |d: Option<leakwatch_model::PartialDate>| {
        d.and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day.unwrap_or(1)))
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| jst.from_local_datetime(&t).single())
    };
    let epoch = jst
        .with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
        .single()
        .ok_or_else(|| ApiError::Internal("epoch".into()))?;
    let mut entries = Vec::new();
    for h in &page.hits {
        let i = &h.incident;
        let row = view::Row::new(i, String::new());
        let url = format!("{base}/incidents/{}", i.id);
        let mut summary = format!("{} ({})", row.cause, row.disclosed);
        if !row.records.is_empty() {
            summary.push_str(&format!(" 影響: {}", row.records));
        }
        if !row.data.is_empty() {
            summary.push_str(&format!(" 情報: {}", row.data));
        }
        if !row.loss.is_empty() {
            summary.push_str(&format!(" 損失: {}", row.loss));
        }
        let updated = day(i.disclosed.or(i.occurred)).unwrap_or(epoch);
        entries.push(Entry {
            id: format!("tag:leakwatch,2026:incident/{}", i.id),
            title: Text::plain(format!("{}: {}", i.organization, row.cause)),
            updated,
            links: vec![Link {
                href: url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            }],
            summary: Some(Text::plain(summary.clone())),
            content: Some(Content {
                value: Some(summary),
                content_type: Some("text".into()),
                ..Content::default()
            }),
            ..Entry::default()
        });
    }
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(epoch);
    let feed = Feed {
        id: "tag:leakwatch,2026:incidents".into(),
        title: Text::plain("leakwatch: 情報漏えいインシデント"),
        updated,
        authors: vec![Person {
            name: "leakwatch".into(),
            ..Person::default()
        }],
        links: vec![
            Link {
                href: format!("{base}/feed.atom"),
                rel: "self".into(),
                ..Link::default()
            },
            Link {
                href: format!("{base}/incidents"),
                rel: "alternate".into(),
                ..Link::default()
            },
        ],
        entries,
        ..Feed::default()
    };
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    ))
}

/// The events an alert rule fired, newest first, as the watcher writes them to
/// the rule's `atom` file; a rule the configuration does not name is not found.
pub async fn alerts(
    State(s): State<AppState>,
    crate::reject::PathText(rule): crate::reject::PathText,
) -> Result<impl IntoResponse, ApiError> {
    if !s.alert_rules.contains(&rule) {
        return Err(ApiError::NotFound(format!("no alert rule {rule:?}")));
    }
    let events = s.store.alert_events(&rule, 50).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        leakwatch_report::alert_feed(&rule, &events),
    ))
}
