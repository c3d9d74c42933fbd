//! The workbook `nianbao.xlsx`: a sheet per table, split by year (and a year into numbered
//! sheets) where a table has more lines than a worksheet holds.
use serde::Serialize;

use super::layout::ReportData;
use super::{APPLICANT_CODES, APPLICATIONS, CASE_CODES, PROACTIVE, TABLES, Value, lb};
use crate::model::labels::{APPLICANT_COLUMNS, CASE_COLUMNS, Label, Script};

/// Rows of an Excel worksheet, its header row included (Excel 2007 and later).
pub const EXCEL_ROWS: usize = 1_048_576;

/// Characters of a sheet name (Excel's limit).
const NAME_CHARS: usize = 31;

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

/// One worksheet of the workbook: which table, which year, how many lines.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    /// The table's code (`proactive`, `applications`, `review`).
    pub table: &'static str,
    /// The year the sheet holds, where the table is split by year.
    pub year: Option<i32>,
    /// Lines below the header: one per report and table row.
    pub rows: usize,
    /// The reports on the sheet, by index into the list the plan was made from.
    #[serde(skip)]
    reports: Vec<usize>,
}

/// `name` and `suffix` within Excel's 31 characters, the suffix kept whole.
fn sheet_name(name: &str, suffix: &str) -> String {
    let room = NAME_CHARS.saturating_sub(suffix.chars().count());
    let mut out: String = name.chars().take(room).collect();
    out.push_str(suffix);
    out
}

/// Which sheets the workbook has: per table one sheet while its lines fit in `max_rows`
/// (the header included); otherwise a sheet per year, oldest first, and a year that still
/// does not fit in numbered sheets (`… 2022-1`, `… 2022-2`). A report's lines stay together.
pub fn plan_sheets(reports: &[&ReportData], script: Script, max_rows: usize) -> Vec<Sheet> {
    let room = max_rows.saturating_sub(1).max(1);
    let mut sheets = Vec::new();
    for (t, (code, label)) in TABLES.iter().enumerate() {
        let label = label.get(script);
        let rows = |i: &usize| reports[*i].layout.table_rows[t];
        let all: Vec<usize> = (0..reports.len()).collect();
        let total: usize = all.iter().map(rows).sum();
        let sheet = |name: String, year, list: Vec<usize>| Sheet {
            name,
            table: code,
            year,
            rows: list.iter().map(rows).sum(),
            reports: list,
        };
        if total <= room {
            sheets.push(sheet(sheet_name(label, ""), None, all));
            continue;
        }
        let mut years: std::collections::BTreeMap<i32, Vec<usize>> = Default::default();
        for i in all {
            years.entry(reports[i].year).or_default().push(i);
        }
        for (year, list) in years {
            if list.iter().map(rows).sum::<usize>() <= room {
                sheets.push(sheet(
                    sheet_name(label, &format!(" {year}")),
                    Some(year),
                    list,
                ));
                continue;
            }
            let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
            let mut filled = 0;
            for i in list {
                let n = rows(&i);
                if filled + n > room && filled > 0 {
                    parts.push(Vec::new());
                    filled = 0;
                }
                filled += n;
                if let Some(part) = parts.last_mut() {
                    part.push(i);
                }
            }
            for (k, part) in parts.into_iter().enumerate() {
                let name = sheet_name(label, &format!(" {year}-{}", k + 1));
                sheets.push(sheet(name, Some(year), part));
            }
        }
    }
    sheets
}

/// The date the workbook says it was made: the newest report's publication date, so that
/// the same reports make the same bytes (1980-01-01, the zip format's first day, if none has
/// one).
fn creation_date(reports: &[&ReportData]) -> rust_xlsxwriter::ExcelDateTime {
    use chrono::Datelike as _;
    let newest = reports
        .iter()
        .filter_map(|r| r.published.as_deref())
        .filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .max();
    newest
        .and_then(|d| {
            let (y, m, d) = (
                u16::try_from(d.year()).ok()?,
                d.month() as u8,
                d.day() as u8,
            );
            rust_xlsxwriter::ExcelDateTime::from_ymd(y, m, d).ok()
        })
        .or_else(|| rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1).ok())
        .unwrap_or_default()
}

/// The workbook, written to `w` sheet by sheet as [`plan_sheets`] laid out: official labels
/// as headers, a line per report and table row. Counts are numbers; amounts stay text,
/// exactly as published.
pub fn write_xlsx(
    reports: &[&ReportData],
    script: Script,
    sheets: &[Sheet],
    w: impl std::io::Write + Send,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, Workbook};
    let mut book = Workbook::new();
    // Same reports, same bytes: the creation time would otherwise be the time of the build.
    book.set_properties(&DocProperties::new().set_creation_datetime(&creation_date(reports)));
    // The fastest deflate level: the workbook is a few percent bigger and built several
    // times faster.
    book.set_zip_compression_level(1);
    let leading = lb::WORKBOOK_LEADING.map(|l| l.get(script));
    for plan in sheets {
        let code = plan.table;
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
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(&plan.name)?;
        for (c, h) in leading
            .iter()
            .chain(columns.iter().map(|(_, l)| l))
            .enumerate()
        {
            sheet.write_string(0, c as u16, *h)?;
        }
        let mut row = 0u32;
        for r in plan.reports.iter().filter_map(|&i| reports.get(i)) {
            let mut current = "";
            for f in r.figures().filter(|f| f.table == code) {
                if f.row_code != current {
                    current = f.row_code;
                    row += 1;
                    sheet.write_string(row, 0, &r.agency)?;
                    sheet.write_string(row, 1, &r.agency_name)?;
                    sheet.write_number(row, 2, f64::from(r.year))?;
                    sheet.write_string(row, 3, f.row)?;
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
                }?;
            }
        }
    }
    book.save_to_writer(w)
}

#[cfg(test)]
mod tests {
    use super::super::{Figure, ReportData, Value};
    use super::*;

    /// A report of `year` whose applications table has `rows` lines (and nothing else).
    fn report(agency: &str, year: i32, rows: usize) -> ReportData {
        const CODES: [&str; 40] = [
            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13",
            "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23", "r24", "r25",
            "r26", "r27", "r28", "r29", "r30", "r31", "r32", "r33", "r34", "r35", "r36", "r37",
            "r38", "r39",
        ];
        let figures: Vec<Figure> = CODES[..rows]
            .iter()
            .map(|&row_code| Figure {
                table: APPLICATIONS,
                table_label: "收到和处理政府信息公开申请情况",
                row_code,
                column_code: "total",
                row: row_code,
                column: "总计",
                value: Value::Int(1),
            })
            .collect();
        ReportData::new(
            agency.into(),
            agency.into(),
            year,
            2021,
            Some(format!("{}-01-31", year + 1)),
            (&figures, Script::Simplified),
        )
    }

    fn apps(sheets: &[Sheet]) -> Vec<(String, usize)> {
        sheets
            .iter()
            .filter(|s| s.table == APPLICATIONS)
            .map(|s| (s.name.clone(), s.rows))
            .collect()
    }

    #[test]
    fn a_table_that_fits_stays_one_sheet() {
        let reports: Vec<ReportData> = (0..3).map(|i| report(&format!("a{i}"), 2022, 5)).collect();
        let refs: Vec<&ReportData> = reports.iter().collect();
        // 15 lines and a header: exactly 16 rows.
        let sheets = plan_sheets(&refs, Script::Simplified, 16);
        assert_eq!(
            apps(&sheets),
            [("收到和处理政府信息公开申请情况".to_string(), 15)]
        );
        // One table per sheet, every table named, all within Excel's name limit.
        assert_eq!(sheets.len(), 3);
        assert!(sheets.iter().all(|s| s.name.chars().count() <= NAME_CHARS));
    }

    #[test]
    fn a_table_too_long_is_split_by_year_then_numbered_and_no_sheet_passes_the_limit() {
        // 2021: 2 reports of 5 lines (fits in 11 rows); 2022: 5 reports (25 lines, does not).
        let mut reports: Vec<ReportData> =
            (0..2).map(|i| report(&format!("a{i}"), 2021, 5)).collect();
        reports.extend((0..5).map(|i| report(&format!("b{i}"), 2022, 5)));
        let refs: Vec<&ReportData> = reports.iter().collect();
        let limit = 11;
        let sheets = plan_sheets(&refs, Script::Simplified, limit);
        let label = "收到和处理政府信息公开申请情况";
        assert_eq!(
            apps(&sheets),
            [
                (format!("{label} 2021"), 10),
                (format!("{label} 2022-1"), 10),
                (format!("{label} 2022-2"), 10),
                (format!("{label} 2022-3"), 5),
            ]
        );
        for s in &sheets {
            assert!(s.rows < limit, "{} has {} lines", s.name, s.rows);
            assert!(s.name.chars().count() <= NAME_CHARS);
        }
        // Every report is on exactly one applications sheet, of its own year.
        let mut seen: Vec<usize> = Vec::new();
        for s in sheets.iter().filter(|s| s.table == APPLICATIONS) {
            for &i in &s.reports {
                assert_eq!(Some(refs[i].year), s.year);
                seen.push(i);
            }
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..refs.len()).collect::<Vec<_>>());
        let names: std::collections::HashSet<&str> =
            sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), sheets.len(), "sheet names are unique");
    }

    #[test]
    fn the_workbook_has_the_planned_sheets_none_past_the_limit_and_the_same_bytes_twice() {
        use std::io::Read as _;
        let reports: Vec<ReportData> = (0..5).map(|i| report(&format!("b{i}"), 2022, 5)).collect();
        let refs: Vec<&ReportData> = reports.iter().collect();
        let sheets = plan_sheets(&refs, Script::Simplified, 11);
        let write = || {
            let mut bytes = Vec::new();
            write_xlsx(&refs, Script::Simplified, &sheets, &mut bytes).unwrap();
            bytes
        };
        let bytes = write();
        assert_eq!(bytes, write(), "same reports, same bytes");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut workbook = String::new();
        zip.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut workbook)
            .unwrap();
        for s in &sheets {
            assert!(
                workbook.contains(&format!("name=\"{}\"", s.name)),
                "{}",
                s.name
            );
        }
        for i in 1..=sheets.len() {
            let mut xml = String::new();
            zip.by_name(&format!("xl/worksheets/sheet{i}.xml"))
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            let rows = xml.matches("<row ").count();
            assert!(rows <= 11, "sheet {i} has {rows} rows");
        }
        let mut core = String::new();
        zip.by_name("docProps/core.xml")
            .unwrap()
            .read_to_string(&mut core)
            .unwrap();
        assert!(core.contains("2023-01-31T00:00:00Z"), "{core}");
    }
}
