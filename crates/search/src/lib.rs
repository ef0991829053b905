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
pub mod tokenize;

pub use crate::dashboard::Dashboard;

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use leakwatch_model::PartialDate;
use leakwatch_morph::Morph;
use leakwatch_store::{IndexRow, Store};
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

/// Layout version: bump when fields or analyzers change.
const LAYOUT: u32 = 2;

/// The facets, in the order they are shown.
pub const FACETS: [&str; 6] = ["cause", "data", "year", "org", "group", "source"];

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    names: Field,
    names_bi: Field,
    text: Field,
    text_bi: Field,
    cause: Field,
    data: Field,
    year: Field,
    org: Field,
    orgs: Field,
    group: Field,
    source: Field,
    disclosed: Field,
    records: Field,
    lag: Field,
}

/// The deepest offset a search honours.
pub const MAX_OFFSET: usize = 100_000;

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let f = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        names: b.add_text_field("names", text(JA, false)),
        names_bi: b.add_text_field("names_bi", text(BIGRAM, false)),
        text: b.add_text_field("text", text(JA, true)),
        text_bi: b.add_text_field("text_bi", text(BIGRAM, false)),
        cause: b.add_facet_field("cause", FacetOptions::default()),
        data: b.add_facet_field("data", FacetOptions::default()),
        year: b.add_facet_field("year", FacetOptions::default()),
        org: b.add_facet_field("org", FacetOptions::default()),
        orgs: b.add_facet_field("orgs", FacetOptions::default()),
        group: b.add_facet_field("group", FacetOptions::default()),
        source: b.add_facet_field("source", FacetOptions::default()),
        disclosed: b.add_i64_field("disclosed", INDEXED | FAST),
        records: b.add_u64_field("records", FAST),
        lag: b.add_i64_field("lag", FAST),
    };
    (b.build(), f)
}

/// What an index's commit records.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Payload {
    layout: u32,
    analyzer: String,
    /// The newest store document the index has seen.
    last_document: i64,
}

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
    /// A passage with the query's words in `<mark>`; everything else escaped.
    pub snippet_html: String,
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
    analyzer: &'static str,
    morph: Option<Arc<Morph>>,
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

fn year_of(d: Option<PartialDate>) -> Option<i32> {
    d.map(|d| d.year)
}

/// `YYYYMMDD` (a month-only date is `YYYYMM00`): sortable and range-able.
fn date_key(d: PartialDate) -> i64 {
    i64::from(d.year) * 10_000 + i64::from(d.month) * 100 + i64::from(d.day.unwrap_or(0))
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if there is none. `morph` is the
    /// analyzer for Japanese words; without it, words are split on spaces and
    /// punctuation only (bigrams still find every substring).
    pub fn open(dir: &Path, morph: Option<Arc<Morph>>) -> Result<SearchIndex> {
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
        let analyzer = if morph.is_some() { "ipadic" } else { "plain" };
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
            analyzer,
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

    fn writer(&self) -> Result<IndexWriter> {
        Ok(self.index.writer_with_num_threads(1, 64 * 1024 * 1024)?)
    }

    fn document(&self, row: &IndexRow) -> TantivyDocument {
        let f = &self.fields;
        let s = &row.summary;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, u64::try_from(s.id).unwrap_or(0));
        // Cause details are codes (`to_instead_of_bcc`): searchable with the
        // names, never part of the text snippets are cut from.
        let mut names = row.names.join("\n");
        for d in &row.cause_detail {
            names.push('\n');
            names.push_str(d);
        }
        let names = normalize(&names);
        doc.add_text(f.names, &names);
        doc.add_text(f.names_bi, &names);
        let text = normalize(&row.text);
        doc.add_text(f.text, &text);
        doc.add_text(f.text_bi, &text);
        if let Some(c) = s.cause {
            doc.add_facet(f.cause, Facet::from_path([c.as_str()]));
        }
        for d in &s.data {
            doc.add_facet(f.data, Facet::from_path([d.as_str()]));
        }
        if let Some(y) = year_of(s.disclosed).or(year_of(s.occurred)) {
            doc.add_facet(f.year, Facet::from_path([y.to_string()]));
        }
        doc.add_facet(f.org, Facet::from_path([s.organization.as_str()]));
        for name in &row.chain {
            doc.add_facet(f.orgs, Facet::from_path([name.as_str()]));
        }
        if let Some(top) = row.chain.last() {
            doc.add_facet(f.group, Facet::from_path([top.as_str()]));
        }
        let mut sources: Vec<&str> = s
            .documents
            .iter()
            .filter_map(|d| d.source_type.as_deref())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        for src in sources {
            doc.add_facet(f.source, Facet::from_path([src]));
        }
        if let Some(d) = s.disclosed.or(s.occurred) {
            doc.add_i64(f.disclosed, date_key(d));
        }
        if let Some(n) = s.counts.iter().map(|c| c.value).max() {
            doc.add_u64(f.records, n);
        }
        if let Some(lag) = s.disclosure_lag() {
            doc.add_i64(f.lag, lag);
        }
        doc
    }

    /// Re-indexes `ids` (rows fetched from the store in chunks), then commits
    /// with `last_document`; `progress` is told how many are done.
    async fn put(
        &self,
        store: &Store,
        ids: &[i64],
        last_document: i64,
        start_over: bool,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<()> {
        let mut writer = self.writer()?;
        if start_over {
            writer.delete_all_documents()?;
        }
        let mut done = 0;
        for chunk in ids.chunks(500) {
            let rows = store.index_rows(chunk).await?;
            for id in chunk {
                writer.delete_term(Term::from_field_u64(
                    self.fields.id,
                    u64::try_from(*id).unwrap_or(0),
                ));
            }
            for row in &rows {
                writer.add_document(self.document(row))?;
            }
            done += chunk.len();
            progress(done);
        }
        let payload = Payload {
            layout: LAYOUT,
            analyzer: self.analyzer.into(),
            last_document,
        };
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&payload).unwrap_or_default());
        commit.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Catches up with the store: re-indexes every incident touched since the
    /// last sync. Returns how many were re-indexed.
    pub async fn sync(&self, store: &Store) -> Result<usize> {
        let after = self.last_document()?;
        let (newest, ids) = store.changed_since(after).await?;
        if newest == after && self.payload()?.is_some() {
            return Ok(0);
        }
        self.put(store, &ids, newest, false, &mut |_| {}).await?;
        Ok(ids.len())
    }

    /// Starts over from every incident in the store. `progress(done, total)`.
    pub async fn rebuild(
        &self,
        store: &Store,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<usize> {
        let (newest, _) = store.changed_since(i64::MAX).await?;
        let ids = store.incident_ids().await?;
        let total = ids.len();
        self.put(store, &ids, newest, true, &mut |done| progress(done, total))
            .await?;
        Ok(total)
    }

    /// The query for one word: its morphemes as a phrase, or its bigrams as a
    /// phrase, in names (boosted) or text.
    fn word_query(&self, word: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let mut ja = self.index.tokenizer_for_field(f.text).ok()?;
        let mut morph_terms = Vec::new();
        let mut stream = ja.token_stream(word);
        while let Some(t) = stream.next() {
            morph_terms.push((t.position, t.text.clone()));
        }
        let grams = tokenize::bigrams(word);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let phrase =
            |field: Field, terms: &[(usize, String)], boost: f32| -> Option<Box<dyn Query>> {
                let q: Box<dyn Query> = match terms {
                    [] => return None,
                    [(_, t)] => Box::new(TermQuery::new(
                        Term::from_field_text(field, t),
                        IndexRecordOption::WithFreqs,
                    )),
                    _ => {
                        let first = terms[0].0;
                        Box::new(PhraseQuery::new_with_offset(
                            terms
                                .iter()
                                .map(|(p, t)| (p - first, Term::from_field_text(field, t)))
                                .collect(),
                        ))
                    }
                };
                Some(Box::new(BoostQuery::new(q, boost)))
            };
        let gram_terms: Vec<(usize, String)> =
            grams.iter().map(|t| (t.position, t.text.clone())).collect();
        // Bigram phrases over the whole text are the costly part of a search
        // (position lists of frequent bigrams): a word the dictionary knows in
        // full (`不正アクセス` = 不正 + アクセス) is found by its morphemes; an
        // unknown word, or one split into single characters, needs substrings.
        let known = self.morph.as_deref().is_some_and(|m| {
            let toks = m.tokens(word);
            !toks.is_empty()
                && toks.iter().all(|t| {
                    !t.unknown
                        && (t.surface.chars().count() >= 2 || tokenize::is_separator(&t.surface))
                })
        });
        let no_terms: Vec<(usize, String)> = Vec::new();
        let text_grams = if known { &no_terms } else { &gram_terms };
        for (field, terms, boost) in [
            (f.names, &morph_terms, 4.0),
            (f.text, &morph_terms, 1.0),
            (f.names_bi, &gram_terms, 2.0),
            (f.text_bi, text_grams, 0.5),
        ] {
            if let Some(q) = phrase(field, terms, boost) {
                clauses.push((Occur::Should, q));
            }
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn facet_field(&self, name: &str) -> Option<Field> {
        let f = &self.fields;
        Some(match name {
            "cause" => f.cause,
            "data" => f.data,
            "year" => f.year,
            "org" => f.orgs,
            "group" => f.group,
            "source" => f.source,
            _ => return None,
        })
    }

    /// The query of a request, and the words to highlight.
    fn query(&self, req: &SearchRequest) -> (Box<dyn Query>, Vec<String>) {
        let q = normalize(&req.q);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut highlight = Vec::new();
        for raw in q.split(|c: char| c.is_whitespace()) {
            let (occur, word) = match raw.strip_prefix('-') {
                Some(w) => (Occur::MustNot, w),
                None => (Occur::Must, raw),
            };
            let word = word.trim_matches('"');
            if word.is_empty() {
                continue;
            }
            if let Some(wq) = self.word_query(word) {
                clauses.push((occur, wq));
                if occur == Occur::Must {
                    highlight.push(word.to_owned());
                }
            }
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for (name, value) in &req.filters {
            if let Some(field) = self.facet_field(name)
                && !value.is_empty()
            {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_facet(field, &Facet::from_path([value.as_str()])),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        if req.since.is_some() || req.until.is_some() {
            let key = |d: NaiveDate| {
                use chrono::Datelike;
                date_key(PartialDate::ymd(d.year(), d.month(), d.day()))
            };
            let term = |v: i64| Term::from_field_i64(self.fields.disclosed, v);
            // A month-only date (YYYYMM00) is in range when its month is.
            let lower = req.since.map_or(Bound::Unbounded, |d| {
                Bound::Included(term(key(d) / 100 * 100))
            });
            let upper = req
                .until
                .map_or(Bound::Unbounded, |d| Bound::Included(term(key(d))));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        (Box::new(BooleanQuery::new(clauses)), highlight)
    }

    /// Runs a search (`limit` is taken up to 1,000, `offset` up to [`MAX_OFFSET`]).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let (query, highlight) = self.query(req);
        let limit = req.limit.clamp(1, 1000);
        let mut multi = MultiCollector::new();
        let count = multi.add_collector(Count);
        let mut facet_handles = Vec::new();
        for name in FACETS {
            // `org` counts each incident's own organisation (filtering by it takes the group).
            facet_handles.push((name, multi.add_collector(facets::TopFacets::new(name, 30))));
        }
        // The collector reserves room for `offset + limit` hits up front: an
        // offset from a URL must never size an allocation. Callers refuse deep
        // pages with a message; this only keeps the index safe on its own.
        let offset = req.offset.min(MAX_OFFSET);
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let sort = match req.sort {
            Sort::Relevance if highlight.is_empty() => Sort::Newest,
            s => s,
        };
        let (mut fruit, addrs): (_, Vec<(Option<f32>, DocAddress)>) = match sort {
            Sort::Relevance => {
                let h = multi.add_collector(top.order_by_score());
                let mut fruit = searcher.search(&query, &multi)?;
                let hits = h.extract(&mut fruit);
                (fruit, hits.into_iter().map(|(s, a)| (Some(s), a)).collect())
            }
            Sort::Newest | Sort::Oldest | Sort::Lag => {
                let (field, order) = match sort {
                    Sort::Newest => ("disclosed", Order::Desc),
                    Sort::Oldest => ("disclosed", Order::Asc),
                    _ => ("lag", Order::Desc),
                };
                let h = multi.add_collector(top.order_by_fast_field::<i64>(field, order));
                let mut fruit = searcher.search(&query, &multi)?;
                let hits = h.extract(&mut fruit);
                (fruit, hits.into_iter().map(|(_, a)| (None, a)).collect())
            }
            Sort::Records => {
                let h = multi.add_collector(top.order_by_fast_field::<u64>("records", Order::Desc));
                let mut fruit = searcher.search(&query, &multi)?;
                let hits = h.extract(&mut fruit);
                (fruit, hits.into_iter().map(|(_, a)| (None, a)).collect())
            }
        };
        let total = count.extract(&mut fruit);
        let mut facets = BTreeMap::new();
        for (name, handle) in facet_handles {
            let values = handle
                .extract(&mut fruit)
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            facets.insert(name.to_owned(), values);
        }
        let snippets = (!highlight.is_empty()).then(|| self.snippet_generator(&highlight));
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_u64())
                .and_then(|v| i64::try_from(v).ok())
                .unwrap_or(0);
            let snippet_html = match &snippets {
                Some(g) => {
                    let text = doc
                        .get_first(self.fields.text)
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    highlight_html(g.snippet(text).fragment(), &highlight)
                }
                None => String::new(),
            };
            hits.push(Hit {
                id,
                score,
                snippet_html,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    fn snippet_generator(&self, words: &[String]) -> SnippetGenerator {
        let mut terms = BTreeMap::new();
        for w in words {
            for g in tokenize::bigrams(w) {
                terms.insert(g.text, 1.0);
            }
        }
        let analyzer = TextAnalyzer::builder(BigramTokenizer::default()).build();
        SnippetGenerator::new(terms, analyzer, self.fields.text, 160)
    }
}

/// `fragment` as HTML: escaped, with every whole occurrence of a query word in
/// `<mark>` (tantivy would mark each matching bigram, so `カード` in a query
/// would light up `ード` inside `フードネット`).
pub fn highlight_html(fragment: &str, words: &[String]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        let mut from = 0;
        while let Some(i) = fragment[from..].find(w.as_str()) {
            ranges.push((from + i, from + i + w.len()));
            from += i + w.len();
        }
    }
    ranges.sort_unstable();
    let mut out = String::with_capacity(fragment.len() + 32);
    let mut at = 0;
    for (start, end) in ranges {
        if start < at {
            continue;
        }
        escape_into(&mut out, &fragment[at..start]);
        out.push_str("<mark>");
        escape_into(&mut out, &fragment[start..end]);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(&mut out, &fragment[at..]);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
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
