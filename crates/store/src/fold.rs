//! Folding a customer's incident into its provider's.
//!
//! A customer's notice about its provider's attack can arrive before the
//! provider's own notice; it then opens an incident of the customer's. When the
//! provider's notice arrives and opens the provider's incident, the customer's
//! is folded into it ([`link::customers_of`] says which): its documents become
//! the provider's incident's `affected_party` documents, its figures the
//! affected party's, its facts the provider's incident's; the customer's
//! incident is deleted and `folded_incidents` remembers where it went. All in
//! the transaction of the document that caused it.

use leakwatch_model::{DocumentRole, PartyRole};

use super::*;

/// Folds incident `customer` into incident `provider`; `document_id` is the
/// document whose arrival caused it.
pub(crate) async fn fold_customer(
    tx: &mut Transaction<'_, Any>,
    customer: i64,
    provider: i64,
    document_id: i64,
) -> Result<()> {
    let detail: Option<String> = sqlx::query_scalar("SELECT detail FROM incidents WHERE id = $1")
        .bind(customer)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(detail) = detail else {
        return Ok(());
    };
    let inc: Incident = serde_json::from_str(&detail)?;
    let key = norm_key(&inc.organization);
    let first_doc: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(document_id) FROM incident_documents WHERE incident_id = $1",
    )
    .bind(customer)
    .fetch_one(&mut **tx)
    .await?;
    if !key.is_empty() {
        sqlx::query(
            "INSERT INTO incident_parties (incident_id, norm_key, role, name, counts, document_id) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (incident_id, norm_key) DO UPDATE \
             SET role = $3, name = $4, counts = $5, document_id = $6",
        )
        .bind(provider)
        .bind(&key)
        .bind(PartyRole::Customer.as_str())
        .bind(&inc.organization)
        .bind(serde_json::to_string(&inc.counts)?)
        .bind(first_doc)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "UPDATE incident_documents SET incident_id = $1, role = $2, reason = $3, reason_ja = $4 \
         WHERE incident_id = $5",
    )
    .bind(provider)
    .bind(DocumentRole::AffectedParty.as_str())
    .bind(
        "a customer's notice about its provider's incident, told before the provider's own notice: folded into the provider's incident",
    )
    .bind("提供元の事案を利用組織が提供元より先に公表したもの: 提供元の事案に統合")
    .bind(customer)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE facts SET incident_id = $1 WHERE incident_id = $2")
        .bind(provider)
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    for table in ["incident_flags", "incident_parties"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE incident_id = $1"
        )))
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM incidents WHERE id = $1")
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    // Anything folded into the customer's incident now points at the provider's.
    sqlx::query("UPDATE folded_incidents SET into_id = $1 WHERE into_id = $2")
        .bind(provider)
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO folded_incidents (incident_id, into_id, document_id) VALUES ($1, $2, $3)",
    )
    .bind(customer)
    .bind(provider)
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Where an incident folded into another went (`None` when it was not
    /// folded): the incident that holds it now, following a fold of a fold.
    pub async fn folded_into(&self, id: i64) -> Result<Option<i64>> {
        let mut at = id;
        let mut seen = vec![id];
        loop {
            let next: Option<i64> =
                sqlx::query_scalar("SELECT into_id FROM folded_incidents WHERE incident_id = $1")
                    .bind(at)
                    .fetch_optional(&self.pool)
                    .await?;
            match next {
                Some(n) if !seen.contains(&n) && seen.len() < 16 => {
                    seen.push(n);
                    at = n;
                }
                _ => return Ok((at != id).then_some(at)),
            }
        }
    }
}
