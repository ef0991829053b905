//! The learned half of the filter: L2-regularised logistic regression over
//! character n-grams (1 to 3 characters) of the title and the opening, each
//! weighted by sublinear term frequency times inverse document frequency and
//! the vector scaled to unit length.
//!
//! Why n-grams and not only phrases: the hand-written vocabulary scored P 0.78
//! R 0.89 on `blind2.jsonl` and P 0.69 R 0.74 on `blind3.jsonl`, each on its
//! first run while unread; this model scored P 0.955 R 0.889 on blind2 trained
//! on the other four sets (leave one set out; `cargo bench -p
//! leakwatch-relevance`), and P 0.872 R 0.938 on blind3, never seen. Japanese
//! has no spaces, so character n-grams are the words: `流出`, `誤送`, `閲覧可`,
//! and also `人口流`, `ガスの`, `セミナ`, which tell the other senses apart.
//!
//! The model is data (`vocab/model.tsv`, written by [`Model::to_tsv`] from
//! [`train`]); `leakwatch classify --train` rebuilds it from labelled sets.

use std::collections::HashMap;
use std::fmt::Write as _;

/// The shortest n-gram.
const MIN_N: usize = 1;
/// The longest n-gram.
const MAX_N: usize = 3;
/// How much of the text under the title is read (characters).
pub const MODEL_OPENING_CHARS: usize = 400;

/// One labelled example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The title.
    pub title: String,
    /// The text under it.
    pub text: String,
    /// Whether it reports a leak.
    pub relevant: bool,
}

/// Labelled examples from a set's text: JSON Lines `{"title","text","relevant"}`
/// (the sets of `testdata/relevance`), or when no line is JSON, lines
/// `label<TAB>kind<TAB>title<TAB>opening` with label 1 or 0 (`#` lines are
/// comments). A line that is neither is an error naming it.
pub fn parse_examples(text: &str) -> Result<Vec<Example>, String> {
    #[derive(serde::Deserialize)]
    struct Line {
        #[serde(default)]
        title: String,
        #[serde(default)]
        text: String,
        relevant: bool,
    }
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.trim_start().starts_with('{') {
            let l: Line = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
            out.push(Example {
                title: l.title,
                text: l.text,
                relevant: l.relevant,
            });
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let relevant = match f.first() {
            Some(&"1") => true,
            Some(&"0") => false,
            _ => {
                return Err(format!(
                    "line {}: neither JSON nor label<TAB>kind<TAB>title<TAB>opening",
                    n + 1
                ));
            }
        };
        out.push(Example {
            title: f.get(2).copied().unwrap_or_default().to_owned(),
            text: f.get(3).copied().unwrap_or_default().to_owned(),
            relevant,
        });
    }
    Ok(out)
}

/// A trained model: per n-gram its document frequency and weight, and the bias.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    docs: u32,
    bias: f64,
    grams: HashMap<String, (u32, f64)>,
}

/// The text the model reads: title, a line break, the opening; NFKC and
/// lowercased as the phrases are, runs of white space as one space.
fn reading(title: &str, text: &str) -> Vec<char> {
    let opening: String = text.chars().take(MODEL_OPENING_CHARS).collect();
    let joined = format!("{}\n{}", crate::fold(title), crate::fold(&opening));
    let mut out = Vec::with_capacity(joined.len());
    let mut space = false;
    for c in joined.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Each n-gram of the reading with its count.
fn counts(title: &str, text: &str) -> HashMap<String, u32> {
    let chars = reading(title, text);
    let mut out: HashMap<String, u32> = HashMap::new();
    for n in MIN_N..=MAX_N {
        for w in chars.windows(n) {
            *out.entry(w.iter().collect()).or_default() += 1;
        }
    }
    out
}

/// Smoothed inverse document frequency.
fn idf(docs: u32, df: u32) -> f64 {
    ((1.0 + f64::from(docs)) / (1.0 + f64::from(df))).ln() + 1.0
}

/// The unit-length tf-idf vector of a text, as (n-gram, value); an n-gram the
/// model never saw counts in the length as if seen once, and has no weight.
fn vector(
    counts: &HashMap<String, u32>,
    docs: u32,
    df_of: impl Fn(&str) -> Option<u32>,
) -> Vec<(&str, f64)> {
    let mut v: Vec<(&str, f64)> = counts
        .iter()
        .map(|(g, &c)| {
            let df = df_of(g).unwrap_or(1);
            (g.as_str(), (1.0 + f64::from(c).ln()) * idf(docs, df))
        })
        .collect();
    let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, x) in &mut v {
            *x /= norm;
        }
    }
    v
}

fn escape(g: &str) -> String {
    let mut out = String::with_capacity(g.len());
    for c in g.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(g: &str) -> String {
    let mut out = String::with_capacity(g.len());
    let mut chars = g.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Model {
    /// The probability that the text reports a leak, and the n-grams that
    /// pushed it most either way (n-gram, contribution to the log-odds).
    pub fn probability(&self, title: &str, text: &str) -> (f64, Vec<(String, f64)>) {
        let counts = counts(title, text);
        let v = vector(&counts, self.docs, |g| self.grams.get(g).map(|x| x.0));
        let mut z = self.bias;
        let mut parts: Vec<(String, f64)> = Vec::new();
        for (g, x) in v {
            if let Some((_, w)) = self.grams.get(g) {
                z += w * x;
                parts.push((g.to_owned(), w * x));
            }
        }
        parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        parts.truncate(8);
        (sigmoid(z), parts)
    }

    /// Reads a model written by [`Model::to_tsv`]; `None` when it is malformed.
    pub fn parse(tsv: &str) -> Option<Model> {
        let mut m = Model::default();
        for line in tsv.lines() {
            if let Some(n) = line.strip_prefix("#docs\t") {
                m.docs = n.parse().ok()?;
                continue;
            }
            if let Some(b) = line.strip_prefix("#bias\t") {
                m.bias = b.parse().ok()?;
                continue;
            }
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut f = line.splitn(3, '\t');
            let (df, w, gram) = (f.next()?, f.next()?, f.next()?);
            m.grams
                .insert(unescape(gram), (df.parse().ok()?, w.parse().ok()?));
        }
        (m.docs > 0).then_some(m)
    }

    /// The model as text: `df<TAB>weight<TAB>n-gram` lines sorted by n-gram
    /// (a line break, a tab and a backslash in an n-gram written `\n`, `\t`, `\\`).
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "# The relevance model (crates/relevance/src/model.rs): df, weight, character n-gram.\n\
             # Written by `leakwatch classify --train`; do not edit by hand.\n",
        );
        let _ = writeln!(out, "#docs\t{}", self.docs);
        let _ = writeln!(out, "#bias\t{:.6}", self.bias);
        let mut grams: Vec<(&String, &(u32, f64))> = self.grams.iter().collect();
        grams.sort_by(|a, b| a.0.cmp(b.0));
        for (g, (df, w)) in grams {
            let _ = writeln!(out, "{df}\t{w:.6}\t{}", escape(g));
        }
        out
    }

    /// How many n-grams it knows.
    pub fn len(&self) -> usize {
        self.grams.len()
    }

    /// Whether it knows none.
    pub fn is_empty(&self) -> bool {
        self.grams.is_empty()
    }
}

/// Trains a model: minimises ½‖w‖² + C·Σ log(1 + e^(−y(w·x + b))) (the bias
/// unpenalised) by Nesterov's accelerated gradient with the step the loss's
/// smoothness allows; deterministic for the same examples.
pub fn train(examples: &[Example], c: f64, iterations: usize) -> Model {
    let docs = examples.len() as u32;
    let all: Vec<HashMap<String, u32>> =
        examples.iter().map(|e| counts(&e.title, &e.text)).collect();
    let mut df: HashMap<&str, u32> = HashMap::new();
    for c in &all {
        for g in c.keys() {
            *df.entry(g.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<&str> = df.keys().copied().collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let rows: Vec<Vec<(usize, f64)>> = all
        .iter()
        .map(|c| {
            let mut r: Vec<(usize, f64)> = vector(c, docs, |g| df.get(g).copied())
                .into_iter()
                .map(|(g, x)| (index[g], x))
                .collect();
            r.sort_unstable_by_key(|p| p.0);
            r
        })
        .collect();
    let y: Vec<f64> = examples
        .iter()
        .map(|e| if e.relevant { 1.0 } else { -1.0 })
        .collect();
    let dim = names.len() + 1; // the last is the bias
    // Each row has unit length, plus 1 for the bias: the gradient is
    // (1 + C·n·2/4)-Lipschitz.
    let lipschitz = 1.0 + c * examples.len() as f64 * 0.5;
    let step = 1.0 / lipschitz;
    let kappa = lipschitz;
    let momentum = (kappa.sqrt() - 1.0) / (kappa.sqrt() + 1.0);
    let mut w = vec![0.0; dim];
    let mut prev = w.clone();
    let mut look = w.clone();
    let mut grad = vec![0.0; dim];
    for _ in 0..iterations {
        // The gradient at the look-ahead point.
        for (j, g) in grad.iter_mut().enumerate() {
            *g = if j + 1 == dim { 0.0 } else { look[j] };
        }
        for (row, &yi) in rows.iter().zip(&y) {
            let z = row.iter().map(|&(j, x)| look[j] * x).sum::<f64>() + look[dim - 1];
            let s = -yi * sigmoid(-yi * z) * c;
            for &(j, x) in row {
                grad[j] += s * x;
            }
            grad[dim - 1] += s;
        }
        for j in 0..dim {
            let next = look[j] - step * grad[j];
            look[j] = next + momentum * (next - prev[j]);
            prev[j] = next;
            w[j] = next;
        }
    }
    Model {
        docs,
        bias: w[dim - 1],
        grams: names
            .iter()
            .enumerate()
            .map(|(i, g)| ((*g).to_owned(), (df[g], w[i])))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(title: &str, text: &str, relevant: bool) -> Example {
        Example {
            title: title.into(),
            text: text.into(),
            relevant,
        }
    }

    #[test]
    fn it_learns_a_small_set_and_reads_back_what_it_wrote() {
        let set = vec![
            ex(
                "個人情報流出のお詫び",
                "顧客情報が外部に流出しました。",
                true,
            ),
            ex("メール誤送信のお詫び", "宛先を誤って送信しました。", true),
            ex("決算短信", "売上高は前期比で増加しました。", false),
            ex("人口流出の抑制策", "転出者が減りました。", false),
        ];
        let m = train(&set, 10.0, 300);
        for e in &set {
            let (p, _) = m.probability(&e.title, &e.text);
            assert_eq!(p >= 0.5, e.relevant, "{}: {p}", e.title);
        }
        let back = Model::parse(&m.to_tsv()).expect("parses");
        assert_eq!(back.len(), m.len());
        let (a, _) = m.probability("顧客情報の流出", "");
        let (b, parts) = back.probability("顧客情報の流出", "");
        assert!((a - b).abs() < 1e-4, "{a} {b}");
        assert!(!parts.is_empty());
        assert!(Model::parse("garbage").is_none());
        for g in ["a\\nb", "\n", "\t", "\\", "x\\"] {
            assert_eq!(unescape(&escape(g)), g);
        }
    }

    #[test]
    fn the_reading_folds_width_case_and_spaces() {
        let r: String = reading("ＤＤｏＳ　攻撃", "a  \n b").into_iter().collect();
        assert_eq!(r, "ddos 攻撃 a b");
    }
}
