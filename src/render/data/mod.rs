//! A report's figures as tidy rows: one per table, row, column and value, each with a stable
//! code (for machines) and its official label (for people). The per-report `data.csv` and
//! `data.json` and the portal-wide files under `/data/` are all written from these: CSV in
//! [`csv`], JSON in [`json`], the workbook in [`xlsx`], the data package in [`package`];
//! [`layout`] holds what reports of one layout share.

mod csv;
mod json;
mod layout;
mod package;
mod xlsx;

pub use csv::{codes_csv, portal_csv_len, to_csv, write_portal_csv};
pub use json::{portal_json_len, report_json, write_portal_json};
pub use layout::{ReportData, Slot};
pub use package::{Downloads, PLAIN_LIMIT};
pub use xlsx::{EXCEL_ROWS, Sheet, plan_sheets, write_xlsx};

use serde::Serialize;

use crate::model::labels::{
    self as lb, APPLICANT_COLUMNS, CASE_COLUMNS, Label, RESULT_ROWS, Script,
};
use crate::model::{AppRow, Count, Money, Proactive, Report, Row, RowForm};
use crate::source::Spanned;

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Figure {
    pub table: &'static str,
    /// The table's official name.
    pub table_label: &'static str,
    pub row_code: &'static str,
    pub column_code: &'static str,
    /// Official labels.
    pub row: &'static str,
    pub column: &'static str,
    pub value: Value,
}

/// A figure exactly as held: a count (or signed change), an amount with its written decimals,
/// or a blank cell. Kept off the heap: a portal has millions of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Blank,
    Int(i64),
    Money(Money),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Blank => Ok(()),
            Value::Int(n) => write!(f, "{n}"),
            Value::Money(m) => write!(f, "{m}"),
        }
    }
}

/// Written as text, so that amounts keep their decimals and blanks stay blank.
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn int(v: Option<u64>) -> Value {
    v.map_or(Value::Blank, |v| Value::Int(v as i64))
}

pub const PROACTIVE: &str = "proactive";
pub const APPLICATIONS: &str = "applications";
pub const REVIEW: &str = "review";

/// Table codes and their official names (the headings of parts 二, 三 and 四).
pub const TABLES: [(&str, Label); 3] = [
    (PROACTIVE, lb::PARTS[1].1),
    (APPLICATIONS, lb::PARTS[2].1),
    (REVIEW, lb::PARTS[3].1),
];

fn table_label(code: &str, script: Script) -> &'static str {
    TABLES
        .iter()
        .find(|t| t.0 == code)
        .map_or("", |t| t.1.get(script))
}

pub(super) const APPLICANT_CODES: [&str; 6] = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
];
pub(super) const CASE_CODES: [&str; 4] = ["upheld", "corrected", "other", "pending"];

/// Codes and full names of the rows of 三 that are not plain labels, built once.
struct Names {
    result_codes: Vec<String>,
    result_names: Vec<String>,
    results_total: String,
    direct: String,
    after_review: String,
    procurement_wan: String,
    procurement_yuan: String,
}

impl Names {
    fn new(script: Script) -> Names {
        let t = |l: Label| l.get(script);
        Names {
            result_codes: RESULT_ROWS
                .iter()
                .map(|d| {
                    if d.group.is_empty() {
                        format!("results.{}", d.key)
                    } else {
                        format!("results.{}.{}", d.group, d.key)
                    }
                })
                .collect(),
            result_names: (0..RESULT_ROWS.len())
                .map(|i| lb::result_row_name(i, script))
                .collect(),
            results_total: format!("{}{}", t(lb::RESULTS), t(lb::RESULTS_TOTAL)),
            direct: format!("{}·{}", t(lb::LITIGATION), t(lb::LITIGATION_DIRECT)),
            after_review: format!("{}·{}", t(lb::LITIGATION), t(lb::LITIGATION_AFTER_REVIEW)),
            procurement_wan: t(lb::PROCUREMENT_AMOUNT_WAN).to_string(),
            procurement_yuan: t(lb::PROCUREMENT_AMOUNT_YUAN).to_string(),
        }
    }
}

/// The composite names, built once per script.
static NAMES: std::sync::LazyLock<[Names; 2]> = std::sync::LazyLock::new(|| {
    [
        Names::new(Script::Simplified),
        Names::new(Script::Traditional),
    ]
});

fn push_row<const N: usize>(
    out: &mut Vec<Figure>,
    (table, script): (&'static str, Script),
    (row_code, row): (&'static str, &'static str),
    r: &Row<N>,
    columns: (&[&'static str], &[Label]),
) {
    let table_label = table_label(table, script);
    for i in 0..N {
        let blank = r.form == RowForm::Cells && r.cells[i].is_none();
        let v = r.cell(i).filter(|_| !blank);
        out.push(Figure {
            table,
            table_label,
            row_code,
            column_code: columns.0[i],
            row,
            column: columns.1[i].get(script),
            value: int(v),
        });
    }
    let total = r.stated_total.as_ref().map(|t| t.value).or(r.total());
    out.push(Figure {
        table,
        table_label,
        row_code,
        column_code: "total",
        row,
        column: lb::TOTAL.get(script),
        value: int(total),
    });
}

/// A report's figures, labelled in the portal's script.
pub fn figures(r: &Report, script: Script) -> Vec<Figure> {
    let mut out = Vec::with_capacity(220);
    let names = &NAMES[script as usize];
    let t = |l: Label| l.get(script);
    let proactive_label = table_label(PROACTIVE, script);
    let mut one = |row_code: &'static str,
                   row: Label,
                   column_code: &'static str,
                   column: &'static str,
                   value: Value| {
        out.push(Figure {
            table: PROACTIVE,
            table_label: proactive_label,
            row_code,
            column_code,
            row: row.get(script),
            column,
            value,
        })
    };
    let c = |c: &Count| int(c.as_ref().map(|c| c.value));
    let money =
        |m: &Option<Spanned<Money>>| m.as_ref().map_or(Value::Blank, |m| Value::Money(m.value));
    match &r.proactive {
        Proactive::F2021(p) => {
            for (code, label, d) in [
                ("regulations", lb::REGULATIONS, &p.regulations),
                (
                    "normative_documents",
                    lb::NORMATIVE_2021,
                    &p.normative_documents,
                ),
            ] {
                one(code, label, "issued", t(lb::ISSUED), c(&d.issued));
                one(code, label, "repealed", t(lb::REPEALED), c(&d.repealed));
                one(code, label, "in_force", t(lb::IN_FORCE), c(&d.in_force));
            }
            one(
                "licensing",
                lb::LICENSING,
                "decisions",
                t(lb::DECISIONS_2021),
                c(&p.licensing),
            );
            one(
                "punishment",
                lb::PUNISHMENT,
                "decisions",
                t(lb::DECISIONS_2021),
                c(&p.punishment),
            );
            one(
                "coercion",
                lb::COERCION,
                "decisions",
                t(lb::DECISIONS_2021),
                c(&p.coercion),
            );
            let fees = money(&p.fees);
            one("fees", lb::FEES, "amount", t(lb::FEE_AMOUNT_2021), fees);
        }
        Proactive::F2019(p) => {
            for (code, label, d) in [
                ("regulations", lb::REGULATIONS, &p.regulations),
                (
                    "normative_documents",
                    lb::NORMATIVE_2019,
                    &p.normative_documents,
                ),
            ] {
                one(code, label, "made", t(lb::MADE), c(&d.made));
                one(code, label, "published", t(lb::PUBLISHED), c(&d.published));
                one(code, label, "total", t(lb::TOTAL_PUBLISHED), c(&d.total));
            }
            for (code, label, i) in [
                ("licensing", lb::LICENSING, &p.licensing),
                ("other_services", lb::OTHER_SERVICES, &p.other_services),
                ("punishment", lb::PUNISHMENT, &p.punishment),
                ("coercion", lb::COERCION, &p.coercion),
                ("fees", lb::FEES, &p.fees),
            ] {
                one(code, label, "previous", t(lb::PREVIOUS), c(&i.previous));
                let change = i
                    .change
                    .as_ref()
                    .map_or(Value::Blank, |x| Value::Int(x.value));
                one(code, label, "change", t(lb::CHANGE), change);
                if code != "fees" {
                    one(
                        code,
                        label,
                        "decisions",
                        t(lb::DECISIONS_2019),
                        c(&i.decisions),
                    );
                }
            }
            one(
                "procurement",
                lb::PROCUREMENT,
                "projects",
                t(lb::PROJECTS),
                c(&p.procurement.projects),
            );
            let unit = p
                .procurement
                .unit
                .as_ref()
                .map_or("万元", |u| u.value.label());
            let amount = money(&p.procurement.amount);
            let (code, column) = if unit == "元" {
                ("amount_yuan", names.procurement_yuan.as_str())
            } else {
                ("amount", names.procurement_wan.as_str())
            };
            one("procurement", lb::PROCUREMENT, code, column, amount);
        }
    }
    let apps = (&APPLICANT_CODES[..], &APPLICANT_COLUMNS[..]);
    let a = &r.applications;
    let named = |code: &'static str, label: Label| (code, label.get(script));
    push_row(
        &mut out,
        (APPLICATIONS, script),
        named("received", lb::RECEIVED),
        &a.received,
        apps,
    );
    push_row(
        &mut out,
        (APPLICATIONS, script),
        named("carried_over", lb::CARRIED_OVER),
        &a.carried_over,
        apps,
    );
    for (i, def) in RESULT_ROWS.iter().enumerate() {
        if def.in_format(r.format) {
            let row = (
                names.result_codes[i].as_str(),
                names.result_names[i].as_str(),
            );
            push_row(&mut out, (APPLICATIONS, script), row, &a.results[i], apps);
        }
    }
    let mut total = AppRow {
        form: RowForm::Cells,
        ..Default::default()
    };
    for (i, cell) in total.cells.iter_mut().enumerate() {
        *cell = a.results_column(i);
    }
    if total.cells.iter().any(Option::is_none) {
        total.form = RowForm::TotalOnly;
        total.stated_total = a
            .results_total()
            .map(|v| Spanned::new(v, Default::default()));
    }
    let total_row = ("results.total", names.results_total.as_str());
    push_row(&mut out, (APPLICATIONS, script), total_row, &total, apps);
    push_row(
        &mut out,
        (APPLICATIONS, script),
        named("carried_forward", lb::CARRIED_FORWARD),
        &a.carried_forward,
        apps,
    );
    let cases = (&CASE_CODES[..], &CASE_COLUMNS[..]);
    for (code, name, row) in [
        ("review", t(lb::REVIEW), &r.review),
        (
            "litigation.direct",
            names.direct.as_str(),
            &r.litigation_direct,
        ),
        (
            "litigation.after_review",
            names.after_review.as_str(),
            &r.litigation_after_review,
        ),
    ] {
        push_row(&mut out, (REVIEW, script), (code, name), row, cases);
    }
    out
}
