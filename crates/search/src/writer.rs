//! Writing the index: one document per incident, kept in step with the store.

use super::*;

impl SearchIndex {
    pub(crate) fn writer(&self) -> Result<IndexWriter> {
        Ok(self.index.writer_with_num_threads(1, 64 * 1024 * 1024)?)
    }

    pub(crate) fn document(&self, row: &IndexRow) -> TantivyDocument {
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
        for flag in &s.flags {
            doc.add_facet(f.flag, Facet::from_path([flag.code.as_str()]));
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
    /// with the store's marks it has caught up with (newest document, newest
    /// flag change); `progress` is told how many are done.
    pub(crate) async fn put(
        &self,
        store: &Store,
        ids: &[i64],
        (last_document, last_flag_change): (i64, i64),
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
            analyzer: self.analyzer.clone(),
            last_document,
            last_flag_change,
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
        let payload = self.payload()?;
        let (after, flags_after) = payload
            .as_ref()
            .map_or((0, 0), |p| (p.last_document, p.last_flag_change));
        let (newest, mut ids) = store.changed_since(after).await?;
        let (newest_flags, flagged) = store.flags_changed_since(flags_after).await?;
        if newest == after && newest_flags == flags_after && payload.is_some() {
            return Ok(0);
        }
        ids.extend(flagged);
        ids.sort_unstable();
        ids.dedup();
        self.put(store, &ids, (newest, newest_flags), false, &mut |_| {})
            .await?;
        Ok(ids.len())
    }

    /// Starts over from every incident in the store. `progress(done, total)`.
    pub async fn rebuild(
        &self,
        store: &Store,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<usize> {
        let (newest, _) = store.changed_since(i64::MAX).await?;
        let (newest_flags, _) = store.flags_changed_since(i64::MAX).await?;
        let ids = store.incident_ids().await?;
        let total = ids.len();
        self.put(store, &ids, (newest, newest_flags), true, &mut |done| {
            progress(done, total)
        })
        .await?;
        Ok(total)
    }
}
