//! The overview's figures, read from the index's fast fields: incidents per
//! month by cause, disclosure lags, organisations with most incidents, and
//! records affected by data kind.

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocId, Score, SegmentReader, Term};

use crate::{FacetCount, Result, SearchIndex};

/// Every value of an i64 fast field over the matching documents (documents
/// without one are left out).
#[derive(Debug)]
struct I64Values(&'static str);

struct I64Segment(Column<i64>, Vec<i64>);

impl SegmentCollector for I64Segment {
    type Fruit = Vec<i64>;
    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(v) = self.0.first(doc) {
            self.1.push(v);
        }
    }
    fn harvest(self) -> Vec<i64> {
        self.1
    }
}

impl Collector for I64Values {
    type Fruit = Vec<i64>;
    type Child = I64Segment;
    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<I64Segment> {
        Ok(I64Segment(segment.fast_fields().i64(self.0)?, Vec::new()))
    }
    fn requires_scoring(&self) -> bool {
        false
    }
    fn merge_fruits(&self, fruits: Vec<Vec<i64>>) -> tantivy::Result<Vec<i64>> {
        Ok(fruits.concat())
    }
}

/// The sum of a u64 fast field over the matching documents.
#[derive(Debug)]
struct U64Sum(&'static str);

struct U64SumSegment(Column<u64>, u64);

impl SegmentCollector for U64SumSegment {
    type Fruit = u64;
    fn collect(&mut self, doc: DocId, _: Score) {
        self.1 = self.1.saturating_add(self.0.first(doc).unwrap_or(0));
    }
    fn harvest(self) -> u64 {
        self.1
    }
}

impl Collector for U64Sum {
    type Fruit = u64;
    type Child = U64SumSegment;
    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<U64SumSegment> {
        Ok(U64SumSegment(segment.fast_fields().u64(self.0)?, 0))
    }
    fn requires_scoring(&self) -> bool {
        false
    }
    fn merge_fruits(&self, fruits: Vec<u64>) -> tantivy::Result<u64> {
        Ok(fruits.into_iter().fold(0, u64::saturating_add))
    }
}

/// The overview's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dashboard {
    /// Incidents in the index.
    pub incidents: u64,
    /// `(cause, [(YYYY-MM, incidents)])`, months ascending; causes in [`leakwatch_model::Cause::ALL`] order.
    pub per_month: Vec<(String, Vec<(String, u64)>)>,
    /// Days from detection (or occurrence) to disclosure, one per incident that has both days.
    pub lags: Vec<i64>,
    /// Organisations with most incidents.
    pub top_orgs: Vec<FacetCount>,
    /// `(data kind, records affected)`: the largest count of each incident, summed per data kind.
    pub records_by_data: Vec<(String, u64)>,
}

fn month_of(key: i64) -> String {
    format!("{:04}-{:02}", key / 10_000, key / 100 % 100)
}

impl SearchIndex {
    /// The overview's figures, computed once per state of the index.
    pub fn dashboard(&self) -> Result<std::sync::Arc<Dashboard>> {
        let generation = self.reader.searcher().generation().generation_id();
        if let Ok(cached) = self.dashboard.lock()
            && let Some((g, d)) = cached.as_ref()
            && *g == generation
        {
            return Ok(d.clone());
        }
        let fresh = std::sync::Arc::new(self.compute_dashboard()?);
        if let Ok(mut cached) = self.dashboard.lock() {
            *cached = Some((generation, fresh.clone()));
        }
        Ok(fresh)
    }

    /// Reads the overview's figures from the fast fields.
    fn compute_dashboard(&self) -> Result<Dashboard> {
        let searcher = self.reader.searcher();
        let mut out = Dashboard {
            incidents: searcher.num_docs(),
            ..Dashboard::default()
        };
        for cause in leakwatch_model::Cause::ALL {
            let q = TermQuery::new(
                Term::from_facet(self.fields.cause, &Facet::from_path([cause.as_str()])),
                IndexRecordOption::Basic,
            );
            let keys = searcher.search(&q, &I64Values("disclosed"))?;
            if keys.is_empty() {
                continue;
            }
            let mut months: std::collections::BTreeMap<String, u64> = Default::default();
            for k in keys {
                *months.entry(month_of(k)).or_default() += 1;
            }
            out.per_month
                .push((cause.as_str().to_owned(), months.into_iter().collect()));
        }
        out.lags = searcher.search(&AllQuery, &I64Values("lag"))?;
        out.top_orgs = searcher
            .search(&AllQuery, &crate::facets::TopFacets::new("org", 10))?
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        for kind in leakwatch_model::DataKind::ALL {
            let q = TermQuery::new(
                Term::from_facet(self.fields.data, &Facet::from_path([kind.as_str()])),
                IndexRecordOption::Basic,
            );
            let sum = searcher.search(&q, &U64Sum("records"))?;
            if sum > 0 {
                out.records_by_data.push((kind.as_str().to_owned(), sum));
            }
        }
        out.records_by_data.sort_by_key(|x| std::cmp::Reverse(x.1));
        Ok(out)
    }
}
