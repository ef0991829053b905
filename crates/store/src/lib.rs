//! The incident store: every document read, every incident, every organisation
//! and its group, with each fact's evidence span — on SQLite or PostgreSQL.
//!
//! One [`Store`] type serves both backends through sqlx's `Any` driver: the SQL
//! is written once (both dialects take `$1` parameters, `RETURNING` and
//! `ON CONFLICT`), while each backend has its own versioned migrations
//! (`migrations/sqlite`, `migrations/postgres`) and connection settings (WAL and
//! foreign keys on SQLite).
//!
//! [`Store::ingest`] is the one write path: a document, the incidents extracted
//! from it, their facts and their links commit in one transaction or not at all.
//! Which stored incident a new reading joins is decided by [`link::decide`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), leakwatch_store::Error> {
//! let store = leakwatch_store::Store::open("leakwatch.db").await?;
//! let recent = store.incidents(&leakwatch_store::IncidentFilter::default()).await?;
//! # Ok(()) }
//! ```

mod error;
pub mod link;
mod merge;

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use leakwatch_extract::org::norm_key;
use leakwatch_model::{Cause, Count, DataKind, Extraction, Incident, PartialDate, SourceType};
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};

pub use crate::error::{Error, redact};

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database a store lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (WAL mode).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

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
    /// Its role in the incident: `first_disclosure`, `follow_up`, `special_loss`, `related_party`, `news`, `blog`.
    pub role: String,
    /// Why it was linked.
    pub reason: String,
}

/// An incident as listed: the FORMAT.md fields, its organisation and its documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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

/// The store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Documents written by this process, and the count at which statistics are refreshed next.
    growth: std::sync::Arc<Growth>,
}

/// When to refresh the planner's statistics: each time this process has doubled
/// what it wrote. Prepared statements keep the plan made when the tables were
/// small; without fresh statistics (a server without autovacuum, or one that
/// has not reached the table yet) PostgreSQL keeps scanning whole tables.
#[derive(Debug, Default)]
struct Growth {
    written: std::sync::atomic::AtomicU64,
    next_refresh: std::sync::atomic::AtomicU64,
}

/// How long a request waits for a database connection before it fails: a
/// stopped database costs each request this long, not sqlx's default 30 s.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// The SQLite file used when no `--db` is given: under the user's data directory.
pub fn default_sqlite_path(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("leakwatch").join("leakwatch.db")
}

/// `s` with the LIKE wildcards and the escape character escaped by `\`.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn iso(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn parse_date(s: Option<String>) -> Option<PartialDate> {
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

/// A notice of the incident's cost: a timely disclosure, or any notice of a 特別損失, with an amount.
fn is_loss_notice(doc: &NewDocument, inc: &Incident) -> bool {
    inc.loss_jpy.is_some()
        && (doc.source_type == Some(SourceType::TimelyDisclosure) || doc.body.contains("特別損失"))
}

/// The role a document plays in an incident.
fn document_role(
    doc: &NewDocument,
    inc: &Incident,
    created: bool,
    via_related: bool,
) -> &'static str {
    if via_related {
        return "related_party";
    }
    match doc.source_type {
        Some(SourceType::News) => return "news",
        Some(SourceType::Blog) => return "blog",
        _ => {}
    }
    if is_loss_notice(doc, inc) {
        "special_loss"
    } else if inc.report_number.is_some_and(|n| n > 1) || !created {
        "follow_up"
    } else {
        "first_disclosure"
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the store at `location`: a
    /// `postgres://` URL, a `sqlite:` URL, or a file path.
    pub async fn open(location: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) =
            if location.starts_with("postgres://") || location.starts_with("postgresql://") {
                (location.to_owned(), Backend::Postgres)
            } else if let Some(rest) = location.strip_prefix("sqlite:") {
                (
                    format!("sqlite:{}", rest.trim_start_matches("//")),
                    Backend::Sqlite,
                )
            } else if location.contains("://") || location.is_empty() {
                return Err(Error::Location(redact(location)));
            } else {
                let path = Path::new(location);
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| Error::Db(sqlx::Error::Io(e)))?;
                }
                (format!("sqlite:{location}"), Backend::Sqlite)
            };
        let pool = match backend {
            Backend::Sqlite => {
                let url = if url.contains('?') {
                    url
                } else {
                    format!("{url}?mode=rwc")
                };
                AnyPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            conn.execute(
                                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
                                 PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; \
                                 PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; \
                                 PRAGMA temp_store=MEMORY;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(&url)
                    .await?
            }
        };
        let store = Store {
            pool,
            backend,
            growth: std::sync::Arc::new(Growth {
                written: 0.into(),
                next_refresh: 500.into(),
            }),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the migrations not yet applied. PostgreSQL serialises
    /// concurrent migrators with an advisory lock; SQLite has none, so two
    /// processes opening a new file can both see migration 1 as missing, and
    /// the second fails with "table already exists" after the first commits.
    /// Each migration is one transaction, so the loser retries and finds the
    /// winner's work done.
    async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let mut attempt = 0u64;
        loop {
            match migrator.run(&self.pool).await {
                Ok(()) => return Ok(()),
                Err(e) if self.backend == Backend::Sqlite && attempt < 8 => {
                    attempt += 1;
                    tracing::debug!(error = %e, attempt, "migration raced another process; retrying");
                    tokio::time::sleep(std::time::Duration::from_millis(25 * attempt)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Stores a document and what was extracted from it, linking each incident
    /// to a stored one where [`link::decide`] says so: all in one transaction.
    pub async fn ingest(&self, doc: &NewDocument, extraction: &Extraction) -> Result<Ingested> {
        let mut tx = self.pool.begin().await?;
        let out = ingest_in(&mut tx, doc, extraction).await?;
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
                out.push(ingest_in(&mut tx, doc, extraction).await?);
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
    async fn note_growth(&self, n: u64) {
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

    async fn attach_documents(&self, incidents: &mut [IncidentSummary]) -> Result<()> {
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
            "SELECT l.incident_id, d.id, d.location, d.title, d.source_type, d.published, l.role, l.reason \
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
                    role: r.try_get(6)?,
                    reason: r.try_get(7)?,
                });
        }
        for inc in incidents {
            inc.documents = by_incident.remove(&inc.id).unwrap_or_default();
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

    /// The organisation called `name` (any of its names, any legal form), if known;
    /// failing an exact match, the one whose name contains it.
    pub async fn find_org(&self, name: &str) -> Result<Option<i64>> {
        let key = norm_key(name);
        if key.is_empty() {
            return Ok(None);
        }
        let exact: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM organizations WHERE norm_key = $1 \
             UNION ALL SELECT org_id FROM org_aliases WHERE norm_key = $1 LIMIT 1",
        )
        .bind(&key)
        .fetch_optional(&self.pool)
        .await?;
        if exact.is_some() {
            return Ok(exact);
        }
        // A part of a name: at least two characters, matched literally (`%`
        // and `_` from a URL are characters here, not wildcards).
        if key.chars().count() < 2 {
            return Ok(None);
        }
        let like = format!("%{}%", escape_like(&key));
        Ok(sqlx::query_scalar(
            "SELECT id FROM organizations WHERE norm_key LIKE $1 ESCAPE '\\' ORDER BY length(norm_key), id LIMIT 1",
        )
        .bind(like)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The stored name of the organisation called `name` (any of its names), if known.
    pub async fn org_name(&self, name: &str) -> Result<Option<String>> {
        match self.find_org(name).await? {
            Some(id) => Ok(Some(self.organization(id).await?.name)),
            None => Ok(None),
        }
    }

    async fn organization(&self, id: i64) -> Result<Organization> {
        let r = sqlx::query(
            "SELECT id, name, securities_code, market FROM organizations WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let aliases: Vec<String> =
            sqlx::query_scalar("SELECT alias FROM org_aliases WHERE org_id = $1 ORDER BY alias")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(Organization {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            securities_code: r.try_get(2)?,
            market: r.try_get(3)?,
            aliases,
        })
    }

    async fn children(&self, id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT child_id FROM org_relations WHERE parent_id = $1 ORDER BY child_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The organisation and every subsidiary below it.
    async fn group_ids(&self, id: i64) -> Result<Vec<i64>> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() && out.len() < 10_000 {
            for c in self.children(out[i]).await? {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            i += 1;
        }
        Ok(out)
    }

    async fn parents(&self, id: i64) -> Result<Vec<i64>> {
        let mut out: Vec<i64> = Vec::new();
        let mut at = id;
        while out.len() < 16 {
            let p: Option<i64> = sqlx::query_scalar(
                "SELECT parent_id FROM org_relations WHERE child_id = $1 ORDER BY parent_id LIMIT 1",
            )
            .bind(at)
            .fetch_optional(&self.pool)
            .await?;
            match p {
                Some(p) if p != id && !out.contains(&p) => {
                    out.push(p);
                    at = p;
                }
                _ => break,
            }
        }
        Ok(out)
    }

    fn tree<'a>(
        &'a self,
        id: i64,
        depth: usize,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<GroupNode>> + Send + 'a>> {
        Box::pin(async move {
            let org = self.organization(id).await?;
            let mut children = Vec::new();
            if depth < 8 {
                for c in self.children(id).await? {
                    children.push(self.tree(c, depth + 1).await?);
                }
            }
            Ok(GroupNode { org, children })
        })
    }

    /// An organisation, its group tree and every incident of the group.
    pub async fn org(&self, name: &str) -> Result<Option<OrgView>> {
        let Some(id) = self.find_org(name).await? else {
            return Ok(None);
        };
        let org = self.organization(id).await?;
        let parent_ids = self.parents(id).await?;
        let mut parents = Vec::new();
        for p in &parent_ids {
            parents.push(self.organization(*p).await?);
        }
        let top = parent_ids.last().copied().unwrap_or(id);
        let group = self.tree(top, 0).await?;
        let ids = self.group_ids(top).await?;
        let sql = format!(
            "{SUMMARY_SELECT} WHERE i.org_id IN ({}) ORDER BY COALESCE(i.disclosed, i.occurred) DESC, i.id DESC",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        let mut incidents: Vec<IncidentSummary> =
            rows.iter().map(summary_from_row).collect::<Result<_>>()?;
        self.attach_documents(&mut incidents).await?;
        Ok(Some(OrgView {
            org,
            parents,
            group,
            incidents,
        }))
    }

    /// Loads organisations (name, parent, securities code, market); returns how many rows were applied.
    pub async fn import_orgs(&self, rows: &[OrgRow]) -> Result<usize> {
        let mut tx = self.pool.begin().await?;
        for (i, row) in rows.iter().enumerate() {
            if norm_key(&row.name).is_empty() {
                return Err(Error::OrgRow {
                    row: i + 1,
                    message: "the name is empty".into(),
                });
            }
            let (id, _) = upsert_org(&mut tx, &row.name).await?;
            sqlx::query(
                "UPDATE organizations SET securities_code = COALESCE($1, securities_code), \
                 market = COALESCE($2, market) WHERE id = $3",
            )
            .bind(row.securities_code.as_deref().filter(|s| !s.is_empty()))
            .bind(row.market.as_deref().filter(|s| !s.is_empty()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if let Some(parent) = row.parent.as_deref().filter(|p| !norm_key(p).is_empty()) {
                let (pid, _) = upsert_org(&mut tx, parent).await?;
                if pid == id {
                    return Err(Error::OrgRow {
                        row: i + 1,
                        message: "an organisation cannot be its own parent".into(),
                    });
                }
                relate(&mut tx, id, pid, None).await?;
            }
        }
        tx.commit().await?;
        Ok(rows.len())
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

    async fn with_detail(&self, ids: &[i64]) -> Result<Vec<(IncidentSummary, Incident)>> {
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

    /// Every incident id, in order.
    pub async fn incident_ids(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM incidents ORDER BY id")
            .fetch_all(&self.pool)
            .await?)
    }

    /// What changed after document `after`: the newest document id, and every
    /// incident a later document was linked to or whose organisation a later
    /// document placed in a group. A search index kept at `after` catches up
    /// by re-indexing these.
    pub async fn changed_since(&self, after: i64) -> Result<(i64, Vec<i64>)> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM documents")
            .fetch_one(&self.pool)
            .await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT incident_id FROM incident_documents WHERE document_id > $1 \
             UNION SELECT i.id FROM incidents i JOIN org_relations r ON r.child_id = i.org_id \
             WHERE r.document_id > $1 ORDER BY 1",
        )
        .bind(after)
        .fetch_all(&self.pool)
        .await?;
        Ok((newest.unwrap_or(0), ids))
    }

    /// What a search index needs of these incidents: the summary, every name
    /// the organisation and the parties go by, the group chain, and the text of
    /// the documents about them (for a document about several incidents, only
    /// the lines their evidence spans).
    pub async fn index_rows(&self, ids: &[i64]) -> Result<Vec<IndexRow>> {
        let incidents = self.with_detail(ids).await?;
        if incidents.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(ids);
        // The group chain of each organisation: child → (parent, parent's name).
        let mut parent_of: HashMap<i64, (i64, String)> = HashMap::new();
        for r in sqlx::query(
            "SELECT r.child_id, r.parent_id, p.name FROM org_relations r \
             JOIN organizations p ON p.id = r.parent_id ORDER BY r.child_id, r.parent_id DESC",
        )
        .fetch_all(&self.pool)
        .await?
        {
            parent_of.insert(r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?));
        }
        let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
        let org_ids = id_list(&incidents.iter().map(|(s, _)| s.org_id).collect::<Vec<_>>());
        for r in sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT org_id, alias FROM org_aliases WHERE org_id IN ({org_ids})"
        )))
        .persistent(false)
        .fetch_all(&self.pool)
        .await?
        {
            aliases
                .entry(r.try_get(0)?)
                .or_default()
                .push(r.try_get(1)?);
        }
        // Every evidence span of every incident, by document.
        let mut spans: HashMap<(i64, i64), Vec<(usize, usize)>> = HashMap::new();
        for r in sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT incident_id, document_id, span_start, span_end FROM facts \
             WHERE incident_id IN ({list})"
        )))
        .persistent(false)
        .fetch_all(&self.pool)
        .await?
        {
            let lo = usize::try_from(r.try_get::<i64, _>(2)?).unwrap_or(0);
            let hi = usize::try_from(r.try_get::<i64, _>(3)?).unwrap_or(0);
            spans
                .entry((r.try_get(0)?, r.try_get(1)?))
                .or_default()
                .push((lo, hi));
        }
        // Which documents each incident has, in publication order.
        let mut links: Vec<(i64, i64)> = Vec::new();
        for r in sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT l.incident_id, l.document_id FROM incident_documents l \
             JOIN documents d ON d.id = l.document_id \
             WHERE l.incident_id IN ({list}) ORDER BY d.published, d.id"
        )))
        .persistent(false)
        .fetch_all(&self.pool)
        .await?
        {
            links.push((r.try_get(0)?, r.try_get(1)?));
        }
        // Each document once, however many incidents share it: a round-up of
        // a thousand incidents is read once per chunk, not a thousand times.
        let mut doc_ids: Vec<i64> = links.iter().map(|&(_, d)| d).collect();
        doc_ids.sort_unstable();
        doc_ids.dedup();
        let mut bodies: HashMap<i64, (Option<String>, String)> = HashMap::new();
        for ids in doc_ids.chunks(200) {
            for r in sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT id, title, body FROM documents WHERE id IN ({})",
                id_list(ids)
            )))
            .persistent(false)
            .fetch_all(&self.pool)
            .await?
            {
                bodies.insert(r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?));
            }
        }
        let mut texts: HashMap<i64, String> = HashMap::new();
        for (incident, doc) in links {
            let Some((title, body)) = bodies.get(&doc) else {
                continue;
            };
            let t = texts.entry(incident).or_default();
            if t.len() >= MAX_INDEX_TEXT {
                continue;
            }
            if let Some(title) = title.as_deref().filter(|t| !t.is_empty()) {
                t.push_str(clip(title, 512));
                t.push('\n');
            }
            let budget = MAX_INDEX_TEXT
                .saturating_sub(t.len())
                .min(MAX_INDEX_TEXT_PER_DOCUMENT);
            let part = match spans.get_mut(&(incident, doc)) {
                Some(sp) => evidence_lines(body, sp, budget),
                // A document linked without facts of its own: its opening.
                None => clip(body, budget.min(MAX_INDEX_TEXT_PER_DOCUMENT / 4)).to_owned(),
            };
            if !part.is_empty() {
                t.push_str(&part);
                t.push('\n');
            }
        }
        Ok(incidents
            .into_iter()
            .map(|(summary, detail)| {
                let mut chain = vec![summary.organization.clone()];
                let mut at = summary.org_id;
                while let Some((p, name)) = parent_of.get(&at) {
                    if chain.contains(name) || chain.len() > 16 {
                        break;
                    }
                    chain.push(name.clone());
                    at = *p;
                }
                let mut names = chain.clone();
                names.extend(aliases.remove(&summary.org_id).unwrap_or_default());
                names.extend(detail.aliases.iter().cloned());
                names.extend(detail.related.iter().map(|r| r.name.clone()));
                names.dedup();
                IndexRow {
                    text: texts.remove(&summary.id).unwrap_or_default(),
                    cause_detail: detail.cause_detail.clone(),
                    summary,
                    chain,
                    names,
                }
            })
            .collect())
    }

    /// Every stored document's location and content hash, for re-ingest checks.
    pub async fn document_locations(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT location FROM documents ORDER BY id")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The whole lines of `body` that hold bytes `lo..hi`.
/// The most text indexed for one incident, over all its documents.
pub const MAX_INDEX_TEXT: usize = 64 * 1024;

/// The most text indexed for one incident from one document.
pub const MAX_INDEX_TEXT_PER_DOCUMENT: usize = 16 * 1024;

/// The longest line kept whole around a span; longer lines give a window.
const MAX_LINE: usize = 1024;

/// `s` cut to at most `max` bytes, on a char boundary.
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The byte range of the line around `lo..hi`, bounded to [`MAX_LINE`] bytes
/// on each side of the span (a document on one line gives a window, not itself).
fn line_around(body: &str, lo: usize, hi: usize) -> (usize, usize) {
    let lo = lo.min(body.len());
    let hi = hi.clamp(lo, body.len());
    let mut from = lo.saturating_sub(MAX_LINE);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (hi + MAX_LINE).min(body.len());
    while !body.is_char_boundary(to) {
        to += 1;
    }
    let (Some(before), Some(after)) = (body.get(from..lo), body.get(hi..to)) else {
        return (lo, lo);
    };
    let start = before.rfind('\n').map_or(from, |i| from + i + 1);
    let end = after.find('\n').map_or(to, |i| hi + i);
    (start, end)
}

/// The lines an incident's evidence spans in `body`, each once, in order, at
/// most `budget` bytes.
fn evidence_lines(body: &str, spans: &mut [(usize, usize)], budget: usize) -> String {
    spans.sort_unstable();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &(lo, hi) in spans.iter() {
        let (s, e) = line_around(body, lo, hi);
        match ranges.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => ranges.push((s, e)),
        }
    }
    let mut out = String::new();
    for (s, e) in ranges {
        let room = budget.saturating_sub(out.len());
        if room == 0 {
            break;
        }
        out.push_str(clip(&body[s..e], room));
        out.push('\n');
    }
    out
}

const SUMMARY_SELECT: &str = "SELECT i.id, i.org_id, o.name, \
    (SELECT p.name FROM org_relations r JOIN organizations p ON p.id = r.parent_id WHERE r.child_id = i.org_id ORDER BY r.parent_id LIMIT 1) AS parent, \
    i.cause, i.occurred, i.detected, i.identified, i.disclosed, i.regulator_reported, i.loss_jpy, i.secondary_damage, i.detail \
    FROM incidents i JOIN organizations o ON o.id = i.org_id";

fn summary_from_row(r: &AnyRow) -> Result<IncidentSummary> {
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
    })
}

/// The calendar day of a day-precise date.
fn as_day(d: Option<PartialDate>) -> Option<NaiveDate> {
    d.and_then(|d| NaiveDate::from_ymd_opt(d.year, d.month, d.day?))
}

impl IncidentSummary {
    /// Days from detection (or, failing that, occurrence) to disclosure, when both are days.
    pub fn disclosure_lag(&self) -> Option<i64> {
        let began = as_day(self.detected).or(as_day(self.occurred))?;
        Some((as_day(self.disclosed)? - began).num_days())
    }
}

fn timeline(s: &IncidentSummary) -> Vec<TimelineStep> {
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

/// The organisation with this name (or alias), created if new, with the key it
/// is stored under; its display name becomes the fullest written form seen.
async fn upsert_org(tx: &mut Transaction<'_, Any>, name: &str) -> Result<(i64, String)> {
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
fn placeholders(rows: usize, cols: usize) -> String {
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

async fn relate(
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

fn link_facts(inc: &Incident, org_key: String, loss_notice: bool) -> link::Facts {
    let mut related_keys: Vec<String> = inc.related.iter().map(|r| norm_key(&r.name)).collect();
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
    }
}

/// Refuses text neither backend keeps: SQLite's string functions stop at a
/// NUL, and PostgreSQL rejects it.
fn check_text(doc: &NewDocument) -> Result<()> {
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
async fn ingest_in(
    tx: &mut Transaction<'_, Any>,
    doc: &NewDocument,
    extraction: &Extraction,
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
    Ok(Ingested::Stored {
        document_id,
        incidents: linked,
    })
}

/// How many stored incidents of one organisation the linking rule looks at, newest first.
const MAX_CANDIDATES: i64 = 100;

/// The stored incidents a new reading may join: those of its own organisation
/// and of the organisations it names, and those that name it — newest first,
/// with their related parties from `incident_parties` (no JSON is parsed here:
/// this runs once per incident of every document).
async fn candidates(
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
        "SELECT i.id, o.norm_key, i.cause, i.occurred, i.detected, i.disclosed \
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
            "SELECT incident_id, norm_key FROM incident_parties WHERE incident_id IN ({})",
            ids.join(",")
        );
        let parties = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&mut **tx)
            .await?;
        let mut by_id: HashMap<i64, Vec<String>> = HashMap::new();
        for r in &parties {
            by_id.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
        }
        for c in &mut out {
            c.facts.related_keys = by_id.remove(&c.id).unwrap_or_default();
        }
    }
    Ok(out)
}

/// Stores one extracted incident of a document: finds or creates its
/// organisation, links it to a stored incident or creates one, and records the
/// facts with their spans. Returns the incident id and whether it is new.
async fn store_incident(
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
        .filter(|a| {
            !leakwatch_extract::org::find_mentions(a)
                .iter()
                .any(|m| m.kind == leakwatch_extract::org::MentionKind::Anaphor && m.name == **a)
        })
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
    let new_facts = link_facts(inc, org_key.clone(), loss_notice);
    let cands = candidates(tx, org_id, &new_facts.related_keys, &org_key).await?;
    let verdict = link::decide(&new_facts, &cands);

    let mut stored_inc = inc.clone();
    stored_inc.evidence.clear();
    let (incident_id, created, reason, via_related) = match verdict {
        Some(v) => {
            let json: String = sqlx::query_scalar("SELECT detail FROM incidents WHERE id = $1")
                .bind(v.incident_id)
                .fetch_one(&mut **tx)
                .await?;
            let mut merged: Incident = serde_json::from_str(&json)?;
            if v.via_related {
                merge::merge_related(&mut merged, &stored_inc);
            } else {
                merge::merge(&mut merged, &stored_inc);
            }
            update_incident(tx, v.incident_id, &merged).await?;
            (v.incident_id, false, v.reason, v.via_related)
        }
        None => {
            let id = insert_incident(tx, org_id, &stored_inc).await?;
            (
                id,
                true,
                "first document of this incident".to_owned(),
                false,
            )
        }
    };
    let role = document_role(doc, inc, created, via_related);
    sqlx::query(
        "INSERT INTO incident_documents (incident_id, document_id, role, reason) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (incident_id, document_id) DO NOTHING",
    )
    .bind(incident_id)
    .bind(document_id)
    .bind(role)
    .bind(&reason)
    .execute(&mut **tx)
    .await?;
    if matches!(role, "first_disclosure" | "follow_up") {
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
    for chunk in inc.evidence.chunks(100) {
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
    Ok((incident_id, created))
}

/// Labels the incident's own notices by when they were published, not by when
/// they arrived: the earliest that is not a 第2報 or later (by publication date,
/// then content hash) is the first disclosure, the others follow-ups. A rerun after
/// a partial failure, or notices fed newest first, give the same labels.
async fn settle_notice_roles(tx: &mut Transaction<'_, Any>, incident_id: i64) -> Result<()> {
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

async fn insert_incident(
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

async fn update_incident(tx: &mut Transaction<'_, Any>, id: i64, inc: &Incident) -> Result<()> {
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
