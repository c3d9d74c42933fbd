//! The typed model of a portal: agencies, reports in the 2021 and 2019 national formats,
//! exact money, table rows with their computed totals, and the narrative parts.

pub mod body;
// The import section is appended after the tests while labels.rs is being refactored.
pub mod labels;
pub mod sum;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::source::{SourceFile, Span, Spanned};

pub use body::{Body, Section};

/// The national format a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Format {
    /// 国办公开办函〔2019〕60号: reports on 2019 and 2020.
    F2019,
    /// 国办公开办函〔2021〕30号: reports on 2021 and later.
    #[default]
    F2021,
}

impl Format {
    pub fn number(self) -> u16 {
        match self {
            Format::F2019 => 2019,
            Format::F2021 => 2021,
        }
    }

    /// The format a report on `year` should use.
    pub fn for_year(year: i32) -> Format {
        if year >= 2021 {
            Format::F2021
        } else {
            Format::F2019
        }
    }
}

/// Where a report comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Origin {
    /// Written in nianbao: arithmetic findings are errors.
    #[default]
    Native,
    /// An archive of what an agency already published: arithmetic findings are warnings.
    Imported,
}

/// An amount in 万元 (or 元 where the 2019 procurement row says so), held exactly as written:
/// `1227.49`, `"0.0350"`. Never a binary float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Money(pub Decimal);

#[derive(Debug, PartialEq, Eq)]
pub enum MoneyError {
    NotANumber,
    Negative,
    TooPrecise(u32),
}

impl Money {
    /// More decimal places than this is finer than one 分 of a 万元 amount.
    pub const MAX_SCALE: u32 = 6;

    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        let digits = t.strip_prefix('-').unwrap_or(t);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let well_formed = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(digits.contains('.') && frac.is_empty());
        if !well_formed || int.len() > 15 {
            return Err(MoneyError::NotANumber);
        }
        if t.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        if frac.len() as u32 > Self::MAX_SCALE {
            return Err(MoneyError::TooPrecise(frac.len() as u32));
        }
        Decimal::from_str(t)
            .map(Money)
            .map_err(|_| MoneyError::NotANumber)
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// How a table row was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RowForm {
    /// Not written at all: all zeros.
    #[default]
    Omitted,
    /// A list of cells (blank cells are `null`), perhaps with a stated total.
    Cells,
    /// A bare number: only the total is known.
    TotalOnly,
    /// Written in a shape that could not be read (already reported): unknown.
    Invalid,
}

/// A row of N cells and a total: applications rows (N = 6) and review/litigation rows (N = 4).
#[derive(Clone, Debug)]
pub struct Row<const N: usize> {
    pub form: RowForm,
    /// `None`: the cell was left blank in the source.
    pub cells: [Option<u64>; N],
    pub cell_spans: [Span; N],
    /// The total as written (7th or 5th element, or a bare number).
    pub stated_total: Option<Spanned<u64>>,
    /// The row's value, or its key when the value is missing.
    pub span: Span,
}

impl<const N: usize> Default for Row<N> {
    fn default() -> Self {
        Row {
            form: RowForm::Omitted,
            cells: [None; N],
            cell_spans: [Span::default(); N],
            stated_total: None,
            span: Span::default(),
        }
    }
}

impl<const N: usize> Row<N> {
    /// Every cell blank and no total stated: the source does not give this row (an imported
    /// row that could not be read with certainty). Unknown, never zero.
    pub fn is_unknown(&self) -> bool {
        self.form == RowForm::Cells
            && self.stated_total.is_none()
            && self.cells.iter().all(Option::is_none)
    }

    /// The sum of the cells, when the cells are known.
    pub fn computed_total(&self) -> Option<u64> {
        match self.form {
            RowForm::Omitted => Some(0),
            RowForm::Cells if self.is_unknown() => None,
            RowForm::Cells => Some(self.cells.iter().map(|c| c.unwrap_or(0)).sum()),
            RowForm::TotalOnly | RowForm::Invalid => None,
        }
    }

    /// The row's 总计: computed from the cells when they are known, else as stated.
    pub fn total(&self) -> Option<u64> {
        self.computed_total()
            .or_else(|| self.stated_total.as_ref().map(|t| t.value))
    }

    /// The value of column `i`, when known. A bare total of 0 fixes every cell at 0.
    pub fn cell(&self, i: usize) -> Option<u64> {
        match self.form {
            RowForm::Omitted => Some(0),
            RowForm::Cells if self.is_unknown() => None,
            RowForm::Cells => Some(self.cells[i].unwrap_or(0)),
            RowForm::TotalOnly if self.total() == Some(0) => Some(0),
            RowForm::TotalOnly | RowForm::Invalid => None,
        }
    }

    pub fn columns_known(&self) -> bool {
        self.cell(0).is_some()
    }

    /// Where to point at this row's total.
    pub fn total_span(&self) -> Span {
        self.stated_total.as_ref().map_or(self.span, |t| t.span)
    }

    pub fn is_zero(&self) -> bool {
        self.total() == Some(0)
    }
}

pub type AppRow = Row<6>;
pub type CaseRow = Row<4>;

/// 三、收到和处理政府信息公开申请情况.
#[derive(Clone, Debug, Default)]
pub struct Applications {
    pub received: AppRow,
    pub carried_over: AppRow,
    /// Parallel to [`labels::RESULT_ROWS`].
    pub results: Vec<AppRow>,
    /// （七）总计 as written, if it was.
    pub stated_total: Option<AppRow>,
    pub carried_forward: AppRow,
    pub span: Span,
}

impl Applications {
    pub fn new(span: Span) -> Self {
        Applications {
            results: vec![AppRow::default(); labels::RESULT_ROWS.len()],
            span,
            ..Default::default()
        }
    }

    /// Column `i` of （七）总计 computed from （一）–（六）, when every row's column is known.
    pub fn results_column(&self, i: usize) -> Option<u64> {
        self.results.iter().map(|r| r.cell(i)).sum()
    }

    /// （七）总计's 总计 computed from （一）–（六）, when every row's total is known.
    pub fn results_total(&self) -> Option<u64> {
        self.results.iter().map(|r| r.total()).sum()
    }
}

pub type Count = Option<Spanned<u64>>;
pub type Change = Option<Spanned<i64>>;

/// 第二十条第（一）项, format 2021.
#[derive(Clone, Debug, Default)]
pub struct Documents2021 {
    pub issued: Count,
    pub repealed: Count,
    pub in_force: Count,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Proactive2021 {
    pub regulations: Documents2021,
    pub normative_documents: Documents2021,
    pub licensing: Count,
    pub punishment: Count,
    pub coercion: Count,
    pub fees: Option<Spanned<Money>>,
}

/// 第二十条第（一）项, format 2019.
#[derive(Clone, Debug, Default)]
pub struct Documents2019 {
    pub made: Count,
    pub published: Count,
    pub total: Count,
    pub span: Span,
}

/// An item row of format 2019: 上一年项目数量, 本年增/减, 处理决定数量.
#[derive(Clone, Debug, Default)]
pub struct Items2019 {
    pub previous: Count,
    pub change: Change,
    pub decisions: Count,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MoneyUnit {
    #[default]
    WanYuan,
    Yuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::Yuan => "元",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Procurement2019 {
    pub projects: Count,
    pub amount: Option<Spanned<Money>>,
    pub unit: Option<Spanned<MoneyUnit>>,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Proactive2019 {
    pub regulations: Documents2019,
    pub normative_documents: Documents2019,
    pub licensing: Items2019,
    pub other_services: Items2019,
    pub punishment: Items2019,
    pub coercion: Items2019,
    /// 行政事业性收费: 上一年项目数量 and 本年增/减 only (`decisions` stays empty).
    pub fees: Items2019,
    pub procurement: Procurement2019,
}

/// 二、主动公开政府信息情况, in the report's format.
// One per report; boxing the larger variant would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Proactive {
    F2021(Proactive2021),
    F2019(Proactive2019),
}

/// One report file `content/<agency>/<year>.md`.
#[derive(Debug)]
pub struct Report {
    pub agency: String,
    pub file: Arc<SourceFile>,
    /// The year in the file name.
    pub file_year: Option<i32>,
    pub year: Option<Spanned<i32>>,
    /// The format the tables are read in: the one stated, unless the tables read cleanly
    /// only in the format the year calls for (then `format_stated` is the mistake, F001).
    pub format: Format,
    /// What `format:` says (or the default).
    pub format_stated: Format,
    /// Where `format` was written (or the start of the front matter when defaulted).
    pub format_span: Span,
    pub published: Option<Spanned<NaiveDate>>,
    pub title: Option<Spanned<String>>,
    pub index_no: Option<Spanned<String>>,
    /// 主题分类 in the 信息公开目录.
    pub subject: Option<Spanned<String>>,
    /// Where the published original is, for a report imported from it.
    pub source_url: Option<Spanned<String>>,
    pub signed_by: Option<Spanned<String>>,
    pub draft: bool,
    pub origin: Origin,
    pub proactive: Proactive,
    pub applications: Applications,
    pub review: CaseRow,
    pub litigation_direct: CaseRow,
    pub litigation_after_review: CaseRow,
    pub body: Body,
    /// The front matter, `---` lines included.
    pub front_matter: Span,
    /// False when the front matter could not be read: data checks are skipped.
    pub data_ok: bool,
    /// The top-level keys written with a value, and those a misspelt key was probably meant
    /// as (its S002 names them): checks that would call them missing stay silent.
    pub written: Vec<&'static str>,
}

impl Report {
    /// Let go of the text and the body once the report is checked: the lists, 汇总 and
    /// downloads read only the figures, dates and titles, and the report's own page re-reads
    /// the file (`site::pages`), so a build holds one agency's texts at a time.
    pub fn slim(&mut self) {
        self.file = Arc::new(self.file.released());
        self.body = Body::default();
        self.written = Vec::new();
    }

    /// The reported year: the file name's, else as written. When the two differ (S006) the
    /// name is the one the report is filed and published under, and a `year:` left over from
    /// last year's copy is the usual mistake: every year-dependent check uses the name, so
    /// that one wrong line is one finding. Years no report can be about (S006 says so) are
    /// left out, so that year arithmetic stays small.
    pub fn the_year(&self) -> Option<i32> {
        self.file_year
            .or(self.year.as_ref().map(|y| y.value))
            .filter(|y| (1000..=9999).contains(y))
    }
}

/// One agency folder `content/<agency>/_index.md`.
#[derive(Debug)]
pub struct Agency {
    pub slug: String,
    pub file: Arc<SourceFile>,
    pub name: Option<Spanned<String>>,
    pub short_name: Option<Spanned<String>>,
    pub category: Option<Spanned<String>>,
    pub region: Option<Spanned<String>>,
    pub credit_code: Option<Spanned<String>>,
    pub since: Option<Spanned<i32>>,
    pub until: Option<Spanned<i32>>,
    pub website: Option<Spanned<String>>,
    pub address: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
    pub body: Span,
}

/// A free page `content/<name>.md` (or the portal intro `content/_index.md`).
#[derive(Debug)]
pub struct Page {
    pub slug: String,
    pub file: Arc<SourceFile>,
    pub title: Option<Spanned<String>>,
    pub draft: bool,
    pub body: Span,
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn money_is_exact_and_keeps_its_scale() {
        assert_eq!(Money::parse("0.0350").unwrap().to_string(), "0.0350");
        assert_eq!(
            Money::parse("24252.311082").unwrap().to_string(),
            "24252.311082"
        );
        assert_eq!(Money::parse("1.0000001"), Err(MoneyError::TooPrecise(7)));
        assert_eq!(Money::parse("-1"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("1e3"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("12."), Err(MoneyError::NotANumber));
    }

    #[test]
    fn a_row_of_nothing_but_blanks_is_unknown_not_zero() {
        let row = AppRow {
            form: RowForm::Cells,
            ..Default::default()
        };
        assert!(row.is_unknown());
        assert_eq!((row.total(), row.cell(0)), (None, None));
        let mut partly = row.clone();
        partly.cells[0] = Some(3);
        assert_eq!((partly.total(), partly.cell(1)), (Some(3), Some(0)));
    }

    #[test]
    fn a_bare_zero_total_fixes_every_cell() {
        let row = AppRow {
            form: RowForm::TotalOnly,
            stated_total: Some(Spanned::new(0, Span::default())),
            ..Default::default()
        };
        assert_eq!(row.cell(3), Some(0));
        let row = AppRow {
            form: RowForm::TotalOnly,
            stated_total: Some(Spanned::new(5, Span::default())),
            ..Default::default()
        };
        assert_eq!(row.cell(3), None);
        assert_eq!(row.total(), Some(5));
    }
}
