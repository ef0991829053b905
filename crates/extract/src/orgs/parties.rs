//! The other organisations of an incident: its parent, the provider, contractors, recipients, customers.

use std::sync::LazyLock;

use regex::Regex;

use leakwatch_model::{PartyRole, Related};

use crate::assemble::*;
use crate::orgs::{self as org, MentionKind, OrgMention, plausible_name};

pub(crate) static PARENT_OF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<parent>{NAME})(?:\([^()]{{1,20}}\))?の?(?:{SUBSIDIARY}|傘下)(?:の|である|にある|、)? ?(?P<child>\p{{Hiragana}}{{0,8}}{NAME})"
    ))
    .expect("pattern")
});

pub(crate) static CHILD_IS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<child>{NAME})(?:は、?(?:[^、。()]{{1,12}}の)?|\((?:[^()]{{0,30}}、)?)(?P<parent>(?:株式会社\p{{Hiragana}}{{0,8}})?{NAME})の(?:{SUBSIDIARY}|傘下)"
    ))
    .expect("pattern")
});

pub(crate) static SUBJECTLESS_CHILD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<parent>{NAME})(?:という|なる)?(?:会社|企業|法人|団体)?の(?:{SUBSIDIARY}|傘下)(?:です|として|であ|になり|となり|にあ)"
    ))
    .expect("pattern")
});

pub(crate) static PARENT_NAMED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"親会社(?:の|である)(?P<parent>{NAME})")).expect("pattern")
});

pub(crate) static RECIPIENT_ORG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})(?:に|へ)(?:漏洩|漏えい|流出|提供|転職|持ち出|開示|移籍)"
    ))
    .expect("pattern")
});

pub(crate) static CONTRACTOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:業務)?委託先(?:の(?P<n>{NAME})|(?P<generic>事業者|業者|企業|会社))?"
    ))
    .expect("pattern")
});

/// `保守は株式会社Xに委託しております`: a named contractor.
pub(crate) static CONTRACTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})に(?:[^。、]{{0,12}}を)?(?:業務)?委託し|(?:委託|業務を委託)して(?:いる|いた|おります)(?P<k>{NAME})"
    ))
    .expect("pattern")
});

pub(crate) static PROVIDER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:提供|運営|開発|運用|構築)して(?:いる|いた)(?:のは|のが)(?P<n>{NAME})|(?P<m>{NAME})(?:が|の)(?:提供|運営|開発)(?:する|している)(?:「[^」]{{1,30}}」|[^。、「」]{{0,15}}?(?:システム|サービス|クラウド|アプリ))|(?:提供事業者|提供元|運営会社|運営事業者|開発元|開発会社)(?:である|の)(?P<o>{NAME})"
    ))
    .expect("pattern")
});

pub(crate) static OWNER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})の(?:[^、。のはがを\s]{{1,6}}の)?(?:顧客|お客様|会員|取引先|利用者)"
    ))
    .expect("pattern")
});

/// Captures of a pattern line by line over `[lo, hi)`, with each line's start offset,
/// running the regex only on lines holding one of its literal words. The patterns never
/// span a line break, so this finds what a run over the whole entry would.
/// The words every [`SUBSIDIARY`](crate::orgs::roles::SUBSIDIARY) or 傘下 ends with:
/// the lines worth running the parent patterns on.
const SUBSIDIARY_WORDS: [&str; 7] = [
    "子会社",
    "孫会社",
    "グループ会社",
    "関係会社",
    "日本法人",
    "現地法人",
    "傘下",
];

pub(crate) fn line_captures<'t>(
    re: &Regex,
    needles: &[&str],
    doc: &'t Doc<'_>,
    lo: usize,
    hi: usize,
) -> Vec<(usize, regex::Captures<'t>)> {
    (lo..hi)
        .filter(|&i| {
            let line = doc.line_text(i);
            needles.iter().any(|n| line.contains(n))
        })
        .flat_map(|i| {
            re.captures_iter(doc.line_text(i))
                .map(move |c| (doc.lines[i].start, c))
        })
        .collect()
}

/// The key of the formed name a span lies in (`販売株式会社` inside `あおば販売株式会社`).
fn enclosing_key(doc: &Doc<'_>, s: usize, e: usize) -> Option<String> {
    doc.mentions
        .iter()
        .find(|m| m.start <= s && e <= m.end && m.kind.is_name())
        .map(|m| doc.key(&m.name))
}

/// The parent and the related organisations the entry names around its principal.
/// `via_subsidiary`: the principal was read as a subsidiary (`子会社のXが運営する…`),
/// so an announcer other than it is its parent.
pub(crate) fn find_parties(
    doc: &Doc<'_>,
    p: &mut Principal,
    lo: usize,
    hi: usize,
    entry_mentions: &[&OrgMention],
    via_subsidiary: bool,
    announcer: Option<(usize, usize)>,
) {
    let text = doc.text();
    let analyzer = doc.ctx.analyzer;
    // Parent and related organisations.
    let entry_text_lo = doc.lines[lo].start;
    let entry_text = &text[entry_text_lo..doc.lines[hi - 1].end];
    let same = |a: &str, key: &str| {
        let k = doc.key(a);
        !k.is_empty()
            && (k == key || k.ends_with(key) && k.chars().count() <= key.chars().count() + 4)
    };
    for (base, c) in line_captures(&PARENT_OF_RE, &SUBSIDIARY_WORDS, doc, lo, hi) {
        if let (Some(par), Some(child)) = (c.name("parent"), c.name("child"))
            && (same(child.as_str(), &p.key)
                || enclosing_key(doc, base + child.start(), base + child.end()).as_deref()
                    == Some(p.key.as_str()))
            && p.parent.is_none()
        {
            let (ps, pe) = (base + par.start(), base + par.end());
            // A name may open with hiragana: ひかりテック.
            let ps = crate::orgs::kana_led_start(text, ps, pe);
            // 当社の連結子会社である…, 当社グループの子会社である…: the parent is the notice's author.
            let own_group = par
                .as_str()
                .strip_suffix("グループ")
                .is_some_and(is_anaphor);
            // 、連結子会社であるX: the qualifier alone stood where a name would, and the
            // parent is, as with 当社の, the notice's author.
            let qualifier_only = matches!(par.as_str(), "連結" | "完全" | "完全連結" | "100%");
            let parent = if is_anaphor(par.as_str()) || own_group {
                resolve_anaphor(doc, ps)
            } else if qualifier_only {
                crate::orgs::headline::author(doc).map(|(s, e)| text[s..e].to_owned())
            } else {
                // A word saying what kind of firm it is goes: ソフトウエア大手X → X.
                let cut = crate::orgs::run_before(text, pe).min(pe);
                let ps = if cut > base + par.start() { cut } else { ps };
                Some(text[ps..pe].to_owned())
            };
            if let Some(parent) = parent.filter(|n| {
                plausible_name(n, None) && doc.key(n) != p.key && !crate::orgs::roles::is_region(n)
            }) {
                p.parent = Some((parent, ps, pe));
            }
        }
    }
    for (base, c) in line_captures(&CHILD_IS_RE, &SUBSIDIARY_WORDS, doc, lo, hi) {
        // `同社は…の完全子会社`, `当社(Xの100%子会社)`: the subject may be an anaphor.
        let child_key = |child: regex::Match<'_>| {
            if is_anaphor(child.as_str()) {
                resolve_anaphor(doc, base + child.start()).map(|n| doc.key(&n))
            } else {
                Some(doc.key(child.as_str()))
            }
        };
        if let (Some(par), Some(child)) = (c.name("parent"), c.name("child"))
            && (same(child.as_str(), &p.key) || child_key(child).as_deref() == Some(p.key.as_str()))
            && plausible_name(par.as_str(), None)
            && p.parent.is_none()
        {
            p.parent = Some((
                par.as_str().to_owned(),
                base + par.start(),
                base + par.end(),
            ));
        }
    }
    if via_subsidiary
        && let Some((s, e)) = announcer
        && doc.key(&text[s..e]) != p.key
    {
        let an = text[s..e].to_owned();
        p.parent.get_or_insert((an.clone(), s, e));
        p.related.push((
            Related {
                name: an,
                role: PartyRole::Parent,
                parent: None,
            },
            s,
            e,
        ));
    }
    // Sentences about the principal without a subject: `…ベクトルという会社の子会社です`, `親会社の日東電工`.
    let mut topic = p.key.clone();
    for i in lo..hi {
        let line = doc.line_text(i);
        if doc.lines[i].heading && i > lo {
            topic = bare_name_heading(doc, i).unwrap_or_else(|| p.key.clone());
            continue;
        }
        // Both patterns need 子会社 or 親会社: skip the regex engines on every other line.
        if !line.contains("会社") && !line.contains("傘下") {
            continue;
        }
        let ls = doc.lines[i].start;
        let candidates = SUBJECTLESS_CHILD_RE
            .captures_iter(line)
            .filter_map(|c| c.name("parent").map(|m| (m, None)))
            .chain(
                PARENT_NAMED_RE
                    .captures_iter(line)
                    .filter_map(|c| c.name("parent").map(|m| (m, analyzer))),
            );
        for (par, check) in candidates {
            let name = par.as_str();
            if !plausible_name(name, check) || doc.key(name) == topic {
                continue;
            }
            // The sentence must not name its own subject (Xは…の子会社 is handled above).
            let (abs_s, abs_e) = (ls + par.start(), ls + par.end());
            if topic == p.key {
                if p.parent.is_none() {
                    p.parent = Some((name.to_owned(), abs_s, abs_e));
                }
            } else if let Some(r) = p
                .related
                .iter_mut()
                .find(|(r, _, _)| doc.key(&r.name) == topic)
            {
                r.0.parent.get_or_insert(name.to_owned());
            } else {
                p.related.push((
                    Related {
                        name: topic.clone(),
                        role: PartyRole::Related,
                        parent: Some(name.to_owned()),
                    },
                    abs_s,
                    abs_e,
                ));
            }
        }
    }
    let add_related = |p: &mut Principal, name: &str, role: PartyRole, s: usize, e: usize| {
        let key = doc.key(name);
        if key.is_empty()
            || key == p.key
            || p.parent.as_ref().is_some_and(|(n, _, _)| doc.key(n) == key)
        {
            return;
        }
        if let Some(r) = p
            .related
            .iter_mut()
            .find(|(r, _, _)| doc.key(&r.name) == key)
        {
            if r.0.role == PartyRole::Related {
                r.0.role = role;
                r.0.name = name.to_owned();
            }
            return;
        }
        p.related.push((
            Related {
                name: name.to_owned(),
                role,
                parent: None,
            },
            s,
            e,
        ));
    };
    for (base, c) in line_captures(
        &RECIPIENT_ORG_RE,
        &[
            "漏洩",
            "漏えい",
            "流出",
            "提供",
            "転職",
            "持ち出",
            "開示",
            "移籍",
        ],
        doc,
        lo,
        hi,
    ) {
        if let Some(n) = c.name("n")
            && plausible_name(n.as_str(), analyzer)
            && (org::find_mentions(n.as_str())
                .iter()
                .any(|m| m.kind.is_name()))
        {
            add_related(
                p,
                n.as_str(),
                PartyRole::Recipient,
                base + n.start(),
                base + n.end(),
            );
        }
    }
    for (base, c) in line_captures(
        &PROVIDER_RE,
        &["提供", "運営", "開発", "運用", "構築"],
        doc,
        lo,
        hi,
    ) {
        if let Some(n) = c.name("n").or(c.name("m")).or(c.name("o"))
            && plausible_name(n.as_str(), analyzer)
            && !is_anaphor(n.as_str())
        {
            add_related(
                p,
                n.as_str(),
                PartyRole::Provider,
                base + n.start(),
                base + n.end(),
            );
        }
    }
    for (base, c) in line_captures(&CONTRACTOR_RE, &["委託先"], doc, lo, hi) {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        let name = c
            .name("n")
            .map_or_else(|| whole.to_owned(), |n| n.as_str().to_owned());
        if c.name("n").is_some() || c.name("generic").is_some() {
            add_related(p, &name, PartyRole::Contractor, base + m.0, base + m.1);
        }
    }
    for (base, c) in line_captures(&CONTRACTED_RE, &["委託し"], doc, lo, hi) {
        if let Some(n) = c.name("n").or(c.name("k")) {
            let abs = (base + n.start(), base + n.end());
            let formed = entry_mentions.iter().any(|m| {
                m.start <= abs.0 && abs.1 <= m.end && matches!(m.kind, MentionKind::Legal)
            });
            if formed {
                add_related(p, n.as_str(), PartyRole::Contractor, abs.0, abs.1);
            }
        }
    }
    let subsidiary_context = entry_text.contains("子会社");
    for (base, c) in line_captures(
        &OWNER_RE,
        &["顧客", "お客様", "会員", "取引先", "利用者"],
        doc,
        lo,
        hi,
    ) {
        if let Some(n) = c.name("n") {
            let abs = (base + n.start(), base + n.end());
            let is_org = entry_mentions.iter().any(|m| {
                m.start <= abs.0 && abs.1 <= m.end && matches!(m.kind, MentionKind::Legal)
            });
            if !is_org || doc.key(n.as_str()) == p.key {
                continue;
            }
            let subsidiary = subsidiary_context && doc.key(n.as_str()).starts_with(&p.key);
            let before = p.related.len();
            add_related(
                p,
                n.as_str(),
                if subsidiary {
                    PartyRole::Subsidiary
                } else {
                    PartyRole::Customer
                },
                abs.0,
                abs.1,
            );
            if subsidiary
                && p.related.len() > before
                && let Some(last) = p.related.last_mut()
            {
                last.0.parent = Some(p.name.clone());
            }
        }
    }
}
