//! Incidents counted by one dimension (`leakwatch stats --by …`).

use std::collections::BTreeMap;

use leakwatch_model::FlagCode;
use leakwatch_store::IncidentSummary;
use serde::Serialize;

use crate::{lag_days, median, month_of, records};

/// What to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The cause class.
    Cause,
    /// The month of disclosure (`YYYY-MM`).
    Month,
    /// Each kind of data affected (an incident counts once per kind).
    Data,
    /// The organisation where it happened.
    Org,
    /// The group: the parent company, else the organisation itself.
    Group,
}

impl By {
    /// The heading of the key column, in Japanese.
    pub fn title_ja(self) -> &'static str {
        match self {
            By::Cause => "原因",
            By::Month => "公表月",
            By::Data => "情報の種類",
            By::Org => "組織",
            By::Group => "グループ",
        }
    }
}

/// One line of a tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The key as stored (`malware`, `2025-03`, `credit_card`, an organisation).
    pub key: String,
    /// The key for people, in Japanese.
    pub label: String,
    /// Incidents.
    pub incidents: u64,
    /// Records, people or accounts affected, where stated.
    pub records: u64,
    /// Incidents with a stated count.
    pub with_count: u64,
    /// Incidents disclosed late.
    pub late: u64,
    /// Median days from knowing to disclosure, where both are known.
    pub median_lag_days: Option<i64>,
    /// Longest such lag.
    pub worst_lag_days: Option<i64>,
    /// Incidents whose report to the PPC was mandatory.
    pub ppc_required: u64,
}

fn keys(i: &IncidentSummary, by: By) -> Vec<(String, String)> {
    let unknown = || ("unknown".to_owned(), "不明".to_owned());
    match by {
        By::Cause => vec![i.cause.map_or_else(unknown, |c| {
            (c.as_str().to_owned(), c.label_ja().to_owned())
        })],
        By::Month => vec![month_of(i).map_or_else(unknown, |m| (m.clone(), m))],
        By::Data if i.data.is_empty() => vec![unknown()],
        By::Data => i
            .data
            .iter()
            .map(|d| (d.as_str().to_owned(), d.label_ja().to_owned()))
            .collect(),
        By::Org => vec![(i.organization.clone(), i.organization.clone())],
        By::Group => {
            let g = i.parent.clone().unwrap_or_else(|| i.organization.clone());
            vec![(g.clone(), g)]
        }
    }
}

/// Counts `list` by `by`: most incidents first (months in order).
pub fn tally(list: &[IncidentSummary], by: By) -> Vec<Row> {
    struct Acc {
        label: String,
        row: Row,
        lags: Vec<i64>,
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for i in list {
        let lag = lag_days(i);
        let rec = records(i);
        let has = |c: FlagCode| i.flags.iter().any(|f| f.code == c);
        for (key, label) in keys(i, by) {
            let a = acc.entry(key.clone()).or_insert_with(|| Acc {
                label: label.clone(),
                row: Row {
                    key,
                    label,
                    incidents: 0,
                    records: 0,
                    with_count: 0,
                    late: 0,
                    median_lag_days: None,
                    worst_lag_days: None,
                    ppc_required: 0,
                },
                lags: Vec::new(),
            });
            a.row.incidents += 1;
            a.row.records += rec.unwrap_or(0);
            a.row.with_count += u64::from(rec.is_some());
            a.row.late += u64::from(has(FlagCode::LateDisclosure));
            a.row.ppc_required += u64::from(has(FlagCode::PpcReportRequired));
            a.lags.extend(lag);
        }
    }
    let mut rows: Vec<Row> = acc
        .into_values()
        .map(|a| {
            let mut r = a.row;
            debug_assert_eq!(r.label, a.label);
            r.worst_lag_days = a.lags.iter().copied().max();
            r.median_lag_days = median(a.lags);
            r
        })
        .collect();
    if by != By::Month {
        rows.sort_by(|a, b| b.incidents.cmp(&a.incidents).then(a.key.cmp(&b.key)));
    }
    rows
}

#[cfg(test)]
pub(crate) mod tests {
    use leakwatch_model::{Cause, Count, DataKind, Flag, PartialDate};

    use super::*;

    pub(crate) fn incident(
        org: &str,
        cause: Option<Cause>,
        detected: &str,
        disclosed: &str,
    ) -> IncidentSummary {
        let date = |s: &str| s.parse::<PartialDate>().ok();
        IncidentSummary {
            id: 1,
            org_id: 1,
            organization: org.into(),
            cause,
            detected: date(detected),
            disclosed: date(disclosed),
            ..IncidentSummary::default()
        }
    }

    pub(crate) fn flagged(mut i: IncidentSummary, code: FlagCode) -> IncidentSummary {
        i.flags.push(Flag {
            code,
            reason_ja: String::new(),
            reason_en: String::new(),
            facts: Default::default(),
            incidents: Vec::new(),
            organizations: Vec::new(),
        });
        i
    }

    #[test]
    fn causes_data_groups_and_lags_add_up() {
        let mut a = incident(
            "株式会社A",
            Some(Cause::Malware),
            "2025-01-10",
            "2025-03-11",
        );
        a.counts = vec![
            Count {
                value: 1200,
                unit: "名".into(),
            },
            Count {
                value: 3,
                unit: "社".into(),
            },
        ];
        a.data = vec![DataKind::Name, DataKind::CreditCardNumber];
        a.parent = Some("Aホールディングス株式会社".into());
        let a = flagged(a, FlagCode::LateDisclosure);
        let mut b = incident(
            "株式会社B",
            Some(Cause::Malware),
            "2025-03-01",
            "2025-03-03",
        );
        b.data = vec![DataKind::Name];
        let c = incident("株式会社A", None, "", "2025-04-01");

        let list = [a, b, c];
        let by_cause = tally(&list, By::Cause);
        assert_eq!(by_cause[0].key, "malware");
        assert_eq!(by_cause[0].label, "マルウェア・ランサムウェア");
        assert_eq!(by_cause[0].incidents, 2);
        assert_eq!(by_cause[0].records, 1200);
        assert_eq!(by_cause[0].with_count, 1);
        assert_eq!(by_cause[0].late, 1);
        assert_eq!(by_cause[0].median_lag_days, Some(2));
        assert_eq!(by_cause[0].worst_lag_days, Some(60));
        assert_eq!(by_cause[1].label, "不明");

        let by_data = tally(&list, By::Data);
        let name = by_data.iter().find(|r| r.key == "name").expect("name");
        assert_eq!(name.incidents, 2);
        assert!(by_data.iter().any(|r| r.key == "unknown"));

        let by_month = tally(&list, By::Month);
        let months: Vec<&str> = by_month.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(months, ["2025-03", "2025-04"]);

        let by_group = tally(&list, By::Group);
        assert!(
            by_group
                .iter()
                .any(|r| r.key == "Aホールディングス株式会社")
        );
        assert_eq!(tally(&list, By::Org)[0].key, "株式会社A");
    }
}
