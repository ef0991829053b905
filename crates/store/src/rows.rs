//! The rows the store takes and gives: documents, incidents, facts, organisations.

use super::*;

/// A document to store.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// A URL or a file path.
    pub location: String,
    /// Its title, if known.
    pub title: Option<String>,
    /// What kind of document it is.
    pub source_type: Option<SourceType>,
    /// When it was published.
    pub published: Option<NaiveDate>,
    /// The decoded text; evidence spans point into it.
    pub body: String,
}

/// What [`Store::ingest`] did with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    /// The same content was stored before, as this document.
    Duplicate {
        /// The stored document.
        document_id: i64,
    },
    /// Stored, with the incidents it was linked to.
    Stored {
        /// The new document.
        document_id: i64,
        /// Each incident it speaks of, and whether it was created by this document.
        incidents: Vec<(i64, bool)>,
    },
}

/// A document of an incident, as listed with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentRef {
    /// The document's id.
    pub id: i64,
    /// Its URL or path.
    pub location: String,
    /// Its title.
    pub title: Option<String>,
    /// Its source type.
    pub source_type: Option<String>,
    /// When it was published.
    pub published: Option<String>,
    /// Its role in the incident.
    pub role: DocumentRole,
    /// Why it was linked.
    pub reason: String,
    /// Why it was linked, in Japanese (documents stored before version 2 have none).
    pub reason_ja: Option<String>,
}

/// An incident as listed: the FORMAT.md fields, its organisation and its documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IncidentSummary {
    /// The incident's id.
    pub id: i64,
    /// The organisation's id.
    pub org_id: i64,
    /// The organisation where it happened.
    pub organization: String,
    /// Its parent company, if known.
    pub parent: Option<String>,
    /// The cause class.
    pub cause: Option<Cause>,
    /// When it began.
    pub occurred: Option<PartialDate>,
    /// When it was found.
    pub detected: Option<PartialDate>,
    /// When the leaked data was pinned down.
    pub identified: Option<PartialDate>,
    /// When it was first announced.
    pub disclosed: Option<PartialDate>,
    /// When it was reported to the PPC.
    pub regulator_reported: Option<PartialDate>,
    /// Its stated cost.
    pub loss_jpy: Option<u64>,
    /// Whether leaked data was misused.
    pub secondary_damage: bool,
    /// Affected counts.
    pub counts: Vec<Count>,
    /// Affected data kinds.
    pub data: Vec<DataKind>,
    /// Its documents.
    pub documents: Vec<DocumentRef>,
    /// What the analysis stage judged of it.
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Organisations affected through it (a provider's customers), with their own figures.
    #[serde(default)]
    pub parties: Vec<AffectedParty>,
}

/// A stored fact with the span of text it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredFact {
    /// The field (`organization`, `cause`, `counts` …).
    pub field: String,
    /// The value read.
    pub value: String,
    /// The document it was read from.
    pub document_id: i64,
    /// Byte range in that document's body.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The quoted text.
    pub quote: String,
}

/// One step of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TimelineStep {
    /// `occurred`, `detected`, `identified`, `disclosed`, `regulator_reported`.
    pub event: String,
    /// When.
    pub date: PartialDate,
    /// Days since the step before, when both are days.
    pub days_after_previous: Option<i64>,
}

/// An incident with everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IncidentDetail {
    /// The listed fields.
    #[serde(flatten)]
    pub summary: IncidentSummary,
    /// The merged extraction (related parties, responses, cause detail …).
    pub detail: Incident,
    /// Every fact with its evidence.
    pub facts: Vec<StoredFact>,
    /// occurred → detected → identified → disclosed → reported, with the gaps.
    pub timeline: Vec<TimelineStep>,
}

/// Which incidents to list.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// The organisation (by any of its names) and its group.
    pub org: Option<String>,
    /// The cause class.
    pub cause: Option<Cause>,
    /// Only incidents carrying this flag.
    pub flag: Option<FlagCode>,
    /// Disclosed (or, failing that, occurred) on or after.
    pub since: Option<NaiveDate>,
    /// … and on or before.
    pub until: Option<NaiveDate>,
    /// At most this many (default 1,000).
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: Option<u32>,
}

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organization {
    /// Its id.
    pub id: i64,
    /// Its fullest written name.
    pub name: String,
    /// Securities code, if listed.
    pub securities_code: Option<String>,
    /// Listed market.
    pub market: Option<String>,
    /// Other names it goes by.
    pub aliases: Vec<String>,
}

/// An organisation in its group tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GroupNode {
    /// The organisation.
    pub org: Organization,
    /// Its subsidiaries.
    #[schema(no_recursion)]
    pub children: Vec<GroupNode>,
}

/// An organisation, its group and every incident of the group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrgView {
    /// The organisation asked for.
    pub org: Organization,
    /// Its parents, nearest first.
    pub parents: Vec<Organization>,
    /// The group from the top parent down.
    pub group: GroupNode,
    /// Every incident of the group, newest first.
    pub incidents: Vec<IncidentSummary>,
}

/// A row of `leakwatch orgs import`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct OrgRow {
    /// The organisation's name.
    pub name: String,
    /// Its parent's name.
    #[serde(default)]
    pub parent: Option<String>,
    /// Securities code.
    #[serde(default)]
    pub securities_code: Option<String>,
    /// Listed market.
    #[serde(default)]
    pub market: Option<String>,
}

/// An incident as a search index sees it (see [`Store::index_rows`]).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    /// The listed fields.
    pub summary: IncidentSummary,
    /// Its organisation, then each parent up to the top of the group.
    pub chain: Vec<String>,
    /// Every name: the chain, aliases, related parties.
    pub names: Vec<String>,
    /// What the cause was, in the documents' words.
    pub cause_detail: Vec<String>,
    /// Titles and text of its documents.
    pub text: String,
}

/// Row counts and consistency of a store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Documents stored.
    pub documents: i64,
    /// Incidents stored.
    pub incidents: i64,
    /// Facts stored.
    pub facts: i64,
    /// Organisations stored.
    pub organizations: i64,
    /// Rows pointing at nothing, or incidents without a document: must be 0.
    pub orphans: i64,
}

pub(crate) fn iso(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub(crate) fn parse_date(s: Option<String>) -> Option<PartialDate> {
    s.and_then(|s| s.parse().ok())
}

pub(crate) fn earliest(a: Option<PartialDate>, b: Option<PartialDate>) -> Option<PartialDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(
            if (y.year, y.month, y.day.unwrap_or(0)) < (x.year, x.month, x.day.unwrap_or(0)) {
                y
            } else {
                x
            },
        ),
        (x, y) => x.or(y),
    }
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT i.id, i.org_id, o.name, \
    (SELECT p.name FROM org_relations r JOIN organizations p ON p.id = r.parent_id WHERE r.child_id = i.org_id ORDER BY r.parent_id LIMIT 1) AS parent, \
    i.cause, i.occurred, i.detected, i.identified, i.disclosed, i.regulator_reported, i.loss_jpy, i.secondary_damage, i.detail \
    FROM incidents i JOIN organizations o ON o.id = i.org_id";

pub(crate) fn summary_from_row(r: &AnyRow) -> Result<IncidentSummary> {
    let detail: String = r.try_get("detail")?;
    let detail: Incident = serde_json::from_str(&detail)?;
    Ok(IncidentSummary {
        id: r.try_get(0)?,
        org_id: r.try_get(1)?,
        organization: r.try_get(2)?,
        parent: r.try_get(3)?,
        cause: r
            .try_get::<Option<String>, _>(4)?
            .and_then(|c| c.parse().ok()),
        occurred: parse_date(r.try_get(5)?),
        detected: parse_date(r.try_get(6)?),
        identified: parse_date(r.try_get(7)?),
        disclosed: parse_date(r.try_get(8)?),
        regulator_reported: parse_date(r.try_get(9)?),
        loss_jpy: r
            .try_get::<Option<i64>, _>(10)?
            .and_then(|v| u64::try_from(v).ok()),
        secondary_damage: r.try_get::<i64, _>(11)? != 0,
        counts: detail.counts,
        data: detail.data,
        documents: Vec::new(),
        flags: Vec::new(),
        parties: Vec::new(),
    })
}

/// The calendar day of a day-precise date.
pub(crate) fn as_day(d: Option<PartialDate>) -> Option<NaiveDate> {
    d.and_then(|d| NaiveDate::from_ymd_opt(d.year, d.month, d.day?))
}

impl IncidentSummary {
    /// Days from detection (or, failing that, occurrence) to disclosure, when both are days.
    pub fn disclosure_lag(&self) -> Option<i64> {
        let began = as_day(self.detected).or(as_day(self.occurred))?;
        Some((as_day(self.disclosed)? - began).num_days())
    }
}

pub(crate) fn timeline(s: &IncidentSummary) -> Vec<TimelineStep> {
    let mut out: Vec<TimelineStep> = Vec::new();
    let mut previous: Option<NaiveDate> = None;
    for (event, date) in [
        ("occurred", s.occurred),
        ("detected", s.detected),
        ("identified", s.identified),
        ("disclosed", s.disclosed),
        ("regulator_reported", s.regulator_reported),
    ] {
        let Some(date) = date else { continue };
        let day = as_day(Some(date));
        let gap = match (previous, day) {
            (Some(p), Some(d)) => Some((d - p).num_days()),
            _ => None,
        };
        if day.is_some() {
            previous = day;
        }
        out.push(TimelineStep {
            event: event.into(),
            date,
            days_after_previous: gap,
        });
    }
    out
}
