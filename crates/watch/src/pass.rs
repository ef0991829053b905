//! One pass over one source.

use std::time::Instant;

use leakwatch_fetch::{Outcome, Page, Validators};
use leakwatch_ingest::{Format, Metadata};
use leakwatch_store::{Ingested, Recorded};

use crate::{Error, Item, Kind, PassReport, Source, Timings, Watcher};

impl Watcher {
    /// One pass over `src`: its lease taken, its list fetched, its new items
    /// recorded, its checkpoint and alerts updated, its lease given back.
    pub async fn pass(&self, src: &Source) -> PassReport {
        let mut report = PassReport {
            source: src.name.clone(),
            ..PassReport::default()
        };
        let holder = self.options.holder.as_str();
        let ttl = self.options.lease.as_millis() as i64;
        let t = Instant::now();
        let leased = async {
            self.store
                .upsert_source(&src.name, src.kind.as_str(), &src.url)
                .await?;
            self.store.take_lease(&src.name, holder, ttl).await
        }
        .await;
        Timings::add(&self.timings.store, t);
        match leased {
            Ok(true) => {}
            Ok(false) => {
                tracing::info!(source = %src.name, "another process holds this source; skipped");
                report.leased_elsewhere = true;
                return report;
            }
            Err(e) => {
                tracing::error!(source = %src.name, error = %e, "cannot take the source's lease");
                report.error = Some(e.to_string());
                return report;
            }
        }
        let result = self.work(src, &mut report).await;
        let t = Instant::now();
        let finished = match &result {
            Ok(validators) => {
                self.store
                    .finish_pass(
                        &src.name,
                        Ok((
                            validators.etag.as_deref(),
                            validators.last_modified.as_deref(),
                        )),
                    )
                    .await
            }
            Err(e) => self.store.finish_pass(&src.name, Err(&e.to_string())).await,
        };
        if let Err(e) = finished {
            tracing::error!(source = %src.name, error = %e, "cannot store the source's checkpoint");
        }
        if let Err(e) = self.store.release_lease(&src.name, holder).await {
            tracing::warn!(source = %src.name, error = %e, "cannot release the source's lease");
        }
        Timings::add(&self.timings.store, t);
        match result {
            Ok(_) => tracing::info!(
                source = %src.name, items = report.items, new = report.new, stored = report.stored,
                unchanged = report.unchanged, "source done"
            ),
            Err(e) => {
                tracing::warn!(source = %src.name, url = %src.url, error = %e, "source failed");
                report.error = Some(e.to_string());
            }
        }
        report.alerts = self.alert(&src.name, &report.incidents).await;
        report
    }

    async fn fetch(&self, url: &str, validators: &Validators) -> Result<Outcome, Error> {
        let t = Instant::now();
        let out = self.fetcher.get(url, validators).await;
        Timings::add(&self.timings.fetch, t);
        Ok(out?)
    }

    /// The pass proper; the list's validators when every item went in.
    async fn work(&self, src: &Source, report: &mut PassReport) -> Result<Validators, Error> {
        let stored = self.store.source(&src.name).await?.unwrap_or_default();
        let before = Validators {
            etag: stored.etag,
            last_modified: stored.last_modified,
        };
        let list = match self.fetch(&src.url, &before).await? {
            Outcome::NotModified => {
                report.unchanged = true;
                return Ok(before);
            }
            Outcome::Fetched(p) => p,
        };
        let mut items =
            crate::items::read(src.kind, &list.final_url, &list.body, src.items.as_deref())?;
        items.truncate(self.options.max_items);
        report.items = items.len();
        let t = Instant::now();
        let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        let seen = self.store.seen_items(&src.name, &ids).await?;
        Timings::add(&self.timings.store, t);
        let (mut failed, mut first, mut tried) = (0usize, None, 0usize);
        let mut renewed = Instant::now();
        for item in items.iter().filter(|i| !seen.contains(&i.id)) {
            tried += 1;
            // Renewed once a third of it has gone, so that it never runs out mid-pass.
            if renewed.elapsed() > self.options.lease / 3 {
                renewed = Instant::now();
                let ttl = self.options.lease.as_millis() as i64;
                if !self
                    .store
                    .take_lease(&src.name, &self.options.holder, ttl)
                    .await?
                {
                    tracing::warn!(source = %src.name, "lost the source's lease; stopping");
                    break;
                }
            }
            let page = if src.kind == Kind::Page {
                Ok(list.clone())
            } else {
                match self.fetch(&item.url, &Validators::default()).await {
                    Ok(Outcome::Fetched(p)) => Ok(p),
                    Ok(Outcome::NotModified) => Err(Error::Parse {
                        url: item.url.clone(),
                        kind: src.kind.as_str(),
                        what: "an unasked 304".to_owned(),
                    }),
                    Err(e) => Err(e),
                }
            };
            match self.take_in(src, item, page).await {
                Ok(Some(recorded)) => {
                    report.new += 1;
                    if let Recorded::Stored(Ingested::Stored { incidents, .. }) = &recorded {
                        report.incidents.extend(incidents.iter().copied());
                    }
                    if matches!(recorded, Recorded::Stored(_)) {
                        report.stored += 1;
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    // Not recorded: the next pass tries it again.
                    tracing::warn!(source = %src.name, item = %item.url, error = %e, "item failed");
                    failed += 1;
                    first.get_or_insert_with(|| e.to_string());
                }
            }
        }
        match first {
            None => Ok(list.validators),
            Some(first) => Err(Error::Items {
                failed,
                total: tried,
                first,
            }),
        }
    }

    /// Text, relevance, extraction and the record of one item. `None`: another
    /// process recorded it first.
    async fn take_in(
        &self,
        src: &Source,
        item: &Item,
        page: Result<Page, Error>,
    ) -> Result<Option<Recorded>, Error> {
        let page = page?;
        let meta = Metadata {
            location: Some(item.url.clone()),
            title: item.title.clone(),
            published: item.published,
            source_type: src.source_type,
            format: format_of(&page),
        };
        let timings = self.timings.clone();
        let settings = self.options.intake.clone();
        let analyzer = self.analyzer.clone();
        let work = tokio::task::spawn_blocking(
            move || -> Result<(Option<leakwatch_ingest::Prepared>, i32), Error> {
                let t = Instant::now();
                let text =
                    leakwatch_ingest::to_text_declared(&page.body, page.charset.as_deref(), &meta);
                Timings::add(&timings.text, t);
                let text = text?;
                let t = Instant::now();
                let title = meta
                    .title
                    .clone()
                    .or_else(|| text.title.clone())
                    .unwrap_or_default();
                let verdict = leakwatch_relevance::classify(&title, &text.text);
                Timings::add(&timings.relevance, t);
                if !verdict.relevant {
                    return Ok((None, verdict.score));
                }
                let t = Instant::now();
                let prepared =
                    leakwatch_ingest::intake_source(text, &meta, &settings, analyzer.as_deref());
                Timings::add(&timings.extract, t);
                Ok((Some(prepared?), verdict.score))
            },
        );
        let (prepared, score) = work.await.map_err(|_| Error::Parse {
            url: item.url.clone(),
            kind: src.kind.as_str(),
            what: "reading it stopped unexpectedly".to_owned(),
        })??;
        let t = Instant::now();
        let recorded = self
            .store
            .record_item(
                &src.name,
                &item.id,
                prepared.as_ref().map(|p| (&p.document, &p.extraction)),
            )
            .await;
        Timings::add(&self.timings.store, t);
        let recorded = recorded?;
        tracing::debug!(source = %src.name, item = %item.url, score, recorded = ?recorded, "item recorded");
        Ok((recorded != Recorded::AlreadySeen).then_some(recorded))
    }
}

/// The format of a fetched body: its media type, else its URL's extension,
/// else HTML when it opens like markup.
fn format_of(page: &Page) -> Format {
    if let Some(f) = page.media_type.as_deref().and_then(Format::from_media_type) {
        return f;
    }
    let path = url::Url::parse(&page.final_url)
        .map(|u| u.path().to_owned())
        .unwrap_or_default();
    match Format::from_path(std::path::Path::new(&path)) {
        Format::Text if page.body.trim_ascii_start().starts_with(b"<") => Format::Html,
        Format::Text if page.body.starts_with(b"%PDF-") => Format::Pdf,
        f => f,
    }
}
