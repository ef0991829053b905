//! One module per subcommand.

pub mod classify;
pub mod config;
pub mod demo;
pub mod dict;
pub mod documents;
pub mod eval;
pub mod export;
pub mod extract;
pub mod histories;
pub mod incidents;
pub mod ingest;
pub mod judge;
pub mod org;
pub mod reindex;
pub mod report;
pub mod serve;
pub mod show;
pub mod sources;
pub mod stats;
pub mod synth;
pub mod watch;
