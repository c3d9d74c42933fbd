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
    Ok(CheckRun { findings, site })
}
