//! Reading incidents: lists, one incident with its facts and timeline, row counts.

use super::*;

impl Store {
    /// Incidents matching `filter`, newest first.
    pub async fn incidents(&self, filter: &IncidentFilter) -> Result<Vec<IncidentSummary>> {
        let mut sql = String::from(SUMMARY_SELECT);
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(name) = &filter.org {
            let ids = match self.find_org(name).await? {
                Some(id) => self.group_ids(id).await?,
                None => return Ok(Vec::new()),
            };
            conds.push(format!(
                "i.org_id IN ({})",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ));
        }
        if let Some(c) = filter.cause {
            args.push(c.as_str().to_owned());
            conds.push(format!("i.cause = ${}", args.len()));
        }
        if let Some(f) = filter.flag {
            args.push(f.as_str().to_owned());
            conds.push(format!(
                "i.id IN (SELECT incident_id FROM incident_flags WHERE code = ${})",
                args.len()
            ));
        }
        if let Some(d) = filter.since {
            args.push(d.to_string());
            conds.push(format!(
                "COALESCE(i.disclosed, i.occurred) >= ${}",
                args.len()
            ));
        }
        if let Some(d) = filter.until {
            // A month-only date sorts before its days: compare with the day after.
            args.push(format!("{d}~"));
            conds.push(format!(
                "COALESCE(i.disclosed, i.occurred) <= ${}",
                args.len()
            ));
        }
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        sql.push_str(&format!(
            " ORDER BY COALESCE(i.disclosed, i.occurred) DESC, i.id DESC LIMIT {} OFFSET {}",
            filter.limit.unwrap_or(1000),
            filter.offset.unwrap_or(0)
        ));
        // Literal ids and limits: prepare it once, do not fill the statement cache.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
        for a in &args {
            q = q.bind(a);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut out: Vec<IncidentSummary> =
            rows.iter().map(summary_from_row).collect::<Result<_>>()?;
        self.attach_documents(&mut out).await?;
        Ok(out)
    }

    pub(crate) async fn attach_documents(&self, incidents: &mut [IncidentSummary]) -> Result<()> {
        if incidents.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = incidents.iter().map(|i| i.id.to_string()).collect();
        // SQLite, once it has statistics, would rather scan every document than
        // look up the links first; CROSS JOIN fixes its join order.
        let join = match self.backend {
            Backend::Sqlite => "CROSS JOIN",
            Backend::Postgres => "JOIN",
        };
        let sql = format!(
            "SELECT l.incident_id, d.id, d.location, d.title, d.source_type, d.published, l.role, l.reason, l.reason_ja \
             FROM incident_documents l {join} documents d ON d.id = l.document_id \
             WHERE l.incident_id IN ({}) ORDER BY d.published, d.id",
            ids.join(",")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        let mut by_incident: HashMap<i64, Vec<DocumentRef>> = HashMap::new();
        for r in rows {
            by_incident
                .entry(r.try_get(0)?)
                .or_default()
                .push(DocumentRef {
                    id: r.try_get(1)?,
                    location: r.try_get(2)?,
                    title: r.try_get(3)?,
                    source_type: r.try_get(4)?,
                    published: r.try_get(5)?,
                    role: r
                        .try_get::<String, _>(6)?
                        .parse()
                        .unwrap_or(DocumentRole::FollowUp),
                    reason: r.try_get(7)?,
                    reason_ja: r.try_get(8)?,
                });
        }
        let ids: Vec<i64> = incidents.iter().map(|i| i.id).collect();
        let mut flags = self.flags_of(&ids).await?;
        let sql = format!(
            "SELECT incident_id, {} FROM incident_parties \
             WHERE role = 'customer' AND incident_id IN ({}) ORDER BY document_id, norm_key",
            crate::flags::PARTY_COLUMNS,
            id_list(&ids)
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        let mut parties: HashMap<i64, Vec<AffectedParty>> = HashMap::new();
        for r in &rows {
            if let Some(p) = crate::flags::party_of(r, 1)? {
                parties.entry(r.try_get(0)?).or_default().push(p);
            }
        }
        for inc in incidents {
            inc.documents = by_incident.remove(&inc.id).unwrap_or_default();
            inc.flags = flags.remove(&inc.id).unwrap_or_default();
            inc.parties = parties.remove(&inc.id).unwrap_or_default();
        }
        Ok(())
    }

    /// One incident with its facts, documents and timeline.
    pub async fn incident(&self, id: i64) -> Result<Option<IncidentDetail>> {
        let sql = format!("{SUMMARY_SELECT} WHERE i.id = $1");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let mut summary = [summary_from_row(&row)?];
        self.attach_documents(&mut summary).await?;
        let [summary] = summary;
        let detail_json: String = row.try_get("detail")?;
        let detail: Incident = serde_json::from_str(&detail_json)?;
        let facts = sqlx::query(
            "SELECT field, value, document_id, span_start, span_end, quote FROM facts \
             WHERE incident_id = $1 ORDER BY document_id, span_start",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(StoredFact {
                field: r.try_get(0)?,
                value: r.try_get(1)?,
                document_id: r.try_get(2)?,
                start: usize::try_from(r.try_get::<i64, _>(3)?).unwrap_or(0),
                end: usize::try_from(r.try_get::<i64, _>(4)?).unwrap_or(0),
                quote: r.try_get(5)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let timeline = timeline(&summary);
        Ok(Some(IncidentDetail {
            summary,
            detail,
            facts,
            timeline,
        }))
    }

    /// The body of a stored document.
    pub async fn document_body(&self, id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT body FROM documents WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Row counts, and rows that point at nothing (must be none).
    pub async fn health(&self) -> Result<Health> {
        let one = |sql: &'static str| {
            let pool = self.pool.clone();
            async move { sqlx::query_scalar::<Any, i64>(sql).fetch_one(&pool).await }
        };
        Ok(Health {
            documents: one("SELECT COUNT(*) FROM documents").await?,
            incidents: one("SELECT COUNT(*) FROM incidents").await?,
            facts: one("SELECT COUNT(*) FROM facts").await?,
            organizations: one("SELECT COUNT(*) FROM organizations").await?,
            orphans: one(
                "SELECT (SELECT COUNT(*) FROM facts f WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = f.incident_id) \
                        OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = f.document_id)) \
                 + (SELECT COUNT(*) FROM incident_documents l WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = l.incident_id) \
                        OR NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = l.document_id)) \
                 + (SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM incident_documents l WHERE l.incident_id = i.id))",
            )
            .await?,
        })
    }

    /// The database's size on disk, in bytes.
    pub async fn size_bytes(&self) -> Result<i64> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            }
            Backend::Postgres => "SELECT pg_database_size(current_database())",
        };
        Ok(sqlx::query_scalar(sql).fetch_one(&self.pool).await?)
    }

    /// Incidents with these ids, in the order asked (unknown ids are left out).
    pub async fn summaries(&self, ids: &[i64]) -> Result<Vec<IncidentSummary>> {
        Ok(self
            .with_detail(ids)
            .await?
            .into_iter()
            .map(|(s, _)| s)
            .collect())
    }

    /// Incidents with these ids, each with its merged extraction (cause
    /// details, related organisations), in the order asked: what an export maps.
    pub async fn with_detail(&self, ids: &[i64]) -> Result<Vec<(IncidentSummary, Incident)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("{SUMMARY_SELECT} WHERE i.id IN ({})", id_list(ids));
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        let mut by_id: HashMap<i64, (IncidentSummary, Incident)> = HashMap::new();
        for r in &rows {
            let s = summary_from_row(r)?;
            let detail: Incident = serde_json::from_str(&r.try_get::<String, _>("detail")?)?;
            by_id.insert(s.id, (s, detail));
        }
        let mut out: Vec<(IncidentSummary, Incident)> =
            ids.iter().filter_map(|id| by_id.remove(id)).collect();
        let mut summaries: Vec<IncidentSummary> = out.iter().map(|(s, _)| s.clone()).collect();
        self.attach_documents(&mut summaries).await?;
        for ((s, _), with_docs) in out.iter_mut().zip(summaries) {
            *s = with_docs;
        }
        Ok(out)
    }
}
