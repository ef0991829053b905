//! Names of hiragana (あおば販売株式会社, ひばり病院, 市立ひばり病院): where such a name
//! starts, since the hiragana of a name and of the words before it run together.

use super::mentions::{LEGAL_BEFORE_RE, NAME_END_PARTICLES, PARTICLE_PHRASES, is_hiragana};

/// Where a name before a legal form starts when it opens with hiragana
/// (`であるあおば販売株式会社` → あおば販売株式会社): the hiragana back to the
/// particle or verb ending before it, two to eight of them.
pub(crate) fn kana_led_start(text: &str, start: usize, form: usize) -> usize {
    if start >= form {
        return start;
    }
    // The whole run of hiragana when punctuation, a space or the line's start
    // marks it off (`、みなと通信株式会社`).
    let run: usize = text[..start]
        .chars()
        .rev()
        .take_while(|c| is_hiragana(*c))
        .take(9)
        .map(char::len_utf8)
        .sum();
    let run_chars = text[start - run..start].chars().count();
    // After a legal form the whole run is the name's: 株式会社ぽけっとラボ.
    if (1..=8).contains(&run_chars) && LEGAL_BEFORE_RE.is_match(&text[..start - run]) {
        return start - run;
    }
    // Led by what runs it: 市立いずみ野総合病院, 県立あさひ高校.
    if (2..=8).contains(&run_chars)
        && let Some(lead) = OWNER_LEADS
            .iter()
            .find(|l| text[..start - run].ends_with(**l))
    {
        return start - run - lead.len();
    }
    let marked_off = text[..start - run]
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '、' | '。' | ' ' | '\n' | '「' | '(' | '・' | ':' | 'の'));
    // (A run that ends like a word before a noun — `れれば`, `として` — is no name's start.)
    let run_ends_word = [
        "れば",
        "えば",
        "けば",
        "せば",
        "てば",
        "として",
        "では",
        "には",
        "とは",
        "ても",
        "ので",
        "から",
        "まで",
        "けど",
        "たら",
        "なら",
        "って",
        "ため",
        "ように",
    ]
    .iter()
    .any(|e| text[start - run..start].ends_with(e));
    if (2..=8).contains(&run_chars) && marked_off && !run_ends_word {
        return start - run;
    }
    // After a describing noun and its の (`雑貨販売のこのはな雑貨`), the name is the
    // rest of the run, の of its own included.
    let run_text = &text[start - run..start];
    if let Some(rest) = run_text.strip_prefix('の')
        && (2..=8).contains(&rest.chars().count())
        && !PARTICLE_PHRASES.iter().any(|p| rest.starts_with(p))
        && !VERB_KANA.contains(&rest)
        && !["った", "した", "ている", "ていた", "ない"]
            .iter()
            .any(|e| rest.ends_with(e))
    {
        return start - rest.len();
    }
    // After the ending of a verb or a particle inside the run (`委託しているみらいデータ`,
    // `であるあおば販売`), the rest is the name.
    let split = SPLIT_WORDS
        .iter()
        .filter_map(|w| run_text.rfind(w).map(|i| i + w.len()))
        .max();
    if let Some(cut) = split {
        let rest = &run_text[cut..];
        if (2..=8).contains(&rest.chars().count())
            && !rest.starts_with(NAME_END_PARTICLES)
            && !VERB_KANA.contains(&rest)
        {
            return start - rest.len();
        }
    }
    let mut s = start;
    let mut n = 0;
    for c in text[..start].chars().rev() {
        if !is_hiragana(c) || n >= 8 {
            break;
        }
        // What ends the words before a name: particles and verb endings.
        if matches!(
            c,
            'の' | 'は'
                | 'が'
                | 'を'
                | 'で'
                | 'と'
                | 'に'
                | 'へ'
                | 'も'
                | 'や'
                | 'る'
                | 'た'
                | 'て'
                | 'し'
                | 'い'
        ) {
            break;
        }
        s -= c.len_utf8();
        n += 1;
    }
    if n >= 2 { s } else { start }
}

/// Endings of verbs and particles that end the words before a name of hiragana.
const SPLIT_WORDS: [&str; 16] = [
    "ている",
    "ていた",
    "ています",
    "である",
    "にある",
    "した",
    "する",
    "される",
    "された",
    "れる",
    "れた",
    "から",
    "より",
    "への",
    "との",
    "での",
];

/// Verbs in hiragana that follow a noun and its の (`可能性のある利用者`): no name.
const VERB_KANA: [&str; 16] = [
    "ある",
    "いる",
    "する",
    "なる",
    "いた",
    "あった",
    "なった",
    "できる",
    "よる",
    "おける",
    "かかる",
    "みる",
    "いう",
    "れる",
    "られる",
    "ような",
];

/// What says who runs a school or a hospital, before its name: 市立, 県立 ….
pub(super) const OWNER_LEADS: [&str; 11] = [
    "市立", "県立", "町立", "村立", "区立", "都立", "府立", "道立", "国立", "私立", "公立",
];

/// Words of hiragana that stand before a noun without naming anything.
const NOT_KANA_NAMES: [&str; 12] = [
    "その",
    "この",
    "あの",
    "どの",
    "ほか",
    "いずれ",
    "すべて",
    "これら",
    "それら",
    "ある",
    "おもな",
    "ひとつ",
];

/// Where a name of two to eight hiragana ends at `at` (an ending such as 病院 follows),
/// marked off before by punctuation, a line's start or `の`, or led by `X立`
/// (市立ひばり病院); `at` when there is none.
pub(super) fn kana_before_suffix(text: &str, at: usize) -> usize {
    let run: usize = text[..at]
        .chars()
        .rev()
        .take_while(|c| is_hiragana(*c))
        .take(9)
        .map(char::len_utf8)
        .sum();
    let s = at - run;
    let kana = &text[s..at];
    let n = kana.chars().count();
    if !(2..=8).contains(&n)
        || kana.ends_with(NAME_END_PARTICLES)
        || NOT_KANA_NAMES.iter().any(|w| kana.starts_with(w))
    {
        return at;
    }
    let head = &text[..s];
    if let Some(lead) = OWNER_LEADS.iter().find(|l| head.ends_with(**l)) {
        return s - lead.len();
    }
    let marked_off = head.chars().next_back().is_none_or(|c| {
        matches!(
            c,
            '、' | '。' | ' ' | '\n' | '「' | '(' | '・' | ':' | 'の' | '　'
        )
    });
    if marked_off { s } else { at }
}
