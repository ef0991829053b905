//! A source's list (a feed, a list page, a TDnet JSON list, or a page that
//! is its own only item) read into items: an id, a link, a title, a date.

use chrono::{NaiveDate, Offset, Utc};
use serde::Deserialize;
use url::Url;

use crate::{Error, Kind};

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable within its source: a feed entry's id, a TDnet id, a link.
    pub id: String,
    /// The document to fetch.
    pub url: String,
    /// The title the list gives.
    pub title: Option<String>,
    /// The date the list gives.
    pub published: Option<NaiveDate>,
}

/// The items of a list's body, in list order, each once.
pub fn read(
    kind: Kind,
    base: &str,
    body: &[u8],
    selector: Option<&str>,
) -> Result<Vec<Item>, Error> {
    let parse = |what: String| Error::Parse {
        url: base.to_owned(),
        kind: kind.as_str(),
        what,
    };
    let mut items = match kind {
        Kind::Feed => feed(base, body).map_err(parse)?,
        Kind::HtmlList => html_list(base, body, selector.unwrap_or("a")).map_err(parse)?,
        Kind::Tdnet => tdnet(base, body).map_err(parse)?,
        Kind::Page => vec![Item {
            // A page is its own item; a new version of it is a new item.
            id: format!("{base}#{}", &digest_hex(body)[..16]),
            url: base.to_owned(),
            title: None,
            published: None,
        }],
    };
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.id.clone()));
    Ok(items)
}

fn digest_hex(body: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(body))
}

fn resolve(base: &str, link: &str) -> Option<String> {
    let u = Url::parse(base).ok()?.join(link.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

fn feed(base: &str, body: &[u8]) -> Result<Vec<Item>, String> {
    let parsed = feed_rs::parser::parse(body).map_err(|e| match e {
        feed_rs::parser::ParseFeedError::ParseError(_) => {
            "not a feed in any RSS or Atom version".to_owned()
        }
        feed_rs::parser::ParseFeedError::XmlReader(_) => "malformed XML".to_owned(),
        _ => "malformed feed".to_owned(),
    })?;
    Ok(parsed
        .entries
        .into_iter()
        .filter_map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| e.links.first())?;
            let url = resolve(base, &link.href)?;
            // feed-rs makes up an id (a hash) when an entry has none; the link is steadier then.
            let id = if e.id.is_empty() {
                url.clone()
            } else {
                e.id.clone()
            };
            let when = e.published.or(e.updated);
            Some(Item {
                id,
                url,
                title: e
                    .title
                    .map(|t| t.content.trim().to_owned())
                    .filter(|t| !t.is_empty()),
                published: when.map(|d| d.with_timezone(&jst()).date_naive()),
            })
        })
        .collect())
}

fn jst() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix())
}

fn html_list(base: &str, body: &[u8], selector: &str) -> Result<Vec<Item>, String> {
    let sel = scraper::Selector::parse(selector)
        .map_err(|_| format!("the selector {selector:?} does not parse"))?;
    let text = leakwatch_extract::decode::decode(body)
        .map_err(|e| e.to_string())?
        .text;
    let doc = scraper::Html::parse_document(&text);
    Ok(doc
        .select(&sel)
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            let url = resolve(base, href)?;
            let title: String = a
                .text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            Some(Item {
                id: url.clone(),
                url,
                published: leakwatch_extract::dateline(&title),
                title: Some(title).filter(|t| !t.is_empty()),
            })
        })
        .collect())
}

/// A TDnet mirror item (the `json` shape wraps it in `{"Tdnet": …}`, `json2` does not).
#[derive(Debug, Deserialize)]
struct Tdnet {
    id: serde_json::Value,
    #[serde(default)]
    pubdate: Option<String>,
    #[serde(default)]
    company_code: Option<String>,
    #[serde(default)]
    company_name: Option<String>,
    #[serde(default)]
    title: Option<String>,
    document_url: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TdnetEntry {
    Wrapped {
        #[serde(rename = "Tdnet")]
        tdnet: Tdnet,
    },
    Bare(Tdnet),
}

#[derive(Debug, Deserialize)]
struct TdnetList {
    items: Vec<TdnetEntry>,
}

fn tdnet(base: &str, body: &[u8]) -> Result<Vec<Item>, String> {
    let list: TdnetList = serde_json::from_slice(body).map_err(|e| format!("JSON: {e}"))?;
    Ok(list
        .items
        .into_iter()
        .filter_map(|e| {
            let t = match e {
                TdnetEntry::Wrapped { tdnet } | TdnetEntry::Bare(tdnet) => tdnet,
            };
            let url = resolve(base, &t.document_url)?;
            let id = match &t.id {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let title = match (t.company_name, t.title) {
                (Some(c), Some(ti)) => Some(format!("{c} {ti}")),
                (None, ti) => ti,
                (Some(c), None) => Some(c),
            };
            let _ = t.company_code;
            Some(Item {
                id: format!("tdnet:{id}"),
                url,
                title,
                published: t
                    .pubdate
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok()),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_of_every_version_read() {
        let rss2 = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>不正アクセスのお知らせ</title><link>/news/1</link><guid>n1</guid><pubDate>Wed, 01 Apr 2026 23:30:00 +0000</pubDate></item>
            <item><title>決算</title><link>https://a.example/news/2</link></item></channel></rss>"#;
        let items =
            read(Kind::Feed, "https://a.example/feed", rss2.as_bytes(), None).expect("rss2");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].url, "https://a.example/news/1");
        assert_eq!(items[0].id, "n1");
        assert_eq!(
            items[0].published,
            NaiveDate::from_ymd_opt(2026, 4, 2),
            "a JST date"
        );
        let rdf = r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="x"><title>PR</title><link>https://p.example/</link></channel>
            <item rdf:about="https://p.example/r/1"><title>お詫び</title><link>https://p.example/r/1</link></item></rdf:RDF>"#;
        assert_eq!(
            read(Kind::Feed, "https://p.example/rdf", rdf.as_bytes(), None)
                .expect("rdf")
                .len(),
            1
        );
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a</title><id>f</id><updated>2026-04-01T00:00:00Z</updated>
            <entry><id>tag:a,1</id><title>記事</title><link href="https://a.example/e1"/><updated>2026-04-01T00:00:00Z</updated></entry></feed>"#;
        assert_eq!(
            read(Kind::Feed, "https://a.example/atom", atom.as_bytes(), None).expect("atom")[0].id,
            "tag:a,1"
        );
        let bad = read(
            Kind::Feed,
            "https://a.example/x",
            b"<rss><channel><item>",
            None,
        )
        .expect_err("malformed");
        assert!(bad.to_string().contains("not a readable feed"), "{bad}");
    }

    #[test]
    fn lists_and_tdnet_shapes_read() {
        let html = "<ul class=news><li><a href=\"/n/1.html\">2026年4月1日 お詫び</a></li><li><a href=\"javascript:x\">x</a></li></ul><a href=/other>他</a>";
        let items = read(
            Kind::HtmlList,
            "https://c.example/news/",
            html.as_bytes(),
            Some("ul.news a"),
        )
        .expect("list");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].url, "https://c.example/n/1.html");
        assert_eq!(items[0].published, NaiveDate::from_ymd_opt(2026, 4, 1));
        let json = r#"{"items":[{"Tdnet":{"id":"140120260401000001","pubdate":"2026-04-01 15:00:00","company_code":"12340","company_name":"みずほし精工","title":"特別損失の計上","document_url":"https://t.example/a.pdf"}}]}"#;
        let json2 = r#"{"items":[{"id":"140120260401000001","pubdate":"2026-04-01 15:00:00","company_code":"12340","company_name":"みずほし精工","title":"特別損失の計上","document_url":"https://t.example/a.pdf"}]}"#;
        let a = read(
            Kind::Tdnet,
            "https://t.example/list.json",
            json.as_bytes(),
            None,
        )
        .expect("json");
        let b = read(
            Kind::Tdnet,
            "https://t.example/list.json",
            json2.as_bytes(),
            None,
        )
        .expect("json2");
        assert_eq!(a, b);
        assert_eq!(a[0].title.as_deref(), Some("みずほし精工 特別損失の計上"));
        assert!(read(Kind::Tdnet, "https://t.example/l", b"{\"items\": 3}", None).is_err());
    }
}
