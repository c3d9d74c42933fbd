//! R001 and R002: names that the built site could not hold. An agency folder or free page
//! named like a page the site makes itself (`years`, `data`, `404.html`…), two of them with one
//! name, control characters in a name, or a name longer than a spreadsheet cell would make
//! `build` fail (or write broken XML) after a clean `check`: they are findings here instead.

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Rule};
use crate::source::{SourceFile, Span};

/// Top-level paths the site writes or will write: a folder or page with one of these names
/// would collide with them.
pub const RESERVED: &[&str] = &[
    "years",
    "data",
    "sitemap",
    "search",
    "compare",
    "static",
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
];

/// Excel's limit on the characters of one cell: the workbook holds agency names.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Why `name` cannot be the URL segment of an agency or page, if it cannot.
pub fn name_problem(name: &str) -> Option<String> {
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)) || name.starts_with("__nianbao") {
        return Some(format!(
            "“{name}”是网站自己要用的路径（{}）",
            RESERVED.join("、")
        ));
    }
    if name.chars().any(char::is_control) {
        return Some("名称中有控制字符".to_string());
    }
    None
}

fn at_start(file: &Arc<SourceFile>, rule: Rule, message: String) -> Diagnostic {
    Diagnostic::new(rule, file, Span::new(0, file.text.len().min(3)), message)
}

pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut taken: HashMap<String, &str> = HashMap::new();
    for a in &site.agencies {
        if let Some(problem) = name_problem(&a.slug) {
            out.push(
                at_start(&a.file, Rule::R001, format!("机构目录名不可用：{problem}"))
                    .help("把机构目录改名，如 years → years-office；网址中的名称随之改变"),
            );
        }
        taken.insert(a.slug.to_lowercase(), "机构目录");
        if let Some(name) = &a.name
            && name.value.chars().count() > MAX_CELL_CHARS
        {
            out.push(
                Diagnostic::new(
                    Rule::R002,
                    &a.file,
                    name.span,
                    format!(
                        "机构全称有 {} 个字符，超过表格单元格 {MAX_CELL_CHARS} 个字符的上限，数据下载无法生成",
                        name.value.chars().count()
                    ),
                )
                .help("name 只写机构全称；介绍写在 _index.md 的正文中"),
            );
        }
    }
    for p in &site.pages {
        let problem = name_problem(&p.slug).or_else(|| {
            taken
                .get(&p.slug.to_lowercase())
                .map(|what| format!("已有同名的{what}“{}”", p.slug))
        });
        if let Some(problem) = problem {
            out.push(
                at_start(&p.file, Rule::R001, format!("页面文件名不可用：{problem}"))
                    .help("给页面文件改名：网址 /<文件名>/ 不能与机构或网站自己的路径相同"),
            );
        }
    }
    out
}
