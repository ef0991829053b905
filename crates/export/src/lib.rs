//! Stored incidents in the formats other tools read: VERIS 1.4.1 records
//! (one JSON object per incident, [`veris`]) and one STIX 2.1 bundle
//! ([`stix`]: identities, incidents with the Incident Core extension, impacts,
//! relationships).
//!
//! Pure: an incident is its listed fields (`IncidentSummary`, with documents,
//! flags and affected parties) and its merged extraction (`Incident`: cause
//! details, related organisations); what comes out is a `serde_json::Value`,
//! or bytes on the writer the caller gives. Nothing reads a clock, so the same
//! store exports byte for byte the same, and every id is a UUID v5 of
//! [`NAMESPACE`] and the incident's or organisation's key.
//!
//! ```
//! use leakwatch_model::{Cause, Incident};
//! use leakwatch_store::IncidentSummary;
//! let summary = IncidentSummary {
//!     id: 7,
//!     organization: "北浜県産業振興局".into(),
//!     cause: Some(Cause::Misdelivery),
//!     occurred: Some("2024-06-03".parse().unwrap()),
//!     ..IncidentSummary::default()
//! };
//! let record = leakwatch_export::veris::record(&summary, &Incident::default());
//! assert_eq!(record["action"]["error"]["variety"][0], "Misdelivery");
//! assert_eq!(record["timeline"]["incident"]["year"], 2024);
//! ```

use std::io::Write;

use leakwatch_model::{Count, PartialDate};
use leakwatch_store::IncidentSummary;
use uuid::Uuid;

mod error;
pub mod stix;
#[cfg(test)]
mod tests;
pub mod veris;
mod vocab;

pub use error::Error;

/// The namespace of every id leakwatch exports (fixed for ever: changing it
/// changes every exported id).
pub const NAMESPACE: Uuid = uuid::uuid!("51399b85-25da-4ef6-8fd3-a49db4c606ff");

/// A UUID v5 of [`NAMESPACE`] for a kind of thing and its key.
pub(crate) fn id_of(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}\u{1f}{key}").as_bytes())
}

/// An incident's key: its store id and its organisation (a store id alone is
/// reused by another store).
pub(crate) fn incident_key(s: &IncidentSummary) -> String {
    format!("{}\u{1f}{}", s.id, s.organization)
}

/// The largest count of people or their records ([`Count::most_persons`]):
/// counts of companies, items or mails are not records.
pub(crate) fn records(counts: &[Count]) -> Option<u64> {
    Count::most_persons(counts)
}

/// When the incident happened, or failing that when anything is known of it,
/// with the field it came from.
pub(crate) fn incident_date(s: &IncidentSummary) -> Option<(PartialDate, &'static str)> {
    [
        (s.occurred, "occurred"),
        (s.detected, "detected"),
        (s.identified, "identified"),
        (s.disclosed, "disclosed"),
        (s.regulator_reported, "regulator_reported"),
    ]
    .into_iter()
    .find_map(|(d, field)| d.map(|d| (d, field)))
    .or_else(|| first_published(s).map(|d| (d, "published")))
}

/// The earliest publication date of the incident's documents.
pub(crate) fn first_published(s: &IncidentSummary) -> Option<PartialDate> {
    s.documents
        .iter()
        .filter_map(|d| d.published.as_deref()?.parse::<PartialDate>().ok())
        .min()
}

/// Whether a document's location is a web address (else a file path).
pub(crate) fn is_url(location: &str) -> bool {
    location.starts_with("https://") || location.starts_with("http://")
}

/// Writes each incident's VERIS record as one line of JSON.
pub fn write_veris(
    out: &mut impl Write,
    incidents: &[(IncidentSummary, leakwatch_model::Incident)],
) -> Result<(), Error> {
    for (summary, detail) in incidents {
        serde_json::to_writer(&mut *out, &veris::record(summary, detail))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes the incidents as one STIX 2.1 bundle (pretty-printed JSON).
pub fn write_stix(
    out: &mut impl Write,
    incidents: &[(IncidentSummary, leakwatch_model::Incident)],
) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, &stix::bundle(incidents))?;
    out.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod testing {
    use leakwatch_model::Incident;
    use leakwatch_store::IncidentSummary;

    /// An incident of which nothing is known but its organisation.
    pub(crate) fn bare(org: &str) -> (IncidentSummary, Incident) {
        (
            IncidentSummary {
                id: 1,
                org_id: 1,
                organization: org.into(),
                ..IncidentSummary::default()
            },
            Incident {
                organization: org.into(),
                ..Incident::default()
            },
        )
    }
}
