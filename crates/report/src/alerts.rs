//! The Atom feed of one alert rule: the events it fired, newest first. The
//! watcher writes it to the rule's `atom` file; `serve` answers it at
//! `/alerts/{rule}/feed.atom`. One rendering for both.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Text};
use leakwatch_store::AlertEvent;

/// The feed of `rule` holding `events` (newest first, as the store lists them).
pub fn alert_feed(rule: &str, events: &[AlertEvent]) -> String {
    let when = |ms: i64| -> FixedDateTime {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .fixed_offset()
    };
    let entries: Vec<Entry> = events
        .iter()
        .map(|e| {
            let org = serde_json::from_str::<serde_json::Value>(&e.payload)
                .ok()
                .and_then(|v| {
                    v.get("incident")?
                        .get("organization")?
                        .as_str()
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "(不明)".to_owned());
            let label = if e.kind == "update" {
                "更新"
            } else {
                "新規"
            };
            Entry {
                id: format!("urn:leakwatch:alert:{rule}:{}", e.id),
                title: Text::plain(format!("{label}: {org}のインシデント (#{})", e.incident_id)),
                updated: when(e.created_at),
                content: Some(Content {
                    value: Some(e.payload.clone()),
                    content_type: Some("text".to_owned()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    Feed {
        id: format!("urn:leakwatch:alerts:{rule}"),
        title: Text::plain(format!("leakwatch アラート: {rule}")),
        updated: events
            .first()
            .map_or_else(|| when(0), |e| when(e.created_at)),
        entries,
        ..Default::default()
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_is_an_entry_titled_in_japanese_with_its_organisation() {
        let events = vec![
            AlertEvent {
                id: 2,
                rule: "vendors".into(),
                incident_id: 7,
                kind: "update".into(),
                payload: r#"{"rule":"vendors","kind":"update","incident":{"organization":"株式会社例<&>"}}"#.into(),
                created_at: 1_764_000_000_000,
                attempts: 1,
            },
            AlertEvent {
                id: 1,
                rule: "vendors".into(),
                incident_id: 7,
                kind: "new".into(),
                payload: "not json".into(),
                created_at: 1_763_000_000_000,
                attempts: 1,
            },
        ];
        let xml = alert_feed("vendors", &events);
        let feed: Feed = xml.parse().expect("the feed parses back");
        assert_eq!(feed.entries.len(), 2);
        assert_eq!(
            feed.entries[0].title.value,
            "更新: 株式会社例<&>のインシデント (#7)"
        );
        assert_eq!(
            feed.entries[1].title.value,
            "新規: (不明)のインシデント (#7)"
        );
        assert!(xml.contains("&lt;&amp;&gt;"), "the name is escaped: {xml}");
        assert_eq!(feed.id, "urn:leakwatch:alerts:vendors");
    }
}
