//! What a careful reader raises about a disclosure: flags, and the facts a
//! judgement reads about one incident (its [`Dossier`]).
//!
//! The rules live in `leakwatch-analyze`; the store calls them through the
//! [`Judge`] trait, so it needs no analysis code of its own.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Cause, Count, Incident, PartialDate, PartyRole, UnknownName};

closed_vocabulary! {
    /// What a flag says about an incident.
    FlagCode {
        LateDisclosure = "late_disclosure" / "公表の遅れ",
        ParentSilent = "parent_silent" / "親会社の沈黙",
        RepeatOffender = "repeat_offender" / "繰り返しの事案",
        PpcReportRequired = "ppc_report_required" / "個人情報保護委員会への報告対象",
        PpcReportLate = "ppc_report_late" / "委員会への報告の遅れ",
        PpcReportUnknown = "ppc_report_unknown" / "委員会への報告日が不明",
        NoCountDisclosed = "no_count_disclosed" / "件数の非公表",
        SecondaryDamage = "secondary_damage" / "二次被害",
        SupplyChain = "supply_chain" / "委託先・提供元経由",
    }
}

/// One flag: its code, why in Japanese and English, and the facts it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Flag {
    /// What it says.
    pub code: FlagCode,
    /// Why, for a Japanese reader.
    pub reason_ja: String,
    /// Why, in English.
    pub reason_en: String,
    /// The facts it rests on, by name (`lag_days`, `parent`, `parent_listed`, `condition`, `regime` …).
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    /// Other incidents it refers to (a repeat offender's earlier incidents).
    #[serde(default)]
    pub incidents: Vec<i64>,
    /// Organisations it names (the silent parent, the affected customers).
    #[serde(default)]
    pub organizations: Vec<String>,
}

/// An organisation affected by another's incident (VERIS `victim.secondary`):
/// a customer of the breached provider, with the figures its own notice gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AffectedParty {
    /// Its name.
    pub name: String,
    /// What it is to the incident.
    pub role: PartyRole,
    /// The counts its own notice states.
    #[serde(default)]
    pub counts: Vec<Count>,
    /// The document in which it said so, if any.
    pub document_id: Option<i64>,
}

/// The parent of the organisation, and what it said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentFacts {
    /// Its name.
    pub name: String,
    /// Its securities code, when a catalogue gave one (`orgs import`).
    pub securities_code: Option<String>,
    /// Its market, when known.
    pub market: Option<String>,
    /// Publication dates of the parent's own documents about this incident.
    pub spoke_on: Vec<PartialDate>,
}

/// Another incident of the same organisation or group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastIncident {
    /// Its id.
    pub id: i64,
    /// Its organisation.
    pub organization: String,
    /// Its cause.
    pub cause: Option<Cause>,
    /// When it happened (occurred, else detected, else disclosed).
    pub date: Option<PartialDate>,
}

/// Everything a judgement reads about one incident.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dossier {
    /// The incident's id.
    pub id: i64,
    /// The merged reading of its documents.
    pub incident: Incident,
    /// The earliest publication date of its documents.
    pub first_published: Option<PartialDate>,
    /// Its organisation's parent, if one is known.
    pub parent: Option<ParentFacts>,
    /// The other incidents of its organisation and group.
    pub others: Vec<PastIncident>,
    /// Organisations affected through it (customers of a breached provider).
    pub parties: Vec<AffectedParty>,
}

/// The rules that turn a dossier into flags (implemented by `leakwatch-analyze`).
pub trait Judge: Send + Sync + fmt::Debug {
    /// The flags the incident deserves.
    fn judge(&self, dossier: &Dossier) -> Vec<Flag>;

    /// Whether an incident dated `earlier` can change the flags of one dated
    /// `later` (a repetition within the window): the store re-judges only those.
    /// An undated later incident is always re-judged.
    fn reaches(&self, earlier: PartialDate, later: Option<PartialDate>) -> bool {
        let _ = (earlier, later);
        true
    }

    /// The one flag another incident of the group can change, a repetition,
    /// judged on a dossier that holds only the incident's dates, its first
    /// publication and its others: the store re-judges an incident's
    /// neighbours with it, not with [`Judge::judge`] on a whole dossier.
    fn judge_repeat(&self, dossier: &Dossier) -> Option<Flag> {
        self.judge(dossier)
            .into_iter()
            .find(|f| f.code == FlagCode::RepeatOffender)
    }
}
