//! The two analyzers of the index: IPADIC morphemes (precise: `不正アクセス` is
//! `不正`+`アクセス`) and character bigrams (any substring of two characters or
//! more: a partial organisation name, a word the dictionary splits oddly).
//!
//! Both see text that was NFKC-normalised and lower-cased by [`normalize`], so
//! their offsets point into the stored text, which snippets are cut from.

use std::sync::Arc;

use leakwatch_text::Analyzer;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// The name the morpheme analyzer is registered under.
pub const JA: &str = "lw_ja";
/// The name the bigram analyzer is registered under.
pub const BIGRAM: &str = "lw_bigram";

/// NFKC, then lower case: what is indexed and what is searched for.
pub fn normalize(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// Characters that separate words and are never indexed.
fn is_break(c: char) -> bool {
    c.is_whitespace() || c.is_control() || (c.is_ascii_punctuation() && c != '_') || {
        let u = c as u32;
        // CJK symbols and punctuation, full-width forms' punctuation, general punctuation.
        (0x3000..=0x303F).contains(&u)
            || (0x2000..=0x206F).contains(&u)
            || (0x25A0..=0x25FF).contains(&u)
            || c == '・'
    }
}

/// Whether `s` is only separators (spaces, punctuation): never indexed.
pub fn is_separator(s: &str) -> bool {
    s.chars().all(is_break)
}

/// Overlapping two-character tokens of each run of word characters; a token's
/// position is the index of its first character, so a phrase of a query's
/// bigrams at consecutive positions is exactly a substring match. Tokens are
/// made as the stream advances, into one reused buffer: snippets tokenize every
/// shown document, so this is on the search path.
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer {
    token: Token,
}

/// The bigrams of one text, made lazily.
#[derive(Debug)]
pub struct BigramStream<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    position: usize,
    token: &'a mut Token,
}

impl TokenStream for BigramStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((a, ca)) = self.chars.next() {
            let position = self.position;
            self.position += 1;
            let Some(&(b, cb)) = self.chars.peek() else {
                return false;
            };
            if is_break(ca) || is_break(cb) {
                continue;
            }
            let end = b + cb.len_utf8();
            self.token.offset_from = a;
            self.token.offset_to = end;
            self.token.position = position;
            self.token.position_length = 1;
            self.token.text.clear();
            self.token.text.push_str(&self.text[a..end]);
            return true;
        }
        false
    }
    fn token(&self) -> &Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Bigrams of `text` (see [`BigramTokenizer`]).
pub fn bigrams(text: &str) -> Vec<Token> {
    let mut tk = BigramTokenizer::default();
    let mut stream = tk.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream<'a> {
        self.token.reset();
        BigramStream {
            text,
            chars: text.char_indices().peekable(),
            position: 0,
            token: &mut self.token,
        }
    }
}

/// The tokens of one text, made eagerly (morphemes come from the analyzer as a list).
#[derive(Debug)]
pub struct VecTokenStream<'a> {
    tokens: Vec<Token>,
    at: usize,
    current: &'a mut Token,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.at >= self.tokens.len() {
            return false;
        }
        *self.current = std::mem::take(&mut self.tokens[self.at]);
        self.at += 1;
        true
    }
    fn token(&self) -> &Token {
        self.current
    }
    fn token_mut(&mut self) -> &mut Token {
        self.current
    }
}

/// IPADIC morphemes, punctuation and spaces left out.
#[derive(Debug, Clone)]
pub struct MorphTokenizer {
    morph: Arc<dyn Analyzer>,
    token: Token,
}

impl MorphTokenizer {
    /// A tokenizer over a loaded analyzer.
    pub fn new(morph: Arc<dyn Analyzer>) -> Self {
        MorphTokenizer {
            morph,
            token: Token::default(),
        }
    }
}

/// Morphemes of `text` (see [`MorphTokenizer`]).
pub fn morphemes(morph: &dyn Analyzer, text: &str) -> Vec<Token> {
    morph
        .morphemes(text)
        .into_iter()
        .filter_map(|m| Some((m, text.get(m.start..m.end)?)))
        .filter(|(_, surface)| !surface.chars().all(is_break))
        .enumerate()
        .map(|(position, (m, surface))| Token {
            offset_from: m.start,
            offset_to: m.end,
            position,
            text: surface.to_owned(),
            position_length: 1,
        })
        .collect()
}

impl Tokenizer for MorphTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.token.reset();
        VecTokenStream {
            tokens: morphemes(self.morph.as_ref(), text),
            at: 0,
            current: &mut self.token,
        }
    }
}

/// Words split on spaces and punctuation: the stand-in for morphemes when no
/// dictionary could be loaded (an index records which one it was built with).
#[derive(Debug, Clone, Default)]
pub struct PlainTokenizer {
    token: Token,
}

impl Tokenizer for PlainTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.token.reset();
        let mut tokens = Vec::new();
        let mut start: Option<usize> = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (start, is_break(c)) {
                (None, false) => start = Some(i),
                (Some(s), true) => {
                    tokens.push(Token {
                        offset_from: s,
                        offset_to: i,
                        position: tokens.len(),
                        text: text[s..i].to_owned(),
                        position_length: 1,
                    });
                    start = None;
                }
                _ => {}
            }
        }
        VecTokenStream {
            tokens,
            at: 0,
            current: &mut self.token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_are_positioned_by_character_and_skip_breaks() {
        let t = bigrams("bcc送信、誤り");
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["bc", "cc", "c送", "送信", "誤り"]);
        assert_eq!(t[4].position, 6);
        assert_eq!(&"bcc送信、誤り"[t[3].offset_from..t[3].offset_to], "送信");
    }

    #[test]
    fn normalize_folds_width_and_case() {
        assert_eq!(normalize("ＢＣＣ　ｶｰﾄﾞ"), "bcc カード");
    }

    #[test]
    fn plain_words() {
        let mut tk = PlainTokenizer::default();
        let mut s = tk.token_stream("誤送信 bcc、漏えい");
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        assert_eq!(out, ["誤送信", "bcc", "漏えい"]);
    }
}
