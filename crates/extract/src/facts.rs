//! Recognizers that read one sentence of normalised text: counts, money,
//! data kinds, cause cues, harm and responses. Each returns what it found with
//! the byte range it found it in; none decides which incident a fact belongs to.

use std::sync::LazyLock;

use leakwatch_model::{Cause, DataKind, ResponseKind};
use regex::Regex;

use crate::number::parse_at;
use crate::vocab::VOCAB;

/// A number with its counter word.
#[derive(Debug, Clone, PartialEq)]
pub struct CountFact {
    /// Byte range of number and counter.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The value.
    pub value: u64,
    /// The counter, as reported (`名分` → `名`).
    pub unit: String,
    /// Whether it is an affected quantity (not page views, staff or recipients).
    pub affected: bool,
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            ',' | '.'
                | '〇'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '千'
                | '万'
                | '億'
                | '兆'
        )
}

/// The number that ends exactly at `end`, as (start, value).
fn number_ending_at(text: &str, lo: usize, end: usize) -> Option<(usize, f64)> {
    let mut start = end;
    for (i, c) in text[lo..end].char_indices().rev() {
        if is_number_char(c) {
            start = lo + i;
        } else {
            break;
        }
    }
    // Try the longest stretch first, then shorter ones (`第1` in `第14`, a leading `,`).
    let mut s = start;
    while s < end {
        if let Some(n) = parse_at(text, s)
            && s + n.len == end
        {
            return Some((s, n.value));
        }
        s += text[s..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Context before a number that makes it something other than an affected quantity.
const NOT_AFFECTED_BEFORE: &[&str] = &[
    "月間",
    "年間",
    "毎月",
    "毎日",
    "1日あたり",
    "従業員",
    "社員数",
    "職員数",
    "利用者数",
    "導入",
    "拠点",
    "登録者数",
    "会員数は",
    "累計",
    "以上の企業",
];

/// What follows a count of the people whose data it is: `名分の`, `名の個人情報`, `人の氏名`.
static DATA_OF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:分)?の(?:個人)?(?:情報|氏名|データ|メールアドレス|住所|連絡先)")
        .expect("data-of pattern")
});
/// Those who could see the data or got it, before their count: `閲覧可能な医師 154名`,
/// `流出先として…18社`.
static VIEWERS_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:閲覧可能|閲覧でき)(?:な|た|る)?(?:医師|者|職員|ユーザー|利用者|人)|流出先|送信先|送付先|受信者|誤送信先")
        .expect("viewers pattern")
});

/// A count of people or firms something was handed to: `部下2名に開示`.
static HANDED_TO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\)?(?:の[^、。]{1,8}?)?(?:に|へ|宛|あて)[^。]{0,10}?(?:開示|提供|転送|共有|渡)")
        .expect("recipient pattern")
});
/// A count of those the data flowed to: `顧客18社に対して、…が流出した可能性`.
static FLOWED_TO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:に対して|に対し)[^。]{0,40}?流出").expect("flowed-to pattern")
});

/// A count of people a mail or file was sent to: `1名の学生に、…を添付して送信`.
static SENT_TO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\)?(?:の[^、。]{1,8}?)?(?:に|へ|宛|あて)[^。]{0,60}?送")
        .expect("recipient pattern")
});

/// Mails an attacker sent, before their count: `迷惑メール約3万通`, `不審なメールを約3000通`.
static SPAM_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:迷惑|スパム|不審な?|フィッシング|なりすまし|偽の?|詐欺)メール")
        .expect("spam pattern")
});

/// Counts in `text[lo..hi]`.
pub fn find_counts(text: &str, lo: usize, hi: usize) -> Vec<CountFact> {
    let mut out = Vec::new();
    let sentence = &text[lo..hi];
    let mut recipients = Vec::new();
    for (cs, ce, unit) in VOCAB.counters.find_iter(sentence) {
        let (cs, ce) = (lo + cs, lo + ce);
        let Some((ns, value)) = number_ending_at(text, lo, cs) else {
            continue;
        };
        if value < 1.0 || value.fract() != 0.0 || value > 1e13 {
            continue;
        }
        let before: &str = {
            let mut b = ns;
            for _ in 0..12 {
                match text[lo..b].chars().next_back() {
                    Some(c) if !matches!(c, '。') => b -= c.len_utf8(),
                    _ => break,
                }
            }
            &text[b..ns]
        };
        let after = &text[ce..hi];
        let kanji_only = !text[ns..cs].chars().any(|c| c.is_ascii_digit());
        // `従業員410名の情報`: the people are whose data it is, whatever the word before says.
        let whose_data = DATA_OF_RE.is_match(after);
        let mut affected = (whose_data || !NOT_AFFECTED_BEFORE.iter().any(|w| before.contains(w)))
            && !after.starts_with("を除く")
            && !after.starts_with("以下")
            && !after.starts_with("目")
            && !HANDED_TO_RE.is_match(after)
            && !before.ends_with("この")
            && !before.ends_with("その")
            && !before.ends_with('同')
            && !before.ends_with('第')
            && !before.ends_with('数');
        // `職員1名が受信した`, `担当者2名に`, `営業担当者3名により`: the people who
        // acted, not whose data it was.
        let who = before.trim_end_matches(['は', 'が']);
        // Staff and people in charge (…員, 担当者), never the data's subjects (患者, 利用者).
        let person_before = VOCAB.list("staff").iter().any(|w| who.ends_with(w))
            || who.ends_with('員')
            || ["担当者", "担者", "責任者", "作業者"]
                .iter()
                .any(|w| who.ends_with(w));
        if person_before
            && ["が", "に", "により", "による", "で", "と", "の", "は"]
                .iter()
                .any(|p| after.starts_with(p))
            && !whose_data
        {
            affected = false;
        }
        // `2人で番号を確認する`, `3人体制で`: how many did something.
        if ["で確認", "で対応", "で作業", "体制", "がかり", "一組"]
            .iter()
            .any(|p| after.starts_with(p))
        {
            affected = false;
        }
        // `迷惑メール約3万通が送信された`: mails an attacker sent, not records.
        if unit == "通" && SPAM_BEFORE_RE.is_match(before) {
            affected = false;
        }
        // `事案が3件発生`: a count of incidents, not of records.
        if [
            "事案",
            "事故",
            "案件",
            "事件",
            "事象",
            "インシデント",
            "件数",
        ]
        .iter()
        .any(|w| who.ends_with(w))
        {
            affected = false;
        }
        // Those who could see it, or got it.
        let clause_before = &text[lo..ns];
        let clause_before = clause_before
            .rfind(['。', '\n'])
            .map_or(clause_before, |p| &clause_before[p..]);
        // …unless the count is of the data itself (`送信先のメールアドレス213件`).
        let data_counted = VOCAB
            .data
            .find_iter(before)
            .last()
            .is_some_and(|(_, e, _)| e == before.len());
        if VIEWERS_BEFORE_RE.is_match(clause_before) && !DATA_OF_RE.is_match(after) && !data_counted
        {
            affected = false;
        }
        // 一人ひとり, 一件一件: a lone kanji one is not a count.
        if kanji_only && value == 1.0 {
            affected = false;
        }
        let sent_to = SENT_TO_RE.is_match(after);
        if FLOWED_TO_RE.is_match(after) {
            affected = false;
        }
        out.push(CountFact {
            start: ns,
            end: ce,
            value: value as u64,
            unit: unit.clone(),
            affected: affected && !sent_to,
        });
        // Remember it: a recipient count stands only when the sentence has no other count.
        if sent_to && affected {
            recipients.push(out.len() - 1);
        }
    }
    // The wrong recipients of a mail are what a misdelivery exposed, unless the
    // sentence counts the people whose data went out (443名の個人情報を1名の学生に).
    if !out.iter().any(|c| c.affected) {
        for i in recipients {
            out[i].affected = true;
        }
    }
    out
}

/// A yen amount stated as the incident's cost.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyFact {
    /// Byte range of the amount.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// Yen.
    pub yen: u64,
}

/// Yen amounts in `text[lo..hi]` that a clause calls a loss or cost of the incident.
pub fn find_losses(text: &str, lo: usize, hi: usize) -> Vec<MoneyFact> {
    let mut out = Vec::new();
    let sentence = &text[lo..hi];
    // A figure revised away makes the next one its replacement, read against the sentence.
    let mut revised = false;
    for (i, _) in sentence.match_indices('円') {
        let at = lo + i;
        let Some((ns, value)) = number_ending_at(text, lo, at) else {
            continue;
        };
        // The clause: between the commas around the amount.
        let cstart = text[lo..ns]
            .char_indices()
            .rfind(|&(_, c)| matches!(c, '、' | ','))
            .map_or(lo, |(p, c)| lo + p + c.len_utf8());
        let cend = text[at..hi].find(['、', ',', '。']).map_or(hi, |p| at + p);
        let clause = &text[cstart..cend];
        // 36億円から24億円に修正, 36億円→24億円: the figure revised away is not the cost.
        let after = &text[at + '円'.len_utf8()..hi];
        let revised_to = (after.starts_with("から") || after.starts_with('→'))
            && [
                "修正",
                "訂正",
                "変更",
                "見直",
                "引き下げ",
                "引き上げ",
                "増加",
                "減少",
                "→",
            ]
            .iter()
            .any(|w| after.contains(w));
        // 9億円としておりましたが、…12億5千万円に訂正: a figure told as what was said
        // or expected before, with a later figure in the same sentence.
        let until_next = after.find('円').map_or(after, |p| &after[..p]);
        let earlier = after.contains('円')
            && [
                "ておりましたが",
                "でおりましたが",
                "ていましたが",
                "でいましたが",
                "ていたが",
                "でいたが",
                "でしたが",
            ]
            .iter()
            .any(|w| until_next.contains(w));
        let superseded = revised_to || earlier;
        if superseded {
            revised = VOCAB
                .list("loss")
                .iter()
                .any(|w| sentence[..i].contains(w) || clause.contains(w));
            continue;
        }
        let clause = if revised { sentence } else { clause };
        revised = false;
        if VOCAB.list("loss").iter().any(|w| clause.contains(w))
            && !VOCAB.list("not_loss").iter().any(|w| clause.contains(w))
        {
            out.push(MoneyFact {
                start: ns,
                end: at + '円'.len_utf8(),
                yen: value.round() as u64,
            });
        }
    }
    out
}

/// A data-kind word.
#[derive(Debug, Clone, PartialEq)]
pub struct DataFact {
    /// Byte range of the word.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The kind.
    pub kind: DataKind,
}

const DATA_NEGATIONS: &[&str] = &[
    "ではない",
    "漏洩していない",
    "漏えいしていない",
    "漏洩しておりません",
    "漏えいしておりません",
    "流出していない",
    "含まれておらず",
    "含まれていない",
    "含まれておりません",
    "含まれません",
    "含まれず",
    "含まれていません",
    "対象外",
    "かのような",
    "ではありません",
    "保持しておりません",
    "保持していない",
    "保持しておらず",
    "保有しておりません",
    "保有していない",
    "保有しておらず",
    "表示されない",
    "表示されません",
    "保存していない",
    "保存しておりません",
    "保存しておらず",
    "記録されていない",
    "記載されていない",
    "記載されておりません",
    "流出しておりません",
    "漏れていない",
    "閲覧されていない",
];
const NOT_DATA_AFTER: &[&str] = &[
    // The means or the target, not what leaked: `パスワード入力`, `大学に対して`,
    // `メールアドレスに個人情報入りのファイルを送信`.
    "入力",
    "に対",
    "に送",
    "へ送",
    "に誤",
    "に個人",
    "にファイル",
    "に添付",
    "宛",
    "あて",
    "に誤り",
    "の入力",
    "を誤",
    "の誤り",
    "を入力",
    "をリセット",
    "を変更",
    "の変更",
    "を使",
    "の再設定",
    "を再設定",
    "の設定",
];

/// Data kinds in `text[lo..hi]`, if the sentence speaks of leaked data.
pub fn find_data(text: &str, lo: usize, hi: usize, list_context: bool) -> Vec<DataFact> {
    let sentence = &text[lo..hi];
    // A negation covers its own clause: `…取引履歴で、パスワードは含まれていない`.
    let clauses = clause_bounds(sentence);
    let negated = |at: usize| {
        clauses
            .iter()
            .find(|(s, e)| *s <= at && at < *e)
            .is_some_and(|(s, e)| DATA_NEGATIONS.iter().any(|n| sentence[*s..*e].contains(n)))
    };
    let found: Vec<DataFact> = VOCAB
        .data
        .find_iter(sentence)
        .filter(|(s, e, _)| {
            !negated(*s) && !NOT_DATA_AFTER.iter().any(|w| sentence[*e..].starts_with(w))
        })
        .map(|(s, e, k)| DataFact {
            start: lo + s,
            end: lo + e,
            kind: *k,
        })
        .collect();
    if found.is_empty() {
        return found;
    }
    let speaks_of_leak = VOCAB
        .list("data_verbs")
        .iter()
        .any(|v| sentence.contains(v));
    // A bare list of three or more kinds under a heading about the leak is a data sentence too.
    if speaks_of_leak || (list_context && found.len() >= 2) || found.len() >= 4 {
        let mut found = found;
        // Items of the same list that name a kind outside the enumeration.
        let known: Vec<std::ops::Range<usize>> =
            found.iter().map(|d| d.start - lo..d.end - lo).collect();
        for r in crate::enumeration::other_items(sentence, &known) {
            if !negated(r.start) {
                found.push(DataFact {
                    start: lo + r.start,
                    end: lo + r.end,
                    kind: DataKind::Other,
                });
            }
        }
        found
    } else {
        Vec::new()
    }
}

/// Clauses of a sentence, split where one statement ends and another begins
/// (`…で、`, `…が、`, `…ものの、`), not at the commas of a list.
fn clause_bounds(sentence: &str) -> Vec<(usize, usize)> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:で|が|ものの|けれど|ますが|ですが|おり|ており)、").expect("pattern")
    });
    let mut out = Vec::new();
    let mut start = 0;
    for m in SPLIT.find_iter(sentence) {
        out.push((start, m.end()));
        start = m.end();
    }
    out.push((start, sentence.len()));
    out
}

/// A cause cue.
#[derive(Debug, Clone, PartialEq)]
pub struct CauseFact {
    /// Byte range of the cue.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The class.
    pub cause: Cause,
    /// Its weight.
    pub weight: u32,
    /// A finer description.
    pub detail: Option<String>,
}

/// Cause cues in `text[lo..hi]`, negated ones left out.
pub fn find_causes(text: &str, lo: usize, hi: usize) -> Vec<CauseFact> {
    let sentence = &text[lo..hi];
    VOCAB
        .causes
        .find_iter(sentence)
        .filter(|(_, e, _)| {
            let after: String = sentence[*e..].chars().take(12).collect();
            !VOCAB
                .list("cue_negations")
                .iter()
                .any(|n| after.contains(n))
        })
        .map(|(s, e, c)| CauseFact {
            start: lo + s,
            end: lo + e,
            cause: c.cause,
            weight: c.weight,
            detail: c.detail.clone(),
        })
        .collect()
}

static MISUSE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"不正利用|不正使用|不正に利用|不正に使用|悪用され|を悪用した|を悪用して|不正送金|二次被害|不正購入|不正な引き出し|不正出金").expect("misuse pattern")
});

/// Leaked data put to use: sales calls made with it, spoofed mail sent with it, harm done.
static MISUSED_BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:勧誘|営業|詐欺|架空請求)(?:に使われ|に利用され|に使用され|電話がかけられ|の電話がかか|を受けた|に悪用)|実害が(?:出て|出た|発生)")
        .expect("misuse pattern")
});

/// What a misuse word is about when it is not the leaked data: the account or the
/// system abused, the weakness exploited (`脆弱性を悪用され`, `アカウントが不正に利用され`).
static NOT_DATA_MISUSE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:アカウント|脆弱性|システム|サーバ|機器|VPN|端末|パスワード|ID)(?:が|を|の)?[^、。]{0,10}$")
        .expect("pattern")
});

/// Where `text[lo..hi]` says leaked data was actually misused.
pub fn find_misuse(text: &str, lo: usize, hi: usize) -> Option<(usize, usize)> {
    let sentence = &text[lo..hi];
    if let Some(m) = MISUSED_BY_RE.find(sentence) {
        let clause: String = sentence[m.end()..]
            .chars()
            .take(20)
            .take_while(|&c| c != '。')
            .collect();
        if !VOCAB
            .list("misuse_negations")
            .iter()
            .any(|n| clause.contains(n))
        {
            return Some((lo + m.start(), lo + m.end()));
        }
    }
    for m in MISUSE_RE.find_iter(sentence) {
        let before = &sentence[..m.start()];
        let before = before.rfind(['、', '。']).map_or(before, |p| &before[p..]);
        if NOT_DATA_MISUSE_RE.is_match(before) {
            continue;
        }
        let clause: String = sentence[m.end()..]
            .chars()
            .take(30)
            .take_while(|&c| c != '。')
            .collect();
        if VOCAB
            .list("misuse_negations")
            .iter()
            .any(|n| clause.contains(n))
        {
            continue;
        }
        if VOCAB
            .list("misuse_affirm")
            .iter()
            .any(|a| clause.contains(a))
        {
            return Some((lo + m.start(), lo + m.end()));
        }
    }
    None
}

/// A response cue.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCue {
    /// Byte range.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// What was done.
    pub kind: ResponseKind,
}

/// Response cues in `text[lo..hi]`.
pub fn find_responses(text: &str, lo: usize, hi: usize) -> Vec<ResponseCue> {
    let sentence = &text[lo..hi];
    VOCAB
        .responses
        .find_iter(sentence)
        .filter(|(_, _, k)| match k {
            // Naming the PPC or the police is not yet a report to them.
            ResponseKind::RegulatorReport => ["報告", "届出", "届け出", "速報"]
                .iter()
                .any(|v| sentence.contains(v)),
            ResponseKind::PoliceReport => ["相談", "届", "通報", "捜査", "連携", "被害届"]
                .iter()
                .any(|v| sentence.contains(v)),
            _ => true,
        })
        .map(|(s, e, k)| ResponseCue {
            start: lo + s,
            end: lo + e,
            kind: *k,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(s: &str) -> Vec<(u64, String, bool)> {
        find_counts(s, 0, s.len())
            .into_iter()
            .map(|c| (c.value, c.unit, c.affected))
            .collect()
    }

    #[test]
    fn counts_and_their_counters() {
        assert_eq!(
            counts("メールアドレス111件が流出"),
            [(111, "件".into(), true)]
        );
        assert_eq!(counts("学生の情報443名分"), [(443, "名".into(), true)]);
        assert_eq!(
            counts("会員企業13社14アカウント"),
            [(13, "社".into(), true), (14, "アカウント".into(), true)]
        );
        assert_eq!(counts("171万件にのぼる"), [(1_710_000, "件".into(), true)]);
        assert_eq!(
            counts("クレジットカード情報(4,040件)"),
            [(4040, "件".into(), true)]
        );
    }

    #[test]
    fn counts_that_are_not_affected() {
        assert!(!counts("月間21,000件")[0].2);
        assert!(!counts("従業員数は連結ベースでも600人以下")[0].2);
        assert!(counts("従業員410名の情報が外部に持ち出された")[0].2);
        assert!(!counts("従業員300名の当社では")[0].2);
        assert!(!counts("職員1名が受信したメール")[0].2);
        assert!(!counts("1名の学生に、443名の情報のファイルを添付して送信")[0].2);
        assert!(counts("第三者(1名)に誤送信")[0].2);
        assert!(!counts("部下2名に開示した")[0].2);
        assert!(!counts("この3名を除く第三者")[0].2);
        assert!(counts("氏名、性別").is_empty());
        assert!(!counts("お客様一人ひとり")[0].2);
    }

    #[test]
    fn loss_clauses_split_on_japanese_commas() {
        // A regression: the clause start was one byte into a three-byte comma.
        let s = "調査費用、補償費用等として、特別損失3億2千万円を計上いたしました。";
        let got: Vec<u64> = find_losses(s, 0, s.len())
            .into_iter()
            .map(|m| m.yen)
            .collect();
        assert_eq!(got, [320_000_000]);
    }

    #[test]
    fn losses_are_labelled_amounts() {
        let s =
            "関連費用として96百万円の特別損失を計上したうえで、経常利益192百万円、66百万円の増益";
        let got: Vec<u64> = find_losses(s, 0, s.len())
            .into_iter()
            .map(|m| m.yen)
            .collect();
        assert_eq!(got, [96_000_000]);
    }

    #[test]
    fn a_loss_told_as_said_or_expected_before_gives_way_to_the_later_one() {
        for (s, yen) in [
            (
                "特別損失180百万円を計上する見込みである旨を公表しておりましたが、精査の結果、特別損失265百万円を計上いたしました。",
                265_000_000,
            ),
            (
                "特別損失の金額を9億円としておりましたが、追加の費用が判明したため、12億5千万円に訂正いたします。",
                1_250_000_000,
            ),
            (
                "当初は損失を4億円と見込んでいましたが、最終的な特別損失は3億6千万円となった。",
                360_000_000,
            ),
            (
                "特別損失を2億円から3億円に増加修正いたします。",
                300_000_000,
            ),
        ] {
            let got: Vec<u64> = find_losses(s, 0, s.len())
                .into_iter()
                .map(|m| m.yen)
                .collect();
            assert_eq!(got.first(), Some(&yen), "{s}");
        }
    }

    #[test]
    fn data_needs_a_leak_and_respects_negation() {
        let s = "漏えいした情報は、会社名、氏名、電話番号です。";
        let got: Vec<DataKind> = find_data(s, 0, s.len(), false)
            .into_iter()
            .map(|d| d.kind)
            .collect();
        assert_eq!(got, [DataKind::Company, DataKind::Name, DataKind::Phone]);
        let s = "住所、電話番号、メールアドレスについては含まれていないとしています。";
        assert!(find_data(s, 0, s.len(), false).is_empty());
        let s = "個人用メールアドレス宛にメールを送信";
        assert!(find_data(s, 0, s.len(), false).is_empty());
        let s =
            "表示されたのは氏名、直近の取引履歴で、パスワードやカード番号は含まれていないという。";
        let got: Vec<DataKind> = find_data(s, 0, s.len(), false)
            .into_iter()
            .map(|d| d.kind)
            .collect();
        assert_eq!(got, [DataKind::Name, DataKind::Transactions]);
    }

    #[test]
    fn misuse_is_affirmed_not_feared() {
        let s = "クレジットカード情報が不正利用された可能性があることを確認した";
        assert!(find_misuse(s, 0, s.len()).is_some());
        let s = "現時点で不正利用は確認されていません";
        assert!(find_misuse(s, 0, s.len()).is_none());
        let s = "不正利用を防止するため";
        assert!(find_misuse(s, 0, s.len()).is_none());
        let s = "VPN機器の脆弱性を悪用して行われたものと推定されます";
        assert!(find_misuse(s, 0, s.len()).is_none());
    }
}
