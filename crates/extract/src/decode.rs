//! Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS, EUC-JP.
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
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return Some("contains NUL bytes".into());
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    (sample.len() >= 32 && control * 10 > sample.len())
        .then(|| format!("{control} control bytes in the first {}", sample.len()))
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

/// Reads `bytes` as text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
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
