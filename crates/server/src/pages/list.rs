//! `/incidents`: the incident list and search in one — facets, sort, paging.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use leakwatch_search::Sort;

use super::{PageError, render};
use crate::api::search_page;
use crate::reject::Query;
use crate::view::{self, Row};
use crate::{ApiError, AppState, ListParams};

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
        ("flag", &p.flag),
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
