//! Flags: what the analysis stage judged of each incident, stored beside it.
//!
//! The store gathers a [`Dossier`] (the merged incident, its parent and what the
//! parent said, the other incidents of its organisation and group, the
//! organisations affected through it), hands it to the [`Judge`] it was given
//! ([`Store::with_judge`]) and keeps the flags in `incident_flags`, in the same
//! transaction as the document that changed them.

use leakwatch_model::{
    AffectedParty, Dossier, Flag, FlagCode, Judge, ParentFacts, PartialDate, PastIncident,
};

use super::*;

/// How many other incidents of an organisation and its group a dossier holds.
const MAX_OTHERS: i64 = 50;

/// The first publication of incident `i` (its own notices, follow-ups and
/// special-loss notices), as a column of a query over `incidents i`.
const FIRST_PUBLISHED: &str = "(SELECT MIN(d.published) FROM incident_documents l \
     JOIN documents d ON d.id = l.document_id WHERE l.incident_id = i.id \
     AND l.role IN ('first_disclosure', 'follow_up', 'special_loss'))";

/// A parent as read: name, key, securities code, market.
type ParentRow = (String, String, Option<String>, Option<String>);

/// The columns [`party_of`] reads, from `incident_parties`.
pub(crate) const PARTY_COLUMNS: &str = "name, norm_key, role, counts, document_id";

/// An affected party from the row's columns `at..at + 5` ([`PARTY_COLUMNS`]).
pub(crate) fn party_of(r: &AnyRow, at: usize) -> Result<Option<AffectedParty>> {
    let name: Option<String> = r.try_get(at)?;
    let key: String = r.try_get(at + 1)?;
    let Ok(role) = r.try_get::<String, _>(at + 2)?.parse() else {
        return Ok(None);
    };
    let counts: Option<String> = r.try_get(at + 3)?;
    Ok(Some(AffectedParty {
        name: name.unwrap_or(key),
        role,
        counts: counts
            .and_then(|c| serde_json::from_str(&c).ok())
            .unwrap_or_default(),
        document_id: r.try_get(at + 4)?,
    }))
}

/// Whether a document whose opening is `head` was issued by the organisation
/// keyed `issuer` rather than by `own`: the issuer is named first in the
/// letterhead (a subsidiary's notice names its parent only further down, "当社は
/// X株式会社の100%子会社"), an occurrence inside `own`'s name not counting.
pub(crate) fn issued_by(head: &str, issuer: &str, own: &str) -> bool {
    if issuer.is_empty() {
        return false;
    }
    let head = norm_key(head);
    let owns: Vec<(usize, usize)> = if own.is_empty() {
        Vec::new()
    } else {
        head.match_indices(own)
            .map(|(at, m)| (at, at + m.len()))
            .collect()
    };
    let first_issuer = head
        .match_indices(issuer)
        .map(|(at, m)| (at, at + m.len()))
        .find(|&(a, b)| !owns.iter().any(|&(s, e)| s <= a && b <= e));
    match (first_issuer, owns.first()) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some((a, _)), Some(&(s, _))) => a < s,
    }
}

/// The groups' incidents read so far in one transaction, by organisation
/// (nothing adds an incident while flags are judged).
type Groups = HashMap<i64, Vec<PastIncident>>;

/// Everything the rules read about one incident, reading each organisation's
/// group once into `groups`.
async fn dossier(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    groups: &mut Groups,
) -> Result<Option<Dossier>> {
    // The incident, its organisation's key and its first publication, in one query.
    let row: Option<(String, i64, String, Option<String>)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT i.detail, i.org_id, o.norm_key, {FIRST_PUBLISHED} \
         FROM incidents i JOIN organizations o ON o.id = i.org_id WHERE i.id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some((detail, org_id, own, first_published)) = row else {
        return Ok(None);
    };
    let incident: Incident = serde_json::from_str(&detail)?;
    // The parent: a stated relation (from a document or the catalogue).
    let parent: Option<ParentRow> = sqlx::query_as(
        "SELECT o.name, o.norm_key, o.securities_code, o.market FROM org_relations r \
         JOIN organizations o ON o.id = r.parent_id WHERE r.child_id = $1 ORDER BY o.id LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(&mut **tx)
    .await?;
    let parent = match parent {
        None => None,
        Some((name, key, securities_code, market)) => {
            // The parent spoke when one of the incident's documents is its own reading.
            let spoke: Vec<(Option<String>, String)> = sqlx::query_as(
                "SELECT d.published, f.value FROM incident_documents l \
                 JOIN documents d ON d.id = l.document_id \
                 JOIN facts f ON f.document_id = l.document_id AND f.incident_id = l.incident_id \
                 WHERE l.incident_id = $1 AND f.field = 'organization'",
            )
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
            let mut spoke_on: Vec<PartialDate> = spoke
                .into_iter()
                .filter(|(_, v)| norm_key(v) == key)
                .filter_map(|(p, _)| parse_date(p))
                .collect();
            // Or its letterhead is the parent's: a parent announcing its subsidiary's
            // incident. Only an organisation's own notices have a letterhead; a news
            // article or a blog that names the parent first is someone else's account.
            let heads: Vec<(Option<String>, String)> = sqlx::query_as(
                "SELECT d.published, substr(d.body, 1, 400) FROM incident_documents l \
                 JOIN documents d ON d.id = l.document_id WHERE l.incident_id = $1 \
                 AND (d.source_type IS NULL OR d.source_type IN ('press_release', 'timely_disclosure'))",
            )
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
            spoke_on.extend(
                heads
                    .into_iter()
                    .filter(|(_, head)| issued_by(head, &key, &own))
                    .filter_map(|(p, _)| parse_date(p)),
            );
            Some((
                org_id,
                ParentFacts {
                    name,
                    securities_code,
                    market,
                    spoke_on,
                },
            ))
        }
    };
    let mut others = cached_group(tx, org_id, groups).await?.clone();
    others.retain(|o| o.id != id);
    others.truncate(MAX_OTHERS as usize);
    Ok(Some(Dossier {
        id,
        incident,
        first_published: parse_date(first_published),
        parent: parent.map(|(_, p)| p),
        others,
        parties: parties(tx, id).await?,
    }))
}

/// The group's incidents of `org_id`, read once per transaction.
async fn cached_group<'g>(
    tx: &mut Transaction<'_, Any>,
    org_id: i64,
    groups: &'g mut Groups,
) -> Result<&'g Vec<PastIncident>> {
    Ok(match groups.entry(org_id) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(group_incidents(tx, org_id).await?)
        }
    })
}

/// The newest incidents of an organisation's group (the organisation, its
/// parents, and their other children), one more than [`MAX_OTHERS`] so that
/// each member's others are these less itself.
async fn group_incidents(tx: &mut Transaction<'_, Any>, org_id: i64) -> Result<Vec<PastIncident>> {
    let group: Vec<i64> = sqlx::query_scalar(
        "SELECT $1 UNION SELECT parent_id FROM org_relations WHERE child_id = $1 \
         UNION SELECT c.child_id FROM org_relations c JOIN org_relations p ON p.parent_id = c.parent_id \
         WHERE p.child_id = $1",
    )
    .bind(org_id)
    .fetch_all(&mut **tx)
    .await?;
    let sql = format!(
        "SELECT i.id, o.name, i.cause, i.occurred, i.detected, i.disclosed FROM incidents i \
         JOIN organizations o ON o.id = i.org_id WHERE i.org_id IN ({}) \
         ORDER BY i.id DESC LIMIT {}",
        id_list(&group),
        MAX_OTHERS + 1
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut **tx)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        // Dated as the rules date incidents: when it became known.
        let date = parse_date(r.try_get(4)?)
            .or(parse_date(r.try_get(3)?))
            .or(parse_date(r.try_get(5)?));
        out.push(PastIncident {
            id: r.try_get(0)?,
            organization: r.try_get(1)?,
            cause: r
                .try_get::<Option<String>, _>(2)?
                .and_then(|c| c.parse().ok()),
            date,
        });
    }
    Ok(out)
}

/// Judges again the repetition of an incident's neighbours (the other
/// incidents of its group within the window): only that flag can have
/// changed, and it rests on each one's dates, first publication and group. Read
/// in a few queries for all of them (their rows, their stored repetitions, the
/// incidents of each distinct organisation's group), written only where the
/// flag changed.
async fn refresh_neighbours(
    tx: &mut Transaction<'_, Any>,
    judge: &dyn Judge,
    ids: &[i64],
    groups: &mut Groups,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let list = id_list(ids);
    type Row = (
        i64,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT i.id, i.org_id, i.occurred, i.detected, i.disclosed, {FIRST_PUBLISHED} \
         FROM incidents i WHERE i.id IN ({list}) ORDER BY i.id"
    )))
    .fetch_all(&mut **tx)
    .await?;
    let code = FlagCode::RepeatOffender.as_str();
    let old: HashMap<i64, String> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT incident_id, detail FROM incident_flags WHERE code = '{code}' AND incident_id IN ({list})"
    )))
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    for (id, org_id, occurred, detected, disclosed, first_published) in rows {
        let group = cached_group(tx, org_id, groups).await?;
        let mut others: Vec<PastIncident> = group.iter().filter(|o| o.id != id).cloned().collect();
        others.truncate(MAX_OTHERS as usize);
        let d = Dossier {
            id,
            incident: Incident {
                occurred: parse_date(occurred),
                detected: parse_date(detected),
                disclosed: parse_date(disclosed),
                ..Incident::default()
            },
            first_published: parse_date(first_published),
            others,
            ..Dossier::default()
        };
        let new = judge
            .judge_repeat(&d)
            .map(|f| serde_json::to_string(&f))
            .transpose()?;
        if old.get(&id) == new.as_ref() {
            continue;
        }
        sqlx::query("DELETE FROM incident_flags WHERE incident_id = $1 AND code = $2")
            .bind(id)
            .bind(code)
            .execute(&mut **tx)
            .await?;
        if let Some(detail) = &new {
            sqlx::query(
                "INSERT INTO incident_flags (incident_id, code, detail) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(code)
            .bind(detail)
            .execute(&mut **tx)
            .await?;
        }
        log_change(tx, id).await?;
    }
    Ok(())
}

/// The organisations affected through an incident, with their own figures.
pub(crate) async fn parties(tx: &mut Transaction<'_, Any>, id: i64) -> Result<Vec<AffectedParty>> {
    let sql = format!(
        "SELECT {PARTY_COLUMNS} FROM incident_parties \
         WHERE incident_id = $1 AND role = 'customer' ORDER BY document_id, norm_key"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.extend(party_of(r, 0)?);
    }
    Ok(out)
}

/// Records a customer of the breached provider as an affected party of the
/// provider's incident, with the counts and facts its own notice gives.
pub(crate) async fn affected_party(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    document_id: i64,
    inc: &Incident,
) -> Result<()> {
    let key = norm_key(&inc.organization);
    if key.is_empty() {
        return Ok(());
    }
    write::upsert_org(tx, &inc.organization).await?;
    sqlx::query(
        "INSERT INTO incident_parties (incident_id, norm_key, role, name, counts, document_id) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (incident_id, norm_key) DO UPDATE \
         SET role = $3, name = $4, counts = $5, document_id = $6",
    )
    .bind(incident_id)
    .bind(&key)
    .bind(PartyRole::Customer.as_str())
    .bind(&inc.organization)
    .bind(serde_json::to_string(&inc.counts)?)
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    write::insert_facts(tx, incident_id, document_id, &inc.evidence).await?;
    Ok(())
}

/// Judges the incidents a document touched, and the later incidents of their
/// organisations and groups whose verdict an earlier incident changes.
pub(crate) async fn refresh(
    tx: &mut Transaction<'_, Any>,
    judge: &dyn Judge,
    touched: &[i64],
) -> Result<()> {
    let mut done: Vec<i64> = Vec::new();
    let mut neighbours: Vec<i64> = Vec::new();
    let mut groups = Groups::new();
    for &id in touched {
        if done.contains(&id) {
            continue;
        }
        done.push(id);
        let Some(d) = dossier(tx, id, &mut groups).await? else {
            continue;
        };
        let this = d
            .incident
            .detected
            .or(d.incident.occurred)
            .or(d.incident.disclosed);
        for o in &d.others {
            // The others within the window, before or after, repeat with this one.
            if this.is_some_and(|t| judge.reaches(t, o.date)) && !neighbours.contains(&o.id) {
                neighbours.push(o.id);
            }
        }
        let flags = judge.judge(&d);
        store(tx, id, &flags).await?;
    }
    neighbours.retain(|id| !done.contains(id));
    refresh_neighbours(tx, judge, &neighbours, &mut groups).await
}

/// Keeps the flags of incident `id`; when they differ from the stored ones,
/// logs the change in `flag_changes`. Whether they changed.
async fn store(tx: &mut Transaction<'_, Any>, id: i64, flags: &[Flag]) -> Result<bool> {
    let mut new: Vec<(&'static str, String)> = Vec::with_capacity(flags.len());
    for f in flags {
        if !new.iter().any(|(c, _)| *c == f.code.as_str()) {
            new.push((f.code.as_str(), serde_json::to_string(f)?));
        }
    }
    new.sort();
    let old: Vec<(String, String)> = sqlx::query_as(
        "SELECT code, detail FROM incident_flags WHERE incident_id = $1 ORDER BY code",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let same = old.len() == new.len()
        && old
            .iter()
            .zip(&new)
            .all(|((oc, od), (nc, nd))| oc == nc && od == nd);
    if same {
        return Ok(false);
    }
    sqlx::query("DELETE FROM incident_flags WHERE incident_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if !new.is_empty() {
        let sql = format!(
            "INSERT INTO incident_flags (incident_id, code, detail) VALUES {}",
            write::placeholders(new.len(), 3)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (code, detail) in &new {
            q = q.bind(id).bind(*code).bind(detail);
        }
        q.execute(&mut **tx).await?;
    }
    log_change(tx, id).await?;
    Ok(true)
}

/// Notes in `flag_changes` that incident `id`'s flags changed.
async fn log_change(tx: &mut Transaction<'_, Any>, id: i64) -> Result<()> {
    sqlx::query("INSERT INTO flag_changes (incident_id) VALUES ($1)")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// This store, judging incidents with `judge` whenever a document changes them.
    pub fn with_judge(mut self, judge: std::sync::Arc<dyn Judge>) -> Store {
        self.judge = Some(judge);
        self
    }

    /// The flags of these incidents, by id.
    pub async fn flags_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<Flag>>> {
        let mut out: HashMap<i64, Vec<Flag>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT incident_id, detail FROM incident_flags WHERE incident_id IN ({}) ORDER BY incident_id, code",
            id_list(ids)
        );
        let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        for (id, detail) in rows {
            if let Ok(f) = serde_json::from_str::<Flag>(&detail) {
                out.entry(id).or_default().push(f);
            }
        }
        Ok(out)
    }

    /// How many incidents carry each flag.
    pub async fn flag_counts(&self) -> Result<Vec<(FlagCode, i64)>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT code, COUNT(*) FROM incident_flags GROUP BY code ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, n)| Some((c.parse().ok()?, n)))
            .collect())
    }

    /// The incidents carrying a flag, newest first.
    pub async fn flagged(&self, code: FlagCode) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT incident_id FROM incident_flags WHERE code = $1 ORDER BY incident_id DESC",
        )
        .bind(code.as_str())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Judges every incident again (after the thresholds changed), 256 to a
    /// transaction; `progress(done, total)`. The incidents whose flags changed.
    pub async fn refresh_all_flags(
        &self,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<i64>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM incidents ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        self.rejudge(&ids, progress).await
    }

    /// Judges again the incidents whose verdict time alone can change: those
    /// of an organisation with a parent, not yet found silent (the parent's
    /// window may have closed since they were judged). A long-running watcher
    /// calls it daily. The incidents whose flags changed.
    pub async fn refresh_pending_flags(&self) -> Result<Vec<i64>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT i.id FROM incidents i \
             WHERE EXISTS (SELECT 1 FROM org_relations r WHERE r.child_id = i.org_id) \
             AND NOT EXISTS (SELECT 1 FROM incident_flags f \
                             WHERE f.incident_id = i.id AND f.code = 'parent_silent') \
             ORDER BY i.id",
        )
        .fetch_all(&self.pool)
        .await?;
        self.rejudge(&ids, &mut |_, _| {}).await
    }

    async fn rejudge(
        &self,
        ids: &[i64],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<i64>> {
        let Some(judge) = self.judge.clone() else {
            return Ok(Vec::new());
        };
        let mut changed = Vec::new();
        let mut done = 0;
        for chunk in ids.chunks(256) {
            let mut tx = self.pool.begin().await?;
            let mut groups = Groups::new();
            for id in chunk {
                if let Some(d) = dossier(&mut tx, *id, &mut groups).await?
                    && store(&mut tx, *id, &judge.judge(&d)).await?
                {
                    changed.push(*id);
                }
            }
            tx.commit().await?;
            done += chunk.len();
            progress(done, ids.len());
        }
        Ok(changed)
    }

    /// The incidents whose flags changed after change `after` of the log, and
    /// the newest change (0 when none): what a search index re-reads.
    pub async fn flags_changed_since(&self, after: i64) -> Result<(i64, Vec<i64>)> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM flag_changes")
            .fetch_one(&self.pool)
            .await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT incident_id FROM flag_changes WHERE seq > $1 ORDER BY 1",
        )
        .bind(after)
        .fetch_all(&self.pool)
        .await?;
        Ok((newest.unwrap_or(0), ids))
    }
}

#[cfg(test)]
mod tests {
    use super::issued_by;

    #[test]
    fn the_letterhead_says_who_issued_a_notice() {
        let parent = "2024年10月28日\n東雲ホールディングス株式会社\n当社子会社である東雲トラベル株式会社における不正アクセスについて";
        assert!(issued_by(parent, "東雲ホールディングス", "東雲トラベル"));
        let own =
            "2025年5月9日\n株式会社白鷺テクノサービス\n当社は白鷺電工株式会社の100%子会社として";
        assert!(!issued_by(own, "白鷺電工", "白鷺テクノサービス"));
        // The parent's name inside the subsidiary's does not count.
        let sub = "2024年5月24日\n株式会社ミドリ精工オンライン\nお詫び";
        assert!(!issued_by(sub, "ミドリ精工", "ミドリ精工オンライン"));
        let p2 = "2024年7月8日\nミドリ精工株式会社\n子会社株式会社ミドリ精工オンラインにおける";
        assert!(issued_by(p2, "ミドリ精工", "ミドリ精工オンライン"));
    }
}
