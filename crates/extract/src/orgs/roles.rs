//! The organisation an entry is about — where the incident happened — chosen from the
//! roles the text gives each organisation it names.

use std::sync::LazyLock;

use leakwatch_model::{PartyRole, Related};
use regex::Regex;

use crate::orgs::{self as org, MentionKind, OrgMention, norm_key, plausible_name};

use crate::assemble::*;

/// A name the entry calls its organisation, and where.
#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) how: &'static str,
    pub(crate) parent: Option<(String, usize, usize)>,
    pub(crate) related: Vec<(Related, usize, usize)>,
}

pub(crate) const NAME: &str = r"[\p{Han}\p{Katakana}ー々・&A-Za-z0-9]+(?: [A-Za-z0-9]+)*";

/// A short-name note after a name: `(以下「ユニバ通販」)`, `(以下、「当該子会社」という。)`.
pub(crate) const ALIAS_NOTE: &str =
    r"(?:\((?:以下、?)?[「『][^」』()]{1,24}[」』](?:という。?)?\))?";

pub(crate) static OPERATOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<sub>(?:当社|同社)?(?:の)?(?:100%|完全)?(?:連結)?子会社(?:の|である))?(?P<op>{NAME}){ALIAS_NOTE}が(?:運営|管理|提供|運用|保有)(?:する|している)"
    ))
    .expect("pattern")
});

/// `当社の連結子会社であるX株式会社において、…不正アクセス`: where it happened.
pub(crate) static LOCATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<sub>(?:当社|同社)?(?:の)?(?:100%|完全)?(?:連結)?子会社(?:の|である))?(?P<op>{NAME}){ALIAS_NOTE}(?:において|における)")).expect("pattern")
});

pub(crate) static BREACH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"不正アクセス|不正ログイン|不正に|攻撃|侵入|改ざん|ランサムウェア|感染|暗号化|閲覧可能|閲覧できる|閲覧され|不具合|流出|漏えい|漏洩|フィッシング|なりすまし|誤送信|誤送付|紛失|盗難|持ち出").expect("pattern")
});

pub(crate) fn choose_principal(
    doc: &Doc<'_>,
    lo: usize,
    hi: usize,
    sentences: &[usize],
) -> Option<Principal> {
    let text = doc.text();
    let analyzer = doc.ctx.analyzer;
    let entry_mentions: Vec<&OrgMention> = doc
        .mentions_in(doc.lines[lo].start, doc.lines[hi - 1].end)
        .iter()
        .collect();

    // The announcer: the topic of a sentence that announces.
    let mut announcer: Option<(usize, usize)> = None;
    for &k in sentences {
        let s = &doc.sentences[k];
        if doc.lines[s.line].heading {
            continue;
        }
        let plain = doc.plain[k].as_str();
        if !announces(plain) {
            continue;
        }
        if let Some((ts, te)) = topic_of(doc, s.start, s.end)
            && text[te..].starts_with('は')
        {
            let name = &text[ts..te];
            if is_anaphor(name) {
                if name.starts_with(['当', '弊', '本'])
                    && let Some(a) = author(doc)
                {
                    announcer = Some(a);
                    break;
                }
                continue;
            }
            if entry_mentions.iter().any(|m| {
                m.start <= ts
                    && te <= m.end
                    && matches!(m.kind, MentionKind::Regulator | MentionKind::Police)
            }) {
                continue;
            }
            announcer = Some((ts, te));
            break;
        }
    }
    let headline = if doc.lines[lo].heading {
        headline_org(doc, lo)
    } else {
        None
    };
    let author = author(doc).filter(|(s, _)| *s >= doc.lines[lo].start || lo == 0);

    // The operator of the breached system.
    let mut operator: Option<(String, usize, usize, bool)> = None;
    for &k in sentences {
        let s = &doc.sentences[k];
        let sentence = &text[s.start..s.end];
        if doc.lines[s.line].heading || !BREACH_RE.is_match(sentence) {
            continue;
        }
        let locative = LOCATIVE_RE.captures(sentence).filter(|c| {
            // Only a formed name is a place where something happened: not 案内メールにおいて.
            c.name("op").is_some_and(|op| {
                let (os, oe) = (s.start + op.start(), s.start + op.end());
                doc.formed(os, oe)
            })
        });
        if let Some(c) = OPERATOR_RE.captures(sentence).or(locative) {
            let Some(op) = c.name("op") else { continue };
            let mut name = op.as_str().to_owned();
            let (os, oe) = (s.start + op.start(), s.start + op.end());
            // 同社が運営する / 子会社のキャンディルデザインが運営する
            let name_trim = name.trim_start_matches("子会社の").to_owned();
            if is_anaphor(&name_trim) {
                match resolve_anaphor(doc, os) {
                    Some(n) => name = n,
                    None => continue,
                }
            } else if !plausible_name(&name, analyzer) {
                continue;
            }
            operator = Some((name, os, oe, c.name("sub").is_some()));
            break;
        }
    }

    let announcer_name = announcer.map(|(s, e)| text[s..e].to_owned());
    let (name, start, end, how) = if let Some((n, s, e, _)) = &operator {
        (n.clone(), *s, *e, "operator")
    } else if let (Some(n), Some((s, e))) = (&announcer_name, announcer) {
        (n.clone(), s, e, "announcer")
    } else if let Some((s, e)) = author {
        (text[s..e].to_owned(), s, e, "author")
    } else if let Some((s, e)) = headline {
        (text[s..e].to_owned(), s, e, "headline")
    } else if let Some(m) = entry_mentions.iter().find(|m| m.kind == MentionKind::Legal) {
        (m.name.clone(), m.start, m.end, "legal form")
    } else if let Some(m) = entry_mentions
        .iter()
        .find(|m| m.kind == MentionKind::Suffix)
    {
        (m.name.clone(), m.start, m.end, "public body")
    } else {
        return None;
    };
    // A name read as a run of kanji and katakana may be the tail of a longer formed
    // name (公益財団法人みどり文化振興財団 read as 文化振興財団): take the whole.
    let (name, start, end) = match entry_mentions.iter().find(|m| {
        m.start <= start
            && end <= m.end
            && (m.start, m.end) != (start, end)
            && matches!(m.kind, MentionKind::Legal | MentionKind::Suffix)
    }) {
        Some(m) => (m.name.clone(), m.start, m.end),
        None => (name, start, end),
    };
    let key = norm_key(&name);
    if key.is_empty() {
        return None;
    }
    // The fullest written form of the same name: 株式会社ニトムズ over ニトムズ.
    let display = entry_mentions
        .iter()
        .filter(|m| {
            matches!(m.kind, MentionKind::Legal | MentionKind::Suffix) && norm_key(&m.name) == key
        })
        .map(|m| m.name.clone())
        .max_by_key(|n| n.chars().count())
        .filter(|n| n.chars().count() > name.chars().count())
        .unwrap_or(name);

    let mut p = Principal {
        name: display,
        key,
        start,
        end,
        how,
        parent: None,
        related: Vec::new(),
    };

    // Parent and related organisations.
    let entry_text_lo = doc.lines[lo].start;
    let entry_text = &text[entry_text_lo..doc.lines[hi - 1].end];
    let same = |a: &str, key: &str| {
        let k = norm_key(a);
        !k.is_empty()
            && (k == key || k.ends_with(key) && k.chars().count() <= key.chars().count() + 4)
    };
    for (base, c) in line_captures(&PARENT_OF_RE, &["子会社", "グループ会社"], doc, lo, hi)
    {
        if let (Some(par), Some(child)) = (c.name("parent"), c.name("child"))
            && same(child.as_str(), &p.key)
            && p.parent.is_none()
        {
            let (ps, pe) = (base + par.start(), base + par.end());
            // 当社の連結子会社である…: the parent is the notice's author.
            let parent = if is_anaphor(par.as_str()) {
                resolve_anaphor(doc, ps)
            } else {
                Some(par.as_str().to_owned())
            };
            if let Some(parent) = parent.filter(|n| plausible_name(n, None) && norm_key(n) != p.key)
            {
                p.parent = Some((parent, ps, pe));
            }
        }
    }
    for (base, c) in line_captures(&CHILD_IS_RE, &["子会社"], doc, lo, hi) {
        if let (Some(par), Some(child)) = (c.name("parent"), c.name("child"))
            && same(child.as_str(), &p.key)
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
    if let Some((_, _, _, true)) = &operator
        && let Some((s, e)) = announcer
        && norm_key(&text[s..e]) != p.key
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
        if !line.contains("会社") {
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
            if !plausible_name(name, check) || norm_key(name) == topic {
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
                .find(|(r, _, _)| norm_key(&r.name) == topic)
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
        let key = norm_key(name);
        if key.is_empty()
            || key == p.key
            || p.parent
                .as_ref()
                .is_some_and(|(n, _, _)| norm_key(n) == key)
        {
            return;
        }
        if let Some(r) = p
            .related
            .iter_mut()
            .find(|(r, _, _)| norm_key(&r.name) == key)
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
                .any(|m| matches!(m.kind, MentionKind::Legal | MentionKind::Suffix)))
        {
            add_related(
                &mut p,
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
        if let Some(n) = c.name("n").or(c.name("m"))
            && plausible_name(n.as_str(), analyzer)
            && !is_anaphor(n.as_str())
        {
            add_related(
                &mut p,
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
            add_related(&mut p, &name, PartyRole::Contractor, base + m.0, base + m.1);
        }
    }
    for (base, c) in line_captures(&CONTRACTED_RE, &["委託し"], doc, lo, hi) {
        if let Some(n) = c.name("n") {
            let abs = (base + n.start(), base + n.end());
            let formed = entry_mentions.iter().any(|m| {
                m.start <= abs.0 && abs.1 <= m.end && matches!(m.kind, MentionKind::Legal)
            });
            if formed {
                add_related(&mut p, n.as_str(), PartyRole::Contractor, abs.0, abs.1);
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
            if !is_org || norm_key(n.as_str()) == p.key {
                continue;
            }
            let subsidiary = subsidiary_context && norm_key(n.as_str()).starts_with(&p.key);
            let before = p.related.len();
            add_related(
                &mut p,
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
    Some(p)
}
