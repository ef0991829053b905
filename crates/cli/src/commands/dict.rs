//! `leakwatch dict`: build or check the morphological dictionary.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// Dictionary commands.
#[derive(Debug, Subcommand)]
pub enum Dict {
    /// Compile IPADIC from Debian's mecab-ipadic sources (once; later runs load it).
    Build {
        /// Where to put it (default: analyzer.dictionary, $LEAKWATCH_DICT or --dict).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rebuild even if present.
        #[arg(long)]
        force: bool,
    },
    /// Print where the dictionary is and whether it loads.
    Status,
}

impl Dict {
    pub fn run(self, ctx: &crate::ctx::Ctx) -> anyhow::Result<ExitCode> {
        match self {
            Dict::Build { out, force } => {
                let dir = out.unwrap_or_else(|| ctx.dictionary_dir().to_owned());
                if force && dir.exists() {
                    std::fs::remove_dir_all(&dir)?;
                }
                let t = std::time::Instant::now();
                ctx.ensure_dictionary(&dir)?;
                leakwatch_morph::Morph::load(&dir)?;
                println!(
                    "dictionary ready at {} ({:.1} s)",
                    dir.display(),
                    t.elapsed().as_secs_f64()
                );
                Ok(ExitCode::SUCCESS)
            }
            Dict::Status => {
                let dir = ctx.dictionary_dir();
                let built = leakwatch_morph::is_built(dir);
                println!(
                    "dictionary: {} ({})",
                    dir.display(),
                    if built { "built" } else { "not built" }
                );
                println!("sources: {}", ctx.config().analyzer.sources.display());
                Ok(if built {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                })
            }
        }
    }
}
