//! The text of a PDF.

/// The text layer of a PDF. The PDF reader panics on some malformed or unusual
/// files; that is caught here and becomes an error for this document only.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match result {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the PDF reader gave up".to_owned())),
    }
}
