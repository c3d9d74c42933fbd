//! Writing the site atomically: everything goes into a temporary folder beside the output,
//! which then takes the output's place. A failed build leaves the previous output untouched,
//! and only folders nianbao itself made are ever deleted.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::error::{Action, OutputError, Refusal};

/// Older builds marked their output with this file inside it; still recognised.
pub const LEGACY_MARKER: &str = ".nianbao-build";

/// The file beside an output folder that says nianbao made it: `public/` is marked by
/// `.public.nianbao`, which stays behind when the folder is uploaded.
pub fn marker_of(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.nianbao"))
}

/// Whether nianbao built this folder.
pub fn is_ours(output: &Path) -> bool {
    marker_of(output).is_file() || output.join(LEGACY_MARKER).exists()
}

/// Refuse output folders that could hold anything but a previous build.
pub fn check_output(root: &Path, output: &Path) -> Result<(), OutputError> {
    let refuse = |why| {
        Err(OutputError::Refused {
            path: output.to_path_buf(),
            why,
        })
    };
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (abs(root), abs(output));
    if out_abs == root_abs || root_abs.starts_with(&out_abs) {
        return refuse(Refusal::PortalRoot);
    }
    if output.join("content").exists() || output.join("site.toml").exists() {
        return refuse(Refusal::LooksLikePortal);
    }
    if output.exists() {
        let empty = std::fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !is_ours(output) {
            return refuse(Refusal::Foreign);
        }
    }
    Ok(())
}

/// A relative path that stays inside the output folder.
fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        Some(base.join(rel))
    } else {
        None
    }
}

/// Where a build puts its files: a staging folder on disk (`build`) or memory (`serve`).
pub trait Output: Sync {
    /// Write one file; safe to call from many threads.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError>;
    /// Stream one file through `fill`.
    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError>;
    /// Write `to` as `prefix` followed by the bytes of the already written `from`.
    fn copy_with_prefix(&self, from: &str, to: &str, prefix: &[u8]) -> Result<(), OutputError>;
    /// Files written so far.
    fn count(&self) -> usize;
}

/// A site held in memory, by path (`serve`).
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<std::collections::HashMap<String, std::sync::Arc<[u8]>>>,
}

impl Memory {
    pub fn into_files(self) -> std::collections::HashMap<String, std::sync::Arc<[u8]>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), OutputError> {
        safe_join(Path::new(""), rel).ok_or_else(|| OutputError::OutsideOutput {
            rel: rel.to_string(),
        })?;
        self.files
            .lock()
            .map_err(|_| OutputError::MemoryUnavailable)?
            .insert(rel.to_string(), bytes);
        Ok(())
    }
}

impl Output for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.put(rel, bytes.into())
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let mut buf = Vec::new();
        fill(&mut buf).map_err(|e| OutputError::io(Action::Write, rel, e))?;
        self.put(rel, buf.into())
    }

    fn copy_with_prefix(&self, from: &str, to: &str, prefix: &[u8]) -> Result<(), OutputError> {
        let source = self
            .files
            .lock()
            .map_err(|_| OutputError::MemoryUnavailable)?
            .get(from)
            .cloned()
            .ok_or_else(|| OutputError::NotYetWritten {
                rel: from.to_string(),
            })?;
        let mut bytes = Vec::with_capacity(prefix.len() + source.len());
        bytes.extend_from_slice(prefix);
        bytes.extend_from_slice(&source);
        self.put(to, bytes.into())
    }

    fn count(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        Staging::write(self, rel, bytes)
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let mut w = self.create(rel)?;
        fill(&mut w)
            .and_then(|()| std::io::Write::flush(&mut w))
            .map_err(|e| OutputError::io(Action::Write, self.tmp.join(rel), e))
    }

    fn copy_with_prefix(&self, from: &str, to: &str, prefix: &[u8]) -> Result<(), OutputError> {
        let source = self
            .path_of(from)
            .ok_or_else(|| OutputError::NotYetWritten {
                rel: from.to_string(),
            })?;
        self.stream(to, &mut |w| {
            w.write_all(prefix)?;
            std::io::copy(&mut std::fs::File::open(&source)?, w).map(|_| ())
        })
    }

    fn count(&self) -> usize {
        Staging::count(self)
    }
}

/// A build in progress: files go into a temporary folder beside the output, which takes the
/// output's place on [`Staging::commit`]. Dropped without a commit, it removes itself and the
/// previous output stays as it was.
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    committed: bool,
    written: Mutex<HashSet<String>>,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .map_err(|e| OutputError::io(Action::CreateFolder, parent, e))?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.nianbao-new-{pid}"));
        let old = parent.join(format!(".{name}.nianbao-old-{pid}"));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)
            .map_err(|e| OutputError::io(Action::CreateFolder, &tmp, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            tmp,
            old,
            committed: false,
            written: Mutex::new(HashSet::new()),
        })
    }

    /// Reserve `rel` for one file and make its folder. Two files for one path is an error.
    fn claim(&self, rel: &str) -> Result<PathBuf, OutputError> {
        let path = safe_join(&self.tmp, rel).ok_or_else(|| OutputError::OutsideOutput {
            rel: rel.to_string(),
        })?;
        let fresh = self
            .written
            .lock()
            .map(|mut w| w.insert(rel.to_string()))
            .unwrap_or(false);
        if !fresh {
            return Err(OutputError::Collision {
                rel: rel.to_string(),
            });
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| OutputError::io(Action::CreateFolder, dir, e))?;
        }
        Ok(path)
    }

    /// Write one file; safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.claim(rel)?;
        std::fs::write(&path, bytes).map_err(|e| OutputError::io(Action::Write, path, e))
    }

    /// Open a file for streaming into; the same rules as [`Staging::write`].
    pub fn create(&self, rel: &str) -> Result<std::io::BufWriter<std::fs::File>, OutputError> {
        let path = self.claim(rel)?;
        let file =
            std::fs::File::create(&path).map_err(|e| OutputError::io(Action::Write, &path, e))?;
        Ok(std::io::BufWriter::with_capacity(1 << 20, file))
    }

    /// The path a written file has in the staging folder.
    pub fn path_of(&self, rel: &str) -> Option<PathBuf> {
        safe_join(&self.tmp, rel)
    }

    pub fn count(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// Swap the new site in for the old one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        // The marker goes beside the site, not into it: it must not be deployed.
        let marker = marker_of(&self.output);
        std::fs::write(&marker, "nianbao\n")
            .map_err(|e| OutputError::io(Action::Write, &marker, e))?;
        if self.output.exists() {
            std::fs::rename(&self.output, &self.old)
                .map_err(|e| OutputError::io(Action::MoveOldAway, &self.output, e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.output) {
            // Put the previous build back.
            let _ = std::fs::rename(&self.old, &self.output);
            return Err(OutputError::io(Action::SwapIn, &self.output, e));
        }
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_its_own_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let write = |out: &Path, rel: &str| -> Result<(), OutputError> {
            let staging = Staging::new(out)?;
            staging.write(rel, b"1")?;
            staging.commit()
        };
        check_output(dir.path().join("portal").as_path(), &out).unwrap();
        write(&out, "a/index.html").unwrap();
        assert!(marker_of(&out).is_file() && !out.join(LEGACY_MARKER).exists());
        assert!(
            !std::fs::read_dir(&out).unwrap().any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.'))
        );
        write(&out, "a/index.html").unwrap();
        // A foreign folder is refused, and so is the portal root.
        let foreign = dir.path().join("mine");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.docx"), "x").unwrap();
        assert!(matches!(
            check_output(dir.path(), &foreign),
            Err(OutputError::Refused {
                why: Refusal::Foreign,
                ..
            })
        ));
        assert!(matches!(
            check_output(dir.path(), dir.path()),
            Err(OutputError::Refused {
                why: Refusal::PortalRoot,
                ..
            })
        ));
        // A path that escapes is refused and the previous output stays.
        assert!(matches!(
            write(&out, "../escape.html"),
            Err(OutputError::OutsideOutput { .. })
        ));
        assert!(out.join("a/index.html").exists());
        assert!(!dir.path().join("escape.html").exists());
    }
}
