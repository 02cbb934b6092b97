//! The theme: built-in templates and static files (embedded in the binary), overridden
//! file by file by the site's own `themes/<name>/` and `templates/` + `static/` folders.

use crate::content::load::is_ignored;
use crate::diagnostics::Diagnostic;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and where it came from (for error messages).
pub struct TemplateSource {
    pub text: String,
    /// The site file that overrides the built-in one, if any.
    pub override_path: Option<PathBuf>,
}

/// A static file to copy into `assets/`.
pub enum StaticFile {
    Embedded(&'static [u8]),
    OnDisk(PathBuf),
}

pub struct Theme {
    pub templates: BTreeMap<String, TemplateSource>,
    /// Path below `assets/` → contents.
    pub statics: BTreeMap<String, StaticFile>,
}

impl Theme {
    pub fn load(root: &Path, theme_name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        collect_embedded(&DEFAULT_THEME, &mut templates, &mut statics);
        let mut errors = Vec::new();
        // Later folders win: the named theme, then the site's own templates/ and static/.
        let theme_dir = root.join("themes").join(theme_name);
        for (dir, is_templates) in [
            (theme_dir.join("templates"), true),
            (theme_dir.join("static"), false),
            (root.join("templates"), true),
            (root.join("static"), false),
        ] {
            for (rel, abs) in files_under(&dir) {
                if is_templates {
                    let shown = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
                    match crate::content::source::read_text(&abs, &shown) {
                        Ok(text) => {
                            templates.insert(
                                rel,
                                TemplateSource {
                                    text,
                                    override_path: Some(shown),
                                },
                            );
                        }
                        Err(e) => errors.push(e),
                    }
                } else if !same_as_built_in(&statics, &rel, &abs) {
                    statics.insert(rel, StaticFile::OnDisk(abs));
                }
            }
        }
        if errors.is_empty() {
            Ok(Theme { templates, statics })
        } else {
            Err(errors)
        }
    }

    /// Builds the Tera environment once; template syntax errors name the file and line.
    pub fn tera(&self) -> Result<tera::Tera, Vec<Diagnostic>> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        let raw: Vec<(&str, &str)> = self
            .templates
            .iter()
            .map(|(name, src)| (name.as_str(), src.text.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            return Err(vec![self.template_error(&e)]);
        }
        Ok(tera)
    }

    /// A Tera error as a diagnostic pointing at the template file and line where Tera says.
    pub fn template_error(&self, e: &tera::Error) -> Diagnostic {
        let chain = error_chain(e);
        let name = self
            .templates
            .keys()
            .find(|n| chain.contains(&format!("'{n}'")))
            .cloned();
        let (line, col) = parse_position(&chain).unwrap_or((1, 1));
        let (path, text) = match name
            .as_ref()
            .and_then(|n| self.templates.get(n).map(|s| (n, s)))
        {
            Some((n, src)) => (
                src.override_path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(format!("(built-in theme)/templates/{n}"))),
                Some(src.text.clone()),
            ),
            None => (PathBuf::from("templates"), None),
        };
        let message = chain
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut d = Diagnostic::error(path, line, col, format!("template error: {message}"))
            .with_hint("fix the template syntax ({{ variable }}, {% tag %}); delete the override file to use the built-in template");
        if let Some(text) = text {
            d = d.with_source(&text);
        }
        d
    }
}

/// A site file identical to the built-in one is the built-in one (the repository's own
/// bundled site sits next to themes/default/), so it gets the built-in treatment.
fn same_as_built_in(statics: &BTreeMap<String, StaticFile>, rel: &str, abs: &Path) -> bool {
    match statics.get(rel) {
        Some(StaticFile::Embedded(bytes)) => {
            std::fs::read(abs).is_ok_and(|on_disk| on_disk == *bytes)
        }
        _ => false,
    }
}

/// The built-in theme's scripts and stylesheets, minified (pages must stay light on phones).
/// Only built-in files: the browser tests exercise them after minification (the JS minifier
/// is not safe for every script, e.g. quotes inside regex literals), while a site's own
/// override files are copied exactly as written.
pub fn minify<'b>(rel: &str, bytes: &'b [u8]) -> std::borrow::Cow<'b, [u8]> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.into();
    };
    if rel.ends_with(".js") {
        match minifier::js::minify(text) {
            Ok(js) => js.to_string().into_bytes().into(),
            Err(_) => bytes.into(),
        }
    } else if rel.ends_with(".css") {
        match minifier::css::minify(text) {
            Ok(css) => css.to_string().into_bytes().into(),
            Err(_) => bytes.into(),
        }
    } else {
        bytes.into()
    }
}

/// The whole error with its causes, as Tera keeps the useful part in the sources.
pub fn error_chain(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push('\n');
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// Finds a ` --> line:col` position in a Tera/pest message.
fn parse_position(msg: &str) -> Option<(usize, usize)> {
    let after = msg.split("--> ").nth(1)?;
    let pos: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (l, c) = pos.split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

fn collect_embedded(
    dir: &'static Dir<'static>,
    templates: &mut BTreeMap<String, TemplateSource>,
    statics: &mut BTreeMap<String, StaticFile>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = file.contents_utf8().unwrap_or_default().to_string();
            templates.insert(
                name.to_string(),
                TemplateSource {
                    text,
                    override_path: None,
                },
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            statics.insert(name.to_string(), StaticFile::Embedded(file.contents()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, statics);
    }
}

fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, e.path().to_path_buf())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_parse() {
        let theme = Theme::load(Path::new("/nonexistent"), "default").unwrap();
        assert!(theme.templates.contains_key("base.html"));
        theme.tera().unwrap();
    }

    #[test]
    fn reads_pest_positions() {
        assert_eq!(
            parse_position("Failed to parse 'x'\n --> 3:7\n  |"),
            Some((3, 7))
        );
    }
}

#[cfg(test)]
mod minify_tests {
    use super::*;

    #[test]
    fn built_in_scripts_and_styles_get_smaller() {
        for name in ["site.js", "zhiyin.css"] {
            let file = DEFAULT_THEME.get_file(format!("static/{name}")).unwrap();
            let small = minify(name, file.contents());
            assert!(
                small.len() < file.contents().len() * 9 / 10,
                "{name}: {} → {}",
                file.contents().len(),
                small.len()
            );
        }
    }
}
