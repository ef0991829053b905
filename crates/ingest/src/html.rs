//! HTML to text: the title, and the body's text with a line break after every block.

use scraper::{ElementRef, Html, Node, Selector};

use crate::SourceText;

const SKIP: [&str; 8] = [
    "script", "style", "noscript", "template", "nav", "footer", "header", "svg",
];
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "hr",
];

fn walk(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let t = t.trim_matches(|c: char| c == '\n' || c == '\r' || c == '\t');
                out.push_str(t);
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                if let Some(child) = ElementRef::wrap(child) {
                    let block = BLOCKS.contains(&name);
                    if block && !out.ends_with('\n') && !out.is_empty() {
                        out.push('\n');
                    }
                    walk(child, out);
                    if block && !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
            _ => {}
        }
    }
}

/// The readable text of an HTML page.
pub fn to_text(html: &str) -> SourceText {
    let doc = Html::parse_document(html);
    let title = Selector::parse("title")
        .ok()
        .and_then(|s| doc.select(&s).next())
        .map(|t| t.text().collect::<String>().trim().to_owned())
        .filter(|t| !t.is_empty());
    let main = Selector::parse("main, article")
        .ok()
        .and_then(|s| doc.select(&s).next());
    // A page without a marked main part: its main text is what readability
    // finds (menus, sidebars and footers left out); too little of it, and
    // the whole body is read instead.
    if main.is_none()
        && let Some(text) = readable(html)
    {
        return SourceText { text, title };
    }
    let mut text = String::new();
    let root = main
        .or_else(|| {
            Selector::parse("body")
                .ok()
                .and_then(|s| doc.select(&s).next())
        })
        .unwrap_or_else(|| doc.root_element());
    walk(root, &mut text);
    let text = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    SourceText { text, title }
}

/// The main text by readability (`dom_smoothie`), one block a line; `None`
/// when it finds under 140 characters.
fn readable(html: &str) -> Option<String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..dom_smoothie::Config::default()
    };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
    let article = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || r.parse()))
        .ok()?
        .ok()?;
    let text = article
        .text_content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (text.chars().count() >= 140).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_scripts_vanish() {
        let s = to_text(
            "<html><head><title>お詫び</title><script>alert(1)</script></head>\
             <body><nav>メニュー</nav><h1>不正アクセスについて</h1><p>当社は<b>5月</b>に検知しました。</p><p>以上</p></body></html>",
        );
        assert_eq!(s.title.as_deref(), Some("お詫び"));
        assert_eq!(
            s.text,
            "不正アクセスについて\n当社は5月に検知しました。\n以上"
        );
    }

    #[test]
    fn a_page_without_main_keeps_its_story_and_drops_its_menus() {
        let para = "当社が運営する通信販売サイトにおいて、第三者による不正アクセスがあり、お客様の氏名と住所が閲覧された可能性があることが判明しました。";
        let menu: String = (0..30)
            .map(|i| format!("<li><a href=\"/m{i}\">製品案内{i}</a></li>"))
            .collect();
        let html = format!(
            "<html><head><title>お知らせ</title></head><body><div class=\"menu\"><ul>{menu}</ul></div>\
             <div class=\"content\"><h2>不正アクセスに関するお詫び</h2><p>{para}</p><p>{para}</p><p>{para}</p></div>\
             <div class=\"side\"><a href=\"/x\">採用情報</a> <a href=\"/y\">会社概要</a></div></body></html>"
        );
        let s = to_text(&html);
        assert!(s.text.contains("閲覧された可能性"), "{}", s.text);
        assert!(!s.text.contains("製品案内"), "{}", s.text);
    }
}
