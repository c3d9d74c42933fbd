//! The writer: an imported report as a report file, in the contract's key order, every row with
//! its official label as a comment and every null with the reason and where it came from.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::document::Pos;
use super::narrative::Narrative;
use super::place::{Key, Num, Placed, Placement, Slot};
use crate::model::Format;
use crate::model::labels::{
    self as lb, APPLICANT_COLUMNS, CASE_COLUMNS, IMPORT_PROACTIVE_ROWS, PARTS, RESULT_ROWS,
};

/// What goes above the tables.
#[derive(Clone, Debug, Default)]
pub struct Header {
    pub year: i32,
    pub format: Format,
    pub published: Option<NaiveDate>,
    pub title: Option<String>,
    pub index_no: Option<String>,
    pub signed_by: Option<String>,
    /// Lines of provenance written as comments at the top.
    pub provenance: Vec<String>,
}

/// Where a cell or row was read, as the comments and the run's report say it.
pub fn pos_text(pos: &Pos) -> String {
    let mut s = String::new();
    if pos.page > 0 {
        let _ = write!(s, "第 {} 页", pos.page);
    }
    if let Some(c) = pos.cell {
        let _ = write!(
            s,
            "{}第 {} 个表格第 {} 行第 {} 列",
            if s.is_empty() { "" } else { "，" },
            c.table + 1,
            c.row + 1,
            c.col + 1
        );
        if pos.line > 0 {
            let _ = write!(s, "（源文件第 {} 行）", pos.line);
        }
    } else if pos.line > 0 {
        let _ = write!(
            s,
            "{}第 {} 行",
            if s.is_empty() { "" } else { "，" },
            pos.line
        );
    }
    if s.is_empty() {
        s.push_str("原文中无此行");
    }
    s
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn num(v: &Option<Num>) -> String {
    match v {
        None => "null".to_string(),
        Some(Num::Int(n)) => n.to_string(),
        // Quoted when a trailing zero would otherwise look like a float to a reader.
        Some(Num::Money(m)) if m.contains('.') && m.ends_with('0') => format!("\"{m}\""),
        Some(Num::Money(m)) => m.clone(),
    }
}

/// A null's comment: why, and where.
fn why(out: &mut String, indent: &str, p: &Placed) {
    if let Some(reason) = &p.reason {
        let at = if p.found {
            pos_text(&p.label_pos)
        } else {
            "原文中无此行".to_string()
        };
        let _ = writeln!(out, "{indent}# 原文无法确定：{reason}（{at}）");
    } else if p.cells.len() > 1
        && p.cells.iter().rev().skip(1).all(|c| c.value.is_none())
        && p.cells.last().is_some_and(|c| c.value.is_some())
    {
        let _ = writeln!(
            out,
            "{indent}# 原表该行只填了总计栏，分栏空白（{}）",
            pos_text(&p.label_pos)
        );
    } else if p.cells.iter().any(|c| c.value.is_none()) && p.cells.iter().any(|c| c.value.is_some())
    {
        let _ = writeln!(
            out,
            "{indent}# 原表空白的栏记为 null（{}）",
            pos_text(&p.label_pos)
        );
    } else if p.cells.iter().all(|c| c.value.is_none()) {
        let _ = writeln!(
            out,
            "{indent}# 原表该行全部空白（{}）",
            pos_text(&p.label_pos)
        );
    }
}

/// An N-cell row with its 总计 slot: `[a, b, …]`, `[…, total]`, or a bare total when only the
/// total was filled in.
fn row_value(cells: &[Slot]) -> String {
    let Some((total, parts)) = cells.split_last() else {
        return "[]".into();
    };
    if parts.iter().all(|c| c.value.is_none()) && total.value.is_some() {
        return num(&total.value);
    }
    let mut items: Vec<String> = parts.iter().map(|c| num(&c.value)).collect();
    if total.value.is_some() {
        items.push(num(&total.value));
    }
    format!("[{}]", items.join(", "))
}

fn find(pl: &Placement, key: Key) -> Option<&Placed> {
    pl.row(key)
}

fn pro_index(key: &str) -> usize {
    IMPORT_PROACTIVE_ROWS
        .iter()
        .position(|r| r.0 == key)
        .unwrap_or_default()
}

fn cell(p: Option<&Placed>, i: usize) -> String {
    num(&p.and_then(|p| p.cells.get(i)).and_then(|c| c.value.clone()))
}

/// The whole report file.
pub fn report_text(h: &Header, pl: &Placement, nar: &Narrative) -> String {
    let mut s = String::with_capacity(8192);
    s.push_str("---\n");
    for line in &h.provenance {
        let _ = writeln!(s, "# {line}");
    }
    let _ = writeln!(s, "year: {}", h.year);
    let _ = writeln!(s, "format: {}", h.format.number());
    match h.published {
        Some(d) => {
            let _ = writeln!(s, "published: {d}");
        }
        None => s.push_str("# published: 原文没有注明发布日期，未填写\n"),
    }
    if let Some(t) = &h.title {
        let _ = writeln!(s, "title: {}", yaml_str(t));
    }
    if let Some(i) = &h.index_no {
        let _ = writeln!(s, "index_no: {}", yaml_str(i));
    }
    if let Some(b) = &h.signed_by {
        let _ = writeln!(s, "signed_by: {}", yaml_str(b));
    }
    s.push_str("origin: imported\n");

    let _ = writeln!(s, "proactive:   # 二、{}", PARTS[1].1.simp);
    let pro = |key: &str| find(pl, Key::Pro(pro_index(key)));
    match h.format {
        Format::F2021 => {
            for (key, label) in [
                ("regulations", lb::REGULATIONS),
                ("normative_documents", lb::NORMATIVE_2021),
            ] {
                let p = pro(key);
                if let Some(p) = p {
                    why(&mut s, "  ", p);
                }
                let _ = writeln!(
                    s,
                    "  {key}: {{issued: {}, repealed: {}, in_force: {}}}   # {}（{}, {}, {}）",
                    cell(p, 0),
                    cell(p, 1),
                    cell(p, 2),
                    label.simp,
                    lb::ISSUED.simp,
                    lb::REPEALED.simp,
                    lb::IN_FORCE.simp
                );
            }
            for (key, label, col) in [
                ("licensing", lb::LICENSING, lb::DECISIONS_2021),
                ("punishment", lb::PUNISHMENT, lb::DECISIONS_2021),
                ("coercion", lb::COERCION, lb::DECISIONS_2021),
                ("fees", lb::FEES, lb::FEE_AMOUNT_2021),
            ] {
                let p = pro(key);
                if let Some(p) = p {
                    why(&mut s, "  ", p);
                }
                let _ = writeln!(
                    s,
                    "  {key}: {}   # {}：{}",
                    cell(p, 0),
                    label.simp,
                    col.simp
                );
            }
        }
        Format::F2019 => {
            for (key, label) in [
                ("regulations", lb::REGULATIONS),
                ("normative_documents", lb::NORMATIVE_2019),
            ] {
                let p = pro(key);
                if let Some(p) = p {
                    why(&mut s, "  ", p);
                }
                let _ = writeln!(
                    s,
                    "  {key}: {{made: {}, published: {}, total: {}}}   # {}（{}, {}, {}）",
                    cell(p, 0),
                    cell(p, 1),
                    cell(p, 2),
                    label.simp,
                    lb::MADE.simp,
                    lb::PUBLISHED.simp,
                    lb::TOTAL_PUBLISHED.simp
                );
            }
            for (key, label) in [
                ("licensing", lb::LICENSING),
                ("other_services", lb::OTHER_SERVICES),
                ("punishment", lb::PUNISHMENT),
                ("coercion", lb::COERCION),
            ] {
                let p = pro(key);
                if let Some(p) = p {
                    why(&mut s, "  ", p);
                }
                let _ = writeln!(
                    s,
                    "  {key}: {{previous: {}, change: {}, decisions: {}}}   # {}（{}, {}, {}）",
                    cell(p, 0),
                    cell(p, 1),
                    cell(p, 2),
                    label.simp,
                    lb::PREVIOUS.simp,
                    lb::CHANGE.simp,
                    lb::DECISIONS_2019.simp
                );
            }
            let p = pro("fees");
            if let Some(p) = p {
                why(&mut s, "  ", p);
            }
            let _ = writeln!(
                s,
                "  fees: {{previous: {}, change: {}}}   # {}（{}, {}）",
                cell(p, 0),
                cell(p, 1),
                lb::FEES.simp,
                lb::PREVIOUS.simp,
                lb::CHANGE.simp
            );
            let p = pro("procurement");
            if let Some(p) = p {
                why(&mut s, "  ", p);
            }
            let unit = p
                .and_then(|p| p.unit.as_deref())
                .map(|u| format!(", unit: {u}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  procurement: {{projects: {}, amount: {}{unit}}}   # {}（{}, {}）",
                cell(p, 0),
                cell(p, 1),
                lb::PROCUREMENT.simp,
                lb::PROJECTS.simp,
                lb::PROCUREMENT_AMOUNT.simp
            );
        }
    }

    let columns: Vec<&str> = APPLICANT_COLUMNS.iter().map(|c| c.simp).collect();
    let _ = writeln!(
        s,
        "applications:   # 三、{}；每行：{}[, 总计]",
        PARTS[2].1.simp,
        columns.join(", ")
    );
    let app = |s: &mut String, indent: &str, yaml_key: &str, key: Key, label: &str| {
        let Some(p) = find(pl, key) else { return };
        why(s, indent, p);
        let _ = writeln!(s, "{indent}{yaml_key}: {}   # {label}", row_value(&p.cells));
    };
    app(&mut s, "  ", "received", Key::Received, lb::RECEIVED.simp);
    app(
        &mut s,
        "  ",
        "carried_over",
        Key::CarriedOver,
        lb::CARRIED_OVER.simp,
    );
    crate::scaffold::write_results(&mut s, h.format, |s, indent, i| {
        if let Some(d) = RESULT_ROWS.get(i) {
            app(s, indent, d.key, Key::Result(i), d.label.simp);
        }
    });
    app(
        &mut s,
        "    ",
        "total",
        Key::ResultsTotal,
        lb::RESULTS_TOTAL.simp,
    );
    app(
        &mut s,
        "  ",
        "carried_forward",
        Key::CarriedForward,
        lb::CARRIED_FORWARD.simp,
    );

    let cases: Vec<&str> = CASE_COLUMNS.iter().map(|c| c.simp).collect();
    let cases = cases.join(", ");
    let case_row = find(pl, Key::Cases);
    let part = |i: usize| -> Vec<Slot> {
        case_row.map_or_else(
            || vec![Slot::default(); 5],
            |p| p.cells.iter().skip(i * 5).take(5).cloned().collect(),
        )
    };
    if let Some(p) = case_row {
        why(&mut s, "", p);
    }
    let _ = writeln!(
        s,
        "review: {}   # 四、{}：{cases}[, 总计]",
        row_value(&part(0)),
        lb::REVIEW.simp
    );
    s.push_str("litigation:\n");
    let _ = writeln!(
        s,
        "  direct: {}   # {}·{}",
        row_value(&part(1)),
        lb::LITIGATION.simp,
        lb::LITIGATION_DIRECT.simp
    );
    let _ = writeln!(
        s,
        "  after_review: {}   # {}·{}",
        row_value(&part(2)),
        lb::LITIGATION.simp,
        lb::LITIGATION_AFTER_REVIEW.simp
    );
    s.push_str("---\n\n");

    for p in &nar.preface {
        let _ = writeln!(s, "{p}\n");
    }
    for (i, (numeral, label)) in PARTS.iter().enumerate() {
        match &nar.parts[i] {
            Some((heading, paras)) => {
                let _ = writeln!(s, "## {heading}\n");
                for p in paras {
                    let _ = writeln!(s, "{p}\n");
                }
            }
            None => {
                let _ = writeln!(
                    s,
                    "## {numeral}、{}\n\n<!-- 原文没有这一部分 -->\n",
                    label.simp
                );
            }
        }
    }
    s
}
