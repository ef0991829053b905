//! The seam to a morphological analyzer.
//!
//! `extract` does no IO, so it cannot load a dictionary itself: a caller that
//! has one (the `leakwatch-morph` crate wraps lindera over IPADIC) passes it in.
//! Extraction works without one, with character-class rules alone; with one,
//! organisation candidates are checked against the dictionary's parts of speech.

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
}
