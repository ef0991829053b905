//! One `watch --once` pass over 50 loopback sources holding 1,000 items (a
//! third relevant): wall time, requests, bytes, peak memory and the share of
//! time in fetch, text, relevance, extraction and store. It asserts what it
//! took in (every relevant item stored once, nothing else), then prints.
//!
//! `cargo bench -p leakwatch-watch --bench watch_pass`
//!
//! The site runs in the same process (its memory is in the peak), with no
//! politeness delay: what is measured is leakwatch's own cost, which the
//! politeness delays (2 s per host by default) dwarf in real use.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use leakwatch_watch::{Kind, Options, Source, Watcher};

const SOURCES: usize = 50;
const PER_SOURCE: usize = 20;

fn item(s: usize, i: usize) -> String {
    let n = s * PER_SOURCE + i;
    let filler =
        "本件につきましては、引き続き調査を進めるとともに、再発防止に努めてまいります。".repeat(6);
    if n.is_multiple_of(3) {
        format!(
            "<html><head><title>不正アクセスによる個人情報流出のお詫び</title></head><body><nav>ホーム 製品情報 会社概要 採用情報</nav><main>\
             <p>2026年{}月{}日</p><p>株式会社ベンチ{n}号物産</p><h1>不正アクセスによる個人情報流出のお詫び</h1>\
             <p>当社は2026年3月{}日、当社が運営する通信販売サイトが第三者による不正アクセスを受け、お客様の氏名、住所及びメールアドレス{}件が外部に流出した可能性があることを確認いたしました。</p><p>{filler}</p></main><footer>Copyright</footer></body></html>",
            1 + n % 12,
            1 + n % 28,
            1 + n % 28,
            100 + n
        )
    } else {
        format!(
            "<html><head><title>第{n}期 決算短信</title></head><body><nav>ホーム IR情報</nav><main><p>2026年5月{}日</p><p>株式会社ベンチ{n}号物産</p>\
             <h1>2026年3月期 決算短信〔日本基準〕（連結）</h1><p>当連結会計年度の売上高は前期比{}.{}%増となりました。期末配当は1株当たり{}円を予定しております。</p><p>{filler}</p></main></body></html>",
            1 + n % 28,
            n % 9,
            n % 10,
            10 + n % 40
        )
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let app = axum::Router::new()
            .route(
                "/s/{s}/feed.xml",
                get(|Path(s): Path<usize>| async move {
                    let mut x = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>http://x.invalid/</link><description>d</description>");
                    for i in 0..PER_SOURCE {
                        x.push_str(&format!("<item><guid>{s}-{i}</guid><title>お知らせ</title><link>/s/{s}/i/{i}</link></item>"));
                    }
                    x.push_str("</channel></rss>");
                    ([(header::CONTENT_TYPE, "application/rss+xml")], x)
                }),
            )
            .route(
                "/s/{s}/i/{i}",
                get(|Path((s, i)): Path<(usize, usize)>| async move {
                    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], item(s, i)).into_response()
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let dir = tempfile::tempdir().expect("tmp");
        let store = leakwatch_store::Store::open(&dir.path().join("bench.db").display().to_string())
            .await
            .expect("store");
        let fetcher = Arc::new(leakwatch_fetch::Fetcher::new(leakwatch_fetch::Settings {
            user_agent: "leakwatch-bench/0.2 (+mailto:ops@example.jp)".into(),
            min_delay: Duration::ZERO,
            addresses: leakwatch_fetch::AddressPolicy {
                allow_private: false,
                allowed: vec!["127.0.0.1".parse().expect("ip")],
            },
            ..leakwatch_fetch::Settings::default()
        }).expect("client"));
        let sources: Vec<Source> = (0..SOURCES)
            .map(|s| Source::new(&format!("bench-{s}"), Kind::Feed, &format!("http://{addr}/s/{s}/feed.xml")))
            .collect();
        let w = Watcher::new(store.clone(), fetcher.clone(), Options { concurrency: 4, ..Options::default() }, None, vec![]);
        let t = Instant::now();
        let reports = w.run_once(&sources).await;
        let wall = t.elapsed().as_secs_f64();
        let new: usize = reports.iter().map(|r| r.new).sum();
        let stored: usize = reports.iter().map(|r| r.stored).sum();
        assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
        assert_eq!(new, SOURCES * PER_SOURCE);
        assert_eq!(stored, (SOURCES * PER_SOURCE).div_ceil(3));
        let totals = fetcher.totals();
        let shares = w.timings().seconds();
        let busy: f64 = shares.iter().map(|(_, s)| s).sum();
        println!("watch_pass: {SOURCES} sources, {new} items, {stored} stored");
        println!("  wall {wall:.2} s, {} requests, {:.1} MB of bodies, peak RSS {:.0} MiB (the loopback site included)",
            totals.requests, totals.bytes as f64 / 1e6, peak_rss_kib() as f64 / 1024.0);
        println!("  time summed over 4 sources in flight (s, share):");
        for (name, secs) in shares {
            println!("    {name:<9} {secs:7.2}  {:5.1}%", 100.0 * secs / busy.max(1e-9));
        }
        let second = Instant::now();
        let again = w.run_once(&sources).await;
        assert_eq!(again.iter().map(|r| r.new).sum::<usize>(), 0);
        println!("  second pass (nothing new): {:.2} s", second.elapsed().as_secs_f64());
        println!("  with the default 2 s politeness delay and one host per source, the network floor is {} s per source",
            2 * (PER_SOURCE + 2));
    });
}
