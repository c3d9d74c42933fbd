//! Tidy CSV: a report's `data.csv` (labels), the portal's `nianbao.csv` (codes) and
//! `codes.csv` (every code with its labels).
use std::collections::BTreeMap;

use super::Value;
use super::layout::{Layout, ReportData};

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

#[cfg(test)]
mod tests {
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
