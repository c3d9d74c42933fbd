//! S006, F001 and D-rules: the year, the format it calls for, and the publication date.

use chrono::{Datelike, NaiveDate};

use super::{Context, Out};
use crate::diagnostics::Rule;
use crate::model::{Format, Report};
use crate::source::Span;

/// The first year the 条例 (2008) required annual reports.
pub const FIRST_YEAR: i32 = 2008;

pub fn check(r: &Report, ctx: Context, out: &mut Out) {
    if let Some(y) = &r.year {
        if let Some(fy) = r.file_year.filter(|&fy| fy != y.value) {
            out.push(
                out.at(
                    Rule::S006,
                    y.span,
                    format!("year 写的是 {}，但文件名是 {fy}.md", y.value),
                )
                .label("与文件名不符")
                .help(format!("改正 year，或把文件改名为 {}.md", y.value)),
            );
        }
        let this_year = ctx.today.year();
        if !(FIRST_YEAR..=this_year).contains(&y.value) {
            out.push(
                out.at(
                    Rule::S006,
                    y.span,
                    format!(
                        "报告年度 {} 不在 {FIRST_YEAR} 至 {this_year} 年之间",
                        y.value
                    ),
                )
                .help("政府信息公开工作年度报告自2008年起编制，年度不能晚于今年"),
            );
        }
    }
    let Some(year) = r.the_year() else { return };
    // A year no report can be about (S006) calls for no format.
    let plausible = (FIRST_YEAR..=ctx.today.year()).contains(&year);

    let expected = Format::for_year(year);
    if plausible && r.format_stated != expected {
        let (used, should) = (r.format_stated.number(), expected.number());
        let who = if year >= 2021 {
            "2021年及以后的报告"
        } else {
            "2019、2020年的报告"
        };
        let document = crate::model::labels::format_document(expected).simp;
        let d = if r.format == expected {
            // The tables are in the right format already: only the line is wrong.
            let stated = if r.written.contains(&"format") {
                format!("format 写的是 {used}")
            } else {
                format!("没有写 format（默认为 {used}）")
            };
            out.at(
                Rule::F001,
                r.format_span,
                format!(
                    "{stated}，但表格是按{should}年版格式填写的，{who}也应使用{should}年版格式（{document}）"
                ),
            )
            .label(format!("应为 format: {should}"))
            .help(if r.written.contains(&"format") {
                format!("把这一行改为 format: {should}")
            } else {
                format!("在前置数据中加上 format: {should}")
            })
        } else {
            out.at(
                Rule::F001,
                r.format_span,
                format!(
                    "{year}年度报告使用了{used}年版格式，{who}应使用{should}年版格式（{document}）"
                ),
            )
            .label(format!("format: {used}"))
        };
        out.push(d);
    }

    let Some(published) = &r.published else {
        // Written but unreadable (S003), or misspelt (S002): that finding says it.
        if r.written.contains(&"published") {
            return;
        }
        out.push(
            out.at(
                Rule::D003,
                Span::new(0, 3),
                "没有发布日期（published），页面将显示“未注明”",
            )
            .help("若原报告注明了发布日期，加上 published: YYYY-MM-DD"),
        );
        return;
    };
    let (m, d) = ctx.deadline;
    // 02-29 in a common year falls back to the last day of the month.
    let deadline = (1..=d)
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(year + 1, m, day));
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31);
    if let Some(deadline) = deadline.filter(|dl| published.value > *dl) {
        out.push(out.at(
            Rule::D001,
            published.span,
            format!(
                "发布日期 {} 晚于发布期限 {deadline}（《政府信息公开条例》第五十条：每年1月31日前公布上一年度报告）",
                published.value
            ),
        )
        .label(format!("逾期 {} 天", (published.value - deadline).num_days())));
    }
    if let Some(end) = year_end.filter(|end| published.value <= *end) {
        out.push(out.at(
            Rule::D002,
            published.span,
            format!(
                "发布日期 {} 不晚于报告年度的最后一天（{end}），年度尚未结束，全年数据不可能已经完整",
                published.value
            ),
        )
        .label("早于年度结束"));
    } else if published.value > ctx.today {
        out.push(
            out.at(
                Rule::D002,
                published.span,
                format!("发布日期 {} 晚于今天（{}）", published.value, ctx.today),
            )
            .label("未来的日期"),
        );
    }
}
