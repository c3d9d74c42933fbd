//! A report's figures as tidy rows: one per table, row, column and value, each with a stable
//! code (for machines) and its official label (for people). The per-report `data.csv` and
//! `data.json` and the portal-wide files under `/data/` are all written from these.

use std::collections::BTreeMap;

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

const APPLICANT_CODES: [&str; 6] = [
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
];
const CASE_CODES: [&str; 4] = ["upheld", "corrected", "other", "pending"];

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

fn csv_bytes(
    write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> Result<(), csv::Error>,
    capacity: usize,
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(capacity));
    // Writing to memory cannot fail; an empty file would be the visible sign if it did.
    let ok = write(&mut w)
        .and_then(|()| w.flush().map_err(csv::Error::from))
        .is_ok();
    let bytes = w.into_inner().unwrap_or_default();
    if ok { bytes } else { Vec::new() }
}

/// A CSV field as the csv crate would quote it.
fn csv_field(text: &str) -> String {
    let bytes = csv_bytes(|w| w.write_record([text]), text.len() + 4);
    String::from_utf8(bytes)
        .map(|s| s.trim_end_matches('\n').to_string())
        .unwrap_or_default()
}

/// Writes the lines of a tidy CSV: `agency,year,` then each slot's prepared
/// `table,row,column,` and the value (digits, sign and point: never quoted).
fn write_csv_lines(
    out: &mut Vec<u8>,
    agency: &str,
    year: i32,
    fragments: &[String],
    values: &[Value],
) {
    use std::io::Write as _;
    let mut lead = csv_field(agency);
    lead.push(',');
    lead.push_str(&year.to_string());
    lead.push(',');
    for (fragment, value) in fragments.iter().zip(values) {
        out.extend_from_slice(lead.as_bytes());
        out.extend_from_slice(fragment.as_bytes());
        // Writing to memory cannot fail.
        let _ = write!(out, "{value}");
        out.push(b'\n');
    }
}

const CSV_HEADER: &[u8] = b"agency,year,table,row,column,value\n";

/// A report's own `data.csv`: official labels, for people.
pub fn to_csv(r: &ReportData) -> Vec<u8> {
    let mut out = Vec::with_capacity(r.values.len() * 100);
    out.extend_from_slice(CSV_HEADER);
    write_csv_lines(&mut out, &r.agency, r.year, &r.layout.csv_labels, &r.values);
    out
}

/// The portal's tidy CSV, streamed: codes for machines (their labels are in `codes.csv`).
pub fn write_portal_csv(
    reports: &[&ReportData],
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    out.write_all(CSV_HEADER)?;
    let mut buf = Vec::with_capacity(1 << 16);
    for r in reports {
        write_csv_lines(&mut buf, &r.agency, r.year, &r.layout.csv_codes, &r.values);
        out.write_all(&buf)?;
        buf.clear();
    }
    out.flush()
}

/// Every code of the tidy CSV with its official labels.
pub fn codes_csv(reports: &[&ReportData]) -> Vec<u8> {
    let mut seen = BTreeMap::new();
    let mut layouts: Vec<&Layout> = Vec::new();
    for r in reports {
        if !layouts.iter().any(|l| std::ptr::eq(*l, &*r.layout)) {
            layouts.push(&r.layout);
        }
    }
    for l in layouts {
        for s in l.slots.iter() {
            seen.entry((s.table, s.row_code, s.column_code)).or_insert((
                s.table_label,
                s.row,
                s.column,
            ));
        }
    }
    csv_bytes(
        |w| {
            w.write_record([
                "table",
                "row",
                "column",
                "table_label",
                "row_label",
                "column_label",
            ])?;
            for ((table, row, column), (table_label, row_label, column_label)) in &seen {
                w.write_record([*table, row, column, table_label, row_label, column_label])?;
            }
            Ok(())
        },
        seen.len() * 100,
    )
}

/// The portal's JSON, streamed: an array of reports, each with its figures as
/// `{table: {row: {column: value}}}` by code (labels are in `codes.csv`).
pub fn write_portal_json(
    reports: &[&ReportData],
    mut w: impl std::io::Write,
) -> std::io::Result<()> {
    w.write_all(b"[")?;
    let mut buf = Vec::with_capacity(1 << 14);
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            buf.extend_from_slice(b",\n");
        }
        r.json_head(&mut buf);
        buf.extend_from_slice(b"\"values\":");
        r.layout.portal_json.fill(&mut buf, &r.values);
        buf.push(b'}');
        w.write_all(&buf)?;
        buf.clear();
    }
    w.write_all(b"]\n")?;
    w.flush()
}

/// A JSON text with a hole for each figure's value, made once per layout: filling it is a
/// copy, where serialising nested maps for every report was a third of the data's cost.
struct Skeleton {
    /// Literal text, then the index of the value that follows it.
    pieces: Vec<(String, Option<usize>)>,
}

/// Stands for value `i` while a skeleton is made.
struct Hole(usize);

impl Serialize for Hole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("\u{1}{}\u{1}", self.0))
    }
}

impl Skeleton {
    fn new(doc: &impl Serialize) -> Skeleton {
        const MARK: &str = "\"\\u0001";
        const END: &str = "\\u0001\"";
        let text = serde_json::to_string(doc).unwrap_or_default();
        let mut pieces = Vec::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(MARK) {
            let after = &rest[at + MARK.len()..];
            let Some(close) = after.find(END) else { break };
            pieces.push((rest[..at].to_string(), after[..close].parse().ok()));
            rest = &after[close + END.len()..];
        }
        pieces.push((rest.to_string(), None));
        Skeleton { pieces }
    }

    fn fill(&self, out: &mut Vec<u8>, values: &[Value]) {
        use std::io::Write as _;
        for (text, hole) in &self.pieces {
            out.extend_from_slice(text.as_bytes());
            if let Some(v) = hole.and_then(|i| values.get(i)) {
                // Values are digits, sign and point: a JSON string needs no escapes.
                let _ = write!(out, "\"{v}\"");
            }
        }
    }
}

/// Where a figure sits: everything about it but its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub table: &'static str,
    pub table_label: &'static str,
    pub row_code: &'static str,
    pub column_code: &'static str,
    pub row: &'static str,
    pub column: &'static str,
}

impl Slot {
    fn of(f: &Figure) -> Slot {
        Slot {
            table: f.table,
            table_label: f.table_label,
            row_code: f.row_code,
            column_code: f.column_code,
            row: f.row,
            column: f.column,
        }
    }
}

/// A layout: where each figure sits, and everything that can be written of it once for
/// every report that shares it.
struct Layout {
    slots: Box<[Slot]>,
    /// `table,row,column,` with official labels, per slot (`data.csv`).
    csv_labels: Vec<String>,
    /// The same with codes (`/data/nianbao.csv`).
    csv_codes: Vec<String>,
    /// `data.json`'s `tables`.
    report_json: Skeleton,
    /// `/data/nianbao.json`'s `values`.
    portal_json: Skeleton,
}

impl Layout {
    fn new(slots: Box<[Slot]>) -> Layout {
        let fragment = |t: &str, r: &str, c: &str| {
            let bytes = csv_bytes(|w| w.write_record([t, r, c, ""]), 64);
            String::from_utf8(bytes)
                .map(|s| s.trim_end_matches('\n').to_string())
                .unwrap_or_default()
        };
        let csv_labels = slots
            .iter()
            .map(|s| fragment(s.table_label, s.row, s.column))
            .collect();
        let csv_codes = slots
            .iter()
            .map(|s| fragment(s.table, s.row_code, s.column_code))
            .collect();
        let report_json = Skeleton::new(&report_tables(&slots));
        let mut values: BTreeMap<&str, BTreeMap<&str, BTreeMap<&str, Hole>>> = BTreeMap::new();
        for (i, s) in slots.iter().enumerate() {
            values
                .entry(s.table)
                .or_default()
                .entry(s.row_code)
                .or_default()
                .insert(s.column_code, Hole(i));
        }
        let portal_json = Skeleton::new(&values);
        Layout {
            slots,
            csv_labels,
            csv_codes,
            report_json,
            portal_json,
        }
    }
}

/// The layouts seen so far: reports of one format share one, so a portal holds only its
/// figures' values, not millions of copies of their labels.
static LAYOUTS: std::sync::Mutex<Vec<std::sync::Arc<Layout>>> = std::sync::Mutex::new(Vec::new());

fn layout_of(figures: &[Figure]) -> std::sync::Arc<Layout> {
    let same = |l: &Layout| {
        l.slots.len() == figures.len()
            && l.slots.iter().zip(figures).all(|(s, f)| *s == Slot::of(f))
    };
    let mut layouts = LAYOUTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(l) = layouts.iter().find(|l| same(l)) {
        return std::sync::Arc::clone(l);
    }
    let l = std::sync::Arc::new(Layout::new(figures.iter().map(Slot::of).collect()));
    layouts.push(std::sync::Arc::clone(&l));
    l
}

/// A report's figures with what identifies it.
pub struct ReportData {
    pub agency: String,
    pub agency_name: String,
    pub year: i32,
    pub format: u16,
    pub published: Option<String>,
    layout: std::sync::Arc<Layout>,
    values: Vec<Value>,
}

impl ReportData {
    pub fn new(
        agency: String,
        agency_name: String,
        year: i32,
        format: u16,
        published: Option<String>,
        figures: &[Figure],
    ) -> ReportData {
        ReportData {
            agency,
            agency_name,
            year,
            format,
            published,
            layout: layout_of(figures),
            values: figures.iter().map(|f| f.value).collect(),
        }
    }

    pub fn figures(&self) -> impl Iterator<Item = Figure> + '_ {
        self.layout
            .slots
            .iter()
            .zip(&self.values)
            .map(|(s, v)| Figure {
                table: s.table,
                table_label: s.table_label,
                row_code: s.row_code,
                column_code: s.column_code,
                row: s.row,
                column: s.column,
                value: *v,
            })
    }

    /// `{"agency":…,"agency_name":…,"year":…,"format":…,"published":…,` of both JSON files.
    fn json_head(&self, out: &mut Vec<u8>) {
        #[derive(Serialize)]
        struct Head<'a> {
            agency: &'a str,
            agency_name: &'a str,
            year: i32,
            format: u16,
            published: &'a Option<String>,
        }
        let head = Head {
            agency: &self.agency,
            agency_name: &self.agency_name,
            year: self.year,
            format: self.format,
            published: &self.published,
        };
        let start = out.len();
        if serde_json::to_writer(&mut *out, &head).is_ok() && out.last() == Some(&b'}') {
            out.pop();
            out.push(b',');
        } else {
            out.truncate(start);
            out.push(b'{');
        }
    }
}

/// `data.json`'s tables, each with its rows' official labels and values by column code, the
/// column labels once per table; values are holes to fill.
fn report_tables(slots: &[Slot]) -> impl Serialize + '_ {
    #[derive(Serialize)]
    struct Row<'a> {
        code: &'a str,
        label: &'a str,
        values: BTreeMap<&'a str, Hole>,
    }
    #[derive(Serialize)]
    struct Table<'a> {
        code: &'a str,
        label: &'a str,
        columns: BTreeMap<&'a str, &'a str>,
        rows: Vec<Row<'a>>,
    }
    TABLES
        .iter()
        .map(|(code, _)| {
            let mut t = Table {
                code,
                label: slots
                    .iter()
                    .find(|s| s.table == *code)
                    .map_or("", |s| s.table_label),
                columns: BTreeMap::new(),
                rows: Vec::new(),
            };
            for (i, s) in slots.iter().enumerate().filter(|(_, s)| s.table == *code) {
                t.columns.insert(s.column_code, s.column);
                if t.rows.last().is_none_or(|row| row.code != s.row_code) {
                    t.rows.push(Row {
                        code: s.row_code,
                        label: s.row,
                        values: BTreeMap::new(),
                    });
                }
                if let Some(row) = t.rows.last_mut() {
                    row.values.insert(s.column_code, Hole(i));
                }
            }
            t
        })
        .collect::<Vec<_>>()
}

/// A report's own `data.json`.
pub fn report_json(r: &ReportData) -> Vec<u8> {
    let mut out = Vec::with_capacity(10 * 1024);
    r.json_head(&mut out);
    out.extend_from_slice(b"\"tables\":");
    r.layout.report_json.fill(&mut out, &r.values);
    out.push(b'}');
    out
}

/// The Frictionless data package describing `/data/`.
pub fn datapackage(title: &str, script: Script) -> serde_json::Value {
    let fields = |value_note: &str| {
        serde_json::json!([
            {"name": "agency", "type": "string", "description": "机构代码（网址中的目录名）", "constraints": {"required": true}},
            {"name": "year", "type": "integer", "description": "报告年度", "constraints": {"required": true, "minimum": 2008}},
            {"name": "table", "type": "string", "constraints": {"required": true, "enum": ["proactive", "applications", "review"]}},
            {"name": "row", "type": "string", "constraints": {"required": true}},
            {"name": "column", "type": "string", "constraints": {"required": true}},
            {"name": "value", "type": "number", "description": value_note},
        ])
    };
    let note = format!(
        "件数为非负整数；金额以万元计（amount_yuan 以元计），按原文精度；{}可为负数；空白表示原文未填",
        lb::CHANGE.get(script)
    );
    serde_json::json!({
        "name": "nianbao",
        "title": title,
        "profile": "tabular-data-package",
        "resources": [
            {
                "name": "figures",
                "path": "nianbao.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields(&note), "missingValues": [""], "primaryKey": ["agency", "year", "table", "row", "column"]},
            },
            {
                "name": "figures-excel",
                "path": "nianbao-excel.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {"fields": fields(&note), "missingValues": [""]},
            },
            {
                "name": "codes",
                "path": "codes.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [
                    {"name": "table", "type": "string"}, {"name": "row", "type": "string"},
                    {"name": "column", "type": "string"}, {"name": "table_label", "type": "string"},
                    {"name": "row_label", "type": "string"}, {"name": "column_label", "type": "string"}
                ], "primaryKey": ["table", "row", "column"]},
            },
            {"name": "reports", "path": "nianbao.json", "format": "json", "mediatype": "application/json", "encoding": "utf-8"},
            {"name": "workbook", "path": "nianbao.xlsx", "format": "xlsx", "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        ],
    })
}

/// Columns of the workbook's 主动公开 sheet, by code, with their labels.
const PROACTIVE_COLUMNS: [(&str, Label); 12] = [
    ("issued", lb::ISSUED),
    ("repealed", lb::REPEALED),
    ("in_force", lb::IN_FORCE),
    ("made", lb::MADE),
    ("published", lb::PUBLISHED),
    ("total", lb::TOTAL_PUBLISHED),
    ("previous", lb::PREVIOUS),
    ("change", lb::CHANGE),
    ("decisions", lb::DECISIONS_2019),
    ("projects", lb::PROJECTS),
    ("amount", lb::AMOUNT_WAN),
    ("amount_yuan", lb::AMOUNT_YUAN),
];

/// The workbook: one sheet per table, a row per report and table row, official labels as
/// headers. Counts are numbers; amounts stay text, exactly as published.
pub fn xlsx(
    reports: &[&ReportData],
    script: Script,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Workbook;
    let err = |e| e;
    let mut book = Workbook::new();
    // The fastest deflate level: the workbook is a few percent bigger and built several
    // times faster.
    book.set_zip_compression_level(1);
    let leading = lb::WORKBOOK_LEADING.map(|l| l.get(script));
    for (code, name) in TABLES {
        let columns: Vec<(&str, &str)> = match code {
            PROACTIVE => PROACTIVE_COLUMNS
                .iter()
                .map(|(c, l)| (*c, l.get(script)))
                .collect(),
            APPLICATIONS => APPLICANT_CODES
                .iter()
                .zip(APPLICANT_COLUMNS.iter().map(|l| l.get(script)))
                .map(|(c, l)| (*c, l))
                .chain([("total", lb::TOTAL.get(script))])
                .collect(),
            _ => CASE_CODES
                .iter()
                .zip(CASE_COLUMNS.iter().map(|l| l.get(script)))
                .map(|(c, l)| (*c, l))
                .chain([("total", lb::TOTAL.get(script))])
                .collect(),
        };
        let sheet = book.add_worksheet_with_constant_memory().map_err(err)?;
        sheet
            .set_name(name.get(script).chars().take(31).collect::<String>())
            .map_err(err)?;
        for (c, h) in leading
            .iter()
            .chain(columns.iter().map(|(_, l)| l))
            .enumerate()
        {
            sheet.write_string(0, c as u16, *h).map_err(err)?;
        }
        let mut row = 0u32;
        for r in reports {
            let mut current = "";
            for f in r.figures().filter(|f| f.table == code) {
                if f.row_code != current {
                    current = f.row_code;
                    row += 1;
                    sheet.write_string(row, 0, &r.agency).map_err(err)?;
                    sheet.write_string(row, 1, &r.agency_name).map_err(err)?;
                    sheet.write_number(row, 2, f64::from(r.year)).map_err(err)?;
                    sheet.write_string(row, 3, f.row).map_err(err)?;
                }
                let Some(col) = columns.iter().position(|(c, _)| *c == f.column_code) else {
                    continue;
                };
                let col = (leading.len() + col) as u16;
                match f.value {
                    Value::Blank => continue,
                    Value::Int(n) if n.unsigned_abs() < (1 << 53) => {
                        sheet.write_number(row, col, n as f64)
                    }
                    other => sheet.write_string(row, col, other.to_string()),
                }
                .map_err(err)?;
            }
        }
    }
    book.save_to_buffer().map_err(err)
}
