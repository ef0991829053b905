//! What the stored incidents add up to: tallies by cause, month, data kind,
//! organisation and group ([`tally`]), the monthly report ([`Monthly`]) in
//! Markdown and HTML, and the SVG charts the dashboard and the report draw
//! ([`charts`]), and the Atom feed of an alert rule ([`alert_feed`]).
//!
//! Pure: incidents as the store lists them in, tables and text out.
//!
//! ```
//! use leakwatch_report::{By, tally};
//! let rows = tally(&[], By::Cause);
//! assert!(rows.is_empty());
//! ```

mod alerts;
pub mod charts;
mod monthly;
mod tally;

pub use alerts::alert_feed;
pub use monthly::{Line, Monthly};
pub use tally::{By, Row, tally};

use leakwatch_model::{Count, PartialDate};
use leakwatch_store::IncidentSummary;

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// When it was first told: the stated disclosure, else the earliest document.
pub fn disclosed(i: &IncidentSummary) -> Option<PartialDate> {
    let first = i
        .documents
        .iter()
        .filter_map(|d| d.published.as_deref()?.parse::<PartialDate>().ok())
        .min();
    match (i.disclosed, first) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Days from knowing (detection, else occurrence) to the disclosure, as the
/// dashboard and the search index count them ([`IncidentSummary::disclosure_lag`]).
pub fn lag_days(i: &IncidentSummary) -> Option<i64> {
    i.disclosure_lag()
}

/// How many records, people or accounts it touched: the largest stated count
/// of a counter word for persons or records (not companies or items).
pub fn records(i: &IncidentSummary) -> Option<u64> {
    Count::most_persons(&i.counts)
}

/// The month it belongs to in reports (`YYYY-MM`): when it was disclosed,
/// else when it happened or was found.
pub fn month_of(i: &IncidentSummary) -> Option<String> {
    let d = disclosed(i).or(i.detected).or(i.occurred)?;
    Some(format!("{:04}-{:02}", d.year, d.month))
}

/// The median of some numbers (the lower middle one of an even count).
fn median(mut v: Vec<i64>) -> Option<i64> {
    v.sort_unstable();
    if v.is_empty() {
        None
    } else {
        Some(v[(v.len() - 1) / 2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_medians() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
        assert_eq!(median(vec![5, 1, 9]), Some(5));
        assert_eq!(median(vec![4, 1, 9, 7]), Some(4));
        assert_eq!(median(Vec::new()), None);
    }
}
