//! Every check of spec §5. Per-report checks run in parallel; cross-report checks look up the
//! same agency's previous report in an index built once, so the whole pass stays linear.

mod agencies;
mod arithmetic;
mod crossyear;
mod dates;

pub use dates::FIRST_YEAR;
pub use names::name_problem;
mod names;
mod narrative;
mod proactive;
mod unfinished;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Rule, Severity};
use crate::model::{Origin, Report};
use crate::source::{SourceFile, Span};

/// Findings of one file under construction.
pub struct Out<'a> {
    file: &'a Arc<SourceFile>,
    pub items: Vec<Diagnostic>,
}

impl<'a> Out<'a> {
    pub fn new(file: &'a Arc<SourceFile>) -> Self {
        Out {
            file,
            items: Vec::new(),
        }
    }

    /// A finding in this file, to add a label or help to and then [`Out::push`].
    pub fn at(&self, rule: Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, self.file, span, message)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
}

/// What the checks need besides the site.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// The build date: reports cannot be published after it, or be about a later year.
    pub today: NaiveDate,
    /// Month and day of the publication deadline in the year after a report's (site.toml).
    pub deadline: (u32, u32),
}

/// Run every check over a loaded site.
pub fn run(site: &Site, ctx: Context) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = per_report(site, ctx).into_iter().flatten().collect();
    out.extend(portal(site, ctx));
    out
}

/// The checks of each report of the site, in the site's order, each given its agency's
/// report on the year before (looked up in an index built once, so the pass stays linear).
pub fn per_report(site: &Site, ctx: Context) -> Vec<Vec<Diagnostic>> {
    let by_year: HashMap<(&str, i32), &Report> = site
        .reports
        .iter()
        .filter_map(|r| Some(((r.agency.as_str(), r.the_year()?), r)))
        .collect();
    site.reports
        .par_iter()
        .map(|r| {
            let previous = r
                .the_year()
                .and_then(|y| by_year.get(&(r.agency.as_str(), y - 1)).copied());
            check_report(r, previous, ctx)
        })
        .collect()
}

/// The portal-wide checks (S007, X004, G001, R001, R002): those that look at every agency
/// at once.
pub fn portal(site: &Site, ctx: Context) -> Vec<Diagnostic> {
    let mut out = agencies::check(site, ctx);
    out.extend(names::check(site));
    out
}

/// The checks of one agency's reports (in the site's order): each report's own, against its
/// agency's report on the year before, and S007 for two of one year. `check` runs this as
/// each agency folder is read, so the reports can be slimmed before the next ones come in.
pub fn per_agency(reports: &[Report], ctx: Context) -> Vec<Diagnostic> {
    let by_year: HashMap<i32, &Report> = reports
        .iter()
        .filter_map(|r| Some((r.the_year()?, r)))
        .collect();
    let mut out: Vec<Diagnostic> = reports
        .iter()
        .flat_map(|r| {
            let previous = r.the_year().and_then(|y| by_year.get(&(y - 1)).copied());
            check_report(r, previous, ctx)
        })
        .collect();
    out.extend(agencies::duplicate_years(reports));
    out
}

/// The portal-wide checks that look across agencies, given which agency reported which
/// year: they run after [`per_agency`] has checked (and a streamed check dropped) the reports.
pub fn across<'a>(
    site: &'a Site,
    ctx: Context,
    years: impl IntoIterator<Item = (&'a str, i32)>,
) -> Vec<Diagnostic> {
    let mut out = agencies::across(site, ctx, years);
    out.extend(names::check(site));
    out
}

/// The checks of one report of a loaded site, its previous report looked up (`serve`).
pub fn check_in_site(site: &Site, r: &Report, ctx: Context) -> Vec<Diagnostic> {
    let previous = r.the_year().and_then(|y| {
        site.reports
            .iter()
            .find(|p| p.agency == r.agency && p.the_year() == Some(y - 1))
    });
    check_report(r, previous, ctx)
}

/// The checks of one report, given its agency's report on the year before, if any.
pub fn check_report(r: &Report, previous: Option<&Report>, ctx: Context) -> Vec<Diagnostic> {
    let mut out = Out::new(&r.file);
    narrative::check(r, &mut out);
    unfinished::check(r, &mut out);
    if r.data_ok {
        dates::check(r, ctx, &mut out);
        arithmetic::check(r, &mut out);
        proactive::check(r, &mut out);
        if let Some(prev) = previous.filter(|p| p.data_ok) {
            crossyear::check(r, prev, &mut out);
        }
    }
    if r.origin == Origin::Imported {
        for d in &mut out.items {
            if d.rule.is_arithmetic() && d.severity == Severity::Error {
                d.severity = Severity::Warning;
                d.message.push_str("（按原样收录的已发布报告，仅作提示）");
            }
        }
    }
    out.items
}
