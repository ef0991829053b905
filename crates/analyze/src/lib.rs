//! Judging an incident the way a careful reader does: was it disclosed late,
//! did the listed parent say nothing, has this organisation done it before, did
//! the APPI require a report to the 個人情報保護委員会 and was it on time, did it
//! come through a provider and whom else did it touch.
//!
//! Pure: a [`Dossier`] (what the store knows about one incident and its
//! neighbours) in, [`Flag`]s out, each with its reason in Japanese and English
//! and the facts it rests on. Thresholds are data ([`Settings`]).
//!
//! ```
//! use leakwatch_analyze::{Rules, Settings};
//! use leakwatch_model::{Dossier, FlagCode, Incident, Judge};
//! let d = Dossier {
//!     incident: Incident {
//!         organization: "株式会社例".into(),
//!         detected: "2026-01-19".parse().ok(),
//!         disclosed: "2026-07-15".parse().ok(),
//!         ..Incident::default()
//!     },
//!     ..Dossier::default()
//! };
//! let flags = Rules::new(Settings::default()).judge(&d);
//! assert!(flags.iter().any(|f| f.code == FlagCode::LateDisclosure));
//! ```

mod appi;
mod rules;

use chrono::NaiveDate;
use leakwatch_model::{Dossier, Flag, Judge, PartialDate};
use serde::{Deserialize, Serialize};

/// The thresholds the rules use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Days from detection to first disclosure above which a disclosure is late.
    pub late_days: i64,
    /// Days after the subsidiary's disclosure within which the parent should speak.
    pub parent_window_days: i64,
    /// Years within which an earlier incident of the organisation or group makes a repeat.
    pub repeat_years: i64,
    /// Days after knowing within which the preliminary report (速報) is due.
    pub ppc_preliminary_days: i64,
    /// Days after knowing within which the final report (確報) is due.
    pub ppc_final_days: i64,
    /// The same where a wrongful purpose is suspected.
    pub ppc_final_wrongful_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            late_days: 30,
            parent_window_days: 30,
            repeat_years: 3,
            ppc_preliminary_days: 5,
            ppc_final_days: 30,
            ppc_final_wrongful_days: 60,
        }
    }
}

/// The rules with their settings; the store calls them through [`Judge`].
#[derive(Debug, Clone, Default)]
pub struct Rules {
    settings: Settings,
    clock: Clock,
}

/// The day the rules judge on, for windows that may still be open.
#[derive(Clone, Default)]
enum Clock {
    /// Every window has closed.
    #[default]
    Closed,
    /// A fixed day (a replayed history, a test).
    On(NaiveDate),
    /// The caller's clock, asked at each judgement (a long-running watcher).
    Ticking(std::sync::Arc<dyn Fn() -> NaiveDate + Send + Sync>),
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clock::Closed => f.write_str("Closed"),
            Clock::On(d) => write!(f, "On({d})"),
            Clock::Ticking(today) => write!(f, "Ticking({})", today()),
        }
    }
}

impl Rules {
    /// Rules with these thresholds, judging as if every window had closed.
    pub fn new(settings: Settings) -> Self {
        Rules {
            settings,
            clock: Clock::Closed,
        }
    }

    /// Judges as on `day`: a window still open on that day (the parent may yet
    /// speak) raises nothing yet; a re-judgement later raises what the closed
    /// window shows.
    pub fn as_of(mut self, day: NaiveDate) -> Self {
        self.clock = Clock::On(day);
        self
    }

    /// Judges as on the day `today` says, asked at each judgement, so a
    /// process that runs for weeks does not judge on the day it started (the
    /// rules read no clock themselves).
    pub fn ticking(mut self, today: impl Fn() -> NaiveDate + Send + Sync + 'static) -> Self {
        self.clock = Clock::Ticking(std::sync::Arc::new(today));
        self
    }

    /// The day this judgement is made on (`None`: every window has closed).
    fn day(&self) -> Option<NaiveDate> {
        match &self.clock {
            Clock::Closed => None,
            Clock::On(d) => Some(*d),
            Clock::Ticking(today) => Some(today()),
        }
    }

    /// The thresholds in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}

impl Judge for Rules {
    fn judge(&self, d: &Dossier) -> Vec<Flag> {
        let s = &self.settings;
        let mut out = Vec::new();
        out.extend(rules::late_disclosure(d, s));
        out.extend(rules::parent_silent(d, s, self.day()));
        out.extend(rules::repeat_offender(d, s));
        out.extend(appi::ppc(d, s));
        out.extend(rules::no_count(d));
        out.extend(rules::secondary_damage(d));
        out.extend(rules::supply_chain(d));
        out
    }

    fn judge_repeat(&self, d: &Dossier) -> Option<Flag> {
        rules::repeat_offender(d, &self.settings)
    }

    fn reaches(&self, earlier: PartialDate, later: Option<PartialDate>) -> bool {
        let Some(later) = later else { return true };
        let (Some((e, _)), Some((l, _))) = (day_of(earlier), day_of(later)) else {
            return true;
        };
        let years = self.settings.repeat_years;
        // A month-only date may mean any day of its month.
        let window = years * 365 + years / 4 + 31;
        // Repetition is symmetric: either side of the window.
        let gap = (l - e).num_days();
        (-window..=window).contains(&gap)
    }
}

/// The first day a date may mean, and whether it is only a month.
pub(crate) fn day_of(d: PartialDate) -> Option<(NaiveDate, bool)> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day.unwrap_or(1)).map(|n| (n, d.day.is_none()))
}

/// When the organisation knew: detection, else occurrence.
pub(crate) fn known(d: &Dossier) -> Option<PartialDate> {
    d.incident.detected.or(d.incident.occurred)
}

/// When it was first told: the disclosure the documents state, else the earliest publication.
pub(crate) fn disclosed(d: &Dossier) -> Option<PartialDate> {
    match (d.incident.disclosed, d.first_published) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A flag with its facts.
pub(crate) fn flag(
    code: leakwatch_model::FlagCode,
    reason_ja: String,
    reason_en: String,
    facts: &[(&str, String)],
) -> Flag {
    Flag {
        code,
        reason_ja,
        reason_en,
        facts: facts
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        incidents: Vec::new(),
        organizations: Vec::new(),
    }
}
