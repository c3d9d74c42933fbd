//! Metadata a page states apart from its text, as the readers find it: government CMS pages print
//! it as lines (`时间：2023-02-14   作者：… 来源：…`), as a table above the article
//! (索引号 | … | 发布机构 | …), or in `<meta>` tags. Values are kept as the page wrote them.

use super::document::{Block, Paragraph, Pos, Table};

/// Keys read as metadata, longest first so `信息索引号` wins over `索引号`.
pub const KEYS: &[&str] = &[
    "信息索引号",
    "发布时间",
    "发布日期",
    "公开日期",
    "成文日期",
    "生成日期",
    "发文日期",
    "更新时间",
    "信息来源",
    "发布机构",
    "发文机关",
    "公开方式",
    "统计期限",
    "报告格式",
    "索引号",
    "来源",
    "时间",
    "日期",
];

/// Internal key of a CMS `ArticleTitle` meta tag (becomes the document title).
pub const ARTICLE_TITLE: &str = "标题";

/// The key a `<meta name=…>` tag's content is recorded under.
pub fn tag_key(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().as_str() {
        "pubdate"
        | "publishdate"
        | "publish_date"
        | "publishtime"
        | "firstpublishedtime"
        | "dc.date"
        | "dcterms.issued"
        | "article:published_time" => Some("发布时间"),
        "contentsource" | "source" => Some("来源"),
        "articletitle" => Some(ARTICLE_TITLE),
        _ => None,
    }
}

/// Keys whose value must be a date: `时间：` alone also starts ordinary sentences.
fn wants_date(key: &str) -> bool {
    matches!(key, "时间" | "日期")
}

const OPEN: &[char] = &['【', '[', '（', '(', '|', '丨', '】', ']', '）', ')'];

/// The key starting `text` and the byte offset just after its colon.
fn key_at(text: &str) -> Option<(&'static str, usize)> {
    for key in KEYS {
        if let Some(rest) = text.strip_prefix(key) {
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace());
            if let Some(after) = trimmed.strip_prefix([':', '：']) {
                return Some((key, text.len() - after.len()));
            }
        }
    }
    None
}

/// A key alone (`发布机构`, `索引号：`), as a `<dt>` or a label cell holds it.
fn bare_key(text: &str) -> Option<&'static str> {
    let t = text
        .trim_matches(|c: char| c.is_whitespace())
        .trim_end_matches([':', '：'])
        .trim_end_matches(|c: char| c.is_whitespace());
    KEYS.iter().copied().find(|k| *k == t)
}

/// The `(key, value)` pairs of a metadata line, or None when the line is not one.
pub fn parse_line(text: &str) -> Option<Vec<(&'static str, String)>> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    if t.chars().count() > 300 {
        return None;
    }
    let start = t.trim_start_matches(OPEN);
    key_at(start)?;
    // Every key occurrence at the start or after a blank or bracket.
    let mut found: Vec<(&'static str, usize, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in start.char_indices() {
        let boundary = prev.is_none_or(|p| p.is_whitespace() || OPEN.contains(&p));
        if boundary
            && let Some(rest) = start.get(i..)
            && let Some((key, after)) = key_at(rest)
        {
            found.push((key, i, i + after));
        }
        prev = Some(c);
    }
    let mut out = Vec::new();
    for (n, &(key, _, value_start)) in found.iter().enumerate() {
        let end = found.get(n + 1).map_or(start.len(), |next| next.1);
        let raw = start.get(value_start..end).unwrap_or("");
        let value = cut_value(raw);
        if value.is_empty() || (wants_date(key) && !value.starts_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        out.push((key, value));
    }
    (!out.is_empty()).then_some(out)
}

/// A value ends where another label (`浏览次数：`) starts after a blank.
fn cut_value(raw: &str) -> String {
    let mut end = raw.len();
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_whitespace() {
            continue;
        }
        let rest = raw
            .get(i..)
            .unwrap_or("")
            .trim_start_matches(|c: char| c.is_whitespace());
        let label: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ':' && *c != '：')
            .collect();
        let after = rest.get(label.len()..).unwrap_or("");
        if !label.is_empty()
            && label.chars().count() <= 8
            && !label.starts_with(|c: char| c.is_ascii_digit())
            && after.starts_with([':', '：'])
        {
            end = i;
            break;
        }
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
    }
    raw.get(..end)
        .unwrap_or("")
        .trim_matches(|c: char| c.is_whitespace() || OPEN.contains(&c))
        .to_string()
}

/// Take the metadata out of `blocks`: metadata lines, key/value paragraph pairs (`<dt>`/`<dd>`)
/// and metadata tables go to `meta`; blocks outside the article (`false`) are dropped.
pub fn split_off(blocks: Vec<(bool, Block)>, meta: &mut Vec<(String, String, Pos)>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut iter = blocks.into_iter().peekable();
    while let Some((inside, block)) = iter.next() {
        match block {
            Block::Paragraph(p) => {
                if let Some(pairs) = parse_line(&p.text) {
                    meta.extend(pairs.into_iter().map(|(k, v)| (k.to_string(), v, p.pos)));
                    continue;
                }
                if let Some(key) = bare_key(&p.text)
                    && let Some((_, Block::Paragraph(next))) = iter.peek()
                    && bare_key(&next.text).is_none()
                    && parse_line(&next.text).is_none()
                    // A value, not a paragraph of text under a heading that happens to be a key.
                    && next.text.chars().count() <= 60
                    && !next.text.contains('。')
                {
                    let value = next.text.trim().to_string();
                    if !wants_date(key) || value.starts_with(|c: char| c.is_ascii_digit()) {
                        meta.push((key.to_string(), value, p.pos));
                        iter.next();
                        continue;
                    }
                }
                if inside {
                    out.push(Block::Paragraph(p));
                }
            }
            Block::Table(t) => {
                if let Some(pairs) = table_meta(&t) {
                    meta.extend(pairs);
                    continue;
                }
                if inside {
                    out.push(Block::Table(t));
                }
            }
        }
    }
    out
}

/// The pairs of a metadata table (索引号 | xxx | 发布机构 | xxx), or None for any other table.
fn table_meta(t: &Table) -> Option<Vec<(String, String, Pos)>> {
    let cells: Vec<&super::document::Cell> = t
        .rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(move |(c, cell)| cell.origin == (r, *c))
        })
        .map(|(_, cell)| cell)
        .filter(|cell| !cell.text.trim().is_empty())
        .collect();
    let keyed = cells
        .iter()
        .filter(|c| bare_key(&c.text).is_some() || key_at(c.text.trim()).is_some())
        .count();
    if keyed < 2 || keyed * 3 < cells.len() {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(cell) = cells.get(i) {
        i += 1;
        if let Some(key) = bare_key(&cell.text) {
            if let Some(next) = cells.get(i)
                && bare_key(&next.text).is_none()
            {
                out.push((key.to_string(), next.text.trim().to_string(), cell.pos));
                i += 1;
            }
        } else if let Some(pairs) = parse_line(&cell.text) {
            out.extend(pairs.into_iter().map(|(k, v)| (k.to_string(), v, cell.pos)));
        }
    }
    Some(out)
}

/// A paragraph as the readers build it.
pub fn paragraph(text: String, pos: Pos) -> Paragraph {
    Paragraph {
        text,
        bold_lead: None,
        heading: None,
        pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cms_lines_split_into_pairs() {
        let pairs = parse_line(
            "时间：2023-02-14 10:30:00\u{a0}\u{a0} 作者：办公室  来源：大通湖区  浏览次数：",
        )
        .unwrap();
        assert_eq!(
            pairs,
            vec![
                ("时间", "2023-02-14 10:30:00".to_string()),
                ("来源", "大通湖区".to_string()),
            ]
        );
        let pairs = parse_line("【发布日期：2024年01月22日】【信息来源：区政府办】").unwrap();
        assert_eq!(
            pairs,
            vec![
                ("发布日期", "2024年01月22日".to_string()),
                ("信息来源", "区政府办".to_string())
            ]
        );
        assert!(parse_line("时间：抓紧落实").is_none());
        assert!(parse_line("2023年度，我单位……").is_none());
    }
}
