//! Admonitions: a block quote whose first line is `> [!提示]` (or `[!NOTE]` …) becomes a box.

/// The kind of box, from the marker's word; None if the word is not a known kind.
pub fn kind_of(word: &str) -> Option<(&'static str, &'static str)> {
    // (css class, title shown to the reader)
    Some(match word.trim().to_uppercase().as_str() {
        "提示" | "NOTE" | "TIP" => ("tip", "提示"),
        "注意" | "WARNING" | "CAUTION" | "IMPORTANT" => ("warning", "注意"),
        "案例" | "CASE" | "EXAMPLE" => ("case", "案例"),
        _ => return None,
    })
}

/// If `line` (a source line) opens an admonition, returns its word.
pub fn marker_word(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('>')?.trim();
    let inner = rest.strip_prefix("[!")?.strip_suffix(']')?;
    Some(inner)
}

pub fn open_html(class: &str, title: &str) -> String {
    format!("<aside class=\"admonition {class}\"><p class=\"admonition-title\">{title}</p>\n")
}

pub const CLOSE_HTML: &str = "</aside>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_markers() {
        assert_eq!(marker_word("> [!提示]"), Some("提示"));
        assert_eq!(marker_word("  >  [!NOTE]  "), Some("NOTE"));
        assert_eq!(marker_word("> 普通引用"), None);
        assert_eq!(kind_of("note"), Some(("tip", "提示")));
        assert_eq!(kind_of("未知"), None);
    }
}
