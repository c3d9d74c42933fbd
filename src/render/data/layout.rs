//! Layouts: where each figure of a report sits. Reports of one format share one layout, made
//! once, with everything that can be written of it ahead (CSV fragments, JSON skeletons).
use std::collections::BTreeMap;

use serde::Serialize;

use super::Figure;
use super::TABLES;
use super::Value;
use super::csv::{WideCsv, csv_bytes};
use super::json::{Hole, Skeleton, report_tables};
use crate::model::labels::Script;

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
pub(super) struct Layout {
    pub(super) slots: Box<[Slot]>,
    pub(super) script: Script,
    /// `table,row,column,` with codes, per slot (`/data/nianbao.csv`).
    pub(super) csv_codes: Vec<String>,
    /// The bytes of all of `csv_codes`.
    pub(super) csv_codes_len: usize,
    /// `data.csv`: the tables as printed, one line per table row.
    pub(super) wide_csv: WideCsv,
    /// `data.json`'s `tables`.
    pub(super) report_json: Skeleton,
    /// `/data/nianbao.json`'s `values`.
    pub(super) portal_json: Skeleton,
    /// Lines of each table of [`TABLES`] (a line per table row, as in the workbook).
    pub(super) table_rows: [usize; TABLES.len()],
}

impl Layout {
    fn new(slots: Box<[Slot]>, script: Script) -> Layout {
        let fragment = |t: &str, r: &str, c: &str| {
            let bytes = csv_bytes(|w| w.write_record([t, r, c, ""]), 64);
            String::from_utf8(bytes)
                .map(|s| s.trim_end_matches('\n').to_string())
                .unwrap_or_default()
        };
        let csv_codes: Vec<String> = slots
            .iter()
            .map(|s| fragment(s.table, s.row_code, s.column_code))
            .collect();
        let csv_codes_len = csv_codes.iter().map(String::len).sum();
        let wide_csv = WideCsv::new(&slots, script);
        let table_rows = TABLES.map(|(code, _)| {
            let mut rows = 0;
            let mut current = None;
            for s in slots.iter().filter(|s| s.table == code) {
                if current != Some(s.row_code) {
                    current = Some(s.row_code);
                    rows += 1;
                }
            }
            rows
        });
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
            script,
            csv_codes,
            csv_codes_len,
            wide_csv,
            report_json,
            portal_json,
            table_rows,
        }
    }
}

/// The layouts seen so far: reports of one format share one, so a portal holds only its
/// figures' values, not millions of copies of their labels.
static LAYOUTS: std::sync::Mutex<Vec<std::sync::Arc<Layout>>> = std::sync::Mutex::new(Vec::new());

fn layout_of(figures: &[Figure], script: Script) -> std::sync::Arc<Layout> {
    let same = |l: &Layout| {
        l.script == script
            && l.slots.len() == figures.len()
            && l.slots.iter().zip(figures).all(|(s, f)| *s == Slot::of(f))
    };
    let mut layouts = LAYOUTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(l) = layouts.iter().find(|l| same(l)) {
        return std::sync::Arc::clone(l);
    }
    let l = std::sync::Arc::new(Layout::new(figures.iter().map(Slot::of).collect(), script));
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
    pub(super) layout: std::sync::Arc<Layout>,
    pub(super) values: Vec<Value>,
}

impl ReportData {
    /// `figures` as [`super::figures`] made them, labelled in `script`.
    pub fn new(
        agency: String,
        agency_name: String,
        year: i32,
        format: u16,
        published: Option<String>,
        (figures, script): (&[Figure], Script),
    ) -> ReportData {
        ReportData {
            agency,
            agency_name,
            year,
            format,
            published,
            layout: layout_of(figures, script),
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
    pub(super) fn json_head(&self, out: &mut Vec<u8>) {
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
