//! The `[watch]`, `[[source]]` and `[[alert]]` sections of the configuration,
//! and their validation into the typed settings `leakwatch-fetch` and
//! `leakwatch-watch` take.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// `[watch]`: how sources are fetched.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WatchSection {
    /// The User-Agent, with a contact (`leakwatch/0.2 (+mailto:ops@example.jp)`).
    pub user_agent: String,
    /// The least time between two requests to one host.
    #[serde(with = "humantime_serde")]
    pub min_delay: Duration,
    /// The time one request may take.
    #[serde(with = "humantime_serde")]
    pub timeout: Duration,
    /// Bodies larger than this are cut off and refused.
    pub max_bytes: bytesize::ByteSize,
    /// Whether loopback and private addresses may be fetched (SSRF guard off).
    pub allow_private_addresses: bool,
    /// How often a source without `every` is looked at.
    #[serde(with = "humantime_serde")]
    pub every: Duration,
    /// How long a source's lease lasts (renewed during a pass); a process that
    /// died holding one blocks the source for at most this long.
    #[serde(with = "humantime_serde")]
    pub lease: Duration,
}

impl Default for WatchSection {
    fn default() -> Self {
        WatchSection {
            user_agent: format!(
                "leakwatch/{} (+https://example.invalid/leakwatch)",
                env!("CARGO_PKG_VERSION")
            ),
            min_delay: Duration::from_secs(2),
            timeout: Duration::from_secs(20),
            max_bytes: bytesize::ByteSize::mb(20),
            allow_private_addresses: false,
            every: Duration::from_secs(30 * 60),
            lease: Duration::from_secs(2 * 60),
        }
    }
}

/// One `[[source]]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSection {
    /// Unique.
    pub name: String,
    /// feed | html_list | tdnet | page.
    pub kind: String,
    /// Its URL.
    pub url: String,
    /// How often to look.
    #[serde(
        default,
        with = "humantime_serde",
        skip_serializing_if = "Option::is_none"
    )]
    pub every: Option<Duration>,
    /// press_release | timely_disclosure | news | blog | regulator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    /// html_list only: the CSS selector of the links to the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
}

/// One `[[alert]]` rule and its sinks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertSection {
    /// Unique.
    pub name: String,
    /// Organisations (or their parents and related parties) to watch.
    pub organizations: Vec<String>,
    /// Causes (`unauthorized_access`, `ransomware`, `misdelivery` …).
    pub causes: Vec<String>,
    /// The least affected count.
    pub min_affected: Option<u64>,
    /// Data kinds (`credit_card`, `name`, `email` …).
    pub data_kinds: Vec<String>,
    /// Flags of the analysis the incident must carry.
    pub flags: Vec<String>,
    /// A webhook URL to POST each alert to.
    pub webhook: Option<String>,
    /// The HMAC-SHA256 key of the signature header (prefer `secret_file`).
    pub secret: Option<String>,
    /// A file whose first line is the key.
    pub secret_file: Option<PathBuf>,
    /// An Atom file kept with the rule's latest alerts.
    pub atom: Option<PathBuf>,
}

impl WatchSection {
    /// The fetcher's settings.
    pub fn fetch_settings(&self) -> leakwatch_fetch::Settings {
        leakwatch_fetch::Settings {
            user_agent: self.user_agent.clone(),
            min_delay: self.min_delay,
            timeout: self.timeout,
            max_bytes: self.max_bytes.as_u64(),
            addresses: leakwatch_fetch::AddressPolicy {
                allow_private: self.allow_private_addresses,
                allowed: Vec::new(),
            },
            ..leakwatch_fetch::Settings::default()
        }
    }

    /// Checks what types alone cannot.
    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            !self.user_agent.trim().is_empty(),
            "watch.user_agent is empty"
        );
        anyhow::ensure!(
            !self.timeout.is_zero(),
            "watch.timeout must be more than 0 s"
        );
        anyhow::ensure!(
            self.max_bytes.as_u64() > 0,
            "watch.max_bytes must be more than 0"
        );
        anyhow::ensure!(!self.every.is_zero(), "watch.every must be more than 0 s");
        anyhow::ensure!(
            self.lease >= self.timeout,
            "watch.lease must be at least watch.timeout (a lease must outlast a request)"
        );
        Ok(())
    }
}

/// The sources, validated: names unique, kinds known, URLs http(s), a selector for every html_list.
pub fn sources(sections: &[SourceSection]) -> anyhow::Result<Vec<leakwatch_watch::Source>> {
    let mut out: Vec<leakwatch_watch::Source> = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        let at = || format!("source #{} ({:?})", i + 1, s.name);
        anyhow::ensure!(!s.name.trim().is_empty(), "{}: name is empty", at());
        anyhow::ensure!(
            !out.iter().any(|o| o.name == s.name),
            "{}: the name is used by another source",
            at()
        );
        let kind: leakwatch_watch::Kind = s
            .kind
            .parse()
            .map_err(|e: String| anyhow::anyhow!("{}: kind: {e}", at()))?;
        let url = url::Url::parse(&s.url)
            .with_context(|| format!("{}: url {:?} is not a URL", at(), s.url))?;
        anyhow::ensure!(
            matches!(url.scheme(), "http" | "https"),
            "{}: url must be http or https",
            at()
        );
        anyhow::ensure!(
            kind != leakwatch_watch::Kind::HtmlList || s.items.is_some(),
            "{}: an html_list needs items (the CSS selector of its links)",
            at()
        );
        if let Some(sel) = &s.items {
            anyhow::ensure!(
                scraper::Selector::parse(sel).is_ok(),
                "{}: items {sel:?} is not a CSS selector",
                at()
            );
        }
        let source_type = s
            .source_type
            .as_deref()
            .map(crate::commands::extract::parse_source_type)
            .transpose()
            .map_err(|e| anyhow::anyhow!("{}: source_type: {e}", at()))?;
        anyhow::ensure!(
            s.every.is_none_or(|e| !e.is_zero()),
            "{}: every must be more than 0 s",
            at()
        );
        out.push(leakwatch_watch::Source {
            name: s.name.clone(),
            kind,
            url: s.url.clone(),
            every: s.every,
            source_type,
            items: s.items.clone(),
        });
    }
    Ok(out)
}

/// The alert rules, validated: names unique, causes and data kinds known, webhooks http(s).
pub fn alerts(sections: &[AlertSection]) -> anyhow::Result<Vec<leakwatch_watch::AlertRule>> {
    let mut out: Vec<leakwatch_watch::AlertRule> = Vec::new();
    for (i, a) in sections.iter().enumerate() {
        let at = || format!("alert #{} ({:?})", i + 1, a.name);
        anyhow::ensure!(!a.name.trim().is_empty(), "{}: name is empty", at());
        anyhow::ensure!(
            !out.iter().any(|o| o.name == a.name),
            "{}: the name is used by another alert",
            at()
        );
        let causes = a
            .causes
            .iter()
            .map(|c| {
                c.parse()
                    .map_err(|_| anyhow::anyhow!("{}: {c:?} is not a cause", at()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let data_kinds = a
            .data_kinds
            .iter()
            .map(|d| {
                d.parse()
                    .map_err(|_| anyhow::anyhow!("{}: {d:?} is not a data kind", at()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let secret = match &a.secret_file {
            Some(path) => Some(
                crate::config::read_token_file(path)
                    .with_context(|| format!("{}: secret_file", at()))?,
            ),
            None => a.secret.clone().filter(|s| !s.is_empty()),
        };
        let webhook = match &a.webhook {
            Some(u) => {
                let parsed = url::Url::parse(u)
                    .with_context(|| format!("{}: webhook is not a URL", at()))?;
                anyhow::ensure!(
                    matches!(parsed.scheme(), "http" | "https"),
                    "{}: webhook must be http or https",
                    at()
                );
                Some(leakwatch_watch::Webhook {
                    url: u.clone(),
                    secret,
                })
            }
            None => None,
        };
        out.push(leakwatch_watch::AlertRule {
            name: a.name.clone(),
            organizations: a.organizations.clone(),
            causes,
            min_affected: a.min_affected,
            data_kinds,
            flags: a
                .flags
                .iter()
                .map(|f| {
                    f.parse::<leakwatch_model::FlagCode>()
                        .map(|c| c.as_str().to_owned())
                        .map_err(|_| anyhow::anyhow!("{}: unknown flag {f:?}", at()))
                })
                .collect::<anyhow::Result<_>>()?,
            webhook,
            atom: a.atom.clone(),
        });
    }
    Ok(out)
}
