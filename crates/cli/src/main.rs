//! `leakwatch`: watch Japanese information-leak disclosures and turn them into incidents.
//!
//! The only `main` of the project: it parses the command line, sets up logging,
//! loads the morphological dictionary where a command needs it, and runs one
//! subcommand. Each subcommand is a struct in `commands/` with `fn run(self)`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod analyzer;
mod commands;

/// Watch Japanese information-leak disclosures and turn them into structured incidents.
#[derive(Debug, Parser)]
#[command(name = "leakwatch", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract incidents from one disclosure text and print them as JSON.
    Extract(commands::extract::Extract),
    /// Score the extractor against a gold folder (shared/eval/FORMAT.md).
    Eval(commands::eval::Eval),
    /// Manage the morphological dictionary (IPADIC from Debian's mecab-ipadic).
    #[command(subcommand)]
    Dict(commands::dict::Dict),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LEAKWATCH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(c) => c.run(),
        Command::Eval(c) => c.run(),
        Command::Dict(c) => c.run(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("leakwatch: {e:#}");
            ExitCode::FAILURE
        }
    }
}
