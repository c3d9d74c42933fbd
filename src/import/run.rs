//! One import: a file read, placed, written (unless a dry run) and checked, with the run's
//! report of what was placed and what was left blank and why.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::document::Document;
use super::meta::{Meta, read_meta};
use super::narrative::{Narrative, split};
use super::place::{Placement, lines, place};
use super::read::{ReadError, Sniffed, kind_name, sniff};
use super::text::read_text;
use super::write::{Header, pos_text, report_text};
use crate::checks::{Context, check_report};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Format, Report};
use crate::source::SourceFile;

/// The command's options that shape every file's import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub agency: Option<String>,
    pub name: Option<String>,
    pub year: Option<i32>,
    pub dry_run: bool,
    pub force: bool,
}

/// Why a file was not imported. Displayed in Chinese.
#[derive(Debug)]
pub enum ImportError {
    Read(ReadError),
    Io(String),
    /// A report in the format before 2019: nothing is written.
    Pre2019(String),
    NoTables,
    NoYear,
    NoAgency,
    Exists(PathBuf),
    BadSlug(String),
    /// More than one report in the document.
    TwoReports(Vec<String>),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Read(e) => write!(f, "{e}"),
            ImportError::Io(e) => f.write_str(e),
            ImportError::Pre2019(why) => write!(
                f,
                "不导入：{why}。nianbao 只收录2019年版和2021年版格式的年度报告（报告年度2019年起），没有写入任何文件"
            ),
            ImportError::NoTables => f.write_str(
                "文件中找不到年度报告的统计表（主动公开、依申请公开、复议诉讼三张表），不像是一份政府信息公开工作年度报告；没有写入任何文件",
            ),
            ImportError::NoYear => f.write_str(
                "无法从标题确定报告年度：请用 --year 指定（如 --year 2023）；没有写入任何文件",
            ),
            ImportError::NoAgency => f.write_str(
                "无法从标题或落款确定机构名称：请用 --agency 指定机构目录（和 --name 指定全称）；没有写入任何文件",
            ),
            ImportError::Exists(p) => write!(
                f,
                "{} 已存在，不会覆盖：确认要替换时加 --force",
                p.display()
            ),
            ImportError::TwoReports(titles) => write!(
                f,
                "文件中不止一份年度报告（{}）：请把每份报告分开保存后分别导入；没有写入任何文件",
                titles.join("、")
            ),
            ImportError::BadSlug(s) => write!(
                f,
                "机构目录名“{s}”不可用：请用字母、数字和连字符（--agency）"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// One cell left blank although the source may hold a figure, for the run's report.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Blank {
    pub row: String,
    pub reason: String,
    pub at: String,
}

/// A file imported (or, on a dry run, ready to be).
#[derive(Debug)]
pub struct Imported {
    pub slug: String,
    pub agency_name: String,
    pub new_agency: bool,
    pub year: i32,
    pub format: Format,
    pub format_basis: String,
    pub published: Option<NaiveDate>,
    pub published_from: Option<String>,
    pub index_no: Option<String>,
    pub placement: Placement,
    pub narrative: Narrative,
    pub meta: Meta,
    /// The report file's text.
    pub text: String,
    /// `content/<slug>/<year>.md` under the portal root.
    pub path: PathBuf,
    pub written: bool,
    /// The report as the loader reads it, and `check`'s findings for it.
    pub report: Report,
    pub findings: Vec<Diagnostic>,
}

impl Imported {
    /// Figures placed.
    pub fn placed(&self) -> usize {
        self.placement.rows.iter().map(|r| r.placed()).sum()
    }

    /// Cells the original left blank (written as null; certain, not unknown).
    pub fn source_blanks(&self) -> usize {
        self.placement
            .rows
            .iter()
            .filter(|r| r.found && r.reason.is_none())
            .map(|r| r.cells.iter().filter(|c| c.value.is_none()).count())
            .sum()
    }

    /// Rows left null with a reason.
    pub fn blanks(&self) -> Vec<Blank> {
        self.placement
            .rows
            .iter()
            .filter_map(|r| {
                r.reason.as_ref().map(|reason| Blank {
                    row: r.key.name(),
                    reason: reason.clone(),
                    at: if r.found {
                        pos_text(&r.label_pos)
                    } else {
                        "原文中无此行".to_string()
                    },
                })
            })
            .collect()
    }

    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Read a file into a [`Document`], the text reader here and the others through [`super::read`].
pub fn read_document(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    // A report's text is tens of kilobytes; megabytes of text are not one report.
    const TEXT_LIMIT: u64 = 10_000_000;
    match sniff(path, bytes)? {
        Sniffed::Text(t) if t.len() as u64 > TEXT_LIMIT => Err(ReadError::TooLarge {
            bytes: t.len() as u64,
            limit: TEXT_LIMIT,
        }),
        Sniffed::Text(t) => Ok(read_text(path, &t)),
        _ => super::read::read(path, bytes),
    }
}

/// A stable ASCII folder name from an agency's name: the pinyin of its distinctive part, with
/// the generic endings (管理委员会, 经济开发区, 人民政府…) taken off.
pub fn slug_for(name: &str) -> String {
    use pinyin::ToPinyin;
    const GENERIC: &[&str] = &[
        "管理委员会办公室",
        "管理委员会",
        "管委会",
        "人民政府办公室",
        "人民政府",
        "办公室",
        "经济技术开发区",
        "经济开发区",
        "高新技术产业开发区",
        "产业开发区",
        "开发区",
    ];
    let mut core = super::norm::norm(name);
    loop {
        let before = core.len();
        for g in GENERIC {
            if core.len() > g.len() && core.ends_with(g) {
                core.truncate(core.len() - g.len());
            }
        }
        if core.len() == before {
            break;
        }
    }
    let mut slug = String::new();
    for (c, p) in core.chars().zip(core.as_str().to_pinyin()) {
        match p {
            // Plain pinyin writes 绿 as lü: the usual ASCII spelling is v.
            Some(p) => slug.extend(p.plain().chars().map(|c| if c == 'ü' { 'v' } else { c })),
            None if c.is_ascii_alphanumeric() => slug.push(c.to_ascii_lowercase()),
            None => {
                if !slug.ends_with('-') && !slug.is_empty() {
                    slug.push('-');
                }
            }
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "agency".to_string()
    } else {
        slug
    }
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with(['.', '_', '-'])
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Import one document: place, write the text, load and check it. Nothing touches the disk
/// here except reading the previous year's report for the cross-year checks.
pub fn import_document(
    root: &Path,
    doc: &Document,
    opts: &Options,
    today: NaiveDate,
) -> Result<Imported, ImportError> {
    let lines = lines(doc);
    let runs_probe = place(&lines, opts.year, None);
    let meta = read_meta(doc, &lines, &runs_probe.table_lines);
    if let Some(why) = &meta.pre_2019
        && (opts.year.is_none_or(|y| y <= 2018) || meta.year.is_some_and(|y| y <= 2018))
    {
        return Err(ImportError::Pre2019(why.clone()));
    }
    if !runs_probe.any_table {
        return Err(ImportError::NoTables);
    }
    if !meta.other_titles.is_empty() {
        let mut titles: Vec<String> = meta.title.iter().cloned().collect();
        titles.extend(meta.other_titles.iter().cloned());
        return Err(ImportError::TwoReports(titles));
    }
    let year = opts.year.or(meta.year).ok_or(ImportError::NoYear)?;
    if year <= 2018 {
        return Err(ImportError::Pre2019(format!(
            "这是{year}年度的报告，早于2019年版格式"
        )));
    }
    let placement = if opts.year.is_some() && opts.year != meta.year {
        place(&lines, Some(year), None)
    } else {
        runs_probe
    };
    if !placement.any_table {
        return Err(ImportError::NoTables);
    }
    let agency_name = opts
        .name
        .clone()
        .or_else(|| meta.agency.clone())
        .or_else(|| meta.signed_by.clone());
    let slug = match (&opts.agency, &agency_name) {
        (Some(s), _) => s.clone(),
        (None, Some(n)) => slug_for(n),
        (None, None) => return Err(ImportError::NoAgency),
    };
    if !valid_slug(&slug) {
        return Err(ImportError::BadSlug(slug));
    }
    let agency_name = agency_name.unwrap_or_else(|| slug.clone());
    let narrative = split(&lines, &placement.table_lines, &meta);

    let file_name = doc.path.file_name().map_or_else(
        || doc.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut provenance = vec![format!(
        "由 nianbao import 导入：{file_name}（{}）；{}",
        kind_name(doc.kind),
        placement.format_basis
    )];
    if let (Some(_), Some(from)) = (&meta.published, &meta.published_from) {
        provenance.push(format!("发布日期取自原文{from}"));
    }
    let blank_rows = placement.rows.iter().filter(|r| r.reason.is_some()).count();
    if blank_rows > 0 {
        provenance.push(format!(
            "原文有 {blank_rows} 行无法确定，记为 null，原因写在各行上方；请对照原文核对"
        ));
    }
    for n in &placement.notes {
        provenance.push(n.clone());
    }
    let title = meta.title.clone().filter(|t| {
        *t != crate::model::labels::default_title(year, crate::model::labels::Script::Simplified)
    });
    let header = Header {
        year,
        format: placement.format,
        published: meta.published,
        title,
        index_no: meta.index_no.clone(),
        signed_by: meta.signed_by.clone(),
        provenance,
    };
    let text = report_text(&header, &placement, &narrative);

    let dir = root.join("content").join(&slug);
    let path = dir.join(format!("{year}.md"));
    let new_agency = !dir.join("_index.md").is_file();
    let rel = format!("content/{slug}/{year}.md");
    let file = Arc::new(SourceFile::new(path.clone(), rel, text.clone()));
    let mut findings = Vec::new();
    let report = crate::content::read_report(&slug, file, Some(year), &mut findings);
    let previous = previous_report(root, &slug, year);
    let ctx = Context {
        today,
        deadline: portal_deadline(root),
    };
    findings.extend(check_report(&report, previous.as_ref(), ctx));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Imported {
        slug,
        agency_name,
        new_agency,
        year,
        format: placement.format,
        format_basis: placement.format_basis.clone(),
        published: meta.published,
        published_from: meta.published_from.clone(),
        index_no: meta.index_no.clone(),
        placement,
        narrative,
        meta,
        text,
        path,
        written: false,
        report,
        findings,
    })
}

/// The portal's publication deadline (site.toml `[deadline]`), else 31 January.
fn portal_deadline(root: &Path) -> (u32, u32) {
    let path = crate::config::path(root);
    let Ok(file) = crate::content::read::read_source(&path, "site.toml".into()) else {
        return (1, 31);
    };
    let mut sink = Vec::new();
    crate::config::parse(&file, &mut sink).map_or((1, 31), |c| c.deadline)
}

fn previous_report(root: &Path, slug: &str, year: i32) -> Option<Report> {
    let path = root
        .join("content")
        .join(slug)
        .join(format!("{}.md", year - 1));
    let rel = format!("content/{slug}/{}.md", year - 1);
    let file = crate::content::read::read_source(&path, rel).ok()?;
    let mut sink = Vec::new();
    Some(crate::content::read_report(
        slug,
        file,
        Some(year - 1),
        &mut sink,
    ))
}

/// Read and place one file for the portal at `root`; nothing is written.
pub fn prepare_file(
    root: &Path,
    path: &Path,
    opts: &Options,
    today: NaiveDate,
) -> Result<Imported, ImportError> {
    const LIMIT: u64 = 60_000_000;
    let size = std::fs::metadata(path)
        .map_err(|e| ImportError::Io(format!("无法读取 {}：{e}", path.display())))?
        .len();
    if size > LIMIT {
        return Err(ImportError::Read(ReadError::TooLarge {
            bytes: size,
            limit: LIMIT,
        }));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::Io(format!("无法读取 {}：{e}", path.display())))?;
    let doc = read_document(path, &bytes).map_err(ImportError::Read)?;
    let imported = import_document(root, &doc, opts, today)?;
    if imported.path.exists() && !opts.force {
        return Err(ImportError::Exists(imported.path.clone()));
    }
    Ok(imported)
}

/// Import one file into the portal at `root` (written unless a dry run).
pub fn import_file(
    root: &Path,
    path: &Path,
    opts: &Options,
    today: NaiveDate,
) -> Result<Imported, ImportError> {
    let mut imported = prepare_file(root, path, opts, today)?;
    if !opts.dry_run {
        write_files(&imported, opts)?;
        imported.written = true;
    }
    Ok(imported)
}

/// Import many files in parallel, with a progress bar when `progress`. Two files that would
/// become the same report are both refused rather than one silently replacing the other.
pub fn import_many(
    root: &Path,
    files: &[PathBuf],
    opts: &Options,
    today: NaiveDate,
    progress: bool,
) -> Vec<(PathBuf, Result<Imported, ImportError>)> {
    use rayon::prelude::*;
    let bar = if progress {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("导入 {bar:40} {pos}/{len} {elapsed}")
        {
            bar.set_style(style);
        }
        Some(bar)
    } else {
        None
    };
    let mut results: Vec<(PathBuf, Result<Imported, ImportError>)> = files
        .par_iter()
        .map(|f| {
            let r = prepare_file(root, f, opts, today);
            if let Some(b) = &bar {
                b.inc(1);
            }
            (f.clone(), r)
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut seen: rustc_hash::FxHashMap<PathBuf, usize> = rustc_hash::FxHashMap::default();
    let mut clashes: Vec<(usize, usize)> = Vec::new();
    for (i, (_, r)) in results.iter().enumerate() {
        if let Ok(im) = r {
            if let Some(&j) = seen.get(&im.path) {
                clashes.push((j, i));
            } else {
                seen.insert(im.path.clone(), i);
            }
        }
    }
    for (j, i) in clashes {
        let other_i = results[i].0.display().to_string();
        let other_j = results[j].0.display().to_string();
        for (k, other) in [(i, other_j), (j, other_i)] {
            if let Ok(im) = &results[k].1 {
                let msg = format!(
                    "与 {other} 导入到同一份报告 {}（同一机构、同一年度），两者都未写入：请分别用 --agency/--year 指定",
                    im.path.display()
                );
                results[k].1 = Err(ImportError::Io(msg));
            }
        }
    }
    if !opts.dry_run {
        results.par_iter_mut().for_each(|(_, r)| {
            if let Ok(im) = r {
                match write_files(im, opts) {
                    Ok(()) => im.written = true,
                    Err(e) => *r = Err(e),
                }
            }
        });
    }
    results
}

fn write_files(im: &Imported, opts: &Options) -> Result<(), ImportError> {
    let io =
        |p: &Path, e: std::io::Error| ImportError::Io(format!("无法写入 {}：{e}", p.display()));
    let Some(dir) = im.path.parent() else {
        return Err(ImportError::Io(format!("无法写入 {}", im.path.display())));
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let index = dir.join("_index.md");
    if im.new_agency {
        let name = opts.name.clone().unwrap_or_else(|| im.agency_name.clone());
        let text = format!(
            "---\nname: {}\n---\n",
            serde_json::to_string(&name).unwrap_or_default()
        );
        // Another file of the same run may create it at the same moment: first one wins.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&index)
        {
            Ok(mut f) => {
                use std::io::Write as _;
                f.write_all(text.as_bytes()).map_err(|e| io(&index, e))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(&index, e)),
        }
    }
    // Written to a temporary file and renamed, so a crash never leaves half a report.
    let tmp = im.path.with_extension("md.import-tmp");
    std::fs::write(&tmp, im.text.as_bytes()).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, &im.path).map_err(|e| io(&im.path, e))?;
    Ok(())
}

/// The run's report for one file, as text.
pub fn report_for(path: &Path, result: &Result<Imported, ImportError>) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    match result {
        Err(e) => {
            let _ = writeln!(s, "✗ {}：{e}", path.display());
        }
        Ok(im) => {
            let _ = writeln!(
                s,
                "{} {} → {}{}",
                if im.written { "✓" } else { "○" },
                path.display(),
                im.path.display(),
                if im.written {
                    ""
                } else {
                    "（未写入：--dry-run）"
                }
            );
            let _ = writeln!(
                s,
                "  机构：{}（{}{}）",
                im.agency_name,
                im.slug,
                if im.new_agency { "，新机构" } else { "" }
            );
            let _ = writeln!(
                s,
                "  年度：{}；格式：{}年版（{}）",
                im.year,
                im.format.number(),
                im.format_basis
            );
            match (&im.published, &im.published_from) {
                (Some(d), Some(from)) => {
                    let _ = writeln!(s, "  发布日期：{d}（取自{from}）");
                }
                _ => {
                    let _ = writeln!(s, "  发布日期：原文未注明，未填写");
                }
            }
            let blanks = im.blanks();
            let _ = writeln!(
                s,
                "  填入数字 {} 个；原表空白的单元格 {} 个（记为 null）；无法确定而留空的行 {} 行",
                im.placed(),
                im.source_blanks(),
                blanks.len()
            );
            for b in &blanks {
                let _ = writeln!(s, "    - {}：{}（{}）", b.row, b.reason, b.at);
            }
            for n in &im.placement.notes {
                let _ = writeln!(s, "  注意：{n}");
            }
            let errors = im.errors();
            let warnings = im.findings.len() - errors;
            let _ = writeln!(s, "  检查：{errors} 个错误，{warnings} 个警告或提示");
            for d in &im.findings {
                let (line, _) = d.line_col();
                let _ = writeln!(
                    s,
                    "    {}[{}] 第 {line} 行：{}",
                    d.severity.as_str(),
                    d.rule.id(),
                    d.message
                );
            }
        }
    }
    s
}

/// The run's report for one file, as one JSON object.
pub fn json_for(path: &Path, result: &Result<Imported, ImportError>) -> serde_json::Value {
    match result {
        Err(e) => serde_json::json!({
            "file": path.display().to_string(),
            "ok": false,
            "error": e.to_string(),
        }),
        Ok(im) => serde_json::json!({
            "file": path.display().to_string(),
            "ok": true,
            "written": im.written,
            "output": im.path.display().to_string(),
            "agency": im.slug,
            "agency_name": im.agency_name,
            "new_agency": im.new_agency,
            "year": im.year,
            "format": im.format.number(),
            "published": im.published.map(|d| d.to_string()),
            "index_no": im.index_no,
            "figures_placed": im.placed(),
            "source_blank_cells": im.source_blanks(),
            "blank": im.blanks(),
            "notes": im.placement.notes,
            "findings": im.findings.iter().map(|d| {
                let (line, column) = d.line_col();
                serde_json::json!({"rule": d.rule.id(), "severity": d.severity.as_str(), "line": line, "column": column, "message": d.message})
            }).collect::<Vec<_>>(),
        }),
    }
}

/// Whether a path is an input `import` reads when given a folder.
pub fn is_input(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "html" | "htm" | "shtml" | "txt" | "text" | "md" | "docx" | "pdf"
    )
}

/// Every input under the given files and folders, in a stable order.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_input(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}
