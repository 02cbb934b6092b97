//! Internal links: a link names another page's source file (`../cases/a.md#锚点`, or
//! `@/cases/a.md` from the content root) and becomes a relative link to its output file.

use std::collections::{HashMap, HashSet};

/// What a link may point at, known before any page is rendered.
pub struct LinkTargets {
    /// Source path → (page index, output path).
    pub pages: HashMap<String, (usize, String)>,
    /// Asset paths relative to `content/` (images, attachments).
    pub assets: HashSet<String>,
}

impl LinkTargets {
    /// The site's pages and attachments.
    pub fn of(site: &crate::content::Site) -> LinkTargets {
        LinkTargets {
            pages: site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source_path.clone(), (i, p.output.clone())))
                .collect(),
            assets: site.assets.iter().map(|a| a.output.clone()).collect(),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Leave as written (external, mailto, same-page anchor …).
    External(String),
    /// Another page: its index, the anchor if any, and the relative href.
    Page {
        page: usize,
        anchor: Option<String>,
        href: String,
    },
    /// A file copied from content/.
    Asset(String),
    /// An anchor on this page.
    SamePage(String),
}

#[derive(Debug, PartialEq, Eq)]
pub struct LinkError {
    pub message: String,
    pub hint: String,
}

/// Resolves a link destination written in `page_dir` (folder of the source, relative to content/)
/// for a page whose output is `page_output`.
pub fn resolve(
    dest: &str,
    page_dir: &str,
    page_output: &str,
    targets: &LinkTargets,
    is_image: bool,
) -> Result<Resolved, LinkError> {
    if dest.is_empty() {
        return Err(LinkError {
            message: "empty link".into(),
            hint: "write the target between the parentheses: [text](other.md)".into(),
        });
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Resolved::SamePage(percent_decode(anchor)));
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Ok(Resolved::External(dest.to_string()));
    }
    if dest.starts_with('/') {
        return Err(LinkError {
            message: format!("link `{dest}` starts with /, which breaks from file:// and under a sub-path"),
            hint: "link to the source file relative to this one (other.md, ../guides/a.md) or from the content root with @/guides/a.md".into(),
        });
    }
    let (path_part, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode(a))),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let decoded = percent_decode(path_part);
    let joined = match decoded.strip_prefix("@/") {
        Some(rooted) => normalize("", rooted),
        None => normalize(page_dir, &decoded),
    };
    let Some(target) = joined else {
        return Err(LinkError {
            message: format!("link `{dest}` goes above the content folder"),
            hint: "check the number of ../".into(),
        });
    };
    let from_dir = page_output.rsplit_once('/').map_or("", |(d, _)| d);
    if is_image || !target.ends_with(".md") {
        if targets.assets.contains(&target) {
            return Ok(Resolved::Asset(relative_href(from_dir, &target)));
        }
        let what = if is_image { "image" } else { "file" };
        let hint = if target.ends_with(".html") {
            "link to the page's source file instead: the .md file".to_string()
        } else if target.is_empty() || target.ends_with('/') || !target.contains('.') {
            format!(
                "link to a page's source file, e.g. {}_index.md",
                if target.is_empty() {
                    String::new()
                } else {
                    format!("{}/", target.trim_end_matches('/'))
                }
            )
        } else {
            format!("put the file at content/{target}, or correct the path")
        };
        return Err(LinkError {
            message: format!("{what} not found: `{dest}` (looked for content/{target})"),
            hint,
        });
    }
    match targets.pages.get(&target) {
        Some((index, output)) => {
            let mut href = relative_href(from_dir, output);
            if let Some(a) = &anchor {
                href.push('#');
                href.push_str(&encode_href(a));
            }
            Ok(Resolved::Page {
                page: *index,
                anchor,
                href,
            })
        }
        None => {
            let suggestion = closest_page(&target, targets);
            Err(LinkError {
                message: format!("broken link: `{dest}` (no page content/{target})"),
                hint: match suggestion {
                    Some(s) => format!("did you mean {s}? (links name the .md source file, relative to this file)"),
                    None => "links name the .md source file, relative to this file, or from the content root with @/".into(),
                },
            })
        }
    }
}

fn closest_page(target: &str, targets: &LinkTargets) -> Option<String> {
    let name = target.rsplit('/').next().unwrap_or(target);
    targets
        .pages
        .keys()
        .filter_map(|k| {
            let kn = k.rsplit('/').next().unwrap_or(k);
            let d = crate::diagnostics::edit_distance(name, kn);
            (d <= 3).then_some((d, k))
        })
        .min()
        .map(|(_, k)| k.clone())
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme != "@"
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && scheme.len() > 1
        }
        None => false,
    }
}

/// Joins `rel` onto `dir` and removes `.` and `..`; None if it climbs out of the root.
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for piece in rel.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Relative href from output folder `from_dir` to output file `to`, encoded for an attribute.
pub fn relative_href(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let common = common.min(to_parts.len() - 1);
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    encode_href(&out)
}

/// Prefix that leads from a page at `output` back to the output root ("" or "../../").
pub fn root_prefix(output: &str) -> String {
    "../".repeat(output.matches('/').count())
}

/// Percent-encodes what may not stand raw in an href (spaces, %, quotes …); keeps CJK readable.
pub fn encode_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '"' => out.push_str("%22"),
            '&' => out.push_str("%26"),
            '\'' => out.push_str("%27"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '?' => out.push_str("%3F"),
            '\\' => out.push_str("%5C"),
            '^' => out.push_str("%5E"),
            '`' => out.push_str("%60"),
            '{' => out.push_str("%7B"),
            '|' => out.push_str("%7C"),
            '}' => out.push_str("%7D"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> (HashMap<String, (usize, String)>, HashSet<String>) {
        let mut pages = HashMap::new();
        pages.insert("guides/a.md".to_string(), (0, "guides/a.html".to_string()));
        pages.insert(
            "cases/我的 案例.md".to_string(),
            (1, "cases/我的 案例.html".to_string()),
        );
        pages.insert(
            "courses/c/_index.md".to_string(),
            (2, "courses/c/index.html".to_string()),
        );
        let assets = HashSet::from(["guides/img/图.png".to_string()]);
        (pages, assets)
    }

    #[test]
    fn resolves_relative_and_rooted_links() {
        let (pages, assets) = targets();
        let t = LinkTargets { pages, assets };
        let r = resolve(
            "../guides/a.md#两个覆盖",
            "cases",
            "cases/x.html",
            &t,
            false,
        )
        .unwrap();
        assert_eq!(
            r,
            Resolved::Page {
                page: 0,
                anchor: Some("两个覆盖".into()),
                href: "../guides/a.html#两个覆盖".into()
            }
        );
        let r = resolve(
            "@/cases/我的%20案例.md",
            "courses/c",
            "courses/c/l.html",
            &t,
            false,
        )
        .unwrap();
        assert!(matches!(r, Resolved::Page { href, .. } if href == "../../cases/我的%20案例.html"));
        let r = resolve("c/_index.md", "courses", "courses/index.html", &t, false).unwrap();
        assert!(matches!(r, Resolved::Page { href, .. } if href == "c/index.html"));
        assert_eq!(
            resolve("img/图.png", "guides", "guides/a.html", &t, true).unwrap(),
            Resolved::Asset("img/图.png".into())
        );
    }

    #[test]
    fn reports_broken_links_with_a_suggestion() {
        let (pages, assets) = targets();
        let t = LinkTargets { pages, assets };
        let e = resolve("../guides/b.md", "cases", "cases/x.html", &t, false).unwrap_err();
        assert!(e.message.contains("broken link"));
        assert!(e.hint.contains("guides/a.md"));
        assert!(resolve("/guides/a.md", "", "x.html", &t, false).is_err());
        assert!(resolve("../../../x.md", "cases", "cases/x.html", &t, false).is_err());
        assert!(resolve("img/none.png", "guides", "guides/a.html", &t, true).is_err());
    }

    #[test]
    fn externals_pass_through() {
        let (pages, assets) = targets();
        let t = LinkTargets { pages, assets };
        assert_eq!(
            resolve("https://example.org", "", "x.html", &t, false).unwrap(),
            Resolved::External("https://example.org".into())
        );
        assert_eq!(
            resolve("mailto:a@b.c", "", "x.html", &t, false).unwrap(),
            Resolved::External("mailto:a@b.c".into())
        );
    }

    #[test]
    fn relative_hrefs() {
        assert_eq!(relative_href("", "guides/a.html"), "guides/a.html");
        assert_eq!(relative_href("courses/c", "courses/c/b.html"), "b.html");
        assert_eq!(relative_href("courses/c", "index.html"), "../../index.html");
        assert_eq!(root_prefix("courses/c/b.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }
}
