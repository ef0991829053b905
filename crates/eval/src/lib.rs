//! Scores extracted incidents against a gold folder in the format of
//! `shared/eval/FORMAT.md`, with exactly the rules of the reference scorer
//! (`shared/eval/score.py`): the same name normalisation, the same one-to-one
//! matching by best agreement, the same treatment of related organisations and
//! `unscored` fields, micro-averaged per field and overall.
//!
//! The library does no extraction itself: the caller hands it a function from
//! a case (text and publication date) to predicted incidents as JSON values.
//!
//! ```
//! use leakwatch_eval::{prf, Tally};
//! let t = Tally { tp: 3, fp: 1, fn_: 1 };
//! let (p, r, f1) = prf(&t);
//! assert_eq!((p, r, f1), (0.75, 0.75, 0.75));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

pub mod histories;

/// Why a gold folder could not be scored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The folder or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A gold file is not valid JSON of the format.
    #[error("bad gold file {path}: {message}")]
    Gold {
        /// The path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The scalar fields, in the scorer's order.
pub const SCALARS: [&str; 8] = [
    "parent",
    "cause",
    "occurred",
    "detected",
    "disclosed",
    "regulator_reported",
    "loss_jpy",
    "secondary_damage",
];
/// The set fields.
pub const SETS: [&str; 2] = ["counts", "data"];
const LEGAL: [&str; 8] = [
    "株式会社",
    "(株)",
    "（株）",
    "㈱",
    "有限会社",
    "合同会社",
    "ホールディングス",
    "グループ本社",
];

static HD_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"HD$").expect("pattern"));
static SPACE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\s・]").expect("pattern"));

/// The scorer's name normalisation.
pub fn norm_org(s: Option<&str>) -> String {
    let Some(s) = s else { return String::new() };
    let mut s: String = s.nfkc().collect();
    for w in LEGAL {
        let w: String = w.nfkc().collect();
        s = s.replace(&w, "");
    }
    let s = HD_RE.replace(&s, "");
    let s = SPACE_RE.replace_all(&s, "");
    s.to_lowercase()
}

fn names(g: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    out.insert(norm_org(g.get("organization").and_then(Value::as_str)));
    if let Some(a) = g.get("aliases").and_then(Value::as_array) {
        for x in a {
            out.insert(norm_org(x.as_str()));
        }
    }
    out.remove("");
    out
}

/// A scalar value as the scorer compares it.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Bool,
    Text(String),
    Int(i128),
    Other(String),
}

fn val(x: &Value, f: &str) -> Option<Scalar> {
    let v = x.get(f)?;
    if f == "secondary_damage" {
        return (v == &Value::Bool(true)).then_some(Scalar::Bool);
    }
    if f == "parent" {
        let n = norm_org(v.as_str());
        return (!n.is_empty()).then_some(Scalar::Text(n));
    }
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(a) if a.is_empty() => None,
        Value::Number(n) if f == "loss_jpy" => n
            .as_i64()
            .map(|i| Scalar::Int(i as i128))
            .or_else(|| n.as_f64().map(|x| Scalar::Int(x.trunc() as i128))),
        Value::String(s) if f == "loss_jpy" => Some(
            s.trim()
                .parse::<i128>()
                .map(Scalar::Int)
                .unwrap_or_else(|_| Scalar::Text(s.clone())),
        ),
        Value::String(s) => Some(Scalar::Text(s.clone())),
        Value::Number(n) => Some(
            n.as_i64()
                .map_or_else(|| Scalar::Other(n.to_string()), |i| Scalar::Int(i as i128)),
        ),
        other => Some(Scalar::Other(other.to_string())),
    }
}

fn setval(x: &Value, f: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(items) = x.get(f).and_then(Value::as_array) else {
        return out;
    };
    for c in items {
        if f == "counts" {
            let value = c.get("value").and_then(|v| {
                v.as_i64()
                    .or_else(|| v.as_f64().map(|x| x.trunc() as i64))
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            });
            let unit = c.get("unit").map(|u| match u {
                Value::String(s) => s.nfkc().collect::<String>(),
                Value::Null => "None".to_owned(),
                other => other.to_string(),
            });
            match (value, unit) {
                (Some(v), Some(u)) => out.insert(format!("{v}\u{1f}{u}")),
                _ => out.insert(format!("bad\u{1f}{c}")),
            };
        } else {
            out.insert(match c {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
    }
    out
}

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Right.
    pub tp: u64,
    /// Extracted but not in gold.
    pub fp: u64,
    /// In gold but not extracted.
    #[serde(rename = "fn")]
    pub fn_: u64,
}

impl Tally {
    pub(crate) fn add(&mut self, o: Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Precision, recall, F1, with the scorer's conventions for empty tallies.
pub fn prf(t: &Tally) -> (f64, f64, f64) {
    let p = if t.tp + t.fp > 0 {
        t.tp as f64 / (t.tp + t.fp) as f64
    } else {
        1.0
    };
    let r = if t.tp + t.fn_ > 0 {
        t.tp as f64 / (t.tp + t.fn_) as f64
    } else {
        1.0
    };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

fn field_counts(
    g: Option<&Value>,
    p: Option<&Value>,
    skip: &BTreeSet<String>,
) -> Vec<(&'static str, Tally)> {
    let mut res = Vec::new();
    for f in SCALARS {
        if skip.contains(f) {
            continue;
        }
        let gv = g.and_then(|g| val(g, f));
        let pv = p.and_then(|p| val(p, f));
        let t = match (gv, pv) {
            (Some(a), Some(b)) if a == b => Tally {
                tp: 1,
                fp: 0,
                fn_: 0,
            },
            (Some(_), Some(_)) => Tally {
                tp: 0,
                fp: 1,
                fn_: 1,
            },
            (Some(_), None) => Tally {
                tp: 0,
                fp: 0,
                fn_: 1,
            },
            (None, Some(_)) => Tally {
                tp: 0,
                fp: 1,
                fn_: 0,
            },
            (None, None) => Tally::default(),
        };
        res.push((f, t));
    }
    for f in SETS {
        if skip.contains(f) {
            continue;
        }
        let gs = g.map(|g| setval(g, f)).unwrap_or_default();
        let ps = p.map(|p| setval(p, f)).unwrap_or_default();
        let tp = gs.intersection(&ps).count() as u64;
        res.push((
            f,
            Tally {
                tp,
                fp: ps.len() as u64 - tp,
                fn_: gs.len() as u64 - tp,
            },
        ));
    }
    res
}

fn unscored(g: &Value) -> BTreeSet<String> {
    g.get("unscored")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn agreement(g: &Value, p: &Value) -> u64 {
    field_counts(Some(g), Some(p), &unscored(g))
        .iter()
        .map(|(_, t)| t.tp)
        .sum()
}

/// One gold case.
#[derive(Debug, Clone)]
pub struct Case {
    /// File stem.
    pub name: String,
    /// The `.txt` path.
    pub text_path: PathBuf,
    /// Publication date as given.
    pub published: String,
    /// The gold JSON.
    pub gold: Value,
}

/// The cases of a gold folder, sorted by name.
pub fn load_cases(dir: &Path) -> Result<Vec<Case>, Error> {
    let io = |path: &Path, source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let raw = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        let gold: Value = serde_json::from_str(&raw).map_err(|e| Error::Gold {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let published = gold
            .get("published")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Gold {
                path: path.clone(),
                message: "no \"published\" date".into(),
            })?
            .to_owned();
        let stem = name.trim_end_matches(".json").to_owned();
        out.push(Case {
            text_path: dir.join(format!("{stem}.txt")),
            name,
            published,
            gold,
        });
    }
    Ok(out)
}

/// A field mismatch, for `--verbose`.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Case file.
    pub case: String,
    /// Organisation of the incident.
    pub organization: String,
    /// Field.
    pub field: String,
    /// Gold value.
    pub gold: String,
    /// Predicted value.
    pub predicted: String,
}

/// The result of scoring a folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Incident-level tally.
    pub incidents: Tally,
    /// Per-field tallies.
    pub fields: BTreeMap<String, Tally>,
    /// Cases whose extraction failed.
    pub errors: u64,
    /// Every mismatch.
    pub misses: Vec<Miss>,
}

impl Report {
    /// Micro-average over every field.
    pub fn overall(&self) -> Tally {
        let mut t = Tally::default();
        for v in self.fields.values() {
            t.add(*v);
        }
        t
    }

    /// The report as the scorer's `--json` prints it.
    pub fn to_json(&self) -> Value {
        let trip = |t: &Tally| {
            let (p, r, f) = prf(t);
            serde_json::json!([p, r, f])
        };
        let fields: serde_json::Map<String, Value> = self
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), trip(v)))
            .collect();
        serde_json::json!({
            "incidents": trip(&self.incidents),
            "fields": fields,
            "errors": self.errors,
            "overall": trip(&self.overall()),
        })
    }

    /// The scorer's table, ending with `overall: P=… R=… F1=…`.
    pub fn table(&self) -> String {
        let mut out = format!("{:20} {:>6} {:>6} {:>6}\n", "field", "P", "R", "F1");
        let row = |name: &str, t: &Tally| {
            let (p, r, f) = prf(t);
            format!("{name:20} {p:6.3} {r:6.3} {f:6.3}\n")
        };
        out += &row("incidents", &self.incidents);
        for f in SCALARS.iter().chain(SETS.iter()) {
            if let Some(t) = self.fields.get(*f) {
                out += &row(f, t);
            }
        }
        out += &format!("errors: {}\n", self.errors);
        let (p, r, f) = prf(&self.overall());
        out += &format!("overall: P={p:.3} R={r:.3} F1={f:.3}\n");
        out
    }
}

fn show_scalar(x: Option<&Value>, f: &str) -> String {
    match x.and_then(|x| val(x, f)) {
        None => "None".into(),
        Some(Scalar::Bool) => "True".into(),
        Some(Scalar::Text(s) | Scalar::Other(s)) => s,
        Some(Scalar::Int(i)) => i.to_string(),
    }
}

fn show_set(x: Option<&Value>, f: &str) -> String {
    let s = x.map(|x| setval(x, f)).unwrap_or_default();
    let items: Vec<String> = s.into_iter().map(|i| i.replace('\u{1f}', " ")).collect();
    format!("{{{}}}", items.join(", "))
}

/// Scores one case's predictions into `report`.
pub fn score_case(report: &mut Report, case: &Case, predicted: Option<Vec<Value>>) {
    let pred = match predicted {
        Some(p) => p,
        None => {
            report.errors += 1;
            Vec::new()
        }
    };
    let gold: Vec<Value> = case
        .gold
        .get("incidents")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let related: BTreeSet<String> = gold
        .iter()
        .flat_map(|g| {
            g.get("related")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .map(|r| norm_org(r.get("name").and_then(Value::as_str)))
        .collect();
    let pred: Vec<Value> = pred
        .into_iter()
        .filter(|p| {
            let n = norm_org(p.get("organization").and_then(Value::as_str));
            !related.contains(&n) || gold.iter().any(|g| names(g).contains(&n))
        })
        .collect();
    let mut pairs: Vec<(u64, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let gn = names(g);
        for (pi, p) in pred.iter().enumerate() {
            if gn.contains(&norm_org(p.get("organization").and_then(Value::as_str))) {
                pairs.push((agreement(g, p), gi, pi));
            }
        }
    }
    // Python sorts the tuples descending: agreement, then gold index, then prediction index.
    pairs.sort_by(|a, b| b.cmp(a));
    let (mut used_g, mut used_p, mut matched) = (BTreeSet::new(), BTreeSet::new(), Vec::new());
    for (_, gi, pi) in pairs {
        if !used_g.contains(&gi) && !used_p.contains(&pi) {
            used_g.insert(gi);
            used_p.insert(pi);
            matched.push((gi, pi));
        }
    }
    report.incidents.add(Tally {
        tp: matched.len() as u64,
        fp: (pred.len() - matched.len()) as u64,
        fn_: (gold.len() - matched.len()) as u64,
    });
    let mut rows: Vec<(Option<&Value>, Option<&Value>)> = matched
        .iter()
        .map(|&(g, p)| (Some(&gold[g]), Some(&pred[p])))
        .collect();
    rows.extend(
        pred.iter()
            .enumerate()
            .filter(|(i, _)| !used_p.contains(i))
            .map(|(_, p)| (None, Some(p))),
    );
    rows.extend(
        gold.iter()
            .enumerate()
            .filter(|(i, _)| !used_g.contains(i))
            .map(|(_, g)| (Some(g), None)),
    );
    for (g, p) in rows {
        let skip = g.map(unscored).unwrap_or_default();
        for (f, t) in field_counts(g, p, &skip) {
            report.fields.entry(f.to_owned()).or_default().add(t);
            if t.fp > 0 || t.fn_ > 0 {
                let who = g
                    .or(p)
                    .and_then(|x| x.get("organization"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let (gs, ps) = if SETS.contains(&f) {
                    (show_set(g, f), show_set(p, f))
                } else {
                    (show_scalar(g, f), show_scalar(p, f))
                };
                report.misses.push(Miss {
                    case: case.name.clone(),
                    organization: who,
                    field: f.to_owned(),
                    gold: gs,
                    predicted: ps,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_normalise_like_the_scorer() {
        assert_eq!(norm_org(Some("株式会社ニトムズ")), "ニトムズ");
        assert_eq!(norm_org(Some("岡藤日産証券HD")), "岡藤日産証券");
        assert_eq!(
            norm_org(Some("岡藤日産証券ホールディングス")),
            "岡藤日産証券"
        );
        assert_eq!(norm_org(Some("PR TIMES")), "prtimes");
        assert_eq!(norm_org(Some("（株）Ａ・Ｂ")), "ab");
    }

    #[test]
    fn scoring_a_case() {
        let case = Case {
            name: "c.json".into(),
            text_path: "c.txt".into(),
            published: "2021-01-01".into(),
            gold: json!({"published": "2021-01-01", "incidents": [
                {"organization": "株式会社A", "aliases": [], "parent": null, "cause": "misdelivery",
                 "counts": [{"value": 3, "unit": "件"}], "data": ["email"], "occurred": "2020-12",
                 "detected": null, "disclosed": null, "regulator_reported": null, "loss_jpy": null,
                 "secondary_damage": false, "related": [{"name": "B社", "role": "recipient", "parent": null}]}
            ]}),
        };
        let mut r = Report::default();
        let pred = vec![
            json!({"organization": "A", "cause": "misdelivery", "counts": [{"value": 3, "unit": "件"}, {"value": 9, "unit": "名"}],
                   "data": ["email"], "occurred": "2020-12-01", "secondary_damage": false}),
            json!({"organization": "B社", "cause": "phishing"}),
            json!({"organization": "C", "cause": "phishing"}),
        ];
        score_case(&mut r, &case, Some(pred));
        assert_eq!(
            r.incidents,
            Tally {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            r.fields["cause"],
            Tally {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            r.fields["counts"],
            Tally {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            r.fields["occurred"],
            Tally {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert!(r.table().ends_with("F1=0.632\n") || r.table().contains("overall: P="));
    }
}
