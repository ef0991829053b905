//! Japanese numbers: `4,040`, `171万`, `96百万`, `1億2千万`, `約4千`, `三百`, `1.5万`.
//!
//! [`parse_at`] reads the longest number starting at a byte offset of
//! normalised text (ASCII digits after NFKC) and returns its value and length.

/// A number read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value, multipliers applied.
    pub value: f64,
    /// Bytes consumed.
    pub len: usize,
    /// Whether a big multiplier (万, 億, 兆) was part of it.
    pub scaled: bool,
}

fn kanji_digit(c: char) -> Option<f64> {
    Some(match c {
        '〇' | '零' => 0.0,
        '一' => 1.0,
        '二' => 2.0,
        '三' => 3.0,
        '四' => 4.0,
        '五' => 5.0,
        '六' => 6.0,
        '七' => 7.0,
        '八' => 8.0,
        '九' => 9.0,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<f64> {
    Some(match c {
        '十' => 10.0,
        '百' => 100.0,
        '千' => 1000.0,
        _ => return None,
    })
}

fn big_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' => 1e4,
        '億' => 1e8,
        '兆' => 1e12,
        _ => return None,
    })
}

/// Reads a number at `at`; `None` when no digit starts there.
pub fn parse_at(text: &str, at: usize) -> Option<Number> {
    let rest = text.get(at..)?;
    let mut total = 0.0f64; // sum of completed 万/億 groups
    let mut section = 0.0f64; // below the current big unit
    let mut current: Option<f64> = None; // digits read but not yet multiplied
    let mut consumed = 0usize;
    let mut scaled = false;
    let mut any = false;
    let mut chars = rest.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() {
            // An Arabic run, with thousands commas and one decimal point.
            let run_start = i;
            let mut run_end = i;
            let mut seen_dot = false;
            while let Some(&(j, d)) = chars.peek() {
                let next_is_digit =
                    rest[j + d.len_utf8()..].starts_with(|x: char| x.is_ascii_digit());
                if d.is_ascii_digit() {
                    run_end = j + 1;
                } else if d == ',' && next_is_digit && run_end > run_start {
                    // 4,040 — only a comma followed by exactly three digits groups thousands.
                    let tail = &rest[j + 1..];
                    let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
                    if digits != 3 {
                        break;
                    }
                } else if d == '.' && next_is_digit && !seen_dot && run_end > run_start {
                    seen_dot = true;
                } else {
                    break;
                }
                chars.next();
            }
            if current.is_some() {
                break;
            }
            let digits: String = rest[run_start..run_end]
                .chars()
                .filter(|&x| x != ',')
                .collect();
            current = digits.parse::<f64>().ok();
            consumed = run_end;
            any = true;
        } else if let Some(d) = kanji_digit(c) {
            let base = current.unwrap_or(0.0);
            // 二〇二一 reads positionally; 三百 reads with units.
            current = Some(if current.is_some() {
                base * 10.0 + d
            } else {
                d
            });
            chars.next();
            consumed = i + c.len_utf8();
            any = true;
        } else if let Some(u) = small_unit(c) {
            if !any && u != 10.0 {
                break; // 百 alone is not a number; 十 is
            }
            section += current.take().unwrap_or(1.0) * u;
            chars.next();
            consumed = i + c.len_utf8();
            any = true;
        } else if let Some(u) = big_unit(c) {
            if !any {
                break;
            }
            let group = section + current.take().unwrap_or(0.0);
            if group == 0.0 {
                break;
            }
            total += group * u;
            section = 0.0;
            scaled = true;
            chars.next();
            consumed = i + c.len_utf8();
        } else {
            break;
        }
    }
    if !any {
        return None;
    }
    let value = total + section + current.unwrap_or(0.0);
    value.is_finite().then_some(Number {
        value,
        len: consumed,
        scaled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> (f64, usize) {
        let n = parse_at(s, 0).unwrap();
        (n.value, n.len)
    }

    #[test]
    fn arabic_and_multipliers() {
        assert_eq!(v("4,040件"), (4040.0, 5));
        assert_eq!(v("171万件"), (1_710_000.0, 6));
        assert_eq!(v("96百万円"), (96_000_000.0, 8));
        assert_eq!(v("1億2千万円"), (120_000_000.0, 11));
        assert_eq!(v("4千件"), (4000.0, 4));
        assert_eq!(v("1.5万人"), (15_000.0, 6));
        assert_eq!(v("2万5千"), (25_000.0, 8));
        assert_eq!(v("1,710,000"), (1_710_000.0, 9));
    }

    #[test]
    fn kanji_numerals() {
        assert_eq!(v("三百件").0, 300.0);
        assert_eq!(v("二十五名").0, 25.0);
        assert_eq!(v("十件").0, 10.0);
        assert_eq!(v("一万二千").0, 12_000.0);
    }

    #[test]
    fn what_is_not_a_number() {
        assert!(parse_at("百貨店", 0).is_none());
        assert!(parse_at("万一", 0).is_none());
        assert!(parse_at("件数", 0).is_none());
        // A comma not followed by three digits ends the number.
        assert_eq!(v("5,12").0, 5.0);
    }
}
