//! The HTML pages: overview, incident list (search), incident, organisation.
//!
//! Each handler gathers what its page shows into a template struct of plain
//! strings and lists (see `view`); askama escapes every `{{ }}`. The only
//! unescaped inserts are snippets (escaped by tantivy, `<mark>` added) and
//! charts (SVG drawn here, text escaped by plotters).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use leakwatch_search::Sort;
use leakwatch_store::{GroupNode, StoredFact};

use crate::api::{parse_id, search_page};
use crate::reject::{PathText, Query};
use crate::view::{self, Row, Segment};
use crate::{ApiError, AppState, ListParams, charts};

/// An error shown as a page.
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    q: String,
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, _) = self.0.parts();
        if status.is_server_error() {
            tracing::error!(error = %self.0, "page failed");
        }
        let page = ErrorPage {
            q: String::new(),
            status: status.as_u16(),
            message: match status {
                StatusCode::NOT_FOUND => "ページが見つかりません。".to_owned(),
                StatusCode::SERVICE_UNAVAILABLE => {
                    "データベースに接続できません。しばらくしてから再度お試しください。".to_owned()
                }
                s if s.is_server_error() => "サーバーでエラーが発生しました。".to_owned(),
                _ => format!("リクエストに誤りがあります: {}", self.0.public_message()),
            },
        };
        (status, render(&page)).into_response()
    }
}

/// The stylesheet of every page (served as a file: the pages' policy allows no inline style).
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../templates/app.css"),
    )
}

fn render<T: Template>(t: &T) -> Html<String> {
    Html(t.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template failed");
        "<!doctype html><title>error</title><p>表示に失敗しました。".to_owned()
    }))
}

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
    };
    Ok(render(&page))
}

struct FacetItem {
    label: String,
    count: u64,
    url: String,
    active: bool,
}

struct FacetView {
    title: &'static str,
    items: Vec<FacetItem>,
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct ListPage {
    q: String,
    total: String,
    rows: Vec<Row>,
    facets: Vec<FacetView>,
    sorts: Vec<(String, &'static str, bool)>,
    hidden: Vec<(&'static str, String)>,
    active: Vec<(String, String)>,
    page: usize,
    pages: usize,
    prev_url: String,
    next_url: String,
    feed_url: String,
}

/// The parameters as `(name, value)` pairs, in a fixed order.
fn pairs(p: &ListParams) -> Vec<(&'static str, String)> {
    [
        ("q", &p.q),
        ("cause", &p.cause),
        ("data", &p.data),
        ("year", &p.year),
        ("org", &p.org),
        ("group", &p.group),
        ("source", &p.source),
        ("since", &p.since),
        ("until", &p.until),
        ("sort", &p.sort),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.clone().filter(|v| !v.is_empty()).map(|v| (k, v)))
    .collect()
}

/// `/incidents?…` with `key` set to `value` (or removed when `None`) and the page reset.
fn url_with(p: &ListParams, key: &'static str, value: Option<&str>, page: Option<usize>) -> String {
    let mut kv: Vec<(&str, String)> = pairs(p).into_iter().filter(|(k, _)| *k != key).collect();
    if let Some(v) = value {
        kv.push((key, v.to_owned()));
    }
    if let Some(n) = page.filter(|n| *n > 1) {
        kv.push(("page", n.to_string()));
    }
    let qs = serde_urlencoded::to_string(&kv).unwrap_or_default();
    if qs.is_empty() {
        "/incidents".into()
    } else {
        format!("/incidents?{qs}")
    }
}

pub async fn incidents(
    State(s): State<AppState>,
    query: Result<Query<ListParams>, ApiError>,
) -> Result<Html<String>, PageError> {
    let Query(p) = query?;
    let limit = p.limit();
    let found = search_page(&s, &p).await?;
    let page = p.offset() / limit + 1;
    let pages = found.total.div_ceil(limit).max(1);
    let q = p.q.clone().unwrap_or_default();
    let rows = found
        .hits
        .iter()
        .map(|h| Row::new(&h.incident, h.snippet_html.clone()))
        .collect();
    let mut facets = Vec::new();
    for name in leakwatch_search::FACETS {
        let current = pairs(&p)
            .into_iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v);
        let items: Vec<FacetItem> = found
            .facets
            .get(name)
            .map(|values| {
                values
                    .iter()
                    .take(12)
                    .map(|v| {
                        let active = current.as_deref() == Some(v.value.as_str());
                        FacetItem {
                            label: view::facet_label(name, &v.value),
                            count: v.count,
                            url: url_with(&p, name, (!active).then_some(v.value.as_str()), None),
                            active,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !items.is_empty() {
            facets.push(FacetView {
                title: view::facet_title(name),
                items,
            });
        }
    }
    let current_sort = p.sort.clone().unwrap_or_else(|| {
        if q.trim().is_empty() {
            "newest"
        } else {
            "relevance"
        }
        .to_owned()
    });
    let sorts = Sort::ALL
        .iter()
        .map(|x| {
            let label = match x {
                Sort::Relevance => "関連度順",
                Sort::Newest => "公表日の新しい順",
                Sort::Oldest => "公表日の古い順",
                Sort::Records => "影響件数の多い順",
                Sort::Lag => "公表までの日数の長い順",
            };
            (x.as_str().to_owned(), label, x.as_str() == current_sort)
        })
        .collect();
    let active = pairs(&p)
        .into_iter()
        .filter(|(k, _)| *k != "q" && *k != "sort")
        .map(|(k, v)| {
            (
                format!("{}: {}", view::facet_title(k), view::facet_label(k, &v)),
                url_with(&p, k, None, None),
            )
        })
        .collect();
    let hidden = pairs(&p)
        .into_iter()
        .filter(|(k, _)| *k != "q" && *k != "sort")
        .collect();
    let page_url = |n: usize| url_with(&p, "page", None, Some(n));
    let feed_qs = serde_urlencoded::to_string(pairs(&p)).unwrap_or_default();
    let out = ListPage {
        total: view::thousands(found.total as u64),
        rows,
        facets,
        sorts,
        hidden,
        active,
        page,
        pages,
        prev_url: if page > 1 {
            page_url(page - 1)
        } else {
            String::new()
        },
        next_url: if page < pages {
            page_url(page + 1)
        } else {
            String::new()
        },
        feed_url: if feed_qs.is_empty() {
            "/feed.atom".into()
        } else {
            format!("/feed.atom?{feed_qs}")
        },
        q,
    };
    Ok(render(&out))
}

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
    let d = s
        .store
        .incident(id)
        .await
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::NotFound(format!("no incident {id}")))?;
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
            role: view::role_label(&doc.role),
            reason: doc.reason.clone(),
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
            value: match f.field.as_str() {
                "cause" => view::cause_label(&f.value),
                "data" => view::data_label(&f.value),
                _ => f.value.clone(),
            },
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
        cause_detail: d.detail.cause_detail.join("、"),
        related: d
            .detail
            .related
            .iter()
            .map(|r| (r.name.clone(), view::org_url(&r.name), r.role.clone()))
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
    };
    Ok(render(&page))
}

struct TreeLine {
    depth: usize,
    /// The indentation class (`d0`…`d5`; deeper levels indent as five).
    depth_class: usize,
    name: String,
    url: String,
    current: bool,
}

fn flatten(node: &GroupNode, depth: usize, current: i64, out: &mut Vec<TreeLine>) {
    out.push(TreeLine {
        depth,
        depth_class: depth.min(5),
        name: node.org.name.clone(),
        url: view::org_url(&node.org.name),
        current: node.org.id == current,
    });
    for c in &node.children {
        flatten(c, depth + 1, current, out);
    }
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    q: String,
    name: String,
    aliases: String,
    code: String,
    tree: Vec<TreeLine>,
    chart: String,
    rows: Vec<Row>,
    group_url: String,
}

pub async fn organization(
    State(s): State<AppState>,
    path: Result<PathText, ApiError>,
) -> Result<Html<String>, PageError> {
    let PathText(name) = path?;
    let v = s
        .store
        .org(&name)
        .await
        .map_err(ApiError::from)?
        .ok_or_else(|| ApiError::NotFound(format!("no organisation called {name:?}")))?;
    let mut tree = Vec::new();
    flatten(&v.group, 0, v.org.id, &mut tree);
    let mut per_year: std::collections::BTreeMap<i32, u64> = Default::default();
    for i in &v.incidents {
        if let Some(d) = i.disclosed.or(i.occurred) {
            *per_year.entry(d.year).or_default() += 1;
        }
    }
    let chart = charts::bars(
        &per_year
            .iter()
            .map(|(y, n)| (format!("{y}年"), *n))
            .collect::<Vec<_>>(),
        "件",
    );
    let page = OrgPage {
        q: String::new(),
        group_url: format!("/incidents?org={}", view::encode(&v.org.name)),
        name: v.org.name.clone(),
        aliases: v.org.aliases.join("、"),
        code: v
            .org
            .securities_code
            .iter()
            .chain(v.org.market.iter())
            .cloned()
            .collect::<Vec<_>>()
            .join(" "),
        tree,
        chart,
        rows: v
            .incidents
            .iter()
            .map(|i| Row::new(i, String::new()))
            .collect(),
    };
    Ok(render(&page))
}
