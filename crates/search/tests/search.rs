//! The index over a real SQLite store holding the project's gold documents.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use leakwatch_ingest::{Metadata, Settings, intake_text};
use leakwatch_search::{SearchIndex, SearchRequest, Sort};
use leakwatch_store::Store;

fn morph(dir: &Path) -> Option<Arc<dyn leakwatch_text::Analyzer>> {
    let src = Path::new(leakwatch_morph::DEBIAN_IPADIC);
    if !src.join("matrix.def").is_file() {
        eprintln!("FIXME: mecab-ipadic not installed; searching with the plain analyzer");
        return None;
    }
    leakwatch_morph::build_dictionary(src, &dir.join("ipadic")).expect("build dictionary");
    Some(
        Arc::new(leakwatch_morph::Morph::load(&dir.join("ipadic")).expect("load"))
            as Arc<dyn leakwatch_text::Analyzer>,
    )
}

async fn ingest(
    store: &Store,
    location: &str,
    body: &str,
    published: chrono::NaiveDate,
    source_type: Option<leakwatch_model::SourceType>,
) {
    let meta = Metadata {
        location: Some(location.into()),
        published: Some(published),
        source_type,
        ..Metadata::default()
    };
    let p = intake_text(body.into(), &meta, &Settings::default(), None).expect("intake");
    store
        .ingest(&p.document, &p.extraction)
        .await
        .expect("ingest");
}

async fn gold_store(dir: &Path) -> Store {
    let store = Store::open(dir.join("s.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold");
    let mut files: Vec<_> = std::fs::read_dir(&gold)
        .expect("gold")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for txt in files {
        let body = std::fs::read_to_string(&txt).expect("read");
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(txt.with_extension("json")).expect("json"),
        )
        .expect("gold json");
        let published = meta["published"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("published");
        let source = meta["source"].as_str().and_then(|s| s.parse().ok());
        ingest(&store, &txt.display().to_string(), &body, published, source).await;
    }
    store
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        limit: 20,
        ..SearchRequest::default()
    }
}

#[tokio::test]
async fn finds_incidents_by_words_partial_names_and_facets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = gold_store(dir.path()).await;
    let index = SearchIndex::open(&dir.path().join("index"), morph(dir.path())).expect("index");
    let n = index.sync(&store).await.expect("sync");
    let incidents = store.health().await.expect("health").incidents;
    assert_eq!(n as i64, incidents);
    assert_eq!(index.len() as i64, incidents);
    assert_eq!(index.sync(&store).await.expect("sync again"), 0);

    // Two words, both required; each hit's snippet marks them.
    let r = index
        .search(&req("クレジットカード 不正アクセス"))
        .expect("search");
    assert!(r.total >= 1, "{r:?}");
    assert!(r.total < incidents as usize);
    assert!(!r.hits[0].snippet.marks.is_empty(), "{:?}", r.hits[0]);
    let all = index.search(&req("")).expect("all");
    assert_eq!(all.total as i64, incidents);

    // Mis-sent mail: the top hits are misdelivery incidents.
    let r = index.search(&req("誤送信 ＢＣＣ")).expect("search");
    assert!(r.total >= 1);
    let top = store.summaries(&[r.hits[0].id]).await.expect("summary");
    assert_eq!(top[0].cause.map(|c| c.as_str()), Some("misdelivery"));

    // An organisation by a part of its name.
    let some = &store.summaries(&[all.hits[3].id]).await.expect("summary")[0];
    let name: String = some.organization.replace("株式会社", "");
    let part: String = name.chars().skip(1).take(3).collect();
    let r = index.search(&req(&part)).expect("search");
    assert!(r.hits.iter().any(|h| h.id == some.id), "{part} → {r:?}");

    // Facets count every match; a facet filter keeps only its value.
    let causes = &all.facets["cause"];
    assert!(causes.len() >= 5, "{causes:?}");
    assert_eq!(
        causes.iter().map(|c| c.count).sum::<u64>() as i64,
        incidents,
        "every gold incident has a cause"
    );
    let misdelivery = causes
        .iter()
        .find(|c| c.value == "misdelivery")
        .expect("facet");
    let mut filtered = req("");
    filtered.filters = BTreeMap::from([("cause".to_owned(), "misdelivery".to_owned())]);
    let r = index.search(&filtered).expect("filtered");
    assert_eq!(r.total as u64, misdelivery.count);
    for s in store
        .summaries(&r.hits.iter().map(|h| h.id).collect::<Vec<_>>())
        .await
        .expect("summaries")
    {
        assert_eq!(s.cause.map(|c| c.as_str()), Some("misdelivery"));
    }
    assert!(all.facets["year"].iter().any(|y| y.value.starts_with("20")));

    // Sorted by records affected: non-increasing.
    let mut by_records = req("");
    by_records.sort = Sort::Records;
    let r = index.search(&by_records).expect("records");
    let rows = store
        .summaries(&r.hits.iter().map(|h| h.id).collect::<Vec<_>>())
        .await
        .expect("summaries");
    let maxes: Vec<u64> = rows
        .iter()
        .map(|s| s.counts.iter().map(|c| c.value).max().unwrap_or(0))
        .collect();
    assert!(maxes.windows(2).all(|w| w[0] >= w[1]), "{maxes:?}");

    // Exclusion.
    let r = index
        .search(&req("漏えい -クレジットカード"))
        .expect("search");
    let with = index.search(&req("漏えい")).expect("search");
    assert!(r.total < with.total);
}

#[test]
fn marks_whole_words_only() {
    let s = leakwatch_search::mark_words(
        "株式会社フードネットの<b>カード</b>情報",
        &["カード".to_owned()],
    );
    assert_eq!(&s.fragment[s.marks[0].0..s.marks[0].1], "カード");
    assert_eq!(s.marks.len(), 1, "ード inside フードネット is not marked");
}

#[tokio::test]
async fn follows_new_documents_and_escapes_snippets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path().join("s.db").to_str().expect("utf-8"))
        .await
        .expect("open");
    let index = SearchIndex::open(&dir.path().join("index"), morph(dir.path())).expect("index");
    index.sync(&store).await.expect("empty sync");
    assert!(index.is_empty());
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 4).expect("date");
    ingest(
        &store,
        "a.txt",
        "2025年3月4日\n株式会社テストスクリプト\n<script>alert(1)</script>による不正アクセスで、お客様のメールアドレス1,200件が流出した可能性があります。",
        day,
        None,
    )
    .await;
    assert_eq!(index.sync(&store).await.expect("sync"), 1);
    let r = index.search(&req("スクリプト")).expect("search");
    assert_eq!(r.total, 1);
    // The snippet is plain text; the server escapes it (see server/tests/api.rs).
    let snippet = &r.hits[0].snippet;
    assert!(!snippet.marks.is_empty(), "{snippet:?}");

    // A rebuild gives the same index; reopening with the other analyzer is refused.
    assert_eq!(
        index
            .rebuild(&store, &mut |_, _| {})
            .await
            .expect("rebuild"),
        1
    );
    drop(index);
    let reopened = SearchIndex::open(&dir.path().join("index"), None);
    if Path::new(leakwatch_morph::DEBIAN_IPADIC)
        .join("matrix.def")
        .is_file()
    {
        let err = reopened.expect_err("analyzer differs");
        assert!(err.to_string().contains("leakwatch reindex"), "{err}");
    }
}

/// Defect: an offset from a URL sized the collector's allocation
/// (`offset=4294967295` aborted the server). The index caps it on its own.
#[tokio::test]
async fn a_huge_offset_allocates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = gold_store(dir.path()).await;
    let index = SearchIndex::open(&dir.path().join("index"), None).expect("index");
    index.sync(&store).await.expect("sync");
    for offset in [
        usize::MAX,
        u32::MAX as usize,
        leakwatch_search::MAX_OFFSET + 1,
    ] {
        let r = index
            .search(&SearchRequest {
                offset,
                limit: 1000,
                ..SearchRequest::default()
            })
            .expect("search");
        assert!(r.hits.is_empty());
        assert!(r.total > 0);
    }
}
