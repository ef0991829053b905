//! One module per subcommand.

pub mod config;
pub mod demo;
pub mod dict;
pub mod eval;
pub mod export;
pub mod extract;
pub mod incidents;
pub mod ingest;
pub mod org;
pub mod reindex;
pub mod serve;
pub mod show;
pub mod stats;
pub mod synth;
