//! Reading a source file: UTF-8 (with or without a byte-order mark), CRLF or LF.
//! A file in another encoding gets an error that says how to convert it.

use crate::diagnostics::{line_col, Diagnostic};
use std::path::Path;

/// Reads `abs` as UTF-8 text with the BOM removed and line endings normalised to `\n`.
/// `shown` is the path used in messages.
pub fn read_text(abs: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(shown, 1, 1, format!("cannot read file: {e}"))
            .with_hint("check that the file exists and is readable")
    })?;
    decode(bytes, shown)
}

/// The file's bytes as text (taken over, not copied: sources add up to tens of megabytes).
pub fn decode(mut bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) if text.contains('\r') => Ok(text.replace("\r\n", "\n")),
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = line_col(good, good.len());
            let (_, _, gb_errors) = encoding_rs::GB18030.decode(bytes);
            let message = if !gb_errors {
                "this file is not UTF-8; it looks like GBK/GB18030 (as Windows Notepad or WPS often save Chinese text)"
            } else {
                "this file is not valid UTF-8 text"
            };
            Err(Diagnostic::error(shown, line, col, message).with_hint(
                "save it as UTF-8: in Notepad use 另存为 → 编码 → UTF-8; in VS Code click the encoding in the status bar → \
                 Save with Encoding → UTF-8; or run: iconv -f GB18030 -t UTF-8 old.md > new.md",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\r\nb".to_vec(), Path::new("x")).unwrap(),
            "a\nb"
        );
    }

    #[test]
    fn gbk_is_recognised_and_located() {
        let (gbk, _, _) = encoding_rs::GBK.encode("标题\n小区党支部");
        let err = decode(gbk.into_owned(), Path::new("x.md")).unwrap_err();
        assert!(err.message.contains("GBK"), "{}", err.message);
        assert_eq!((err.line, err.column), (1, 1));
        assert!(err.hint.unwrap().contains("iconv"));
    }
}
