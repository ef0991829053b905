//! `leakwatch export`: incidents as JSON Lines, CSV, VERIS records or a STIX bundle.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use leakwatch_store::IncidentSummary;

use super::incidents::Filter;

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated, one row per incident.
    Csv,
    /// One VERIS 1.4.1 record per line (JSON Lines).
    Veris,
    /// One STIX 2.1 bundle: identities, incidents, impacts, relationships.
    Stix,
}

/// Export incidents.
#[derive(Debug, Args)]
pub struct Export {
    /// The format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filter: Filter,
}

const CSV_HEADER: [&str; 17] = [
    "id",
    "organization",
    "parent",
    "cause",
    "occurred",
    "detected",
    "identified",
    "disclosed",
    "regulator_reported",
    "loss_jpy",
    "secondary_damage",
    "counts",
    "data",
    "documents",
    "first_document",
    "flags",
    "parties",
];

fn csv_row(i: &IncidentSummary) -> Vec<String> {
    vec![
        i.id.to_string(),
        i.organization.clone(),
        i.parent.clone().unwrap_or_default(),
        i.cause.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        i.occurred.map(|d| d.to_string()).unwrap_or_default(),
        i.detected.map(|d| d.to_string()).unwrap_or_default(),
        i.identified.map(|d| d.to_string()).unwrap_or_default(),
        i.disclosed.map(|d| d.to_string()).unwrap_or_default(),
        i.regulator_reported
            .map(|d| d.to_string())
            .unwrap_or_default(),
        i.loss_jpy.map(|v| v.to_string()).unwrap_or_default(),
        i.secondary_damage.to_string(),
        i.counts
            .iter()
            .map(|c| format!("{}{}", c.value, c.unit))
            .collect::<Vec<_>>()
            .join(";"),
        i.data
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        i.documents.len().to_string(),
        i.documents
            .first()
            .map(|d| d.location.clone())
            .unwrap_or_default(),
        i.flags
            .iter()
            .map(|f| f.code.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        i.parties
            .iter()
            .map(|p| {
                let counts: Vec<String> = p
                    .counts
                    .iter()
                    .map(|c| format!("{}{}", c.value, c.unit))
                    .collect();
                if counts.is_empty() {
                    format!("{} ({})", p.name, p.role)
                } else {
                    format!("{} ({}: {})", p.name, p.role, counts.join(" "))
                }
            })
            .collect::<Vec<_>>()
            .join(";"),
    ]
}

impl Export {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let mut filter = self.filter.to_filter();
        filter.limit = Some(self.filter.limit.unwrap_or(u32::MAX));
        let rt = ctx.runtime()?;
        let detailed = matches!(self.format, Format::Veris | Format::Stix);
        let (list, details) = rt.block_on(async {
            let store = ctx.open_store().await?;
            let l = store.incidents(&filter).await?;
            // VERIS and STIX map the cause details and related organisations too.
            let mut d = Vec::new();
            if detailed {
                let ids: Vec<i64> = l.iter().map(|i| i.id).collect();
                for chunk in ids.chunks(500) {
                    d.extend(store.with_detail(chunk).await?);
                }
            }
            store.close().await;
            anyhow::Ok((l, d))
        })?;
        let sink: Box<dyn Write> = match &self.out {
            Some(p) => Box::new(
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
            ),
            None => Box::new(std::io::stdout().lock()),
        };
        let mut sink = std::io::BufWriter::new(sink);
        match self.format {
            Format::Jsonl => {
                for i in &list {
                    serde_json::to_writer(&mut sink, i)?;
                    sink.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut sink);
                w.write_record(CSV_HEADER)?;
                for i in &list {
                    w.write_record(csv_row(i))?;
                }
                w.flush()?;
            }
            Format::Veris => leakwatch_export::write_veris(&mut sink, &details)?,
            Format::Stix => leakwatch_export::write_stix(&mut sink, &details)?,
        }
        sink.flush()?;
        eprintln!("exported {} incident(s)", list.len());
        Ok(ExitCode::SUCCESS)
    }
}
