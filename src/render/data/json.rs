//! JSON: a report's `data.json` and the portal's `nianbao.json`, filled from skeletons.
use std::collections::BTreeMap;

use serde::Serialize;

use super::layout::{ReportData, Slot};
use super::{TABLES, Value};

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

/// The bytes [`write_portal_json`] writes, counted without writing; `None` once past `limit`.
pub fn portal_json_len(reports: &[&ReportData], limit: u64) -> Option<u64> {
    let mut len = b"[]\n".len();
    let mut head = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            len += b",\n".len();
        }
        head.clear();
        r.json_head(&mut head);
        len += head.len() + b"\"values\":".len() + r.layout.portal_json.len(&r.values) + 1;
        if len as u64 > limit {
            return None;
        }
    }
    Some(len as u64)
}

/// A JSON text with a hole for each figure's value, made once per layout: filling it is a
/// copy, where serialising nested maps for every report was a third of the data's cost.
pub(super) struct Skeleton {
    /// Literal text, then the index of the value that follows it.
    pieces: Vec<(String, Option<usize>)>,
}

/// Stands for value `i` while a skeleton is made.
pub(super) struct Hole(pub(super) usize);

impl Serialize for Hole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("\u{1}{}\u{1}", self.0))
    }
}

impl Skeleton {
    pub(super) fn new(doc: &impl Serialize) -> Skeleton {
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

    /// The bytes [`Skeleton::fill`] writes.
    fn len(&self, values: &[Value]) -> usize {
        self.pieces
            .iter()
            .map(|(text, hole)| {
                text.len()
                    + hole
                        .and_then(|i| values.get(i))
                        .map_or(0, |v| super::csv::value_len(v) + 2)
            })
            .sum()
    }

    pub(super) fn fill(&self, out: &mut Vec<u8>, values: &[Value]) {
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

/// `data.json`'s tables, each with its rows' official labels and values by column code, the
/// column labels once per table; values are holes to fill.
pub(super) fn report_tables(slots: &[Slot]) -> impl Serialize + '_ {
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
