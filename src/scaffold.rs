//! `zhiyin new DIR`: a small working site to start from.

use std::path::Path;

/// (path, contents) of the starter site.
const STARTER: &[(&str, &str)] = &[
    ("site.toml", include_str!("../starter/site.toml")),
    (
        "content/_index.md",
        include_str!("../starter/content/_index.md"),
    ),
    (
        "content/guides/_index.md",
        include_str!("../starter/content/guides/_index.md"),
    ),
    (
        "content/guides/first-guide.md",
        include_str!("../starter/content/guides/first-guide.md"),
    ),
    (
        "content/cases/_index.md",
        include_str!("../starter/content/cases/_index.md"),
    ),
    (
        "content/cases/first-case.md",
        include_str!("../starter/content/cases/first-case.md"),
    ),
    (
        "content/courses/_index.md",
        include_str!("../starter/content/courses/_index.md"),
    ),
    (
        "content/courses/starter/_index.md",
        include_str!("../starter/content/courses/starter/_index.md"),
    ),
    (
        "content/courses/starter/lesson-one.md",
        include_str!("../starter/content/courses/starter/lesson-one.md"),
    ),
    (
        "content/courses/starter/lesson-two.md",
        include_str!("../starter/content/courses/starter/lesson-two.md"),
    ),
];

/// Writes the starter site into `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<usize, String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!(
            "{} already exists and is not empty; choose a new folder name",
            dir.display()
        ));
    }
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(STARTER.len())
}
