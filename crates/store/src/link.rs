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
//! 5. **A customer of the breached provider.** A reading that names the
//!    candidate's organisation as its provider or contractor, with a cause that
//!    agrees, published within [`CUSTOMER_WINDOW_DAYS`] of the candidate's
//!    disclosure, joins it as an affected party (VERIS `victim.secondary`): the
//!    customer's own dates (often the period of the data held) and figures stay
//!    the customer's, so they neither split nor distort the provider's event.
//!
//! Among the candidates that pass, the one with the most agreeing facts wins;
//! ties go to the most recent. The verdict carries a sentence saying why, in
//! English and in Japanese, which `leakwatch show` and the incident page print.

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
    /// Normalised keys of the organisations it names as its provider or contractor.
    pub provider_keys: Vec<String>,
    /// Whether the reading is someone else's account of it (news, a blog).
    pub commentary: bool,
    /// How many documents a stored incident has (0 for a new reading).
    pub documents: u32,
}

/// A customer's lone notice naming `provider` as its provider or contractor:
/// folded into the provider's incident when the provider speaks. An incident
/// the customer has followed up itself (a 第2報, a special loss) stays its own,
/// and the provider's notice joins it as a related party.
fn lone_customer_notice(c: &Candidate, provider: &str) -> bool {
    c.facts.org_key != provider
        && c.facts.documents <= 1
        && c.facts.provider_keys.iter().any(|k| k == provider)
}

/// Days before a commentary's disclosure within which the incident it speaks of was disclosed.
pub const COMMENTARY_WINDOW_DAYS: i64 = 60;

/// Days after a provider's disclosure within which a customer's notice joins it.
pub const CUSTOMER_WINDOW_DAYS: i64 = 120;

/// How a reading joins an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// Another document of the same organisation about the same event.
    SameOrganization,
    /// A related party's own notice (the provider's, the parent's).
    RelatedParty,
    /// A customer of the breached provider: an affected party with its own figures.
    AffectedCustomer,
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
    /// How it joined.
    pub join: Join,
    /// Why, in a sentence.
    pub reason: String,
    /// Why, in Japanese.
    pub reason_ja: String,
}

/// The reason stored for the document that opens an incident.
pub const FIRST_REASON: &str = "first document of this incident";
/// The same in Japanese.
pub const FIRST_REASON_JA: &str = "この事案の最初の文書";

fn event_ja(name: &str) -> &'static str {
    match name {
        "occurred" => "発生日",
        _ => "判明日",
    }
}

fn days_between(from: &Option<PartialDate>, to: &Option<PartialDate>) -> Option<i64> {
    Some((first_day(to.as_ref()?)? - first_day(from.as_ref()?)?).num_days())
}

/// A customer's notice about its provider's incident.
fn as_customer(new: &Facts, c: &Candidate) -> Option<Verdict> {
    if !new.provider_keys.contains(&c.facts.org_key) || c.facts.org_key == new.org_key {
        return None;
    }
    // The customer must name the cause, and it must be the provider's.
    let (Some(nc), Some(oc)) = (new.cause, c.facts.cause) else {
        return None;
    };
    if nc != oc && nc != Cause::Other {
        return None;
    }
    let gap = days_between(&c.facts.disclosed, &new.disclosed)?;
    if !(0..=CUSTOMER_WINDOW_DAYS).contains(&gap) {
        return None;
    }
    Some(Verdict {
        incident_id: c.id,
        via_related: true,
        join: Join::AffectedCustomer,
        reason: format!(
            "a customer's notice about its provider's incident: it names the provider, cause {}, published {gap} days after the provider's disclosure",
            oc.as_str()
        ),
        reason_ja: format!(
            "提供元の事案を利用組織が公表したもの: 提供元を名指しし、原因({})が一致し、提供元の公表から{gap}日後の公表",
            oc.label_ja()
        ),
    })
}

/// The stored incidents of customers that named the new reading's
/// organisation as their provider, with a cause that agrees, disclosed within
/// [`CUSTOMER_WINDOW_DAYS`] before or after it: they told of the provider's
/// attack before the provider did, and become affected parties of its incident.
pub fn customers_of(new: &Facts, candidates: &[Candidate]) -> Vec<i64> {
    candidates
        .iter()
        .filter(|c| lone_customer_notice(c, &new.org_key))
        .filter(|c| match (new.cause, c.facts.cause) {
            (Some(a), Some(b)) => a == b || a == Cause::Other || b == Cause::Other,
            _ => false,
        })
        .filter(|c| {
            days_between(&new.disclosed, &c.facts.disclosed)
                .is_some_and(|gap| gap.abs() <= CUSTOMER_WINDOW_DAYS)
        })
        .map(|c| c.id)
        .collect()
}

/// Whether two causes may describe one event: the same class, `other` (the
/// cause not yet known), or an intrusion and the ransomware it planted —
/// documents of one attack name either, as they stress the way in or the harm.
fn causes_agree(a: Option<Cause>, b: Option<Cause>) -> bool {
    // Stolen credentials are the way in of many intrusions: a first report says
    // 不正アクセス, the second explains the phishing behind it (or the reverse).
    let intrusion = |c: Cause| {
        matches!(
            c,
            Cause::UnauthorizedAccess | Cause::Malware | Cause::Phishing
        )
    };
    match (a, b) {
        (Some(x), Some(y)) => {
            x == y || x == Cause::Other || y == Cause::Other || (intrusion(x) && intrusion(y))
        }
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
        if let Some(v) = as_customer(new, c) {
            // Named as the provider: the customer's own dates are not the provider's event.
            let score = 3;
            if best
                .as_ref()
                .is_none_or(|(s, id, _)| score > *s || (score == *s && c.id > *id))
            {
                best = Some((score, c.id, v));
            }
            continue;
        }
        // A customer's incident naming the new reading's organisation as its
        // provider: the provider's own notice opens the provider's incident
        // (and the customer is folded into it, [`customers_of`]).
        if lone_customer_notice(c, &new.org_key) {
            continue;
        }
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
        let mut agreeing_ja: Vec<String> = Vec::new();
        for (nn, nd) in &new_events {
            for (on, od) in &old_events {
                if dates_agree(nd, od) {
                    agreeing.push(format!("{nn} {nd} agrees with its {on} {od}"));
                    agreeing_ja.push(format!(
                        "{}{nd}が既存の{}{od}と一致",
                        event_ja(nn),
                        event_ja(on)
                    ));
                }
            }
        }
        let later_reading = new.report_number.is_some_and(|n| n > 1)
            || new.loss_notice
            || new.commentary
            || via_related;
        // The same day of disclosure: a later reading citing the first report,
        // or the first report arriving after a follow-up that cited it.
        // Two events of one organisation told on one day keep their own dates apart.
        let same_disclosure = matches!((&new.disclosed, &c.facts.disclosed), (Some(a), Some(b)) if a == b && a.day.is_some())
            && (later_reading || new_events.is_empty() || old_events.is_empty());
        if same_disclosure && let Some(d) = &new.disclosed {
            agreeing.push(format!("it cites the disclosure of {d}"));
            agreeing_ja.push(format!("{d}の公表に言及"));
        }
        // A later reading's event date that is the candidate's disclosure day is
        // the day it cites ("6月10日にお知らせした…"), read as an event date.
        if later_reading
            && agreeing.is_empty()
            && let Some(cd) = &c.facts.disclosed
        {
            for (nn, nd) in &new_events {
                if cd.day.is_some() && *nd == cd {
                    agreeing.push(format!(
                        "its {nn} {nd} is the day this incident was disclosed"
                    ));
                    agreeing_ja.push(format!("{}{nd}はこの事案の公表日", event_ja(nn)));
                }
            }
        }
        // The same, the other way round: a follow-up stored first read the day
        // of the first report as its event date, and the first report arrives now.
        let candidate_later = match (&c.facts.disclosed, &new.disclosed) {
            (None, _) => true,
            (Some(cd), Some(nd)) => cd > nd,
            (Some(_), None) => false,
        };
        if agreeing.is_empty()
            && candidate_later
            && let Some(nd) = &new.disclosed
            && nd.day.is_some()
        {
            for (on, od) in &old_events {
                if *od == nd {
                    agreeing.push(format!("its {on} {od} is the day this reading discloses"));
                    agreeing_ja.push(format!("既存の{}{od}はこの文書の公表日", event_ja(on)));
                }
            }
        }
        let both_dated = !new_events.is_empty() && !old_events.is_empty();
        let mut score = agreeing.len() as u32 * 2;
        if agreeing.is_empty() {
            if both_dated {
                continue; // dates on both sides, none shared: another event
            }
            let follow_up =
                new.report_number.is_some_and(|n| n > 1) || new.loss_notice || new.commentary;
            let window = if new.commentary {
                COMMENTARY_WINDOW_DAYS
            } else {
                366
            };
            let recent = match (&new.disclosed, &c.facts.disclosed) {
                (Some(n), Some(o)) => match (first_day(n), first_day(o)) {
                    (Some(n), Some(o)) => (0..=window).contains(&(n - o).num_days()),
                    _ => false,
                },
                (None, Some(_)) => true,
                _ => false,
            };
            if !(new_events.is_empty()
                && follow_up
                && recent
                && c.facts.cause.is_some()
                && causes_agree(new.cause, c.facts.cause))
            {
                continue;
            }
            if new.commentary {
                agreeing.push(format!(
                    "it is an account without event dates, and this is the latest incident of the same cause disclosed within {window} days before it"
                ));
                agreeing_ja.push(format!(
                    "事案の日付を示さない報道・論評で、その{window}日前までに公表された同じ原因の最新の事案"
                ));
            } else {
                agreeing.push(
                    "it is a follow-up without dates of its own, and this is the latest incident of the same cause within a year".into(),
                );
                agreeing_ja
                    .push("日付のない続報で、1年以内に公表された同じ原因の最新の事案".into());
            }
            score = 1;
        }
        if c.facts.cause.is_some() && c.facts.cause == new.cause {
            score += 1;
        }
        let (who, who_ja) = if same_org {
            ("same organisation", "同じ組織")
        } else {
            (
                "a related party's own notice",
                "関係先(提供元・委託先・親会社など)自身の公表",
            )
        };
        let cause = new.cause.or(c.facts.cause);
        let cause_en = cause.map_or("no stated cause".to_owned(), |c| {
            format!("cause {}", c.as_str())
        });
        let cause_ja = cause.map_or("原因の記載なし".to_owned(), |c| {
            format!("原因「{}」", c.label_ja())
        });
        let verdict = Verdict {
            incident_id: c.id,
            via_related,
            join: if same_org {
                Join::SameOrganization
            } else {
                Join::RelatedParty
            },
            reason: format!("{who}, {cause_en}; {}", agreeing.join("; ")),
            reason_ja: format!("{who_ja}、{cause_ja}。{}", agreeing_ja.join("。")),
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
    fn a_parents_notice_citing_the_disclosure_day_joins() {
        // The parent's notice gives no event dates of its own, only the day its
        // subsidiary announced.
        let mut first = facts("あかね証券", Cause::Insider, "2023-03-01");
        first.disclosed = d("2023-10-20");
        let mut parent = Facts {
            org_key: "あかね証券".into(),
            ..Facts::default()
        };
        parent.disclosed = d("2023-10-20");
        let v = decide(&parent, &[cand(1, first.clone())]).expect("joins");
        assert!(v.reason.contains("2023-10-20"), "{}", v.reason);
        // Two events told the same day, each with its own dates, stay apart.
        let mut other = facts("あかね証券", Cause::Insider, "2023-06-01");
        other.disclosed = d("2023-10-20");
        assert_eq!(decide(&other, &[cand(1, first)]), None);
    }

    #[test]
    fn the_first_report_arriving_after_its_follow_up_joins_it() {
        // The 第2報 was stored first and read the first report's day as its occurrence.
        let mut second = facts("あおぞら保険サービス", Cause::Malware, "2024-09-06");
        second.report_number = Some(2);
        let mut first = facts("あおぞら保険サービス", Cause::Malware, "2024-09-02");
        first.detected = d("2024-09-02");
        first.disclosed = d("2024-09-06");
        assert_eq!(
            decide(&first, &[cand(1, second)]).map(|v| v.incident_id),
            Some(1)
        );
        // An earlier incident whose occurrence is the new one's disclosure day is another event.
        let mut earlier = facts("南川県", Cause::Misdelivery, "2025-03-10");
        earlier.disclosed = d("2025-03-08");
        let mut next = facts("南川県", Cause::Misdelivery, "2025-03-07");
        next.disclosed = d("2025-03-10");
        assert_eq!(decide(&next, &[cand(1, earlier)]), None);
    }

    #[test]
    fn phishing_and_the_intrusion_it_opened_agree() {
        let old = cand(
            1,
            facts("ゆうなぎ電力", Cause::UnauthorizedAccess, "2025-07-03"),
        );
        let mut new = facts("ゆうなぎ電力", Cause::Phishing, "2025-07-03");
        new.report_number = Some(2);
        assert_eq!(decide(&new, &[old]).map(|v| v.incident_id), Some(1));
    }

    #[test]
    fn a_providers_notice_after_its_customers_folds_them_in() {
        let mut customer = facts("こまち美容室", Cause::Malware, "2025-02-10");
        customer.disclosed = d("2025-02-12");
        customer.provider_keys = vec!["ネクサスクラウド".into()];
        customer.related_keys = customer.provider_keys.clone();
        customer.documents = 1;
        let mut provider = facts("ネクサスクラウド", Cause::Malware, "2025-02-10");
        provider.disclosed = d("2025-02-13");
        let cands = [cand(4, customer)];
        // The provider's notice does not join its customer's incident …
        assert_eq!(decide(&provider, &cands), None);
        // … it opens its own, and the customer is folded into it.
        assert_eq!(customers_of(&provider, &cands), vec![4]);
        provider.cause = Some(Cause::LossTheft);
        assert!(customers_of(&provider, &cands).is_empty());
        // A customer that followed its incident up itself keeps it; the provider joins it.
        provider.cause = Some(Cause::Malware);
        let mut followed = cands[0].clone();
        followed.facts.documents = 3;
        assert!(customers_of(&provider, std::slice::from_ref(&followed)).is_empty());
        assert_eq!(
            decide(&provider, &[followed]).map(|v| v.incident_id),
            Some(4)
        );
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
    fn a_customers_notice_joins_its_providers_incident_as_an_affected_party() {
        let mut provider = facts("クラウドレジ", Cause::Malware, "2026-06-07");
        provider.disclosed = d("2026-06-10");
        // The customer's dates are the period of its bookings, not the attack.
        let mut customer = facts("みなと観光ホテル", Cause::Malware, "2023-04");
        customer.provider_keys = vec!["クラウドレジ".into()];
        customer.related_keys = vec!["クラウドレジ".into()];
        customer.disclosed = d("2026-06-14");
        let v = decide(&customer, &[cand(4, provider.clone())]).expect("joins");
        assert_eq!(v.join, Join::AffectedCustomer);
        assert!(v.reason_ja.contains("提供元"), "{}", v.reason_ja);
        // A year later it is another event.
        customer.disclosed = d("2027-06-14");
        assert_eq!(decide(&customer, &[cand(4, provider.clone())]), None);
        // Another cause is another event.
        customer.disclosed = d("2026-06-14");
        customer.cause = Some(Cause::Misdelivery);
        assert_eq!(decide(&customer, &[cand(4, provider)]), None);
    }

    #[test]
    fn a_news_article_without_dates_joins_the_latest_incident_it_reports() {
        let mut older = facts("北浜", Cause::Misdelivery, "2025-05-19");
        older.disclosed = d("2025-05-20");
        let mut latest = facts("北浜", Cause::Misdelivery, "2026-08-19");
        latest.disclosed = d("2026-08-21");
        let mut news = facts("北浜", Cause::Misdelivery, "");
        news.commentary = true;
        news.disclosed = d("2026-08-22");
        let v = decide(&news, &[cand(1, older.clone()), cand(4, latest.clone())]).expect("joins");
        assert_eq!(v.incident_id, 4);
        assert!(v.reason_ja.contains("報道"), "{}", v.reason_ja);
        // Half a year later the article is about something else.
        news.disclosed = d("2027-03-01");
        assert_eq!(decide(&news, &[cand(1, older), cand(4, latest)]), None);
    }

    #[test]
    fn a_follow_up_citing_the_first_notice_by_date_joins_it() {
        // The 第2報's only date is the day of the first notice, read as an occurrence.
        let mut first = facts("a", Cause::Malware, "2026-06-07");
        first.disclosed = d("2026-06-10");
        let mut second = facts("a", Cause::UnauthorizedAccess, "2026-06-10");
        second.report_number = Some(2);
        second.disclosed = d("2026-06-24");
        let v = decide(&second, &[cand(1, first.clone())]).expect("joins");
        assert!(v.reason_ja.contains("公表日"), "{}", v.reason_ja);
        // A first notice of the same organisation dated so is another event.
        second.report_number = None;
        assert_eq!(decide(&second, &[cand(1, first)]), None);
    }

    #[test]
    fn every_reason_is_also_in_japanese() {
        let old = cand(1, facts("a", Cause::Malware, "2024-03"));
        let new = facts("a", Cause::Malware, "2024-03-21");
        let v = decide(&new, &[old]).expect("joins");
        assert!(v.reason_ja.contains("同じ組織"), "{}", v.reason_ja);
        assert!(v.reason_ja.contains("マルウェア"), "{}", v.reason_ja);
        assert!(!v.reason_ja.contains("malware"), "{}", v.reason_ja);
    }

    #[test]
    fn an_unrelated_organisation_never_joins() {
        let old = cand(1, facts("a", Cause::Malware, "2024-05-10"));
        let new = facts("b", Cause::Malware, "2024-05-10");
        assert_eq!(decide(&new, &[old]), None);
    }
}
