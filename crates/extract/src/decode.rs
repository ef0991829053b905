//! Bytes → text: UTF-8 (with or without BOM), UTF-16 (with or without BOM), Shift_JIS, EUC-JP.
//!
//! Japanese pages still come in Shift_JIS and EUC-JP. Each candidate encoding
//! is tried strictly; the first that decodes without a replacement character
//! wins. Bytes that no encoding reads, or that look like a binary file, are an
//! error that says so.

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE};

use crate::error::Error;

/// The text and the name of the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// `UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE` or `UTF-16BE`.
    pub encoding: &'static str,
}

fn looks_binary(bytes: &[u8]) -> Option<String> {
    // A NUL anywhere: text never has one, and storage layers stop reading at it.
    // `contains` on bytes is a vectorised search; the position is wanted only when there is one.
    if bytes.contains(&0) {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Some(format!("contains a NUL byte at byte {at}"));
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    (sample.len() >= 32 && control * 10 > sample.len())
        .then(|| format!("{control} control bytes in the first {}", sample.len()))
}

/// Whether a character is one that Japanese text is made of.
fn is_texty(c: char) -> bool {
    matches!(c,
        '\n' | '\r' | '\t' | ' '..='~'
        | '\u{00A0}'..='\u{024F}'          // Latin-1 and Latin Extended
        | '\u{2000}'..='\u{27BF}'          // punctuation, symbols, arrows, circled numbers
        | '\u{3000}'..='\u{30FF}'          // CJK punctuation, hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}') // full- and half-width forms
}

/// UTF-16 without a byte-order mark. Only bytes with NULs are tried: ASCII in
/// UTF-16 is half NULs, while Shift_JIS and EUC-JP never hold one (and their
/// two-byte kanji would otherwise read as UTF-16 kanji too). The order whose
/// text is nearly all characters Japanese text uses wins.
fn utf16_without_bom(bytes: &[u8]) -> Option<(String, &'static str)> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) || !bytes.contains(&0) {
        return None;
    }
    [(UTF_16LE, "UTF-16LE"), (UTF_16BE, "UTF-16BE")]
        .into_iter()
        .filter_map(|(enc, name)| {
            let text = strict(enc, bytes)?;
            let (mut good, mut all) = (0usize, 0usize);
            for c in text.chars() {
                all += 1;
                good += usize::from(is_texty(c));
            }
            (!text.contains('\0') && good * 100 >= all * 98).then_some((text, name, good))
        })
        .max_by_key(|&(_, _, good)| good)
        .map(|(text, name, _)| (text, name))
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// Reads `bytes` as text. Text with a NUL character in it is refused whatever
/// its encoding: no document has one, and storage stops reading at it.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    let decoded = decode_any(bytes)?;
    match decoded.text.find('\0') {
        Some(at) => Err(Error::Binary(format!(
            "contains a NUL character at byte {at} of the {} text",
            decoded.encoding
        ))),
        None => Ok(decoded),
    }
}

fn decode_any(bytes: &[u8]) -> Result<Decoded, Error> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| Decoded {
                text: t.to_owned(),
                encoding: "UTF-8",
            })
            .map_err(|e| {
                Error::Undecodable(format!(
                    "UTF-8 with BOM, invalid at byte {}",
                    e.valid_up_to() + 3
                ))
            });
    }
    for (bom, enc, name) in [
        (b"\xFF\xFE", UTF_16LE, "UTF-16LE"),
        (b"\xFE\xFF", UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return strict(enc, rest)
                .map(|text| Decoded {
                    text,
                    encoding: name,
                })
                .ok_or_else(|| Error::Undecodable(format!("{name} with BOM, invalid sequence")));
        }
    }
    if let Some((text, encoding)) = utf16_without_bom(bytes) {
        return Ok(Decoded { text, encoding });
    }
    if let Some(why) = looks_binary(bytes) {
        return Err(Error::Binary(why));
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: t.to_owned(),
            encoding: "UTF-8",
        });
    }
    for (enc, name) in [(SHIFT_JIS, "Shift_JIS"), (EUC_JP, "EUC-JP")] {
        if let Some(text) = strict(enc, bytes) {
            return Ok(Decoded {
                text,
                encoding: name,
            });
        }
    }
    let valid = std::str::from_utf8(bytes)
        .err()
        .map(|e| e.valid_up_to())
        .unwrap_or(0);
    Err(Error::Undecodable(format!(
        "not UTF-8 after byte {valid}, nor Shift_JIS, nor EUC-JP"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_japanese_encodings() {
        let text = "個人情報の漏えいに関するお詫び";
        for enc in [SHIFT_JIS, EUC_JP] {
            let (bytes, _, _) = enc.encode(text);
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, text);
        }
        assert_eq!(decode(text.as_bytes()).unwrap().encoding, "UTF-8");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, text);
    }

    #[test]
    fn reads_utf16_without_a_bom() {
        let text = "2024年5月12日\n個人情報の漏えいに関するお詫び\n顧客120名分";
        for (enc, name) in [(UTF_16LE, "UTF-16LE"), (UTF_16BE, "UTF-16BE")] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| {
                    if enc == UTF_16LE {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect();
            let d = decode(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, name));
        }
    }

    #[test]
    fn a_nul_anywhere_is_not_text() {
        let mut bytes = "漏えい".repeat(5000).into_bytes();
        bytes.push(0);
        bytes.extend_from_slice("お詫び".as_bytes());
        match decode(&bytes) {
            Err(Error::Binary(why)) => assert!(why.contains("NUL"), "{why}"),
            other => panic!("{other:?}"),
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("a\0b".as_bytes());
        assert!(matches!(decode(&bom), Err(Error::Binary(_))));
    }

    #[test]
    fn refuses_binary_and_garbage() {
        assert!(matches!(
            decode(b"\x7fELF\x02\x01\x01\x00\x00\x00"),
            Err(Error::Binary(_))
        ));
        assert!(matches!(
            decode(&[0x82, 0xff, 0xfe, 0x81, 0x20, 0xff]),
            Err(Error::Undecodable(_))
        ));
    }
}
