//! `/orgs/{name}`: an organisation, its group tree and the group's incidents.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use leakwatch_store::GroupNode;

use super::{PageError, render};
use crate::reject::PathText;
use crate::view::{self, Row};
use crate::{ApiError, AppState, charts};

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
