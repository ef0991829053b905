//! `leakwatch`: watch Japanese information-leak disclosures and turn them into incidents.
//!
//! The only `main` of the project: it parses the command line, sets up logging,
//! loads the morphological dictionary where a command needs it, and runs one
//! subcommand. Each subcommand is a struct in `commands/` with `fn run(self)`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;
mod config;
mod ctx;
mod watch_config;

/// Watch Japanese information-leak disclosures and turn them into structured incidents.
#[derive(Debug, Parser)]
#[command(name = "leakwatch", version, about, propagate_version = true)]
struct Cli {
    /// The configuration file (default: leakwatch/leakwatch.toml in the user config dir,
    /// or $LEAKWATCH_CONFIG).
    #[arg(long, global = true)]
    config: Option<std::path::PathBuf>,
    /// The store: a SQLite file path or a postgres:// URL (store.url; $LEAKWATCH_DB).
    #[arg(long, global = true)]
    db: Option<String>,
    /// The search index folder (store.index; $LEAKWATCH_INDEX; default beside the SQLite file).
    #[arg(long, global = true)]
    index: Option<std::path::PathBuf>,
    /// The compiled dictionary folder (analyzer.dictionary; $LEAKWATCH_DICT).
    #[arg(long, global = true)]
    dict: Option<std::path::PathBuf>,
    /// Do not use the morphological analyzer (analyzer.enabled = false).
    #[arg(long, global = true)]
    no_morph: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract incidents from one disclosure text and print them as JSON.
    Extract(commands::extract::Extract),
    /// Score the extractor against a gold folder (shared/eval/FORMAT.md).
    Eval(commands::eval::Eval),
    /// Score document linking and flags against incident histories (testdata/histories).
    Histories(commands::histories::Histories),
    /// Manage the morphological dictionary (IPADIC from Debian's mecab-ipadic).
    #[command(subcommand)]
    Dict(commands::dict::Dict),
    /// Read files and folders (txt, md, html, pdf), extract and store them.
    Ingest(commands::ingest::Ingest),
    /// List stored incidents.
    Incidents(commands::incidents::Incidents),
    /// Show one incident with its evidence, documents and timeline.
    Show(commands::show::Show),
    /// Show an organisation, its group and the group's incidents.
    Org(commands::org::Org),
    /// Manage organisations.
    #[command(subcommand)]
    Orgs(commands::org::Orgs),
    /// Export incidents (JSON Lines or CSV).
    Export(commands::export::Export),
    /// Start the demo: a fresh store with the sample documents, the web app on loopback.
    Demo(commands::demo::Demo),
    /// Serve the store over HTTP: dashboard, search, API, feed.
    Serve(commands::serve::Serve),
    /// Judge every incident's flags again (new thresholds; windows closed since).
    Judge(commands::judge::Judge),
    /// Rebuild the search index from the store.
    Reindex(commands::reindex::Reindex),
    /// Row counts of the store and a consistency check, or (--by) incidents counted by cause, month, data, org or group.
    Stats(commands::stats::Stats),
    /// The monthly report (Markdown, or HTML with charts).
    Report(commands::report::Report),
    /// Write generated (fictional) disclosure documents, for load tests.
    Synth(commands::synth::Synth),
    /// Print the configuration in effect and where each value came from.
    Config(commands::config::ShowConfig),
    /// Say whether a text is about an information leak (the filter `watch` uses).
    Classify(commands::classify::Classify),
    /// Watch the configured sources: feeds, lists, pages and PDFs (`--once`: each once).
    Watch(commands::watch::Watch),
    /// Each watched source's last success, last error, items seen and stored.
    Sources(commands::sources::Sources),
    /// List stored documents (location, title, published, source, incidents).
    Documents(commands::documents::Documents),
}

impl Command {
    /// The values this command's own flags set, merged over file and environment.
    fn overrides(&self, o: &mut config::Overrides) {
        match self {
            Command::Serve(c) => c.overrides(o),
            Command::Demo(c) => c.overrides(o),
            Command::Ingest(c) => c.overrides(o),
            _ => {}
        }
    }

    fn run(self, ctx: &ctx::Ctx) -> anyhow::Result<ExitCode> {
        match self {
            Command::Extract(c) => c.run(ctx),
            Command::Eval(c) => c.run(ctx),
            Command::Histories(c) => c.run(ctx),
            Command::Dict(c) => c.run(ctx),
            Command::Ingest(c) => c.run(ctx),
            Command::Incidents(c) => c.run(ctx),
            Command::Show(c) => c.run(ctx),
            Command::Org(c) => c.run(ctx),
            Command::Orgs(c) => c.run(ctx),
            Command::Export(c) => c.run(ctx),
            Command::Serve(c) => c.run(ctx),
            Command::Reindex(c) => c.run(ctx),
            Command::Judge(c) => c.run(ctx),
            Command::Demo(c) => c.run(ctx),
            Command::Stats(c) => c.run(ctx),
            Command::Report(c) => c.run(ctx),
            Command::Synth(c) => c.run(),
            Command::Config(c) => c.run(ctx),
            Command::Classify(c) => c.run(),
            Command::Watch(c) => c.run(ctx),
            Command::Sources(c) => c.run(ctx),
            Command::Documents(c) => c.run(ctx),
        }
    }
}

/// The layered configuration for this command line.
fn load_config(cli: &Cli) -> anyhow::Result<ctx::Ctx> {
    let mut o = config::Overrides {
        config_file: cli.config.clone(),
        ..config::Overrides::default()
    };
    o.set("store.url", cli.db.clone());
    o.set(
        "store.index",
        cli.index.as_ref().map(|p| p.display().to_string()),
    );
    o.set(
        "analyzer.dictionary",
        cli.dict.as_ref().map(|p| p.display().to_string()),
    );
    o.set("analyzer.enabled", cli.no_morph.then_some(false));
    cli.command.overrides(&mut o);
    Ok(ctx::Ctx {
        loaded: config::load(&o)?,
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `watch` runs unattended: its progress is worth logging by default.
    let default_filter = match cli.command {
        Command::Watch(_) => "info",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LEAKWATCH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = load_config(&cli).and_then(|ctx| cli.command.run(&ctx));
    match result {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("leakwatch: {}", error_chain(&e));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each said once: an error whose own
/// message already quotes its cause (`database error: connection refused`) is
/// not followed by the cause again.
fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if out.contains(&s) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&s);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cause_quoted_by_its_error_is_said_once() {
        let io = std::io::Error::other("connection refused");
        let e = anyhow::Error::new(io).context("database error: connection refused");
        let e = e.context("opening the store at x.db");
        assert_eq!(
            super::error_chain(&e),
            "opening the store at x.db: database error: connection refused"
        );
    }
}
