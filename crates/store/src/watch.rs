//! What `watch` keeps: each source's checkpoint (validators, counts, last
//! success and error), every item seen, leases, and alert state and events.
//!
//! An item is recorded in the same transaction as the document it becomes
//! ([`Store::record_item`]), so a restart neither repeats nor loses one, and
//! the item's primary key makes a second recorder (another `watch` process)
//! a no-op instead of a second document.

use super::*;

/// Milliseconds since the epoch, the time unit of these tables.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// A watched source as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceRow {
    /// Its unique name.
    pub name: String,
    /// feed, html_list, tdnet or page.
    pub kind: String,
    /// Its URL.
    pub url: String,
    /// The list's `ETag` at the last full pass.
    pub etag: Option<String>,
    /// The list's `Last-Modified` at the last full pass.
    pub last_modified: Option<String>,
    /// When a pass last succeeded (epoch ms).
    pub last_success: Option<i64>,
    /// The last error, if the last pass failed.
    pub last_error: Option<String>,
    /// When it failed (epoch ms).
    pub last_error_at: Option<i64>,
    /// Items seen (relevant or not).
    pub items_seen: i64,
    /// Items stored as documents.
    pub items_stored: i64,
}

/// A stored document as `leakwatch documents` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    /// Its id.
    pub id: i64,
    /// Where it came from.
    pub location: String,
    /// Its title.
    pub title: Option<String>,
    /// When it was published (ISO date).
    pub published: Option<String>,
    /// The watched source it came from, if any.
    pub source: Option<String>,
    /// The incidents it feeds.
    pub incidents: Vec<i64>,
}

/// What [`Store::record_item`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Someone (another process, an earlier pass) recorded it first; nothing written.
    AlreadySeen,
    /// Remembered as seen, not stored (not relevant).
    Seen,
    /// Stored (or found stored: the same content from elsewhere) with the item.
    Stored(Ingested),
}

/// An alert fired: new for the rule, or an update of one it fired before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// The incident matches the rule for the first time.
    New,
    /// A follow-up changed what the rule matched on.
    Update,
}

impl AlertKind {
    /// `new` or `update`.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::New => "new",
            AlertKind::Update => "update",
        }
    }
}

/// One alert event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertEvent {
    /// Its id (increasing).
    pub id: i64,
    /// The rule.
    pub rule: String,
    /// The incident.
    pub incident_id: i64,
    /// `new` or `update`.
    pub kind: String,
    /// The JSON body sent to webhooks.
    pub payload: String,
    /// When it fired (epoch ms).
    pub created_at: i64,
    /// Delivery attempts so far.
    pub attempts: i64,
}

/// An event from a row of `alert_events`.
fn alert_event(r: &AnyRow) -> Result<AlertEvent> {
    Ok(AlertEvent {
        id: r.try_get("id")?,
        rule: r.try_get("rule")?,
        incident_id: r.try_get("incident_id")?,
        kind: r.try_get("kind")?,
        payload: r.try_get("payload")?,
        created_at: r.try_get("created_at")?,
        attempts: r.try_get("attempts")?,
    })
}

fn source_row(r: &AnyRow) -> Result<SourceRow> {
    Ok(SourceRow {
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        url: r.try_get("url")?,
        etag: r.try_get("etag")?,
        last_modified: r.try_get("last_modified")?,
        last_success: r.try_get("last_success")?,
        last_error: r.try_get("last_error")?,
        last_error_at: r.try_get("last_error_at")?,
        items_seen: r.try_get("items_seen")?,
        items_stored: r.try_get("items_stored")?,
    })
}

impl Store {
    /// Registers a source (or updates its kind and URL), keeping its checkpoint.
    pub async fn upsert_source(&self, name: &str, kind: &str, url: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO watch_sources (name, kind, url) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url",
        )
        .bind(name)
        .bind(kind)
        .bind(url)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// One source's stored state.
    pub async fn source(&self, name: &str) -> Result<Option<SourceRow>> {
        let row = sqlx::query("SELECT * FROM watch_sources WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(source_row).transpose()
    }

    /// Every source, by name.
    pub async fn sources(&self) -> Result<Vec<SourceRow>> {
        let rows = sqlx::query("SELECT * FROM watch_sources ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(source_row).collect()
    }

    /// Which of `ids` the source has seen.
    pub async fn seen_items(
        &self,
        source: &str,
        ids: &[String],
    ) -> Result<std::collections::HashSet<String>> {
        let mut seen = std::collections::HashSet::new();
        for chunk in ids.chunks(200) {
            let params: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT item_id FROM watch_items WHERE source = $1 AND item_id IN ({})",
                params.join(", ")
            );
            let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(source);
            for id in chunk {
                q = q.bind(id);
            }
            seen.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(seen)
    }

    /// Records one item of a source, and stores its document when it has one,
    /// in one transaction: the item, the document with its incidents, and the
    /// source's counts commit together or not at all. An item recorded before
    /// (by this process or another) writes nothing.
    pub async fn record_item(
        &self,
        source: &str,
        item_id: &str,
        document: Option<(&NewDocument, &Extraction)>,
    ) -> Result<Recorded> {
        let mut tx = self.pool.begin().await?;
        let claimed: Option<String> = sqlx::query_scalar(
            "INSERT INTO watch_items (source, item_id, relevant, seen_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (source, item_id) DO NOTHING RETURNING item_id",
        )
        .bind(source)
        .bind(item_id)
        .bind(i64::from(document.is_some()))
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        if claimed.is_none() {
            return Ok(Recorded::AlreadySeen);
        }
        let out = match document {
            None => Recorded::Seen,
            Some((doc, extraction)) => {
                let ingested =
                    crate::write::ingest_in(&mut tx, doc, extraction, self.judge.as_deref())
                        .await?;
                let id = match &ingested {
                    Ingested::Stored { document_id, .. } | Ingested::Duplicate { document_id } => {
                        *document_id
                    }
                };
                sqlx::query(
                    "UPDATE watch_items SET document_id = $1 WHERE source = $2 AND item_id = $3",
                )
                .bind(id)
                .bind(source)
                .bind(item_id)
                .execute(&mut *tx)
                .await?;
                Recorded::Stored(ingested)
            }
        };
        sqlx::query(
            "UPDATE watch_sources SET items_seen = items_seen + 1, items_stored = items_stored + $1 WHERE name = $2",
        )
        .bind(i64::from(matches!(out, Recorded::Stored(_))))
        .bind(source)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Ends a pass over a source: its list's validators and the time, or the error.
    pub async fn finish_pass(
        &self,
        source: &str,
        result: std::result::Result<(Option<&str>, Option<&str>), &str>,
    ) -> Result<()> {
        let q = match result {
            Ok((etag, last_modified)) => sqlx::query(
                "UPDATE watch_sources SET etag = $1, last_modified = $2, last_success = $3, last_error = NULL WHERE name = $4",
            )
            .bind(etag.map(str::to_owned))
            .bind(last_modified.map(str::to_owned))
            .bind(now_ms())
            .bind(source),
            Err(error) => sqlx::query(
                // The validators go: the next pass fetches the list in full and retries what failed.
                "UPDATE watch_sources SET last_error = $1, last_error_at = $2, etag = NULL, last_modified = NULL WHERE name = $3",
            )
            .bind(error.to_owned())
            .bind(now_ms())
            .bind(source),
        };
        q.execute(&self.pool).await?;
        Ok(())
    }

    /// Takes (or renews) the lease on a source for `ttl_ms`, if no other holder
    /// has a lease that has not expired. Whether this holder has it now.
    pub async fn take_lease(&self, source: &str, holder: &str, ttl_ms: i64) -> Result<bool> {
        let now = now_ms();
        let got: Option<String> = sqlx::query_scalar(
            "INSERT INTO watch_leases (source, holder, expires) VALUES ($1, $2, $3) \
             ON CONFLICT (source) DO UPDATE SET holder = excluded.holder, expires = excluded.expires \
             WHERE watch_leases.expires < $4 OR watch_leases.holder = excluded.holder \
             RETURNING holder",
        )
        .bind(source)
        .bind(holder)
        .bind(now + ttl_ms)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(got.is_some())
    }

    /// Gives a lease back.
    pub async fn release_lease(&self, source: &str, holder: &str) -> Result<()> {
        sqlx::query("DELETE FROM watch_leases WHERE source = $1 AND holder = $2")
            .bind(source)
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stored documents, newest first: published on or after `since`, from `source`.
    pub async fn documents(
        &self,
        since: Option<NaiveDate>,
        source: Option<&str>,
        limit: i64,
    ) -> Result<Vec<DocumentRow>> {
        let rows = sqlx::query(
            "SELECT d.id, d.location, d.title, d.published, \
                    (SELECT MIN(w.source) FROM watch_items w WHERE w.document_id = d.id) AS source \
             FROM documents d \
             WHERE ($1 IS NULL OR d.published >= $1) \
               AND ($2 IS NULL OR EXISTS (SELECT 1 FROM watch_items w WHERE w.document_id = d.id AND w.source = $2)) \
             ORDER BY d.published DESC, d.id DESC LIMIT $3",
        )
        .bind(since.map(|d| d.to_string()))
        .bind(source.map(str::to_owned))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let incidents: Vec<i64> = sqlx::query_scalar(
                "SELECT incident_id FROM incident_documents WHERE document_id = $1 ORDER BY incident_id",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
            out.push(DocumentRow {
                id,
                location: r.try_get("location")?,
                title: r.try_get("title")?,
                published: r.try_get("published")?,
                source: r.try_get("source")?,
                incidents,
            });
        }
        Ok(out)
    }

    /// Notes that `rule` matched `incident_id` with this fingerprint of what it
    /// matched on, and records the event with `payload`: `New` the first time,
    /// `Update` when the fingerprint changed, `None` (nothing written) when it
    /// is what was fired before. One transaction, so an alert fires once.
    pub async fn fire_alert(
        &self,
        rule: &str,
        incident_id: i64,
        fingerprint: &str,
        payload: &str,
    ) -> Result<Option<(AlertKind, i64)>> {
        let mut tx = self.pool.begin().await?;
        let before: Option<String> = sqlx::query_scalar(
            "SELECT fingerprint FROM alert_state WHERE rule = $1 AND incident_id = $2",
        )
        .bind(rule)
        .bind(incident_id)
        .fetch_optional(&mut *tx)
        .await?;
        let kind = match before.as_deref() {
            Some(f) if f == fingerprint => return Ok(None),
            Some(_) => AlertKind::Update,
            None => AlertKind::New,
        };
        sqlx::query(
            "INSERT INTO alert_state (rule, incident_id, fingerprint, fired_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (rule, incident_id) DO UPDATE SET fingerprint = excluded.fingerprint, fired_at = excluded.fired_at",
        )
        .bind(rule)
        .bind(incident_id)
        .bind(fingerprint)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO alert_events (rule, incident_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(rule)
        .bind(incident_id)
        .bind(kind.as_str())
        .bind(payload)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some((kind, id)))
    }

    /// What `rule` last fired on for `incident_id`: its fingerprint.
    pub async fn alert_fingerprint(&self, rule: &str, incident_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT fingerprint FROM alert_state WHERE rule = $1 AND incident_id = $2",
        )
        .bind(rule)
        .bind(incident_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Marks an event delivered (or counts a failed attempt).
    pub async fn alert_delivery(&self, id: i64, delivered: bool) -> Result<()> {
        sqlx::query(
            "UPDATE alert_events SET delivered = $1, attempts = attempts + 1 WHERE id = $2",
        )
        .bind(i64::from(delivered))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest events of a rule, newest first.
    pub async fn alert_events(&self, rule: &str, limit: i64) -> Result<Vec<AlertEvent>> {
        let rows = sqlx::query(
            "SELECT id, rule, incident_id, kind, payload, created_at, attempts FROM alert_events \
             WHERE rule = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(rule)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(alert_event).collect()
    }

    /// The events of `rule` a webhook has not received yet, after fewer than
    /// `max_attempts` attempts, oldest first: what the next pass tries again.
    /// An event never attempted (the process died between firing and sending)
    /// is included for a day; older ones are from before the rule had a webhook.
    pub async fn undelivered_alerts(
        &self,
        rule: &str,
        max_attempts: i64,
    ) -> Result<Vec<AlertEvent>> {
        let rows = sqlx::query(
            "SELECT id, rule, incident_id, kind, payload, created_at, attempts FROM alert_events \
             WHERE rule = $1 AND delivered = 0 AND attempts < $2 AND (attempts > 0 OR created_at > $3) \
             ORDER BY id LIMIT 100",
        )
        .bind(rule)
        .bind(max_attempts)
        .bind(now_ms() - 24 * 60 * 60 * 1000)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(alert_event).collect()
    }
}
