//! `nianbao build`: load → check → render → write, in that order, the site assembled in
//! memory and written atomically.

pub mod downloads;
pub mod error;
pub mod feeds;
pub mod output;
pub mod pages;
pub mod publish;
pub mod views;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Findings};
use crate::render::{Theme, data};
pub use error::{BuildError, OutputError};
pub use publish::Publication;

pub struct BuildOptions {
    /// Show a progress bar on stdout once the build has run for a second.
    pub progress: bool,
    pub output: Option<PathBuf>,
    /// Build without the reports that have errors instead of failing.
    pub skip_invalid: bool,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub today: NaiveDate,
}

/// One line of the build log: what a phase did, how many, how long.
pub struct Phase {
    pub name: &'static str,
    pub count: usize,
    pub took: Duration,
}

pub struct Built {
    pub output: PathBuf,
    /// Reports left out by `--skip-invalid`, by file.
    pub skipped: Vec<String>,
    pub files: usize,
    /// Against the previous output: what a sync uploads or deletes.
    pub changes: output::Changes,
    pub reports: usize,
    pub findings: Findings,
    pub phases: Vec<Phase>,
    /// What the user should know about the site built (a placeholder `base_url`).
    pub warnings: Vec<String>,
}

pub fn build(root: &Path, opts: &BuildOptions) -> Result<Built, BuildError> {
    if let Some(url) = &opts.base_url
        && let Some(problem) = crate::config::base_url_problem(url)
    {
        return Err(BuildError::BaseUrl {
            url: url.clone(),
            problem,
        });
    }
    let mut phases = Vec::new();
    let t = Instant::now();
    // Each agency's reports are checked as their folder is read, then kept without their
    // texts: the report pages re-read them one agency at a time.
    let run =
        crate::check_streamed(root, opts.today, crate::Keep::Slim).map_err(BuildError::Load)?;
    let site = &run.site;
    phases.push(Phase {
        name: "读取并检查",
        count: site.reports.len(),
        took: t.elapsed(),
    });
    // Reports with errors are never published. With --skip-invalid they are left out, as long
    // as every error is in a report (a broken agency or site.toml still stops the build).
    let publication = Publication::new(opts.drafts, &run.findings.items);
    let reports: HashSet<&str> = site.reports.iter().map(|r| r.file.rel.as_str()).collect();
    // A report file that could not even be read (GBK, binary, too large) is still a report to
    // leave out: it sits where reports do.
    let is_report = |f: &str| reports.contains(f) || crate::content::is_report_path(f);
    let left_out = publication.left_out_files();
    if !left_out.is_empty() && (!opts.skip_invalid || left_out.iter().any(|f| !is_report(f))) {
        return Err(BuildError::Invalid(run.findings));
    }
    let skipped: Vec<String> = left_out.iter().map(|f| f.to_string()).collect();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| root.join(&site.config.output_dir));
    let mut warnings = output::recover(&output);
    output::check_output(root, &output)?;
    let foreign = output::foreign_files(&output, &site.config.keep);
    if !foreign.is_empty() {
        return Err(OutputError::Foreign {
            output: output.clone(),
            files: foreign,
        }
        .into());
    }
    let base_url = opts.base_url.as_deref().unwrap_or(&site.config.base_url);
    if crate::config::is_placeholder_base_url(base_url) {
        warnings.push(format!(
            "base_url 仍是示例地址 {base_url}：网站内的链接、sitemap.xml 和 atom.xml 都按这个地址生成。部署前在 site.toml 中改为网站的正式地址（如 https://www.xx.gov.cn/xxgk/ndbg/），或用 --base-url 指定"
        ));
    }

    let t = Instant::now();
    let theme = Theme::load(root, &site.config.theme)?;
    let staging = output::Staging::new(&output)?.keep(&site.config.keep);
    let figures: Vec<data::ReportData> = site
        .reports
        .par_iter()
        .filter(|r| publication.publishes(r))
        .map(|r| downloads::report_data(site, r))
        .collect();
    let views: HashMap<String, views::AgencyView> = site
        .agencies
        .par_iter()
        .map(|a| {
            (
                a.slug.clone(),
                views::agency_view(a, site.config.allow_html),
            )
        })
        .collect();
    let findings: Vec<&Diagnostic> = run.findings.items.iter().collect();
    let renderer = pages::Renderer::new(pages::Inputs {
        site,
        theme: &theme,
        publication: &publication,
        base_url: opts.base_url.as_deref(),
        findings: &findings,
        figures: figures.iter().collect(),
        views: &views,
    })?;
    let for_download = renderer.published_figures();
    // About how many files the build writes, for the progress bar.
    let expected = for_download.len() * 3 + site.agencies.len() + site.pages.len() + 64;
    let done = std::sync::atomic::AtomicBool::new(false);
    let (pages, downloaded) = std::thread::scope(|scope| {
        if opts.progress {
            scope.spawn(|| progress(&staging, expected, &done));
        }
        // The portal-wide downloads do not depend on the pages: they are written alongside.
        let result = rayon::join(
            || renderer.all(&staging),
            || {
                downloads::downloads(
                    &staging,
                    &site.config.title,
                    site.config.script,
                    &for_download,
                )
            },
        );
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    });
    pages?;
    downloaded?;
    let files = staging.count();
    phases.push(Phase {
        name: "页面和数据",
        count: files,
        took: t.elapsed(),
    });
    let t = Instant::now();
    let changes = staging.commit()?;
    phases.push(Phase {
        name: "换上新网站",
        count: files,
        took: t.elapsed(),
    });
    Ok(Built {
        output,
        skipped,
        files,
        changes,
        reports: site
            .reports
            .iter()
            .filter(|r| publication.publishes(r))
            .count(),
        findings: run.findings,
        phases,
        warnings,
    })
}

/// A progress bar on stdout, shown only when the build has taken more than a second.
fn progress(staging: &output::Staging, expected: usize, done: &std::sync::atomic::AtomicBool) {
    use std::sync::atomic::Ordering;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(expected as u64),
        indicatif::ProgressDrawTarget::stdout(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 个文件 {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    while !done.load(Ordering::Relaxed) {
        bar.set_position(staging.count().min(expected) as u64);
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
