//! The rules on small dossiers: each flag raised when it should, not when it should not.

use leakwatch_analyze::{Rules, Settings};
use leakwatch_model::{
    AffectedParty, Cause, Count, DataKind, Dossier, Flag, FlagCode, Incident, Judge, ParentFacts,
    PartyRole, PastIncident, Related,
};

fn d(s: &str) -> Option<leakwatch_model::PartialDate> {
    Some(s.parse().expect("date"))
}

fn judge(x: &Dossier) -> Vec<Flag> {
    Rules::new(Settings::default()).judge(x)
}

fn codes(x: &Dossier) -> Vec<FlagCode> {
    judge(x).iter().map(|f| f.code).collect()
}

fn get(x: &Dossier, c: FlagCode) -> Flag {
    judge(x)
        .into_iter()
        .find(|f| f.code == c)
        .unwrap_or_else(|| panic!("no {c}"))
}

fn count(n: u64) -> Vec<Count> {
    vec![Count {
        value: n,
        unit: "名".into(),
    }]
}

fn base() -> Dossier {
    Dossier {
        id: 10,
        incident: Incident {
            organization: "株式会社例".into(),
            cause: Some(Cause::Misdelivery),
            occurred: d("2025-05-19"),
            detected: d("2025-05-19"),
            disclosed: d("2025-05-20"),
            counts: count(86),
            data: vec![DataKind::Email],
            ..Incident::default()
        },
        ..Dossier::default()
    }
}

#[test]
fn a_prompt_small_misdelivery_raises_nothing() {
    assert_eq!(codes(&base()), vec![]);
}

#[test]
fn half_a_year_to_disclose_is_late_and_the_lag_is_a_fact() {
    let mut x = base();
    x.incident.detected = d("2026-01-19");
    x.incident.disclosed = d("2026-07-15");
    let f = get(&x, FlagCode::LateDisclosure);
    assert_eq!(f.facts["lag_days"], "177");
    assert!(f.reason_ja.contains("177日"), "{}", f.reason_ja);
    assert!(f.reason_en.contains("177 days"), "{}", f.reason_en);
    // Thirty days is not late; thirty-one is.
    x.incident.disclosed = d("2026-02-18");
    assert!(!codes(&x).contains(&FlagCode::LateDisclosure));
    x.incident.disclosed = d("2026-02-19");
    assert!(codes(&x).contains(&FlagCode::LateDisclosure));
    // The threshold is a setting.
    let lenient = Rules::new(Settings {
        late_days: 60,
        ..Settings::default()
    });
    assert!(
        !lenient
            .judge(&x)
            .iter()
            .any(|f| f.code == FlagCode::LateDisclosure)
    );
}

#[test]
fn a_silent_parent_is_named_with_its_listing() {
    let mut x = base();
    x.parent = Some(ParentFacts {
        name: "日東電工株式会社".into(),
        securities_code: Some("6988".into()),
        market: Some("プライム".into()),
        spoke_on: vec![],
    });
    let f = get(&x, FlagCode::ParentSilent);
    assert_eq!(f.facts["parent_listed"], "true");
    assert!(f.reason_ja.contains("日東電工株式会社"), "{}", f.reason_ja);
    assert!(f.reason_ja.contains("6988"), "{}", f.reason_ja);
    // A parent that spoke within the window is not silent; one that spoke months later is.
    x.parent.as_mut().expect("parent").spoke_on = d("2025-06-01").into_iter().collect();
    assert!(!codes(&x).contains(&FlagCode::ParentSilent));
    x.parent.as_mut().expect("parent").spoke_on = d("2025-12-01").into_iter().collect();
    assert!(codes(&x).contains(&FlagCode::ParentSilent));
    // Without a catalogue the listing is unknown, and says so.
    x.parent.as_mut().expect("parent").securities_code = None;
    x.parent.as_mut().expect("parent").market = None;
    let f = get(&x, FlagCode::ParentSilent);
    assert_eq!(f.facts["parent_listed"], "unknown");
    assert!(f.reason_ja.contains("不明"), "{}", f.reason_ja);
}

#[test]
fn a_parent_with_days_left_in_its_window_is_not_silent_yet() {
    let mut x = base();
    x.parent = Some(ParentFacts {
        name: "親会社株式会社".into(),
        securities_code: None,
        market: None,
        spoke_on: vec![],
    });
    let on = |day: &str| {
        Rules::new(Settings::default())
            .as_of(day.parse().expect("date"))
            .judge(&x)
            .iter()
            .any(|f| f.code == FlagCode::ParentSilent)
    };
    // Disclosed 2025-05-20: the 30-day window closes at the end of 2025-06-19.
    assert!(!on("2025-06-01"));
    assert!(!on("2025-06-19"));
    assert!(on("2025-06-20"));
    // A ticking clock is asked at every judgement: the same rules raise the
    // flag once the day has moved past the window.
    let today = std::sync::Arc::new(std::sync::Mutex::new("2025-06-01".to_owned()));
    let clock = today.clone();
    let rules = Rules::new(Settings::default()).ticking(move || {
        clock
            .lock()
            .map(|d| d.parse().expect("date"))
            .unwrap_or_default()
    });
    let silent = |r: &Rules| r.judge(&x).iter().any(|f| f.code == FlagCode::ParentSilent);
    assert!(!silent(&rules));
    *today.lock().expect("lock") = "2025-06-20".to_owned();
    assert!(silent(&rules));
}

#[test]
fn other_incidents_within_three_years_either_side_make_a_repeat_and_are_listed() {
    let mut x = base();
    x.incident.occurred = d("2026-08-19");
    x.incident.detected = d("2026-08-19");
    x.others = vec![
        PastIncident {
            id: 3,
            organization: "株式会社例".into(),
            cause: Some(Cause::Misdelivery),
            date: d("2025-05-19"),
        },
        PastIncident {
            id: 2,
            organization: "株式会社例".into(),
            cause: Some(Cause::Misdelivery),
            date: d("2021-01-10"),
        },
        PastIncident {
            id: 30,
            organization: "株式会社例".into(),
            cause: Some(Cause::Misdelivery),
            date: d("2027-01-10"),
        },
    ];
    let f = get(&x, FlagCode::RepeatOffender);
    assert_eq!(
        f.incidents,
        vec![3, 30],
        "the ones within three years before or after, not the one five years before"
    );
    assert!(f.reason_ja.contains("#3"), "{}", f.reason_ja);
    x.others.truncate(0);
    assert!(!codes(&x).contains(&FlagCode::RepeatOffender));
}

#[test]
fn a_frequent_organisation_lists_its_nearest_ten_and_a_later_one_changes_nothing() {
    let mut x = base();
    x.incident.detected = d("2026-01-15");
    let month = |id: i64, m: u32| PastIncident {
        id,
        organization: "北浜市".into(),
        cause: Some(Cause::Misdelivery),
        date: Some(leakwatch_model::PartialDate {
            year: 2025,
            month: m,
            day: Some(1),
        }),
    };
    x.others = (1..=12).map(|m| month(100 + i64::from(m), m)).collect();
    let f = get(&x, FlagCode::RepeatOffender);
    assert_eq!(f.facts["other_incidents"], "10+");
    assert_eq!(
        f.incidents,
        (103..=112).collect::<Vec<i64>>(),
        "the nearest ten, by date"
    );
    assert!(f.reason_ja.contains("10件以上"), "{}", f.reason_ja);
    // One more, further away: the flag is the same, so the store writes nothing.
    x.others.push(PastIncident {
        date: d("2028-06-01"),
        ..month(99, 1)
    });
    assert_eq!(get(&x, FlagCode::RepeatOffender), f);
}

#[test]
fn card_numbers_make_a_report_mandatory_after_april_2022_and_expected_before() {
    let mut x = base();
    x.incident.cause = Some(Cause::UnauthorizedAccess);
    x.incident.data = vec![DataKind::CreditCardNumber];
    x.incident.detected = d("2026-01-19");
    x.incident.regulator_reported = d("2026-01-23");
    let f = get(&x, FlagCode::PpcReportRequired);
    assert_eq!(f.facts["regime"], "mandatory");
    assert!(f.facts["conditions"].contains("financial_loss"));
    assert!(f.facts["conditions"].contains("wrongful_purpose"));
    assert_eq!(
        f.facts["final_due"], "2026-03-20",
        "60 days for a wrongful purpose"
    );
    assert!(f.reason_ja.contains("第7条"), "{}", f.reason_ja);
    assert!(
        !codes(&x).contains(&FlagCode::PpcReportLate),
        "four days is on time"
    );
    // Reported a month later: late.
    x.incident.regulator_reported = d("2026-02-20");
    assert!(codes(&x).contains(&FlagCode::PpcReportLate));
    // No report date given: unknown.
    x.incident.regulator_reported = None;
    assert!(codes(&x).contains(&FlagCode::PpcReportUnknown));
    // In 2021 it was only expected, and the flag says today's rules would require it.
    x.incident.detected = d("2021-01-20");
    x.incident.occurred = d("2021-01-10");
    let f = get(&x, FlagCode::PpcReportRequired);
    assert_eq!(f.facts["regime"], "effort_obligation");
    assert!(f.reason_ja.contains("努力義務"), "{}", f.reason_ja);
    assert!(f.reason_ja.contains("現行"), "{}", f.reason_ja);
    let c = codes(&x);
    assert!(!c.contains(&FlagCode::PpcReportUnknown) && !c.contains(&FlagCode::PpcReportLate));
}

#[test]
fn more_than_a_thousand_persons_is_a_condition_a_thousand_is_not() {
    let mut x = base();
    x.incident.counts = count(1000);
    assert!(!codes(&x).contains(&FlagCode::PpcReportRequired));
    x.incident.counts = count(1001);
    let f = get(&x, FlagCode::PpcReportRequired);
    assert_eq!(f.facts["conditions"], "over_1000");
    assert!(f.reason_ja.contains("第4号"), "{}", f.reason_ja);
}

#[test]
fn no_count_secondary_damage_and_supply_chain() {
    let mut x = base();
    x.incident.counts.clear();
    x.incident.secondary_damage = true;
    let c = codes(&x);
    assert!(c.contains(&FlagCode::NoCountDisclosed) && c.contains(&FlagCode::SecondaryDamage));
    // A customer's own incident through its provider.
    x.incident.related = vec![Related {
        name: "トレードワークス".into(),
        role: PartyRole::Provider,
        parent: None,
    }];
    let f = get(&x, FlagCode::SupplyChain);
    assert_eq!(f.organizations, vec!["株式会社例".to_owned()]);
    // A provider's incident with its customers joined: every customer is listed.
    x.incident.related.clear();
    x.parties = ["ホテル", "医院", "観光"]
        .iter()
        .map(|n| AffectedParty {
            name: (*n).into(),
            role: PartyRole::Customer,
            counts: count(2000),
            document_id: None,
        })
        .collect();
    let f = get(&x, FlagCode::SupplyChain);
    assert_eq!(f.organizations, vec!["ホテル", "医院", "観光"]);
    assert_eq!(f.facts["customers"], "3");
    // The customers' own counts are counts: the incident is not count-less.
    assert!(!codes(&x).contains(&FlagCode::NoCountDisclosed));
}
