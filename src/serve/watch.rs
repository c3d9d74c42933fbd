//! Watching the portal for saves: notify's events, gathered until the file system has been
//! quiet for a moment, and sorted into what must be rebuilt.
//!
//! The quiet period is 15 ms, not the 100 ms+ of notify's debouncers: an editor's save
//! (write, or write a temporary file and rename it over the report) arrives within a few
//! milliseconds, and the whole save-to-page budget is 100 ms. A `git checkout` keeps the
//! events coming, so it is gathered into one batch (up to 2 s) and rebuilt once.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

const QUIET: Duration = Duration::from_millis(15);
const LONGEST: Duration = Duration::from_secs(2);
/// More changed reports than this at once (a checkout, a bulk edit): rebuild everything.
const MANY: usize = 40;

/// What a batch of file events asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Report files (relative paths) saved, created, renamed or deleted.
    Reports(Vec<String>),
    /// Settings, templates, static files, agencies or pages: everything is rebuilt.
    Everything,
}

/// The folders watched recursively.
const SOURCES: [&str; 4] = ["content", "templates", "static", "themes"];

pub struct Watcher {
    root: PathBuf,
    events: Receiver<notify::Result<notify::Event>>,
    // Kept alive for as long as events are wanted; re-pointed when a source folder is
    // replaced wholesale.
    watcher: std::sync::Mutex<notify::RecommendedWatcher>,
}

impl Watcher {
    pub fn new(root: &Path) -> Result<Watcher, String> {
        let (tx, events) = channel();
        let mut watcher =
            notify::recommended_watcher(tx).map_err(|e| format!("无法监视文件变化：{e}"))?;
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        // The root itself (site.toml, and folders created later) without descending into
        // the output or .git; the source folders recursively.
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("无法监视 {}：{e}", root.display()))?;
        for dir in SOURCES {
            let path = root.join(dir);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("无法监视 {}：{e}", path.display()))?;
            }
        }
        Ok(Watcher {
            root,
            events,
            watcher: std::sync::Mutex::new(watcher),
        })
    }

    /// A source folder that appeared at the root (created, or moved back in place after
    /// `mv content c.x && mv c.x content`) is a new folder to the system: watch it again.
    /// Returns whether one did.
    fn rewatch(&self, paths: &[PathBuf]) -> bool {
        let mut again = false;
        for dir in SOURCES {
            let path = self.root.join(dir);
            if paths.iter().any(|p| p == &path) && path.is_dir() {
                if let Ok(mut w) = self.watcher.lock() {
                    let _ = w.unwatch(&path);
                    let _ = w.watch(&path, RecursiveMode::Recursive);
                }
                again = true;
            }
        }
        again
    }

    /// Wait for the next change that matters.
    pub fn next(&self) -> Change {
        loop {
            let Ok(first) = self.events.recv() else {
                // The watcher is gone: nothing more will change.
                std::thread::park();
                continue;
            };
            let mut paths: Vec<PathBuf> = Vec::new();
            let mut rescan = false;
            let mut take = |e: notify::Result<notify::Event>| match e {
                // Reading files (the build itself does) is not a change.
                Ok(e) if !changes_content(&e.kind) => {}
                Ok(e) => {
                    rescan |= e.need_rescan();
                    paths.extend(e.paths);
                }
                Err(_) => rescan = true,
            };
            take(first);
            let start = Instant::now();
            while start.elapsed() < LONGEST {
                match self.events.recv_timeout(QUIET) {
                    Ok(e) => take(e),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            if self.rewatch(&paths) || rescan {
                return Change::Everything;
            }
            if let Some(change) = classify(&self.root, &paths) {
                return change;
            }
        }
    }
}

/// Whether an event can change what the site is made of: not reads, not access times.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

/// What a set of changed paths means; `None` when none of them matters (a swap file, the
/// output folder, a README).
pub fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut reports = BTreeSet::new();
    let mut everything = false;
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(name) = parts.last() else { continue };
        if is_scratch(name) {
            continue;
        }
        match parts.first().map(String::as_str) {
            Some("site.toml") if parts.len() == 1 => everything = true,
            Some("templates" | "static" | "themes") => everything = true,
            Some("content") => {
                let markdown = name.ends_with(".md") || name.ends_with(".markdown");
                let folder = !name.contains('.');
                match parts.len() {
                    3 if markdown && name != "_index.md" => {
                        reports.insert(parts.join("/"));
                    }
                    // An agency file.
                    3 if markdown => everything = true,
                    // The home page, a free page, or an agency folder come or gone.
                    2 if markdown || folder => everything = true,
                    1 => everything = true,
                    // Anything else in an agency folder is not read.
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if everything || reports.len() > MANY {
        Some(Change::Everything)
    } else if reports.is_empty() {
        None
    } else {
        Some(Change::Reports(reports.into_iter().collect()))
    }
}

/// Files editors and tools write beside the real one: vim's swap files and its `4913`
/// probe, emacs' lock and autosave files, backups, and temporary files renamed into place.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".orig",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(paths: &[&str]) -> Option<Change> {
        let root = Path::new("/p");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(root, &paths)
    }

    #[test]
    fn saves_are_sorted_into_what_to_rebuild() {
        // Write-then-rename: the temporary file is ignored, the report is rebuilt.
        assert_eq!(
            change(&["content/a/.2022.md.tmp", "content/a/2022.md"]),
            Some(Change::Reports(vec!["content/a/2022.md".into()]))
        );
        // Swap and backup files alone change nothing; nor does the output folder.
        assert_eq!(
            change(&[
                "content/a/.2022.md.swp",
                "content/a/2022.md~",
                "content/a/4913",
                "public/a/2022/index.html",
                "README.md",
                "content/a/sedX1b2c3",
                "content/a/chart.png"
            ]),
            None
        );
        // A rename is two reports; a deletion is one.
        assert_eq!(
            change(&["content/a/2022.md", "content/a/2023.md"]),
            Some(Change::Reports(vec![
                "content/a/2022.md".into(),
                "content/a/2023.md".into()
            ]))
        );
        for everything in [
            "site.toml",
            "templates/report.html",
            "static/style.css",
            "themes/default/templates/base.html",
            "content/a/_index.md",
            "content/about.md",
            "content/new-agency",
        ] {
            assert_eq!(
                change(&[everything]),
                Some(Change::Everything),
                "{everything}"
            );
        }
        // A checkout touching hundreds of reports is rebuilt once, whole.
        let many: Vec<String> = (0..300).map(|i| format!("content/a{i}/2022.md")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(change(&many), Some(Change::Everything));
    }
}
