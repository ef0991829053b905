//! Extracts every `.txt` under the folders given, `LEAKWATCH_PASSES` times (default 1),
//! with the analyzer (built into DICT from Debian's mecab-ipadic when missing), and prints bytes and incidents: a fixed workload for
//! `valgrind --tool=callgrind --toggle-collect='leakwatch_extract::extract_bytes*'`,
//! whose instruction counts do not depend on what else the machine runs.
//!
//! ```sh
//! cargo run --release -p leakwatch-morph --example extract_corpus -- DICT testdata/gold
//! ```

use std::path::Path;

use leakwatch_extract::{Analyzer, Options, extract_bytes};
use leakwatch_morph::{DEBIAN_IPADIC, Morph, build_dictionary};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dict = args.next().ok_or("usage: extract_corpus DICT DIR...")?;
    if !Path::new(&dict).exists() {
        build_dictionary(Path::new(DEBIAN_IPADIC), Path::new(&dict))?;
    }
    let morph = Morph::load(Path::new(&dict))?;
    let analyzer: &dyn Analyzer = &morph;
    let mut docs = Vec::new();
    for dir in args {
        for e in std::fs::read_dir(&dir)? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "txt") {
                docs.push(std::fs::read(p)?);
            }
        }
    }
    let passes: usize = std::env::var("LEAKWATCH_PASSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let opts = Options::new("2024-06-01".parse()?);
    let (mut bytes, mut incidents) = (0, 0);
    for _ in 0..passes {
        for d in &docs {
            bytes += d.len();
            incidents +=
                extract_bytes(d, &opts, Some(analyzer)).map_or(0, |(o, _)| o.incidents.len());
        }
    }
    println!("{bytes} bytes, {incidents} incidents");
    Ok(())
}
