//! Japanese morphological analysis for leakwatch: lindera over IPADIC.
//!
//! The dictionary comes from Debian's `mecab-ipadic` package (EUC-JP CSV and
//! definition files under `/usr/share/mecab/dic/ipadic`): [`build_dictionary`]
//! compiles it into lindera's format once (about 3 s, 46 MB), and [`Morph::load`]
//! maps it in (milliseconds). No build script downloads anything.
//!
//! ```no_run
//! use leakwatch_morph::{Morph, build_dictionary, DEBIAN_IPADIC};
//! let out = std::path::Path::new("/tmp/leakwatch-ipadic");
//! build_dictionary(std::path::Path::new(DEBIAN_IPADIC), out).unwrap();
//! let morph = Morph::load(out).unwrap();
//! let words: Vec<String> = morph.tokens("日東電工の子会社").into_iter().map(|t| t.surface).collect();
//! assert_eq!(words, ["日東電工", "の", "子会社"]);
//! ```

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use leakwatch_text::{Analyzer, Morpheme, Pos};
use lindera::dictionary::{DictionaryBuilder, Metadata, load_fs_dictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

/// Where Debian's `mecab-ipadic` puts the dictionary sources.
pub const DEBIAN_IPADIC: &str = "/usr/share/mecab/dic/ipadic";

/// lindera's description of IPADIC's CSV columns, reading Debian's EUC-JP files.
const IPADIC_METADATA: &str = r#"{
  "name": "ipadic",
  "encoding": "EUC-JP",
  "default_word_cost": -10000,
  "default_left_context_id": 0,
  "default_right_context_id": 0,
  "default_field_value": "*",
  "flexible_csv": true,
  "skip_invalid_cost_or_id": false,
  "normalize_details": true,
  "dictionary_schema": {
    "fields": ["surface", "left_context_id", "right_context_id", "cost", "part_of_speech",
      "part_of_speech_subcategory_1", "part_of_speech_subcategory_2", "part_of_speech_subcategory_3",
      "conjugation_form", "conjugation_type", "base_form", "reading", "pronunciation"]
  },
  "user_dictionary_schema": { "fields": ["surface", "part_of_speech", "reading"] }
}"#;

/// Why the dictionary could not be built or loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The IPADIC sources are not there.
    #[error("no IPADIC sources at {0} (install Debian's mecab-ipadic package)")]
    NoSources(PathBuf),
    /// lindera failed.
    #[error("dictionary {what} failed at {path}: {message}")]
    Lindera {
        /// `build` or `load`.
        what: &'static str,
        /// The directory.
        path: PathBuf,
        /// lindera's message.
        message: String,
    },
    /// A file operation failed.
    #[error("cannot write the dictionary at {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Whether a built dictionary is present at `dir`.
pub fn is_built(dir: &Path) -> bool {
    dir.join("metadata.json").is_file()
        && dir.join("dict.words").is_file()
        && dir.join("matrix.mtx").is_file()
}

/// Compiles IPADIC from `source` (Debian's EUC-JP files) into `out`.
///
/// Builds into a temporary sibling folder and renames it into place, so that a
/// crash or a concurrent build never leaves a half-written dictionary.
pub fn build_dictionary(source: &Path, out: &Path) -> Result<(), Error> {
    if !source.join("matrix.def").is_file() {
        return Err(Error::NoSources(source.to_owned()));
    }
    let parent = out.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::Io {
        path: parent.to_owned(),
        source: e,
    })?;
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    let lindera_err = |what, path: &Path, e: lindera::error::LinderaError| Error::Lindera {
        what,
        path: path.to_owned(),
        message: e.to_string(),
    };
    let metadata =
        Metadata::load(IPADIC_METADATA.as_bytes()).map_err(|e| lindera_err("build", source, e))?;
    DictionaryBuilder::new(metadata)
        .build_dictionary(source, &tmp)
        .map_err(|e| lindera_err("build", source, e))?;
    match std::fs::rename(&tmp, out) {
        Ok(()) => Ok(()),
        // Someone else finished first: theirs is as good as ours.
        Err(_) if is_built(out) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(())
        }
        Err(e) => Err(Error::Io {
            path: out.to_owned(),
            source: e,
        }),
    }
}

/// A token with its IPADIC features, for indexing and display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The text.
    pub surface: String,
    /// Byte range in the analysed text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// Part of speech and subcategories (`名詞`, `固有名詞`, `組織`).
    pub pos: Vec<String>,
    /// Base form, where the dictionary knows it.
    pub base: Option<String>,
    /// Unknown word (a guess from character classes).
    pub unknown: bool,
}

/// A loaded analyzer.
pub struct Morph {
    segmenter: Segmenter,
}

impl std::fmt::Debug for Morph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Morph").finish_non_exhaustive()
    }
}

impl Morph {
    /// Loads a dictionary built by [`build_dictionary`].
    pub fn load(dir: &Path) -> Result<Self, Error> {
        let dictionary = load_fs_dictionary(dir).map_err(|e| Error::Lindera {
            what: "load",
            path: dir.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Morph {
            segmenter: Segmenter::new(Mode::Normal, dictionary, None),
        })
    }

    /// Tokens of `text` with their features.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let Ok(tokens) = self.segmenter.segment(Cow::Borrowed(text)) else {
            return Vec::new();
        };
        tokens
            .into_iter()
            .map(|mut t| {
                let unknown = t.word_id.is_unknown();
                let details: Vec<String> = t.details().into_iter().map(str::to_owned).collect();
                let pos: Vec<String> = details
                    .iter()
                    .take(4)
                    .filter(|d| *d != "*")
                    .cloned()
                    .collect();
                let base = details.get(6).filter(|b| *b != "*").cloned();
                Token {
                    surface: t.surface.to_string(),
                    start: t.byte_start,
                    end: t.byte_end,
                    pos,
                    base,
                    unknown,
                }
            })
            .collect()
    }
}

fn coarse(pos: &[String]) -> Pos {
    let get = |i: usize| pos.get(i).map(String::as_str).unwrap_or("");
    match (get(0), get(1), get(2)) {
        ("名詞", "固有名詞", "組織") => Pos::Organization,
        ("名詞", "固有名詞", "地域") => Pos::Place,
        ("名詞", "固有名詞", "人名") => Pos::Person,
        ("名詞", "接尾", _) => Pos::Suffix,
        ("名詞", _, _) => Pos::Noun,
        ("助詞", _, _) => Pos::Particle,
        ("動詞" | "助動詞", _, _) => Pos::Verb,
        ("形容詞", _, _) => Pos::Adjective,
        _ => Pos::Other,
    }
}

impl Analyzer for Morph {
    fn morphemes(&self, text: &str) -> Vec<Morpheme> {
        self.tokens(text)
            .into_iter()
            .map(|t| Morpheme {
                start: t.start,
                end: t.end,
                pos: coarse(&t.pos),
                known: !t.unknown,
            })
            .collect()
    }

    fn name(&self) -> &str {
        "ipadic"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds the dictionary once per test process into a temp dir, if Debian's sources are installed.
    fn morph() -> Option<Morph> {
        static DIR: std::sync::OnceLock<Option<tempfile::TempDir>> = std::sync::OnceLock::new();
        let dir = DIR.get_or_init(|| {
            let source = Path::new(DEBIAN_IPADIC);
            if !source.join("matrix.def").is_file() {
                eprintln!(
                    "FIXME: mecab-ipadic not installed; morphology tests check only the error path"
                );
                return None;
            }
            let dir = tempfile::tempdir().ok()?;
            build_dictionary(source, &dir.path().join("ipadic")).ok()?;
            Some(dir)
        });
        dir.as_ref()
            .map(|d| Morph::load(&d.path().join("ipadic")).expect("built dictionary loads"))
    }

    #[test]
    fn segments_and_tags_organisations() {
        let Some(m) = morph() else {
            assert!(matches!(
                build_dictionary(Path::new("/nonexistent"), Path::new("/tmp/x")),
                Err(Error::NoSources(_))
            ));
            return;
        };
        let toks = m.tokens("日東電工の連結子会社");
        assert_eq!(toks[0].surface, "日東電工");
        assert_eq!(coarse(&toks[0].pos), Pos::Organization);
        let ms = m.morphemes("システム");
        assert_eq!(ms.len(), 1);
        assert!(ms[0].known);
        let ms = m.morphemes("ニトムズ");
        assert!(ms.iter().any(|x| !x.known));
    }

    #[test]
    fn missing_sources_are_a_clear_error() {
        let err = build_dictionary(Path::new("/nonexistent/ipadic"), Path::new("/tmp/never"))
            .unwrap_err();
        assert!(err.to_string().contains("mecab-ipadic"));
    }
}
