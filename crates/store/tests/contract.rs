//! One story, every backend: the same contract runs on SQLite always and on
//! PostgreSQL when `LEAKWATCH_TEST_DATABASE_URL` is set (`.ci/run` sets it).
//!
//! The fixtures (tests/fixtures) were written for leakwatch; the company is fictional.

use chrono::NaiveDate;
use leakwatch_ingest::{Metadata, Settings, intake};
use leakwatch_model::{Cause, Dossier, Flag, FlagCode, Judge, SourceType};
use leakwatch_store::{IncidentFilter, Ingested, OrgRow, Store};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).expect("fixture")
}

async fn ingest(store: &Store, name: &str, published: &str, source: SourceType) -> Ingested {
    let body = fixture(name);
    let published: NaiveDate = published.parse().expect("date");
    // Through the one intake, as every caller stores documents.
    let meta = Metadata {
        location: Some(format!("fixtures/{name}")),
        title: body
            .lines()
            .find(|l| l.contains("お詫び") || l.contains("お知らせ") || l.contains("について"))
            .map(str::to_owned),
        published: Some(published),
        source_type: Some(source),
        ..Metadata::default()
    };
    let p = intake(body.as_bytes(), &meta, &Settings::default(), None).expect("intake");
    store
        .ingest(&p.document, &p.extraction)
        .await
        .expect("ingest")
}

fn stored(i: &Ingested) -> (i64, Vec<(i64, bool)>) {
    match i {
        Ingested::Stored {
            document_id,
            incidents,
        } => (*document_id, incidents.clone()),
        Ingested::Duplicate { .. } => panic!("expected a new document, got {i:?}"),
    }
}

async fn story(store: Store) {
    // The first notice makes an incident.
    let first = ingest(
        &store,
        "01-first-notice.txt",
        "2025-04-10",
        SourceType::PressRelease,
    )
    .await;
    let (doc1, incs) = stored(&first);
    assert_eq!(incs.len(), 1);
    let (incident, created) = incs[0];
    assert!(created);

    // The same content again is the same document.
    let again = ingest(
        &store,
        "01-first-notice.txt",
        "2025-04-10",
        SourceType::PressRelease,
    )
    .await;
    assert_eq!(again, Ingested::Duplicate { document_id: doc1 });

    // Its 第2報 joins it.
    let (_, incs) = stored(
        &ingest(
            &store,
            "02-second-report.txt",
            "2025-05-20",
            SourceType::PressRelease,
        )
        .await,
    );
    assert_eq!(incs, vec![(incident, false)]);

    // The parent's special-loss notice months later joins it too, and states the group.
    let (_, incs) = stored(
        &ingest(
            &store,
            "03-special-loss.txt",
            "2025-08-08",
            SourceType::TimelyDisclosure,
        )
        .await,
    );
    assert_eq!(incs, vec![(incident, false)]);

    // The contractor's own notice about the same attack joins through the related party.
    let (_, incs) = stored(
        &ingest(
            &store,
            "04-contractor-notice.txt",
            "2025-04-15",
            SourceType::PressRelease,
        )
        .await,
    );
    assert_eq!(incs, vec![(incident, false)]);

    // The next mis-sent mail is a new incident of the same organisation.
    let (_, incs) = stored(
        &ingest(
            &store,
            "05-next-misdelivery.txt",
            "2025-11-05",
            SourceType::PressRelease,
        )
        .await,
    );
    assert_eq!(incs.len(), 1);
    assert_ne!(incs[0].0, incident);
    assert!(incs[0].1);

    // What the store now says about the first incident.
    let detail = store
        .incident(incident)
        .await
        .expect("query")
        .expect("exists");
    let s = &detail.summary;
    assert_eq!(s.organization, "株式会社ニトムラ");
    assert_eq!(
        s.parent.as_deref(),
        Some("ニトムラホールディングス株式会社")
    );
    assert_eq!(s.cause, Some(Cause::UnauthorizedAccess));
    assert_eq!(
        s.occurred.map(|d| d.to_string()).as_deref(),
        Some("2025-03-28")
    );
    assert_eq!(
        s.disclosed.map(|d| d.to_string()).as_deref(),
        Some("2025-04-10")
    );
    assert_eq!(
        s.regulator_reported.map(|d| d.to_string()).as_deref(),
        Some("2025-04-02")
    );
    assert_eq!(s.loss_jpy, Some(85_000_000));
    let roles: Vec<&str> = s.documents.iter().map(|d| d.role.as_str()).collect();
    assert_eq!(roles.len(), 4, "{roles:?}");
    for r in [
        "first_disclosure",
        "follow_up",
        "special_loss",
        "related_party",
    ] {
        assert!(roles.contains(&r), "{r} missing from {roles:?}");
    }
    assert!(s.documents.iter().all(|d| !d.reason.is_empty()));
    // Every fact's evidence is the text at its span in its document.
    assert!(!detail.facts.is_empty());
    for f in &detail.facts {
        let body = store
            .document_body(f.document_id)
            .await
            .expect("query")
            .expect("document");
        assert_eq!(body.get(f.start..f.end), Some(f.quote.as_str()), "{f:?}");
    }
    let events: Vec<&str> = detail.timeline.iter().map(|t| t.event.as_str()).collect();
    assert_eq!(
        events,
        ["occurred", "detected", "disclosed", "regulator_reported"]
    );
    assert_eq!(detail.timeline[1].days_after_previous, Some(5));

    // Filters.
    let all = store
        .incidents(&IncidentFilter::default())
        .await
        .expect("list");
    assert_eq!(all.len(), 2);
    let by_org = store
        .incidents(&IncidentFilter {
            org: Some("(株)ニトムラ".into()),
            ..IncidentFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(by_org.len(), 2);
    let by_group = store
        .incidents(&IncidentFilter {
            org: Some("ニトムラHD".into()),
            ..IncidentFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(
        by_group.len(),
        2,
        "the holding company's group holds its subsidiary's incidents"
    );
    let misdelivery = store
        .incidents(&IncidentFilter {
            cause: Some(Cause::Misdelivery),
            ..IncidentFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(misdelivery.len(), 1);
    let window = store
        .incidents(&IncidentFilter {
            since: "2025-04-01".parse().ok(),
            until: "2025-04-30".parse().ok(),
            ..IncidentFilter::default()
        })
        .await
        .expect("list");
    assert_eq!(window.iter().map(|i| i.id).collect::<Vec<_>>(), [incident]);

    // The organisation and its group.
    let view = store.org("ニトムラ").await.expect("query").expect("known");
    assert_eq!(view.org.name, "株式会社ニトムラ");
    assert_eq!(view.parents[0].name, "ニトムラホールディングス株式会社");
    assert_eq!(view.group.org.name, "ニトムラホールディングス株式会社");
    assert_eq!(view.group.children[0].org.name, "株式会社ニトムラ");
    assert_eq!(view.incidents.len(), 2);

    // Organisations from a CSV: HD is ホールディングス, codes and markets attach.
    store
        .import_orgs(&[
            OrgRow {
                name: "ニトムラHD".into(),
                securities_code: Some("9999".into()),
                market: Some("プライム".into()),
                ..OrgRow::default()
            },
            OrgRow {
                name: "ニトムラ物流株式会社".into(),
                parent: Some("ニトムラホールディングス".into()),
                ..OrgRow::default()
            },
        ])
        .await
        .expect("import");
    let view = store
        .org("ニトムラホールディングス株式会社")
        .await
        .expect("query")
        .expect("known");
    assert_eq!(view.org.securities_code.as_deref(), Some("9999"));
    assert_eq!(view.group.children.len(), 2);
    assert!(
        store
            .import_orgs(&[OrgRow {
                name: "  ".into(),
                ..OrgRow::default()
            }])
            .await
            .is_err()
    );

    let health = store.health().await.expect("health");
    assert_eq!(health.documents, 5);
    assert_eq!(health.incidents, 2);
    assert_eq!(health.orphans, 0);
    judging(&store, incident).await;
    store.close().await;
}

/// A judge whose verdict moves with a switch the test flips, as a parent's
/// window closes with the days: the subsidiary's incident is silent once late.
#[derive(Debug)]
struct Clocked(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Judge for Clocked {
    fn judge(&self, d: &Dossier) -> Vec<Flag> {
        if !self.0.load(std::sync::atomic::Ordering::SeqCst) || d.parent.is_none() {
            return Vec::new();
        }
        vec![Flag {
            code: FlagCode::ParentSilent,
            reason_ja: "親会社は何も公表していません。".into(),
            reason_en: "the parent said nothing".into(),
            facts: Default::default(),
            incidents: Vec::new(),
            organizations: Vec::new(),
        }]
    }
}

/// Judging again: only a change is written and logged (what a search index
/// re-reads); the pending incidents are the subsidiaries' not yet silent.
async fn judging(store: &Store, subsidiary: i64) {
    let late = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let judged = store
        .clone()
        .with_judge(std::sync::Arc::new(Clocked(late.clone())));
    let (before, _) = judged.flags_changed_since(0).await.expect("log");
    let changed = judged
        .refresh_all_flags(&mut |_, _| {})
        .await
        .expect("judge");
    assert!(changed.is_empty(), "nothing to raise yet: {changed:?}");
    assert_eq!(judged.flags_changed_since(0).await.expect("log").0, before);
    late.store(true, std::sync::atomic::Ordering::SeqCst);
    // Both of the subsidiary's incidents (its leak and its next misdelivery).
    let changed = judged.refresh_pending_flags().await.expect("pending");
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed.contains(&subsidiary), "{changed:?}");
    let (mark, ids) = judged.flags_changed_since(before).await.expect("log");
    assert!(mark > before);
    assert_eq!(ids, changed);
    let flags = judged.flags_of(&[subsidiary]).await.expect("flags");
    assert_eq!(flags[&subsidiary][0].code, FlagCode::ParentSilent);
    // Silent now: no longer pending; judging everything again changes nothing.
    assert!(
        judged
            .refresh_pending_flags()
            .await
            .expect("pending")
            .is_empty()
    );
    assert!(
        judged
            .refresh_all_flags(&mut |_, _| {})
            .await
            .expect("judge")
            .is_empty()
    );
    assert_eq!(
        judged.flags_changed_since(mark).await.expect("log"),
        (mark, vec![])
    );
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested/leakwatch.db");
    let store = Store::open(path.to_str().expect("utf-8"))
        .await
        .expect("open");
    story(store).await;
    // Reopening runs no migration twice and keeps everything.
    let store = Store::open(path.to_str().expect("utf-8"))
        .await
        .expect("reopen");
    assert_eq!(store.health().await.expect("health").documents, 5);
}

/// A fresh database on the server named by the URL, dropped afterwards by name.
async fn fresh_postgres(url: &str) -> Option<(String, String)> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(url)
        .await
        .expect("connect to LEAKWATCH_TEST_DATABASE_URL");
    let name = format!(
        "leakwatch_test_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create database");
    let base = url.rsplit_once('/').map_or(url, |(b, _)| b);
    Some((format!("{base}/{name}"), name))
}

#[tokio::test]
async fn postgres() {
    let Ok(url) = std::env::var("LEAKWATCH_TEST_DATABASE_URL") else {
        eprintln!("skipped: LEAKWATCH_TEST_DATABASE_URL is not set");
        return;
    };
    let Some((db_url, name)) = fresh_postgres(&url).await else {
        return;
    };
    let store = Store::open(&db_url).await.expect("open");
    story(store).await;
    let store = Store::open(&db_url).await.expect("reopen");
    assert_eq!(store.health().await.expect("health").documents, 5);
    store.close().await;
    use sqlx::Connection;
    let mut admin = sqlx::AnyConnection::connect(&url).await.expect("connect");
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("drop database");
}
