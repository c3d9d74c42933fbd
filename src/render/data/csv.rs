//! CSV: a report's `data.csv` (its tables as printed, for people and spreadsheets), the
//! portal's tidy `nianbao.csv` (one value a line, by code, for machines) and `codes.csv`
//! (every code with its labels).
use std::collections::BTreeMap;

use super::layout::{Layout, ReportData, Slot};
use super::{APPLICANT_CODES, APPLICATIONS, PROACTIVE, TABLES, Value, lb};
use crate::model::labels::{PARTS, Script};

pub(super) fn csv_bytes(
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

/// Text from the portal (an agency's folder name) that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`, as OWASP advises for CSV files.
/// Figures are never text, so none is changed.
pub(super) fn defuse(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A CSV field as the csv crate would quote it.
fn csv_field(text: &str) -> String {
    let text = defuse(text);
    let bytes = csv_bytes(|w| w.write_record([&*text]), text.len() + 4);
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
    let lead = lead(agency, year);
    for (fragment, value) in fragments.iter().zip(values) {
        out.extend_from_slice(lead.as_bytes());
        out.extend_from_slice(fragment.as_bytes());
        // Writing to memory cannot fail.
        let _ = write!(out, "{value}");
        out.push(b'\n');
    }
}

/// `agency,year,` of each line of the tidy CSV.
fn lead(agency: &str, year: i32) -> String {
    let mut lead = csv_field(agency);
    lead.push(',');
    lead.push_str(&year.to_string());
    lead.push(',');
    lead
}

/// How many characters a value takes when written.
pub(super) fn value_len(v: &Value) -> usize {
    match v {
        Value::Blank => 0,
        Value::Int(n) => {
            (n.unsigned_abs().checked_ilog10().unwrap_or(0) + 1) as usize + usize::from(*n < 0)
        }
        Value::Money(m) => {
            struct Count(usize);
            impl std::fmt::Write for Count {
                fn write_str(&mut self, s: &str) -> std::fmt::Result {
                    self.0 += s.len();
                    Ok(())
                }
            }
            let mut c = Count(0);
            let _ = std::fmt::Write::write_fmt(&mut c, format_args!("{m}"));
            c.0
        }
    }
}

const CSV_HEADER: &[u8] = b"agency,year,table,row,column,value\n";

/// The UTF-8 byte order mark: Excel reads a CSV without it in the system's legacy encoding
/// (GBK on a Chinese Windows) and garbles every label.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A report's `data.csv`, laid out as a spreadsheet user expects: who and which year, then
/// each table under its heading, a line per table row with its official label and a column
/// per column of the printed table. The tidy form, a value a line, is the portal's
/// `nianbao.csv`.
pub fn to_csv(r: &ReportData) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(BOM);
    let script = r.layout.script;
    let lead = |l: lb::Label| l.get(script);
    let [_, agency, year, _] = lb::WORKBOOK_LEADING.map(lead);
    out.extend_from_slice(agency.as_bytes());
    out.push(b',');
    out.extend_from_slice(csv_field(&r.agency_name).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(format!("{year},{}\n", r.year).as_bytes());
    r.layout.wide_csv.fill(&mut out, &r.values);
    out
}

/// `data.csv`'s tables with a hole for each value, made once per layout.
pub(super) struct WideCsv {
    /// Literal text, then the index of the value that follows it.
    pieces: Vec<(String, Option<usize>)>,
}

/// One CSV line of the given fields, newline included.
fn record<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let fields: Vec<std::borrow::Cow<'_, str>> = fields.into_iter().map(defuse).collect();
    let bytes = csv_bytes(|w| w.write_record(fields.iter().map(|f| f.as_bytes())), 256);
    String::from_utf8(bytes).unwrap_or_default()
}

impl WideCsv {
    pub(super) fn new(slots: &[Slot], script: Script) -> WideCsv {
        let mut pieces = Vec::new();
        let mut text = String::new();
        for (code, name) in TABLES {
            let own: Vec<(usize, &Slot)> = slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.table == code)
                .collect();
            if own.is_empty() {
                continue;
            }
            // The table's columns, in the order its rows first use them.
            let mut columns: Vec<(&str, &str)> = Vec::new();
            for (_, s) in &own {
                if !columns.contains(&(s.column_code, s.column)) {
                    columns.push((s.column_code, s.column));
                }
            }
            let numeral = PARTS.iter().find(|p| p.1 == name).map_or("", |p| p.0);
            text.push('\n');
            text.push_str(&record([
                format!("{numeral}、{}", name.get(script)).as_str()
            ]));
            let corner = if code == PROACTIVE {
                lb::INFO_CONTENT.get(script)
            } else {
                ""
            };
            // The five columns under 法人或其他组织 carry its name, so that each column says
            // what it counts on one header line (a spreadsheet filters by one).
            let headings: Vec<String> = columns
                .iter()
                .map(|(c, label)| {
                    if code == APPLICATIONS && APPLICANT_CODES[1..].contains(c) {
                        format!("{}·{label}", lb::LEGAL_PERSONS.get(script))
                    } else {
                        label.to_string()
                    }
                })
                .collect();
            text.push_str(&record(
                std::iter::once(corner).chain(headings.iter().map(String::as_str)),
            ));
            let mut i = 0;
            while i < own.len() {
                let row = own[i].1.row_code;
                let end = own[i..]
                    .iter()
                    .position(|(_, s)| s.row_code != row)
                    .map_or(own.len(), |n| i + n);
                let line = record([own[i].1.row]);
                text.push_str(line.trim_end_matches('\n'));
                for column in &columns {
                    text.push(',');
                    let at = own[i..end]
                        .iter()
                        .find(|(_, s)| (s.column_code, s.column) == *column);
                    if let Some((slot, _)) = at {
                        pieces.push((std::mem::take(&mut text), Some(*slot)));
                    }
                }
                text.push('\n');
                i = end;
            }
        }
        pieces.push((text, None));
        WideCsv { pieces }
    }

    fn fill(&self, out: &mut Vec<u8>, values: &[Value]) {
        use std::io::Write as _;
        for (text, hole) in &self.pieces {
            out.extend_from_slice(text.as_bytes());
            if let Some(v) = hole.and_then(|i| values.get(i)) {
                // Digits, sign and point: never quoted. Writing to memory cannot fail.
                let _ = write!(out, "{v}");
            }
        }
    }
}

/// The portal's tidy CSV, streamed: codes for machines (their labels are in `codes.csv`).
/// No byte order mark: every CSV reader takes plain UTF-8, and the codes are ASCII.
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

/// The bytes [`write_portal_csv`] writes, counted without writing; `None` once past `limit`.
pub fn portal_csv_len(reports: &[&ReportData], limit: u64) -> Option<u64> {
    let mut len = CSV_HEADER.len() as u64;
    for r in reports {
        let lead = lead(&r.agency, r.year).len() * r.values.len();
        let values: usize = r.values.iter().map(value_len).sum();
        len += (lead + r.layout.csv_codes_len + values + r.values.len()) as u64;
        if len > limit {
            return None;
        }
    }
    Some(len)
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

#[cfg(test)]
mod tests {
    use super::super::{Figure, ReportData, Value};
    use super::*;
    use crate::model::Money;

    fn report(name: &str) -> ReportData {
        let figure = |table, row_code, column_code, value| Figure {
            table,
            table_label: "表",
            row_code,
            column_code,
            row: row_code,
            column: column_code,
            value,
        };
        let money = Money::parse("1227.50").unwrap();
        let figures = [
            figure(PROACTIVE, "fees", "amount", Value::Money(money)),
            figure(PROACTIVE, "licensing", "change", Value::Int(-12)),
            figure(APPLICATIONS, "received", "natural_person", Value::Blank),
            figure(APPLICATIONS, "received", "total", Value::Int(1_000_000)),
        ];
        ReportData::new(
            name.into(),
            name.into(),
            2022,
            2021,
            Some("2023-01-31".into()),
            (&figures, Script::Simplified),
        )
    }

    #[test]
    fn counted_lengths_are_the_written_lengths_and_stop_at_the_limit() {
        let (a, b) = (report("jg00001"), report("长兴岛"));
        let reports = [&a, &b];
        let mut csv = Vec::new();
        write_portal_csv(&reports, &mut csv).unwrap();
        assert_eq!(portal_csv_len(&reports, u64::MAX), Some(csv.len() as u64));
        assert_eq!(portal_csv_len(&reports, csv.len() as u64 - 1), None);
        let mut json = Vec::new();
        super::super::write_portal_json(&reports, &mut json).unwrap();
        assert_eq!(
            super::super::portal_json_len(&reports, u64::MAX),
            Some(json.len() as u64)
        );
        assert!(String::from_utf8(json).unwrap().contains("\"1227.50\""));
    }

    #[test]
    fn a_report_csv_defuses_its_agency_name_and_keeps_amounts_as_written() {
        let r = report("=HYPERLINK(\"http://x\")");
        let bytes = to_csv(&r);
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&bytes[BOM.len()..]);
        let lines: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(lines[0], ["机构", "'=HYPERLINK(\"http://x\")"]);
        // Columns in the order the rows first use them; a blank where a row has no such cell.
        assert!(
            lines.iter().any(|l| l == &["信息内容", "amount", "change"]),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l == &["fees", "1227.50", ""]),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l == &["licensing", "", "-12"]),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l == &["received", "", "1000000"]),
            "{lines:?}"
        );
    }
    #[test]
    fn names_that_spreadsheets_would_run_are_defused() {
        for bad in ["=1+2", "+cmd", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(
                super::csv_field(bad).trim_matches('"').chars().next(),
                Some('\''),
                "{bad}"
            );
        }
        assert_eq!(super::csv_field("changxingdao"), "changxingdao");
    }
}
