//! Metadata a document states: agency, year, title, publication date, 信息索引号, signature.
//! Nothing is invented: a date is taken only from the page's metadata or the date under the
//! signature.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::document::Document;
use super::norm::{has_any, norm, strip_glosses};
use super::place::{Line, part_heading};
use crate::model::labels::{
    IMPORT_CHROME, IMPORT_CHROME_WEAK, IMPORT_MARKS_PRE_2019, IMPORT_META_WORDS,
};

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})年度?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?报告")
        .expect("valid regex")
});
static META_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:发布时间|发布日期|公开日期|发文日期|时间|日期)[:]?([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})")
        .expect("valid regex")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$").expect("valid regex")
});
/// A date at the start of a metadata value (`2024-01-22 10:30`, `2024年1月22日`).
static VALUE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})").expect("valid regex")
});
static INDEX_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"索引号[:]?([0-9A-Za-z][0-9A-Za-z\-/_.]*[0-9A-Za-z])").expect("valid regex")
});

/// What the document says about itself.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// The title as the document writes it (glosses removed).
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// Where the date was read, for the run's report.
    pub published_from: Option<String>,
    pub index_no: Option<String>,
    pub signed_by: Option<String>,
    /// Lines that hold the title, the agency line above it and the signature: not narrative.
    pub consumed: Vec<usize>,
    /// Why the report is older than the 2019 format, when it is.
    pub pre_2019: Option<String>,
    /// The titles of other reports found in the same document (a page holding two reports).
    pub other_titles: Vec<String>,
    /// The title's line: short lines above it are the page's column and site names.
    pub title_line: Option<usize>,
}

/// The display form of a line: glosses removed, spaces at the ends trimmed.
pub fn clean(text: &str) -> String {
    strip_glosses(text)
        .replace(['\u{a0}', '\u{3000}', '\t', '\u{c}'], " ")
        .trim()
        .to_string()
}

pub fn is_chrome(n: &str) -> bool {
    let len = n.chars().count();
    (len <= 40 && (has_any(n, IMPORT_CHROME) || n.starts_with('•')))
        || (len <= 12 && has_any(n, IMPORT_CHROME_WEAK))
}

pub fn is_meta_line(n: &str) -> bool {
    n.chars().count() <= 160
        && IMPORT_META_WORDS.iter().filter(|w| n.contains(*w)).count() >= 1
        && !n.contains('。')
}

fn date(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

pub fn read_meta(doc: &Document, lines: &[Line], table_lines: &[bool]) -> Meta {
    let mut meta = Meta::default();
    let first_part = lines.iter().position(|l| part_heading(l) == Some(0));
    let head_end = first_part.unwrap_or(lines.len().min(30));

    // Title: the page title, else the first line naming a year's report.
    let mut title_at: Option<usize> = None;
    for (i, l) in lines
        .iter()
        .enumerate()
        .take(head_end.max(1).min(lines.len()))
    {
        if table_lines.get(i).copied().unwrap_or(false) {
            continue;
        }
        let n = l.norm.as_str();
        if n.chars().count() <= 80 && TITLE.is_match(n) && !n.contains("内容概述") {
            title_at = Some(i);
            break;
        }
    }
    // A page title often carries the site's name after the report's: 《…年度报告_某某市人民政府》.
    let page_title = doc.title.as_deref().map(|t| {
        let t = clean(t);
        match t.rfind("报告").or_else(|| t.rfind("報告")) {
            Some(at) => t[..at + "报告".len()].to_string(),
            None => t,
        }
    });
    let title_text = title_at.map(|i| clean(&lines[i].text)).or(page_title);
    if let Some(t) = &title_text {
        let n = norm(t);
        if let Some(c) = TITLE.captures(&n) {
            meta.year = c.get(1).and_then(|y| y.as_str().parse().ok());
            // The agency is what precedes the year in the title.
            let year = c.get(1).map_or("", |y| y.as_str());
            if let Some(cut) = t.find(year) {
                let prefix = t[..cut].trim().trim_end_matches(['关', '于']).trim();
                if prefix.chars().count() >= 2 {
                    meta.agency = Some(prefix.to_string());
                }
            }
        }
        meta.title = Some(t.clone());
    }
    meta.title_line = title_at;
    if let Some(i) = title_at {
        meta.consumed.push(i);
        // Repeats of the title (page header, breadcrumb) go with it.
        let t = lines[i].norm.as_str();
        for (j, l) in lines.iter().enumerate().take(head_end) {
            let n = l.norm.as_str();
            if j != i && !n.is_empty() && (n == t || t.ends_with(&n) && TITLE.is_match(n)) {
                meta.consumed.push(j);
            }
        }
    }
    // Agency on its own line above the title.
    let first_named = lines
        .iter()
        .enumerate()
        .take(title_at.unwrap_or(0))
        .find(|(i, l)| {
            let n = l.norm.as_str();
            !n.is_empty()
                && n.chars().count() <= 30
                && !is_chrome(n)
                && !is_meta_line(n)
                && !n.chars().any(|c| c.is_ascii_digit())
                && !meta.consumed.contains(i)
                && n.ends_with([
                    '会', '局', '府', '区', '室', '院', '委', '厅', '部', '办', '所', '站', '心',
                    '队', '镇', '乡', '街', '处', '司',
                ])
        })
        .map(|(i, l)| (i, clean(&l.text)));
    if let Some((i, name)) = first_named {
        meta.consumed.push(i);
        if meta.agency.is_none() {
            meta.agency = Some(name);
        }
    }

    // 信息索引号 and the publication date from the page's metadata.
    for (k, v, _) in &doc.meta {
        let kn = norm(k);
        let vn = norm(v);
        if kn.contains("索引号") && meta.index_no.is_none() && !vn.is_empty() {
            meta.index_no = Some(v.trim().to_string());
        }
        if meta.published.is_none()
            && (kn.contains("发布") || kn.contains("公开日期") || kn == "时间" || kn == "日期")
            && let Some(c) = VALUE_DATE.captures(&vn)
        {
            meta.published = date(&c[1], &c[2], &c[3]);
            meta.published_from = Some(format!("页面信息“{}”", k.trim()));
        }
        // A title without the agency (nianbao's own default, many CMS pages): the page's
        // 发布机构 names it.
        if meta.agency.is_none() && kn.contains("发布机构") && !vn.is_empty() {
            meta.agency = Some(v.trim().to_string());
        }
    }
    for (i, l) in lines
        .iter()
        .enumerate()
        .take(head_end.max(12).min(lines.len()))
    {
        let n = l.norm.as_str();
        if meta.index_no.is_none()
            && let Some(c) = INDEX_NO.captures(n)
        {
            meta.index_no = Some(c[1].to_string());
        }
        // Only a page's metadata line states the date: not a sentence, not a period.
        if meta.published.is_some()
            || table_lines.get(i).copied().unwrap_or(false)
            || n.contains(['。', '至'])
            || n.contains("统计")
            || n.contains("期限")
        {
            continue;
        }
        // 生成日期 and 成文日期 are when the file was made, not published.
        for c in META_DATE.captures_iter(n) {
            let at = c.get(0).map_or(0, |m| m.start());
            let before = &n[..at];
            if before.ends_with("生成") || before.ends_with("成文") {
                continue;
            }
            if let Some(d) = date(&c[1], &c[2], &c[3]) {
                meta.published = Some(d);
                meta.published_from = Some(format!("第 {} 行的页面信息", l.pos.line));
                break;
            }
        }
    }

    // The signature: the date on the last lines and the name above it.
    let tail: Vec<usize> = (0..lines.len())
        .rev()
        .filter(|&i| {
            let n = lines[i].norm.as_str();
            !n.is_empty() && !is_chrome(n) && !table_lines.get(i).copied().unwrap_or(false)
        })
        .take(4)
        .collect();
    for (k, &i) in tail.iter().enumerate() {
        let n = lines[i].norm.as_str();
        if let Some(c) = DATE_LINE.captures(n) {
            let d = date(&c[1], &c[2], &c[3]);
            if d.is_some() {
                meta.consumed.push(i);
                if meta.published.is_none() {
                    meta.published = d;
                    meta.published_from = Some(format!("第 {} 行落款日期", lines[i].pos.line));
                }
                if let Some(&j) = tail.get(k + 1) {
                    let s = clean(&lines[j].text);
                    let sn = norm(&s);
                    if sn.chars().count() <= 40
                        && !sn.contains('。')
                        && part_heading(&lines[j]).is_none()
                        && !sn.ends_with(['：', ':'])
                    {
                        meta.signed_by = Some(s);
                        meta.consumed.push(j);
                    }
                }
            }
            break;
        }
        // A garbled date under a signature (20241): the signature is still the name above.
        if n.chars().all(|c| c.is_ascii_digit()) && n.len() <= 8 && k == 0 {
            meta.consumed.push(i);
            if let Some(&j) = tail.get(1) {
                let s = clean(&lines[j].text);
                let sn = norm(&s);
                if sn.chars().count() <= 40
                    && !sn.contains('。')
                    && part_heading(&lines[j]).is_none()
                {
                    meta.signed_by = Some(s);
                    meta.consumed.push(j);
                }
            }
            break;
        }
    }

    // A second report on the same page: another title line naming a different report. A
    // title of the same year above the first table is the same report named twice (the CMS
    // heading and the article's own, often with the office's fuller name).
    let year_of = |n: &str| {
        TITLE
            .captures(n)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string())
    };
    let first_table = table_lines.iter().position(|&t| t).unwrap_or(lines.len());
    if let Some(first) = title_at.map(|i| lines[i].norm.clone()) {
        let first_year = year_of(&first);
        for (i, l) in lines.iter().enumerate() {
            if i < first_table && year_of(&l.norm) == first_year {
                continue;
            }
            let n = l.norm.as_str();
            if Some(i) == title_at
                || table_lines.get(i).copied().unwrap_or(false)
                || n.chars().count() > 60
                || !n.ends_with("报告")
                || !TITLE.is_match(n)
                || n == first
                || first.ends_with(&n)
                || n.ends_with(&first)
            {
                continue;
            }
            meta.other_titles.push(clean(&l.text));
        }
    }

    // Older than the 2019 format.
    if meta.year.is_some_and(|y| y <= 2018) {
        meta.pre_2019 = Some(format!(
            "这是{}年度的报告：2019年版格式（国办公开办函〔2019〕60号）之前的报告用的是旧的“政府信息公开情况统计表”，与现行表格不对应",
            meta.year.unwrap_or_default()
        ));
    } else {
        let all: String = lines
            .iter()
            .map(|l| l.norm.clone())
            .collect::<Vec<_>>()
            .join("\n");
        let marks: Vec<&&str> = IMPORT_MARKS_PRE_2019
            .iter()
            .filter(|m| all.contains(**m))
            .collect();
        if all.contains(IMPORT_MARKS_PRE_2019[0]) || marks.len() >= 2 {
            meta.pre_2019 = Some(format!(
                "表格是2019年版格式之前的“政府信息公开情况统计表”（如“{}”），与现行表格不对应",
                marks.first().map_or("", |m| **m)
            ));
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::{Block, Paragraph, Pos, SourceKind};
    use crate::import::place::lines;

    #[test]
    fn page_metadata_from_an_html_reader() {
        let doc = Document {
            path: "x.html".into(),
            kind: SourceKind::Html,
            title: Some("某某局2023年政府信息公开工作年度报告_某某市人民政府".into()),
            meta: vec![
                (
                    "发布时间".into(),
                    "2024-01-22 10:30:00".into(),
                    Pos::default(),
                ),
                ("索引号".into(), "114403/2024-00012".into(), Pos::default()),
            ],
            blocks: vec![Block::Paragraph(Paragraph {
                text: "一、总体情况".into(),
                ..Paragraph::default()
            })],
        };
        let ls = lines(&doc);
        let meta = read_meta(&doc, &ls, &vec![false; ls.len()]);
        assert_eq!(
            meta.title.as_deref(),
            Some("某某局2023年政府信息公开工作年度报告")
        );
        assert_eq!(meta.agency.as_deref(), Some("某某局"));
        assert_eq!(meta.year, Some(2023));
        assert_eq!(meta.published, NaiveDate::from_ymd_opt(2024, 1, 22));
        assert_eq!(meta.index_no.as_deref(), Some("114403/2024-00012"));
    }
}
