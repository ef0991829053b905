//! `leakwatch show`: one incident, its facts with evidence, documents and timeline.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

/// Show one incident: facts with their evidence, documents (and why they were linked), timeline.
#[derive(Debug, Args)]
pub struct Show {
    /// The incident id.
    pub id: i64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

impl Show {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        let mut out = std::io::stdout().lock();
        let rt = ctx.runtime()?;
        let (id, detail) = rt.block_on(async {
            let store = ctx.open_store().await?;
            let mut id = self.id;
            let mut d = store.incident(id).await?;
            if d.is_none()
                && let Some(into) = store.folded_into(id).await?
            {
                // A customer's incident that joined its provider's: show where it went.
                eprintln!("leakwatch: incident #{id} was folded into incident #{into}");
                id = into;
                d = store.incident(id).await?;
            }
            store.close().await;
            anyhow::Ok((id, d))
        })?;
        let Some(d) = detail else {
            eprintln!("leakwatch: no incident #{id}");
            return Ok(ExitCode::FAILURE);
        };
        if self.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&d)?)?;
            return Ok(ExitCode::SUCCESS);
        }
        let s = &d.summary;
        writeln!(out, "incident #{}: {}", s.id, s.organization)?;
        if let Some(p) = &s.parent {
            writeln!(out, "  parent:   {p}")?;
        }
        for r in &d.detail.related {
            writeln!(out, "  related:  {} ({})", r.name, r.role)?;
        }
        writeln!(out, "  cause:    {}", s.cause.map_or("-", |c| c.as_str()))?;
        if !d.detail.cause_detail.is_empty() {
            writeln!(out, "  detail:   {}", d.detail.cause_detail.join(", "))?;
        }
        let counts: Vec<String> = s
            .counts
            .iter()
            .map(|c| format!("{}{}", c.value, c.unit))
            .collect();
        writeln!(out, "  counts:   {}", counts.join(", "))?;
        let data: Vec<&str> = s.data.iter().map(|k| k.as_str()).collect();
        writeln!(out, "  data:     {}", data.join(", "))?;
        if let Some(l) = s.loss_jpy {
            writeln!(out, "  loss:     {l} yen")?;
        }
        writeln!(
            out,
            "  misused:  {}",
            if s.secondary_damage {
                "yes"
            } else {
                "not stated"
            }
        )?;
        writeln!(out, "timeline:")?;
        for t in &d.timeline {
            let gap = t
                .days_after_previous
                .map(|g| format!("  ({g:+} days)"))
                .unwrap_or_default();
            writeln!(out, "  {:<20} {}{gap}", t.event, t.date)?;
        }
        writeln!(out, "documents:")?;
        for doc in &s.documents {
            writeln!(
                out,
                "  [{}] {} {} {}\n       {}\n       linked: {}",
                doc.id,
                doc.published.as_deref().unwrap_or("-"),
                doc.role,
                doc.title.as_deref().unwrap_or(""),
                doc.location,
                doc.reason
            )?;
            if let Some(ja) = &doc.reason_ja {
                writeln!(out, "       理由: {ja}")?;
            }
        }
        if !s.parties.is_empty() {
            writeln!(out, "affected parties:")?;
            for p in &s.parties {
                let counts: Vec<String> = p
                    .counts
                    .iter()
                    .map(|c| format!("{}{}", c.value, c.unit))
                    .collect();
                writeln!(
                    out,
                    "  {} ({})  {}  doc {}",
                    p.name,
                    p.role,
                    counts.join(", "),
                    p.document_id.map_or("-".to_owned(), |d| d.to_string())
                )?;
            }
        }
        writeln!(out, "flags:")?;
        if s.flags.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for f in &s.flags {
            writeln!(
                out,
                "  {} ({})\n       {}\n       {}",
                f.code,
                f.code.label_ja(),
                f.reason_ja,
                f.reason_en
            )?;
            let facts: Vec<String> = f.facts.iter().map(|(k, v)| format!("{k}={v}")).collect();
            if !facts.is_empty() {
                writeln!(out, "       facts: {}", facts.join("; "))?;
            }
        }
        writeln!(out, "facts:")?;
        for f in &d.facts {
            writeln!(
                out,
                "  {:<20} {:<24} doc {} @{}..{}  「{}」",
                f.field, f.value, f.document_id, f.start, f.end, f.quote
            )?;
        }
        Ok(ExitCode::SUCCESS)
    }
}
