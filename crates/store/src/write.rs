//! The one write path: a document, its incidents, their facts and links, in one transaction.

use super::*;

/// A notice of the incident's cost: a timely disclosure, or any notice of a 特別損失, with an amount.
pub(crate) fn is_loss_notice(doc: &NewDocument, inc: &Incident) -> bool {
    inc.loss_jpy.is_some()
        && (doc.source_type == Some(SourceType::TimelyDisclosure) || doc.body.contains("特別損失"))
}

/// The role a document plays in an incident.
pub(crate) fn document_role(
    doc: &NewDocument,
    inc: &Incident,
    created: bool,
    via_related: bool,
) -> DocumentRole {
    if via_related {
        return DocumentRole::RelatedParty;
    }
    match doc.source_type {
        Some(SourceType::News) => return DocumentRole::News,
        Some(SourceType::Blog) => return DocumentRole::Blog,
        _ => {}
    }
    if is_loss_notice(doc, inc) {
        DocumentRole::SpecialLoss
    } else if inc.report_number.is_some_and(|n| n > 1) || !created {
        DocumentRole::FollowUp
    } else {
        DocumentRole::FirstDisclosure
    }
}

/// The organisation with this name (or alias), created if new, with the key it
/// is stored under; its display name becomes the fullest written form seen.
pub(crate) async fn upsert_org(tx: &mut Transaction<'_, Any>, name: &str) -> Result<(i64, String)> {
    let key = norm_key(name);
    let found: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT o.id, o.name, o.norm_key FROM organizations o WHERE o.norm_key = $1 \
         UNION ALL SELECT o.id, o.name, o.norm_key FROM org_aliases a JOIN organizations o ON o.id = a.org_id \
         WHERE a.norm_key = $1 LIMIT 1",
    )
    .bind(&key)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((id, stored, stored_key)) = found {
        if name.chars().count() > stored.chars().count() && stored_key == key {
            sqlx::query("UPDATE organizations SET name = $1 WHERE id = $2")
                .bind(name)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        return Ok((id, stored_key));
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO organizations (name, norm_key) VALUES ($1, $2) ON CONFLICT (norm_key) DO NOTHING RETURNING id",
    )
    .bind(name)
    .bind(&key)
    .fetch_optional(&mut **tx)
    .await?;
    let id = match id {
        Some(id) => id,
        None => {
            sqlx::query_scalar("SELECT id FROM organizations WHERE norm_key = $1")
                .bind(&key)
                .fetch_one(&mut **tx)
                .await?
        }
    };
    Ok((id, key))
}

/// `($1, $2, $3), ($4, $5, $6) …`: numbered placeholders for a multi-row
/// statement. sqlx's QueryBuilder writes `?` for the Any driver, which
/// PostgreSQL refuses, so they are numbered here.
pub(crate) fn placeholders(rows: usize, cols: usize) -> String {
    let mut out = String::new();
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for c in 0..cols {
            if c > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("${}", r * cols + c + 1));
        }
        out.push(')');
    }
    out
}

pub(crate) async fn relate(
    tx: &mut Transaction<'_, Any>,
    child: i64,
    parent: i64,
    document: Option<i64>,
) -> Result<()> {
    if child == parent {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO org_relations (child_id, parent_id, document_id) VALUES ($1, $2, $3) \
         ON CONFLICT (child_id, parent_id) DO NOTHING",
    )
    .bind(child)
    .bind(parent)
    .bind(document)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) fn link_facts(
    inc: &Incident,
    org_key: String,
    loss_notice: bool,
    commentary: bool,
) -> link::Facts {
    let mut related_keys: Vec<String> = inc.related.iter().map(|r| norm_key(&r.name)).collect();
    let provider_keys: Vec<String> = inc
        .related
        .iter()
        .filter(|r| matches!(r.role, PartyRole::Provider | PartyRole::Contractor))
        .map(|r| norm_key(&r.name))
        .filter(|k| !k.is_empty())
        .collect();
    if let Some(p) = &inc.parent {
        related_keys.push(norm_key(p));
    }
    related_keys.retain(|k| !k.is_empty());
    link::Facts {
        org_key,
        related_keys,
        cause: inc.cause,
        occurred: inc.occurred,
        detected: inc.detected,
        disclosed: inc.disclosed,
        report_number: inc.report_number,
        loss_notice,
        provider_keys,
        commentary,
        documents: 0,
    }
}

/// Refuses text neither backend keeps: SQLite's string functions stop at a
/// NUL, and PostgreSQL rejects it.
pub(crate) fn check_text(doc: &NewDocument) -> Result<()> {
    for (field, text) in [
        ("the document body", Some(doc.body.as_str())),
        ("the title", doc.title.as_deref()),
        ("the location", Some(doc.location.as_str())),
    ] {
        if let Some(at) = text.and_then(|t| t.find('\0')) {
            return Err(Error::Nul { field, at });
        }
    }
    Ok(())
}

/// Stores one document and its incidents inside the caller's transaction.
pub(crate) async fn ingest_in(
    tx: &mut Transaction<'_, Any>,
    doc: &NewDocument,
    extraction: &Extraction,
    judge: Option<&dyn Judge>,
) -> Result<Ingested> {
    check_text(doc)?;
    let hash = blake3::hash(doc.body.as_bytes()).to_hex().to_string();
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO documents (location, title, source_type, published, fetched, content_hash, body, report_number) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (content_hash) DO NOTHING RETURNING id",
    )
    .bind(&doc.location)
    .bind(doc.title.as_deref())
    .bind(doc.source_type.map(|t| t.as_str()))
    .bind(doc.published.map(|d| d.to_string()))
    .bind(Utc::now().to_rfc3339())
    .bind(&hash)
    .bind(&doc.body)
    .bind(extraction.incidents.iter().find_map(|i| i.report_number).map(i64::from))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(document_id) = inserted else {
        // Nothing was written for it.
        let id: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE content_hash = $1")
            .bind(&hash)
            .fetch_one(&mut **tx)
            .await?;
        return Ok(Ingested::Duplicate { document_id: id });
    };
    let mut linked = Vec::new();
    for inc in &extraction.incidents {
        let (incident_id, created) = store_incident(tx, document_id, doc, inc).await?;
        if !linked.iter().any(|(id, _)| *id == incident_id) {
            linked.push((incident_id, created));
        }
    }
    if let Some(judge) = judge {
        let ids: Vec<i64> = linked.iter().map(|(id, _)| *id).collect();
        crate::flags::refresh(tx, judge, &ids).await?;
    }
    Ok(Ingested::Stored {
        document_id,
        incidents: linked,
    })
}

/// How many stored incidents of one organisation the linking rule looks at, newest first.
pub(crate) const MAX_CANDIDATES: i64 = 100;

/// The stored incidents a new reading may join: those of its own organisation
/// and of the organisations it names, and those that name it — newest first,
/// with their related parties from `incident_parties` (no JSON is parsed here:
/// this runs once per incident of every document).
pub(crate) async fn candidates(
    tx: &mut Transaction<'_, Any>,
    org_id: i64,
    related_keys: &[String],
    org_key: &str,
) -> Result<Vec<link::Candidate>> {
    // The organisations it names, as ids (one indexed lookup).
    let mut org_ids = vec![org_id];
    if !related_keys.is_empty() {
        let list: Vec<String> = (1..=related_keys.len()).map(|k| format!("${k}")).collect();
        let list = list.join(", ");
        let sql = format!(
            "SELECT id FROM organizations WHERE norm_key IN ({list}) \
             UNION SELECT org_id FROM org_aliases WHERE norm_key IN ({list})"
        );
        let mut q = sqlx::query_scalar::<Any, i64>(sqlx::AssertSqlSafe(sql));
        for k in related_keys {
            q = q.bind(k);
        }
        for id in q.fetch_all(&mut **tx).await? {
            if !org_ids.contains(&id) {
                org_ids.push(id);
            }
        }
    }
    // Newest first from each index ((org_id, id) and (norm_key, incident_id)),
    // so the work per document stays bounded however many incidents an
    // organisation has; a plain `OR` would make PostgreSQL scan every incident.
    let list: Vec<String> = (1..=org_ids.len()).map(|k| format!("${k}")).collect();
    let key_at = org_ids.len() + 1;
    let sql = format!(
        "SELECT i.id, o.norm_key, i.cause, i.occurred, i.detected, i.disclosed, \
         (SELECT COUNT(*) FROM incident_documents d WHERE d.incident_id = i.id) \
         FROM incidents i JOIN organizations o ON o.id = i.org_id WHERE i.id IN ( \
         SELECT id FROM (SELECT id FROM incidents WHERE org_id IN ({}) ORDER BY id DESC LIMIT {MAX_CANDIDATES}) AS own \
         UNION SELECT incident_id FROM (SELECT incident_id FROM incident_parties WHERE norm_key = ${key_at} \
         ORDER BY incident_id DESC LIMIT {MAX_CANDIDATES}) AS naming) \
         ORDER BY i.id DESC LIMIT {MAX_CANDIDATES}",
        list.join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in &org_ids {
        q = q.bind(*id);
    }
    q = q.bind(org_key);
    let rows = q.fetch_all(&mut **tx).await?;
    let mut out: Vec<link::Candidate> = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(link::Candidate {
            id: r.try_get(0)?,
            facts: link::Facts {
                org_key: r.try_get(1)?,
                related_keys: Vec::new(),
                cause: r
                    .try_get::<Option<String>, _>(2)?
                    .and_then(|c| c.parse().ok()),
                occurred: parse_date(r.try_get(3)?),
                detected: parse_date(r.try_get(4)?),
                disclosed: parse_date(r.try_get(5)?),
                report_number: None,
                loss_notice: false,
                provider_keys: Vec::new(),
                commentary: false,
                documents: u32::try_from(r.try_get::<i64, _>(6)?).unwrap_or(u32::MAX),
            },
        });
    }
    // Related parties matter only for another organisation's incidents.
    let others: Vec<String> = out
        .iter()
        .filter(|c| c.facts.org_key != org_key)
        .map(|c| c.id.to_string())
        .collect();
    if !others.is_empty() {
        let ids = others;
        let sql = format!(
            "SELECT incident_id, norm_key, role FROM incident_parties WHERE incident_id IN ({})",
            ids.join(",")
        );
        let parties = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&mut **tx)
            .await?;
        let mut by_id: HashMap<i64, Vec<String>> = HashMap::new();
        let mut providers: HashMap<i64, Vec<String>> = HashMap::new();
        for r in &parties {
            let (id, key, role): (i64, String, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            if matches!(role.as_str(), "provider" | "contractor") {
                providers.entry(id).or_default().push(key.clone());
            }
            by_id.entry(id).or_default().push(key);
        }
        for c in &mut out {
            c.facts.related_keys = by_id.remove(&c.id).unwrap_or_default();
            c.facts.provider_keys = providers.remove(&c.id).unwrap_or_default();
        }
    }
    Ok(out)
}

/// Stores one extracted incident of a document: finds or creates its
/// organisation, links it to a stored incident or creates one, and records the
/// facts with their spans. Returns the incident id and whether it is new.
pub(crate) async fn store_incident(
    tx: &mut Transaction<'_, Any>,
    document_id: i64,
    doc: &NewDocument,
    inc: &Incident,
) -> Result<(i64, bool)> {
    let (org_id, org_key) = upsert_org(tx, &inc.organization).await?;
    // Other names of the organisation, in one statement.
    let aliases: Vec<(String, String)> = inc
        .aliases
        .iter()
        .filter(|a| !is_anaphor(a))
        .map(|a| (a.clone(), norm_key(a)))
        .filter(|(_, k)| !k.is_empty() && *k != org_key)
        .collect();
    if !aliases.is_empty() {
        let sql = format!(
            "INSERT INTO org_aliases (org_id, alias, norm_key) VALUES {} ON CONFLICT (org_id, norm_key) DO NOTHING",
            placeholders(aliases.len(), 3)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (a, k) in &aliases {
            q = q.bind(org_id).bind(a.clone()).bind(k.clone());
        }
        q.execute(&mut **tx).await?;
    }
    if let Some(parent) = &inc.parent {
        let (pid, _) = upsert_org(tx, parent).await?;
        relate(tx, org_id, pid, Some(document_id)).await?;
    }
    for r in &inc.related {
        if let Some(parent) = &r.parent {
            let (child, _) = upsert_org(tx, &r.name).await?;
            let (pid, _) = upsert_org(tx, parent).await?;
            relate(tx, child, pid, Some(document_id)).await?;
        }
    }

    let loss_notice = is_loss_notice(doc, inc);
    let commentary = matches!(doc.source_type, Some(SourceType::News | SourceType::Blog));
    let new_facts = link_facts(inc, org_key.clone(), loss_notice, commentary);
    let cands = candidates(tx, org_id, &new_facts.related_keys, &org_key).await?;
    let verdict = link::decide(&new_facts, &cands);

    let mut stored_inc = inc.clone();
    stored_inc.evidence.clear();
    let customer = verdict
        .as_ref()
        .is_some_and(|v| v.join == link::Join::AffectedCustomer);
    let (incident_id, created, reason, reason_ja, via_related) = match verdict {
        Some(v) if v.join == link::Join::AffectedCustomer => {
            // The provider's event stays as the provider told it; the customer
            // joins as an affected party with its own figures.
            crate::flags::affected_party(tx, v.incident_id, document_id, inc).await?;
            (v.incident_id, false, v.reason, v.reason_ja, true)
        }
        Some(v) => {
            let json: String = sqlx::query_scalar("SELECT detail FROM incidents WHERE id = $1")
                .bind(v.incident_id)
                .fetch_one(&mut **tx)
                .await?;
            let mut merged: Incident = serde_json::from_str(&json)?;
            let told = merged.disclosed;
            if v.via_related {
                merge::merge_related(&mut merged, &stored_inc);
            } else {
                merge::merge(&mut merged, &stored_inc);
            }
            // Someone else's account dates its own publication, not the organisation's disclosure.
            if commentary && told.is_some() {
                merged.disclosed = told;
            }
            update_incident(tx, v.incident_id, &merged).await?;
            (v.incident_id, false, v.reason, v.reason_ja, v.via_related)
        }
        None => {
            let id = insert_incident(tx, org_id, &stored_inc).await?;
            // Customers that told of this provider's attack before it did.
            for c in link::customers_of(&new_facts, &cands) {
                crate::fold::fold_customer(tx, c, id, document_id).await?;
            }
            (
                id,
                true,
                link::FIRST_REASON.to_owned(),
                link::FIRST_REASON_JA.to_owned(),
                false,
            )
        }
    };
    let role = if customer {
        DocumentRole::AffectedParty
    } else {
        document_role(doc, inc, created, via_related)
    };
    sqlx::query(
        "INSERT INTO incident_documents (incident_id, document_id, role, reason, reason_ja) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (incident_id, document_id) DO NOTHING",
    )
    .bind(incident_id)
    .bind(document_id)
    .bind(role.as_str())
    .bind(&reason)
    .bind(&reason_ja)
    .execute(&mut **tx)
    .await?;
    if customer {
        return Ok((incident_id, false));
    }
    if matches!(role, DocumentRole::FirstDisclosure | DocumentRole::FollowUp) {
        settle_notice_roles(tx, incident_id).await?;
    }
    // The organisations it names, by key, in one statement: a later notice of
    // one of them finds this incident through them.
    let mut parties: Vec<(String, String)> = Vec::new();
    let named = inc
        .related
        .iter()
        .map(|r| (r.name.as_str(), r.role.as_str()))
        .chain(inc.parent.as_deref().map(|p| (p, "parent")));
    for (name, role) in named {
        let k = norm_key(name);
        if !k.is_empty() && k != org_key && !parties.iter().any(|(x, _)| *x == k) {
            parties.push((k, role.to_owned()));
        }
    }
    if !parties.is_empty() {
        let sql = format!(
            "INSERT INTO incident_parties (incident_id, norm_key, role) VALUES {} \
             ON CONFLICT (incident_id, norm_key) DO NOTHING",
            placeholders(parties.len(), 3)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (k, role) in parties {
            q = q.bind(incident_id).bind(k).bind(role);
        }
        q.execute(&mut **tx).await?;
    }
    // The facts, in one statement per batch.
    insert_facts(tx, incident_id, document_id, &inc.evidence).await?;
    Ok((incident_id, created))
}

/// The facts of one reading, in one statement per hundred.
pub(crate) async fn insert_facts(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    document_id: i64,
    evidence: &[leakwatch_model::Evidence],
) -> Result<()> {
    for chunk in evidence.chunks(100) {
        let sql = format!(
            "INSERT INTO facts (incident_id, document_id, field, value, span_start, span_end, quote) VALUES {}",
            placeholders(chunk.len(), 7)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for e in chunk {
            q = q
                .bind(incident_id)
                .bind(document_id)
                .bind(e.field.clone())
                .bind(e.value.clone())
                .bind(i64::try_from(e.start).unwrap_or(i64::MAX))
                .bind(i64::try_from(e.end).unwrap_or(i64::MAX))
                .bind(e.text.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Labels the incident's own notices by when they were published, not by when
/// they arrived: the earliest that is not a 第2報 or later (by publication date,
/// then content hash) is the first disclosure, the others follow-ups. A rerun after
/// a partial failure, or notices fed newest first, give the same labels.
pub(crate) async fn settle_notice_roles(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
) -> Result<()> {
    let first: Option<i64> = sqlx::query_scalar(
        "SELECT d.id FROM incident_documents l JOIN documents d ON d.id = l.document_id \
         WHERE l.incident_id = $1 AND l.role IN ('first_disclosure', 'follow_up') \
         AND COALESCE(d.report_number, 1) <= 1 \
         ORDER BY CASE WHEN d.published IS NULL THEN 1 ELSE 0 END, d.published, \
         COALESCE(d.report_number, 1), d.content_hash LIMIT 1",
    )
    .bind(incident_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(first) = first {
        sqlx::query(
            "UPDATE incident_documents SET role = CASE WHEN document_id = $2 THEN 'first_disclosure' ELSE 'follow_up' END \
             WHERE incident_id = $1 AND role IN ('first_disclosure', 'follow_up')",
        )
        .bind(incident_id)
        .bind(first)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn insert_incident(
    tx: &mut Transaction<'_, Any>,
    org_id: i64,
    inc: &Incident,
) -> Result<i64> {
    let now = Utc::now().to_rfc3339();
    Ok(sqlx::query_scalar(
        "INSERT INTO incidents (org_id, cause, occurred, detected, identified, disclosed, regulator_reported, \
         loss_jpy, secondary_damage, detail, created, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(org_id)
    .bind(inc.cause.map(|c| c.as_str()))
    .bind(iso(inc.occurred))
    .bind(iso(inc.detected))
    .bind(iso(inc.identified))
    .bind(iso(inc.disclosed))
    .bind(iso(inc.regulator_reported))
    .bind(inc.loss_jpy.and_then(|v| i64::try_from(v).ok()))
    .bind(i64::from(inc.secondary_damage))
    .bind(serde_json::to_string(inc)?)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

pub(crate) async fn update_incident(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    inc: &Incident,
) -> Result<()> {
    sqlx::query(
        "UPDATE incidents SET cause = $1, occurred = $2, detected = $3, identified = $4, disclosed = $5, \
         regulator_reported = $6, loss_jpy = $7, secondary_damage = $8, detail = $9, updated = $10 WHERE id = $11",
    )
    .bind(inc.cause.map(|c| c.as_str()))
    .bind(iso(inc.occurred))
    .bind(iso(inc.detected))
    .bind(iso(inc.identified))
    .bind(iso(inc.disclosed))
    .bind(iso(inc.regulator_reported))
    .bind(inc.loss_jpy.and_then(|v| i64::try_from(v).ok()))
    .bind(i64::from(inc.secondary_damage))
    .bind(serde_json::to_string(inc)?)
    .bind(Utc::now().to_rfc3339())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Stores a document and what was extracted from it, linking each incident
    /// to a stored one where [`link::decide`] says so: all in one transaction.
    pub async fn ingest(&self, doc: &NewDocument, extraction: &Extraction) -> Result<Ingested> {
        let mut tx = self.pool.begin().await?;
        let out = ingest_in(&mut tx, doc, extraction, self.judge.as_deref()).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Stores a batch of documents in one transaction: each document with its
    /// facts and links is still all-or-nothing, and the batch shares one commit
    /// (far fewer round trips and WAL writes than one transaction each). If
    /// anything fails, the batch is rolled back and redone one document per
    /// transaction, so one bad document costs only itself. Results are in order.
    pub async fn ingest_batch(&self, items: &[(NewDocument, Extraction)]) -> Vec<Result<Ingested>> {
        let attempt = async {
            let mut tx = self.pool.begin().await?;
            let mut out = Vec::with_capacity(items.len());
            for (doc, extraction) in items {
                out.push(ingest_in(&mut tx, doc, extraction, self.judge.as_deref()).await?);
            }
            tx.commit().await?;
            Ok::<_, Error>(out)
        };
        let out = match attempt.await {
            Ok(out) => out.into_iter().map(Ok).collect(),
            Err(e) => {
                tracing::debug!(error = %e, "batch failed; storing its documents one by one");
                let mut out = Vec::with_capacity(items.len());
                for (doc, extraction) in items {
                    out.push(self.ingest(doc, extraction).await);
                }
                out
            }
        };
        self.note_growth(items.len() as u64).await;
        out
    }

    /// Counts written documents and refreshes the statistics when they have doubled.
    pub(crate) async fn note_growth(&self, n: u64) {
        use std::sync::atomic::Ordering;
        let written = self.growth.written.fetch_add(n, Ordering::Relaxed) + n;
        let next = self.growth.next_refresh.load(Ordering::Relaxed);
        if written < next
            || self
                .growth
                .next_refresh
                .compare_exchange(next, written * 2, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        let sql = match self.backend {
            Backend::Postgres => "ANALYZE",
            Backend::Sqlite => "PRAGMA optimize",
        };
        if let Err(e) = sqlx::raw_sql(sql).execute(&self.pool).await {
            tracing::warn!(error = %e, "refreshing planner statistics failed");
        }
    }
}
