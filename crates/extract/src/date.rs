//! Date expressions and their resolution.
//!
//! [`find_dates`] lists every date expression of normalised text:
//! `2021年7月15日(水)`, `令和3年7月15日`, `2021/7/15`, `7/15`, `7月15日`, `15日`,
//! `今年1月`, `昨年10月`, `4月`, `同日`, `翌日`, `翌々日`, `同月末` … Each is kept
//! unresolved ([`DateExpr`]) until [`Resolver::resolve`] reads it against the
//! publication date, the year a heading or an earlier date set, and the date
//! mentioned just before it (for `同日`, `翌々日`).

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate};
use leakwatch_model::PartialDate;
use regex::Regex;

/// A date as written, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// Year given: `2021年7月15日`, `令和3年7月`, `2021/7/15`.
    Full {
        year: i32,
        month: u32,
        day: Option<u32>,
    },
    /// Year relative to publication: `今年1月` (0), `昨年10月` (-1).
    RelYear {
        offset: i32,
        month: u32,
        day: Option<u32>,
    },
    /// `同年5月`: the year of the date before.
    SameYear { month: u32, day: Option<u32> },
    /// `7/15`, `7月15日`, `4月`: no year.
    MonthDay { month: u32, day: Option<u32> },
    /// `15日`: no month.
    Day(u32),
    /// `同日` (0), `翌日` (1), `翌々日` (2), `前日` (-1): relative to the date before.
    DayOffset(i64),
    /// `同月`, `同月末` (0), `翌月` (1): relative to the date before, month precision.
    MonthOffset(i32),
    /// `本日`: the publication date.
    Today,
    /// `今月` (0), `先月` (-1): relative to publication, month precision.
    PubMonth(i32),
}

impl DateExpr {
    /// Whether the expression names its own year.
    pub fn has_year(&self) -> bool {
        matches!(self, DateExpr::Full { .. } | DateExpr::RelYear { .. })
    }
}

/// A date expression found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range in the normalised text (weekday in brackets included).
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// What it says.
    pub expr: DateExpr,
}

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<era>令和|平成|昭和)(?P<eray>元|\d{1,2})年(?:度)?(?:(?P<em>\d{1,2})月(?:(?P<ed>\d{1,2})日)?)?
        | (?P<y>(?:19|20)\d{2})年(?:度)?(?P<ym>\d{1,2})月(?:(?P<yd>\d{1,2})日)?
        | (?P<iy>(?:19|20)\d{2})[/.\-](?P<im>\d{1,2})[/.\-](?P<id>\d{1,2})
        | (?P<rel>今年|本年|昨年|去年|前年|一昨年|昨年度|今年度|同年)(?:度)?(?P<rm>\d{1,2})月(?:(?P<rd>\d{1,2})日)?
        | (?P<mdm>\d{1,2})月(?P<mdd>\d{1,2})日
        | (?P<slm>\d{1,2})/(?P<sld>\d{1,2})
        | (?P<m>\d{1,2})月
        | (?P<d>\d{1,2})日
        | (?P<word>同日|翌々日|翌日|翌朝|前日|当日|本日|同月|翌月|前月|先月|今月)
        | (?P<hours>\d{1,2})時間後
        ",
    )
    .expect("date pattern compiles")
});

fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn num(caps: &regex::Captures<'_>, name: &str) -> Option<u32> {
    caps.name(name).and_then(|m| m.as_str().parse().ok())
}

/// Every date expression in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    let mut out = Vec::new();
    for caps in DATE_RE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let (start, mut end) = (whole.start(), whole.end());
        let before = prev_char(text, start);
        let after = &text[end..];
        let starts_with_digit = whole.as_str().starts_with(|c: char| c.is_ascii_digit());
        if starts_with_digit
            && before
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '/' | '.' | ',' | '-' | ':'))
        {
            continue;
        }
        let expr = if let Some(era) = caps.name("era") {
            let base = match era.as_str() {
                "令和" => 2018,
                "平成" => 1988,
                _ => 1925,
            };
            let y = match caps.name("eray").map(|m| m.as_str()) {
                Some("元") => 1,
                Some(s) => s.parse().unwrap_or(0),
                None => 0,
            };
            match num(&caps, "em") {
                Some(month) => DateExpr::Full {
                    year: base + y,
                    month,
                    day: num(&caps, "ed"),
                },
                None => continue, // a bare era year is not a date here
            }
        } else if let (Some(year), Some(month)) = (num(&caps, "y"), num(&caps, "ym")) {
            DateExpr::Full {
                year: year as i32,
                month,
                day: num(&caps, "yd"),
            }
        } else if let (Some(year), Some(month), Some(day)) =
            (num(&caps, "iy"), num(&caps, "im"), num(&caps, "id"))
        {
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            DateExpr::Full {
                year: year as i32,
                month,
                day: Some(day),
            }
        } else if let (Some(rel), Some(month)) = (caps.name("rel"), num(&caps, "rm")) {
            let day = num(&caps, "rd");
            match rel.as_str() {
                "同年" => DateExpr::SameYear { month, day },
                "今年" | "本年" | "今年度" => DateExpr::RelYear {
                    offset: 0,
                    month,
                    day,
                },
                "一昨年" => DateExpr::RelYear {
                    offset: -2,
                    month,
                    day,
                },
                _ => DateExpr::RelYear {
                    offset: -1,
                    month,
                    day,
                },
            }
        } else if let (Some(month), Some(day)) = (num(&caps, "mdm"), num(&caps, "mdd")) {
            DateExpr::MonthDay {
                month,
                day: Some(day),
            }
        } else if let (Some(month), Some(day)) = (num(&caps, "slm"), num(&caps, "sld")) {
            // 7/15 but not 1/3 of a fraction, a version 1/2/3 or a URL.
            if after.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '/' | '%')) {
                continue;
            }
            DateExpr::MonthDay {
                month,
                day: Some(day),
            }
        } else if let Some(month) = num(&caps, "m") {
            // 3月期 is a fiscal period; 1か月 never matches here.
            if after.starts_with("期") || after.starts_with("度") {
                continue;
            }
            DateExpr::MonthDay { month, day: None }
        } else if let Some(day) = num(&caps, "d") {
            if ["間", "以内", "後", "前", "程度", "ぶり", "連続", "分", "超"]
                .iter()
                .any(|s| after.starts_with(s))
            {
                continue;
            }
            DateExpr::Day(day)
        } else if let Some(h) = num(&caps, "hours") {
            // 送信から約1時間後: the same day, as far as dates go.
            if h >= 24 {
                continue;
            }
            DateExpr::DayOffset(0)
        } else if let Some(word) = caps.name("word") {
            match word.as_str() {
                "同日" | "当日" => DateExpr::DayOffset(0),
                "翌日" | "翌朝" => DateExpr::DayOffset(1),
                "翌々日" => DateExpr::DayOffset(2),
                "前日" => DateExpr::DayOffset(-1),
                "本日" => DateExpr::Today,
                "同月" => DateExpr::MonthOffset(0),
                "翌月" => DateExpr::MonthOffset(1),
                "前月" => DateExpr::MonthOffset(-1),
                "先月" => DateExpr::PubMonth(-1),
                _ => DateExpr::PubMonth(0),
            }
        } else {
            continue;
        };
        if !plausible(&expr) {
            continue;
        }
        // 2020年3月期, 令和5年3月度: a fiscal period, not a date.
        if matches!(
            expr,
            DateExpr::Full { day: None, .. } | DateExpr::RelYear { day: None, .. }
        ) && (after.starts_with('期') || after.starts_with('度'))
        {
            continue;
        }
        // Keep a weekday in brackets with the date: 7月15日(水).
        if let Some(wd) = WEEKDAY_RE.find(after) {
            end += wd.end();
        }
        out.push(DateMention { start, end, expr });
    }
    out
}

static WEEKDAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\((?:月|火|水|木|金|土|日)(?:曜日?)?\)").expect("weekday pattern compiles")
});

fn plausible(e: &DateExpr) -> bool {
    let md =
        |m: u32, d: Option<u32>| (1..=12).contains(&m) && d.is_none_or(|d| (1..=31).contains(&d));
    match *e {
        DateExpr::Full { year, month, day } => (1900..=2100).contains(&year) && md(month, day),
        DateExpr::RelYear { month, day, .. }
        | DateExpr::SameYear { month, day }
        | DateExpr::MonthDay { month, day } => md(month, day),
        DateExpr::Day(d) => (1..=31).contains(&d),
        _ => true,
    }
}

/// Resolves date expressions in reading order.
#[derive(Debug, Clone)]
pub struct Resolver {
    published: NaiveDate,
    /// The year a heading (`2020年6月`) or an explicit date sets for yearless dates after it.
    pub year_hint: Option<i32>,
    /// The last date resolved, for `同日` and `15日`.
    pub anchor: Option<PartialDate>,
    /// The last date written out (not relative), for `翌日` and `翌々日`:
    /// `5/15に…、その翌日に…、翌々日には…` counts both from 5/15.
    pub base: Option<PartialDate>,
}

fn to_partial(d: NaiveDate) -> PartialDate {
    PartialDate::ymd(d.year(), d.month(), d.day())
}

fn valid(year: i32, month: u32, day: Option<u32>) -> Option<PartialDate> {
    match day {
        Some(d) => NaiveDate::from_ymd_opt(year, month, d).map(to_partial),
        None => (1..=12)
            .contains(&month)
            .then_some(PartialDate::ym(year, month)),
    }
}

impl Resolver {
    /// A resolver for a document published on `published`.
    pub fn new(published: NaiveDate) -> Self {
        Resolver {
            published,
            year_hint: None,
            anchor: None,
            base: None,
        }
    }

    /// The publication date.
    pub fn published(&self) -> NaiveDate {
        self.published
    }

    fn pub_partial(&self) -> PartialDate {
        to_partial(self.published)
    }

    /// Resolves `e` and, when it resolves, makes it the anchor for what follows.
    pub fn resolve(&mut self, e: DateExpr) -> Option<PartialDate> {
        let r = self.peek(e)?;
        self.anchor = Some(r);
        if !matches!(e, DateExpr::DayOffset(_)) {
            self.base = Some(r);
        }
        if e.has_year() {
            self.year_hint = Some(r.year);
        }
        Some(r)
    }

    /// Resolves `e` without moving the anchor.
    pub fn peek(&self, e: DateExpr) -> Option<PartialDate> {
        let published = self.pub_partial();
        match e {
            DateExpr::Full { year, month, day } => valid(year, month, day),
            DateExpr::RelYear { offset, month, day } => {
                valid(self.published.year() + offset, month, day)
            }
            DateExpr::SameYear { month, day } => {
                let year = self
                    .anchor
                    .map(|a| a.year)
                    .or(self.year_hint)
                    .unwrap_or(published.year);
                valid(year, month, day)
            }
            DateExpr::MonthDay { month, day } => {
                // A year hint never puts a date after publication (a fiscal year
                // `2025年3月期` before `4月13日` is no year of events).
                if let Some(year) = self
                    .year_hint
                    .filter(|&y| valid(y, month, day).is_some_and(|d| cmp_le(&d, &published)))
                {
                    let d = valid(year, month, day)?;
                    // 12月20日 … 1月5日 under a year hint runs into the next year.
                    if let Some(a) = self.anchor
                        && a.year == year
                        && a.month >= month + 6
                        && valid(year + 1, month, day).is_some_and(|n| n <= published)
                    {
                        return valid(year + 1, month, day);
                    }
                    return Some(d);
                }
                // Without a year: the latest such date not after publication.
                let this_year = valid(published.year, month, day)?;
                if cmp_le(&this_year, &published) {
                    Some(this_year)
                } else {
                    valid(published.year - 1, month, day)
                }
            }
            DateExpr::Day(day) => {
                let base = match self.anchor {
                    Some(a) => a,
                    None => published,
                };
                let d = valid(base.year, base.month, Some(day))?;
                // `30日に気付き、8日に報告した`: a narrative runs forward, so a day
                // before the anchor's is in the next month (when that is not after publication).
                if let Some(a) = self.anchor
                    && a.day.is_some_and(|ad| day < ad)
                    && let Some(first) = NaiveDate::from_ymd_opt(a.year, a.month, 1)
                    && let Some(next) = first.checked_add_months(Months::new(1))
                    && let Some(n) = valid(next.year(), next.month(), Some(day))
                    && cmp_le(&n, &published)
                {
                    return Some(n);
                }
                // A day is never after publication: `28日` in an article of the 3rd is last month's.
                if !cmp_le(&d, &published) {
                    let prev = NaiveDate::from_ymd_opt(base.year, base.month, 1)?
                        .checked_sub_months(Months::new(1))?;
                    return valid(prev.year(), prev.month(), Some(day));
                }
                Some(d)
            }
            DateExpr::DayOffset(n) => {
                let a = if n == 0 {
                    self.anchor?
                } else {
                    self.base.or(self.anchor)?
                };
                let day = a.day?;
                let base = NaiveDate::from_ymd_opt(a.year, a.month, day)?;
                let moved = if n >= 0 {
                    base.checked_add_days(Days::new(n as u64))?
                } else {
                    base.checked_sub_days(Days::new(n.unsigned_abs()))?
                };
                Some(to_partial(moved))
            }
            DateExpr::MonthOffset(n) => {
                let a = self.anchor?;
                shift_month(a.year, a.month, n)
            }
            DateExpr::Today => Some(published),
            DateExpr::PubMonth(n) => shift_month(published.year, published.month, n),
        }
    }
}

fn shift_month(year: i32, month: u32, by: i32) -> Option<PartialDate> {
    let idx = year * 12 + month as i32 - 1 + by;
    Some(PartialDate::ym(
        idx.div_euclid(12),
        (idx.rem_euclid(12) + 1) as u32,
    ))
}

/// `a <= b`, a month comparing as its first day.
pub fn cmp_le(a: &PartialDate, b: &PartialDate) -> bool {
    (a.year, a.month, a.day.unwrap_or(1)) <= (b.year, b.month, b.day.unwrap_or(1))
}

/// A sort key: a month sorts before its days.
pub fn sort_key(a: &PartialDate) -> (i32, u32, u32) {
    (a.year, a.month, a.day.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_all(text: &str, published: &str) -> Vec<String> {
        let mut r = Resolver::new(published.parse().unwrap());
        find_dates(text)
            .into_iter()
            .filter_map(|m| r.resolve(m.expr))
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn absolute_and_era_dates() {
        assert_eq!(
            resolve_all("2021年7月15日(水)", "2021-08-01"),
            ["2021-07-15"]
        );
        assert_eq!(
            resolve_all("令和3年7月15日と平成31年4月1日、令和元年5月", "2021-08-01"),
            ["2021-07-15", "2019-04-01", "2019-05"]
        );
        assert_eq!(resolve_all("2021/7/15", "2021-08-01"), ["2021-07-15"]);
    }

    #[test]
    fn yearless_dates_take_the_latest_past_year() {
        assert_eq!(resolve_all("5/12", "2021-06-08"), ["2021-05-12"]);
        assert_eq!(resolve_all("12/28", "2021-01-10"), ["2020-12-28"]);
        assert_eq!(
            resolve_all("今年1月から7月", "2020-09-15"),
            ["2020-01", "2020-07"]
        );
        assert_eq!(resolve_all("昨年10月", "2020-09-15"), ["2019-10"]);
    }

    #[test]
    fn relative_days_follow_the_date_before() {
        assert_eq!(
            resolve_all("5/21、…その翌々日", "2021-07-19"),
            ["2021-05-21", "2021-05-23"]
        );
        assert_eq!(
            resolve_all("7/20、11時45分頃から同日13時頃", "2020-07-22"),
            ["2020-07-20", "2020-07-20"]
        );
        assert_eq!(
            resolve_all("3月31日の翌日", "2021-05-01"),
            ["2021-03-31", "2021-04-01"]
        );
        assert_eq!(resolve_all("本日", "2021-05-01"), ["2021-05-01"]);
        // 翌日 and 翌々日 in a row both count from the date written out.
        assert_eq!(
            resolve_all("5/15に…その翌日に…翌々日には…同日中に", "2023-05-22"),
            ["2023-05-15", "2023-05-16", "2023-05-17", "2023-05-17"]
        );
        assert_eq!(
            resolve_all("4月9日夜…翌朝", "2024-04-12"),
            ["2024-04-09", "2024-04-10"]
        );
    }

    #[test]
    fn a_heading_year_carries() {
        let mut r = Resolver::new("2021-01-18".parse().unwrap());
        r.year_hint = Some(2020);
        let got: Vec<String> = find_dates("6/2 … 4月以降")
            .into_iter()
            .filter_map(|m| r.resolve(m.expr))
            .map(|d| d.to_string())
            .collect();
        assert_eq!(got, ["2020-06-02", "2020-04"]);
    }

    #[test]
    fn not_dates() {
        assert!(find_dates("2020年3月期の決算").is_empty());
        // 1/3 may well be January 3rd; spans of time are not dates.
        assert!(find_dates("3日間、72時間、5日以内").is_empty());
        assert!(find_dates("令和3年度").is_empty());
        assert!(find_dates("13/45").is_empty());
    }
}
