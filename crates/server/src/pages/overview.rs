//! `/`: the overview — counts, charts, the latest and the slowest disclosures.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use super::{PageError, render};
use crate::api::search_page;
use crate::view::{self, Row};
use crate::{ApiError, AppState, ListParams, charts};

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    q: String,
    tiles: Vec<(String, String)>,
    chart_month: String,
    chart_lag: String,
    chart_orgs: String,
    chart_data: String,
    recent: Vec<Row>,
    late: Vec<Row>,
    /// (code, Japanese label, incidents carrying it).
    flags: Vec<(&'static str, &'static str, String)>,
}

pub async fn overview(State(s): State<AppState>) -> Result<Html<String>, PageError> {
    let health = s.store.health().await.map_err(ApiError::from)?;
    let index = s.index.clone();
    let d = tokio::task::spawn_blocking(move || index.dashboard())
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::from)?;
    let recent = search_page(
        &s,
        &ListParams {
            sort: Some("newest".into()),
            limit: Some(10),
            ..ListParams::default()
        },
    )
    .await?;
    let late = search_page(
        &s,
        &ListParams {
            sort: Some("lag".into()),
            limit: Some(5),
            ..ListParams::default()
        },
    )
    .await?;
    let flag_counts = s.store.flag_counts().await.map_err(ApiError::from)?;
    let total_records: u64 = d.records_by_data.iter().map(|x| x.1).max().unwrap_or(0);
    let page = OverviewPage {
        q: String::new(),
        tiles: vec![
            (
                "インシデント".into(),
                view::thousands(health.incidents as u64),
            ),
            ("文書".into(), view::thousands(health.documents as u64)),
            ("組織".into(), view::thousands(health.organizations as u64)),
            (
                "根拠つきの事実".into(),
                view::thousands(health.facts as u64),
            ),
            (
                "最大の影響件数(種類別合計)".into(),
                view::thousands(total_records),
            ),
        ],
        chart_month: charts::per_month(&d.per_month),
        chart_lag: charts::bars(&charts::lag_buckets(&d.lags), "件"),
        chart_orgs: charts::bars(
            &d.top_orgs
                .iter()
                .map(|o| (o.value.clone(), o.count))
                .collect::<Vec<_>>(),
            "件",
        ),
        chart_data: charts::bars(
            &d.records_by_data
                .iter()
                .take(12)
                .map(|(k, n)| (view::data_label(k), *n))
                .collect::<Vec<_>>(),
            "",
        ),
        recent: recent
            .hits
            .iter()
            .map(|h| Row::new(&h.incident, String::new()))
            .collect(),
        late: late
            .hits
            .iter()
            .filter(|h| h.incident.disclosure_lag().is_some_and(|d| d > 0))
            .map(|h| Row::new(&h.incident, String::new()))
            .collect(),
        flags: flag_counts
            .iter()
            .map(|(c, n)| {
                (
                    c.as_str(),
                    c.label_ja(),
                    view::thousands(u64::try_from(*n).unwrap_or(0)),
                )
            })
            .collect(),
    };
    Ok(render(&page))
}
