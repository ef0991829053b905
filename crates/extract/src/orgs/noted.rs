//! Names that news and notices mark off by a note instead of a legal form: where
//! the organisation is (`三輪坂建設(名古屋市)`, `みなと電機(本社・大阪)`), where it
//! is listed (`あおば精機(東証プライム)`), or the kind of firm before a quoted name
//! (`通信販売会社「はなまる通販」`). A name found so is found again wherever the
//! text repeats it.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::kana::kana_led_start;
use super::mentions::{MentionKind, OrgMention};
use super::names::{is_name_char, run_before};
use crate::vocab::VOCAB;

/// A note that says where an organisation is or is listed, right after its name.
static PLACE_NOTE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\((?:本社[:・ ]?|本店[:・ ]?)?(?:",
        // 東京都千代田区, 名古屋市, なぎさ台市本町, 長野県松本市
        r"[\p{Han}\p{Hiragana}\p{Katakana}ー]{1,10}?(?:都|道|府|県|市|区|町|村|郡)[^()、]{0,16}",
        // 東証プライム, 東証スタンダード上場, 証券コード1234
        r"|(?:東証|名証|福証|札証|東京証券取引所|JASDAQ|ジャスダック|マザーズ|証券コード)[^()]{0,24}",
        // 本社・東京
        r"|東京|大阪|名古屋|京都|横浜|神戸|福岡|札幌|仙台|広島",
        r")(?:、[^()]{0,30})?\)"
    ))
    .expect("pattern")
});

/// A kind of firm right before a quoted name: `通信販売会社「…」`, `人材派遣業者「…」`.
static FIRM_QUOTE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:会社|企業|法人|業者|事業者|メーカー|商社|チェーン|団体)「([^「」\n]{2,30})」")
        .expect("pattern")
});

/// What a person's name or title ends with: such a run before a note is no organisation.
const PERSON_ENDS: [&str; 18] = [
    "さん",
    "氏",
    "容疑者",
    "被告",
    "社長",
    "会長",
    "理事長",
    "院長",
    "校長",
    "教授",
    "課長",
    "部長",
    "所長",
    "男性",
    "女性",
    "男",
    "女",
    "者",
];

/// The most names found by a note that are looked for again (each costs one pass).
const MAX_NAMES: usize = 32;

fn acceptable(name: &str) -> bool {
    let n = name.chars().count();
    (2..=30).contains(&n)
        && !name.starts_with(['同', '当', '弊', '本', '各', '全', '他', '第'])
        && !VOCAB.not_orgs.contains(name)
        && !PERSON_ENDS.iter().any(|w| name.ends_with(w))
        && !["会社", "業者", "企業", "事業所"]
            .iter()
            .any(|w| name.ends_with(w))
        && !name
            .chars()
            .all(|c| c.is_ascii_digit() || c == '・' || c == 'ー')
}

/// Mentions of names marked off by a note, and their repetitions, in no particular order.
pub(crate) fn noted_mentions(text: &str) -> Vec<OrgMention> {
    let mut out = Vec::new();
    for (open, _) in text.match_indices('(') {
        if !PLACE_NOTE_RE.is_match(&text[open..]) {
            continue;
        }
        let start = kana_led_start(text, run_before(text, open), open);
        let name = &text[start..open];
        if acceptable(name) {
            out.push(OrgMention {
                start,
                end: open,
                name: name.to_owned(),
                kind: MentionKind::Noted,
            });
        }
    }
    for c in FIRM_QUOTE_RE.captures_iter(text) {
        if let Some(m) = c.get(1)
            && acceptable(m.as_str())
        {
            out.push(OrgMention {
                start: m.start(),
                end: m.end(),
                name: m.as_str().to_owned(),
                kind: MentionKind::Noted,
            });
        }
    }
    // Where the text names them again, without the note.
    let mut names: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for m in &out {
        if m.name.chars().count() >= 3 && seen.insert(m.name.clone()) && names.len() < MAX_NAMES {
            names.push(m.name.clone());
        }
    }
    if names.is_empty() {
        return out;
    }
    let Ok(finder) = AhoCorasick::new(&names) else {
        return out;
    };
    let first: HashSet<usize> = out.iter().map(|m| m.start).collect();
    for hit in finder.find_iter(text) {
        let (s, e) = (hit.start(), hit.end());
        let bounded = !text[..s].chars().next_back().is_some_and(is_name_char)
            && !text[e..].chars().next().is_some_and(is_name_char);
        if bounded && !first.contains(&s) {
            out.push(OrgMention {
                start: s,
                end: e,
                name: text[s..e].to_owned(),
                kind: MentionKind::Noted,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut m = noted_mentions(text);
        m.sort_by_key(|m| m.start);
        m.into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn a_place_or_a_listing_in_brackets_marks_a_name() {
        assert_eq!(
            names("中堅ゼネコンの三輪坂建設(名古屋市)と物流会社のアオバ運輸(福岡市)が"),
            ["三輪坂建設", "アオバ運輸"]
        );
        assert_eq!(names("あおば精機(東証プライム)は"), ["あおば精機"]);
        assert_eq!(names("みなと電機(本社・大阪)は"), ["みなと電機"]);
        assert_eq!(
            names("ことぶき堂(東京都千代田区、以下「ことぶき」)は"),
            ["ことぶき堂"]
        );
        // Ages, people and kinds of firm are not names.
        assert!(names("元社員の男(34)を逮捕").is_empty());
        assert!(names("会社員の女性(横浜市)が").is_empty());
        assert!(names("委託先の印刷会社(さいたま市)が").is_empty());
    }

    #[test]
    fn a_quoted_name_after_a_kind_of_firm_and_its_repetitions() {
        assert_eq!(
            names("通信販売会社「はなまる通販」の顧客情報を…はなまる通販によると、"),
            ["はなまる通販", "はなまる通販"]
        );
        // A service's name in quotes is not its operator's.
        assert!(names("オンラインショップ「ひなた直売所」で").is_empty());
    }
}

/// A short name a notice defines for an organisation: `X株式会社(以下「X社」)`,
/// `Y(本社:米国オハイオ州、以下「ATA」)`, `Z(以下、Z)`.
static ALIAS_DEF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?\([^()]{0,40}?以下(?:、|,)?「?(?P<s>[^「」()、。\s]{1,16}?)」?(?:という。?|といいます。?)?\)")
        .expect("pattern")
});

/// Short names the text defines for named organisations: (short, full), the full
/// name as the mention gives it. A short name that is a word for any body
/// (`当社`, `同社`) defines nothing.
pub(crate) fn alias_definitions(text: &str, mentions: &[OrgMention]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for m in mentions.iter().filter(|m| m.kind.is_name()) {
        let Some(c) = ALIAS_DEF_RE.captures(&text[m.end..]) else {
            continue;
        };
        let Some(short) = c.name("s").map(|s| s.as_str().trim()) else {
            continue;
        };
        if short.is_empty()
            || short == m.name
            || leakwatch_text::is_anaphor(short)
            || short.starts_with(['当', '同', '弊', '本'])
            || out.iter().any(|(s, _)| s == short)
        {
            continue;
        }
        out.push((short.to_owned(), m.name.clone()));
        if out.len() >= MAX_NAMES {
            break;
        }
    }
    out
}

/// Where the text uses the short names: mentions of them (not inside another name).
pub(crate) fn alias_mentions(text: &str, aliases: &[(String, String)]) -> Vec<OrgMention> {
    if aliases.is_empty() {
        return Vec::new();
    }
    let shorts: Vec<&str> = aliases.iter().map(|(s, _)| s.as_str()).collect();
    let Ok(finder) = AhoCorasick::new(&shorts) else {
        return Vec::new();
    };
    finder
        .find_iter(text)
        .filter(|h| {
            !text[..h.start()]
                .chars()
                .next_back()
                .is_some_and(is_name_char)
                && !text[h.end()..]
                    .chars()
                    .next()
                    .is_some_and(|c| is_name_char(c) && c != '社')
        })
        .map(|h| OrgMention {
            start: h.start(),
            end: h.end(),
            name: text[h.start()..h.end()].to_owned(),
            kind: MentionKind::Noted,
        })
        .collect()
}

#[cfg(test)]
mod alias_tests {
    use super::*;
    use crate::orgs::find_mentions;

    #[test]
    fn short_names_a_notice_defines() {
        let text = "当社の連結子会社であるAyase Techno America, Inc.(本社:米国オハイオ州、以下「ATA」)が攻撃を受けました。ATAのサーバーが暗号化されました。";
        let m = find_mentions(text);
        let defs = alias_definitions(text, &m);
        assert_eq!(
            defs,
            [("ATA".to_owned(), "Ayase Techno America, Inc.".to_owned())]
        );
        assert_eq!(alias_mentions(text, &defs).len(), 2);
        let text = "株式会社トラベルクラウド(以下「TC社」)のサーバー";
        let defs = alias_definitions(text, &find_mentions(text));
        assert_eq!(defs[0].0, "TC社");
        // 以下「当社」 defines nothing.
        let text = "株式会社みどり(以下「当社」)は";
        assert!(alias_definitions(text, &find_mentions(text)).is_empty());
    }
}
