//! Writing: everything goes into a staging folder beside the output, which replaces the
//! output only when the whole build succeeded. A failed build leaves the old output as it was.

use std::io;
use std::path::{Path, PathBuf};

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
            Sink::Staging(s) => {
                let dest = s.path_of(rel);
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::copy(from, dest).map(|_| ())
            }
            Sink::Discard => Ok(()),
        }
    }
}

/// A temporary folder next to the final output; removed on drop unless committed.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
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
        std::fs::write(path, bytes)
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
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
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
