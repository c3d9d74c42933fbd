//! The workbook `nianbao.xlsx`.
use super::layout::ReportData;
use super::{APPLICANT_CODES, APPLICATIONS, CASE_CODES, PROACTIVE, TABLES, Value, lb};
use crate::model::labels::{APPLICANT_COLUMNS, CASE_COLUMNS, Label, Script};

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
