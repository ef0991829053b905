//! The seam to a morphological analyzer.
//!
//! Extraction and the search index use an analyzer but do no IO, so they
//! cannot load a dictionary themselves: a caller that has one (the
//! `leakwatch-morph` crate wraps lindera over IPADIC) passes it in. Both work
//! without one: extraction with character-class rules alone, the index with
//! words split on spaces and punctuation.

/// A coarse part of speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A proper noun tagged as an organisation (名詞,固有名詞,組織).
    Organization,
    /// A place name (名詞,固有名詞,地域).
    Place,
    /// A person's name (名詞,固有名詞,人名).
    Person,
    /// Any other noun.
    Noun,
    /// A noun suffix (名詞,接尾).
    Suffix,
    /// A particle (助詞).
    Particle,
    /// A verb or auxiliary verb.
    Verb,
    /// An adjective.
    Adjective,
    /// Symbols and everything else.
    Other,
}

/// One morpheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Morpheme {
    /// Byte range in the analysed text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// Its part of speech.
    pub pos: Pos,
    /// Whether the dictionary knows the word (false for unknown-word guesses).
    pub known: bool,
}

/// A morphological analyzer.
pub trait Analyzer: Send + Sync + std::fmt::Debug {
    /// The morphemes of `text`, in order.
    fn morphemes(&self, text: &str) -> Vec<Morpheme>;

    /// What it is (`ipadic`): an index built with one analyzer is rebuilt for another.
    fn name(&self) -> &str;
}
