//! Text of a web body by the character set its server or its `<meta>` declares.
//!
//! A declared charset (the `Content-Type` header's, else an HTML page's
//! `<meta charset>` or `<meta http-equiv="Content-Type">`) is tried first and
//! strictly; when the bytes are not valid in it — servers do declare the wrong
//! one — or nothing is declared, the sniffing decoder reads them (UTF-8,
//! UTF-16, Shift_JIS, EUC-JP).

use encoding_rs::Encoding;

/// The charset an HTML page's `<meta>` declares, within its first 2 KiB.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    // ASCII-lowercased; every byte of the labels we look for is ASCII.
    let head: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&head[from..], b"charset") {
        let start = from + at + b"charset".len();
        from = start;
        let rest = &head[start..];
        let rest = trim_start(rest);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_start(rest);
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
            .unwrap_or(rest.len());
        if let Some(enc) = Encoding::for_label(&rest[..end]) {
            return Some(enc);
        }
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The text of `bytes` in the declared encoding, if they are valid in it.
/// UTF-16 declarations are left to the sniffer (it reads BOMs and both orders).
pub fn declared(bytes: &[u8], encoding: &'static Encoding) -> Option<String> {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
        .filter(|t| !t.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_declarations_are_found() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"Shift_JIS\">"),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(
            meta_charset(
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=euc-jp\">"
            ),
            Some(encoding_rs::EUC_JP)
        );
        assert_eq!(meta_charset(b"<meta name=x content=charset>"), None);
        assert_eq!(meta_charset(b"<p>charset=nonsense</p>"), None);
    }
}
