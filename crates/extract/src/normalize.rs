//! NFKC with a map back to the original bytes.
//!
//! Every recognizer reads the normalised text (ASCII digits, `(株)` for `㈱`,
//! half-width katakana composed), but every fact must point into the text the
//! reader saw. [`Normalized`] keeps, for each stretch the normalisation
//! changed, where it came from; unchanged stretches map by a running offset.
//!
//! Text taken out of a PDF comes with the layout's spaces and line breaks in
//! the middle of words: `2021 年 8 月 15 日`, `約 750 百万円`, a letter-spaced
//! heading `会 社 名`, a sentence wrapped at the page width. Those spaces and
//! breaks are removed too (and mapped back like every other change), so that
//! dates, amounts and sentences read as they were written.

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
        let mut n = Normalized { text, changed };
        let removals = layout_gaps(&n.text);
        if !removals.is_empty() {
            n.remove(&removals);
        }
        n
    }

    /// Removes byte ranges (of unchanged text) from the normalised text, each
    /// becoming an empty stretch that maps to what it was in the original.
    fn remove(&mut self, ranges: &[(usize, usize)]) {
        // A range may swallow stretches already changed (a U+3000 that became a
        // space), so normalising twice changes nothing more; a range that cuts
        // through one is left alone.
        let inside = |c: &Changed, s: usize, e: usize| s as u32 <= c.n_start && c.n_end <= e as u32;
        let clear = |&&(s, e): &&(usize, usize)| {
            !self
                .changed
                .iter()
                .any(|c| (s as u32) < c.n_end && c.n_start < e as u32 && !inside(c, s, e))
        };
        let ranges: Vec<(usize, usize)> = ranges.iter().filter(clear).copied().collect();
        if ranges.is_empty() {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        // (old normalised start, new stretch) in text order.
        let mut stretches: Vec<(u32, Changed)> =
            Vec::with_capacity(self.changed.len() + ranges.len());
        let mut removed = 0u32;
        let mut at = 0usize;
        let mut ci = 0usize;
        for &(s, e) in &ranges {
            while ci < self.changed.len() && self.changed[ci].n_start < s as u32 {
                let c = self.changed[ci];
                stretches.push((
                    c.n_start,
                    Changed {
                        n_start: c.n_start - removed,
                        n_end: c.n_end - removed,
                        ..c
                    },
                ));
                ci += 1;
            }
            let (os, oe) = self.to_original(s, e);
            // The stretches the range swallows are part of its own.
            while ci < self.changed.len() && inside(&self.changed[ci], s, e) {
                ci += 1;
            }
            text.push_str(&self.text[at..s]);
            let n = (s as u32) - removed;
            stretches.push((
                s as u32,
                Changed {
                    n_start: n,
                    n_end: n,
                    o_start: os as u32,
                    o_end: oe as u32,
                },
            ));
            removed += (e - s) as u32;
            at = e;
        }
        while ci < self.changed.len() {
            let c = self.changed[ci];
            stretches.push((
                c.n_start,
                Changed {
                    n_start: c.n_start - removed,
                    n_end: c.n_end - removed,
                    ..c
                },
            ));
            ci += 1;
        }
        text.push_str(&self.text[at..]);
        self.text = text;
        self.changed = stretches.into_iter().map(|(_, c)| c).collect();
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

/// Characters that follow a number as its unit or part of a date.
fn unit_after(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '時'
            | '分'
            | '秒'
            | '件'
            | '名'
            | '人'
            | '社'
            | '点'
            | '通'
            | '円'
            | '万'
            | '億'
            | '千'
            | '百'
            | '%'
            | '個'
            | '台'
            | '回'
            | '期'
            | '倍'
            | '〜'
            | '~'
    )
}

/// Characters that stand before a number in a date or an amount.
fn unit_before(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '日' | '約' | '計' | '第' | '総' | '~' | '(' | ':'
    )
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{4E00}'..='\u{9FFF}' | '々')
}

/// Spaces and line breaks a PDF's layout put inside words, numbers and sentences.
fn layout_gaps(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    // Spaces between a number and its unit, or a date's parts: `2021 年 8 月 15 日`, `1 , 234`.
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i - start > 3 {
            continue;
        }
        let prev = text[..start].chars().next_back();
        let next = text[i..].chars().next();
        let (Some(p), Some(n)) = (prev, next) else {
            continue;
        };
        let number_gap = (p.is_ascii_digit() && (unit_after(n) || n == ','))
            || (unit_before(p) && n.is_ascii_digit())
            || (p == ',' && n.is_ascii_digit() && text[..start].ends_with(','));
        if number_gap {
            out.push((start, i));
        }
    }
    // Letter-spaced words: three or more single characters with one space between (`会 社 名`).
    for line in line_ranges(text) {
        let l = &text[line.0..line.1];
        // Tokens between single spaces, with their starts.
        let mut tokens: Vec<(usize, &str)> = Vec::new();
        let mut at = 0;
        for t in l.split(' ') {
            tokens.push((at, t));
            at += t.len() + 1;
        }
        let single = |t: &str| {
            let mut cs = t.chars();
            cs.next().is_some_and(is_cjk) && cs.next().is_none()
        };
        let mut k = 0;
        while k < tokens.len() {
            let mut j = k;
            while j < tokens.len() && single(tokens[j].1) {
                j += 1;
            }
            if j - k >= 3 {
                for token in &tokens[k + 1..j] {
                    let space = line.0 + token.0 - 1;
                    out.push((space, space + 1));
                }
            }
            k = j.max(k + 1);
        }
    }
    out.extend(wrapped_breaks(text));
    out.sort_unstable();
    out.dedup();
    // Overlaps cannot happen between a space and a line break; keep the first of any that do.
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for r in out {
        if kept.last().is_none_or(|l| r.0 >= l.1) {
            kept.push(r);
        }
    }
    kept
}

fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for l in text.split('\n') {
        out.push((at, at + l.len()));
        at += l.len() + 1;
    }
    out
}

/// Line breaks inside sentences of a page-wrapped layout: several lines of
/// nearly the same length, each ending in the middle of a sentence with the
/// next line going straight on. Short lines (titles, list items) never qualify.
fn wrapped_breaks(text: &str) -> Vec<(usize, usize)> {
    let lines = line_ranges(text);
    let mut breaks: Vec<((usize, usize), usize)> = Vec::new();
    for w in lines.windows(2) {
        let (a, b) = (&text[w[0].0..w[0].1], &text[w[1].0..w[1].1]);
        // Width in characters, not counting the layout's own spaces.
        let len = a.chars().filter(|c| *c != ' ').count();
        let (Some(last), Some(first)) = (a.chars().next_back(), b.chars().next()) else {
            continue;
        };
        // A line cut inside a sentence: it ends in a word, a number or a comma
        // (never a full stop), and the next goes on with a word or a number.
        // (A bracket closes mid-sentence when a particle goes on: `…(以下「X社」)` / `が運営する`.)
        let bracket_goes_on = matches!(last, ')' | '」' | '）')
            && matches!(
                first,
                'が' | 'を' | 'は' | 'に' | 'の' | 'で' | 'と' | 'へ' | 'も'
            );
        if (30..=90).contains(&len)
            && (is_cjk(last) || last.is_ascii_digit() || last == '、' || bracket_goes_on)
            && (is_cjk(first) || first.is_ascii_digit())
            && !a.trim_start().starts_with(['・', '■', '●', '※', '○', '◆'])
        {
            breaks.push(((w[0].1, w[0].1 + 1), len));
        }
    }
    if breaks.len() < 3 {
        return Vec::new();
    }
    // The wrap width: lines within a few characters of the most common length.
    let mut lens: Vec<usize> = breaks.iter().map(|(_, l)| *l).collect();
    lens.sort_unstable();
    let width = lens[lens.len() / 2];
    let near: Vec<(usize, usize)> = breaks
        .iter()
        .filter(|(_, l)| l.abs_diff(width) <= 6)
        .map(|(r, _)| *r)
        .collect();
    if near.len() >= 3 { near } else { Vec::new() }
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
    fn pdf_layout_gaps_close() {
        check("2021 年 8 月 15 日", "2021年8月15日");
        check("約 750 百万円の特別損失", "約750百万円の特別損失");
        check("会 社 名 株式会社サンプル", "会社名 株式会社サンプル");
        check("代 表 者 名 代表取締役", "代表者名 代表取締役");
        // Ordinary spaces stay: between words, in names, before a number after a word.
        check("PR TIMES 2024年", "PR TIMES 2024年");
        check("野村證券 顧客情報 漏洩", "野村證券 顧客情報 漏洩");
        check("Windows 10", "Windows 10");
        // A page-wrapped paragraph reads as one line; a list does not.
        let wrapped = "当社は、第三者によるランサムウェアの攻撃を受け、業務用のサーバーに保存していたデ\nータの一部が暗号化されたことを確認いたしました。現在、外部の専門家とともに\n影響の範囲を調べており、取引先の情報が含まれていたかどうかの確認を進め\nております。";
        let n = Normalized::new(wrapped);
        assert_eq!(n.text.matches('\n').count(), 0, "{}", n.text);
        let list = "1.経緯\n2.対象\n3.原因\n";
        assert_eq!(Normalized::new(list).text, list);
    }

    #[test]
    fn a_bracket_closing_a_wrapped_line_goes_on() {
        let wrapped = "当社の連結子会社である株式会社みなせ販売(以下「みなせ販売」という。)\nが運営する通信販売サイトが第三者による不正アクセスを受け、お客様のカード\n情報が流出した可能性があることが判明いたしました。本件につきましては、み\nなせ販売が同社のウェブサイトにて既に公表しております。";
        let n = Normalized::new(wrapped);
        assert!(n.text.contains("という。)が運営する"), "{}", n.text);
    }

    #[test]
    fn removed_gaps_map_back() {
        let original = "発生日 2021 年 8 月 15 日、約 750 百万円";
        let n = Normalized::new(original);
        let needle = "2021年8月15日";
        let s = n.text.find(needle).unwrap();
        let (os, oe) = n.to_original(s, s + needle.len());
        assert_eq!(&original[os..oe], "2021 年 8 月 15 日");
        let s = n.text.find("750百万円").unwrap();
        let (os, oe) = n.to_original(s, s + "750百万円".len());
        assert_eq!(&original[os..oe], "750 百万円");
    }

    #[test]
    fn a_gap_of_wide_spaces_closes_at_once() {
        // A wide space becomes a space, and the gap it makes closes in the same
        // pass: normalising the result again changes nothing (found by proptest).
        for original in [
            "0\u{2000}~",
            "2021\u{3000}年\u{3000}8\u{3000}月",
            "約\u{3000}750 百万円",
        ] {
            let once = Normalized::new(original);
            assert_eq!(Normalized::new(&once.text).text, once.text, "{original:?}");
        }
        let original = "発生日 2021\u{3000}年 8\u{3000}月 15 日";
        let n = Normalized::new(original);
        let needle = "2021年8月15日";
        let s = n.text.find(needle).unwrap();
        let (os, oe) = n.to_original(s, s + needle.len());
        assert_eq!(&original[os..oe], "2021\u{3000}年 8\u{3000}月 15 日");
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
