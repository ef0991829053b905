//! The monthly report (`leakwatch report --month YYYY-MM`): what was disclosed
//! that month, counted by cause and data kind, with the records affected, the
//! disclosure lags, and the incidents a careful reader looks at first — new
//! repeat offenders, silent parents, late disclosures and late PPC reports.

use askama::Template;
use leakwatch_model::FlagCode;
use leakwatch_store::IncidentSummary;
use serde::Serialize;

use crate::{By, Row, charts, lag_days, median, month_of, records, tally, thousands};

/// One incident as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The incident's id.
    pub id: i64,
    /// Where it happened.
    pub organization: String,
    /// Its cause, in Japanese.
    pub cause: String,
    /// Records affected, where stated.
    pub records: Option<u64>,
    /// Days from knowing to disclosure.
    pub lag_days: Option<i64>,
    /// Its flags, in Japanese.
    pub flags: Vec<String>,
    /// What the flag in question says, in Japanese (for the sections).
    pub reason: String,
}

impl Line {
    fn of(i: &IncidentSummary, reason: Option<FlagCode>) -> Line {
        Line {
            id: i.id,
            organization: i.organization.clone(),
            cause: i
                .cause
                .map_or_else(|| "不明".to_owned(), |c| c.label_ja().to_owned()),
            records: records(i),
            lag_days: lag_days(i),
            flags: i
                .flags
                .iter()
                .map(|f| f.code.label_ja().to_owned())
                .collect(),
            reason: reason
                .and_then(|c| i.flags.iter().find(|f| f.code == c))
                .map(|f| f.reason_ja.clone())
                .unwrap_or_default(),
        }
    }

    /// Records for people: `1,200` or `—`.
    pub fn records_text(&self) -> String {
        self.records.map_or_else(|| "—".to_owned(), thousands)
    }

    /// The lag for people: `60日` or `—`.
    pub fn lag_text(&self) -> String {
        self.lag_days
            .map_or_else(|| "—".to_owned(), |d| format!("{d}日"))
    }
}

/// The report of one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Monthly {
    /// `YYYY-MM`.
    pub month: String,
    /// Every incident disclosed that month, the most records first.
    pub incidents: Vec<Line>,
    /// Counted by cause.
    pub by_cause: Vec<Row>,
    /// Counted by data kind.
    pub by_data: Vec<Row>,
    /// Records affected, over the incidents that state a count.
    pub records: u64,
    /// Incidents that state a count.
    pub with_count: usize,
    /// Median days from knowing to disclosure.
    pub median_lag_days: Option<i64>,
    /// The longest lag and its incident.
    pub worst_lag: Option<Line>,
    /// Incidents that make their organisation or group a repeat offender.
    pub repeat_offenders: Vec<Line>,
    /// Incidents at subsidiaries whose parent said nothing.
    pub silent_parents: Vec<Line>,
    /// Incidents disclosed late.
    pub late_disclosures: Vec<Line>,
    /// Incidents whose report to the PPC was late or is not known.
    pub ppc_reports: Vec<Line>,
}

impl Monthly {
    /// The report of `month` (`YYYY-MM`) over `all` incidents.
    pub fn build(all: &[IncidentSummary], month: &str) -> Monthly {
        let list: Vec<IncidentSummary> = all
            .iter()
            .filter(|i| month_of(i).as_deref() == Some(month))
            .cloned()
            .collect();
        let with = |c: FlagCode| -> Vec<Line> {
            list.iter()
                .filter(|i| i.flags.iter().any(|f| f.code == c))
                .map(|i| Line::of(i, Some(c)))
                .collect()
        };
        let mut ppc_reports = with(FlagCode::PpcReportLate);
        ppc_reports.extend(with(FlagCode::PpcReportUnknown));
        let mut incidents: Vec<Line> = list.iter().map(|i| Line::of(i, None)).collect();
        incidents.sort_by(|a, b| b.records.cmp(&a.records).then(a.id.cmp(&b.id)));
        let worst_lag = list
            .iter()
            .filter_map(|i| Some((lag_days(i)?, i)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.id.cmp(&a.1.id)))
            .map(|(_, i)| Line::of(i, Some(FlagCode::LateDisclosure)));
        Monthly {
            month: month.to_owned(),
            by_cause: tally(&list, By::Cause),
            by_data: tally(&list, By::Data),
            records: list.iter().filter_map(records).sum(),
            with_count: list.iter().filter(|i| records(i).is_some()).count(),
            median_lag_days: median(list.iter().filter_map(lag_days).collect()),
            worst_lag,
            repeat_offenders: with(FlagCode::RepeatOffender),
            silent_parents: with(FlagCode::ParentSilent),
            late_disclosures: with(FlagCode::LateDisclosure),
            ppc_reports,
            incidents,
        }
    }

    /// The month for people: `2025年3月`.
    pub fn month_ja(&self) -> String {
        match self.month.split_once('-') {
            Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
            None => self.month.clone(),
        }
    }

    fn lag_summary(&self) -> String {
        let median = self
            .median_lag_days
            .map_or_else(|| "—".to_owned(), |d| format!("{d}日"));
        let worst = self.worst_lag.as_ref().map_or_else(
            || "—".to_owned(),
            |l| format!("{}({})", l.lag_text(), l.organization),
        );
        format!("中央値 {median}、最長 {worst}")
    }

    /// The report as Markdown (GitHub tables).
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let push = |s: &mut String, line: String| {
            s.push_str(&line);
            s.push('\n');
        };
        push(
            &mut s,
            format!("# 情報漏えい月次レポート {}\n", self.month_ja()),
        );
        push(
            &mut s,
            format!(
                "- 公表された事案: {}件\n- 影響を受けた件数・人数(件数を公表した{}件の合計): {}\n- 公表までの日数: {}\n",
                self.incidents.len(),
                self.with_count,
                thousands(self.records),
                md(&self.lag_summary())
            ),
        );
        for (title, rows) in [("原因別", &self.by_cause), ("情報の種類別", &self.by_data)]
        {
            push(&mut s, format!("## {title}\n"));
            push(&mut s, "| 区分 | 事案 | 件数・人数 | 公表遅れ |".to_owned());
            push(&mut s, "| --- | ---: | ---: | ---: |".to_owned());
            for r in rows.iter() {
                push(
                    &mut s,
                    format!(
                        "| {} | {} | {} | {} |",
                        md(&r.label),
                        r.incidents,
                        thousands(r.records),
                        r.late
                    ),
                );
            }
            s.push('\n');
        }
        for (title, lines) in self.sections() {
            push(&mut s, format!("## {title}\n"));
            if lines.is_empty() {
                push(&mut s, "該当なし\n".to_owned());
                continue;
            }
            for l in lines {
                push(
                    &mut s,
                    format!("- #{} {}: {}", l.id, md(&l.organization), md(&l.reason)),
                );
            }
            s.push('\n');
        }
        push(&mut s, "## 事案一覧\n".to_owned());
        push(
            &mut s,
            "| # | 組織 | 原因 | 件数・人数 | 公表まで | 注意点 |".to_owned(),
        );
        push(
            &mut s,
            "| ---: | --- | --- | ---: | ---: | --- |".to_owned(),
        );
        for l in &self.incidents {
            push(
                &mut s,
                format!(
                    "| {} | {} | {} | {} | {} | {} |",
                    l.id,
                    md(&l.organization),
                    md(&l.cause),
                    l.records_text(),
                    l.lag_text(),
                    md(&l.flags.join("、"))
                ),
            );
        }
        s
    }

    /// The sections of incidents to look at, with their Japanese titles.
    pub fn sections(&self) -> [(&'static str, &Vec<Line>); 4] {
        [
            ("新たな繰り返し事案", &self.repeat_offenders),
            ("親会社が公表していない事案", &self.silent_parents),
            ("公表が遅れた事案", &self.late_disclosures),
            (
                "個人情報保護委員会への報告が遅れた・不明な事案",
                &self.ppc_reports,
            ),
        ]
    }

    /// The report as a standalone HTML page with SVG charts (document text escaped).
    pub fn to_html(&self) -> String {
        let page = Page {
            r: self,
            title: format!("情報漏えい月次レポート {}", self.month_ja()),
            lag: self.lag_summary(),
            records: thousands(self.records),
            chart_cause: charts::bars(&chart_rows(&self.by_cause), "件"),
            chart_data: charts::bars(&chart_rows(&self.by_data), "件"),
        };
        page.render().unwrap_or_else(|e| {
            tracing::warn!(error = %e, "report template failed");
            String::new()
        })
    }
}

fn chart_rows(rows: &[Row]) -> Vec<(String, u64)> {
    rows.iter()
        .map(|r| (r.label.clone(), r.incidents))
        .collect()
}

/// Text inside a Markdown table cell or list item: no table breaks, no markup.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    r: &'a Monthly,
    title: String,
    lag: String,
    records: String,
    /// SVG from plotters (its text escaped by the backend).
    chart_cause: String,
    chart_data: String,
}

#[cfg(test)]
mod tests {
    use leakwatch_model::Cause;

    use super::*;
    use crate::tally::tests::{flagged, incident};

    fn sample() -> Vec<IncidentSummary> {
        let mut a = incident(
            "株式会社<b>A|B</b>",
            Some(Cause::Malware),
            "2025-01-10",
            "2025-03-11",
        );
        a.id = 7;
        let a = flagged(a, FlagCode::LateDisclosure);
        let mut b = incident(
            "株式会社B",
            Some(Cause::Misdelivery),
            "2025-03-01",
            "2025-03-03",
        );
        b.id = 8;
        let b = flagged(b, FlagCode::RepeatOffender);
        let mut c = incident("株式会社C", None, "", "2025-04-01");
        c.id = 9;
        vec![a, b, c]
    }

    #[test]
    fn a_month_holds_its_incidents_only() {
        let m = Monthly::build(&sample(), "2025-03");
        assert_eq!(m.incidents.len(), 2);
        assert_eq!(m.median_lag_days, Some(2));
        assert_eq!(m.worst_lag.as_ref().map(|l| l.id), Some(7));
        assert_eq!(m.late_disclosures.len(), 1);
        assert_eq!(m.repeat_offenders.len(), 1);
        assert_eq!(m.month_ja(), "2025年3月");
    }

    #[test]
    fn markdown_and_html_escape_what_documents_say() {
        let m = Monthly::build(&sample(), "2025-03");
        let md = m.to_markdown();
        assert!(md.contains("# 情報漏えい月次レポート 2025年3月"), "{md}");
        assert!(md.contains("株式会社\\<b\\>A\\|B\\</b\\>"), "{md}");
        assert!(md.contains("## 原因別"));
        let html = m.to_html();
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(!html.contains("<b>A"), "{html}");
        assert!(
            html.contains("株式会社&#60;b&#62;A|B&#60;/b&#62;"),
            "{html}"
        );
        assert!(html.contains("<svg"), "charts are drawn");
        assert!(html.contains("マルウェア・ランサムウェア"));
    }

    #[test]
    fn an_empty_month_still_makes_a_report() {
        let m = Monthly::build(&sample(), "2024-01");
        assert!(m.incidents.is_empty());
        assert!(m.to_markdown().contains("該当なし"));
        assert!(m.to_html().contains("データがありません"));
    }
}
