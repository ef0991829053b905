//! `leakwatch classify`: is a text about an information leak? The relevance
//! filter `watch` runs before extraction, on one text or on JSON Lines.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use leakwatch_extract::DEFAULT_MAX_BYTES;
use serde::{Deserialize, Serialize};

use super::extract::read_input;

/// Say whether a text is about an information leak, with its score and reasons.
#[derive(Debug, Args)]
pub struct Classify {
    /// The text to read (its first line is the title), or `-` for standard input.
    #[arg(required_unless_present_any = ["jsonl", "train"], conflicts_with_all = ["jsonl", "train"])]
    pub file: Option<String>,
    /// Print JSON: relevant, score, threshold and reasons.
    #[arg(long)]
    pub json: bool,
    /// Read JSON Lines `{"id","title","text"}` from FILE (`-`: standard input)
    /// and print a line `{"id","relevant","score"}` for each.
    #[arg(long, value_name = "FILE", conflicts_with = "train")]
    pub jsonl: Option<String>,
    /// Train the model from labelled sets (`--from`, JSON Lines with `relevant`
    /// or `label<TAB>kind<TAB>title<TAB>opening`) and write it to OUT
    /// (crates/relevance/vocab/model.tsv is the shipped one).
    #[arg(long, value_name = "OUT", requires = "from")]
    pub train: Option<std::path::PathBuf>,
    /// A labelled set to train on (repeatable).
    #[arg(long, value_name = "SET")]
    pub from: Vec<std::path::PathBuf>,
}

/// The regularisation and the iterations the shipped model is trained with.
const TRAIN_C: f64 = 10.0;
const TRAIN_ITERATIONS: usize = 600;

#[derive(Debug, Deserialize)]
struct Line {
    #[serde(default)]
    id: serde_json::Value,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
}

#[derive(Debug, Serialize)]
struct Out<'a> {
    id: &'a serde_json::Value,
    relevant: bool,
    score: i32,
}

impl Classify {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        if let Some(dest) = &self.train {
            let mut examples = Vec::new();
            for set in &self.from {
                let text = std::fs::read_to_string(set)
                    .with_context(|| format!("reading {}", set.display()))?;
                let mut e = leakwatch_relevance::model::parse_examples(&text)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", set.display()))?;
                eprintln!("{}: {} examples", set.display(), e.len());
                examples.append(&mut e);
            }
            anyhow::ensure!(!examples.is_empty(), "no labelled examples to train on");
            let started = std::time::Instant::now();
            let model = leakwatch_relevance::model::train(&examples, TRAIN_C, TRAIN_ITERATIONS);
            std::fs::write(dest, model.to_tsv())
                .with_context(|| format!("writing {}", dest.display()))?;
            eprintln!(
                "trained on {} examples in {:.1} s: {} n-grams written to {}",
                examples.len(),
                started.elapsed().as_secs_f64(),
                model.len(),
                dest.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(path) = &self.jsonl {
            let reader: Box<dyn BufRead> = if path == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(std::io::BufReader::new(
                    std::fs::File::open(path).with_context(|| format!("opening {path}"))?,
                ))
            };
            for (n, line) in reader.lines().enumerate() {
                let line = line.with_context(|| format!("reading {path}"))?;
                if line.trim().is_empty() {
                    continue;
                }
                let item: Line = serde_json::from_str(&line).with_context(|| {
                    format!("{path}:{}: not a JSON object with title and text", n + 1)
                })?;
                let v = leakwatch_relevance::classify(&item.title, &item.text);
                serde_json::to_writer(
                    &mut out,
                    &Out {
                        id: &item.id,
                        relevant: v.relevant,
                        score: v.score,
                    },
                )?;
                writeln!(out)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        let file = self.file.as_deref().unwrap_or("-");
        let bytes = read_input(file, DEFAULT_MAX_BYTES)?;
        anyhow::ensure!(
            bytes.len() <= DEFAULT_MAX_BYTES,
            "{file} is larger than {DEFAULT_MAX_BYTES} bytes"
        );
        let text = leakwatch_extract::decode::decode(&bytes)
            .with_context(|| format!("reading {file}"))?
            .text;
        let title = leakwatch_ingest::plain_title(&text).unwrap_or_default();
        let v = leakwatch_relevance::classify(&title, &text);
        if self.json {
            let body = serde_json::json!({
                "relevant": v.relevant,
                "score": v.score,
                "threshold": leakwatch_relevance::THRESHOLD,
                "title": title,
                "phrase_score": v.phrase_score,
                "reasons": v.reasons,
                "features": v.features,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
        } else {
            let verdict = if v.relevant {
                "relevant"
            } else {
                "not relevant"
            };
            writeln!(
                out,
                "{verdict} (score {}, threshold {}; phrases {})",
                v.score,
                leakwatch_relevance::THRESHOLD,
                v.phrase_score
            )?;
            for f in &v.features {
                writeln!(out, "  {:+.2} n-gram {:?}", f.weight, f.gram)?;
            }
            for r in &v.reasons {
                let place = if r.in_title { " (title)" } else { "" };
                writeln!(out, "  {:+} {:?} {}{place}", r.weight, r.class, r.phrase)?;
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
