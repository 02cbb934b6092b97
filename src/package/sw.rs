//! The service worker: `sw.js` at the output root (so its scope is the whole site), made
//! from the theme's `static/sw.js` at the end of every build, with the list of every
//! output file and a version that changes whenever any output byte changes.
//!
//! The theme file holds two placeholders, each inside a string or a comment so the
//! template is valid JavaScript by itself: `"__ZHIYIN_SW_VERSION__"` and
//! `/*__ZHIYIN_SW_FILES__*/` (inside the `FILES` array literal).

use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;

/// Theme static (below `static/`) that is the service worker's template.
pub const TEMPLATE: &str = "sw.js";
/// Where the build writes it (relative to the output root).
pub const OUTPUT: &str = "sw.js";

/// Every file below `dir` as sorted `/`-separated relative paths, without `sw.js` itself.
pub fn output_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel != OUTPUT {
            files.push(rel);
        }
    }
    files.sort();
    Ok(files)
}

/// Writes `sw.js` into the finished output folder `dir` (before it is swapped in).
/// `template` is the theme's sw.js; `build_id` is the site's build id; `files` is every other
/// output file, sorted by path, with the SHA-256 of its bytes (see `output::Staging::written`).
pub fn script(template: &[u8], site_id: &str, build_id: &str, files: &[(String, u64)]) -> Vec<u8> {
    let mut hash = Sha256::new();
    for (rel, file_hash) in files.iter().filter(|(rel, _)| rel != OUTPUT) {
        hash.update(rel.as_bytes());
        hash.update([0]);
        hash.update(file_hash.to_le_bytes());
    }
    let files: Vec<&String> = files
        .iter()
        .map(|(rel, _)| rel)
        .filter(|rel| *rel != OUTPUT)
        .collect();
    let digest: String = hash
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    let version = format!("{site_id}-{build_id}-{digest}");
    let text = String::from_utf8_lossy(template);
    let list = files
        .iter()
        .map(|f| serde_json::to_string(f).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(",\n  ");
    let out = text
        .replace(
            "\"__ZHIYIN_SW_VERSION__\"",
            &serde_json::to_string(&version).unwrap_or_default(),
        )
        .replace("/*__ZHIYIN_SW_FILES__*/", &format!("\n  {list}\n"));
    out.into_bytes()
}
