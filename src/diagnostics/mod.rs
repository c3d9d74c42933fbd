//! Findings: rule ids, severities, and the one printer used for every command.

mod render;

use std::fmt;
use std::sync::Arc;

use crate::source::{SourceFile, Span};

pub use render::{render_json_line, render_text, summary_line};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! rules {
    ($($id:ident => $sev:ident, $what:literal;)*) => {
        /// Every check has a stable id (spec §5); the id is the variant name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $(#[doc = $what] $id,)* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$id,)*];

            pub fn id(self) -> &'static str {
                match self { $(Rule::$id => stringify!($id),)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$id => Severity::$sev,)* }
            }

        }
    };
}

rules! {
    S001 => Error, "front matter missing, unclosed, or not valid YAML";
    S002 => Error, "unknown key";
    S003 => Error, "wrong type or shape";
    S004 => Error, "negative count or amount";
    S005 => Error, "required field missing";
    S006 => Error, "year differs from the file name or is out of range";
    S007 => Error, "two reports for one agency and year, or two agencies with one name";
    S008 => Error, "file is not UTF-8 text";
    S009 => Error, "money with more than 6 decimal places";
    S010 => Error, "file too large to be a report";
    S011 => Error, "file or folder cannot be read (permission denied, not a folder, broken link)";
    S012 => Error, "file in an agency folder looks like a report but is not named <year>.md";
    S013 => Warning, "a key of the tables written with no value";
    S014 => Warning, "agency folder name outside ASCII letters, digits and -._~: its URL is percent-encoded";
    A001 => Error, "stated row total differs from the sum of its cells";
    A002 => Error, "stated (七) total differs from the sum of (一)-(六)";
    A003 => Error, "balance fails in the total column: 一 + 二 != 三(七) + 四";
    A004 => Error, "balance fails in one applicant column";
    A005 => Error, "stated review/litigation total differs from its four cells";
    A006 => Info, "row has only its total: column checks skipped";
    X001 => Warning, "carried over differs from last year's carried forward";
    X002 => Warning, "documents in force do not follow from last year";
    X003 => Warning, "report identical to the previous year";
    X004 => Warning, "a year without a report";
    P001 => Warning, "format 2019: published > made, or total < published";
    P002 => Warning, "format 2019: item count does not follow from last year";
    P003 => Warning, "format 2019: procurement amount without a unit";
    F001 => Warning, "format does not match the year";
    N001 => Error, "narrative part 一, 五 or 六 missing";
    N002 => Warning, "narrative parts out of order, unknown, or reworded";
    N003 => Warning, "narrative names another statistics period or year";
    N004 => Warning, "narrative count of applications differs from the table";
    N005 => Warning, "format 2021: part 六 does not state the information processing fee";
    N006 => Warning, "narrative claims every case upheld but the table disagrees";
    D001 => Warning, "published after the deadline";
    D002 => Warning, "published before the year ended, or in the future";
    D003 => Warning, "no publication date";
    G001 => Warning, "unified social credit code fails its check digit";
    R001 => Error, "an agency folder or page named like a path the site makes, or another name";
    R002 => Error, "a name too long for a spreadsheet cell of the downloads";
    U001 => Error, "a 【请填写…】 prompt of `nianbao new` left in the report";
    U002 => Warning, "every figure of the year is zero in every table";
}

impl Rule {
    /// A-rules: arithmetic of the tables. `origin: imported` turns their errors into warnings.
    pub fn is_arithmetic(self) -> bool {
        self.id().starts_with('A')
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One finding, located in one file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
    /// Short text under the underline.
    pub label: Option<String>,
    /// A hint on how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: Rule, file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            file: Arc::clone(file),
            span,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn line_col(&self) -> (usize, usize) {
        self.file.line_col(self.span.start)
    }

    /// Ordering for output: by file, then position, then rule.
    pub fn sort_key(&self) -> (&str, usize, Rule) {
        (&self.file.rel, self.span.start, self.rule)
    }
}

/// Findings of one run with their counts.
#[derive(Default, Debug)]
pub struct Findings {
    pub items: Vec<Diagnostic>,
}

impl Findings {
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
}

/// At most this many findings of one rule in one file are printed; the rest are counted.
pub const SHOWN_PER_RULE_AND_FILE: usize = 50;

/// The findings to print, each with how many more of its rule and file follow unprinted
/// (non-zero only on the last one printed). Linear in the number of findings.
pub fn capped(items: &[Diagnostic]) -> Vec<(&Diagnostic, usize)> {
    let mut counts: std::collections::HashMap<(&str, Rule), usize> =
        std::collections::HashMap::new();
    for d in items {
        *counts.entry((d.file.rel.as_str(), d.rule)).or_default() += 1;
    }
    let mut seen: std::collections::HashMap<(&str, Rule), usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(items.len().min(4096));
    for d in items {
        let key = (d.file.rel.as_str(), d.rule);
        let n = seen.entry(key).or_default();
        *n += 1;
        let total = counts.get(&key).copied().unwrap_or(0);
        if *n < SHOWN_PER_RULE_AND_FILE || total <= SHOWN_PER_RULE_AND_FILE {
            out.push((d, 0));
        } else if *n == SHOWN_PER_RULE_AND_FILE {
            out.push((d, total - SHOWN_PER_RULE_AND_FILE));
        }
    }
    out
}

/// The line printed after the last shown finding of a rule and file when more were found.
pub fn more_line(d: &Diagnostic, more: usize) -> String {
    format!(
        "……{} 中还有 {more} 个 {} 未逐一列出（同一文件同一规则最多列出 {SHOWN_PER_RULE_AND_FILE} 个）",
        d.file.rel, d.rule
    )
}

/// The closest of `candidates` to a misspelt `key`, if it is close enough to be a likely typo.
pub fn nearest<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = key.chars().count();
    let limit = (len / 3).max(2);
    candidates
        .into_iter()
        // Lengths further apart than the limit cannot be within it: skip the (quadratic)
        // distance for them, so a 300-character stray key costs nothing.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (strsim::damerau_levenshtein(key, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// S002 for an unknown key, with the nearest valid key suggested.
pub fn unknown_key(
    file: &Arc<SourceFile>,
    span: Span,
    key: &str,
    context: &str,
    allowed: &[&str],
) -> Diagnostic {
    let d = Diagnostic::new(
        Rule::S002,
        file,
        span,
        format!("{context}中没有“{key}”这个键"),
    );
    match nearest(key, allowed.iter().copied()) {
        Some(s) => d
            .label(format!("是否想写“{s}”？"))
            .help(format!("把“{key}”改为“{s}”",)),
        None => d
            .label("未知的键")
            .help(format!("{context}可用的键：{}", allowed.join("、"))),
    }
}
