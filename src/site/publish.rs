//! What the site publishes: the one decision that `build`, the renderer and `serve` share.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Page, Report};

/// Which reports and pages go on the site.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Publication {
    /// Show reports and pages marked `draft: true`.
    pub drafts: bool,
    /// Files with errors (relative paths): never published.
    left_out: HashSet<String>,
}

impl Publication {
    /// Every file with an error is left out.
    pub fn new<'a>(drafts: bool, findings: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        Publication {
            drafts,
            left_out: findings
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.file.rel.clone())
                .collect(),
        }
    }

    /// A report goes on the site when it has a year, is not a draft (unless drafts are
    /// shown) and has no errors.
    pub fn publishes(&self, r: &Report) -> bool {
        self.would_publish(r) && !self.left_out(&r.file.rel)
    }

    /// Whether the report would be published once its errors are fixed.
    pub fn would_publish(&self, r: &Report) -> bool {
        r.the_year().is_some() && (self.drafts || !r.draft)
    }

    /// A free page goes on the site unless it is a draft (and drafts are not shown).
    pub fn shows_page(&self, p: &Page) -> bool {
        self.drafts || !p.draft
    }

    /// Whether the file `rel` has errors.
    pub fn left_out(&self, rel: &str) -> bool {
        self.left_out.contains(rel)
    }

    /// The files with errors, sorted.
    pub fn left_out_files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self.left_out.iter().map(String::as_str).collect();
        files.sort_unstable();
        files
    }
}
