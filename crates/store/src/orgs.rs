//! Organisations: finding one by any name, its group tree, importing a catalogue.

use super::*;

/// `s` with the LIKE wildcards and the escape character escaped by `\`.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// The organisation called `name` (any of its names, any legal form), if known;
    /// failing an exact match, the one whose name contains it.
    pub async fn find_org(&self, name: &str) -> Result<Option<i64>> {
        let key = norm_key(name);
        if key.is_empty() {
            return Ok(None);
        }
        let exact: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM organizations WHERE norm_key = $1 \
             UNION ALL SELECT org_id FROM org_aliases WHERE norm_key = $1 LIMIT 1",
        )
        .bind(&key)
        .fetch_optional(&self.pool)
        .await?;
        if exact.is_some() {
            return Ok(exact);
        }
        // A part of a name: at least two characters, matched literally (`%`
        // and `_` from a URL are characters here, not wildcards).
        if key.chars().count() < 2 {
            return Ok(None);
        }
        let like = format!("%{}%", escape_like(&key));
        Ok(sqlx::query_scalar(
            "SELECT id FROM organizations WHERE norm_key LIKE $1 ESCAPE '\\' ORDER BY length(norm_key), id LIMIT 1",
        )
        .bind(like)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The stored name of the organisation called `name` (any of its names), if known.
    pub async fn org_name(&self, name: &str) -> Result<Option<String>> {
        match self.find_org(name).await? {
            Some(id) => Ok(Some(self.organization(id).await?.name)),
            None => Ok(None),
        }
    }

    pub(crate) async fn organization(&self, id: i64) -> Result<Organization> {
        let r = sqlx::query(
            "SELECT id, name, securities_code, market FROM organizations WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let aliases: Vec<String> =
            sqlx::query_scalar("SELECT alias FROM org_aliases WHERE org_id = $1 ORDER BY alias")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(Organization {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            securities_code: r.try_get(2)?,
            market: r.try_get(3)?,
            aliases,
        })
    }

    pub(crate) async fn children(&self, id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT child_id FROM org_relations WHERE parent_id = $1 ORDER BY child_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The organisation and every subsidiary below it.
    pub(crate) async fn group_ids(&self, id: i64) -> Result<Vec<i64>> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() && out.len() < 10_000 {
            for c in self.children(out[i]).await? {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            i += 1;
        }
        Ok(out)
    }

    pub(crate) async fn parents(&self, id: i64) -> Result<Vec<i64>> {
        let mut out: Vec<i64> = Vec::new();
        let mut at = id;
        while out.len() < 16 {
            let p: Option<i64> = sqlx::query_scalar(
                "SELECT parent_id FROM org_relations WHERE child_id = $1 ORDER BY parent_id LIMIT 1",
            )
            .bind(at)
            .fetch_optional(&self.pool)
            .await?;
            match p {
                Some(p) if p != id && !out.contains(&p) => {
                    out.push(p);
                    at = p;
                }
                _ => break,
            }
        }
        Ok(out)
    }

    pub(crate) fn tree<'a>(
        &'a self,
        id: i64,
        depth: usize,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<GroupNode>> + Send + 'a>> {
        Box::pin(async move {
            let org = self.organization(id).await?;
            let mut children = Vec::new();
            if depth < 8 {
                for c in self.children(id).await? {
                    children.push(self.tree(c, depth + 1).await?);
                }
            }
            Ok(GroupNode { org, children })
        })
    }

    /// An organisation, its group tree and every incident of the group.
    pub async fn org(&self, name: &str) -> Result<Option<OrgView>> {
        let Some(id) = self.find_org(name).await? else {
            return Ok(None);
        };
        let org = self.organization(id).await?;
        let parent_ids = self.parents(id).await?;
        let mut parents = Vec::new();
        for p in &parent_ids {
            parents.push(self.organization(*p).await?);
        }
        let top = parent_ids.last().copied().unwrap_or(id);
        let group = self.tree(top, 0).await?;
        let ids = self.group_ids(top).await?;
        let sql = format!(
            "{SUMMARY_SELECT} WHERE i.org_id IN ({}) ORDER BY COALESCE(i.disclosed, i.occurred) DESC, i.id DESC",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        let mut incidents: Vec<IncidentSummary> =
            rows.iter().map(summary_from_row).collect::<Result<_>>()?;
        self.attach_documents(&mut incidents).await?;
        Ok(Some(OrgView {
            org,
            parents,
            group,
            incidents,
        }))
    }

    /// Loads organisations (name, parent, securities code, market); returns how many rows were applied.
    pub async fn import_orgs(&self, rows: &[OrgRow]) -> Result<usize> {
        let mut tx = self.pool.begin().await?;
        for (i, row) in rows.iter().enumerate() {
            if norm_key(&row.name).is_empty() {
                return Err(Error::OrgRow {
                    row: i + 1,
                    message: "the name is empty".into(),
                });
            }
            let (id, _) = upsert_org(&mut tx, &row.name).await?;
            sqlx::query(
                "UPDATE organizations SET securities_code = COALESCE($1, securities_code), \
                 market = COALESCE($2, market) WHERE id = $3",
            )
            .bind(row.securities_code.as_deref().filter(|s| !s.is_empty()))
            .bind(row.market.as_deref().filter(|s| !s.is_empty()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if let Some(parent) = row.parent.as_deref().filter(|p| !norm_key(p).is_empty()) {
                let (pid, _) = upsert_org(&mut tx, parent).await?;
                if pid == id {
                    return Err(Error::OrgRow {
                        row: i + 1,
                        message: "an organisation cannot be its own parent".into(),
                    });
                }
                relate(&mut tx, id, pid, None).await?;
            }
        }
        tx.commit().await?;
        Ok(rows.len())
    }
}
