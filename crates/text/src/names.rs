//! Organisation names: the normal form they are compared in, and anaphora.

use unicode_normalization::UnicodeNormalization;

/// Legal-form words left out when names are compared: 株式会社ニトムズ and
/// ニトムズ are one organisation.
const LEGAL_FORMS: [&str; 4] = ["株式会社", "(株)", "有限会社", "合同会社"];

/// The form names are compared in: NFKC, legal-form words and spaces dropped,
/// `HD` read as ホールディングス, old kanji folded, lower case.
pub fn norm_key(name: &str) -> String {
    // Kana, common kanji and ASCII are their own NFKC form: skip the tables for them.
    let stable = |c: char| matches!(c, ' '..='~' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{4E00}'..='\u{9FFF}');
    let mut s: String = if name.chars().all(stable) {
        name.to_owned()
    } else {
        name.nfkc().collect()
    };
    for w in LEGAL_FORMS {
        if s.contains(w) {
            s = s.replace(w, "");
        }
    }
    // ホールディングス stays: a holding company and its namesake operating
    // company (ニトムラHD, 株式会社ニトムラ) are two organisations. HD is its short form.
    if let Some(stripped) = s.strip_suffix("HD") {
        s = format!("{stripped}ホールディングス");
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .map(|c| match c {
            '證' => '証',
            '會' => '会',
            '險' => '険',
            '鐵' => '鉄',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name without its legal form, for display as an alias.
pub fn bare_name(name: &str) -> String {
    let mut s = name.to_owned();
    for w in ["株式会社", "(株)", "有限会社", "合同会社"] {
        s = s.replace(w, "");
    }
    s.trim().to_owned()
}

/// What an anaphor opens with: 同 (the one just named), 当 and 弊 (our own).
const ANAPHOR_HEADS: [char; 3] = ['同', '当', '弊'];

/// The kinds of body an anaphor names: 同社, 当委員会, 同大学, 同市 …
pub const ANAPHOR_BODIES: [&str; 22] = [
    "社",
    "委員会",
    "省",
    "庁",
    "機構",
    "大学",
    "法人",
    "グループ",
    "病院",
    "協会",
    "組合",
    "財団",
    "金庫",
    "行",
    "市",
    "県",
    "町",
    "村",
    "区",
    "部",
    "局",
    "課",
];

/// Whether `name` is an anaphor — a word that points at an organisation named
/// elsewhere (`同社`, `当委員会`, `弊社`, `本学`) — rather than a name.
pub fn is_anaphor(name: &str) -> bool {
    let name = name.trim();
    if matches!(
        name,
        "本学" | "本市" | "本県" | "本町" | "本村" | "本院" | "本校"
    ) {
        return true;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(|c| ANAPHOR_HEADS.contains(&c))
        && ANAPHOR_BODIES.contains(&chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_legal_forms() {
        assert_eq!(norm_key("株式会社ニトムズ"), norm_key("(株)ニトムズ"));
        assert_eq!(norm_key("株式会社ニトムズ"), norm_key("（株）ニトムズ"));
        assert_eq!(
            norm_key("岡藤日産証券HD"),
            norm_key("岡藤日産証券ホールディングス")
        );
        assert_ne!(
            norm_key("ニトムラホールディングス株式会社"),
            norm_key("株式会社ニトムラ")
        );
        assert_eq!(norm_key("野村證券"), norm_key("野村証券"));
        assert_eq!(norm_key("PR TIMES"), "prtimes");
        assert_eq!(bare_name("株式会社 ニトムズ"), "ニトムズ");
    }

    #[test]
    fn anaphora_are_not_names() {
        for a in ["同社", "当社", "弊社", "同委員会", "当行", "本学", "同大学"] {
            assert!(is_anaphor(a), "{a}");
        }
        for n in ["日東電工", "同志社大学", "当麻町", "社会", "同"] {
            assert!(!is_anaphor(n), "{n}");
        }
    }
}
