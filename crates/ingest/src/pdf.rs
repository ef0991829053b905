//! The text of a PDF.
//!
//! `pdf_oxide` reads both kinds Japanese notices come in: fonts embedded with
//! a ToUnicode map (Word, Acrobat) and the older non-embedded CID fonts
//! (`HeiseiKakuGo-W5` with `UniJIS-UCS2-H`, no ToUnicode) that `pdf-extract`
//! panics on. `pdf-extract` stays as a second reader for a file `pdf_oxide`
//! cannot open. Both run under `catch_unwind`: a reader that panics on an odd
//! file is an error for that document only.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// The text layer of a PDF, or why there is none.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(b"%PDF-")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err("no %PDF- header".to_owned());
    }
    let first = guarded(|| {
        let doc = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| e.to_string())?;
        doc.extract_all_text().map_err(|e| e.to_string())
    });
    match first {
        Ok(text) if !text.trim().is_empty() => Ok(text),
        first => {
            let second =
                guarded(|| pdf_extract::extract_text_from_mem(bytes).map_err(|e| e.to_string()));
            match (first, second) {
                (_, Ok(text)) if !text.trim().is_empty() => Ok(text),
                (Ok(text), _) => Ok(text),
                (Err(e), _) => Err(e),
            }
        }
    }
}

fn guarded(read: impl FnOnce() -> Result<String, String>) -> Result<String, String> {
    match catch_unwind(AssertUnwindSafe(read)) {
        Ok(result) => result,
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .map_or_else(
                || "the PDF reader gave up".to_owned(),
                |m| format!("the PDF reader gave up: {m}"),
            )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/watch")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn japanese_pdfs_of_both_font_kinds_read() {
        for name in ["ja_ttf.pdf", "ja_cid.pdf"] {
            let text = text(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            for want in [
                "株式会社みずほし精工",
                "不正アクセス",
                "約1,200件",
                "お詫び申し上げます",
            ] {
                assert!(text.contains(want), "{name} lacks {want}: {text}");
            }
        }
    }

    #[test]
    fn what_is_not_a_pdf_is_an_error() {
        assert!(text(b"<html>not a pdf</html>").is_err());
        assert!(text(b"").is_err());
        // A header and nothing readable after it: an error or no text, never a panic.
        assert!(text(b"%PDF-1.4\n garbage").map_or(true, |t| t.trim().is_empty()));
    }
}
