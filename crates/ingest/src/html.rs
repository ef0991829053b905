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
    let mut text = String::new();
    let root = Selector::parse("main, article")
        .ok()
        .and_then(|s| doc.select(&s).next())
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
}
