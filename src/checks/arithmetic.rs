//! A-rules: the arithmetic of the applications and review/litigation tables.

use super::Out;
use crate::diagnostics::Rule;
use crate::model::labels::{self as lb, APPLICANT_COLUMNS, RowName};
use crate::model::{AppRow, Report, Row, RowForm};

pub fn check(r: &Report, out: &mut Out) {
    let a = &r.applications;
    let named_rows: Vec<(RowName, &AppRow)> = [
        (RowName::Received, &a.received),
        (RowName::CarriedOver, &a.carried_over),
    ]
    .into_iter()
    .chain(
        a.results
            .iter()
            .enumerate()
            .map(|(i, row)| (RowName::Result(i), row)),
    )
    .chain(a.stated_total.iter().map(|t| (RowName::ResultsTotal, t)))
    .chain([(RowName::CarriedForward, &a.carried_forward)])
    .collect();

    // A001: a stated row total against its cells.
    for (name, row) in &named_rows {
        stated_total(out, Rule::A001, *name, row);
    }
    // A005: the same for review and litigation rows.
    for (name, row) in [
        (RowName::Review, &r.review),
        (RowName::LitigationDirect, &r.litigation_direct),
        (RowName::LitigationAfterReview, &r.litigation_after_review),
    ] {
        stated_total(out, Rule::A005, name, row);
    }

    // A002: the stated （七）总计 against （一）–（六）.
    // The 7th element when written, else the sum of the row's own cells.
    let stated = a.stated_total.as_ref().and_then(|total| {
        total
            .stated_total
            .as_ref()
            .map(|t| t.value)
            .or(total.total())
    });
    if let Some(total) = &a.stated_total {
        let mut columns_differ = false;
        for (i, col) in APPLICANT_COLUMNS.iter().enumerate() {
            if total.form != RowForm::Cells || total.cells[i].is_none() {
                continue;
            }
            if let (Some(stated), Some(sum)) = (total.cell(i), a.results_column(i))
                && stated != sum
            {
                columns_differ = true;
                out.push(
                    out.at(
                        Rule::A002,
                        total.cell_spans[i],
                        format!(
                            "{}{}的“{}”栏填报为 {stated}，但（一）至（六）该栏之和为 {sum}",
                            lb::RESULTS.simp,
                            lb::RESULTS_TOTAL.simp,
                            col.simp
                        ),
                    )
                    .label(format!("应为 {sum}")),
                );
            }
        }
        // With every cell written, the 总计 cell's difference is the sum of the columns'
        // (reported above) or its difference from its own cells (A001): not a third finding.
        let cells_written = total.form == RowForm::Cells && total.cells.iter().all(Option::is_some);
        if let (Some(stated), Some(sum)) = (stated, a.results_total())
            && stated != sum
            && !columns_differ
            && !(cells_written && total.stated_total.is_some())
        {
            out.push(
                out.at(
                    Rule::A002,
                    total.total_span(),
                    format!(
                        "{}{}的“总计”栏填报为 {stated}，但（一）至（六）各项之和为 {sum}",
                        lb::RESULTS.simp,
                        lb::RESULTS_TOTAL.simp
                    ),
                )
                .label(format!("应为 {sum}")),
            );
        }
    }

    let at = if a.carried_forward.form == RowForm::Omitted {
        a.span
    } else {
        a.carried_forward.span
    };

    // A006 / A004: column balances need every row's breakdown.
    let mut skipped = false;
    // The column checks do not use the （七）总计 row, so its breakdown is not needed.
    for (name, row) in named_rows
        .iter()
        .filter(|(n, _)| *n != RowName::ResultsTotal)
    {
        if row.form == RowForm::TotalOnly && !row.columns_known() {
            skipped = true;
            out.push(
                out.at(
                    Rule::A006,
                    row.span,
                    format!("“{name}”只填了总计，未按申请人分栏，分栏的勾稽核对已跳过"),
                )
                .help("如原表有分栏数据，请写成 6 个数（或 7 个，最后一个为总计）"),
            );
        }
    }
    // A stated （七） that differs from its rows is A002's finding; the 勾稽 holds when it
    // holds with either, and is reported with the stated figure (the published one).
    let mut column_failed = false;
    for (i, col) in APPLICANT_COLUMNS.iter().enumerate() {
        if skipped {
            break;
        }
        let stated_cell = a
            .stated_total
            .as_ref()
            .filter(|t| t.form == RowForm::Cells && t.cells[i].is_some())
            .and_then(|t| t.cell(i));
        let (Some(rec), Some(over), Some(fwd)) = (
            a.received.cell(i),
            a.carried_over.cell(i),
            a.carried_forward.cell(i),
        ) else {
            continue;
        };
        let Some(done) = balance_fails(rec + over, fwd, [stated_cell, a.results_column(i)]) else {
            continue;
        };
        column_failed = true;
        let span = if a.carried_forward.form == RowForm::Cells {
            a.carried_forward.cell_spans[i]
        } else {
            at
        };
        out.push(out.at(
            Rule::A004,
            span,
            format!(
                "勾稽关系不成立（“{}”栏）：一 {rec} + 二 {over} = {}，而 三（七） {done} + 四 {fwd} = {}",
                col.simp,
                rec + over,
                done + fwd
            ),
        )
        .label(format!("“{}”栏", col.simp))
        .help(lb::BALANCE_NOTE.simp));
    }

    // A003: 一 + 二 = 三（七） + 四 in the 总计 column. With every column known, it fails only
    // when a column does (A004 says which): then it is not reported again.
    if column_failed {
        return;
    }
    if let (Some(rec), Some(over), Some(fwd)) = (
        a.received.total(),
        a.carried_over.total(),
        a.carried_forward.total(),
    ) && let Some(done) = balance_fails(rec + over, fwd, [stated, a.results_total()])
    {
        out.push(out.at(
                Rule::A003,
                at,
                format!(
                    "勾稽关系不成立（总计栏）：一、本年新收 {rec} + 二、上年结转 {over} = {}，而 三、办理结果（七）总计 {done} + 四、结转下年度 {fwd} = {}",
                    rec + over,
                    done + fwd
                ),
            )
            .label("第一项加第二项之和应等于第三项加第四项之和")
            .help(lb::BALANCE_NOTE.simp));
    }
}

/// The （七） figure to report when `in_ = done + fwd` holds for none of the known `done`
/// candidates (the stated one first); `None` when it holds for one, or none is known.
fn balance_fails(in_: u64, fwd: u64, done: [Option<u64>; 2]) -> Option<u64> {
    let known: Vec<u64> = done.into_iter().flatten().collect();
    if known.iter().any(|d| d + fwd == in_) {
        return None;
    }
    known.first().copied()
}

fn stated_total<const N: usize>(out: &mut Out, rule: Rule, name: RowName, row: &Row<N>) {
    let (Some(stated), Some(sum)) = (&row.stated_total, row.computed_total()) else {
        return;
    };
    if row.form != RowForm::Cells || stated.value == sum {
        return;
    }
    out.push(
        out.at(
            rule,
            stated.span,
            format!(
                "“{name}”的“总计”栏填报为 {}，但各栏之和为 {sum}",
                stated.value
            ),
        )
        .label(format!("应为 {sum}")),
    );
}
