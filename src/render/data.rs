//! A report's figures as tidy rows: one per table, row, column and value, with the official
//! labels. The per-report `data.csv` and `data.json` are written from these.

use serde::Serialize;

use crate::model::labels::{self as lb, APPLICANT_COLUMNS, CASE_COLUMNS, RESULT_ROWS};
use crate::model::{AppRow, CaseRow, Proactive, Report, Row};

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Figure {
    pub table: &'static str,
    pub row: String,
    pub column: String,
    /// Exactly as held: counts as integers, money with its written decimals; empty when blank.
    pub value: String,
}

fn push_row<const N: usize>(
    out: &mut Vec<Figure>,
    table: &'static str,
    row: String,
    r: &Row<N>,
    columns: &[&str],
) {
    for (i, c) in columns.iter().enumerate().take(N) {
        let v = r
            .cell(i)
            .filter(|_| r.form != crate::model::RowForm::Cells || r.cells[i].is_some());
        out.push(Figure {
            table,
            row: row.clone(),
            column: c.to_string(),
            value: v.map(|v| v.to_string()).unwrap_or_default(),
        });
    }
    out.push(Figure {
        table,
        row,
        column: lb::TOTAL.simp.into(),
        value: r
            .stated_total
            .as_ref()
            .map(|t| t.value)
            .or(r.total())
            .map(|v| v.to_string())
            .unwrap_or_default(),
    });
}

pub const PROACTIVE: &str = "主动公开政府信息情况";
pub const APPLICATIONS: &str = "收到和处理政府信息公开申请情况";
pub const REVIEW: &str = "政府信息公开行政复议、行政诉讼情况";

pub fn figures(r: &Report) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut one = |row: &str, column: &str, value: String| {
        out.push(Figure {
            table: PROACTIVE,
            row: row.into(),
            column: column.into(),
            value,
        })
    };
    let c = |c: &crate::model::Count| c.as_ref().map(|c| c.value.to_string()).unwrap_or_default();
    match &r.proactive {
        Proactive::F2021(p) => {
            for (label, d) in [
                (lb::REGULATIONS, &p.regulations),
                (lb::NORMATIVE_2021, &p.normative_documents),
            ] {
                one(label.simp, lb::ISSUED.simp, c(&d.issued));
                one(label.simp, lb::REPEALED.simp, c(&d.repealed));
                one(label.simp, lb::IN_FORCE.simp, c(&d.in_force));
            }
            one(lb::LICENSING.simp, lb::DECISIONS_2021.simp, c(&p.licensing));
            one(
                lb::PUNISHMENT.simp,
                lb::DECISIONS_2021.simp,
                c(&p.punishment),
            );
            one(lb::COERCION.simp, lb::DECISIONS_2021.simp, c(&p.coercion));
            one(
                lb::FEES.simp,
                lb::FEE_AMOUNT_2021.simp,
                p.fees
                    .as_ref()
                    .map(|m| m.value.to_string())
                    .unwrap_or_default(),
            );
        }
        Proactive::F2019(p) => {
            for (label, d) in [
                (lb::REGULATIONS, &p.regulations),
                (lb::NORMATIVE_2019, &p.normative_documents),
            ] {
                one(label.simp, lb::MADE.simp, c(&d.made));
                one(label.simp, lb::PUBLISHED.simp, c(&d.published));
                one(label.simp, lb::TOTAL_PUBLISHED.simp, c(&d.total));
            }
            for (label, i) in [
                (lb::LICENSING, &p.licensing),
                (lb::OTHER_SERVICES, &p.other_services),
                (lb::PUNISHMENT, &p.punishment),
                (lb::COERCION, &p.coercion),
                (lb::FEES, &p.fees),
            ] {
                one(label.simp, lb::PREVIOUS.simp, c(&i.previous));
                one(
                    label.simp,
                    lb::CHANGE.simp,
                    i.change
                        .as_ref()
                        .map(|x| x.value.to_string())
                        .unwrap_or_default(),
                );
                if label != lb::FEES {
                    one(label.simp, lb::DECISIONS_2019.simp, c(&i.decisions));
                }
            }
            one(
                lb::PROCUREMENT.simp,
                lb::PROJECTS.simp,
                c(&p.procurement.projects),
            );
            let unit = p
                .procurement
                .unit
                .as_ref()
                .map_or("万元", |u| u.value.label());
            one(
                lb::PROCUREMENT.simp,
                &format!("{}（{unit}）", lb::PROCUREMENT_AMOUNT.simp),
                p.procurement
                    .amount
                    .as_ref()
                    .map(|m| m.value.to_string())
                    .unwrap_or_default(),
            );
        }
    }
    let columns: Vec<&str> = APPLICANT_COLUMNS.iter().map(|l| l.simp).collect();
    let a = &r.applications;
    push_row(
        &mut out,
        APPLICATIONS,
        lb::RECEIVED.simp.into(),
        &a.received,
        &columns,
    );
    push_row(
        &mut out,
        APPLICATIONS,
        lb::CARRIED_OVER.simp.into(),
        &a.carried_over,
        &columns,
    );
    for (i, def) in RESULT_ROWS.iter().enumerate() {
        let shown = def.in_format(r.format);
        if shown {
            push_row(
                &mut out,
                APPLICATIONS,
                lb::result_row_name(i),
                &a.results[i] as &AppRow,
                &columns,
            );
        }
    }
    let mut total = AppRow {
        form: crate::model::RowForm::Cells,
        ..Default::default()
    };
    for (i, cell) in total.cells.iter_mut().enumerate() {
        *cell = a.results_column(i);
    }
    if total.cells.iter().any(Option::is_none) {
        total.form = crate::model::RowForm::TotalOnly;
        total.stated_total = a
            .results_total()
            .map(|v| crate::source::Spanned::new(v, Default::default()));
    }
    push_row(
        &mut out,
        APPLICATIONS,
        format!("{}{}", lb::RESULTS.simp, lb::RESULTS_TOTAL.simp),
        &total,
        &columns,
    );
    push_row(
        &mut out,
        APPLICATIONS,
        lb::CARRIED_FORWARD.simp.into(),
        &a.carried_forward,
        &columns,
    );
    let cases: Vec<&str> = CASE_COLUMNS.iter().map(|l| l.simp).collect();
    for (name, row) in [
        (lb::REVIEW.simp.to_string(), &r.review),
        (
            format!("{}·{}", lb::LITIGATION.simp, lb::LITIGATION_DIRECT.simp),
            &r.litigation_direct,
        ),
        (
            format!(
                "{}·{}",
                lb::LITIGATION.simp,
                lb::LITIGATION_AFTER_REVIEW.simp
            ),
            &r.litigation_after_review,
        ),
    ] {
        push_row(&mut out, REVIEW, name, row as &CaseRow, &cases);
    }
    out
}

/// Tidy CSV: one line per figure, with a header line.
pub fn to_csv(agency: &str, year: i32, figures: &[Figure]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(figures.len() * 120));
    let year = year.to_string();
    let mut write = || -> Result<(), csv::Error> {
        w.write_record(["agency", "year", "table", "row", "column", "value"])?;
        for f in figures {
            w.write_record([agency, year.as_str(), f.table, &f.row, &f.column, &f.value])?;
        }
        w.flush()?;
        Ok(())
    };
    // Writing to memory cannot fail; an empty file would be the visible sign if it did.
    let ok = write().is_ok();
    let bytes = w.into_inner().unwrap_or_default();
    if ok { bytes } else { Vec::new() }
}

/// A report's `data.json`.
#[derive(Serialize)]
pub struct ReportData<'a> {
    pub agency: &'a str,
    pub agency_name: &'a str,
    pub year: i32,
    pub format: u16,
    pub published: Option<String>,
    pub figures: &'a [Figure],
}
