//! Finding, building and loading the morphological dictionary.

use std::path::{Path, PathBuf};

use anyhow::Context;
use leakwatch_morph::{DEBIAN_IPADIC, Morph, build_dictionary};

/// Where the compiled dictionary lives: `$LEAKWATCH_DICT`, else the user's data directory.
pub fn dict_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_owned();
    }
    if let Some(p) = std::env::var_os("LEAKWATCH_DICT") {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("leakwatch")
        .join("ipadic-2.7.0")
}

/// The IPADIC sources: `$LEAKWATCH_IPADIC_SRC`, else Debian's location.
pub fn source_dir() -> PathBuf {
    std::env::var_os("LEAKWATCH_IPADIC_SRC")
        .map_or_else(|| PathBuf::from(DEBIAN_IPADIC), PathBuf::from)
}

/// Builds the dictionary at `dir` if it is not there yet.
pub fn ensure_built(dir: &Path) -> anyhow::Result<()> {
    if leakwatch_morph::is_built(dir) {
        return Ok(());
    }
    let src = source_dir();
    eprintln!(
        "leakwatch: building the IPADIC dictionary from {} into {} (once)",
        src.display(),
        dir.display()
    );
    build_dictionary(&src, dir)
        .with_context(|| format!("building the dictionary into {}", dir.display()))
}

/// Loads the analyzer, building the dictionary on first use; `None` (with a
/// warning) when it cannot be had, so that extraction still works.
pub fn load(explicit: Option<&Path>, disabled: bool) -> Option<Morph> {
    if disabled {
        return None;
    }
    let dir = dict_dir(explicit);
    let loaded = ensure_built(&dir).and_then(|()| Morph::load(&dir).map_err(anyhow::Error::from));
    match loaded {
        Ok(m) => Some(m),
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "morphological analysis off; extracting with character rules only");
            None
        }
    }
}
