//! Alerts: rules over incidents, fired once per new matching incident and
//! once per follow-up that changes it; delivered to a webhook (a JSON POST
//! signed with HMAC-SHA256, retried) and written to an Atom feed per rule.
//!
//! What a rule matches on is a [`Subject`], a small struct built from a stored
//! incident, so that conditions can grow (the `flags` of the analysis) without
//! touching the rules' callers.

use std::path::PathBuf;

use hmac::{Hmac, Mac};
use leakwatch_model::{Cause, DataKind};
use leakwatch_store::AlertKind;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Watcher;

/// The header that carries the signature: `sha256=<hex HMAC-SHA256 of the body>`.
pub const SIGNATURE_HEADER: &str = "X-Leakwatch-Signature";

/// A webhook sink.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Where to POST.
    pub url: String,
    /// The HMAC key; without one the body goes unsigned.
    pub secret: Option<String>,
}

/// One alert rule. Every condition given must hold; a rule with none matches every incident.
#[derive(Debug, Clone, Default)]
pub struct AlertRule {
    /// Its unique name.
    pub name: String,
    /// Organisations to watch ("my vendors"): an incident matches when its
    /// organisation, one of its other names, its parent or a related party is one of them.
    pub organizations: Vec<String>,
    /// Causes.
    pub causes: Vec<Cause>,
    /// The least affected count (the largest count the incident states).
    pub min_affected: Option<u64>,
    /// Data kinds, any of them.
    pub data_kinds: Vec<DataKind>,
    /// Flags the incident must carry, all of them (from the analysis; none yet).
    pub flags: Vec<String>,
    /// The webhook to POST to.
    pub webhook: Option<Webhook>,
    /// The Atom file to keep.
    pub atom: Option<PathBuf>,
}

/// What a rule looks at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Subject {
    /// The incident.
    pub id: i64,
    /// Its organisation.
    pub organization: String,
    /// Its other names, its parent and its related parties.
    pub other_names: Vec<String>,
    /// Its cause.
    pub cause: Option<Cause>,
    /// The largest count stated.
    pub affected: Option<u64>,
    /// Its data kinds.
    pub data: Vec<DataKind>,
    /// Its flags' codes (`late_disclosure` …), as the analysis judged them.
    pub flags: Vec<String>,
    /// When it was disclosed (ISO).
    pub disclosed: Option<String>,
}

impl AlertRule {
    /// Whether `s` matches every condition of the rule.
    pub fn matches(&self, s: &Subject) -> bool {
        let key = leakwatch_text::norm_key;
        let orgs_ok = self.organizations.is_empty()
            || self.organizations.iter().any(|o| {
                let k = key(o);
                std::iter::once(&s.organization)
                    .chain(&s.other_names)
                    .any(|n| key(n) == k)
            });
        orgs_ok
            && (self.causes.is_empty() || s.cause.is_some_and(|c| self.causes.contains(&c)))
            && self
                .min_affected
                .is_none_or(|m| s.affected.is_some_and(|a| a >= m))
            && (self.data_kinds.is_empty() || s.data.iter().any(|d| self.data_kinds.contains(d)))
            && self.flags.iter().all(|f| s.flags.contains(f))
    }
}

/// What an alert says, as JSON.
#[derive(Debug, Serialize)]
struct Payload<'a> {
    rule: &'a str,
    kind: &'static str,
    incident: &'a Subject,
}

fn fingerprint(s: &Subject) -> String {
    let json = serde_json::to_vec(s).unwrap_or_default();
    hex::encode(Sha256::digest(&json))
}

/// The signature header's value for a body.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

impl Watcher {
    /// The subject of a stored incident.
    pub async fn subject(&self, id: i64) -> Result<Option<Subject>, leakwatch_store::Error> {
        let Some(d) = self.store.incident(id).await? else {
            return Ok(None);
        };
        let flags: Vec<String> = self
            .store
            .flags_of(&[id])
            .await?
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.code.as_str().to_owned())
            .collect();
        let inc = &d.detail;
        let mut other: Vec<String> = inc.aliases.clone();
        other.extend(inc.parent.clone());
        other.extend(d.summary.parent.clone());
        other.extend(inc.related.iter().map(|r| r.name.clone()));
        Ok(Some(Subject {
            id,
            organization: d.summary.organization.clone(),
            other_names: other,
            cause: d.summary.cause,
            affected: d.summary.counts.iter().map(|c| c.value).max(),
            data: d.summary.data.clone(),
            flags,
            disclosed: d.summary.disclosed.map(|p| p.to_string()),
        }))
    }

    /// Checks the incidents a pass touched against every rule; fires what is new
    /// or changed. The number of alerts fired.
    pub(crate) async fn alert(&self, source: &str, incidents: &[(i64, bool)]) -> usize {
        if self.rules.is_empty() {
            return 0;
        }
        let mut fired = 0;
        let mut ids: Vec<i64> = incidents.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let subject = match self.subject(id).await {
                Ok(Some(s)) => s,
                Ok(None) => continue,
                Err(e) => {
                    tracing::warn!(source, incident = id, error = %e, "cannot read the incident for alerts");
                    continue;
                }
            };
            for rule in self.rules.iter().filter(|r| r.matches(&subject)) {
                match self.fire(rule, &subject).await {
                    Ok(true) => fired += 1,
                    Ok(false) => {}
                    Err(e) => {
                        tracing::warn!(rule = %rule.name, incident = id, error = %e, "alert failed")
                    }
                }
            }
        }
        fired
    }

    /// Fires one rule for one subject, unless it fired for exactly this before.
    async fn fire(
        &self,
        rule: &AlertRule,
        subject: &Subject,
    ) -> Result<bool, leakwatch_store::Error> {
        let fp = fingerprint(subject);
        // The kind is decided by the store; the payload names it, so build both.
        let body_for = |kind: AlertKind| {
            serde_json::to_string(&Payload {
                rule: &rule.name,
                kind: kind.as_str(),
                incident: subject,
            })
            .unwrap_or_default()
        };
        let kind = match self.store.alert_fingerprint(&rule.name, subject.id).await? {
            Some(before) if before == fp => return Ok(false),
            Some(_) => AlertKind::Update,
            None => AlertKind::New,
        };
        let body = body_for(kind);
        let Some((kind, event)) = self
            .store
            .fire_alert(&rule.name, subject.id, &fp, &body)
            .await?
        else {
            return Ok(false);
        };
        tracing::info!(rule = %rule.name, incident = subject.id, kind = kind.as_str(), "alert fired");
        if let Some(hook) = &rule.webhook {
            let delivered = self
                .deliver(hook, &rule.name, kind.as_str(), body.as_bytes())
                .await;
            self.store.alert_delivery(event, delivered).await?;
        }
        if let Some(path) = &rule.atom {
            let events = self.store.alert_events(&rule.name, 50).await?;
            if let Err(e) = write_atom(path, &rule.name, &events) {
                tracing::warn!(rule = %rule.name, path = %path.display(), error = %e, "cannot write the Atom feed");
            }
        }
        Ok(true)
    }
}

impl Watcher {
    /// POSTs one event's body to a webhook, signed when the hook has a secret;
    /// whether it was received (a failure is logged).
    async fn deliver(&self, hook: &Webhook, rule: &str, kind: &str, body: &[u8]) -> bool {
        let mut headers = vec![("X-Leakwatch-Event", kind.to_owned())];
        if let Some(secret) = &hook.secret {
            headers.push((SIGNATURE_HEADER, sign(secret, body)));
        }
        match self.fetcher.post_json(&hook.url, body, &headers).await {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(rule, error = %e, "webhook delivery failed");
                false
            }
        }
    }

    /// Tries again the webhook deliveries that failed on earlier passes (the
    /// fetcher already retried each within its pass), once per pass, until an
    /// event has had [`MAX_DELIVERY_ATTEMPTS`]. The number delivered now.
    pub async fn redeliver(&self) -> usize {
        let mut delivered = 0;
        for rule in self.rules.iter() {
            let Some(hook) = &rule.webhook else { continue };
            let events = match self
                .store
                .undelivered_alerts(&rule.name, MAX_DELIVERY_ATTEMPTS)
                .await
            {
                Ok(events) => events,
                Err(e) => {
                    tracing::warn!(rule = %rule.name, error = %e, "cannot read undelivered alerts");
                    continue;
                }
            };
            for e in events {
                let ok = self
                    .deliver(hook, &rule.name, &e.kind, e.payload.as_bytes())
                    .await;
                if ok {
                    delivered += 1;
                    tracing::info!(rule = %rule.name, incident = e.incident_id, attempts = e.attempts + 1, "alert delivered on a later pass");
                } else if e.attempts + 1 >= MAX_DELIVERY_ATTEMPTS {
                    tracing::error!(rule = %rule.name, incident = e.incident_id, attempts = e.attempts + 1, "webhook delivery given up");
                }
                if let Err(err) = self.store.alert_delivery(e.id, ok).await {
                    tracing::warn!(rule = %rule.name, error = %err, "cannot record the delivery");
                }
            }
        }
        delivered
    }

    /// Judges again what time alone can change (a parent's window closing)
    /// and alerts on the incidents whose flags changed. Their number.
    pub async fn rejudge(&self) -> usize {
        match self.store.refresh_pending_flags().await {
            Ok(changed) => {
                let touched: Vec<(i64, bool)> = changed.iter().map(|id| (*id, false)).collect();
                let fired = self.alert("rejudge", &touched).await;
                tracing::info!(
                    changed = changed.len(),
                    alerts = fired,
                    "flags judged again"
                );
                changed.len()
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot judge the flags again");
                0
            }
        }
    }
}

/// Delivery attempts of one webhook event (one per pass) before it is given up.
pub const MAX_DELIVERY_ATTEMPTS: i64 = 8;

/// Writes a rule's Atom feed (newest first), replacing the file whole.
fn write_atom(
    path: &std::path::Path,
    rule: &str,
    events: &[leakwatch_store::AlertEvent],
) -> std::io::Result<()> {
    let tmp = path.with_extension("atom.tmp");
    std::fs::write(&tmp, leakwatch_report::alert_feed(rule, events))?;
    std::fs::rename(&tmp, path)
}
