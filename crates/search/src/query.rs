//! Reading a search request into a tantivy query.

use super::*;

impl SearchIndex {
    /// The query for one word: its morphemes as a phrase, or its bigrams as a
    /// phrase, in names (boosted) or text.
    pub(crate) fn word_query(&self, word: &str) -> Option<Box<dyn Query>> {
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
            let toks = m.morphemes(word);
            !toks.is_empty()
                && toks.iter().all(|t| {
                    let surface = word.get(t.start..t.end).unwrap_or("");
                    t.known && (surface.chars().count() >= 2 || tokenize::is_separator(surface))
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

    pub(crate) fn facet_field(&self, name: &str) -> Option<Field> {
        let f = &self.fields;
        Some(match name {
            "cause" => f.cause,
            "data" => f.data,
            "year" => f.year,
            "org" => f.orgs,
            "group" => f.group,
            "source" => f.source,
            "flag" => f.flag,
            _ => return None,
        })
    }

    /// The query of a request, and the words to highlight.
    pub(crate) fn query(&self, req: &SearchRequest) -> (Box<dyn Query>, Vec<String>) {
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
}
