//! `/data/`: which portal-wide files a portal gets, and the Frictionless data package
//! describing them.
use serde::Serialize;

use super::layout::ReportData;
use super::xlsx::{EXCEL_ROWS, Sheet, plan_sheets};
use super::{csv, json, lb};
use crate::model::labels::Script;

/// A portal-wide file larger than this (about 50 MB) is offered gzip-compressed only: a
/// download that size is for programs, which read `.gz` directly.
pub const PLAIN_LIMIT: u64 = 50_000_000;

/// The files of `/data/`. The tidy CSV and the JSON are always there gzip-compressed
/// (`nianbao.csv.gz`, `nianbao.json.gz`, a stable address whatever the portal's size), and
/// uncompressed as well while they stay under [`PLAIN_LIMIT`].
#[derive(Clone, Debug, Serialize)]
pub struct Downloads {
    /// `nianbao.csv` beside `nianbao.csv.gz`.
    pub plain_csv: bool,
    /// `nianbao.json` beside `nianbao.json.gz`.
    pub plain_json: bool,
    /// The sheets of `nianbao.xlsx`.
    pub sheets: Vec<Sheet>,
}

impl Downloads {
    /// The plan for these reports; cheap, so the download page and the writer each make it.
    pub fn plan(reports: &[&ReportData], script: Script) -> Downloads {
        Downloads {
            plain_csv: csv::portal_csv_len(reports, PLAIN_LIMIT).is_some(),
            plain_json: json::portal_json_len(reports, PLAIN_LIMIT).is_some(),
            sheets: plan_sheets(reports, script, EXCEL_ROWS),
        }
    }

    /// The Frictionless data package describing `/data/`.
    pub fn datapackage(&self, title: &str, script: Script) -> serde_json::Value {
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
        let schema = serde_json::json!({
            "fields": fields(&note),
            "missingValues": [""],
            "primaryKey": ["agency", "year", "table", "row", "column"],
        });
        let mut resources = Vec::new();
        if self.plain_csv {
            resources.push(serde_json::json!({
                "name": "figures",
                "path": "nianbao.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }));
        }
        resources.push(serde_json::json!({
            "name": "figures-gz",
            "path": "nianbao.csv.gz",
            "profile": "tabular-data-resource",
            "format": "csv",
            "compression": "gz",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }));
        resources.push(serde_json::json!({
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
        }));
        if self.plain_json {
            resources.push(serde_json::json!(
                {"name": "reports", "path": "nianbao.json", "format": "json", "mediatype": "application/json", "encoding": "utf-8"}
            ));
        }
        resources.push(serde_json::json!(
            {"name": "reports-gz", "path": "nianbao.json.gz", "format": "json", "compression": "gz", "mediatype": "application/json", "encoding": "utf-8"}
        ));
        let sheets: Vec<serde_json::Value> = self
            .sheets
            .iter()
            .map(|s| serde_json::json!({"name": s.name, "table": s.table, "year": s.year, "rows": s.rows}))
            .collect();
        resources.push(serde_json::json!({
            "name": "workbook",
            "path": "nianbao.xlsx",
            "format": "xlsx",
            "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "description": "每张表一个工作表；行数超过 Excel 上限（1,048,576 行）的表按年度分为多个工作表，一个年度仍超过的再分为编号的工作表",
            "sheets": sheets,
        }));
        serde_json::json!({
            "name": "nianbao",
            "title": title,
            "profile": "tabular-data-package",
            "resources": resources,
        })
    }
}
