//! Loading a portal from disk (spec §1): `site.toml`, agencies, reports and free pages, read
//! and parsed in parallel into an immutable [`Site`].

mod agency;
mod fields;
pub mod read;
mod report;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::{Agency, Page, Report};
use crate::source::{SourceFile, Span};

pub use agency::{read_agency, read_page};
pub use report::read_report;

/// Everything under a portal root, read and typed.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub config_file: Arc<SourceFile>,
    /// `content/_index.md`: the home page intro.
    pub home: Option<Page>,
    pub pages: Vec<Page>,
    /// Sorted by slug.
    pub agencies: Vec<Agency>,
    /// Sorted by agency, then year.
    pub reports: Vec<Report>,
}

impl Site {
    pub fn agency(&self, slug: &str) -> Option<&Agency> {
        self.agencies
            .binary_search_by(|a| a.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.agencies[i])
    }
}

/// Why a portal could not be loaded at all (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    NoConfig(PathBuf),
    NoContent(PathBuf),
    /// `site.toml` exists but cannot be used; its findings say why.
    BadConfig(Vec<Diagnostic>),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoConfig(p) => write!(
                f,
                "在 {} 找不到 site.toml：请在门户根目录运行，或用 --root 指定门户目录",
                p.display()
            ),
            LoadError::NoContent(p) => write!(
                f,
                "找不到 {}：报告放在门户根目录下的 content/ 目录中",
                p.display()
            ),
            LoadError::BadConfig(_) => write!(f, "site.toml 无法读取，检查未能进行"),
        }
    }
}

impl std::error::Error for LoadError {}

enum Job {
    Home(PathBuf),
    Page(String, PathBuf),
    Agency(String, PathBuf),
    Report(String, PathBuf, bool),
}

enum Loaded {
    Home(Page),
    Page(Page),
    Agency(Box<Agency>),
    Report(Box<Report>),
    Nothing,
}

/// Relative path with `/` separators, as findings print it.
fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a portal-relative path is where a report lives: `content/<agency>/<name>.md`.
pub fn is_report_path(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    matches!(parts[..], ["content", agency, file]
        if !agency.is_empty() && file != "_index.md" && file.ends_with(".md"))
}

/// The year a report's file name gives: `2022.md`, also `2022-revised.md`.
pub fn year_of_file_name(stem: &str) -> Option<i32> {
    let digits: String = stem.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &stem[digits.len()..];
    if digits.len() == 4 && (rest.is_empty() || rest.starts_with(['-', '_', '.'])) {
        digits.parse().ok()
    } else {
        None
    }
}

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// Load the portal at `root`. Findings about content are returned beside the site.
pub fn load(root: &Path) -> Result<(Site, Vec<Diagnostic>), LoadError> {
    load_with(root, None)
}

/// What a streamed load does with each agency folder's reports once they are read (in the
/// site's order): their findings, and the reports to keep in the [`Site`].
pub type AgencyHook<'h> =
    dyn Fn(&Config, Vec<Report>) -> (Vec<Diagnostic>, Vec<Report>) + Sync + 'h;

/// [`load`], handing each agency folder's reports to `hook` as soon as the folder is read:
/// `check` checks them there and keeps none, so its memory follows the largest agency.
pub fn load_with(
    root: &Path,
    hook: Option<&AgencyHook>,
) -> Result<(Site, Vec<Diagnostic>), LoadError> {
    let cfg_path = config::path(root);
    if !cfg_path.is_file() {
        return Err(LoadError::NoConfig(root.to_path_buf()));
    }
    let mut diags = Vec::new();
    let config_file = match read::read_source(&cfg_path, "site.toml".into()) {
        Ok(f) => f,
        Err(d) => return Err(LoadError::BadConfig(vec![d])),
    };
    let Some(config) = config::parse(&config_file, &mut diags) else {
        return Err(LoadError::BadConfig(diags));
    };

    let content = root.join("content");
    if !content.is_dir() {
        return Err(LoadError::NoContent(content));
    }
    // The top level is listed here; each agency folder is listed and read in its own
    // parallel task, so no serial walk over thousands of files precedes the work.
    let mut jobs = Vec::new();
    let mut folders = Vec::new();
    for entry in list(&content) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.extend(walk_error(root, &e));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_dir() {
            folders.push((name, path));
        } else if entry.file_type().is_file() && is_markdown(&path) {
            if name == "_index.md" {
                jobs.push(Job::Home(path));
            } else {
                let slug = name.trim_end_matches(".markdown").trim_end_matches(".md");
                jobs.push(Job::Page(slug.to_string(), path));
            }
        }
    }
    let folder_results = folders.into_par_iter().flat_map_iter(|(slug, dir)| {
        let mut listing = Vec::new();
        let mut names = Vec::new();
        let mut out = Vec::new();
        for entry in list(&dir) {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    names.push(e.file_name().to_string_lossy().into_owned());
                    listing.push(e.into_path());
                }
                // `2022.md/`: a folder where a report belongs would otherwise vanish unseen.
                Ok(e) if e.file_type().is_dir() && is_markdown(e.path()) => {
                    out.push((Loaded::Nothing, not_a_file(root, e.path())))
                }
                Ok(_) => {}
                Err(e) => out.push((Loaded::Nothing, walk_error(root, &e))),
            }
        }
        // A file named almost like a report would otherwise vanish unseen: say what its name
        // should be, unless that report is there already (then it is a note beside it).
        listing.retain(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            match misnamed_report(&name) {
                Some(expected) => {
                    if !names.contains(&expected) {
                        out.push((Loaded::Nothing, misnamed(root, path, &slug, &expected)));
                    }
                    false
                }
                None => is_markdown(path),
            }
        });
        let is_agency = listing.iter().any(|p| p.ends_with("_index.md"));
        for path in listing {
            let job = if path.ends_with("_index.md") {
                Job::Agency(slug.clone(), path)
            } else {
                Job::Report(slug.clone(), path, is_agency)
            };
            out.push(load_one(root, job));
        }
        match hook {
            Some(hook) => {
                let mut reports = Vec::new();
                let mut rest = Vec::with_capacity(out.len() + 1);
                for (loaded, d) in out {
                    match loaded {
                        Loaded::Report(r) => {
                            reports.push(*r);
                            rest.push((Loaded::Nothing, d));
                        }
                        other => rest.push((other, d)),
                    }
                }
                sort_reports(&mut reports);
                let (found, keep) = hook(&config, reports);
                rest.push((Loaded::Nothing, found));
                rest.extend(
                    keep.into_iter()
                        .map(|r| (Loaded::Report(Box::new(r)), Vec::new())),
                );
                rest
            }
            None => out,
        }
    });
    let results: Vec<(Loaded, Vec<Diagnostic>)> = jobs
        .into_par_iter()
        .map(|job| load_one(root, job))
        .chain(folder_results)
        .collect();

    let mut site = Site {
        root: root.to_path_buf(),
        config,
        config_file,
        home: None,
        pages: Vec::new(),
        agencies: Vec::new(),
        reports: Vec::new(),
    };
    for (loaded, d) in results {
        diags.extend(d);
        match loaded {
            Loaded::Home(p) => site.home = Some(p),
            Loaded::Page(p) => site.pages.push(p),
            Loaded::Agency(a) => site.agencies.push(*a),
            Loaded::Report(r) => site.reports.push(*r),
            Loaded::Nothing => {}
        }
    }
    site.agencies.sort_by(|a, b| a.slug.cmp(&b.slug));
    sort_reports(&mut site.reports);
    Ok((site, diags))
}

/// Where a report sorts: by agency, then year; within a year, `<year>.md` comes first (a
/// duplicate is reported on the other file).
fn order_key(r: &Report) -> (&str, Option<i32>, bool, &str) {
    let canonical = r
        .file_year
        .is_some_and(|y| r.file.rel.ends_with(&format!("/{y}.md")));
    (&r.agency, r.the_year(), !canonical, &r.file.rel)
}

/// Reports in the site's order.
pub fn sort_reports(reports: &mut [Report]) {
    reports.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
}

/// Insert a report where it sorts (`serve`: no re-sort of the whole site).
pub fn insert_report(reports: &mut Vec<Report>, r: Report) {
    let at = reports.partition_point(|x| order_key(x) < order_key(&r));
    reports.insert(at, r);
}

/// Read one report file again (`serve`, after it changed): the report, if the file still is
/// one, and its findings from reading.
pub fn reload_report(root: &Path, path: &Path) -> (Option<Report>, Vec<Diagnostic>) {
    let (Some(dir), Some(_)) = (path.parent(), path.file_name()) else {
        return (None, Vec::new());
    };
    let slug = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Links are not followed, as in `load`: `serve` shows exactly what `build` publishes, and
    // nothing outside the portal.
    let plain_file = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file());
    if !plain_file(path) {
        return (None, Vec::new());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(expected) = misnamed_report(&name) {
        let diags = if dir.join(&expected).is_file() {
            Vec::new()
        } else {
            misnamed(root, path, &slug, &expected)
        };
        return (None, diags);
    }
    if !is_markdown(path) {
        return (None, Vec::new());
    }
    let is_agency = plain_file(&dir.join("_index.md"));
    match load_one(root, Job::Report(slug, path.to_path_buf(), is_agency)) {
        (Loaded::Report(r), diags) => (Some(*r), diags),
        (_, diags) => (None, diags),
    }
}

/// The name a file in an agency folder should have when its own name looks like a report's
/// but would not be read as one: `2025.md.txt`, `2025.txt`, `2025.MD`, `2025年.md` (not
/// `2025.md`, `2025-revised.md`, which are read, nor an editor's backup such as `2025.md~`).
pub fn misnamed_report(name: &str) -> Option<String> {
    if name.starts_with('.') || name.ends_with('~') {
        return None;
    }
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    let year = name
        .get(..4)
        .filter(|_| digits == 4 && name.starts_with(['1', '2']))?;
    let expected = format!("{year}.md");
    if name == expected {
        return None;
    }
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if ["bak", "swp", "tmp", "orig", "old"].contains(&ext) {
        return None;
    }
    let text_like = ["md", "markdown", "txt", "text", "mdown", "mkd", ""].contains(&ext);
    // `2025-revised.md` is read as the 2025 report (a second copy is S007).
    let read = name.rsplit_once('.').is_some_and(|(stem, ext)| {
        matches!(ext, "md" | "markdown") && year_of_file_name(stem).is_some()
    });
    (text_like && !read).then_some(expected)
}

/// S012 for a file that looks like a report but is not named like one.
fn misnamed(root: &Path, path: &Path, slug: &str, expected: &str) -> Vec<Diagnostic> {
    let f = Arc::new(SourceFile::new(
        path.to_path_buf(),
        rel(root, path),
        String::new(),
    ));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let why = if name.eq_ignore_ascii_case(expected) {
        "扩展名要用小写的 .md"
    } else if !name.to_lowercase().ends_with(".md") {
        "报告是扩展名为 .md 的文本文件"
    } else {
        "文件名只能是年份"
    };
    vec![
        Diagnostic::new(
            Rule::S012,
            &f,
            Span::default(),
            format!("“{name}”像是一份报告，但不会被读取：{why}，应命名为 {expected}"),
        )
        .label(format!("应为 {expected}"))
        .help(format!("把文件改名为 content/{slug}/{expected}")),
    ]
}

/// S011 for a folder named like a report file.
fn not_a_file(root: &Path, path: &Path) -> Vec<Diagnostic> {
    let f = Arc::new(SourceFile::new(
        path.to_path_buf(),
        rel(root, path),
        String::new(),
    ));
    vec![
        Diagnostic::new(
            Rule::S011,
            &f,
            Span::default(),
            "无法读取：是目录，不是文件",
        )
        .help("报告是 content/<机构>/<年份>.md 文件；把这个目录改名或移走"),
    ]
}

/// A folder or file that could not be listed.
fn walk_error(root: &Path, e: &walkdir::Error) -> Vec<Diagnostic> {
    let Some(p) = e.path() else { return Vec::new() };
    let f = Arc::new(SourceFile::new(
        p.to_path_buf(),
        rel(root, p),
        String::new(),
    ));
    let why = e.io_error().map_or_else(|| e.to_string(), read::io_reason);
    vec![
        Diagnostic::new(Rule::S011, &f, Span::default(), format!("无法读取：{why}"))
            .help("检查目录权限，或它是否是一个失效的链接"),
    ]
}

/// The entries of one folder, in name order.
fn list(dir: &Path) -> walkdir::IntoIter {
    WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
}

/// Read one file into what it is, with its findings.
fn load_one(root: &Path, job: Job) -> (Loaded, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let loaded = load_job(root, job, &mut diags);
    (loaded, diags)
}

fn load_job(root: &Path, job: Job, diags: &mut Vec<Diagnostic>) -> Loaded {
    let path = match &job {
        Job::Home(p) | Job::Page(_, p) | Job::Agency(_, p) | Job::Report(_, p, _) => p.clone(),
    };
    let file = match read::read_source(&path, rel(root, &path)) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return Loaded::Nothing;
        }
    };
    match job {
        Job::Home(_) => Loaded::Home(read_page("", file, diags)),
        Job::Page(slug, _) => Loaded::Page(read_page(&slug, file, diags)),
        Job::Agency(slug, _) => Loaded::Agency(Box::new(read_agency(&slug, file, diags))),
        Job::Report(slug, path, is_agency) => {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let file_year = year_of_file_name(&stem);
            if !is_agency {
                diags.push(
                    Diagnostic::new(
                        Rule::S005,
                        &file,
                        Span::default(),
                        format!("文件夹“{slug}”没有 _index.md，不是机构，这份报告不会发布"),
                    )
                    .help(format!(
                        "新建 content/{slug}/_index.md，写上 name: 机构全称"
                    )),
                );
                return Loaded::Nothing;
            }
            if file_year.is_none() {
                // Not a report: say so once rather than check it as one.
                diags.push(
                    Diagnostic::new(
                        Rule::S006,
                        &file,
                        Span::default(),
                        format!("机构文件夹中的“{stem}.md”不是报告：报告文件名应为年份"),
                    )
                    .help(format!(
                        "报告按年度命名，如 content/{slug}/2023.md；其他页面放在 content/ 下"
                    )),
                );
                return Loaded::Nothing;
            }
            Loaded::Report(Box::new(read_report(&slug, file, file_year, diags)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::misnamed_report;

    #[test]
    fn names_that_look_like_reports_get_the_name_they_should_have() {
        for name in [
            "2025.md.txt",
            "2025.txt",
            "2025.MD",
            "2025.Md",
            "2025年.md",
            "2025年度报告.md",
            "2025",
        ] {
            assert_eq!(misnamed_report(name).as_deref(), Some("2025.md"), "{name}");
        }
        for name in [
            "2025.md",
            "2025.markdown",
            "2025-revised.md",
            "_index.md",
            "notes.md",
            "2025.pdf",
            "2025.md~",
            ".2025.md.swp",
            "2025.md.bak",
            "logo.png",
            "12345.md",
        ] {
            assert_eq!(misnamed_report(name), None, "{name}");
        }
    }
}
