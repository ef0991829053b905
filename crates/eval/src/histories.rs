//! Scoring incident histories (`testdata/histories`): which documents make one
//! incident, which organisations it touched downstream, which flags it earns.
//!
//! A history is a folder of documents with a `case.json` saying what a careful
//! analyst finds (see `testdata/histories/README.md`). The caller feeds the
//! documents to leakwatch and hands the incidents it stored to [`score_history`];
//! this module only compares. Gold and predicted incidents are paired one to
//! one, best document overlap first, only within the same organisation; each
//! flag is then scored per incident, and the links per incident and per
//! document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Error, Tally, norm_org, prf};

/// One organisation of the analyst's catalogue (`orgs` in `case.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldOrg {
    /// Its name.
    pub name: String,
    /// Its parent's name.
    #[serde(default)]
    pub parent: Option<String>,
    /// Securities code, when listed.
    #[serde(default)]
    pub securities_code: Option<String>,
    /// Listed market.
    #[serde(default)]
    pub market: Option<String>,
}

/// One document of a history, in feeding order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldDocument {
    /// File name inside the case folder.
    pub file: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
    /// `press_release`, `timely_disclosure`, `news`, `blog` or `regulator`.
    pub source: String,
}

/// One incident as the analyst sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldIncident {
    /// Where it happened.
    pub organization: String,
    /// Every document about it (file names).
    pub documents: Vec<String>,
    /// Organisations affected through it (a provider's customers).
    #[serde(default)]
    pub affected: Vec<String>,
    /// The complete set of flags it deserves.
    #[serde(default)]
    pub flags: Vec<String>,
}

/// A history: `case.json` of one folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The folder's name.
    #[serde(skip)]
    pub name: String,
    /// The folder.
    #[serde(skip)]
    pub dir: PathBuf,
    /// The day the analysis is run, `YYYY-MM-DD`.
    pub as_of: String,
    /// The analyst's catalogue.
    #[serde(default)]
    pub orgs: Vec<GoldOrg>,
    /// The documents, in feeding order.
    pub documents: Vec<GoldDocument>,
    /// What a careful reader finds.
    pub incidents: Vec<GoldIncident>,
}

/// An incident as leakwatch stored it, reduced to what is scored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judged {
    /// Where it happened.
    pub organization: String,
    /// Its documents (file names).
    pub documents: Vec<String>,
    /// Organisations affected through it.
    pub affected: Vec<String>,
    /// Its flag codes.
    pub flags: Vec<String>,
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads every history under `dir` (folders holding a `case.json`), by name.
pub fn load_histories(dir: &Path) -> Result<Vec<History>, Error> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|source| io(dir, source))?;
    for entry in entries {
        let path = entry.map_err(|source| io(dir, source))?.path();
        let case = path.join("case.json");
        if !case.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&case).map_err(|source| io(&case, source))?;
        let mut h: History = serde_json::from_str(&text).map_err(|e| Error::Gold {
            path: case.clone(),
            message: e.to_string(),
        })?;
        h.name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        h.dir = path;
        out.push(h);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// What went wrong in one history, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryMiss {
    /// The history.
    pub case: String,
    /// The organisation.
    pub organization: String,
    /// What: `missed_incident`, `extra_incident`, `documents`, `affected`, `flag_missed`, `flag_extra`.
    pub what: String,
    /// Gold and found, as text.
    pub detail: String,
}

/// The figures over a set of histories.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HistoryReport {
    /// Histories scored.
    pub cases: usize,
    /// Incidents paired (tp), found but not in gold (fp), in gold but not found (fn).
    pub incidents: Tally,
    /// Paired incidents whose document sets are exactly the gold ones.
    pub exact_links: usize,
    /// Incident–document memberships.
    pub links: Tally,
    /// Affected organisations of paired incidents.
    pub affected: Tally,
    /// Per flag code.
    pub flags: BTreeMap<String, Tally>,
    /// Every miss, for reading.
    pub misses: Vec<HistoryMiss>,
}

impl HistoryReport {
    /// All flags together.
    pub fn flags_total(&self) -> Tally {
        let mut t = Tally::default();
        for x in self.flags.values() {
            t.add(*x);
        }
        t
    }

    /// Share of gold incidents found with exactly their documents.
    pub fn link_accuracy(&self) -> f64 {
        let gold = self.incidents.tp + self.incidents.fn_;
        if gold == 0 {
            1.0
        } else {
            self.exact_links as f64 / gold as f64
        }
    }

    /// The report as a table for a terminal.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let line = |s: &mut String, name: &str, t: &Tally| {
            let (p, r, f) = prf(t);
            s.push_str(&format!(
                "{name:<22} {:>4} {:>4} {:>4}   P {p:.3}  R {r:.3}  F1 {f:.3}\n",
                t.tp, t.fp, t.fn_
            ));
        };
        s.push_str(&format!("{:<22} {:>4} {:>4} {:>4}\n", "", "tp", "fp", "fn"));
        line(&mut s, "incidents", &self.incidents);
        line(&mut s, "document links", &self.links);
        line(&mut s, "affected parties", &self.affected);
        for (code, t) in &self.flags {
            line(&mut s, code, t);
        }
        line(&mut s, "flags (all)", &self.flags_total());
        s.push_str(&format!(
            "link accuracy {:.3} ({} of {} gold incidents with exactly their documents), {} histories\n",
            self.link_accuracy(),
            self.exact_links,
            self.incidents.tp + self.incidents.fn_,
            self.cases
        ));
        s
    }
}

fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (norm_org(Some(a)), norm_org(Some(b)));
    !a.is_empty() && !b.is_empty() && (a == b || a.contains(&b) || b.contains(&a))
}

fn jaccard(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Pairs gold and found incidents: same organisation, best document overlap first.
fn pair(gold: &[GoldIncident], found: &[Judged]) -> Vec<(usize, usize)> {
    let gsets: Vec<BTreeSet<&str>> = gold
        .iter()
        .map(|g| g.documents.iter().map(String::as_str).collect())
        .collect();
    let fsets: Vec<BTreeSet<&str>> = found
        .iter()
        .map(|f| f.documents.iter().map(String::as_str).collect())
        .collect();
    let mut candidates = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (fi, f) in found.iter().enumerate() {
            let j = jaccard(&gsets[gi], &fsets[fi]);
            if j > 0.0 && names_match(&g.organization, &f.organization) {
                // Flags agreeing breaks ties between two incidents of one document set.
                let agree = g.flags.iter().filter(|c| f.flags.contains(c)).count();
                candidates.push((j, agree, gi, fi));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let (mut used_g, mut used_f) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for (_, _, gi, fi) in candidates {
        if !used_g.contains(&gi) && !used_f.contains(&fi) {
            used_g.insert(gi);
            used_f.insert(fi);
            out.push((gi, fi));
        }
    }
    out
}

fn count_sets<'a>(
    gold: impl IntoIterator<Item = &'a String>,
    found: impl IntoIterator<Item = &'a String>,
    same: impl Fn(&str, &str) -> bool,
) -> (Tally, Vec<String>, Vec<String>) {
    let gold: Vec<&String> = gold.into_iter().collect();
    let mut found: Vec<Option<&String>> = found.into_iter().map(Some).collect();
    let mut t = Tally::default();
    let mut missed = Vec::new();
    for g in gold {
        match found.iter_mut().find(|f| f.is_some_and(|f| same(g, f))) {
            Some(slot) => {
                t.tp += 1;
                *slot = None;
            }
            None => {
                t.fn_ += 1;
                missed.push(g.clone());
            }
        }
    }
    let extra: Vec<String> = found.into_iter().flatten().cloned().collect();
    t.fp = extra.len() as u64;
    (t, missed, extra)
}

/// Adds one history's comparison to `report`.
pub fn score_history(report: &mut HistoryReport, h: &History, found: &[Judged]) {
    report.cases += 1;
    let pairs = pair(&h.incidents, found);
    let miss = |org: &str, what: &str, detail: String| HistoryMiss {
        case: h.name.clone(),
        organization: org.to_owned(),
        what: what.to_owned(),
        detail,
    };
    let mut flag_tally = |code: &str, t: Tally| {
        report.flags.entry(code.to_owned()).or_default().add(t);
    };
    for (gi, g) in h.incidents.iter().enumerate() {
        let Some(&(_, fi)) = pairs.iter().find(|(x, _)| *x == gi) else {
            report.incidents.fn_ += 1;
            report.links.fn_ += g.documents.len() as u64;
            report.affected.fn_ += g.affected.len() as u64;
            for c in &g.flags {
                flag_tally(
                    c,
                    Tally {
                        tp: 0,
                        fp: 0,
                        fn_: 1,
                    },
                );
            }
            report.misses.push(miss(
                &g.organization,
                "missed_incident",
                format!("documents {:?} flags {:?}", g.documents, g.flags),
            ));
            continue;
        };
        let f = &found[fi];
        report.incidents.tp += 1;
        let (links, lost, extra) = count_sets(&g.documents, &f.documents, |a, b| a == b);
        report.links.add(links);
        if lost.is_empty() && extra.is_empty() {
            report.exact_links += 1;
        } else {
            report.misses.push(miss(
                &g.organization,
                "documents",
                format!("missing {lost:?}, extra {extra:?}"),
            ));
        }
        let (aff, lost, extra) = count_sets(&g.affected, &f.affected, names_match);
        report.affected.add(aff);
        if !lost.is_empty() || !extra.is_empty() {
            report.misses.push(miss(
                &g.organization,
                "affected",
                format!("missing {lost:?}, extra {extra:?}"),
            ));
        }
        let codes: BTreeSet<&String> = g.flags.iter().chain(&f.flags).collect();
        for c in codes {
            let (want, got) = (g.flags.contains(c), f.flags.contains(c));
            let t = Tally {
                tp: u64::from(want && got),
                fp: u64::from(got && !want),
                fn_: u64::from(want && !got),
            };
            flag_tally(c, t);
            if want != got {
                let what = if want { "flag_missed" } else { "flag_extra" };
                report.misses.push(miss(&g.organization, what, c.clone()));
            }
        }
    }
    for (fi, f) in found.iter().enumerate() {
        if pairs.iter().any(|(_, x)| *x == fi) {
            continue;
        }
        report.incidents.fp += 1;
        report.links.fp += f.documents.len() as u64;
        report.affected.fp += f.affected.len() as u64;
        for c in &f.flags {
            flag_tally(
                c,
                Tally {
                    tp: 0,
                    fp: 1,
                    fn_: 0,
                },
            );
        }
        report.misses.push(miss(
            &f.organization,
            "extra_incident",
            format!("documents {:?} flags {:?}", f.documents, f.flags),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(org: &str, docs: &[&str], flags: &[&str]) -> GoldIncident {
        GoldIncident {
            organization: org.into(),
            documents: docs.iter().map(|s| (*s).into()).collect(),
            affected: Vec::new(),
            flags: flags.iter().map(|s| (*s).into()).collect(),
        }
    }

    fn judged(org: &str, docs: &[&str], flags: &[&str]) -> Judged {
        Judged {
            organization: org.into(),
            documents: docs.iter().map(|s| (*s).into()).collect(),
            affected: Vec::new(),
            flags: flags.iter().map(|s| (*s).into()).collect(),
        }
    }

    fn history(incidents: Vec<GoldIncident>) -> History {
        History {
            name: "t".into(),
            dir: PathBuf::new(),
            as_of: "2025-12-31".into(),
            orgs: Vec::new(),
            documents: Vec::new(),
            incidents,
        }
    }

    #[test]
    fn a_perfect_answer_scores_one() {
        let h = history(vec![
            gold("株式会社えびす食品", &["d1", "d2"], &["repeat_offender"]),
            gold("株式会社えびす食品", &["d2"], &["repeat_offender"]),
        ]);
        let found = vec![
            judged("えびす食品", &["d2"], &["repeat_offender"]),
            judged("(株)えびす食品", &["d1", "d2"], &["repeat_offender"]),
        ];
        let mut r = HistoryReport::default();
        score_history(&mut r, &h, &found);
        assert_eq!(
            r.incidents,
            Tally {
                tp: 2,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(r.exact_links, 2);
        assert_eq!(
            r.flags["repeat_offender"],
            Tally {
                tp: 2,
                fp: 0,
                fn_: 0
            }
        );
        assert!(r.misses.is_empty(), "{:?}", r.misses);
    }

    #[test]
    fn split_incidents_and_wrong_flags_are_counted() {
        let h = history(vec![gold(
            "株式会社ベル",
            &["d1", "d2", "d3"],
            &["late_disclosure"],
        )]);
        let found = vec![
            judged("株式会社ベル", &["d1", "d2"], &["no_count_disclosed"]),
            judged("株式会社ベル", &["d3"], &["late_disclosure"]),
            judged("株式会社よそ", &["d3"], &[]),
        ];
        let mut r = HistoryReport::default();
        score_history(&mut r, &h, &found);
        assert_eq!(
            r.incidents,
            Tally {
                tp: 1,
                fp: 2,
                fn_: 0
            }
        );
        assert_eq!(r.exact_links, 0);
        assert_eq!(
            r.links,
            Tally {
                tp: 2,
                fp: 2,
                fn_: 1
            }
        );
        assert_eq!(
            r.flags["late_disclosure"],
            Tally {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            r.flags["no_count_disclosed"],
            Tally {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert!(r.link_accuracy() < 1e-9);
    }

    #[test]
    fn another_organisation_never_pairs() {
        let h = history(vec![gold("南川県", &["d1"], &[])]);
        let mut r = HistoryReport::default();
        score_history(&mut r, &h, &[judged("北川県", &["d1"], &[])]);
        assert_eq!(
            r.incidents,
            Tally {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
    }

    #[test]
    fn the_project_histories_load() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/histories");
        let all = load_histories(&dir).expect("histories");
        assert!(all.len() >= 30, "{}", all.len());
        for h in &all {
            for g in &h.incidents {
                for d in &g.documents {
                    assert!(
                        h.documents.iter().any(|x| &x.file == d),
                        "{}: {d} is not among its documents",
                        h.name
                    );
                }
            }
        }
    }
}
