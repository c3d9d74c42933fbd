//! The Frictionless data package describing `/data/`.
use super::lb;
use crate::model::labels::Script;

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
