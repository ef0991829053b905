//! The rules about disclosure itself: lag, silence, repetition, counts, harm, supply chain.

use chrono::NaiveDate;
use leakwatch_model::{Dossier, Flag, FlagCode, PartyRole};

use crate::{Settings, day_of, disclosed, flag, known};

/// Days from knowing (detection, else occurrence) to the first disclosure; the
/// lag is a fact of every incident that has both dates, the flag only above the threshold.
pub(crate) fn late_disclosure(d: &Dossier, s: &Settings) -> Option<Flag> {
    let (from, from_month) = day_of(known(d)?)?;
    let (to, to_month) = day_of(disclosed(d)?)?;
    let lag = (to - from).num_days();
    if lag <= s.late_days {
        return None;
    }
    let approx = from_month || to_month;
    let about = if approx { "約" } else { "" };
    let about_en = if approx { "about " } else { "" };
    let basis = if d.incident.detected.is_some() {
        ("判明", "detection")
    } else {
        ("発生", "occurrence")
    };
    let months = lag / 30;
    let (ja_span, en_span) = if months >= 2 {
        (
            format!("{about}{lag}日(約{months}か月)"),
            format!("{about_en}{lag} days (about {months} months)"),
        )
    } else {
        (format!("{about}{lag}日"), format!("{about_en}{lag} days"))
    };
    Some(flag(
        FlagCode::LateDisclosure,
        format!(
            "{}から公表まで{ja_span}かかっています(基準 {}日)。",
            basis.0, s.late_days
        ),
        format!(
            "{en_span} from {} to the first public disclosure (threshold {} days).",
            basis.1, s.late_days
        ),
        &[
            ("lag_days", lag.to_string()),
            ("from", known(d).map(|x| x.to_string()).unwrap_or_default()),
            (
                "disclosed",
                disclosed(d).map(|x| x.to_string()).unwrap_or_default(),
            ),
            ("approximate", approx.to_string()),
            ("threshold_days", s.late_days.to_string()),
        ],
    ))
}

/// The organisation's parent said nothing about it within the window after disclosure.
pub(crate) fn parent_silent(d: &Dossier, s: &Settings, as_of: Option<NaiveDate>) -> Option<Flag> {
    let p = d.parent.as_ref()?;
    let (out_day, _) = day_of(disclosed(d)?)?;
    let spoke = p.spoke_on.iter().any(|on| {
        day_of(*on).is_some_and(|(day, _)| (day - out_day).num_days() <= s.parent_window_days)
    });
    let open = as_of.is_some_and(|today| (today - out_day).num_days() <= s.parent_window_days);
    if spoke || open {
        return None;
    }
    let (listed_ja, listed_en, listed) = match (&p.securities_code, &p.market) {
        (Some(code), market) => (
            format!(
                "上場会社(証券コード {code}{})",
                market
                    .as_deref()
                    .map(|m| format!("、{m}"))
                    .unwrap_or_default()
            ),
            format!("listed (securities code {code})"),
            "true",
        ),
        (None, Some(m)) => (format!("上場会社({m})"), format!("listed ({m})"), "true"),
        (None, None) => (
            "上場の有無は不明".to_owned(),
            "listing not known".to_owned(),
            "unknown",
        ),
    };
    let mut f = flag(
        FlagCode::ParentSilent,
        format!(
            "親会社の{}({listed_ja})は、公表から{}日以内にこの事案について何も公表していません。",
            p.name, s.parent_window_days
        ),
        format!(
            "The parent {} ({listed_en}) published nothing about it within {} days of the disclosure.",
            p.name, s.parent_window_days
        ),
        &[
            ("parent", p.name.clone()),
            ("parent_listed", listed.to_owned()),
            (
                "securities_code",
                p.securities_code.clone().unwrap_or_default(),
            ),
            ("window_days", s.parent_window_days.to_string()),
        ],
    );
    f.organizations.push(p.name.clone());
    Some(f)
}

/// Earlier incidents of the organisation or its group within the window.
pub(crate) fn repeat_offender(d: &Dossier, s: &Settings) -> Option<Flag> {
    // Incidents are dated by when they became known (detection, else occurrence).
    let this = d
        .incident
        .detected
        .or(d.incident.occurred)
        .or(disclosed(d))?;
    let (this_day, _) = day_of(this)?;
    let window = s.repeat_years * 365 + s.repeat_years / 4;
    let mut earlier: Vec<_> = d
        .others
        .iter()
        .filter(|o| o.id != d.id)
        .filter_map(|o| {
            // Another incident within the window, before or after this one.
            let (day, _) = day_of(o.date?)?;
            ((this_day - day).num_days().abs() <= window).then_some((day, o))
        })
        .collect();
    if earlier.is_empty() {
        return None;
    }
    // The nearest in time are listed, at most REPEAT_LISTED: beyond that the
    // flag says "or more", so an incident of a frequent organisation keeps its
    // flag as later ones arrive (they are not nearer) and is not rewritten.
    let more = earlier.len() > REPEAT_LISTED;
    earlier.sort_by_key(|(day, o)| ((*day - this_day).num_days().abs(), o.id));
    earlier.truncate(REPEAT_LISTED);
    earlier.sort_by_key(|(day, o)| (*day, o.id));
    let list: Vec<String> = earlier
        .iter()
        .map(|(_, o)| {
            format!(
                "#{} {} {}",
                o.id,
                o.organization,
                o.date.map(|x| x.to_string()).unwrap_or_default()
            )
        })
        .collect();
    let n = earlier.len();
    let (count_ja, count_en, count) = if more {
        (
            format!("{n}件以上"),
            format!("{n} or more"),
            format!("{n}+"),
        )
    } else {
        (format!("{n}件"), n.to_string(), n.to_string())
    };
    let nearest_ja = if more { "最も近いもの: " } else { "" };
    let nearest_en = if more { "the nearest: " } else { "" };
    let mut f = flag(
        FlagCode::RepeatOffender,
        format!(
            "同じ組織またはグループで、前後{}年以内に他に{count_ja}の事案があります({nearest_ja}{})。",
            s.repeat_years,
            list.join("、")
        ),
        format!(
            "The organisation or its group had {count_en} other incident(s) within {} years before or after ({nearest_en}{}).",
            s.repeat_years,
            list.join(", ")
        ),
        &[
            ("other_incidents", count),
            ("window_years", s.repeat_years.to_string()),
        ],
    );
    f.incidents = earlier.iter().map(|(_, o)| o.id).collect();
    let mut orgs: Vec<String> = earlier
        .iter()
        .map(|(_, o)| o.organization.clone())
        .collect();
    orgs.dedup();
    f.organizations = orgs;
    Some(f)
}

/// The most other incidents a repetition lists (the nearest in time).
pub(crate) const REPEAT_LISTED: usize = 10;

/// No number of persons or records is given anywhere.
pub(crate) fn no_count(d: &Dossier) -> Option<Flag> {
    if !d.incident.counts.is_empty() || d.parties.iter().any(|p| !p.counts.is_empty()) {
        return None;
    }
    Some(flag(
        FlagCode::NoCountDisclosed,
        "影響を受けた人数・件数が公表されていません。".into(),
        "No number of affected persons or records is disclosed.".into(),
        &[],
    ))
}

/// The documents say leaked data was put to use.
pub(crate) fn secondary_damage(d: &Dossier) -> Option<Flag> {
    if !d.incident.secondary_damage {
        return None;
    }
    Some(flag(
        FlagCode::SecondaryDamage,
        "漏えいした情報の不正利用などの二次被害が確認されています。".into(),
        "Misuse of the leaked data (secondary damage) has been confirmed.".into(),
        &[],
    ))
}

/// It came through a provider or contractor, or touched the customers of one.
pub(crate) fn supply_chain(d: &Dossier) -> Option<Flag> {
    let via: Vec<&str> = d
        .incident
        .related
        .iter()
        .filter(|r| matches!(r.role, PartyRole::Provider | PartyRole::Contractor))
        .map(|r| r.name.as_str())
        .collect();
    let customers: Vec<&str> = d
        .parties
        .iter()
        .filter(|p| p.role == PartyRole::Customer)
        .map(|p| p.name.as_str())
        .collect();
    if via.is_empty() && customers.is_empty() {
        return None;
    }
    let mut affected: Vec<String> = customers.iter().map(|c| (*c).to_owned()).collect();
    if customers.is_empty() {
        // The organisation itself is the customer of the provider named.
        affected.push(d.incident.organization.clone());
    }
    let (ja, en) = if customers.is_empty() {
        (
            format!(
                "委託先・提供元({})を経由した事案で、影響を受けた利用組織は {} です。",
                via.join("、"),
                affected.join("、")
            ),
            format!(
                "It came through a provider or contractor ({}); the organisation affected is {}.",
                via.join(", "),
                affected.join(", ")
            ),
        )
    } else {
        (
            format!(
                "提供元の事案で、利用する{}組織に影響が及びました({})。",
                affected.len(),
                affected.join("、")
            ),
            format!(
                "A provider's incident that reached {} customer organisation(s) ({}).",
                affected.len(),
                affected.join(", ")
            ),
        )
    };
    let mut f = flag(
        FlagCode::SupplyChain,
        ja,
        en,
        &[
            ("via", via.join(",")),
            ("customers", affected.len().to_string()),
        ],
    );
    f.organizations = affected;
    Some(f)
}
