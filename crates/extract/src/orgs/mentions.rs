//! Organisation mentions: legal forms (株式会社X, X株式会社, (株)X), public-body and
//! firm endings (…省, …委員会, …証券), letterhead lines, the regulator, the police and
//! anaphora (`同社`, `当社`, `同委員会`).

use std::sync::LazyLock;

use regex::Regex;

use super::kana::{OWNER_LEADS, kana_before_suffix, kana_led_start};
use super::names::{is_name_char, run_after, run_before};
use crate::vocab::VOCAB;

/// What made a stretch of text an organisation name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A legal form: 株式会社X, X株式会社, (株)X, 一般社団法人X …
    Legal,
    /// A public-body or company ending: …委員会, …省, …証券, …ホールディングス.
    Suffix,
    /// The Personal Information Protection Commission: a regulator, never the incident's organisation.
    Regulator,
    /// Police.
    Police,
    /// `同社`, `当社`, `同委員会`: refers to an organisation named elsewhere.
    Anaphor,
    /// A name found elsewhere (subject position, headline) seen again.
    Known,
    /// A name marked off by a note (`三輪坂建設(名古屋市)`, `通信販売会社「はなまる通販」`),
    /// or seen again after one.
    Noted,
}

impl MentionKind {
    /// Whether the text itself shows it is an organisation's name: a legal form,
    /// a body's or firm's ending, or a note.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            MentionKind::Legal | MentionKind::Suffix | MentionKind::Noted
        )
    }
}

/// An organisation name in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMention {
    /// Byte range in the normalised text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The name as written (normalised).
    pub name: String,
    /// How it was recognised.
    pub kind: MentionKind,
}

/// The largest char boundary at or below `i`.
fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}')
}

/// Particles that end a name written in hiragana: 株式会社さくらは → 株式会社さくら.
pub(super) const NAME_END_PARTICLES: [char; 9] =
    ['は', 'が', 'を', 'に', 'で', 'と', 'へ', 'も', 'の'];

/// What a legal form used as a common noun is followed by: 株式会社として, 株式会社における.
pub(super) const PARTICLE_PHRASES: [&str; 20] = [
    "として",
    "とした",
    "とする",
    "における",
    "において",
    "に対",
    "につい",
    "によ",
    "では",
    "には",
    "への",
    "との",
    "での",
    "にて",
    "にも",
    "とも",
    "など",
    "なの",
    "であ",
    "です",
];

/// End of the name that follows a legal form (株式会社X). Besides the usual run of
/// name characters, a name may open with hiragana — 株式会社みずほ銀行,
/// 株式会社ほけんの窓口, 公益財団法人みどり文化振興財団 — which a plain run would
/// cut off: the hiragana is kept when more name characters follow it, or, when the
/// name is hiragana only, up to the particle that ends it.
fn name_after_legal_form(text: &str, at: usize) -> usize {
    let end = run_after(text, at);
    if end > at {
        return end;
    }
    let kana_end = text[at..]
        .char_indices()
        .take_while(|&(i, c)| is_hiragana(c) && i < 10 * 3)
        .last()
        .map_or(at, |(i, c)| at + i + c.len_utf8());
    let kana = &text[at..kana_end];
    if kana.chars().count() < 2 || PARTICLE_PHRASES.iter().any(|p| kana.starts_with(p)) {
        return at;
    }
    // A name may open with the kana of a particle (もみじ商事, にしき旅行, はなまる通販)
    // when name characters follow; hiragana alone after a particle's kana is a phrase.
    let more = run_after(text, kana_end);
    if more > kana_end {
        return more;
    }
    if kana.starts_with(NAME_END_PARTICLES) {
        return at;
    }
    match kana.char_indices().last() {
        Some((i, c)) if NAME_END_PARTICLES.contains(&c) && kana[..i].chars().count() >= 2 => at + i,
        Some(_) if kana.chars().count() >= 2 => kana_end,
        _ => at,
    }
}

pub(crate) static LEGAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"株式会社|\(株\)|有限会社|合同会社|合資会社|合名会社|(?:一般|公益)(?:社団|財団)法人|学校法人|(?:社会)?医療法人|社会福祉法人|(?:地方)?独立行政法人|(?:国立|公立)大学法人|国立研究開発法人|(?:税理士|弁護士|司法書士|行政書士|社会保険労務士|土地家屋調査士|(?:有限責任)?監査)法人|特定非営利活動法人|NPO法人|宗教法人|農事組合法人",
    )
    .expect("legal-form pattern compiles")
});

/// A legal form that ends the text before a name: `…株式会社` + `ぽけっとラボ`.
pub(super) static LEGAL_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:株式会社|\(株\)|有限会社|合同会社|法人) ?$").expect("pattern")
});

/// A company name in Latin script closed by its legal form: `Sakura Trading Co., Ltd.`,
/// `TOHO PRECISION (THAILAND) CO., LTD.`, `Minato Systems Inc.`.
macro_rules! latin_legal {
    () => {
        r"[A-Z][A-Za-z0-9&\-]*(?:[ ,.]{1,3}(?:\([A-Z][A-Za-z ]{0,20}\)|[A-Z][A-Za-z0-9&\-]*)){0,6}?,? (?:Co\., ?Ltd|CO\., ?LTD|Company Limited|COMPANY LIMITED|Ltd|LTD|Limited|LIMITED|Inc|INC|Corporation|CORPORATION|Corp|CORP|LLC|GmbH|PLC|Pte\. ?Ltd|PTE\. ?LTD|Sdn\. ?Bhd|SDN\. ?BHD)\.?"
    };
}
pub(crate) use latin_legal;

static LATIN_LEGAL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(latin_legal!()).expect("Latin legal-form pattern compiles"));

static ANAPHOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    // Longest body first, so that 同委員会 is not read as 同 + 委員会's 委.
    let mut bodies = leakwatch_text::ANAPHOR_BODIES.to_vec();
    bodies.sort_by_key(|b| std::cmp::Reverse(b.chars().count()));
    Regex::new(&format!(
        r"(?:同|当|弊)(?:{})|本学|本市|本県|本町|本村|本院|本校",
        bodies.join("|")
    ))
    .expect("anaphor pattern compiles")
});

fn trim_roles(name: &str) -> &str {
    let mut cut = name.len();
    for role in VOCAB.list("trailing_roles") {
        if let Some(i) = name.find(role)
            && i > 0
        {
            cut = cut.min(i);
        }
    }
    &name[..cut]
}

const ONE_CHAR_BODIES: [&str; 9] = ["省", "庁", "県", "府", "市", "町", "村", "区", "局"];

/// The trimmed line around byte `at`, when the whole line reads as one name: a
/// letterhead line such as `さくら証券サービス株式会社`, `なぎさ市` or
/// `株式会社関東いちば`. Such a line is name characters and hiragana only (no
/// punctuation, nothing a sentence or a title ends with) and short. Within it a
/// hiragana part of the name is kept, which a run of name characters would cut.
fn name_line(text: &str, at: usize) -> Option<(usize, usize)> {
    // A name line is short: look no further than this for its ends (a long line
    // is not one, and an unbounded search per mention would be quadratic).
    const WINDOW: usize = 256;
    let lo = floor_char_boundary(text, at.saturating_sub(WINDOW));
    let hi = floor_char_boundary(text, (at + WINDOW).min(text.len()));
    let start = match text[lo..at].rfind('\n') {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return None,
    };
    let end = match text[at..hi].find('\n') {
        Some(i) => at + i,
        None if hi == text.len() => text.len(),
        None => return None,
    };
    let line = &text[start..end];
    let lead = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    let n = trimmed.chars().count();
    if !(2..=30).contains(&n)
        || !trimmed.chars().all(|c| is_name_char(c) || is_hiragana(c))
        || trimmed.ends_with(NAME_END_PARTICLES)
        || [
            "について",
            "お知らせ",
            "お詫び",
            "ます",
            "した",
            "する",
            "され",
            "ください",
            "のお",
        ]
        .iter()
        .any(|w| trimmed.contains(w))
    {
        return None;
    }
    // A letterhead's label run into the name once its spaces are gone (`会社名株式会社…`).
    let label = ["会社名", "法人名", "団体名"]
        .iter()
        .find(|l| trimmed.starts_with(**l) && trimmed.len() > l.len() + 3)
        .map_or(0, |l| l.len());
    Some((start + lead + label, start + lead + trimmed.len()))
}

/// Legal-form, public-body, regulator, police and anaphor mentions, in order.
pub fn find_mentions(text: &str) -> Vec<OrgMention> {
    let mut out = Vec::new();
    for m in LEGAL_RE.find_iter(text) {
        let before = kana_led_start(text, run_before(text, m.start()), m.start());
        // A letterhead line that opens or closes with the legal form is the name.
        let line = name_line(text, m.start()).filter(|&(s, e)| {
            (s == m.start() && !text[m.end()..e].starts_with(NAME_END_PARTICLES)) || e == m.end()
        });
        let (start, end) = if let Some(line) = line {
            line
        } else if before < m.start() {
            (before, m.end())
        } else {
            // A letterhead may set the name off by a space: `株式会社 東玉(とうぎょく)`.
            let gap = usize::from(
                text[m.end()..].starts_with(' ') && !text[m.end() + 1..].starts_with(' '),
            );
            let after = name_after_legal_form(text, m.end() + gap);
            let name = trim_roles(&text[m.end() + gap..after]);
            if name.is_empty() {
                continue;
            }
            (m.start(), m.end() + gap + name.len())
        };
        out.push(OrgMention {
            start,
            end,
            // The name as one word: a letterhead's space after the legal form goes.
            name: text[start..end].replacen(&format!("{} ", m.as_str()), m.as_str(), 1),
            kind: MentionKind::Legal,
        });
    }
    for m in LATIN_LEGAL_RE.find_iter(text) {
        // A name starts a word: not inside a longer Latin run.
        if text[..m.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        out.push(OrgMention {
            start: m.start(),
            end: m.end(),
            name: m.as_str().to_owned(),
            kind: MentionKind::Legal,
        });
    }
    for m in ANAPHOR_RE.find_iter(text) {
        // 当社子会社 is an anaphor followed by a noun; 本社 is not an anaphor at all.
        out.push(OrgMention {
            start: m.start(),
            end: m.end(),
            name: m.as_str().to_owned(),
            kind: MentionKind::Anaphor,
        });
    }
    for hit in VOCAB.org_suffix_finder.find_overlapping_iter(text) {
        {
            let suffix = &VOCAB.org_suffixes[hit.pattern().as_usize()];
            let (at, end) = (hit.start(), hit.end());
            let next = text[end..].chars().next();
            if next.is_some_and(is_name_char) {
                continue;
            }
            // A letterhead line the suffix closes, whose hiragana is no particle.
            let line = name_line(text, at).filter(|&(s, e)| {
                let run = run_before(text, at);
                let kana = &text[s.min(run)..run];
                // (A letterhead of hiragana alone may hold の: あけぼの市.)
                let kana_only = kana.chars().all(is_hiragana) && kana.chars().count() <= 8;
                e == end
                    && s < at
                    && (kana_only || !kana.contains(['の', 'は', 'が', 'を', 'で', 'へ', 'も']))
            });
            let start = line.map_or_else(
                || kana_led_start(text, run_before(text, at), at),
                |(s, _)| s,
            );
            // A name of hiragana right before the ending: ひばり病院, 市立ひばり病院.
            let start = if start == at && line.is_none() {
                kana_before_suffix(text, at)
            } else {
                start
            };
            let prefix = &text[start..at];
            if prefix.is_empty() {
                continue;
            }
            if line.is_none()
                && ONE_CHAR_BODIES.contains(&suffix.as_str())
                && (prefix.chars().count() < 2
                    || !next.is_none_or(|n| {
                        matches!(
                            n,
                            'は' | 'が'
                                | 'の'
                                | 'も'
                                | '、'
                                | 'で'
                                | 'に'
                                | 'と'
                                | 'へ'
                                | ' '
                                | '\n'
                        )
                    }))
            {
                continue;
            }
            // 県立高校, 市立小学校, 中学校: a kind of school or hospital, no name.
            let own = OWNER_LEADS
                .iter()
                .find_map(|l| prefix.strip_prefix(l))
                .unwrap_or(prefix);
            if [
                "",
                "中",
                "小",
                "高等",
                "中等",
                "義務教育",
                "総合",
                "大学",
                "附属",
                "付属",
            ]
            .contains(&own)
            {
                continue;
            }
            let name = &text[start..end];
            if name.starts_with(['同', '当', '弊', '本', '各', '全', '他', '貴'])
                || VOCAB.not_orgs.contains(name)
                || VOCAB.not_orgs.contains(&text[run_before(text, at)..end])
            {
                continue;
            }
            let kind = if name.ends_with("個人情報保護委員会") {
                MentionKind::Regulator
            } else if name.ends_with("警察") || name.ends_with("警視庁") || name.ends_with("県警")
            {
                MentionKind::Police
            } else {
                MentionKind::Suffix
            };
            out.push(OrgMention {
                start,
                end,
                name: name.to_owned(),
                kind,
            });
        }
    }
    // Names marked off by a note come last, so that a formed name over the same
    // characters is the one kept.
    out.extend(super::noted::noted_mentions(text));
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    // Drop mentions inside a longer one (証券 inside …証券ホールディングス).
    let mut kept: Vec<OrgMention> = Vec::with_capacity(out.len());
    for m in out {
        if kept.last().is_some_and(|k| m.start < k.end) {
            continue;
        }
        kept.push(m);
    }
    // Short names the text defines (`…(以下「ATA」)`), wherever it uses them.
    let aliases = super::noted::alias_definitions(text, &kept);
    let extra = super::noted::alias_mentions(text, &aliases);
    if !extra.is_empty() {
        let mut all = kept;
        for m in extra {
            let k = all.partition_point(|x| x.start <= m.start);
            let free = (k == 0 || all[k - 1].end <= m.start)
                && all.get(k).is_none_or(|n| m.end <= n.start);
            if free {
                all.insert(k, m);
            }
        }
        kept = all;
    }
    kept
}

/// Short names the text defines for organisations, (short, full), found from its mentions.
pub fn find_aliases(text: &str, mentions: &[OrgMention]) -> Vec<(String, String)> {
    super::noted::alias_definitions(text, mentions)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_after_a_legal_form_may_open_with_hiragana() {
        let names = |t: &str| -> Vec<String> {
            find_mentions(t)
                .into_iter()
                .filter(|m| m.kind == MentionKind::Legal)
                .map(|m| m.name)
                .collect()
        };
        assert_eq!(
            names("株式会社みずほ銀行は発表した"),
            ["株式会社みずほ銀行"]
        );
        assert_eq!(names("株式会社ほけんの窓口が"), ["株式会社ほけんの窓口"]);
        assert_eq!(
            names("公益財団法人みどり文化振興財団は"),
            ["公益財団法人みどり文化振興財団"]
        );
        assert_eq!(names("、株式会社さくらは"), ["株式会社さくら"]);
        // Names that open with the kana of a particle.
        assert_eq!(names("株式会社もみじ商事は"), ["株式会社もみじ商事"]);
        assert_eq!(names("、株式会社にしき旅行が"), ["株式会社にしき旅行"]);
        assert_eq!(names("株式会社はなまる通販の"), ["株式会社はなまる通販"]);
        assert!(names("株式会社として運営する").is_empty());
        assert!(names("株式会社における管理").is_empty());
        // A legal form that ends a name is not followed by one.
        assert_eq!(names("サンプル株式会社が運営する"), ["サンプル株式会社"]);
        assert!(names("株式会社が運営する").is_empty());
    }

    use super::*;

    fn names(text: &str) -> Vec<(String, MentionKind)> {
        find_mentions(text)
            .into_iter()
            .map(|m| (m.name, m.kind))
            .collect()
    }

    #[test]
    fn letterhead_lines_keep_their_hiragana() {
        for (text, name) in [
            (
                "2026年1月5日\nさくら証券サービス株式会社\n",
                "さくら証券サービス株式会社",
            ),
            ("2026年1月5日\nなぎさ市\n", "なぎさ市"),
            ("2026年1月5日\nあさひ町教育委員会\n", "あさひ町教育委員会"),
            ("2026年1月5日\n株式会社関東いちば\n", "株式会社関東いちば"),
            ("2026年1月5日\n北浜県産業振興局\n", "北浜県産業振興局"),
        ] {
            let found = names(text);
            assert_eq!(
                found.first().map(|f| f.0.as_str()),
                Some(name),
                "{text}: {found:?}"
            );
        }
        // A sentence or a title is not a letterhead.
        let found = names("なぎさ市は、書類を紛失しました。\n");
        assert!(found.iter().all(|f| f.0 != "なぎさ市は"), "{found:?}");
        let found = names("株式会社関東いちばのお知らせ\n");
        assert!(found.iter().all(|f| !f.0.contains("お知らせ")), "{found:?}");
    }

    #[test]
    fn hiragana_names_before_an_ending() {
        for (text, name) in [
            ("市立ひばり病院は2日、", "市立ひばり病院"),
            ("県立みずき高校の教諭が", "県立みずき高校"),
            ("、さくら銀行は", "さくら銀行"),
        ] {
            let found = names(text);
            assert_eq!(
                found.first().map(|f| f.0.as_str()),
                Some(name),
                "{text}: {found:?}"
            );
        }
        for text in [
            "、その病院では",
            "市内にある病院が",
            "保存していた病院のサーバー",
        ] {
            let found = names(text);
            assert!(
                found.iter().all(|f| !f.0.ends_with("病院")),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn legal_forms_both_ways() {
        assert_eq!(
            names("日東電工の連結子会社の株式会社ニトムズは"),
            [
                ("日東電工".into(), MentionKind::Suffix),
                ("株式会社ニトムズ".into(), MentionKind::Legal)
            ]
        );
        assert_eq!(
            names("三菱電機インフォメーションシステムズ株式会社の顧客"),
            [(
                "三菱電機インフォメーションシステムズ株式会社".into(),
                MentionKind::Legal
            )]
        );
        assert_eq!(
            names("株式会社PR TIMESは"),
            [("株式会社PR TIMES".into(), MentionKind::Legal)]
        );
        assert_eq!(
            names("(株)エービーシー代表取締役"),
            [("(株)エービーシー".into(), MentionKind::Legal)]
        );
    }

    #[test]
    fn public_bodies_regulators_and_anaphora() {
        let got =
            names("原子力規制委員会は、同委員会の職員が個人情報保護委員会に報告し、警視庁が捜査");
        assert_eq!(
            got,
            [
                ("原子力規制委員会".into(), MentionKind::Suffix),
                ("同委員会".into(), MentionKind::Anaphor),
                ("個人情報保護委員会".into(), MentionKind::Regulator),
                ("警視庁".into(), MentionKind::Police),
            ]
        );
        assert!(names("市場の区分を省略").is_empty());
    }

    #[test]
    fn runs_stop_at_particles() {
        let t = "婚活アプリのネットマーケティングは";
        let at = t.rfind('は').unwrap();
        assert_eq!(&t[run_before(t, at)..at], "ネットマーケティング");
        let t = "PR TIMESは";
        assert_eq!(&t[run_before(t, t.len() - 3)..t.len() - 3], "PR TIMES");
    }
}
