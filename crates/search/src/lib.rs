//! Japanese full-text search over the store's incidents, on tantivy.
//!
//! One index document per incident: every name of its organisation, group and
//! related parties; the text of its documents (for a document about several
//! incidents, only the lines their evidence spans); facets (cause, data kind,
//! year, organisation, group, source type); sort keys (disclosure date, records
//! affected, disclosure lag).
//!
//! Each text is indexed twice: as IPADIC morphemes (see [`tokenize`]) and as
//! character bigrams. A query word matches if its morphemes appear as a phrase
//! *or* its bigrams do (a substring match: a partial name, `誤送信` inside
//! `メール誤送信`); words are ANDed, `-word` excludes. Snippets highlight the
//! query's bigrams in the stored text.
//!
//! The index follows the store: its commit payload records the newest document
//! it has seen, and [`SearchIndex::sync`] re-indexes every incident a later
//! document touched. [`SearchIndex::rebuild`] starts over.
//!
//! Architecture invariant: the index holds nothing the store does not; it can
//! be deleted and rebuilt at any time.

mod dashboard;
mod facets;
mod query;
mod read;
mod schema;
pub mod tokenize;
mod writer;

pub use crate::dashboard::Dashboard;
pub use crate::read::mark_words;
pub use crate::schema::FACETS;
pub(crate) use crate::schema::{Fields, LAYOUT, Payload, date_key, schema, year_of};

use std::collections::BTreeMap;

// The modules share these through `use super::*`.
use std::ops::Bound;

use std::path::{Path, PathBuf};

use std::sync::Arc;

use chrono::NaiveDate;

use leakwatch_model::PartialDate;

use leakwatch_store::{IndexRow, Store};

use leakwatch_text::Analyzer;

use serde::{Deserialize, Serialize};

use tantivy::collector::{Count, MultiCollector, TopDocs};

use tantivy::directory::MmapDirectory;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};

use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions, Value,
};

use tantivy::snippet::SnippetGenerator;

use tantivy::tokenizer::{LowerCaser, TextAnalyzer};

use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Term};

use crate::tokenize::{BIGRAM, BigramTokenizer, JA, MorphTokenizer, PlainTokenizer, normalize};

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The search library failed (I/O, a corrupt index, a held lock …).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be opened.
    #[error("search index at {path}: {message}")]
    Open {
        /// The directory.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The index was built with another analyzer or layout: rebuild it.
    #[error(
        "the search index was built with {found}, this program uses {wanted}: run `leakwatch reindex`"
    )]
    Stale {
        /// What the index was built with.
        found: String,
        /// What this program uses.
        wanted: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] leakwatch_store::Error),
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The deepest offset a search honours.
pub const MAX_OFFSET: usize = 100_000;

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (newest first when there is no query).
    #[default]
    Relevance,
    /// Latest disclosure first.
    Newest,
    /// Earliest disclosure first.
    Oldest,
    /// Most records affected first.
    Records,
    /// Longest gap between detection (or occurrence) and disclosure first.
    Lag,
}

impl Sort {
    /// Every order, for forms.
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::Newest,
        Sort::Oldest,
        Sort::Records,
        Sort::Lag,
    ];

    /// Its name in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Records => "records",
            Sort::Lag => "lag",
        }
    }
}

impl std::str::FromStr for Sort {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Sort, String> {
        Sort::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                format!("sort must be one of relevance, newest, oldest, records, lag, not {s:?}")
            })
    }
}

/// A search: words, facet filters, a date range, an order and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRequest {
    /// Words (ANDed; `-word` excludes). Empty: every incident.
    pub q: String,
    /// Facet filters: facet name (see [`FACETS`]) → value. `org` matches the
    /// organisation or any parent, so a group's incidents come with it.
    pub filters: BTreeMap<String, String>,
    /// Disclosed on or after.
    pub since: Option<NaiveDate>,
    /// Disclosed on or before.
    pub until: Option<NaiveDate>,
    /// Order.
    pub sort: Sort,
    /// Page size.
    pub limit: usize,
    /// Rows skipped.
    pub offset: usize,
}

/// One incident found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The incident's id.
    pub id: i64,
    /// BM25 score, when ordered by relevance.
    pub score: Option<f32>,
    /// A passage of its text around the query's words (empty without words).
    pub snippet: Snippet,
}

/// A passage of an incident's text and where the query's words are in it.
/// Plain text: whoever shows it escapes it and marks the ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// The passage.
    pub fragment: String,
    /// Byte ranges of the query's words in `fragment`, in order, not overlapping.
    pub marks: Vec<(usize, usize)>,
}

/// A facet value and how many results have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FacetCount {
    /// The value.
    pub value: String,
    /// Results with it.
    pub count: u64,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Matching incidents in all.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Facet name → values with counts over every match, most frequent first.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

/// The overview's figures and the searcher generation they were read from.
type CachedDashboard = (u64, Arc<Dashboard>);

/// An open index.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    analyzer: String,
    morph: Option<Arc<dyn Analyzer>>,
    dir: PathBuf,
    /// The overview's figures for one searcher generation: they change only when the index does.
    dashboard: Arc<std::sync::Mutex<Option<CachedDashboard>>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("analyzer", &self.analyzer)
            .finish_non_exhaustive()
    }
}

/// Where the index of a store lives when none is given: beside a SQLite file,
/// or under `data_dir` for a server (one directory per database URL).
pub fn default_dir(store_location: &str, data_dir: &Path) -> PathBuf {
    if store_location.contains("://") {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in store_location.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        data_dir.join("leakwatch").join(format!("index-{h:016x}"))
    } else {
        let path = store_location
            .strip_prefix("sqlite:")
            .unwrap_or(store_location);
        let path = path.split('?').next().unwrap_or(path);
        PathBuf::from(format!("{path}.index"))
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if there is none. `morph` is the
    /// analyzer for Japanese words; without it, words are split on spaces and
    /// punctuation only (bigrams still find every substring).
    pub fn open(dir: &Path, morph: Option<Arc<dyn Analyzer>>) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Open {
            path: dir.to_owned(),
            message: e.to_string(),
        })?;
        let directory = MmapDirectory::open(dir).map_err(|e| Error::Open {
            path: dir.to_owned(),
            message: e.to_string(),
        })?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(directory, schema)?;
        let analyzer: String = morph
            .as_deref()
            .map_or_else(|| "plain".to_owned(), |m| m.name().to_owned());
        let ja = match morph.clone() {
            Some(m) => TextAnalyzer::builder(MorphTokenizer::new(m))
                .filter(LowerCaser)
                .build(),
            None => TextAnalyzer::builder(PlainTokenizer::default())
                .filter(LowerCaser)
                .build(),
        };
        index.tokenizers().register(JA, ja);
        index.tokenizers().register(
            BIGRAM,
            TextAnalyzer::builder(BigramTokenizer::default()).build(),
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let this = SearchIndex {
            index,
            reader,
            fields,
            analyzer: analyzer.clone(),
            morph,
            dir: dir.to_owned(),
            dashboard: Arc::default(),
        };
        if let Some(p) = this.payload()?
            && (p.layout != LAYOUT || p.analyzer != analyzer)
        {
            return Err(Error::Stale {
                found: format!("layout {} and the {} analyzer", p.layout, p.analyzer),
                wanted: format!("layout {LAYOUT} and the {analyzer} analyzer"),
            });
        }
        Ok(this)
    }

    /// The directory it lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn payload(&self) -> Result<Option<Payload>> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok()))
    }

    /// The newest store document the index has seen (0: none).
    pub fn last_document(&self) -> Result<i64> {
        Ok(self.payload()?.map_or(0, |p| p.last_document))
    }

    /// Incidents in the index, as of the last reload.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no incident.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes on disk.
    pub fn size_bytes(&self) -> u64 {
        walk_size(&self.dir)
    }
}

fn walk_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(std::result::Result::ok)
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => walk_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}
