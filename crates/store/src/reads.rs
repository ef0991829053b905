//! What the search index reads: incidents touched since a document, and their text.

use super::*;

pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The whole lines of `body` that hold bytes `lo..hi`.
/// The most text indexed for one incident, over all its documents.
pub const MAX_INDEX_TEXT: usize = 64 * 1024;

/// The most text indexed for one incident from one document.
pub const MAX_INDEX_TEXT_PER_DOCUMENT: usize = 16 * 1024;

/// The longest line kept whole around a span; longer lines give a window.
pub(crate) const MAX_LINE: usize = 1024;

/// `s` cut to at most `max` bytes, on a char boundary.
pub(crate) fn clip(s: &str, max: usize) -> &str {
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
pub(crate) fn line_around(body: &str, lo: usize, hi: usize) -> (usize, usize) {
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
pub(crate) fn evidence_lines(body: &str, spans: &mut [(usize, usize)], budget: usize) -> String {
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

impl Store {
    /// Every incident id, in order.
    pub async fn incident_ids(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM incidents ORDER BY id")
            .fetch_all(&self.pool)
            .await?)
    }

    /// What changed after document `after`: the newest document id, and every
    /// incident a later document was linked to, whose organisation a later
    /// document placed in a group, or that a later document folded into another
    /// (gone: the index drops it). A search index kept at `after` catches up
    /// by re-indexing these.
    pub async fn changed_since(&self, after: i64) -> Result<(i64, Vec<i64>)> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM documents")
            .fetch_one(&self.pool)
            .await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT incident_id FROM incident_documents WHERE document_id > $1 \
             UNION SELECT i.id FROM incidents i JOIN org_relations r ON r.child_id = i.org_id \
             WHERE r.document_id > $1 \
             UNION SELECT incident_id FROM folded_incidents WHERE document_id > $1 ORDER BY 1",
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
