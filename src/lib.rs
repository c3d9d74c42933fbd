//! nianbao (年报): a static site generator for government information disclosure annual
//! reports (政府信息公开工作年度报告).
//!
//! Data flows one way: [`content::load`] reads a portal into the typed [`model`],
//! [`checks::run`] validates it, [`site`] renders and writes it ([`serve`] keeps it in
//! memory while an editor works), and [`scaffold`] writes new portals and reports.

pub mod checks;
pub mod config;
pub mod content;
pub mod corpus;
pub mod diagnostics;
pub mod import;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
pub mod yaml;

use std::path::Path;

use chrono::NaiveDate;

use crate::content::LoadError;
use crate::diagnostics::Findings;

/// The build date. `SOURCE_DATE_EPOCH` (seconds, UTC) fixes it for reproducible runs and
/// tests; otherwise the local date.
pub fn today() -> NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.date_naive())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The outcome of `nianbao check`.
#[derive(Debug)]
pub struct CheckRun {
    pub findings: Findings,
    pub site: content::Site,
    /// How many reports were checked (a streamed check keeps none of them in `site`).
    pub reports: usize,
}

/// Load and check the portal at `root`.
pub fn check(root: &Path, today: NaiveDate) -> Result<CheckRun, LoadError> {
    let (site, mut diags) = content::load(root)?;
    let ctx = checks::Context {
        today,
        deadline: site.config.deadline,
    };
    diags.extend(checks::run(&site, ctx));
    let mut findings = Findings { items: diags };
    findings.sort();
    let reports = site.reports.len();
    Ok(CheckRun {
        findings,
        site,
        reports,
    })
}

/// What a streamed check keeps of each report once it is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Nothing (`check`).
    Nothing,
    /// The report without its text and body ([`model::Report::slim`]): `build`.
    Slim,
}

/// [`check`], streamed: each agency's reports are checked as soon as its folder is read and
/// then dropped or slimmed, and the checks across agencies run on which agency reported
/// which year. The findings are the same; memory follows the largest agency and what is
/// kept, not the size of the sources.
pub fn check_streamed(root: &Path, today: NaiveDate, keep: Keep) -> Result<CheckRun, LoadError> {
    let years: std::sync::Mutex<Vec<(String, i32)>> = std::sync::Mutex::new(Vec::new());
    let count = std::sync::atomic::AtomicUsize::new(0);
    let hook = |config: &config::Config, mut reports: Vec<model::Report>| {
        let ctx = checks::Context {
            today,
            deadline: config.deadline,
        };
        let found = checks::per_agency(&reports, ctx);
        count.fetch_add(reports.len(), std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut y) = years.lock() {
            y.extend(
                reports
                    .iter()
                    .filter_map(|r| Some((r.agency.clone(), r.the_year()?))),
            );
        }
        match keep {
            Keep::Nothing => (found, Vec::new()),
            Keep::Slim => {
                reports.iter_mut().for_each(model::Report::slim);
                (found, reports)
            }
        }
    };
    let (site, mut diags) = content::load_with(root, Some(&hook))?;
    let ctx = checks::Context {
        today,
        deadline: site.config.deadline,
    };
    let years = years.into_inner().unwrap_or_else(|e| e.into_inner());
    diags.extend(checks::across(
        &site,
        ctx,
        years.iter().map(|(a, y)| (a.as_str(), *y)),
    ));
    let mut findings = Findings { items: diags };
    findings.sort();
    Ok(CheckRun {
        findings,
        site,
        reports: count.into_inner(),
    })
}
