//! The seam to a morphological analyzer (defined in `leakwatch-text`, where
//! every stage that uses one sees it).
//!
//! `extract` does no IO, so it cannot load a dictionary itself: a caller that
//! has one passes it in. Extraction works without one, with character-class
//! rules alone; with one, organisation candidates are checked against the
//! dictionary's parts of speech.

pub use leakwatch_text::{Analyzer, Morpheme, Pos};
