//! Writing: everything goes into a staging folder beside the output, which replaces the
//! output only when the whole build succeeded. A failed build leaves the old output as it was.

use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// SHA-256 of a written file's bytes.
pub type FileHash = [u8; 32];

/// Where a build writes. `Discard` serves `zhiyin check`, which writes nothing.
pub enum Sink {
    Staging(Staging),
    Discard,
}

impl Sink {
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::Staging(s) => s.write(rel, bytes),
            Sink::Discard => Ok(()),
        }
    }

    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        match self {
            Sink::Staging(s) => s.write(rel, &std::fs::read(from)?),
            Sink::Discard => Ok(()),
        }
    }
}

/// A temporary folder next to the final output; removed on drop unless committed.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Every file written so far, with the hash of its bytes (hashed by the writing thread,
    /// so the service worker's version needs no second read of the output).
    written: Mutex<Vec<(String, FileHash)>>,
}

impl Staging {
    pub fn new(target: &Path) -> io::Result<Staging> {
        let target = absolute(target)?;
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.zhiyin-building-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target,
            committed: false,
            written: Mutex::new(Vec::new()),
        })
    }

    pub fn path_of(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        let hash: FileHash = Sha256::digest(bytes).into();
        if let Ok(mut written) = self.written.lock() {
            written.push((rel.to_string(), hash));
        }
        Ok(())
    }

    /// Every file written so far (last write of a path wins), sorted by path.
    pub fn written(&self) -> Vec<(String, FileHash)> {
        let mut files = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        // Stable sort keeps writes of one path in order; the last one is what is on disk.
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, FileHash)> = Vec::with_capacity(files.len());
        for f in files {
            match out.last_mut() {
                Some(last) if last.0 == f.0 => *last = f,
                _ => out.push(f),
            }
        }
        out
    }

    /// Moves the staged output into place: old output aside, new one in, old one removed.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.zhiyin-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

/// Removes a folder tree, best effort, unlinking files from several threads: on disks that
/// discard freed blocks at once (ext4 `discard`), one thread waits on every unlink, and an
/// output of 10,000 pages took 1.9 s to remove alone against 0.7 s with eight.
pub fn remove_tree(dir: &Path) {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < dirs.len() {
        if let Ok(entries) = std::fs::read_dir(&dirs[i]) {
            for entry in entries.flatten() {
                match entry.file_type() {
                    Ok(t) if t.is_dir() => dirs.push(entry.path()),
                    _ => files.push(entry.path()),
                }
            }
        }
        i += 1;
    }
    const WORKERS: usize = 8;
    if files.len() > 64 {
        let per = files.len().div_ceil(WORKERS);
        std::thread::scope(|scope| {
            for part in files.chunks(per) {
                scope.spawn(move || {
                    for f in part {
                        let _ = std::fs::remove_file(f);
                    }
                });
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}
