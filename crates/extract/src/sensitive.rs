//! 要配慮個人情報 (個人情報保護法 第2条第3項): data about health, diagnoses and
//! treatment, disabilities, criminal records, creed, race and social status,
//! whose leak makes a report to the 個人情報保護委員会 mandatory (施行規則第7条第1号)
//! whatever the count. Found where a sentence lists leaked data; a sentence that
//! says such data was kept elsewhere or not affected does not count.

use std::sync::LazyLock;

use regex::Regex;

/// Words naming 要配慮個人情報 as data.
static SENSITIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"要配慮個人情報|病歴|病名|傷病名|診断(?:名|結果|内容)|診療(?:内容|科|記録|情報)|受診(?:歴|内容|科|された診療科|される診療科)",
        r"|症状|既往歴|検査結果|健康診断|健診結果|服薬|処方(?:内容|薬|歴)?|カルテ|治療(?:内容|歴)|障害の(?:有無|内容|程度)|障害者手帳",
        r"|犯罪(?:歴|経歴)|前科|逮捕歴|信条|人種|社会的身分|妊娠|遺伝",
    ))
    .expect("pattern")
});

/// A sentence that keeps the data out: kept elsewhere, not affected, not included.
static NOT_AFFECTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:影響|被害)(?:は|を)(?:受けて|及んで)(?:い|お)(?:ません|らず)|含まれて(?:い|お)(?:ません|らず)",
        r"|別(?:の)?(?:システム|サーバー?)で(?:管理|保管)|対象外|保存されて(?:い|お)(?:ません|らず)",
        r"|含まない|含みません|漏えいしていない|流出していない",
    ))
    .expect("pattern")
});

/// Where a sentence `text[lo..hi]` names 要配慮個人情報 among the data it lists.
pub fn find_sensitive(text: &str, lo: usize, hi: usize) -> Option<(usize, usize)> {
    let s = text.get(lo..hi)?;
    if NOT_AFFECTED_RE.is_match(s) {
        return None;
    }
    SENSITIVE_RE.find(s).map(|m| (lo + m.start(), lo + m.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Option<&str> {
        find_sensitive(s, 0, s.len()).map(|(a, b)| &s[a..b])
    }

    #[test]
    fn health_and_records_are_sensitive() {
        assert_eq!(
            found("患者150名分の氏名、生年月日、病名および診療内容が保存されていました。"),
            Some("病名")
        );
        assert_eq!(
            found("受診された診療科と症状のメモ"),
            Some("受診された診療科")
        );
        assert_eq!(
            found("職員の健康診断の結果を含むファイル"),
            Some("健康診断")
        );
    }

    #[test]
    fn data_kept_elsewhere_or_other_words_are_not() {
        assert_eq!(
            found("電子カルテは別のシステムで管理しており、今回の攻撃の影響は受けておりません。"),
            None
        );
        assert_eq!(
            found("氏名、住所、電話番号が流出した可能性があります。"),
            None
        );
    }
}
