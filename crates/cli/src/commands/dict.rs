//! `leakwatch dict`: build or check the morphological dictionary.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// Dictionary commands.
#[derive(Debug, Subcommand)]
pub enum Dict {
    /// Compile IPADIC from Debian's mecab-ipadic sources (once; later runs load it).
    Build {
        /// Where to put it (default: $LEAKWATCH_DICT or the user data dir).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rebuild even if present.
        #[arg(long)]
        force: bool,
    },
    /// Print where the dictionary is and whether it loads.
    Status {
        /// The dictionary folder.
        #[arg(long)]
        dict: Option<PathBuf>,
    },
}

impl Dict {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        match self {
            Dict::Build { out, force } => {
                let dir = crate::analyzer::dict_dir(out.as_deref());
                if force && dir.exists() {
                    std::fs::remove_dir_all(&dir)?;
                }
                let t = std::time::Instant::now();
                crate::analyzer::ensure_built(&dir)?;
                leakwatch_morph::Morph::load(&dir)?;
                println!(
                    "dictionary ready at {} ({:.1} s)",
                    dir.display(),
                    t.elapsed().as_secs_f64()
                );
                Ok(ExitCode::SUCCESS)
            }
            Dict::Status { dict } => {
                let dir = crate::analyzer::dict_dir(dict.as_deref());
                let built = leakwatch_morph::is_built(&dir);
                println!(
                    "dictionary: {} ({})",
                    dir.display(),
                    if built { "built" } else { "not built" }
                );
                println!("sources: {}", crate::analyzer::source_dir().display());
                Ok(if built {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                })
            }
        }
    }
}
