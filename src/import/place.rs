//! The placer: from a [`Document`] (from any reader) find the three official tables and put
//! every figure in its official row and column, or leave it blank with the reason.
//!
//! Tables are read as a token stream, whatever the layout: table grids give their cells row by
//! row; lines of text are cut into cells by tabs, `|` or runs of spaces, or are cells
//! themselves (one cell per line). A row starts at a token naming an official row (matched by
//! key words after [`norm`]) and takes the values that follow. A row is placed only when its
//! cells can be assigned to columns with certainty; otherwise every cell of it stays null and
//! the reason quotes what the source holds.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;

use super::document::{Block, Document, Pos};
use super::norm::{has_any, norm};
use crate::model::Format;
use crate::model::labels::{
    self as lb, IMPORT_CARRIED_FORWARD, IMPORT_CARRIED_OVER, IMPORT_CASE_HEADERS, IMPORT_GROUPS,
    IMPORT_MARKS_2019, IMPORT_MARKS_2021, IMPORT_PROACTIVE_ROWS, IMPORT_RECEIVED,
    IMPORT_RESULT_KEYWORDS, IMPORT_RESULTS_TOTAL, RESULT_ROWS,
};

/// An official row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// Index into [`IMPORT_PROACTIVE_ROWS`].
    Pro(usize),
    Received,
    CarriedOver,
    /// Index into [`RESULT_ROWS`].
    Result(usize),
    ResultsTotal,
    CarriedForward,
    /// The one data row of 四: 行政复议 (5), 未经复议直接起诉 (5), 复议后起诉 (5).
    Cases,
}

impl Key {
    /// The official name of the row, as the run's report and comments print it.
    pub fn name(self) -> String {
        match self {
            Key::Pro(i) => pro_label(i).to_string(),
            Key::Received => lb::RECEIVED.simp.to_string(),
            Key::CarriedOver => lb::CARRIED_OVER.simp.to_string(),
            Key::Result(i) => lb::result_row_name(i, lb::Script::Simplified),
            Key::ResultsTotal => format!("{}{}", lb::RESULTS.simp, lb::RESULTS_TOTAL.simp),
            Key::CarriedForward => lb::CARRIED_FORWARD.simp.to_string(),
            Key::Cases => "四、行政复议和行政诉讼".to_string(),
        }
    }

    fn table(self) -> usize {
        match self {
            Key::Pro(_) => 0,
            Key::Cases => 2,
            _ => 1,
        }
    }
}

pub fn pro_key(i: usize) -> &'static str {
    IMPORT_PROACTIVE_ROWS.get(i).map_or("", |r| r.0)
}

fn pro_label(i: usize) -> &'static str {
    match pro_key(i) {
        "regulations" => lb::REGULATIONS.simp,
        "normative_documents" => lb::NORMATIVE_2021.simp,
        "licensing" => lb::LICENSING.simp,
        "other_services" => lb::OTHER_SERVICES.simp,
        "punishment" => lb::PUNISHMENT.simp,
        "coercion" => lb::COERCION.simp,
        "fees" => lb::FEES.simp,
        _ => lb::PROCUREMENT.simp,
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Count,
    /// 2019 本年增/减: may be negative.
    Change,
    Money,
}

/// The columns of a row in a format, or `None` when the row is not part of that format.
pub fn columns(key: Key, format: Format) -> Option<Vec<Col>> {
    use Col::*;
    Some(match key {
        Key::Pro(i) => match (pro_key(i), format) {
            ("regulations" | "normative_documents", _) => vec![Count; 3],
            ("licensing" | "punishment" | "coercion", Format::F2021) => vec![Count],
            ("fees", Format::F2021) => vec![Money],
            ("licensing" | "punishment" | "coercion" | "other_services", Format::F2019) => {
                vec![Count, Change, Count]
            }
            ("fees", Format::F2019) => vec![Count, Change],
            ("procurement", Format::F2019) => vec![Count, Money],
            _ => return None,
        },
        Key::Result(i) => {
            if !RESULT_ROWS.get(i)?.in_format(format) {
                return None;
            }
            vec![Count; 7]
        }
        Key::Cases => vec![Count; 15],
        _ => vec![Count; 7],
    })
}

/// A figure as the source wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Num {
    Int(i64),
    /// An amount, exactly as written (digits and point).
    Money(String),
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(n) => write!(f, "{n}"),
            Num::Money(m) => f.write_str(m),
        }
    }
}

/// One cell of an official row: its figure (None: blank or unknown) and where it came from.
#[derive(Clone, Debug, Default)]
pub struct Slot {
    pub value: Option<Num>,
    pub pos: Pos,
}

/// One official row as placed.
#[derive(Clone, Debug)]
pub struct Placed {
    pub key: Key,
    /// Where the row's label was read (default when the row was not found).
    pub label_pos: Pos,
    pub found: bool,
    pub cells: Vec<Slot>,
    /// Why the row's cells are all null although the source may hold figures.
    pub reason: Option<String>,
    /// 2019 政府集中采购: the unit written beside the amount (元 or 万元).
    pub unit: Option<String>,
}

impl Placed {
    pub fn placed(&self) -> usize {
        self.cells.iter().filter(|c| c.value.is_some()).count()
    }
}

/// Everything the placer found in one document.
#[derive(Clone, Debug)]
pub struct Placement {
    pub format: Format,
    /// How the format was decided, for the run's report.
    pub format_basis: String,
    pub rows: Vec<Placed>,
    /// Labels matched loosely (an OCR misreading), and other things a reviewer should know.
    pub notes: Vec<String>,
    /// Indexes (into the flattened lines) of the lines that belong to tables.
    pub table_lines: Vec<bool>,
    /// Whether any official row was found at all.
    pub any_table: bool,
}

impl Placement {
    pub fn row(&self, key: Key) -> Option<&Placed> {
        self.rows.iter().find(|r| r.key == key)
    }
}

/// One line of the document: a paragraph, or a row of a table grid.
#[derive(Clone, Debug)]
pub struct Line {
    pub text: String,
    /// [`norm`] of `text`, computed once.
    pub norm: String,
    pub pos: Pos,
    /// A table grid's row: its cells (spanned copies left out).
    pub cells: Option<Vec<(String, Pos)>>,
    pub bold_lead: Option<usize>,
    pub heading: Option<u8>,
}

/// The document in reading order, one entry per paragraph or table row; an empty line closes
/// every table.
pub fn lines(doc: &Document) -> Vec<Line> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) => out.push(Line {
                norm: norm(&p.text),
                text: p.text.clone(),
                pos: p.pos,
                cells: None,
                bold_lead: p.bold_lead,
                heading: p.heading,
            }),
            Block::Table(t) => {
                // A table used for page layout holds the article itself: its text is read as
                // paragraphs, not as a grid.
                let prose = t
                    .rows
                    .iter()
                    .flatten()
                    .any(|c| c.text.chars().count() > 80 && c.text.contains('。'));
                if prose {
                    for (r, row) in t.rows.iter().enumerate() {
                        for (c, cell) in row.iter().enumerate() {
                            if cell.is_spanned(r, c) {
                                continue;
                            }
                            for (k, part) in cell.text.split('\n').enumerate() {
                                out.push(Line {
                                    norm: norm(part),
                                    text: part.to_string(),
                                    pos: Pos {
                                        line: cell.pos.line + k,
                                        ..cell.pos
                                    },
                                    cells: None,
                                    bold_lead: None,
                                    heading: None,
                                });
                            }
                        }
                    }
                    continue;
                }
                for (r, row) in t.rows.iter().enumerate() {
                    let cells: Vec<(String, Pos)> = row
                        .iter()
                        .enumerate()
                        .filter(|(c, cell)| !cell.is_spanned(r, *c))
                        .map(|(_, cell)| (cell.text.clone(), cell.pos))
                        .collect();
                    let text = cells
                        .iter()
                        .map(|c| c.0.as_str())
                        .collect::<Vec<_>>()
                        .join("\t");
                    let pos = row.first().map_or(t.pos, |c| c.pos);
                    out.push(Line {
                        norm: norm(&text),
                        text,
                        pos,
                        cells: Some(cells),
                        bold_lead: None,
                        heading: None,
                    });
                }
                out.push(Line {
                    norm: String::new(),
                    text: String::new(),
                    pos: t.pos,
                    cells: None,
                    bold_lead: None,
                    heading: None,
                });
            }
        }
    }
    out
}

/// Words that only table headers hold.
const TABLE_WORDS: &[&str] = &[
    "第二十条",
    "信息内容",
    "勾稽关系",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "本年新",
    "件数",
    "数量",
];

static SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \u{a0}\u{3000}\u{c}\r]{2,}").expect("valid regex"));

/// A token of a table.
#[derive(Clone, Debug)]
enum Tok {
    Blank(Pos),
    Value { raw: String, pos: Pos },
    Word { norm: String, pos: Pos },
    Break,
}

/// A cell's text as a figure: digits with an optional sign, point, thousands commas and unit.
fn as_value(n: &str) -> Option<String> {
    let t = n
        .trim_end_matches(['件', '个', '项', '条', '次'])
        .trim_end_matches("万元")
        .trim_end_matches('元');
    let t = t.strip_prefix('+').unwrap_or(t);
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() {
        return None;
    }
    let plain = digits.replace(',', "");
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(plain.contains('.') && frac.is_empty());
    // Thousands commas only in their places.
    let commas_ok = !digits.contains(',')
        || digits
            .split('.')
            .next()
            .unwrap_or("")
            .split(',')
            .enumerate()
            .all(|(i, g)| {
                if i == 0 {
                    (1..=3).contains(&g.len())
                } else {
                    g.len() == 3
                }
            });
    (ok && commas_ok).then(|| n.to_string())
}

fn is_blank(n: &str) -> bool {
    n.is_empty() || matches!(n, "-" | "--" | "/" | "\\" | "无" | "---")
}

/// A line's cells: tabs, `|`, or runs of two or more spaces separate them.
fn split_fields(text: &str) -> Vec<(String, usize)> {
    let mut fields: Vec<(String, usize)> = Vec::new();
    if text.contains('\t') {
        let only_tabs = text.chars().all(|c| c == '\t' || c == '\r');
        if only_tabs {
            return (0..text.matches('\t').count())
                .map(|i| (String::new(), i + 1))
                .collect();
        }
        let mut col = 1;
        for f in text.split('\t') {
            fields.push((f.to_string(), col));
            col += f.chars().count() + 1;
        }
        if text.trim_end_matches('\r').ends_with('\t') {
            fields.pop();
        }
    } else if text.contains('|') {
        let mut col = 1;
        let mut parts: Vec<&str> = text.split('|').collect();
        // Text after the last `|` is a cell only when it is not empty.
        if parts.last().is_some_and(|p| p.trim().is_empty()) {
            parts.pop();
        }
        for f in parts {
            fields.push((f.to_string(), col));
            col += f.chars().count() + 1;
        }
    } else {
        // Runs of two or more spaces (any kind) separate columns.
        let mut last = 0usize;
        for m in SPACES.find_iter(text) {
            let f = &text[last..m.start()];
            if !f.trim().is_empty() {
                fields.push((f.to_string(), text[..last].chars().count() + 1));
            }
            last = m.end();
        }
        let f = &text[last..];
        if !f.trim().is_empty() || fields.is_empty() {
            fields.push((f.to_string(), text[..last].chars().count() + 1));
        }
    }
    // Leading empty cells are the remains of row headers spanning rows.
    let first = fields.iter().position(|(f, _)| !norm(f).is_empty());
    match first {
        Some(i) => fields.drain(..i).for_each(drop),
        None => {
            if fields.len() > 1 && !text.contains('\t') && !text.contains('|') {
                fields.truncate(1);
            }
        }
    }
    fields
}

/// Whether a normalised line is a label of the three tables.
fn is_table_label(n: &str) -> bool {
    has_any(n, TABLE_WORDS)
        || IMPORT_PROACTIVE_ROWS.iter().any(|(_, w)| has_any(n, w))
        || IMPORT_RESULT_KEYWORDS.iter().any(|w| has_any(n, w))
        || has_any(n, IMPORT_RECEIVED)
        || has_any(n, IMPORT_CARRIED_OVER)
        || has_any(n, IMPORT_CARRIED_FORWARD)
        || has_any(n, IMPORT_RESULTS_TOTAL)
        || IMPORT_GROUPS.iter().any(|(_, w)| has_any(n, w))
        || has_any(n, IMPORT_MARKS_2019)
        || has_any(n, IMPORT_MARKS_2021)
        || (n.chars().count() <= 10 && IMPORT_CASE_HEADERS.iter().any(|w| n.contains(w)))
}

/// A row label starting a table run (a header alone does not).
fn is_anchor(n: &str) -> bool {
    let n = &n.replace('|', "");
    n.contains("第二十条")
        || IMPORT_RESULT_KEYWORDS.iter().any(|w| has_any(n, w))
        || has_any(n, IMPORT_CARRIED_FORWARD)
        || n.contains("勾稽关系")
        || has_any(n, IMPORT_RECEIVED)
        || n.contains("结果维持")
        || (n.chars().count() <= 12 && n.starts_with("行政复议"))
}

/// Whether line `l` can be part of a table: a grid row, a cell, a label, or a short fragment.
fn tabular(l: &Line) -> Option<bool> {
    if l.cells.is_some() {
        return Some(true);
    }
    let n = l.norm.as_str();
    if n.is_empty() || n.chars().all(|c| c == '|') {
        return None;
    }
    if part_heading(l).is_some() {
        return Some(false);
    }
    let fields = split_fields(&l.text);
    let multi = fields.iter().filter(|(f, _)| !norm(f).is_empty()).count() >= 2;
    let len = n.chars().count();
    // A sentence is narrative even when it names a row (…政府规范性文件及有关规章制度…).
    if !multi && (len > 45 || (len > 20 && n.contains('。'))) {
        return Some(false);
    }
    let short = n.chars().count() <= 8 && !n.ends_with('。');
    if multi || is_table_label(n) || as_value(n).is_some() || is_blank(n) || short {
        return Some(true);
    }
    // A wrapped label's second line (…不计其他情形）) neither starts nor ends a table.
    if len <= 24 && !n.ends_with('。') {
        return None;
    }
    Some(false)
}

/// The key words of each part, normalised once.
static PART_WORDS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    (0..6)
        .map(|part| {
            lb::PART_KEYWORDS
                .iter()
                .find(|(i, _)| *i == part)
                .map_or(&[][..], |(_, w)| *w)
                .iter()
                .map(|w| norm(w))
                .collect()
        })
        .collect()
});

/// The part (0-based) a line heads, if it is one of the six headings: a numeral with 、 and the
/// part's key words, and not a row label of the applications table (一、本年新收…).
pub fn part_heading(l: &Line) -> Option<usize> {
    if l.cells.is_some() {
        return None;
    }
    let n = l.norm.as_str();
    let n = n.trim_start_matches('#');
    if n.chars().count() > 40 || n.is_empty() {
        return None;
    }
    let numerals = ["一", "二", "三", "四", "五", "六"];
    // 一、 一. 第一部分 …; a heading the source marked as one may have no numeral at all.
    let numbered = numerals.iter().position(|x| {
        n.strip_prefix(x)
            .is_some_and(|r| r.starts_with(['、', '.', ',', ':']))
            || n.strip_prefix('第')
                .and_then(|r| r.strip_prefix(x))
                .is_some_and(|r| r.starts_with("部分"))
    });
    let part = match numbered {
        Some(p) => p,
        None if l.heading.is_some() => lb::PART_KEYWORDS.iter().find_map(|(i, _)| {
            PART_WORDS
                .get(*i)
                .is_some_and(|w| w.iter().any(|w| n.contains(w.as_str())))
                .then_some(*i)
        })?,
        None => return None,
    };
    if has_any(n, IMPORT_RECEIVED)
        || has_any(n, IMPORT_CARRIED_OVER)
        || has_any(n, IMPORT_CARRIED_FORWARD)
        || n.contains("办理结果")
    {
        return None;
    }
    let words_n = PART_WORDS.get(part)?;
    if words_n.iter().any(|w| n.contains(w.as_str())) {
        Some(part)
    } else {
        None
    }
}

/// The table runs of the document: maximal runs of table-like lines holding a row label.
pub fn table_runs(lines: &[Line]) -> Vec<(usize, usize)> {
    let kinds: Vec<Option<bool>> = lines.iter().map(tabular).collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] != Some(true) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut anchor = false;
        let mut j = i;
        while j < lines.len() && kinds[j] != Some(false) {
            if kinds[j] == Some(true) {
                end = j + 1;
                let n = lines[j].norm.as_str();
                anchor |= is_anchor(n) || lines[j].cells.is_some() && is_table_label(n);
            }
            j += 1;
        }
        if anchor {
            runs.push((start, end));
        }
        i = j.max(i + 1);
    }
    runs
}

/// Cut the table runs into tokens.
fn tokens(lines: &[Line], runs: &[(usize, usize)]) -> Vec<Tok> {
    let mut out = Vec::new();
    for &(start, end) in runs {
        let span = &lines[start..end];
        let nonblank = span.iter().filter(|l| !is_blank_line(l)).count();
        let blank = span.len() - nonblank;
        let multi = span
            .iter()
            .filter(|l| {
                l.cells.is_none()
                    && split_fields(&l.text)
                        .iter()
                        .filter(|(f, _)| !norm(f).is_empty())
                        .count()
                        >= 2
            })
            .count();
        let row_per_line = multi * 10 >= nonblank.max(1) * 3;
        // One cell per line: blank lines separate rows unless they separate every cell.
        let blank_breaks = !row_per_line && blank * 10 < nonblank * 6;
        for l in span {
            if let Some(cells) = &l.cells {
                for (text, pos) in cells {
                    out.push(token(text, *pos));
                }
                out.push(Tok::Break);
                continue;
            }
            if is_blank_line(l) {
                if blank_breaks || row_per_line {
                    out.push(Tok::Break);
                }
                continue;
            }
            for (f, col) in split_fields(&l.text) {
                let pos = Pos {
                    column: col,
                    ..l.pos
                };
                out.push(token(&f, pos));
            }
            if row_per_line {
                out.push(Tok::Break);
            }
        }
        out.push(Tok::Break);
    }
    out
}

/// An empty line (spaces only): not a cell, at most a row separator. A line holding only a tab
/// is an empty cell.
fn is_blank_line(l: &Line) -> bool {
    l.cells.is_none() && !l.text.contains(['\t', '|']) && l.norm.is_empty()
}

fn token(text: &str, pos: Pos) -> Tok {
    let n = norm(text);
    if is_blank(&n) {
        Tok::Blank(pos)
    } else if as_value(&n).is_some() {
        Tok::Value { raw: n, pos }
    } else {
        Tok::Word { norm: n, pos }
    }
}

/// Decide the format from the column heads and rows, else from the year.
fn detect_format(toks: &[Tok], year: Option<i32>) -> (Format, String) {
    let words: Vec<&str> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Word { norm, .. } => Some(norm.as_str()),
            _ => None,
        })
        .collect();
    // Wrapped heads (本年新 / 制作数量) are joined with their neighbour.
    let joined: String = words.concat();
    let s19 = IMPORT_MARKS_2019
        .iter()
        .filter(|m| joined.contains(*m))
        .count();
    let s21 = IMPORT_MARKS_2021
        .iter()
        .filter(|m| joined.contains(*m))
        .count();
    if s19 > s21 {
        (
            Format::F2019,
            "表格为2019年版格式（有本年新制作数量、上一年项目数量等栏目）".into(),
        )
    } else if s21 > s19 {
        (
            Format::F2021,
            "表格为2021年版格式（有本年制发件数、本年处理决定数量等栏目）".into(),
        )
    } else {
        let f = year.map_or(Format::F2021, Format::for_year);
        (
            f,
            format!("表格栏目不足以判断，按报告年度定为{}年版格式", f.number()),
        )
    }
}

/// Which row a label names, given the format and the group it follows.
fn match_row(n: &str, format: Format, group: &str) -> Option<Key> {
    if has_any(n, IMPORT_RECEIVED) {
        return Some(Key::Received);
    }
    if has_any(n, IMPORT_CARRIED_FORWARD) {
        return Some(Key::CarriedForward);
    }
    if has_any(n, IMPORT_CARRIED_OVER) {
        return Some(Key::CarriedOver);
    }
    if has_any(n, IMPORT_RESULTS_TOTAL) {
        return Some(Key::ResultsTotal);
    }
    for (i, words) in IMPORT_RESULT_KEYWORDS.iter().enumerate() {
        let Some(def) = RESULT_ROWS.get(i) else {
            continue;
        };
        if !def.in_format(format) {
            continue;
        }
        // 3.其他 is a row only under （六）其他处理.
        if def.group == "other" && def.key == "other" {
            if group == "other" && (n.ends_with("3.其他") || n.ends_with("3其他")) {
                return Some(Key::Result(i));
            }
            continue;
        }
        if has_any(n, words) {
            return Some(Key::Result(i));
        }
    }
    for (i, (_, words)) in IMPORT_PROACTIVE_ROWS.iter().enumerate() {
        if has_any(n, words) {
            return Some(Key::Pro(i));
        }
    }
    None
}

/// The official row labels without their numbering, normalised once, for [`match_loose`].
static LOOSE: LazyLock<Vec<(Key, &'static str, String)>> = LazyLock::new(|| {
    let core = |label: &str| -> String {
        norm(label)
            .trim_start_matches(|c: char| c.is_ascii_digit() || "().、一二三四五六七".contains(c))
            .to_string()
    };
    let mut v: Vec<(Key, &'static str, String)> = Vec::new();
    for (i, d) in RESULT_ROWS.iter().enumerate() {
        v.push((Key::Result(i), d.label.simp, core(d.label.simp)));
    }
    for (i, _) in IMPORT_PROACTIVE_ROWS.iter().enumerate() {
        v.push((Key::Pro(i), pro_label(i), core(pro_label(i))));
    }
    v.push((Key::Received, lb::RECEIVED.simp, core(lb::RECEIVED.simp)));
    v.push((
        Key::CarriedOver,
        lb::CARRIED_OVER.simp,
        core(lb::CARRIED_OVER.simp),
    ));
    v.push((
        Key::CarriedForward,
        lb::CARRIED_FORWARD.simp,
        core(lb::CARRIED_FORWARD.simp),
    ));
    v
});

/// A label misread by OCR: one character off from an official row label of four or more.
fn match_loose(n: &str, format: Format) -> Option<(Key, &'static str)> {
    let core: &str =
        n.trim_start_matches(|c: char| c.is_ascii_digit() || "().、一二三四五六七".contains(c));
    let len = core.chars().count();
    if !(4..=40).contains(&len) {
        return None;
    }
    let mut best: Vec<(usize, Key, &'static str)> = LOOSE
        .iter()
        .filter(|(k, _, _)| match k {
            Key::Result(i) => RESULT_ROWS.get(*i).is_some_and(|d| d.in_format(format)),
            _ => true,
        })
        // Lengths that differ by more than one cannot be one edit apart.
        .filter(|(_, _, l)| l.chars().count().abs_diff(len) <= 1)
        .map(|(k, label, l)| (strsim::levenshtein(core, l), *k, *label))
        .collect();
    best.sort_by_key(|b| b.0);
    match best.as_slice() {
        [(1, k, l), rest @ ..] if rest.first().is_none_or(|r| r.0 > 1) => Some((*k, l)),
        _ => None,
    }
}

fn match_group(n: &str) -> Option<&'static str> {
    IMPORT_GROUPS
        .iter()
        .find(|(_, w)| has_any(n, w))
        .map(|(g, _)| *g)
}

fn is_case_header(n: &str) -> bool {
    !n.is_empty() && n.chars().count() <= 12 && IMPORT_CASE_HEADERS.iter().any(|w| n.contains(w))
}

/// A row as read: its label's position and the cells after it.
#[derive(Clone, Debug)]
struct RawRow {
    key: Key,
    label_pos: Pos,
    cells: Vec<Tok>,
}

/// Walk the tokens into raw rows.
fn walk(toks: &[Tok], format: Format, notes: &mut Vec<String>) -> Vec<RawRow> {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut current: Option<RawRow> = None;
    let mut group: &str = "";
    let mut cases: Option<RawRow> = None;
    let finish = |current: &mut Option<RawRow>, rows: &mut Vec<RawRow>| {
        if let Some(r) = current.take() {
            rows.push(r);
        }
    };
    // A label alone on its line, just after a row break.
    let mut waiting = false;
    for t in toks {
        // A label alone on its line takes the figures of the next line only when that line
        // goes on with the label's words (a wrapped label); a line of bare figures after it
        // (a page number) is not its row.
        if waiting && matches!(t, Tok::Value { .. } | Tok::Blank(_)) {
            finish(&mut current, &mut rows);
        }
        if !matches!(t, Tok::Break) {
            waiting = false;
        }
        match t {
            Tok::Break => {
                if current.as_ref().is_some_and(|r| !r.cells.is_empty()) {
                    finish(&mut current, &mut rows);
                } else if current.is_some() {
                    waiting = true;
                }
            }
            Tok::Word { norm: n, pos } => {
                // A label with its figures run into it: 规范性文件898989.
                let (label, run) = split_trailing_digits(n);
                let key = match_row(label, format, group).or_else(|| {
                    if match_group(n).is_some() {
                        return None;
                    }
                    match_loose(label, format).map(|(k, official)| {
                        notes.push(format!(
                            "第 {} 行的“{label}”按近似的“{official}”识别（疑为识别错字）",
                            pos.line
                        ));
                        k
                    })
                });
                if let Some(key) = key {
                    if let Some(c) = cases.take() {
                        rows.push(c);
                    }
                    finish(&mut current, &mut rows);
                    if let Some(g) = match_group(label).filter(|g| !g.is_empty()) {
                        group = g;
                    }
                    let mut row = RawRow {
                        key,
                        label_pos: *pos,
                        cells: Vec::new(),
                    };
                    if let Some(run) = run {
                        row.cells.push(Tok::Value {
                            raw: run.to_string(),
                            pos: *pos,
                        });
                    }
                    current = Some(row);
                    continue;
                }
                if let Some(g) = match_group(n) {
                    finish(&mut current, &mut rows);
                    group = g;
                    continue;
                }
                let opens = n.contains("行政复议") || n.contains("结果维持");
                if is_case_header(n) && (cases.is_some() || opens) {
                    finish(&mut current, &mut rows);
                    let has_figures = cases
                        .as_ref()
                        .is_some_and(|c| c.cells.iter().any(|t| matches!(t, Tok::Value { .. })));
                    if has_figures {
                        // The table is complete; a header word after it (总计 of the
                        // applications table that follows) does not reopen it.
                        if let Some(c) = cases.take() {
                            rows.push(c);
                        }
                        if !opens {
                            continue;
                        }
                    }
                    // Header words come before the figures: anything before them is layout.
                    cases = Some(RawRow {
                        key: Key::Cases,
                        label_pos: cases.as_ref().map_or(*pos, |c| c.label_pos),
                        cells: Vec::new(),
                    });
                    continue;
                }
                // Any other word ends a row that has its figures.
                if current.as_ref().is_some_and(|r| !r.cells.is_empty()) {
                    finish(&mut current, &mut rows);
                }
            }
            Tok::Blank(_) | Tok::Value { .. } => {
                if let Some(r) = current.as_mut() {
                    r.cells.push(t.clone());
                } else if let Some(c) = cases.as_mut() {
                    c.cells.push(t.clone());
                }
            }
        }
    }
    finish(&mut current, &mut rows);
    if let Some(c) = cases.take() {
        rows.push(c);
    }
    rows
}

fn split_trailing_digits(n: &str) -> (&str, Option<&str>) {
    let cut = n.trim_end_matches(|c: char| c.is_ascii_digit());
    if cut.len() == n.len() || cut.is_empty() || cut.ends_with(['.', ',', '-']) {
        return (n, None);
    }
    // Labels that end in a numbering character are not followed by a figure: 第（一）项.
    (cut, Some(&n[cut.len()..]))
}

/// Every way to cut a digit run into `k` numbers written without leading zeros.
fn splits(run: &str, k: usize, limit: usize) -> Option<Vec<Vec<u64>>> {
    fn go(rest: &str, k: usize, acc: &mut Vec<u64>, out: &mut Vec<Vec<u64>>, limit: usize) -> bool {
        if out.len() > limit {
            return false;
        }
        if k == 0 {
            if rest.is_empty() {
                out.push(acc.clone());
            }
            return true;
        }
        // Every part has 1 to 12 digits.
        if rest.len() < k || rest.len() > 12 * k {
            return true;
        }
        let max = (rest.len() - (k - 1)).min(12);
        for len in 1..=max {
            let part = &rest[..len];
            if len > 1 && part.starts_with('0') {
                break;
            }
            let Ok(v) = part.parse::<u64>() else { break };
            acc.push(v);
            let ok = go(&rest[len..], k - 1, acc, out, limit);
            acc.pop();
            if !ok {
                return false;
            }
        }
        true
    }
    let mut out = Vec::new();
    go(run, k, &mut Vec::new(), &mut out, limit).then_some(out)
}

/// The row's own arithmetic: six cells and their 总计; four cells and theirs.
fn consistent(key: Key, v: &[u64]) -> bool {
    match key {
        Key::Received
        | Key::CarriedOver
        | Key::Result(_)
        | Key::ResultsTotal
        | Key::CarriedForward => v.len() == 7 && v[..6].iter().sum::<u64>() == v[6],
        Key::Cases => v.len() == 15 && v.chunks(5).all(|c| c[..4].iter().sum::<u64>() == c[4]),
        Key::Pro(_) => true,
    }
}

fn describe(cells: &[Tok]) -> String {
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            s.push('、');
        }
        match c {
            Tok::Value { raw, .. } => s.push_str(raw),
            _ => s.push_str("空白"),
        }
    }
    s
}

/// Parse a cell for its column, or say why not.
fn parse_cell(raw: &str, col: Col) -> Result<(Num, Option<String>), String> {
    let unit = if raw.ends_with("万元") {
        Some("万元".to_string())
    } else if raw.ends_with('元') {
        Some("元".to_string())
    } else {
        None
    };
    let t = raw
        .trim_end_matches(['件', '个', '项', '条', '次'])
        .trim_end_matches("万元")
        .trim_end_matches('元')
        .replace(',', "");
    let t = t.strip_prefix('+').unwrap_or(&t).to_string();
    match col {
        Col::Money => {
            if t.starts_with('-') {
                return Err(format!("金额“{raw}”为负数"));
            }
            let (_, frac) = t.split_once('.').unwrap_or((&t, ""));
            if frac.len() > 6 {
                return Err(format!("金额“{raw}”超过 6 位小数"));
            }
            Ok((Num::Money(t), unit))
        }
        Col::Count | Col::Change => {
            if t.contains('.') {
                return Err(format!("“{raw}”不是整数"));
            }
            let v: i64 = t.parse().map_err(|_| format!("“{raw}”不是可读的数"))?;
            if v < 0 && col == Col::Count {
                return Err(format!("“{raw}”为负数"));
            }
            Ok((Num::Int(v), None))
        }
    }
}

fn tok_pos(t: &Tok) -> Pos {
    match t {
        Tok::Blank(p) | Tok::Value { pos: p, .. } | Tok::Word { pos: p, .. } => *p,
        Tok::Break => Pos::default(),
    }
}

/// Assign a raw row's cells to the columns, or leave them all null with the reason.
fn place_row(raw: &RawRow, cols: &[Col], regular: bool) -> Placed {
    let s = cols.len();
    let mut placed = Placed {
        key: raw.key,
        label_pos: raw.label_pos,
        found: true,
        cells: vec![Slot::default(); s],
        reason: None,
        unit: None,
    };
    let values: Vec<&Tok> = raw
        .cells
        .iter()
        .filter(|t| matches!(t, Tok::Value { .. }))
        .collect();
    // Which source cell goes to which column.
    let assignment: Result<Vec<Option<&Tok>>, String> = if values.len() == s {
        Ok(values.iter().map(|t| Some(*t)).collect())
    } else if raw.cells.len() == s && regular {
        Ok(raw
            .cells
            .iter()
            .map(|t| matches!(t, Tok::Value { .. }).then_some(t))
            .collect())
    } else if values.len() == 1
        && s > 1
        && cols.iter().all(|c| *c == Col::Count)
        && let Some(Tok::Value { raw: run, pos }) = values.first()
        && run.len() >= s
        && run.bytes().all(|b| b.is_ascii_digit())
    {
        match splits(run, s, 20_000) {
            None => Err(format!("数字串“{run}”可拆分的方式太多，无法确定各栏的数")),
            Some(all) => {
                let ok: Vec<Vec<u64>> =
                    all.into_iter().filter(|v| consistent(raw.key, v)).collect();
                match ok.as_slice() {
                    [one] => {
                        for (slot, v) in placed.cells.iter_mut().zip(one) {
                            slot.value = Some(Num::Int(*v as i64));
                            slot.pos = *pos;
                        }
                        return placed;
                    }
                    [] => Err(format!(
                        "数字串“{run}”连在一起，没有一种拆分能满足本行的合计关系"
                    )),
                    many => Err(format!(
                        "数字串“{run}”连在一起，有 {} 种拆分都说得通（如 {}），无法确定",
                        many.len(),
                        many.iter()
                            .take(2)
                            .map(|v| v.iter().map(u64::to_string).collect::<Vec<_>>().join("|"))
                            .collect::<Vec<_>>()
                            .join("；")
                    )),
                }
            }
        }
    } else if raw.cells.is_empty() {
        Err("原文该行没有任何数字".to_string())
    } else if raw.cells.len() == s {
        Err(format!(
            "本表各行的单元格数不一致（转存时丢失或多出了空白单元格），该行（{}）只有 {} 个数，无法确定各数所在的栏",
            describe(&raw.cells),
            values.len()
        ))
    } else {
        Err(format!(
            "原文该行有 {} 个单元格（{}），应有 {s} 栏，缺少或多出单元格，无法确定各数所在的栏",
            raw.cells.len(),
            describe(&raw.cells)
        ))
    };
    match assignment {
        Ok(cells) => {
            let mut errors = Vec::new();
            for ((slot, tok), col) in placed.cells.iter_mut().zip(&cells).zip(cols) {
                if let Some(t) = tok {
                    slot.pos = tok_pos(t);
                    if let Tok::Value { raw, .. } = t {
                        match parse_cell(raw, *col) {
                            Ok((v, unit)) => {
                                slot.value = Some(v);
                                if unit.is_some() && *col == Col::Money {
                                    placed.unit = unit;
                                }
                            }
                            Err(e) => errors.push(e),
                        }
                    }
                }
            }
            // Blank cells keep their own positions when the layout gave them.
            if raw.cells.len() == s {
                for (slot, t) in placed.cells.iter_mut().zip(&raw.cells) {
                    if slot.value.is_none() {
                        slot.pos = tok_pos(t);
                    }
                }
            }
            if !errors.is_empty() {
                for slot in &mut placed.cells {
                    slot.value = None;
                }
                placed.reason = Some(errors.join("；"));
            }
        }
        Err(reason) => {
            for slot in &mut placed.cells {
                slot.pos = raw.label_pos;
            }
            placed.reason = Some(reason);
        }
    }
    placed
}

/// Every official row of the format, in official order.
pub fn official_keys(format: Format) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    let pro_order = match format {
        Format::F2021 => lb::PROACTIVE_KEYS_2021,
        Format::F2019 => lb::PROACTIVE_KEYS_2019,
    };
    for k in pro_order {
        if let Some(i) = IMPORT_PROACTIVE_ROWS.iter().position(|r| r.0 == *k) {
            keys.push(Key::Pro(i));
        }
    }
    keys.push(Key::Received);
    keys.push(Key::CarriedOver);
    for (i, d) in RESULT_ROWS.iter().enumerate() {
        if d.in_format(format) {
            keys.push(Key::Result(i));
        }
    }
    keys.push(Key::ResultsTotal);
    keys.push(Key::CarriedForward);
    keys.push(Key::Cases);
    keys
}

/// Place the figures of `lines` (from [`lines`]). `year` decides the format only when the
/// tables do not.
pub fn place(lines: &[Line], year: Option<i32>, force_format: Option<Format>) -> Placement {
    let runs = table_runs(lines);
    let mut table_lines = vec![false; lines.len()];
    for &(s, e) in &runs {
        for t in table_lines.iter_mut().take(e).skip(s) {
            *t = true;
        }
    }
    let toks = tokens(lines, &runs);
    let (format, format_basis) = match force_format {
        Some(f) => (f, "按指定格式".to_string()),
        None => detect_format(&toks, year),
    };
    let mut notes = Vec::new();
    let raw = walk(&toks, format, &mut notes);
    let any_table = !raw.is_empty();
    // The unit a money column's head states: 元 where the format counts in 万元 is not a
    // figure to convert silently.
    let head_unit = |what: &str| -> Option<&'static str> {
        toks.iter().find_map(|t| match t {
            Tok::Word { norm: n, .. } if n.contains(what) => {
                if n.contains("万元") {
                    Some("万元")
                } else if n.contains('元') {
                    Some("元")
                } else {
                    None
                }
            }
            _ => None,
        })
    };
    let fee_unit = head_unit("收费金额");
    let procurement_unit = head_unit("采购总金额");
    let keys = official_keys(format);
    for r in &raw {
        if !keys.contains(&r.key) {
            notes.push(format!(
                "第 {} 行的“{}”不属于{}年版格式的表格，未收录",
                r.label_pos.line,
                r.key.name(),
                format.number()
            ));
        }
    }
    // A table is regular when every row has exactly its columns' number of cells: only then
    // does a blank cell's place say which column it is.
    let mut regular = [true; 3];
    for r in &raw {
        if let Some(cols) = columns(r.key, format)
            && r.cells.len() != cols.len()
        {
            regular[r.key.table()] = false;
        }
    }
    let mut rows = Vec::new();
    for key in keys {
        let Some(cols) = columns(key, format) else {
            continue;
        };
        let found: Vec<&RawRow> = raw.iter().filter(|r| r.key == key).collect();
        let placed = match found.as_slice() {
            [] => Placed {
                key,
                label_pos: Pos::default(),
                found: false,
                cells: vec![Slot::default(); cols.len()],
                reason: Some(if any_table {
                    "原文表格中找不到这一行".to_string()
                } else {
                    "原文中找不到统计表".to_string()
                }),
                unit: None,
            },
            [one] => place_row(one, &cols, regular[key.table()]),
            [first, rest @ ..] => {
                let a = place_row(first, &cols, regular[key.table()]);
                let same = rest.iter().all(|r| {
                    let b = place_row(r, &cols, regular[key.table()]);
                    b.reason.is_none()
                        && a.cells
                            .iter()
                            .zip(&b.cells)
                            .all(|(x, y)| x.value == y.value)
                });
                if same {
                    a
                } else {
                    let mut lines_at = String::new();
                    for r in &found {
                        let _ = write!(lines_at, " 第 {} 行", r.label_pos.line);
                    }
                    let mut p = a;
                    for c in &mut p.cells {
                        c.value = None;
                    }
                    p.reason = Some(format!(
                        "原文中这一行出现了 {} 次（{}），数字不同",
                        found.len(),
                        lines_at.trim()
                    ));
                    p
                }
            }
        };
        let mut placed = placed;
        if let Key::Pro(i) = key {
            match (pro_key(i), format) {
                ("fees", Format::F2021)
                    if (fee_unit == Some("元") || placed.unit.as_deref() == Some("元"))
                        && placed.placed() > 0 =>
                {
                    for c in &mut placed.cells {
                        c.value = None;
                    }
                    placed.reason = Some(
                        "原表的收费金额以“元”为单位，而本栏按“万元”填报：请核对原文后换算填写"
                            .into(),
                    );
                }
                ("procurement", Format::F2019) if placed.unit.is_none() => {
                    placed.unit = procurement_unit.map(str::to_string);
                }
                _ => {}
            }
        }
        rows.push(placed);
    }
    Placement {
        format,
        format_basis,
        rows,
        notes,
        table_lines,
        any_table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::{Cell, CellPos, Document, Paragraph, SourceKind, Table};

    /// A grid as an HTML reader gives it: `None` marks a position covered by the span of the
    /// cell to its left (colspan) or above (rowspan, written as `^`).
    fn grid(index: usize, rows: &[&[&str]]) -> Table {
        let mut out: Vec<Vec<Cell>> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            for (c, text) in row.iter().enumerate() {
                let origin = if *text == "<" {
                    let prev: &Cell = &cells[c - 1];
                    prev.origin
                } else if *text == "^" {
                    out[r - 1][c].origin
                } else {
                    (r, c)
                };
                cells.push(Cell {
                    text: if matches!(*text, "<" | "^") {
                        String::new()
                    } else {
                        text.to_string()
                    },
                    origin,
                    pos: Pos {
                        line: 100 + r,
                        column: 1,
                        cell: Some(CellPos {
                            table: index,
                            row: r,
                            col: c,
                        }),
                        page: 0,
                    },
                });
            }
            out.push(cells);
        }
        Table {
            rows: out,
            pos: Pos::default(),
        }
    }

    fn para(text: &str, line: usize) -> Block {
        Block::Paragraph(Paragraph {
            text: text.into(),
            pos: Pos {
                line,
                column: 1,
                ..Pos::default()
            },
            ..Paragraph::default()
        })
    }

    #[test]
    fn html_grids_with_spans_are_placed_by_their_cells() {
        let zeros = ["0"; 7];
        let mut app_rows: Vec<Vec<&str>> = vec![
            vec![
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "<",
                "<",
                "申请人情况",
                "<",
                "<",
                "<",
                "<",
                "<",
                "<",
            ],
            vec![
                "^",
                "^",
                "^",
                "自然人",
                "法人或其他组织",
                "<",
                "<",
                "<",
                "<",
                "总计",
            ],
            vec![
                "^",
                "^",
                "^",
                "^",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "^",
            ],
            vec![
                "一、本年新收政府信息公开申请数量",
                "<",
                "<",
                "3",
                "1",
                "0",
                "0",
                "0",
                "0",
                "4",
            ],
            vec![
                "二、上年结转政府信息公开申请数量",
                "<",
                "<",
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "1",
            ],
            vec![
                "三、本年度办理结果",
                "（一）予以公开",
                "<",
                "2",
                "1",
                "0",
                "0",
                "0",
                "0",
                "3",
            ],
            vec![
                "^",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "<",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ],
            // Only the 总计 filled in, the breakdown blank (&nbsp;).
            vec![
                "^",
                "（三）不予公开",
                "1.属于国家秘密",
                "\u{a0}",
                "",
                "",
                "",
                "",
                "",
                "0",
            ],
        ];
        for label in [
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ] {
            let mut r = vec!["^", "^", label];
            r.extend(zeros);
            app_rows.push(r);
        }
        let mut r = vec!["四、结转下年度继续办理", "<", "<"];
        r.extend(["1", "0", "0", "0", "0", "0", "1"]);
        app_rows.push(r);
        let app_refs: Vec<&[&str]> = app_rows.iter().map(|r| r.as_slice()).collect();
        let cases = grid(
            2,
            &[
                &[
                    "行政复议",
                    "<",
                    "<",
                    "<",
                    "<",
                    "行政诉讼",
                    "<",
                    "<",
                    "<",
                    "<",
                    "<",
                    "<",
                    "<",
                    "<",
                    "<",
                ],
                &[
                    "结果维持",
                    "结果纠正",
                    "其他结果",
                    "尚未审结",
                    "总计",
                    "未经复议直接起诉",
                    "<",
                    "<",
                    "<",
                    "<",
                    "复议后起诉",
                    "<",
                    "<",
                    "<",
                    "<",
                ],
                &[
                    "^",
                    "^",
                    "^",
                    "^",
                    "^",
                    "结果维持",
                    "结果纠正",
                    "其他结果",
                    "尚未审结",
                    "总计",
                    "结果维持",
                    "结果纠正",
                    "其他结果",
                    "尚未审结",
                    "总计",
                ],
                &[
                    "0", "0", "0", "0", "0", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0",
                ],
            ],
        );
        let pro = grid(
            0,
            &[
                &["第二十条第（一）项", "<", "<", "<"],
                &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                &["规章", "1", "0", "5"],
                &["行政规范性文件", "2", "1", "7"],
                &["第二十条第（五）项", "<", "<", "<"],
                &["信息内容", "本年处理决定数量", "<", "<"],
                &["行政许可", "80", "<", "<"],
            ],
        );
        let doc = Document {
            path: "x.html".into(),
            kind: SourceKind::Html,
            title: None,
            meta: Vec::new(),
            blocks: vec![
                para("二、主动公开政府信息情况", 1),
                Block::Table(pro),
                para("三、收到和处理政府信息公开申请情况", 2),
                Block::Table(grid(1, &app_refs)),
                para("四、政府信息公开行政复议、行政诉讼情况", 3),
                Block::Table(cases),
            ],
        };
        let pl = place(&lines(&doc), Some(2023), None);
        let get = |k: Key| -> Vec<Option<String>> {
            pl.row(k)
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| c.value.as_ref().map(|v| v.to_string()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let s = |v: &[&str]| -> Vec<Option<String>> {
            v.iter()
                .map(|x| {
                    if x.is_empty() {
                        None
                    } else {
                        Some(x.to_string())
                    }
                })
                .collect()
        };
        assert_eq!(get(Key::Pro(1)), s(&["1", "0", "5"]));
        assert_eq!(get(Key::Pro(0)), s(&["2", "1", "7"]));
        assert_eq!(get(Key::Pro(2)), s(&["80"]));
        assert_eq!(get(Key::Received), s(&["3", "1", "0", "0", "0", "0", "4"]));
        assert_eq!(get(Key::Result(0)), s(&["2", "1", "0", "0", "0", "0", "3"]));
        assert_eq!(get(Key::Result(2)), s(&["", "", "", "", "", "", "0"]));
        assert_eq!(
            get(Key::CarriedForward),
            s(&["1", "0", "0", "0", "0", "0", "1"])
        );
        assert_eq!(
            get(Key::Cases),
            s(&[
                "0", "0", "0", "0", "0", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"
            ])
        );
        // Every placed cell knows its table cell.
        let cell = pl.row(Key::Received).and_then(|r| r.cells[6].pos.cell);
        assert_eq!(
            cell,
            Some(CellPos {
                table: 1,
                row: 3,
                col: 9
            })
        );
        // Rows the grid does not have are null with the reason.
        assert!(pl.row(Key::Result(10)).is_some_and(|r| r.reason.is_some()));
    }

    fn line(text: &str, heading: Option<u8>) -> Line {
        Line {
            norm: norm(text),
            text: text.into(),
            pos: Pos::default(),
            cells: None,
            bold_lead: None,
            heading,
        }
    }

    #[test]
    fn part_headings_by_numeral_or_marked_heading_not_by_row_labels() {
        assert_eq!(part_heading(&line("一、总体情况", None)), Some(0));
        assert_eq!(
            part_heading(&line("　　五．存在的主要问题及改进措施", None)),
            Some(4)
        );
        assert_eq!(
            part_heading(&line("第二部分 主动公开政府信息情况", None)),
            Some(1)
        );
        assert_eq!(
            part_heading(&line("政府信息公开行政复议、行政诉讼情况", Some(2))),
            Some(3)
        );
        assert_eq!(
            part_heading(&line("政府信息公开行政复议、行政诉讼情况", None)),
            None
        );
        assert_eq!(
            part_heading(&line("一、本年新收政府信息公开申请数量", None)),
            None
        );
        assert_eq!(part_heading(&line("四、结转下年度继续办理", None)), None);
        assert_eq!(
            part_heading(&line("一是公开的及时性有待提高。", None)),
            None
        );
    }

    #[test]
    fn a_bare_number_under_a_lone_label_is_not_its_figure() {
        let text = "第二十条第（五）项\n信息内容      本年处理决定数量\n行政许可\n12\n行政处罚      9\n行政强制      0\n";
        let doc = crate::import::text::read_text(std::path::Path::new("t.txt"), text);
        let pl = place(&lines(&doc), Some(2023), None);
        let licensing = pl.row(Key::Pro(2)).map(|r| (r.placed(), r.reason.clone()));
        assert_eq!(
            licensing,
            Some((0, Some("原文该行没有任何数字".to_string())))
        );
        assert_eq!(pl.row(Key::Pro(4)).map(Placed::placed), Some(1));
    }

    #[test]
    fn money_in_yuan_is_never_written_as_wanyuan() {
        let fees = |text: &str| {
            let doc = crate::import::text::read_text(std::path::Path::new("t.txt"), text);
            let pl = place(&lines(&doc), Some(2023), None);
            pl.row(Key::Pro(6))
                .map(|r| (r.placed(), r.reason.is_some()))
        };
        let head = "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n";
        assert_eq!(
            fees(&format!("{head}行政事业性收费\t1.5\n")),
            Some((1, false))
        );
        assert_eq!(
            fees(&format!("{head}行政事业性收费\t1500元\n")),
            Some((0, true))
        );
        let head = "第二十条第（八）项\n信息内容\t本年收费金额（单位：元）\n";
        assert_eq!(
            fees(&format!("{head}行政事业性收费\t1500\n")),
            Some((0, true))
        );
        // 2019: the procurement amount keeps the unit its column head states.
        let text = "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额（元）\n政府集中采购\t2\t3500\n规章\t0\t0\t0\n本年新制作数量\n";
        let doc = crate::import::text::read_text(std::path::Path::new("t.txt"), text);
        let pl = place(&lines(&doc), Some(2020), None);
        assert_eq!(pl.format, Format::F2019);
        assert_eq!(
            pl.row(Key::Pro(7)).and_then(|r| r.unit.clone()).as_deref(),
            Some("元")
        );
    }

    #[test]
    fn digit_runs_split_only_when_unique() {
        let all = splits("1000", 3, 1000).unwrap_or_default();
        assert_eq!(all, vec![vec![10, 0, 0]]);
        let all = splits("898989", 3, 1000).unwrap_or_default();
        assert!(all.len() > 1);
    }

    #[test]
    fn fields_split_by_tabs_pipes_and_space_runs() {
        let f: Vec<String> = split_fields("行政许可\t0\t\t")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(f, vec!["行政许可", "0", ""]);
        let f: Vec<String> = split_fields("\t").into_iter().map(|f| f.0).collect();
        assert_eq!(f, vec![""]);
        let f: Vec<String> = split_fields("0 |").into_iter().map(|f| f.0).collect();
        assert_eq!(f, vec!["0 "]);
        let f: Vec<String> = split_fields("|||").into_iter().map(|f| f.0).collect();
        assert_eq!(f, vec!["", "", ""]);
        let f: Vec<String> = split_fields("  规章     1    2  3")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(f, vec!["规章", "1", "2", "3"]);
    }
}
