//! Writing the site atomically: everything goes into a temporary folder beside the output,
//! which then takes the output's place. A failed build leaves the previous output untouched,
//! and only folders nianbao itself made are ever deleted.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A file of the site, by its path relative to the output root (`/`-separated).
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Written into every output folder, so that a later build knows the folder is its own.
pub const MARKER: &str = ".nianbao-build";

/// Refuse output folders that could hold anything but a previous build.
pub fn check_output(root: &Path, output: &Path) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, out_abs) = (abs(root), abs(output));
    if out_abs == root_abs || root_abs.starts_with(&out_abs) {
        return Err(format!(
            "输出目录 {} 是门户根目录或其上级目录，拒绝写入",
            output.display()
        ));
    }
    if output.join("content").exists() || output.join("site.toml").exists() {
        return Err(format!(
            "输出目录 {} 中有 content/ 或 site.toml，像是一个门户，拒绝覆盖",
            output.display()
        ));
    }
    if output.exists() {
        let empty = std::fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).exists() {
            return Err(format!(
                "输出目录 {} 已存在且不是 nianbao 生成的，拒绝覆盖；请换一个目录或先清空它",
                output.display()
            ));
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
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), String>;
    /// Stream one file through `fill`.
    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String>;
    /// Write `to` as `prefix` followed by the bytes of the already written `from`.
    fn copy_with_prefix(&self, from: &str, to: &str, prefix: &[u8]) -> Result<(), String>;
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

    fn put(&self, rel: &str, bytes: std::sync::Arc<[u8]>) -> Result<(), String> {
        safe_join(Path::new(""), rel).ok_or_else(|| format!("拒绝写出目录之外的路径：{rel}"))?;
        self.files
            .lock()
            .map_err(|_| "内存中的网站不可用".to_string())?
            .insert(rel.to_string(), bytes);
        Ok(())
    }
}

impl Output for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        self.put(rel, bytes.into())
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        let mut buf = Vec::new();
        fill(&mut buf).map_err(|e| format!("无法生成 {rel}：{e}"))?;
        self.put(rel, buf.into())
    }

    fn copy_with_prefix(&self, from: &str, to: &str, prefix: &[u8]) -> Result<(), String> {
        let source = self
            .files
            .lock()
            .map_err(|_| "内存中的网站不可用".to_string())?
            .get(from)
            .cloned()
            .ok_or_else(|| format!("{from} 尚未生成"))?;
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
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        Staging::write(self, rel, bytes)
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        let mut w = self.create(rel)?;
        fill(&mut w)
            .and_then(|()| std::io::Write::flush(&mut w))
            .map_err(|e| format!("无法写入 {rel}：{e}"))
    }

    fn copy_with_prefix(&self, from: &str, to: &str, prefix: &[u8]) -> Result<(), String> {
        let source = self
            .path_of(from)
            .ok_or_else(|| format!("{from} 尚未生成"))?;
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
    pub fn new(output: &Path) -> Result<Staging, String> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.nianbao-new-{pid}"));
        let old = parent.join(format!(".{name}.nianbao-old-{pid}"));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(|e| format!("无法创建临时目录：{e}"))?;
        Ok(Staging {
            output: output.to_path_buf(),
            tmp,
            old,
            committed: false,
            written: Mutex::new(HashSet::new()),
        })
    }

    /// Reserve `rel` for one file and make its folder. Two files for one path is an error.
    fn claim(&self, rel: &str) -> Result<PathBuf, String> {
        let path =
            safe_join(&self.tmp, rel).ok_or_else(|| format!("拒绝写出目录之外的路径：{rel}"))?;
        let fresh = self
            .written
            .lock()
            .map(|mut w| w.insert(rel.to_string()))
            .unwrap_or(false);
        if !fresh {
            return Err(format!("两个页面要写到同一个路径 {rel}：请给其中一个改名"));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("无法创建 {}：{e}", dir.display()))?;
        }
        Ok(path)
    }

    /// Write one file; safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let path = self.claim(rel)?;
        std::fs::write(&path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
    }

    /// Open a file for streaming into; the same rules as [`Staging::write`].
    pub fn create(&self, rel: &str) -> Result<std::io::BufWriter<std::fs::File>, String> {
        let path = self.claim(rel)?;
        let file = std::fs::File::create(&path)
            .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
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
    pub fn commit(mut self) -> Result<(), String> {
        std::fs::write(self.tmp.join(MARKER), "nianbao\n")
            .map_err(|e| format!("无法写入标记文件：{e}"))?;
        if self.output.exists() {
            std::fs::rename(&self.output, &self.old)
                .map_err(|e| format!("无法移开旧的输出目录：{e}"))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.output) {
            // Put the previous build back.
            let _ = std::fs::rename(&self.old, &self.output);
            return Err(format!("无法换上新的输出目录：{e}"));
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

/// Write `files` into `output` at once (for callers that have the whole site in memory).
pub fn write_atomic(output: &Path, files: &[OutFile]) -> Result<(), String> {
    let staging = Staging::new(output)?;
    for f in files {
        staging.write(&f.path, &f.bytes)?;
    }
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_its_own_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = vec![OutFile {
            path: "a/index.html".into(),
            bytes: b"1".to_vec(),
        }];
        check_output(dir.path().join("portal").as_path(), &out).unwrap();
        write_atomic(&out, &files).unwrap();
        assert!(out.join(MARKER).exists());
        write_atomic(&out, &files).unwrap();
        // A foreign folder is refused, and so is the portal root.
        let foreign = dir.path().join("mine");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.docx"), "x").unwrap();
        assert!(check_output(dir.path(), &foreign).is_err());
        assert!(check_output(dir.path(), dir.path()).is_err());
        // A path that escapes is refused and the previous output stays.
        let bad = vec![OutFile {
            path: "../escape.html".into(),
            bytes: vec![],
        }];
        assert!(write_atomic(&out, &bad).is_err());
        assert!(out.join("a/index.html").exists());
        assert!(!dir.path().join("escape.html").exists());
    }
}
