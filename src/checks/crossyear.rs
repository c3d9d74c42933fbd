//! X001–X003 and P002: a report against the same agency's report on the year before.

use std::collections::HashSet;

use super::Out;
use crate::diagnostics::Rule;
use crate::model::labels::{self as lb, APPLICANT_COLUMNS};
use crate::model::{AppRow, Documents2021, Items2019, Money, Proactive, Report, Row};
use crate::source::{Span, Spanned};

pub fn check(r: &Report, prev: &Report, out: &mut Out) {
    carried_over(r, prev, out);
    match (&r.proactive, &prev.proactive) {
        (Proactive::F2021(now), Proactive::F2021(before)) => {
            in_force(
                lb::REGULATIONS.simp,
                &now.regulations,
                &before.regulations,
                out,
            );
            in_force(
                lb::NORMATIVE_2021.simp,
                &now.normative_documents,
                &before.normative_documents,
                out,
            );
        }
        (Proactive::F2019(now), Proactive::F2019(before)) => {
            for (label, a, b) in [
                (lb::LICENSING, &now.licensing, &before.licensing),
                (
                    lb::OTHER_SERVICES,
                    &now.other_services,
                    &before.other_services,
                ),
                (lb::PUNISHMENT, &now.punishment, &before.punishment),
                (lb::COERCION, &now.coercion, &before.coercion),
                (lb::FEES, &now.fees, &before.fees),
            ] {
                items(label.simp, a, b, out);
            }
        }
        _ => {}
    }
    identical(r, prev, out);
}

fn carried_over(r: &Report, prev: &Report, out: &mut Out) {
    let (now, before) = (
        &r.applications.carried_over,
        &prev.applications.carried_forward,
    );
    let year = prev.the_year().unwrap_or_default();
    let (Some(a), Some(b)) = (now.total(), before.total()) else {
        return;
    };
    let differs_in = if a != b {
        Some(format!("总计 {a}，而上年报告为 {b}"))
    } else {
        (0..6).find_map(|i| match (now.cell(i), before.cell(i)) {
            (Some(x), Some(y)) if x != y => Some(format!(
                "“{}”栏 {x}，而上年报告为 {y}",
                APPLICANT_COLUMNS[i].simp
            )),
            _ => None,
        })
    };
    if let Some(what) = differs_in {
        out.push(
            out.at(
                Rule::X001,
                now.span,
                format!(
                    "{}与{year}年度报告的{}不一致：{what}",
                    lb::CARRIED_OVER.simp,
                    lb::CARRIED_FORWARD.simp
                ),
            )
            .label("应等于上年的结转下年度")
            .help(format!("上年报告：{}", prev.file.rel)),
        );
    }
}

fn in_force(label: &str, now: &Documents2021, before: &Documents2021, out: &mut Out) {
    let (Some(cur), Some(last)) = (&now.in_force, &before.in_force) else {
        return;
    };
    let issued = now.issued.as_ref().map_or(0, |c| c.value) as i64;
    let repealed = now.repealed.as_ref().map_or(0, |c| c.value) as i64;
    let expected = last.value as i64 + issued - repealed;
    if cur.value as i64 != expected {
        out.push(out.at(
            Rule::X002,
            cur.span,
            format!(
                "“{label}”的{} {} 与推算值 {expected} 不符：上年{} {} + {} {issued} − {} {repealed}",
                lb::IN_FORCE.simp,
                cur.value,
                lb::IN_FORCE.simp,
                last.value,
                lb::ISSUED.simp,
                lb::REPEALED.simp
            ),
        )
        .label(format!("推算为 {expected}")));
    }
}

fn items(label: &str, now: &Items2019, before: &Items2019, out: &mut Out) {
    let (Some(cur), Some(last)) = (&now.previous, &before.previous) else {
        return;
    };
    let change = before.change.as_ref().map_or(0, |c| c.value);
    let expected = last.value as i64 + change;
    if cur.value as i64 != expected {
        out.push(
            out.at(
                Rule::P002,
                cur.span,
                format!(
                    "“{label}”的{} {} 与上年报告不符：上年{} {} + 上年{} {change} = {expected}",
                    lb::PREVIOUS.simp,
                    cur.value,
                    lb::PREVIOUS.simp,
                    last.value,
                    lb::CHANGE.simp
                ),
            )
            .label(format!("推算为 {expected}")),
        );
    }
}

/// Every figure of a report, in a fixed order, for comparing two years. Money enters as its
/// exact decimal; blanks and unknowns as `None`.
fn figures(r: &Report) -> Vec<Option<i128>> {
    fn row<const N: usize>(v: &mut Vec<Option<i128>>, row: &Row<N>) {
        v.extend(row.cells.iter().map(|c| c.map(i128::from)));
        v.push(row.total().map(i128::from));
    }
    fn count(c: &Option<Spanned<u64>>) -> Option<i128> {
        c.as_ref().map(|c| i128::from(c.value))
    }
    fn change(c: &Option<Spanned<i64>>) -> Option<i128> {
        c.as_ref().map(|c| i128::from(c.value))
    }
    fn money(v: &mut Vec<Option<i128>>, m: &Option<Spanned<Money>>) {
        v.push(m.as_ref().map(|m| m.value.0.mantissa()));
        v.push(m.as_ref().map(|m| i128::from(m.value.0.scale())));
    }
    let mut v = Vec::with_capacity(240);
    let a = &r.applications;
    for x in [&a.received, &a.carried_over, &a.carried_forward]
        .into_iter()
        .chain(a.results.iter())
    {
        row::<6>(&mut v, x as &AppRow);
    }
    for x in [&r.review, &r.litigation_direct, &r.litigation_after_review] {
        row(&mut v, x);
    }
    match &r.proactive {
        Proactive::F2021(p) => {
            for d in [&p.regulations, &p.normative_documents] {
                v.extend([count(&d.issued), count(&d.repealed), count(&d.in_force)]);
            }
            v.extend([
                count(&p.licensing),
                count(&p.punishment),
                count(&p.coercion),
            ]);
            money(&mut v, &p.fees);
        }
        Proactive::F2019(p) => {
            for d in [&p.regulations, &p.normative_documents] {
                v.extend([count(&d.made), count(&d.published), count(&d.total)]);
            }
            for i in [
                &p.licensing,
                &p.other_services,
                &p.punishment,
                &p.coercion,
                &p.fees,
            ] {
                v.extend([count(&i.previous), change(&i.change), count(&i.decisions)]);
            }
            v.push(count(&p.procurement.projects));
            money(&mut v, &p.procurement.amount);
        }
    }
    v
}

/// Narrative lines with digits and spaces removed, so that changed years do not hide a copy.
fn lines(r: &Report) -> Vec<String> {
    r.file
        .slice(r.body.span)
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
                .collect::<String>()
        })
        .filter(|l| l.chars().count() >= 8 && !l.starts_with('#'))
        .collect()
}

/// Share of this year's narrative that is copied from the previous year, by length.
const COPIED: f64 = 0.8;

fn identical(r: &Report, prev: &Report, out: &mut Out) {
    if figures(r) != figures(prev) {
        return;
    }
    let now = lines(r);
    let total: usize = now.iter().map(String::len).sum();
    if total == 0 {
        return;
    }
    let before: HashSet<String> = lines(prev).into_iter().collect();
    let copied: usize = now
        .iter()
        .filter(|l| before.contains(*l))
        .map(String::len)
        .sum();
    let share = copied as f64 / total as f64;
    if share >= COPIED {
        let span = r.year.as_ref().map_or(Span::new(0, 3), |y| y.span);
        out.push(
            out.at(
                Rule::X003,
                span,
                format!(
                    "与{}年度报告内容雷同：全部数据相同，正文 {:.0}% 的段落相同",
                    prev.the_year().unwrap_or_default(),
                    share * 100.0
                ),
            )
            .help(format!("核对是否误用了上年报告作底稿：{}", prev.file.rel)),
        );
    }
}
