//! U-rules: a report that is not finished yet (the prompts `nianbao new` writes are still in
//! it, or no figure was entered).

use super::Out;
use crate::diagnostics::Rule;
use crate::model::{Count, Proactive, Report, Row};
use crate::source::Span;

const OPEN: &str = "【";
const CLOSE: char = '】';
/// Bytes after 【 searched for its 】 (the longest prompt of `new` is about 250).
const WINDOW: usize = 600;
/// Prompts listed one by one; `new` writes six, a file with more says how many it left out.
const MAX_SHOWN: usize = 20;

pub fn check(r: &Report, out: &mut Out) {
    prompts(r, out);
    let tables = ["proactive", "applications", "review", "litigation"];
    if r.data_ok && tables.iter().all(|t| r.written.contains(t)) {
        all_zero(r, out);
    }
}

/// U001: a 【请填写…】 prompt (or a 【…删去本行…】 instruction) still in the narrative.
fn prompts(r: &Report, out: &mut Out) {
    let body = r.file.slice(r.body.span);
    let base = r.body.span.start;
    let mut shown = 0;
    let mut more = 0;
    for at in memchr::memmem::find_iter(body.as_bytes(), OPEN) {
        let rest = &body[at + OPEN.len()..];
        // A prompt is one short line: look no further, so a line of brackets stays linear.
        let mut window = rest.len().min(WINDOW);
        while !rest.is_char_boundary(window) {
            window -= 1;
        }
        let rest = &rest[..window];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let inner = &line[..line.find(CLOSE).unwrap_or(line.len())];
        let fill = inner.trim_start().starts_with("请填写");
        if !fill && !inner.contains("删去本行") {
            continue;
        }
        if shown == MAX_SHOWN {
            more += 1;
            continue;
        }
        shown += 1;
        let closed = inner.len() < line.len();
        let end = at + OPEN.len() + inner.len() + if closed { CLOSE.len_utf8() } else { 0 };
        let span = Span::new(base + at, base + end);
        let d = out.at(
            Rule::U001,
            span,
            if fill {
                "报告中还留有待填写的提示【请填写…】，这段文字会原样发布"
            } else {
                "报告中还留有编写说明【…删去本行】，这段文字会原样发布"
            },
        );
        out.push(if fill {
            d.label("待填写的提示")
                .help("把整个【…】（连同括号）替换为实际内容")
        } else {
            d.label("编写说明")
                .help("如需补充说明就替换为实际内容，否则删去这一行")
        });
    }
    if more > 0
        && let Some(last) = out.items.last_mut()
    {
        last.message
            .push_str(&format!("（另有 {more} 处同样的提示未逐一列出）"));
    }
}

fn zero(c: &Count) -> bool {
    c.as_ref().is_none_or(|c| c.value == 0)
}

fn rows_zero<const N: usize>(rows: &[&Row<N>]) -> bool {
    rows.iter().all(|r| r.is_zero())
}

/// U002: every figure of the year is zero (or blank): the tables were never filled in. Stocks
/// carried from last year (现行有效件数, 上一年项目数量, 上年结转, 结转下年度) are what `new` writes
/// already, so they do not count as entered.
fn all_zero(r: &Report, out: &mut Out) {
    let proactive = match &r.proactive {
        Proactive::F2021(p) => {
            [&p.regulations, &p.normative_documents]
                .iter()
                .all(|d| zero(&d.issued) && zero(&d.repealed))
                && [&p.licensing, &p.punishment, &p.coercion]
                    .iter()
                    .all(|c| zero(c))
                && p.fees.as_ref().is_none_or(|f| f.value.is_zero())
        }
        Proactive::F2019(p) => {
            [&p.regulations, &p.normative_documents]
                .iter()
                .all(|d| zero(&d.made) && zero(&d.published))
                && [
                    &p.licensing,
                    &p.other_services,
                    &p.punishment,
                    &p.coercion,
                    &p.fees,
                ]
                .iter()
                .all(|i| zero(&i.decisions) && i.change.as_ref().is_none_or(|c| c.value == 0))
                && zero(&p.procurement.projects)
                && p.procurement
                    .amount
                    .as_ref()
                    .is_none_or(|a| a.value.is_zero())
        }
    };
    let a = &r.applications;
    let applications = a.received.is_zero()
        && rows_zero(&a.results.iter().collect::<Vec<_>>())
        && a.stated_total.as_ref().is_none_or(|t| t.is_zero());
    let cases = rows_zero(&[&r.review, &r.litigation_direct, &r.litigation_after_review]);
    if proactive && applications && cases {
        out.push(
            out.at(
                Rule::U002,
                Span::new(0, 3),
                "主动公开、依申请公开、行政复议和行政诉讼各表的本年数字全部为 0，看起来还没有填写",
            )
            .help("核对前置数据中各表的数字；确实全年都为零的，可以保留"),
        );
    }
}
