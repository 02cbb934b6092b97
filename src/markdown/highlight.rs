//! Code highlighting with syntect, as CSS classes (`hl-…`), never inline styles, so one
//! stylesheet serves light and dark.

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        }
    }
}

impl Highlighter {
    /// `<pre><code>` for a code block; unknown languages are escaped plain text.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let lang_class = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape(lang))
        };
        let syntax = (!lang.is_empty())
            .then(|| self.syntaxes.find_syntax_by_token(lang))
            .flatten();
        let body = match syntax {
            Some(syntax) => {
                let mut gen =
                    ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
                let ok = LinesWithEndings::from(code)
                    .all(|line| gen.parse_html_for_line_which_includes_newline(line).is_ok());
                if ok {
                    gen.finalize()
                } else {
                    escape(code)
                }
            }
            None => escape(code),
        };
        format!("<pre class=\"code\" tabindex=\"0\"><code{lang_class}>{body}</code></pre>\n")
    }
}

/// The highlighting stylesheet: a light theme, and a dark one that applies when the page is dark.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light =
        css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], STYLE).unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], STYLE)
        .unwrap_or_default();
    let mut css = String::from("/* code highlighting (syntect) */\n");
    css.push_str(&light);
    css.push_str(&scope(&dark, "html[data-theme=\"dark\"]"));
    css
}

/// Prefixes every selector of a simple stylesheet with `scope`.
fn scope(css: &str, scope: &str) -> String {
    let mut out = String::new();
    for rule in css.split_inclusive('}') {
        match rule.split_once('{') {
            Some((selectors, body)) => {
                let comment_free = strip_comments(selectors);
                let scoped: Vec<String> = comment_free
                    .split(',')
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(|s| format!("{scope} {s}"))
                    .collect();
                if !scoped.is_empty() {
                    out.push_str(&scoped.join(", "));
                    out.push_str(" {");
                    out.push_str(body);
                    out.push('\n');
                }
            }
            None => out.push_str(rule),
        }
    }
    out
}

fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

pub use crate::escape::html as escape;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes_not_styles() {
        let h = Highlighter::default();
        let html = h.highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(h.highlight("<b>", "nosuchlang").contains("&lt;b&gt;"));
    }

    #[test]
    fn dark_rules_are_scoped() {
        let css = stylesheet();
        assert!(
            css.contains("html[data-theme=\"dark\"] .hl-"),
            "dark rules missing"
        );
    }
}
