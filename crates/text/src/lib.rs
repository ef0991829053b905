//! Japanese-text primitives that every stage shares, pure and small.
//!
//! - [`norm_key`]: the form organisation names are compared in, so that the
//!   extractor, the store and the search index agree that 株式会社ニトムズ,
//!   (株)ニトムズ and ニトムズ are one organisation;
//! - [`is_anaphor`]: words that point at an organisation named elsewhere
//!   (`同社`, `当社`, `同委員会`), never names themselves;
//! - [`Analyzer`]: the seam to a morphological analyzer. The stages that use
//!   one (extraction, the search index) see this trait; only `leakwatch-morph`
//!   knows the implementation (lindera over IPADIC).
//!
//! ```
//! use leakwatch_text::{is_anaphor, norm_key};
//! assert_eq!(norm_key("株式会社ニトムズ"), norm_key("(株)ニトムズ"));
//! assert_eq!(norm_key("野村證券"), norm_key("野村証券"));
//! assert!(is_anaphor("同社") && !is_anaphor("日東電工"));
//! ```

mod analyzer;
mod names;

pub use crate::analyzer::{Analyzer, Morpheme, Pos};
pub use crate::names::{ANAPHOR_BODIES, bare_name, is_anaphor, norm_key};
