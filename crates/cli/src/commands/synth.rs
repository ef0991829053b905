//! `leakwatch synth`: write generated disclosure documents, for load tests.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use leakwatch_ingest::synth::Corpus;

/// Write generated (fictional) disclosure documents into a folder.
#[derive(Debug, Args)]
pub struct Synth {
    /// How many documents.
    #[arg(long, default_value_t = 1000)]
    pub count: usize,
    /// The folder to write them into (created if needed).
    #[arg(long)]
    pub out: PathBuf,
    /// The generator's seed: the same seed writes the same documents.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl Synth {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        std::fs::create_dir_all(&self.out)
            .with_context(|| format!("creating {}", self.out.display()))?;
        for doc in Corpus::new(self.seed).take(self.count) {
            let path = self.out.join(&doc.name);
            std::fs::write(&path, &doc.text)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        eprintln!("wrote {} document(s) to {}", self.count, self.out.display());
        Ok(ExitCode::SUCCESS)
    }
}
