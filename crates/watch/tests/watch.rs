//! Watching a loopback site: good sources, broken ones, a second pass, two
//! watchers on one store, and alerts.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Site, serve};
use leakwatch_watch::{AlertRule, Kind, Options, Source, Watcher, Webhook};

fn sources(base: &str) -> Vec<Source> {
    let s = |name: &str, kind: Kind, path: &str| Source::new(name, kind, &format!("{base}{path}"));
    vec![
        s("feed", Kind::Feed, "/feed.xml"),
        s("broken", Kind::Feed, "/broken.xml"),
        s("missing", Kind::Feed, "/missing.xml"),
        s("flaky", Kind::Feed, "/flaky.xml"),
        s("slow", Kind::Feed, "/slow.xml"),
        s("huge", Kind::Feed, "/huge.xml"),
        s("loop", Kind::Feed, "/loop-a"),
        s("tdnet", Kind::Tdnet, "/tdnet.json"),
        Source {
            items: Some("ul.news a".into()),
            ..s("list", Kind::HtmlList, "/list.html")
        },
        s("page", Kind::Page, "/page.html"),
    ]
}

async fn watcher(dir: &tempfile::TempDir, holder: &str, rules: Vec<AlertRule>) -> Watcher {
    let store = leakwatch_store::Store::open(&dir.path().join("w.db").display().to_string())
        .await
        .expect("store");
    let fetcher =
        Arc::new(leakwatch_fetch::Fetcher::new(common::fetch_settings()).expect("client"));
    let options = Options {
        holder: holder.into(),
        concurrency: 4,
        ..Options::default()
    };
    Watcher::new(store, fetcher, options, None, rules)
}

fn report<'a>(r: &'a [leakwatch_watch::PassReport], name: &str) -> &'a leakwatch_watch::PassReport {
    r.iter()
        .find(|x| x.source == name)
        .unwrap_or_else(|| panic!("{name}"))
}

#[tokio::test]
async fn good_sources_go_in_broken_ones_fail_alone_and_a_second_pass_adds_nothing() {
    let site = Site::default();
    let (_, base) = serve(site.clone()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let w = watcher(&dir, "a", vec![]).await;
    let first = w.run_once(&sources(&base)).await;
    // The feed: two leaks stored (one in Shift_JIS by its <meta>), earnings and a seminar only seen.
    let feed = report(&first, "feed");
    assert_eq!(
        (feed.items, feed.new, feed.stored, feed.error.as_deref()),
        (4, 4, 2, None),
        "{feed:?}"
    );
    for (name, says) in [
        ("broken", "not a readable feed"),
        ("missing", "answered 404"),
        ("slow", "no answer within"),
        ("huge", "larger than the limit"),
        ("loop", "redirects loop"),
    ] {
        let r = report(&first, name);
        let e = r
            .error
            .as_deref()
            .unwrap_or_else(|| panic!("{name} should fail"));
        assert!(e.contains(says), "{name}: {e}");
        assert_eq!(r.new, 0, "{name}");
    }
    // 500 then 200: retried, and its CID-font PDF read.
    let flaky = report(&first, "flaky");
    assert_eq!(
        (flaky.stored, flaky.error.as_deref()),
        (1, None),
        "{flaky:?}"
    );
    // TDnet: the real PDF stored; the one that is not a PDF a clear error, not recorded.
    let tdnet = report(&first, "tdnet");
    assert_eq!(tdnet.stored, 1, "{tdnet:?}");
    let e = tdnet.error.as_deref().expect("not-a-pdf fails");
    assert!(
        e.contains("not a readable PDF") && e.contains("not-a.pdf"),
        "{e}"
    );
    // The list: the mis-declared charset still read, earnings seen, and the slow item read in time.
    let list = report(&first, "list");
    assert_eq!(
        (list.items, list.stored, list.error.as_deref()),
        (3, 2, None),
        "{list:?}"
    );
    let page = report(&first, "page");
    assert_eq!(page.stored, 1, "{page:?}");

    let store = leakwatch_store::Store::open(&dir.path().join("w.db").display().to_string())
        .await
        .expect("store");
    let docs = store.documents(None, None, 1000).await.expect("documents");
    // leak1 twice over (feed, page) is one document by content, and so are the two
    // PDFs (the same words in either font kind read to the same text); sjis,
    // wrong-charset and slow are their own.
    assert_eq!(docs.len(), 5, "{docs:#?}");
    let by_source = store
        .documents(None, Some("feed"), 1000)
        .await
        .expect("feed docs");
    assert_eq!(by_source.len(), 2);
    let states = store.sources().await.expect("sources");
    let broken = states.iter().find(|s| s.name == "broken").expect("broken");
    assert!(broken.last_error.is_some() && broken.last_success.is_none());
    let feed_state = states.iter().find(|s| s.name == "feed").expect("feed");
    assert_eq!((feed_state.items_seen, feed_state.items_stored), (4, 2));

    let hits_before = site.hits.lock().map(|h| h.len()).unwrap_or_default();
    let second = w.run_once(&sources(&base)).await;
    for r in &second {
        assert_eq!(r.new, 0, "second pass: {r:?}");
    }
    assert_eq!(
        store
            .documents(None, None, 1000)
            .await
            .expect("documents")
            .len(),
        5
    );
    // Only the failed item (not-a.pdf) is fetched again.
    let hits: Vec<String> = site
        .hits
        .lock()
        .map(|h| h[hits_before..].to_vec())
        .unwrap_or_default();
    assert_eq!(hits, vec!["not-a.pdf".to_owned()]);
}

#[tokio::test]
async fn two_watchers_on_one_store_take_each_item_once() {
    let site = Site::default();
    let (_, base) = serve(site.clone()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let a = watcher(&dir, "a", vec![]).await;
    let b = watcher(&dir, "b", vec![]).await;
    let srcs: Vec<Source> = sources(&base)
        .into_iter()
        .filter(|s| ["feed", "list", "page"].contains(&s.name.as_str()))
        .collect();
    let (ra, rb) = tokio::join!(a.run_once(&srcs), b.run_once(&srcs));
    let stored: usize = ra.iter().chain(&rb).map(|r| r.stored).sum();
    let new: usize = ra.iter().chain(&rb).map(|r| r.new).sum();
    assert_eq!((new, stored), (8, 5), "{ra:?} {rb:?}");
    // A lease held by another is respected, and given back at the end of a pass.
    let store = leakwatch_store::Store::open(&dir.path().join("w.db").display().to_string())
        .await
        .expect("store");
    assert!(store.take_lease("x", "a", 60_000).await.expect("lease"));
    assert!(!store.take_lease("x", "b", 60_000).await.expect("lease"));
    assert!(store.take_lease("x", "a", 60_000).await.expect("renew"));
    store.release_lease("x", "a").await.expect("release");
    assert!(store.take_lease("x", "b", 60_000).await.expect("lease"));
    assert!(!store.take_lease("x", "a", 60_000).await.expect("lease"));
    assert!(
        store
            .take_lease("y", "a", -1)
            .await
            .expect("an expired lease")
    );
    assert!(
        store
            .take_lease("y", "b", 60_000)
            .await
            .expect("taken over")
    );
}

#[tokio::test]
async fn alerts_fire_once_per_incident_and_once_per_change() {
    let site = Site::default();
    let (_, base) = serve(site.clone()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let atom = dir.path().join("vendors.atom");
    let rule = AlertRule {
        name: "vendors".into(),
        organizations: vec!["株式会社みずほし精工".into()],
        webhook: Some(Webhook {
            url: format!("{base}/hook"),
            secret: Some("s3cret".into()),
        }),
        atom: Some(atom.clone()),
        ..AlertRule::default()
    };
    let never = AlertRule {
        name: "big-card-leaks".into(),
        min_affected: Some(1_000_000),
        ..AlertRule::default()
    };
    let w = watcher(&dir, "a", vec![rule, never]).await;
    let feed = vec![Source::new("feed", Kind::Feed, &format!("{base}/feed.xml"))];
    let first = w.run_once(&feed).await;
    assert_eq!(first[0].alerts, 1, "{first:?}");
    let hooks = site.hooks.lock().map(|h| h.clone()).unwrap_or_default();
    assert_eq!(hooks.len(), 1);
    let (headers, body) = &hooks[0];
    let sig = headers
        .get(leakwatch_watch::alerts::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .expect("signed");
    assert_eq!(sig, leakwatch_watch::alerts::sign("s3cret", body));
    let json: serde_json::Value = serde_json::from_slice(body).expect("json");
    assert_eq!(json["kind"], "new");
    assert_eq!(json["incident"]["organization"], "株式会社みずほし精工");
    let feed_xml = std::fs::read_to_string(&atom).expect("atom");
    assert!(
        feed_xml.contains("新規: 株式会社みずほし精工"),
        "{feed_xml}"
    );
    // Polling again fires nothing.
    let again = w.run_once(&feed).await;
    assert_eq!(again[0].alerts, 0);
    // A follow-up that changes the count: one update.
    site.extra
        .lock()
        .map(|mut e| e.push(("followup.html".into(), common::FOLLOW_UP.into())))
        .expect("lock");
    let third = w.run_once(&feed).await;
    assert_eq!((third[0].new, third[0].alerts), (1, 1), "{third:?}");
    let hooks = site.hooks.lock().map(|h| h.clone()).unwrap_or_default();
    assert_eq!(hooks.len(), 2);
    let json: serde_json::Value = serde_json::from_slice(&hooks[1].1).expect("json");
    assert_eq!(json["kind"], "update", "{json}");
    let fourth = w.run_once(&feed).await;
    assert_eq!(fourth[0].alerts, 0);
    tokio::time::sleep(Duration::from_millis(10)).await;
}

#[tokio::test]
async fn a_webhook_that_was_down_gets_the_alert_on_a_later_pass_once() {
    let site = Site::default();
    site.hook_down
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let (_, base) = serve(site.clone()).await;
    let dir = tempfile::tempdir().expect("tmp");
    let rule = AlertRule {
        name: "vendors".into(),
        organizations: vec!["株式会社みずほし精工".into()],
        webhook: Some(Webhook {
            url: format!("{base}/hook"),
            secret: Some("s3cret".into()),
        }),
        ..AlertRule::default()
    };
    let w = watcher(&dir, "a", vec![rule]).await;
    let feed = vec![Source::new("feed", Kind::Feed, &format!("{base}/feed.xml"))];
    // The alert fires while the receiver is down: recorded, not delivered.
    let first = w.run_once(&feed).await;
    assert_eq!(first[0].alerts, 1, "{first:?}");
    assert!(site.hooks.lock().expect("lock").is_empty());
    let events = w.store().alert_events("vendors", 10).await.expect("events");
    assert_eq!((events.len(), events[0].attempts), (1, 1));
    // Still down on the next pass: one more attempt, nothing fired anew.
    let second = w.run_once(&feed).await;
    assert_eq!(second[0].alerts, 0);
    let events = w.store().alert_events("vendors", 10).await.expect("events");
    assert_eq!(events[0].attempts, 2);
    // Back up: the pass after delivers the event once, signed as it was fired.
    site.hook_down
        .store(false, std::sync::atomic::Ordering::SeqCst);
    w.run_once(&feed).await;
    w.run_once(&feed).await;
    let hooks = site.hooks.lock().map(|h| h.clone()).unwrap_or_default();
    assert_eq!(hooks.len(), 1, "delivered once");
    let (headers, body) = &hooks[0];
    assert_eq!(
        headers
            .get(leakwatch_watch::alerts::SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok()),
        Some(leakwatch_watch::alerts::sign("s3cret", body).as_str())
    );
    let json: serde_json::Value = serde_json::from_slice(body).expect("json");
    assert_eq!(json["kind"], "new");
    assert!(
        w.store()
            .undelivered_alerts("vendors", 8)
            .await
            .expect("undelivered")
            .is_empty()
    );
}
