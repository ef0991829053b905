//! Items of a list of data kinds that name a kind outside the gold format's
//! enumeration: `氏名や生年月日、病棟名、担当療法士名などが記録されていた` lists
//! 病棟名 and 担当療法士名 beside two known kinds; they are `other`.
//!
//! A list is found from the known kinds in it: from each, the items on either
//! side are read across the list's separators (`、`, `・`, `や`, `及び` …) for as
//! long as they look like the name of a piece of data — a short noun phrase
//! ending in a word for one (`…名`, `…番号`, `…額`, `…の内容`, `…状況`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// What separates the items of a list.
static SEPARATOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"、|・|,|や|及び|および|並びに|ならびに").expect("pattern"));

/// What ends the last item: `…などが`, `…等の`, `…といった`.
static CLOSER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:など|等|といった|を含む|が|を|の(?:情報|データ|個人情報|一部)|は|も|に|で|\)|」)",
    )
    .expect("pattern")
});

/// Words that end the name of a piece of data.
/// (`…情報` is not one: 個人情報, 担当者情報 name no kind.)
const HEADS: [&str; 26] = [
    "名",
    "番号",
    "履歴",
    "内容",
    "額",
    "状況",
    "記録",
    "データ",
    "写し",
    "コード",
    "区分",
    "種別",
    "明細",
    "残高",
    "金額",
    "点数",
    "評定",
    "数",
    "量",
    "歴",
    "名称",
    "ネーム",
    "年月日",
    "有無",
    "日",
    "科",
];

/// Characters an item never holds: verbs, particles of a clause, punctuation.
fn clause_like(item: &str) -> bool {
    item.contains([
        'が', 'を', 'は', 'で', 'に', 'た', 'る', 'て', 'し', '。', '「', '」', '(', ')', ':',
    ])
}

/// A participle inside an item: `受診された診療科`.
static PARTICIPLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}\p{Katakana}ー]+(?:された|した)[\p{Han}\p{Katakana}ー]+$")
        .expect("pattern")
});

fn data_like(item: &str) -> bool {
    let n = item.chars().count();
    (2..=15).contains(&n)
        && (!clause_like(item) || PARTICIPLE_RE.is_match(item))
        && !["同日", "本日", "当日", "翌日", "前日", "毎日", "休日"].contains(&item)
        && HEADS
            .iter()
            .any(|h| item.ends_with(h) && item.len() > h.len())
        && !item.chars().any(|c| c.is_ascii_digit())
}

/// Items of the lists in `sentence` that hold the known kinds at `known` (byte
/// ranges into `sentence`) and are not known kinds themselves.
pub fn other_items(sentence: &str, known: &[Range<usize>]) -> Vec<Range<usize>> {
    if known.is_empty() {
        return Vec::new();
    }
    // The sentence cut at its separators: items with their ranges.
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    for m in SEPARATOR_RE.find_iter(sentence) {
        items.push(from..m.start());
        from = m.end();
    }
    items.push(from..sentence.len());
    let holds_known = |r: &Range<usize>| known.iter().any(|k| k.start < r.end && r.start < k.end);
    let mut out = Vec::new();
    let mut taken = vec![false; items.len()];
    for (i, r) in items.iter().enumerate() {
        if !holds_known(r) {
            continue;
        }
        // Walk away from the known item on both sides while items look like data.
        for dir in [-1i64, 1] {
            let mut j = i as i64 + dir;
            while j >= 0 && (j as usize) < items.len() {
                let ju = j as usize;
                let r = items[ju].clone();
                if holds_known(&r) {
                    j += dir;
                    continue;
                }
                let mut item = &sentence[r.clone()];
                // The first item of the list may follow its owner (`奨学生の`); the last
                // ends at its closer (`…などが記録されていた`).
                if dir < 0 {
                    item = item.rsplit('の').next().unwrap_or(item);
                } else if let Some(c) = CLOSER_RE.find(item) {
                    item = &item[..c.start()];
                }
                let item_start = r.start + sentence[r.clone()].find(item).unwrap_or(0);
                let trimmed = item.trim();
                if !data_like(trimmed) {
                    break;
                }
                if !taken[ju] {
                    taken[ju] = true;
                    let s = item_start + (item.len() - item.trim_start().len());
                    out.push(s..s + trimmed.len());
                }
                // A closed last item ends the list.
                if dir > 0 && item.len() < r.len() {
                    break;
                }
                j += dir;
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn others(sentence: &str, known: &[&str]) -> Vec<String> {
        let ranges: Vec<Range<usize>> = known
            .iter()
            .filter_map(|k| sentence.find(k).map(|s| s..s + k.len()))
            .collect();
        other_items(sentence, &ranges)
            .into_iter()
            .map(|r| sentence[r].to_owned())
            .collect()
    }

    #[test]
    fn unknown_items_beside_known_kinds() {
        assert_eq!(
            others(
                "氏名や生年月日、病棟名、担当療法士名などが記録されていた",
                &["氏名", "生年月日"]
            ),
            ["病棟名", "担当療法士名"]
        );
        assert_eq!(
            others(
                "奨学生の氏名、住所、電話番号、貸与額などのデータを複製していた",
                &["氏名", "住所", "電話番号"]
            ),
            ["貸与額"]
        );
        assert_eq!(
            others(
                "ニックネーム、氏名、生年月日、保有ポイント数が表示された",
                &["氏名", "生年月日"]
            ),
            ["ニックネーム", "保有ポイント数"]
        );
    }

    #[test]
    fn clauses_and_lone_words_are_no_items() {
        assert!(
            others(
                "氏名と住所が流出し、現時点で不正利用の報告はない",
                &["氏名", "住所"]
            )
            .is_empty()
        );
        assert!(
            others(
                "顧客の氏名、電話番号が外部に流出した",
                &["氏名", "電話番号"]
            )
            .is_empty()
        );
    }
}
