//! The index layout: fields, facets, the payload a commit records.

use super::*;

/// Layout version: bump when fields or analyzers change.
pub(crate) const LAYOUT: u32 = 3;

/// The facets, in the order they are shown.
pub const FACETS: [&str; 7] = ["cause", "data", "year", "org", "group", "source", "flag"];

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) id: Field,
    pub(crate) names: Field,
    pub(crate) names_bi: Field,
    pub(crate) text: Field,
    pub(crate) text_bi: Field,
    pub(crate) cause: Field,
    pub(crate) data: Field,
    pub(crate) year: Field,
    pub(crate) org: Field,
    pub(crate) orgs: Field,
    pub(crate) group: Field,
    pub(crate) source: Field,
    pub(crate) flag: Field,
    pub(crate) disclosed: Field,
    pub(crate) records: Field,
    pub(crate) lag: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
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
        flag: b.add_facet_field("flag", FacetOptions::default()),
        disclosed: b.add_i64_field("disclosed", INDEXED | FAST),
        records: b.add_u64_field("records", FAST),
        lag: b.add_i64_field("lag", FAST),
    };
    (b.build(), f)
}

/// What an index's commit records.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Payload {
    pub(crate) layout: u32,
    pub(crate) analyzer: String,
    /// The newest store document the index has seen.
    pub(crate) last_document: i64,
    /// The newest flag change of the store the index has seen.
    #[serde(default)]
    pub(crate) last_flag_change: i64,
}

pub(crate) fn year_of(d: Option<PartialDate>) -> Option<i32> {
    d.map(|d| d.year)
}

/// `YYYYMMDD` (a month-only date is `YYYYMM00`): sortable and range-able.
pub(crate) fn date_key(d: PartialDate) -> i64 {
    i64::from(d.year) * 10_000 + i64::from(d.month) * 100 + i64::from(d.day.unwrap_or(0))
}
