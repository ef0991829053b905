//! The watch loop's tables, the same story on SQLite and (when
//! `LEAKWATCH_TEST_DATABASE_URL` is set) PostgreSQL: items recorded once
//! however many recorders race, checkpoints, leases, alerts, document lists.

use leakwatch_ingest::{Metadata, Settings, intake};
use leakwatch_store::{AlertKind, Ingested, Recorded, Store};

const NOTICE: &str = "2026年4月8日\n株式会社みずほし精工\n\n個人情報漏えいのお詫び\n\n当社は2026年4月2日、メールの誤送信により顧客のメールアドレス120件が流出したことを確認しました。";

async fn story(store: Store) {
    store
        .upsert_source("feed", "feed", "https://a.example/feed")
        .await
        .expect("source");
    store
        .upsert_source("feed", "feed", "https://a.example/feed2")
        .await
        .expect("again");
    let meta = Metadata {
        location: Some("https://a.example/n/1".into()),
        ..Metadata::default()
    };
    let p = intake(NOTICE.as_bytes(), &meta, &Settings::default(), None).expect("intake");
    // Eight recorders race for one item: one stores it, the rest write nothing.
    let mut racers = Vec::new();
    for _ in 0..8 {
        let (store, p) = (store.clone(), p.clone());
        racers.push(tokio::spawn(async move {
            store
                .record_item("feed", "n1", Some((&p.document, &p.extraction)))
                .await
        }));
    }
    let mut stored = 0;
    let mut incident = 0;
    for r in racers {
        match r.await.expect("join").expect("record") {
            Recorded::Stored(Ingested::Stored { incidents, .. }) => {
                stored += 1;
                incident = incidents[0].0;
            }
            Recorded::AlreadySeen => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(stored, 1);
    assert_eq!(
        store.record_item("feed", "n2", None).await.expect("seen"),
        Recorded::Seen
    );
    assert_eq!(
        store.record_item("feed", "n2", None).await.expect("again"),
        Recorded::AlreadySeen
    );
    let seen = store
        .seen_items("feed", &["n1".into(), "n2".into(), "n3".into()])
        .await
        .expect("seen");
    assert_eq!(seen.len(), 2);
    assert!(!seen.contains("n3"));
    store
        .finish_pass("feed", Ok((Some("\"v1\""), None)))
        .await
        .expect("pass");
    let s = store.source("feed").await.expect("source").expect("row");
    assert_eq!(
        (s.url.as_str(), s.items_seen, s.items_stored),
        ("https://a.example/feed2", 2, 1)
    );
    assert_eq!(s.etag.as_deref(), Some("\"v1\""));
    assert!(s.last_success.is_some() && s.last_error.is_none());
    store
        .finish_pass(
            "feed",
            Err("https://a.example/feed2: the server answered 500"),
        )
        .await
        .expect("fail");
    let s = store.source("feed").await.expect("source").expect("row");
    assert!(s.last_error.as_deref().is_some_and(|e| e.contains("500")));
    assert_eq!(s.etag, None, "a failed pass drops the validators");
    assert_eq!(store.sources().await.expect("sources").len(), 1);

    let docs = store
        .documents(None, Some("feed"), 10)
        .await
        .expect("documents");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].source.as_deref(), Some("feed"));
    assert_eq!(docs[0].incidents, vec![incident]);
    assert!(
        store
            .documents("2026-05-01".parse().ok(), None, 10)
            .await
            .expect("since")
            .is_empty()
    );
    assert!(
        store
            .documents(None, Some("other"), 10)
            .await
            .expect("other")
            .is_empty()
    );

    assert!(store.take_lease("feed", "a", 60_000).await.expect("lease"));
    assert!(!store.take_lease("feed", "b", 60_000).await.expect("held"));
    store.release_lease("feed", "a").await.expect("release");
    assert!(store.take_lease("feed", "b", 60_000).await.expect("free"));
    assert!(
        store
            .take_lease("gone", "a", -1)
            .await
            .expect("expired at once")
    );
    assert!(
        store
            .take_lease("gone", "b", 60_000)
            .await
            .expect("taken over")
    );

    let first = store
        .fire_alert("r", incident, "f1", "{}")
        .await
        .expect("fire");
    assert_eq!(first.map(|f| f.0), Some(AlertKind::New));
    assert_eq!(
        store
            .fire_alert("r", incident, "f1", "{}")
            .await
            .expect("again"),
        None
    );
    let update = store
        .fire_alert("r", incident, "f2", "{}")
        .await
        .expect("update");
    assert_eq!(update.map(|f| f.0), Some(AlertKind::Update));
    assert_eq!(
        store
            .alert_fingerprint("r", incident)
            .await
            .expect("fp")
            .as_deref(),
        Some("f2")
    );
    let events = store.alert_events("r", 10).await.expect("events");
    assert_eq!(
        events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        vec!["update", "new"]
    );
    store
        .alert_delivery(events[0].id, true)
        .await
        .expect("delivered");
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("w.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    story(store).await;
}

#[tokio::test]
async fn postgres() {
    use sqlx::Connection;
    let Ok(url) = std::env::var("LEAKWATCH_TEST_DATABASE_URL") else {
        eprintln!("skipped: LEAKWATCH_TEST_DATABASE_URL is not set");
        return;
    };
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&url).await.expect("connect");
    let name = format!(
        "leakwatch_watch_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create database");
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    let store = Store::open(&format!("{base}/{name}")).await.expect("open");
    story(store.clone()).await;
    store.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("drop database");
}
