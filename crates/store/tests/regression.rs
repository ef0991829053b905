//! Named regression tests for defects of the store found by probing it; each
//! failed before its fix. The SQLite part always runs; the PostgreSQL part
//! when `LEAKWATCH_TEST_DATABASE_URL` is set.

use chrono::NaiveDate;
use leakwatch_ingest::{Metadata, Settings, intake_text};
use leakwatch_model::SourceType;
use leakwatch_store::{Error, Ingested, NewDocument, Store};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).expect("fixture")
}

fn document(
    name: &str,
    body: String,
    published: &str,
) -> (NewDocument, leakwatch_model::Extraction) {
    let published: NaiveDate = published.parse().expect("date");
    let meta = Metadata {
        location: Some(format!("fixtures/{name}")),
        published: Some(published),
        source_type: Some(SourceType::PressRelease),
        ..Metadata::default()
    };
    let mut doc = match intake_text(body.clone(), &meta, &Settings::default(), None) {
        Ok(p) => (p.document, p.extraction),
        // The intake refuses a NUL itself; the store's own check is tested with the raw document.
        Err(_) => (
            NewDocument {
                location: format!("fixtures/{name}"),
                title: None,
                source_type: Some(SourceType::PressRelease),
                published: Some(published),
                body: String::new(),
            },
            leakwatch_model::Extraction::default(),
        ),
    };
    doc.0.body = body;
    doc
}

/// Defect 8: two processes opening a brand-new SQLite file failed
/// `migration 1: table documents already exists` in 2 of 10 tries.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_first_opens_of_one_sqlite_file_all_succeed() {
    for attempt in 0..10 {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("race.db").display().to_string();
        let opens: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                tokio::spawn(async move { Store::open(&path).await })
            })
            .collect();
        for o in opens {
            let store = o
                .await
                .expect("join")
                .unwrap_or_else(|e| panic!("attempt {attempt}: {e}"));
            store.health().await.expect("usable");
            store.close().await;
        }
    }
}

/// Defect 5: a NUL in a text reached SQLite (which stops reading at it) or
/// PostgreSQL (which refuses it with an error the client then saw).
#[tokio::test]
async fn text_with_nul_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("nul.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let (doc, ex) = document("nul", "漏えいのお知らせ\0続き".into(), "2025-04-10");
    match store.ingest(&doc, &ex).await {
        Err(Error::Nul { field, at }) => {
            assert_eq!((field, at), ("the document body", "漏えいのお知らせ".len()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.health().await.expect("health").documents, 0);
}

/// Defect 3: the password of a PostgreSQL URL was printed in errors.
#[tokio::test]
async fn store_errors_do_not_show_passwords() {
    let e = Store::open("mysql://leak:hunter2@db.example/x")
        .await
        .expect_err("not a supported URL");
    assert!(!e.to_string().contains("hunter2"), "{e}");
    assert!(e.to_string().contains("leak:***@"), "{e}");
}

/// Defect 12: a document's role depended on arrival order — a 第2報 stored
/// before the first notice (a rerun after a partial failure, a feed read newest
/// first) left both labelled follow-up.
#[tokio::test]
async fn notice_roles_do_not_depend_on_arrival_order() {
    async fn roles(store: &Store, order: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut incident = None;
        for (name, published) in order {
            let (doc, ex) = document(name, fixture(name), published);
            if let Ingested::Stored { incidents, .. } =
                store.ingest(&doc, &ex).await.expect("ingest")
            {
                incident = incident.or(incidents.first().map(|i| i.0));
            }
        }
        let detail = store
            .incident(incident.expect("an incident"))
            .await
            .expect("query")
            .expect("exists");
        let mut out: Vec<(String, String)> = detail
            .summary
            .documents
            .iter()
            .map(|d| (d.location.clone(), d.role.as_str().to_owned()))
            .collect();
        out.sort();
        out
    }
    let first = ("01-first-notice.txt", "2025-04-10");
    let second = ("02-second-report.txt", "2025-05-20");
    let dir = tempfile::tempdir().expect("tempdir");
    let in_order = Store::open(dir.path().join("a.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let reversed = Store::open(dir.path().join("b.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let a = roles(&in_order, &[first, second]).await;
    let b = roles(&reversed, &[second, first]).await;
    assert_eq!(a, b);
    assert_eq!(
        a,
        [
            (
                "fixtures/01-first-notice.txt".into(),
                "first_disclosure".into()
            ),
            ("fixtures/02-second-report.txt".into(), "follow_up".into()),
        ]
    );
}

/// Defect 6: each incident was indexed with the whole text of its documents,
/// so a 60 MB document with many incidents took gigabytes to index. Now the
/// text of an incident is the lines its evidence covers, bounded.
#[tokio::test]
async fn index_text_is_the_evidence_lines_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("big.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let mut body = fixture("01-first-notice.txt");
    // A long tail no fact comes from, in long lines and in one huge line.
    for _ in 0..2000 {
        body.push_str(
            "本件とは関係のない長い段落が続きます。これは索引に入るべきではない文章です。\n",
        );
    }
    body.push_str(&"索引に入らない一行の文章".repeat(50_000));
    let (doc, ex) = document("big", body.clone(), "2025-04-10");
    let Ingested::Stored { incidents, .. } = store.ingest(&doc, &ex).await.expect("ingest") else {
        panic!("stored");
    };
    let ids: Vec<i64> = incidents.iter().map(|i| i.0).collect();
    let rows = store.index_rows(&ids).await.expect("rows");
    assert!(!rows.is_empty());
    for row in rows {
        assert!(
            row.text.len() <= leakwatch_store::MAX_INDEX_TEXT + 1024,
            "{} bytes",
            row.text.len()
        );
        assert!(
            !row.text.contains("索引に入るべきではない"),
            "{}",
            &row.text[..200]
        );
        assert!(
            row.text.contains("不正アクセス"),
            "the evidence lines are indexed"
        );
    }
}
