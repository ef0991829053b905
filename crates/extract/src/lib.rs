//! Japanese leak-disclosure text in, structured incidents with evidence out.
//!
//! The extractor reads one document — a company's お詫び, a timely-disclosure
//! notice, a regulator's release, a news article, a blog post — and returns
//! every incident it describes: who, how, what and how many, when, what it
//! cost and whether data was misused, each fact with the byte span of the
//! original text it was read from. It is pure (no IO), synchronous, and never
//! panics on input: odd text yields fewer facts and [`Diagnostic`]s.
//!
//! ```
//! use leakwatch_extract::{Options, extract_text};
//! let text = "株式会社サンプル商事は2024年5月10日、メールの誤送信により顧客のメールアドレス120件が流出したと発表した。";
//! let opts = Options::new("2024-05-11".parse().unwrap());
//! let out = extract_text(text, &opts, None);
//! let inc = &out.incidents[0];
//! assert_eq!(inc.organization, "株式会社サンプル商事");
//! assert_eq!(inc.cause.unwrap().as_str(), "misdelivery");
//! assert_eq!(inc.counts[0].value, 120);
//! assert_eq!(inc.disclosed.unwrap().to_string(), "2024-05-10");
//! // Every fact points into the original text.
//! for e in &inc.evidence {
//!     assert_eq!(&text[e.start..e.end], e.text);
//! }
//! ```
//!
//! Pipeline: [`decode`] (bytes → text) → [`normalize`] (NFKC with an offset map)
//! → [`text`] (lines, headings, sentences) → recognizers ([`date`], [`number`],
//! [`facts`], [`org`], vocabulary in [`vocab`]) → [`assemble`] (entries, drafts,
//! incidents).

pub mod analyzer;
pub mod assemble;
pub mod date;
pub mod decode;
pub mod enumeration;
mod error;
pub mod facts;
pub mod normalize;
pub mod number;
pub mod orgs;
pub mod sensitive;
/// The organisation module under its earlier name.
pub use orgs as org;
pub mod text;
pub mod vocab;

use chrono::NaiveDate;
pub use error::Error;
use leakwatch_model::{Diagnostic, Extraction, SourceType};

pub use crate::analyzer::{Analyzer, Morpheme, Pos};

/// The default size limit: larger inputs are refused with [`Error::TooLarge`].
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// The most incidents one document yields; the rest are dropped with a diagnostic.
pub const MAX_INCIDENTS: usize = 500;

/// How to read a document.
#[derive(Debug, Clone)]
pub struct Options {
    /// The publication date: relative dates (`5/12`, `今年1月`, `同日`) resolve against it.
    pub published: NaiveDate,
    /// What kind of document it is, if known.
    pub source_type: Option<SourceType>,
    /// Inputs larger than this are refused.
    pub max_bytes: usize,
}

impl Options {
    /// Options for a document published on `published`.
    pub fn new(published: NaiveDate) -> Self {
        Options {
            published,
            source_type: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    /// With a source type.
    pub fn with_source_type(mut self, source_type: Option<SourceType>) -> Self {
        self.source_type = source_type;
        self
    }
}

/// Extracts incidents from text. Never fails: odd text yields fewer facts.
pub fn extract_text(text: &str, opts: &Options, analyzer: Option<&dyn Analyzer>) -> Extraction {
    let mut diagnostics = Vec::new();
    let text = if text.len() > opts.max_bytes {
        let mut cut = opts.max_bytes;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        diagnostics.push(Diagnostic {
            code: "truncated".into(),
            message: format!("text of {} bytes read up to byte {cut}", text.len()),
        });
        &text[..cut]
    } else {
        text
    };
    let norm = normalize::Normalized::new(text);
    let ctx = assemble::Context {
        published: opts.published,
        source_type: opts.source_type,
        analyzer,
    };
    let mut incidents = assemble::assemble(text, &norm, ctx);
    if incidents.len() > MAX_INCIDENTS {
        diagnostics.push(Diagnostic {
            code: "too_many_incidents".into(),
            message: format!(
                "{} incidents found; the first {MAX_INCIDENTS} kept",
                incidents.len()
            ),
        });
        incidents.truncate(MAX_INCIDENTS);
    }
    Extraction {
        incidents,
        diagnostics,
    }
}

/// Decodes bytes (UTF-8, UTF-16 with BOM, Shift_JIS, EUC-JP) and extracts.
///
/// Returns the decoded text too: evidence offsets point into it.
pub fn extract_bytes(
    bytes: &[u8],
    opts: &Options,
    analyzer: Option<&dyn Analyzer>,
) -> Result<(Extraction, String), Error> {
    if bytes.len() > opts.max_bytes {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: opts.max_bytes,
        });
    }
    let decoded = decode::decode(bytes)?;
    let mut out = extract_text(&decoded.text, opts, analyzer);
    if decoded.encoding != "UTF-8" {
        out.diagnostics.push(Diagnostic {
            code: "decoded".into(),
            message: format!(
                "read as {}; evidence offsets are into the UTF-8 text",
                decoded.encoding
            ),
        });
    }
    Ok((out, decoded.text))
}

/// The date a document states for itself: the first full date (`2025年4月10日`,
/// `令和7年4月10日`, `2025/04/10`) in its first lines, where notices and
/// articles put their dateline. Used when no publication date is known.
pub fn dateline(text: &str) -> Option<NaiveDate> {
    let head: String = text.lines().take(8).collect::<Vec<_>>().join("\n");
    let norm = normalize::Normalized::new(&head);
    date::find_dates(&norm.text)
        .into_iter()
        .find_map(|m| match m.expr {
            date::DateExpr::Full {
                year,
                month,
                day: Some(day),
            } => NaiveDate::from_ymd_opt(year, month, day),
            _ => None,
        })
}

/// What kind of document a text most likely is, from how it opens: a TSE
/// timely disclosure (`各位` with a securities code or market), a news article
/// (a 【…】 headline or `…と発表した`), a blog post, a public body's release (the
/// issuer line names a ministry, agency, commission, prefecture or municipality),
/// else a company's press release. Used when the source does not say.
pub fn guess_source_type(text: &str) -> SourceType {
    // How a document opens says what it is: its first few thousand bytes are
    // read, so the cost does not grow with the document.
    let mut cut = text.len().min(4096);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let head: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
        .collect();
    let head_text = head.join("\n");
    let has = |w: &str| head_text.contains(w);
    if has("各位")
        && (has("コード") || has("東証") || has("証券取引所") || text.contains("特別損失"))
    {
        return SourceType::TimelyDisclosure;
    }
    if has("ブログ") || has("blog") || has("Blog") {
        return SourceType::Blog;
    }
    const BODIES: [&str; 11] = [
        "省",
        "庁",
        "委員会",
        "県",
        "府",
        "都",
        "市",
        "町",
        "村",
        "区",
        "局",
    ];
    let issuer_is_public = head.iter().take(4).any(|l| {
        l.chars().count() <= 20
            && !l.contains(['、', '。', '年'])
            && BODIES.iter().any(|b| l.ends_with(b))
    });
    // A notice speaks for its issuer in the first person and apologises; an
    // article reports what others announced; a post has its writer's asides.
    // Words inside 「」 are someone else's: a post quoting a notice's apology
    // is still a post. One pass over the opening counts each voice.
    let voices = voices(text);
    let speaks_for_itself = voices.first_person + voices.notice > 0;
    // A 【ニュース】 kicker, not a notice's own 【第2報】 or 【重要】.
    let kicker = head.iter().any(|l| {
        l.strip_prefix('【')
            .and_then(|r| r.split_once('】'))
            .is_some_and(|(k, _)| {
                k.contains("ニュース") || k.contains("速報") || k.contains("報道")
            })
    });
    let reports = voices.reported;
    if kicker || (reports >= 2 && !speaks_for_itself) {
        return SourceType::News;
    }
    if issuer_is_public {
        return SourceType::Regulator;
    }
    if speaks_for_itself {
        return SourceType::PressRelease;
    }
    // Neither a notice nor a report: commentary in a writer's own voice is a
    // blog post, anything else an article.
    if voices.casual > 0 {
        SourceType::Blog
    } else if reports >= 1 {
        SourceType::News
    } else {
        SourceType::PressRelease
    }
}

/// How many words of each voice a text has; those of `reported`, `casual`
/// count anywhere, the issuer's own words only outside quotes.
#[derive(Debug, Default)]
struct Voices {
    first_person: usize,
    notice: usize,
    reported: usize,
    casual: usize,
}

fn voices(text: &str) -> Voices {
    use crate::vocab::{VOCAB, Voice};
    // Quote depth at each match: quotes close at the end of a line at the latest.
    let mut out = Voices::default();
    let mut depth = 0usize;
    let mut at = 0usize;
    for (s, _, v) in VOCAB.voice.find_iter(text) {
        for c in text[at..s].chars() {
            match c {
                '「' | '『' => depth += 1,
                '」' | '』' => depth = depth.saturating_sub(1),
                '\n' => depth = 0,
                _ => {}
            }
        }
        at = s;
        match v {
            Voice::FirstPerson if depth == 0 => out.first_person += 1,
            Voice::Notice if depth == 0 => out.notice += 1,
            Voice::Reported => out.reported += 1,
            Voice::Casual => out.casual += 1,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod source_type_tests {
    use super::guess_source_type;
    use leakwatch_model::SourceType;

    #[test]
    fn reads_the_kind_of_document_from_its_opening() {
        let td = "2026年8月7日\n各位\n会社名 株式会社X\n(コード番号:9999 東証グロース)\n特別損失の計上に関するお知らせ";
        assert_eq!(guess_source_type(td), SourceType::TimelyDisclosure);
        let news =
            "2026年8月22日\n【地域ニュース】A局、また誤送信\nA局は21日、流出したと発表した。";
        assert_eq!(guess_source_type(news), SourceType::News);
        let blog = "2026年7月2日\n情報漏えいウォッチ(個人ブログ)\n6月のまとめ";
        assert_eq!(guess_source_type(blog), SourceType::Blog);
        let city = "2026年9月9日\nなぎさ市\n個人番号を含む書類の紛失について";
        assert_eq!(guess_source_type(city), SourceType::Regulator);
        let firm = "2026年6月5日\n株式会社ハーバー損保サービス\nメールの誤送信について";
        assert_eq!(guess_source_type(firm), SourceType::PressRelease);
        let second = "2025年5月20日\n株式会社X\n【第2報】不正アクセスについて";
        assert_eq!(guess_source_type(second), SourceType::PressRelease);
        // A post that quotes a notice's apology is still a post.
        let post = "A社でまた漏えい\n\nA社は「ご迷惑をおかけし、深くお詫び申し上げます」としていますが、今年2回目ですね。";
        assert_eq!(guess_source_type(post), SourceType::Blog);
    }
}

#[cfg(test)]
mod dateline_tests {
    use super::dateline;

    #[test]
    fn reads_the_date_at_the_top() {
        assert_eq!(
            dateline("令和７年４月１０日\n株式会社X"),
            "2025-04-10".parse().ok()
        );
        assert_eq!(
            dateline("お知らせ\n2024/12/03\n本文"),
            "2024-12-03".parse().ok()
        );
        assert_eq!(dateline("本文だけで日付なし。4月10日に発生。"), None);
    }
}
