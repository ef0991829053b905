//! Running a search: hits, facet counts, snippets with their marks.

use super::*;

/// `fragment` with the ranges of every whole occurrence of a query word
/// (tantivy would mark each matching bigram, so `カード` in a query would mark
/// `ード` inside `フードネット`).
pub fn mark_words(fragment: &str, words: &[String]) -> Snippet {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        let mut from = 0;
        while let Some(i) = fragment[from..].find(w.as_str()) {
            ranges.push((from + i, from + i + w.len()));
            from += i + w.len();
        }
    }
    ranges.sort_unstable();
    let mut marks: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for r in ranges {
        if marks.last().is_some_and(|last| r.0 < last.1) {
            continue;
        }
        marks.push(r);
    }
    Snippet {
        fragment: fragment.to_owned(),
        marks,
    }
}

impl SearchIndex {
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
            let snippet = match &snippets {
                Some(g) => {
                    let text = doc
                        .get_first(self.fields.text)
                        .and_then(|v| v.as_str())
                        .unwrap_or("");
                    mark_words(g.snippet(text).fragment(), &highlight)
                }
                None => Snippet::default(),
            };
            hits.push(Hit { id, score, snippet });
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }

    pub(crate) fn snippet_generator(&self, words: &[String]) -> SnippetGenerator {
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
