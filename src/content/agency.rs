//! Agency files `content/<agency>/_index.md` (spec §3) and free pages `content/<name>.md`.

use std::sync::Arc;

use super::fields::{Fields, get};
use super::read::front_matter;
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::{Agency, Page};
use crate::source::{SourceFile, Span};

const AGENCY_KEYS: &[&str] = &[
    "name",
    "short_name",
    "category",
    "region",
    "credit_code",
    "since",
    "until",
    "website",
    "address",
    "phone",
];
const PAGE_KEYS: &[&str] = &["title", "description", "draft", "weight"];

pub fn read_agency(slug: &str, file: Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Agency {
    let mut a = Agency {
        slug: slug.to_string(),
        file: Arc::clone(&file),
        name: None,
        short_name: None,
        category: None,
        region: None,
        credit_code: None,
        since: None,
        until: None,
        website: None,
        address: None,
        phone: None,
        body: Span::new(0, file.text.len()),
    };
    let Some(fm) = front_matter(&file, "name: 机构全称", diags) else {
        return a;
    };
    a.body = fm.split.body;
    let empty = fm.is_empty(&file);
    let mut f = Fields { file: &file, diags };
    let entries = match &fm.root {
        Some(r) => match f.map(r, "机构信息", "name: 机构全称") {
            Some(e) => e,
            None => return a,
        },
        None if empty => &[],
        None => return a,
    };
    f.check_keys(entries, "机构信息", AGENCY_KEYS, &[]);
    for (key, slot, what) in [
        ("name", &mut a.name, "机构全称 name"),
        ("short_name", &mut a.short_name, "简称 short_name"),
        ("category", &mut a.category, "分类 category"),
        ("region", &mut a.region, "地区 region"),
        (
            "credit_code",
            &mut a.credit_code,
            "统一社会信用代码 credit_code",
        ),
        ("website", &mut a.website, "网站 website"),
        ("address", &mut a.address, "地址 address"),
        ("phone", &mut a.phone, "电话 phone"),
    ] {
        if let Some((_, v)) = get(entries, key) {
            *slot = f.text(v, what);
        }
    }
    if let Some((_, v)) = get(entries, "since").filter(|(_, v)| !v.is_null()) {
        a.since = f.year(v, "起始年度 since");
    }
    if let Some((_, v)) = get(entries, "until").filter(|(_, v)| !v.is_null()) {
        a.until = f.year(v, "终止年度 until");
    }
    if a.name.as_ref().is_none_or(|n| n.value.is_empty()) {
        f.push(
            f.at(
                Rule::S005,
                Span::new(0, 3),
                format!("机构“{slug}”缺少必填项 name（机构全称）"),
            )
            .help("在 _index.md 的前置数据中加上 name: 机构全称"),
        );
    }
    a
}

/// A free page; its front matter is optional.
pub fn read_page(slug: &str, file: Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Page {
    let mut p = Page {
        slug: slug.to_string(),
        file: Arc::clone(&file),
        title: None,
        draft: false,
        body: Span::new(0, file.text.len()),
    };
    if !file.text.starts_with("---") {
        return p;
    }
    let Some(fm) = front_matter(&file, "title: 页面标题", diags) else {
        return p;
    };
    p.body = fm.split.body;
    let Some(root) = fm.root else { return p };
    let mut f = Fields { file: &file, diags };
    let Some(entries) = f.map(&root, "页面信息", "title: 页面标题") else {
        return p;
    };
    f.check_keys(entries, "页面信息", PAGE_KEYS, &[]);
    if let Some((_, v)) = get(entries, "title") {
        p.title = f.text(v, "标题 title");
    }
    if let Some((_, v)) = get(entries, "description") {
        f.text(v, "描述 description");
    }
    if let Some((_, v)) = get(entries, "weight") {
        f.count(v, "排序 weight");
    }
    if let Some((_, v)) = get(entries, "draft") {
        p.draft = f.boolean(v, "draft").unwrap_or(false);
    }
    p
}
