//! NFKC with a map back to the original bytes.
//!
//! Every recognizer reads the normalised text (ASCII digits, `(株)` for `㈱`,
//! half-width katakana composed), but every fact must point into the text the
//! reader saw. [`Normalized`] keeps, for each stretch the normalisation
//! changed, where it came from; unchanged stretches map by a running offset.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A stretch of the original text whose normalised form differs from it.
#[derive(Debug, Clone, Copy)]
struct Changed {
    n_start: u32,
    n_end: u32,
    o_start: u32,
    o_end: u32,
}

/// Normalised text plus the offset map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The NFKC text, with CR LF folded to LF.
    pub text: String,
    changed: Vec<Changed>,
}

/// Characters that are already in NFKC form and never combine with what follows.
fn is_stable(c: char) -> bool {
    matches!(c,
        ' '..='~' | '\n' | '\t'
        | '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{30A1}'..='\u{30FA}'   // katakana
        | '\u{30FC}'                // prolonged sound mark
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{3001}' | '\u{3002}' | '\u{300C}'..='\u{300F}' | '\u{3005}'
    )
}

/// Sound marks that compose with the preceding kana.
fn is_sound_mark(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}' | '\u{FF9E}' | '\u{FF9F}')
}

impl Normalized {
    /// Normalise `original`.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut changed = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            // The unit: this character and any marks that combine with it.
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if is_combining_mark(next) || is_sound_mark(next) {
                    end = i + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let unit = &original[start..end];
            let n_start = text.len();
            if c == '\r' && end == start + 1 {
                // CR LF → LF; a lone CR becomes LF too.
                if !matches!(chars.peek(), Some(&(_, '\n'))) {
                    text.push('\n');
                }
            } else if end == start + c.len_utf8() && is_stable(c) {
                text.push(c);
                continue;
            } else {
                text.extend(unit.nfkc().map(fold));
            }
            if &text[n_start..] != unit {
                changed.push(Changed {
                    n_start: n_start as u32,
                    n_end: text.len() as u32,
                    o_start: start as u32,
                    o_end: end as u32,
                });
            }
        }
        Normalized { text, changed }
    }

    fn locate(&self, p: usize, is_end: bool) -> usize {
        let p32 = p as u32;
        // Last changed stretch starting at or before p.
        let idx = self.changed.partition_point(|c| c.n_start <= p32);
        if idx == 0 {
            return p;
        }
        let c = self.changed[idx - 1];
        if p32 >= c.n_end {
            (p32 + c.o_end - c.n_end) as usize
        } else if p32 == c.n_start || !is_end {
            c.o_start as usize
        } else {
            c.o_end as usize
        }
    }

    /// The original byte range of a normalised byte range.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.locate(start, false);
        let e = self.locate(end, true).max(s);
        (s, e)
    }
}

/// Folds that NFKC leaves alone but that disclosures use interchangeably.
fn fold(c: char) -> char {
    match c {
        '〜' | '～' => '~',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{3000}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(original: &str, normalized: &str) {
        let n = Normalized::new(original);
        assert_eq!(n.text, normalized);
    }

    #[test]
    fn folds_width_and_legal_marks() {
        check("ＡＢＣ１２３ｶﾞｷﾞ", "ABC123ガギ");
        check("㈱ニトムズ（東京都）", "(株)ニトムズ(東京都)");
        check("４，０４０件", "4,040件");
        check("a\r\nb\rc", "a\nb\nc");
        check("令和３年７月１５日（水）", "令和3年7月15日(水)");
    }

    #[test]
    fn spans_map_back_to_the_original() {
        let original = "当社は２０２１年７月１５日、㈱ＡＢＣの件を公表";
        let n = Normalized::new(original);
        let needle = "2021年7月15日";
        let s = n.text.find(needle).unwrap();
        let (os, oe) = n.to_original(s, s + needle.len());
        assert_eq!(&original[os..oe], "２０２１年７月１５日");
        let s = n.text.find("ABC").unwrap();
        let (os, oe) = n.to_original(s, s + 3);
        assert_eq!(&original[os..oe], "ＡＢＣ");
        let s = n.text.find("(株)").unwrap();
        let (os, oe) = n.to_original(s + 1, s + 2);
        assert_eq!(&original[os..oe], "㈱");
    }
}
