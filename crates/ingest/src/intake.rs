//! The one intake: a document's bytes and what its source knows about it in;
//! the text, its date, title and kind, and the incidents extracted from it out.
//!
//! Every caller goes through here — `leakwatch extract` (and so `eval` and the
//! reference scorer), `leakwatch ingest`, `POST /api/v1/documents`, the watch
//! loop, the benchmarks and the store's contract tests — so what is scored is
//! what is stored.
//!
//! ```
//! use leakwatch_ingest::intake::{Metadata, Settings, intake};
//! let text = "2024年5月11日\n株式会社サンプル商事\n\n当社は2024年5月10日、メールの誤送信により顧客のメールアドレス120件が流出したことを確認しました。";
//! let doc = intake(text.as_bytes(), &Metadata::default(), &Settings::default(), None).unwrap();
//! assert_eq!(doc.document.published.unwrap().to_string(), "2024-05-11"); // its dateline
//! assert_eq!(doc.extraction.incidents[0].organization, "株式会社サンプル商事");
//! ```

use std::path::Path;

use chrono::NaiveDate;
use leakwatch_extract::{Analyzer, Options, extract_text};
use leakwatch_model::{Extraction, SourceType};
use leakwatch_store::NewDocument;

use crate::error::Error;

/// How a document's bytes are laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Plain text (any of the encodings `decode` reads).
    #[default]
    Text,
    /// Markdown: heading marks are dropped, the first `# ` heading is the title.
    Markdown,
    /// HTML: the title and the body's text, navigation and scripts left out.
    Html,
    /// PDF: its text layer.
    Pdf,
}

impl Format {
    /// The format a file's extension names (anything unknown is text).
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" => Format::Markdown,
            "pdf" => Format::Pdf,
            _ => Format::Text,
        }
    }

    /// The format of an HTTP `Content-Type` (`text/html; charset=…`), if it is one read here.
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        let mime = media_type.split(';').next()?.trim().to_ascii_lowercase();
        match mime.as_str() {
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            "text/markdown" => Some(Format::Markdown),
            "application/pdf" => Some(Format::Pdf),
            "text/plain" => Some(Format::Text),
            _ => None,
        }
    }
}

/// What the source of a document knows about it, besides its bytes. Anything
/// left `None` is read from the document: the dateline, the title, the kind.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// Where it came from: a path or a URL.
    pub location: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its publication date.
    pub published: Option<NaiveDate>,
    /// What kind of document it is.
    pub source_type: Option<SourceType>,
    /// How its bytes are laid out.
    pub format: Format,
}

/// How documents are taken in.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Documents larger than this are refused.
    pub max_bytes: u64,
    /// The date a document is taken to be published on when neither its source
    /// nor its text says.
    pub today: NaiveDate,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_bytes: 64 * 1024 * 1024,
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// A document read, dated, typed and extracted: ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The document; evidence offsets point into its body.
    pub document: NewDocument,
    /// What was extracted from it.
    pub extraction: Extraction,
}

/// A document's text and the title its format gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The text; evidence offsets point into it.
    pub text: String,
    /// Its title, where the format has one.
    pub title: Option<String>,
}

fn label(meta: &Metadata) -> String {
    meta.location
        .clone()
        .unwrap_or_else(|| "the document".to_owned())
}

/// Takes in a document's bytes: decodes them by format, then as [`intake_text`].
pub fn intake(
    bytes: &[u8],
    meta: &Metadata,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Prepared, Error> {
    intake_declared(bytes, None, meta, settings, analyzer)
}

/// Takes in a web body whose server declared a charset (`Content-Type`'s
/// `charset=`): the declaration, then an HTML page's `<meta>`, is tried
/// before the bytes are sniffed. Otherwise as [`intake`].
pub fn intake_declared(
    bytes: &[u8],
    charset: Option<&str>,
    meta: &Metadata,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Prepared, Error> {
    if bytes.len() as u64 > settings.max_bytes {
        return Err(Error::TooLarge {
            location: label(meta),
            limit: settings.max_bytes,
        });
    }
    let src = to_text_declared(bytes, charset, meta)?;
    intake_source(src, meta, settings, analyzer)
}

/// Takes in a document that is already text (a posted body): no decoding.
pub fn intake_text(
    text: String,
    meta: &Metadata,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Prepared, Error> {
    if text.len() as u64 > settings.max_bytes {
        return Err(Error::TooLarge {
            location: label(meta),
            limit: settings.max_bytes,
        });
    }
    if let Some(at) = text.find('\0') {
        return Err(Error::Decode {
            location: label(meta),
            source: leakwatch_extract::Error::Binary(format!(
                "contains a NUL character at byte {at}"
            )),
        });
    }
    let title = plain_title(&text);
    intake_source(SourceText { text, title }, meta, settings, analyzer)
}

/// Takes in a document already turned into text by [`to_text_declared`]:
/// dates, types and extracts it. (`intake` is `to_text` then this; a caller
/// that looks at the text in between — the watch loop's relevance filter —
/// calls the two halves.)
pub fn intake_source(
    src: SourceText,
    meta: &Metadata,
    settings: &Settings,
    analyzer: Option<&dyn Analyzer>,
) -> Result<Prepared, Error> {
    if src.text.trim().is_empty() {
        return Err(Error::Empty {
            location: label(meta),
        });
    }
    let published = meta
        .published
        .or_else(|| leakwatch_extract::dateline(&src.text))
        .unwrap_or(settings.today);
    let source_type = meta
        .source_type
        .unwrap_or_else(|| leakwatch_extract::guess_source_type(&src.text));
    let opts = Options::new(published).with_source_type(Some(source_type));
    let extraction = extract_text(&src.text, &opts, analyzer);
    let location = meta.location.clone().unwrap_or_else(|| {
        // A stable name for a document that came without one: its content.
        let h = blake3::hash(src.text.as_bytes()).to_hex();
        format!("text:{}", &h[..16])
    });
    Ok(Prepared {
        document: NewDocument {
            location,
            title: meta.title.clone().or(src.title),
            source_type: Some(source_type),
            published: Some(published),
            body: src.text,
        },
        extraction,
    })
}

fn decode(meta: &Metadata, bytes: &[u8]) -> Result<String, Error> {
    leakwatch_extract::decode::decode(bytes)
        .map(|d| d.text)
        .map_err(|source| Error::Decode {
            location: label(meta),
            source,
        })
}

/// A document's text, by its format.
pub fn to_text(bytes: &[u8], meta: &Metadata) -> Result<SourceText, Error> {
    to_text_declared(bytes, None, meta)
}

/// The text of bytes in the charset declared for them, if they are valid in
/// it; else (or with none declared) an HTML page's `<meta>` charset; else sniffed.
fn decode_declared(meta: &Metadata, bytes: &[u8], charset: Option<&str>) -> Result<String, Error> {
    let header = charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()));
    let in_meta = (meta.format == Format::Html)
        .then(|| crate::charset::meta_charset(bytes))
        .flatten();
    for enc in [header, in_meta].into_iter().flatten() {
        if let Some(text) = crate::charset::declared(bytes, enc) {
            return Ok(text);
        }
    }
    decode(meta, bytes)
}

/// A document's text, by its format, with the charset its server declared.
pub fn to_text_declared(
    bytes: &[u8],
    charset: Option<&str>,
    meta: &Metadata,
) -> Result<SourceText, Error> {
    Ok(match meta.format {
        Format::Html => crate::html::to_text(&decode_declared(meta, bytes, charset)?),
        Format::Pdf => SourceText {
            text: crate::pdf::text(bytes).map_err(|message| Error::Pdf {
                location: label(meta),
                message,
            })?,
            title: None,
        },
        Format::Markdown => {
            let text = decode_declared(meta, bytes, charset)?;
            let title = text
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .map(|t| t.trim().to_owned());
            // Heading marks off, so a heading reads as a heading line.
            let text = text
                .lines()
                .map(|l| l.trim_start_matches('#').trim_start())
                .collect::<Vec<_>>()
                .join("\n");
            SourceText { text, title }
        }
        Format::Text => {
            let text = decode_declared(meta, bytes, charset)?;
            let title = plain_title(&text);
            SourceText { text, title }
        }
    })
}

/// The title of a plain-text notice: the first short line that reads like one
/// (…のお知らせ, …のお詫び, …について, 【第2報】…), else the first line that is not a date.
pub fn plain_title(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(12)
        .collect();
    let titled = lines.iter().find(|l| {
        l.chars().count() <= 80
            && (l.ends_with("お知らせ")
                || l.ends_with("お詫び")
                || l.ends_with("について")
                || l.ends_with("）")
                || l.starts_with('【'))
    });
    titled
        .or_else(|| {
            lines
                .iter()
                .find(|l| leakwatch_extract::dateline(l).is_none())
        })
        .map(|l| (*l).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE: &str = "2024年5月11日\n株式会社サンプル商事\n\n個人情報漏えいのお詫び\n\n当社は2024年5月10日、メールの誤送信により顧客のメールアドレス120件が流出したことを確認しました。";

    #[test]
    fn the_source_wins_over_the_text_and_the_text_over_defaults() {
        let settings = Settings {
            max_bytes: 1 << 20,
            today: "2030-01-01".parse().expect("date"),
        };
        let read =
            intake(NOTICE.as_bytes(), &Metadata::default(), &settings, None).expect("intake");
        assert_eq!(read.document.published, "2024-05-11".parse().ok());
        assert_eq!(
            read.document.title.as_deref(),
            Some("個人情報漏えいのお詫び")
        );
        assert_eq!(read.document.source_type, Some(SourceType::PressRelease));
        assert!(read.document.location.starts_with("text:"));
        let meta = Metadata {
            published: "2024-06-01".parse().ok(),
            source_type: Some(SourceType::News),
            title: Some("見出し".into()),
            location: Some("https://example.jp/a".into()),
            format: Format::Text,
        };
        let given = intake(NOTICE.as_bytes(), &meta, &settings, None).expect("intake");
        assert_eq!(given.document.published, meta.published);
        assert_eq!(given.document.source_type, Some(SourceType::News));
        assert_eq!(given.document.title.as_deref(), Some("見出し"));
        assert_eq!(given.document.location, "https://example.jp/a");
        // No dateline and no date given: today.
        let bare = intake(
            "本文だけ。".as_bytes(),
            &Metadata::default(),
            &settings,
            None,
        )
        .expect("intake");
        assert_eq!(bare.document.published, Some(settings.today));
    }

    #[test]
    fn bytes_and_text_give_the_same_document() {
        let s = Settings::default();
        let a = intake(NOTICE.as_bytes(), &Metadata::default(), &s, None).expect("bytes");
        let b = intake_text(NOTICE.to_owned(), &Metadata::default(), &s, None).expect("text");
        assert_eq!(
            (a.document.title, a.document.published, a.document.body),
            (b.document.title, b.document.published, b.document.body)
        );
        assert_eq!(a.extraction, b.extraction);
    }

    #[test]
    fn bad_documents_are_clear_errors() {
        let s = Settings {
            max_bytes: 64,
            ..Settings::default()
        };
        assert!(matches!(
            intake(&[b'a'; 65], &Metadata::default(), &s, None),
            Err(Error::TooLarge { .. })
        ));
        let s = Settings::default();
        assert!(matches!(
            intake(b"   \n ", &Metadata::default(), &s, None),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            intake_text("a\0b".into(), &Metadata::default(), &s, None),
            Err(Error::Decode { .. })
        ));
        let pdf = Metadata {
            format: Format::Pdf,
            ..Metadata::default()
        };
        assert!(matches!(
            intake(b"not a pdf", &pdf, &s, None),
            Err(Error::Pdf { .. })
        ));
    }
}
