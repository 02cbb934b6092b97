//! Reproducible zips: the same entries give the same bytes, wherever and whenever written.
//!
//! Entries are sorted by name (byte order), every entry has the same fixed time stamp
//! and Unix permissions (0644), and no extra fields; names are `/`-separated and, when
//! not ASCII, stored as UTF-8 with the language-encoding flag (bit 11) set, so Chinese
//! file names survive Windows' built-in unzip.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// What goes into one zip entry.
pub enum Data {
    /// A file on disk, read when the entry is written.
    File(PathBuf),
    /// Bytes made in memory.
    Bytes(Vec<u8>),
}

pub struct Entry {
    /// Path inside the zip, `/`-separated, no leading `/`.
    pub name: String,
    pub data: Data,
}

impl Entry {
    pub fn bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Entry {
        Entry {
            name: name.into(),
            data: Data::Bytes(bytes.into()),
        }
    }
}

/// 2000-01-01 00:00:00, the time stamp of every entry (DOS time has no zone).
fn fixed_time() -> DateTime {
    DateTime::from_date_and_time(2000, 1, 1, 0, 0, 0).unwrap_or_default()
}

/// Files that are compressed already: stored, not deflated again.
fn is_compressed(name: &str) -> bool {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "avif"
            | "zip"
            | "gz"
            | "7z"
            | "rar"
            | "mp3"
            | "m4a"
            | "ogg"
            | "mp4"
            | "webm"
            | "woff"
            | "woff2"
            | "docx"
            | "xlsx"
            | "pptx"
    )
}

/// Writes `entries` (sorted here) as a zip at `path`, which must not be the final name:
/// the caller renames it into place once every zip of the run is complete.
pub fn write_zip(path: &Path, mut entries: Vec<Entry>) -> io::Result<()> {
    entries.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    if let Some(pair) = entries.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(io::Error::other(format!(
            "two files named {} in one zip",
            pair[0].name
        )));
    }
    let file = File::create(path)?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let base = SimpleFileOptions::default()
        .last_modified_time(fixed_time())
        .unix_permissions(0o644);
    for entry in entries {
        let method = if is_compressed(&entry.name) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        zip.start_file(entry.name.as_str(), base.compression_method(method))
            .map_err(zip_error)?;
        match entry.data {
            Data::Bytes(bytes) => zip.write_all(&bytes)?,
            Data::File(from) => {
                let mut f = File::open(&from).map_err(|e| {
                    io::Error::new(e.kind(), format!("cannot read {}: {e}", from.display()))
                })?;
                io::copy(&mut f, &mut zip)?;
            }
        }
    }
    let mut inner = zip.finish().map_err(zip_error)?;
    inner.flush()?;
    inner.into_inner().map_err(|e| e.into_error())?.sync_all()
}

fn zip_error(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_entries_same_bytes_and_utf8_names_flagged() {
        let dir = std::env::temp_dir().join(format!("zhiyin-archive-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let make = |name: &str, order: &[usize]| {
            let all = [
                ("b.html", "<p>b</p>"),
                ("使用 说明.txt", "说明"),
                ("a/c.png", "png"),
            ];
            let entries = order
                .iter()
                .map(|&i| Entry::bytes(all[i].0, all[i].1.as_bytes().to_vec()))
                .collect();
            let path = dir.join(name);
            write_zip(&path, entries).unwrap();
            std::fs::read(path).unwrap()
        };
        let one = make("1.zip", &[0, 1, 2]);
        let two = make("2.zip", &[2, 1, 0]);
        assert_eq!(one, two);
        // The local header of the UTF-8 name has bit 11 of the flags set.
        let name = "使用 说明.txt".as_bytes();
        let at = one
            .windows(name.len())
            .position(|w| w == name)
            .expect("name stored as UTF-8");
        let header = at - 30;
        assert_eq!(&one[header..header + 4], b"PK\x03\x04");
        let flags = u16::from_le_bytes([one[header + 6], one[header + 7]]);
        assert_ne!(flags & 0x0800, 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
