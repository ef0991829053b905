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
mod flags;
mod fold;
mod incidents;
pub mod link;
mod merge;
mod open;
mod orgs;
mod reads;
mod rows;
mod watch;
mod write;

// The modules share these through `use super::*`.
use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use leakwatch_model::{
    AffectedParty, Cause, Count, DataKind, DocumentRole, Extraction, Flag, FlagCode, Incident,
    Judge, PartialDate, PartyRole, SourceType,
};
use leakwatch_text::{is_anaphor, norm_key};
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};

pub use crate::error::{Error, redact};
pub use crate::open::{ACQUIRE_TIMEOUT, default_sqlite_path};
pub(crate) use crate::reads::id_list;
pub use crate::reads::{MAX_INDEX_TEXT, MAX_INDEX_TEXT_PER_DOCUMENT};
pub use crate::rows::{
    DocumentRef, GroupNode, Health, IncidentDetail, IncidentFilter, IncidentSummary, IndexRow,
    Ingested, NewDocument, OrgRow, OrgView, Organization, StoredFact, TimelineStep,
};
pub(crate) use crate::rows::{
    SUMMARY_SELECT, earliest, iso, parse_date, summary_from_row, timeline,
};
pub use crate::watch::{AlertEvent, AlertKind, DocumentRow, Recorded, SourceRow, now_ms};
pub(crate) use crate::write::{relate, upsert_org};

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Which database a store lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (WAL mode).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Documents written by this process, and the count at which statistics are refreshed next.
    growth: std::sync::Arc<Growth>,
    /// The rules that flag incidents as documents change them (none: no flags are written).
    judge: Option<std::sync::Arc<dyn leakwatch_model::Judge>>,
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
