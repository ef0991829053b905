//! The other organisations of an incident: its parent, the provider, contractors, recipients, customers.

use std::sync::LazyLock;

use regex::Regex;

use crate::assemble::*;

pub(crate) static PARENT_OF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<parent>{NAME})の(?:100%|完全)?(?:連結)?(?:子会社|グループ会社)(?:の|である|、)(?P<child>{NAME})"
    ))
    .expect("pattern")
});

pub(crate) static CHILD_IS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<child>{NAME})は、?(?P<parent>{NAME})の(?:100%|完全)?(?:連結)?子会社"
    ))
    .expect("pattern")
});

pub(crate) static SUBJECTLESS_CHILD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<parent>{NAME})(?:という会社|という企業)?の(?:100%|完全)?(?:連結)?子会社(?:です|として|であ|になり|となり)"
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
        r"(?P<n>{NAME})に(?:[^。、]{{0,12}}を)?(?:業務)?委託し"
    ))
    .expect("pattern")
});

pub(crate) static PROVIDER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:提供|運営|開発|運用|構築)して(?:いる|いた)(?:のは|のが)(?P<n>{NAME})|(?P<m>{NAME})(?:が|の)(?:提供する|提供している)(?:システム|サービス|クラウド)"
    ))
    .expect("pattern")
});

pub(crate) static OWNER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<n>{NAME})の(?:国内の)?(?:顧客|お客様|会員|取引先|利用者)"
    ))
    .expect("pattern")
});

/// Captures of a pattern line by line over `[lo, hi)`, with each line's start offset,
/// running the regex only on lines holding one of its literal words. The patterns never
/// span a line break, so this finds what a run over the whole entry would.
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
