//! Escaping, in one place: text for HTML and XML (page bodies, quizzes, the cohort report,
//! the SCORM manifest; learner-typed text goes through it wherever it is shown), and the
//! characters percent-encoded in URL paths.

use percent_encoding::{AsciiSet, CONTROLS};

/// Percent-encoded in a URL path: everything but RFC 3986 unreserved characters, `/` and a
/// few sub-delimiters (non-ASCII is always encoded, as UTF-8). Add `/` for one segment.
pub const URL_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'\'')
    .add(b'&');

/// Escapes `& < > " '` so that text is safe in element content and in quoted attributes.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for XML: as for HTML, minus the control characters XML 1.0 cannot hold.
pub fn xml(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    html(&allowed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(super::html("小区"), "小区");
        assert_eq!(super::xml("a\u{1}<b>"), "a&lt;b&gt;");
    }
}
