//! The linking rule: does a newly read incident belong to an incident already stored?
//!
//! Disclosures of one event arrive over months and from several hands: the first
//! お詫び, its 第2報 and 第3報, a timely-disclosure notice of the special loss,
//! the system provider's own notice about the same attack, news articles. Each
//! is extracted on its own; this module decides which stored incident, if any,
//! a new reading joins. It is pure: the store hands it candidates and applies
//! its verdict.
//!
//! The rule, in order:
//!
//! 1. **Who.** A candidate is an incident of the same organisation (same
//!    normalised name or alias), or one where either side names the other as a
//!    related party (provider, contractor, affected subsidiary, parent).
//! 2. **How.** The causes must agree; a side without a cause, or with `other`,
//!    agrees with anything.
//! 3. **When.** The event dates must agree: an `occurred` or `detected` date of
//!    one equals one of the other's (a month-only date agrees with any day in it),
//!    or the new reading names the candidate's disclosure day (a 第2報 citing the
//!    first report, a special-loss notice citing the earlier announcement).
//!    Event dates that both sides state and that all disagree mean a different
//!    event: the organisation's next mis-sent mail is a new incident.
//! 4. **Follow-ups without dates.** A reading that states no event date at all
//!    but is a follow-up (第N報 with N > 1, or a special-loss notice) joins the
//!    organisation's latest incident of the same cause disclosed within a year
//!    before it.
//!
//! Among the candidates that pass, the one with the most agreeing facts wins;
//! ties go to the most recent. The verdict carries a sentence saying why, which
//! `leakwatch show` prints.

use chrono::NaiveDate;
use leakwatch_model::{Cause, PartialDate};

/// What the rule needs to know about an incident, stored or new.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The normalised key of the organisation.
    pub org_key: String,
    /// Normalised keys of the organisations named as related (parent included).
    pub related_keys: Vec<String>,
    /// The cause, if known.
    pub cause: Option<Cause>,
    /// When it began.
    pub occurred: Option<PartialDate>,
    /// When it was found.
    pub detected: Option<PartialDate>,
    /// When it was first announced.
    pub disclosed: Option<PartialDate>,
    /// 第N報.
    pub report_number: Option<u32>,
    /// Whether the reading is a special-loss notice.
    pub loss_notice: bool,
}

/// A stored incident offered to the rule.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its id.
    pub id: i64,
    /// Its facts as stored (merged from its documents). Its `org_key` is the
    /// key its organisation is stored under, whatever name the documents used.
    pub facts: Facts,
}

/// How a reading joins an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The incident joined.
    pub incident_id: i64,
    /// Whether it joined through a related party rather than the same organisation.
    pub via_related: bool,
    /// Why, in a sentence.
    pub reason: String,
}

fn causes_agree(a: Option<Cause>, b: Option<Cause>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y || x == Cause::Other || y == Cause::Other,
        _ => true,
    }
}

fn dates_agree(a: &PartialDate, b: &PartialDate) -> bool {
    a == b || a.contains(b) || b.contains(a)
}

fn first_day(d: &PartialDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day.unwrap_or(1))
}

/// The stored incident the new reading joins, if any.
pub fn decide(new: &Facts, candidates: &[Candidate]) -> Option<Verdict> {
    let mut best: Option<(u32, i64, Verdict)> = None;
    for c in candidates {
        let same_org = c.facts.org_key == new.org_key;
        let via_related = !same_org
            && (new.related_keys.contains(&c.facts.org_key)
                || c.facts.related_keys.contains(&new.org_key));
        if !same_org && !via_related {
            continue;
        }
        if !causes_agree(new.cause, c.facts.cause) {
            continue;
        }
        let new_events: Vec<(&str, &PartialDate)> =
            [("occurred", &new.occurred), ("detected", &new.detected)]
                .into_iter()
                .filter_map(|(n, d)| d.as_ref().map(|d| (n, d)))
                .collect();
        let old_events: Vec<(&str, &PartialDate)> = [
            ("occurred", &c.facts.occurred),
            ("detected", &c.facts.detected),
        ]
        .into_iter()
        .filter_map(|(n, d)| d.as_ref().map(|d| (n, d)))
        .collect();
        let mut agreeing: Vec<String> = Vec::new();
        for (nn, nd) in &new_events {
            for (on, od) in &old_events {
                if dates_agree(nd, od) {
                    agreeing.push(format!("{nn} {nd} agrees with its {on} {od}"));
                }
            }
        }
        let cites_disclosure = matches!((&new.disclosed, &c.facts.disclosed), (Some(a), Some(b)) if a == b)
            && (new.report_number.is_some_and(|n| n > 1) || new.loss_notice || via_related);
        if cites_disclosure && let Some(d) = &new.disclosed {
            agreeing.push(format!("it cites the disclosure of {d}"));
        }
        let both_dated = !new_events.is_empty() && !old_events.is_empty();
        let mut score = agreeing.len() as u32 * 2;
        if agreeing.is_empty() {
            if both_dated {
                continue; // dates on both sides, none shared: another event
            }
            let follow_up = new.report_number.is_some_and(|n| n > 1) || new.loss_notice;
            let recent = match (&new.disclosed, &c.facts.disclosed) {
                (Some(n), Some(o)) => match (first_day(n), first_day(o)) {
                    (Some(n), Some(o)) => (0..=366).contains(&(n - o).num_days()),
                    _ => false,
                },
                (None, Some(_)) => true,
                _ => false,
            };
            if !(new_events.is_empty()
                && follow_up
                && recent
                && c.facts.cause.is_some()
                && new.cause == c.facts.cause)
            {
                continue;
            }
            agreeing.push(
                "it is a follow-up without dates of its own, and this is the latest incident of the same cause within a year".into(),
            );
            score = 1;
        }
        if c.facts.cause.is_some() && c.facts.cause == new.cause {
            score += 1;
        }
        let who = if same_org {
            "same organisation".to_owned()
        } else {
            "a related party's own notice".to_owned()
        };
        let cause = new
            .cause
            .or(c.facts.cause)
            .map_or("no stated cause".to_owned(), |c| {
                format!("cause {}", c.as_str())
            });
        let verdict = Verdict {
            incident_id: c.id,
            via_related,
            reason: format!("{who}, {cause}; {}", agreeing.join("; ")),
        };
        let better = best
            .as_ref()
            .is_none_or(|(s, id, _)| score > *s || (score == *s && c.id > *id));
        if better {
            best = Some((score, c.id, verdict));
        }
    }
    best.map(|(_, _, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        Some(s.parse().expect("date"))
    }

    fn facts(org: &str, cause: Cause, occurred: &str) -> Facts {
        Facts {
            org_key: org.into(),
            cause: Some(cause),
            occurred: if occurred.is_empty() {
                None
            } else {
                d(occurred)
            },
            ..Facts::default()
        }
    }

    fn cand(id: i64, f: Facts) -> Candidate {
        Candidate { id, facts: f }
    }

    #[test]
    fn a_second_report_with_the_same_occurrence_joins() {
        let old = cand(
            1,
            facts("ニトムズ", Cause::UnauthorizedAccess, "2024-05-10"),
        );
        let mut new = facts("ニトムズ", Cause::UnauthorizedAccess, "2024-05-10");
        new.report_number = Some(2);
        let v = decide(&new, &[old]).expect("joins");
        assert_eq!(v.incident_id, 1);
        assert!(v.reason.contains("occurred 2024-05-10"), "{}", v.reason);
    }

    #[test]
    fn the_next_mis_sent_mail_is_a_new_incident() {
        let old = cand(
            1,
            facts("個人情報保護委員会", Cause::Misdelivery, "2024-01-15"),
        );
        let new = facts("個人情報保護委員会", Cause::Misdelivery, "2024-06-03");
        assert_eq!(decide(&new, &[old]), None);
    }

    #[test]
    fn another_cause_is_another_incident() {
        let old = cand(1, facts("a", Cause::Phishing, "2024-01-15"));
        let new = facts("a", Cause::LossTheft, "2024-01-15");
        assert_eq!(decide(&new, &[old]), None);
    }

    #[test]
    fn a_month_agrees_with_a_day_in_it() {
        let old = cand(7, facts("a", Cause::Malware, "2024-03"));
        let new = facts("a", Cause::Malware, "2024-03-21");
        assert_eq!(decide(&new, &[old]).map(|v| v.incident_id), Some(7));
    }

    #[test]
    fn a_special_loss_notice_without_dates_joins_the_latest_incident() {
        let mut old_f = facts("a", Cause::UnauthorizedAccess, "2024-01-10");
        old_f.disclosed = d("2024-03-01");
        let mut new = facts("a", Cause::UnauthorizedAccess, "");
        new.loss_notice = true;
        new.disclosed = d("2024-08-09");
        let v = decide(&new, &[cand(3, old_f.clone())]).expect("joins");
        assert!(v.reason.contains("follow-up"), "{}", v.reason);
        // More than a year later it does not.
        new.disclosed = d("2025-08-09");
        assert_eq!(decide(&new, &[cand(3, old_f)]), None);
    }

    #[test]
    fn the_providers_notice_joins_its_customers_incident() {
        let mut customer = facts("ニトムズ", Cause::Malware, "2024-05-10");
        customer.related_keys = vec!["クラウドサービス".into()];
        let provider = facts("クラウドサービス", Cause::Malware, "2024-05-10");
        let v = decide(&provider, &[cand(9, customer)]).expect("joins");
        assert!(v.via_related);
        assert!(v.reason.starts_with("a related party"), "{}", v.reason);
    }

    #[test]
    fn an_unrelated_organisation_never_joins() {
        let old = cand(1, facts("a", Cause::Malware, "2024-05-10"));
        let new = facts("b", Cause::Malware, "2024-05-10");
        assert_eq!(decide(&new, &[old]), None);
    }
}
