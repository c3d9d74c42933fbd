//! Writing the site atomically: everything goes into a temporary folder beside the output,
//! which then takes the output's place. A failed build leaves the previous output untouched,
//! and only folders nianbao itself made are ever deleted.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// The first line of the marker; the lines after it are the files the build wrote.
const MARKER_HEAD: &str = "nianbao";

/// The files the last build wrote, from its marker; `None` for an older build's marker that
/// did not list them.
fn manifest(output: &Path) -> Option<HashSet<String>> {
    let text = std::fs::read_to_string(marker_of(output)).ok()?;
    let mut lines = text.lines();
    (lines.next() == Some(MARKER_HEAD)).then_some(())?;
    let files: HashSet<String> = lines.map(str::to_string).collect();
    (!files.is_empty()).then_some(files)
}

/// Whether `rel` is one of the `keep` entries of `site.toml` or inside one.
fn is_kept(rel: &str, keep: &[String]) -> bool {
    keep.iter().any(|k| {
        rel == k
            || rel
                .strip_prefix(k.as_str())
                .is_some_and(|r| r.starts_with('/'))
    })
}

/// Files in the output folder that a rebuild would delete although nianbao did not write them
/// and `keep` does not list them (a `CNAME`, a `.git`, PDFs uploaded by hand), relative to
/// the folder, sorted. The build refuses rather than delete them.
pub fn foreign_files(output: &Path, keep: &[String]) -> Vec<String> {
    let Some(ours) = manifest(output) else {
        return Vec::new();
    };
    let mut foreign: Vec<String> = walkdir::WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            let rel = relative(output, e.path());
            !is_kept(&rel, keep)
        })
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| relative(output, e.path()))
        .filter(|rel| !ours.contains(rel) && rel != LEGACY_MARKER)
        .collect();
    foreign.sort();
    foreign
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the process that made a staging folder is still running.
fn alive(pid: u32, folder: &Path) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    // Elsewhere: a folder untouched for a day belongs to no running build.
    std::fs::metadata(folder)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(86_400))
}

/// What killed builds left beside `output`: their staging folders are removed, and if one was
/// killed between moving the old site away and putting the new one in place, the old site is
/// put back. Returns what was done, for the build log.
pub fn recover(output: &Path) -> Vec<String> {
    let mut done = Vec::new();
    let (parent, name) = parent_and_name(output);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return done;
    };
    let new_prefix = format!(".{name}.nianbao-new-");
    let old_prefix = format!(".{name}.nianbao-old-");
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let (is_old, pid) = match (
            file_name.strip_prefix(&new_prefix),
            file_name.strip_prefix(&old_prefix),
        ) {
            (Some(pid), _) => (false, pid.parse::<u32>().ok()),
            (_, Some(pid)) => (true, pid.parse::<u32>().ok()),
            _ => continue,
        };
        if pid.is_some_and(|pid| !alive(pid, &e.path())) {
            stale.push((e.path(), is_old));
        }
    }
    for (path, is_old) in stale {
        if is_old && !output.exists() && std::fs::rename(&path, output).is_ok() {
            done.push(format!(
                "上次生成在换上新网站时中断，已恢复原来的 {}",
                output.display()
            ));
        } else if std::fs::remove_dir_all(&path).is_ok() {
            done.push(format!("已清理上次中断的生成留下的 {}", path.display()));
        }
    }
    done
}

fn parent_and_name(output: &Path) -> (PathBuf, String) {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Swap two folders in one step where the system can (Linux `renameat2(RENAME_EXCHANGE)`),
/// so that no moment exists without a site; `Ok(false)` where it cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the working directory.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    // File systems without the flag: fall back to two renames.
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        Ok(false)
    } else {
        Err(e)
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
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
    // Inside a folder the site is made from, a build would read its own output next time.
    if ["content", "static", "templates", "themes"]
        .iter()
        .any(|d| out_abs.starts_with(root_abs.join(d)))
    {
        return refuse(Refusal::InsideSources);
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

/// What fills a streamed file.
pub type Fill<'a> = dyn FnMut(&mut (dyn std::io::Write + Send)) -> std::io::Result<()> + 'a;

/// Where a build puts its files: a staging folder on disk (`build`) or memory (`serve`).
pub trait Output: Sync {
    /// Write one file; safe to call from many threads.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError>;
    /// Stream one file through `fill` (`Send`: the workbook writer needs it).
    fn stream(&self, rel: &str, fill: &mut Fill<'_>) -> Result<(), OutputError>;
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

    fn stream(&self, rel: &str, fill: &mut Fill<'_>) -> Result<(), OutputError> {
        let mut buf = Vec::new();
        fill(&mut buf).map_err(|e| OutputError::io(Action::Write, rel, e))?;
        self.put(rel, buf.into())
    }

    fn count(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        Staging::write(self, rel, bytes)
    }

    fn stream(&self, rel: &str, fill: &mut Fill<'_>) -> Result<(), OutputError> {
        Staging::stream(self, rel, fill)
    }

    fn count(&self) -> usize {
        Staging::count(self)
    }
}

/// What a build did to the output folder, file by file, against the previous build: what a
/// deploy by `rsync` or an object-storage sync has to upload (changed and added) or delete.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub unchanged: usize,
}

#[derive(Default)]
struct Tally {
    changed: AtomicUsize,
    added: AtomicUsize,
    unchanged: AtomicUsize,
}

/// Whether two files hold the same bytes, read side by side in pieces (a download can be
/// hundreds of megabytes).
fn same_files(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (mut a, mut b) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Whether a file holds exactly `bytes`, read in pieces.
fn same_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; (1 << 16).min(bytes.len() + 1)];
    let mut rest = bytes;
    loop {
        let n = read_full(&mut file, &mut buf)?;
        if n > rest.len() || buf[..n] != rest[..n] {
            return Ok(false);
        }
        rest = &rest[n..];
        if n < buf.len() {
            return Ok(rest.is_empty());
        }
    }
}

/// Fill `buf` unless the file ends first; how much was read.
fn read_full(r: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// A build in progress: files go into a temporary folder beside the output, which takes the
/// output's place on [`Staging::commit`]. Dropped without a commit, it removes itself and the
/// previous output stays as it was.
///
/// A file with the same bytes as the previous output's file of that name is not written
/// afresh but hard-linked from it, so it keeps its modification time and a sync by size and
/// time (`rsync -a`, object-storage sync) uploads only what changed.
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    committed: bool,
    written: Mutex<HashSet<String>>,
    /// Entries of the old output carried into the new one (`keep` of `site.toml`).
    keep: Vec<String>,
    tally: Tally,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let (parent, name) = parent_and_name(output);
        std::fs::create_dir_all(&parent)
            .map_err(|e| OutputError::io(Action::CreateFolder, &parent, e))?;
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
            keep: Vec::new(),
            tally: Tally::default(),
        })
    }

    /// Carry these entries of the previous output into the new one.
    pub fn keep(mut self, keep: &[String]) -> Self {
        self.keep = keep.to_vec();
        self
    }

    /// Write the marker beside the output, listing `files`.
    fn mark(&self, files: &HashSet<String>) -> Result<(), OutputError> {
        let marker = marker_of(&self.output);
        let mut list: Vec<&str> = files.iter().map(String::as_str).collect();
        list.sort_unstable();
        let mut text = String::with_capacity(list.len() * 32 + 8);
        text.push_str(MARKER_HEAD);
        for f in list {
            text.push('\n');
            text.push_str(f);
        }
        text.push('\n');
        let tmp = marker.with_extension("nianbao-tmp");
        std::fs::write(&tmp, text).map_err(|e| OutputError::io(Action::Write, &tmp, e))?;
        std::fs::rename(&tmp, &marker).map_err(|e| OutputError::io(Action::Write, &marker, e))
    }

    /// Move the kept entries between the old output and the staging folder.
    fn carry(&self, from: &Path, to: &Path) -> Result<(), OutputError> {
        for k in &self.keep {
            let (Some(src), Some(dst)) = (safe_join(from, k), safe_join(to, k)) else {
                continue;
            };
            if std::fs::symlink_metadata(&src).is_err() {
                continue;
            }
            if std::fs::symlink_metadata(&dst).is_ok() {
                return Err(OutputError::Collision { rel: k.clone() });
            }
            if let Some(dir) = dst.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| OutputError::io(Action::CreateFolder, dir, e))?;
            }
            std::fs::rename(&src, &dst).map_err(|e| OutputError::io(Action::SwapIn, &src, e))?;
        }
        Ok(())
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

    /// The previous output's file at `rel`, if it has one (a plain file, not a link).
    fn previous(&self, rel: &str) -> Option<(PathBuf, std::fs::Metadata)> {
        let path = safe_join(&self.output, rel)?;
        let meta = std::fs::symlink_metadata(&path).ok()?;
        meta.is_file().then_some((path, meta))
    }

    /// Give a file the previous output's modification time: where a hard link could not be
    /// made, a fresh copy of unchanged bytes then looks unchanged to a sync.
    fn keep_time(path: &Path, meta: &std::fs::Metadata) -> std::io::Result<()> {
        let file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.set_modified(meta.modified()?)
    }

    fn tick(&self, counter: &AtomicUsize) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Write one file; safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.claim(rel)?;
        let previous = self.previous(rel);
        let same = previous.as_ref().filter(|(old, meta)| {
            meta.len() == bytes.len() as u64 && same_bytes(old, bytes).unwrap_or(false)
        });
        if let Some((old, _)) = same
            && std::fs::hard_link(old, &path).is_ok()
        {
            self.tick(&self.tally.unchanged);
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(|e| OutputError::io(Action::Write, &path, e))?;
        self.tick(match (same, &previous) {
            (Some((_, meta)), _) if Self::keep_time(&path, meta).is_ok() => &self.tally.unchanged,
            (_, Some(_)) => &self.tally.changed,
            (_, None) => &self.tally.added,
        });
        Ok(())
    }

    /// Stream one file through `fill`; where it comes out the same as the previous output's,
    /// that one takes its place.
    pub fn stream(&self, rel: &str, fill: &mut Fill<'_>) -> Result<(), OutputError> {
        let path = self.claim(rel)?;
        let file =
            std::fs::File::create(&path).map_err(|e| OutputError::io(Action::Write, &path, e))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut w)
            .and_then(|()| std::io::Write::flush(&mut w))
            .map_err(|e| OutputError::io(Action::Write, &path, e))?;
        let len = w.get_ref().metadata().map(|m| m.len()).ok();
        drop(w);
        let previous = self.previous(rel);
        let same = previous.as_ref().filter(|(old, meta)| {
            Some(meta.len()) == len && same_files(old, &path).unwrap_or(false)
        });
        let Some((old, meta)) = same else {
            self.tick(if previous.is_some() {
                &self.tally.changed
            } else {
                &self.tally.added
            });
            return Ok(());
        };
        // The link is made beside the new file and renamed over it: the file is never missing.
        let mut link = path.clone().into_os_string();
        link.push(".nianbao-link");
        let linked = std::fs::hard_link(old, &link).and_then(|()| std::fs::rename(&link, &path));
        if linked.is_err() {
            let _ = std::fs::remove_file(&link);
        }
        self.tick(if linked.is_ok() || Self::keep_time(&path, meta).is_ok() {
            &self.tally.unchanged
        } else {
            &self.tally.changed
        });
        Ok(())
    }

    pub fn count(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// The files of the previous output that nianbao wrote: its marker's list, or for an
    /// older build's marker, the folder's files but those kept.
    fn previous_files(&self) -> HashSet<String> {
        if let Some(files) = manifest(&self.output) {
            return files;
        }
        if !self.output.is_dir() {
            return HashSet::new();
        }
        walkdir::WalkDir::new(&self.output)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !is_kept(&relative(&self.output, e.path()), &self.keep))
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| relative(&self.output, e.path()))
            .filter(|rel| rel != LEGACY_MARKER)
            .collect()
    }

    /// Swap the new site in for the old one; what changed against it.
    pub fn commit(mut self) -> Result<Changes, OutputError> {
        let written = self
            .written
            .lock()
            .map(|w| w.clone())
            .map_err(|_| OutputError::MemoryUnavailable)?;
        let changes = Changes {
            changed: self.tally.changed.load(Ordering::Relaxed),
            added: self.tally.added.load(Ordering::Relaxed),
            unchanged: self.tally.unchanged.load(Ordering::Relaxed),
            removed: self
                .previous_files()
                .iter()
                .filter(|f| !written.contains(*f))
                .count(),
        };
        // The marker goes beside the site, not into it: it must not be deployed. Until the
        // swap is done it lists the old files too, so that a build killed in between never
        // takes the old site's files for someone else's.
        let mut both = manifest(&self.output).unwrap_or_default();
        both.extend(written.iter().cloned());
        self.mark(&both)?;
        if self.output.exists() {
            self.carry(&self.output, &self.tmp)?;
            match exchange(&self.tmp, &self.output) {
                Ok(true) => {
                    // `tmp` now holds the previous site.
                    self.committed = true;
                    let _ = std::fs::remove_dir_all(&self.tmp);
                    self.mark(&written)?;
                    return Ok(changes);
                }
                Ok(false) => {}
                Err(e) => {
                    let _ = self.carry(&self.tmp, &self.output);
                    return Err(OutputError::io(Action::SwapIn, &self.output, e));
                }
            }
            if let Err(e) = std::fs::rename(&self.output, &self.old) {
                let _ = self.carry(&self.tmp, &self.output);
                return Err(OutputError::io(Action::MoveOldAway, &self.output, e));
            }
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.output) {
            // Put the previous build back.
            let _ = std::fs::rename(&self.old, &self.output);
            let _ = self.carry(&self.tmp, &self.output);
            return Err(OutputError::io(Action::SwapIn, &self.output, e));
        }
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.old);
        self.mark(&written)?;
        Ok(changes)
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
            staging.commit().map(|_| ())
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

    #[test]
    fn a_build_killed_mid_swap_gets_its_old_site_back_and_debris_goes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Killed after moving the old site away: no output, the old one beside it.
        let old = dir.path().join(".public.nianbao-old-4000000000");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "old").unwrap();
        let new = dir.path().join(".public.nianbao-new-4000000001");
        std::fs::create_dir_all(new.join("a")).unwrap();
        std::fs::write(new.join("a/index.html"), "half").unwrap();
        let done = recover(&out);
        assert_eq!(done.len(), 2, "{done:?}");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!old.exists() && !new.exists());
        // A running build's folder is left alone.
        let mine = dir
            .path()
            .join(format!(".public.nianbao-new-{}", std::process::id()));
        std::fs::create_dir_all(&mine).unwrap();
        assert!(recover(&out).is_empty());
        assert!(mine.exists());
    }

    #[test]
    fn files_nianbao_did_not_write_are_kept_or_named_never_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |keep: &[String]| -> Result<(), OutputError> {
            let staging = Staging::new(&out)?.keep(keep);
            staging.write("index.html", b"home")?;
            staging.write("a/2022/index.html", b"report")?;
            staging.commit().map(|_| ())
        };
        build(&[]).unwrap();
        assert!(foreign_files(&out, &[]).is_empty());
        std::fs::write(out.join("CNAME"), "ndbg.xx.gov.cn").unwrap();
        std::fs::create_dir_all(out.join("uploads")).unwrap();
        std::fs::write(out.join("uploads/2019.pdf"), "%PDF").unwrap();
        assert_eq!(foreign_files(&out, &[]), ["CNAME", "uploads/2019.pdf"]);
        let keep = vec!["CNAME".to_string(), "uploads".to_string()];
        assert!(foreign_files(&out, &keep).is_empty());
        build(&keep).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "ndbg.xx.gov.cn"
        );
        assert!(out.join("uploads/2019.pdf").is_file());
        assert!(out.join("a/2022/index.html").is_file());
        // No staging or old folder is left beside the output.
        let beside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(beside.len(), 2, "{beside:?}");
    }

    #[test]
    fn a_rebuild_reuses_unchanged_files_and_counts_the_changes() {
        use std::time::{Duration, SystemTime};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let build = |files: &[(&str, &[u8])], streamed: &[u8]| -> Changes {
            let staging = Staging::new(&out).unwrap();
            for (rel, bytes) in files {
                staging.write(rel, bytes).unwrap();
            }
            staging
                .stream("data/big.csv", &mut |w| w.write_all(streamed))
                .unwrap();
            staging.commit().unwrap()
        };
        let first = build(
            &[
                ("index.html", b"home"),
                ("a/index.html", b"a"),
                ("b/index.html", b"b"),
            ],
            b"1,2\n",
        );
        assert_eq!(
            first,
            Changes {
                added: 4,
                ..Changes::default()
            }
        );
        // Put every file an hour into the past, so that a rewrite would show.
        let past = SystemTime::now() - Duration::from_secs(3600);
        for rel in ["index.html", "a/index.html", "b/index.html", "data/big.csv"] {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(out.join(rel))
                .unwrap();
            f.set_modified(past).unwrap();
        }
        let mtime = |rel: &str| {
            std::fs::metadata(out.join(rel))
                .unwrap()
                .modified()
                .unwrap()
        };
        // Same bytes for the home page and the download, new bytes (same size) for `a`, `b`
        // gone, `c` new.
        let second = build(
            &[
                ("index.html", b"home"),
                ("a/index.html", b"A"),
                ("c/index.html", b"c"),
            ],
            b"1,2\n",
        );
        assert_eq!(
            second,
            Changes {
                changed: 1,
                added: 1,
                removed: 1,
                unchanged: 2,
            }
        );
        assert_eq!(mtime("index.html"), past);
        assert_eq!(mtime("data/big.csv"), past);
        assert_ne!(mtime("a/index.html"), past);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"A");
        assert!(!out.join("b/index.html").exists());
        // A streamed file that differs is counted as changed and has its new bytes.
        let third = build(&[("index.html", b"home")], b"1,3\n");
        assert_eq!((third.changed, third.unchanged, third.removed), (1, 1, 2));
        assert_eq!(std::fs::read(out.join("data/big.csv")).unwrap(), b"1,3\n");
    }

    #[test]
    fn files_compare_by_their_bytes_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, &big).unwrap();
        std::fs::write(&b, &big).unwrap();
        assert!(same_files(&a, &b).unwrap());
        assert!(same_bytes(&a, &big).unwrap());
        let mut other = big.clone();
        other[150_000] ^= 1;
        std::fs::write(&b, &other).unwrap();
        assert!(!same_files(&a, &b).unwrap());
        assert!(!same_bytes(&a, &other).unwrap());
        assert!(!same_bytes(&a, &big[..100]).unwrap());
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert!(same_bytes(&empty, b"").unwrap());
        assert!(!same_bytes(&empty, b"x").unwrap());
    }
}
