//! The import readers on the page shapes real government sites publish reports in: each
//! fixture in tests/import/fixtures/ (see its README) read into a `Document` whose tables,
//! paragraphs and metadata are what the page shows, with the chrome around it gone.

mod common;

use std::path::{Path, PathBuf};

use nianbao::import::document::{Block, Document, Paragraph, SourceKind, Table};
use nianbao::import::read::{self, ReadError, Sniffed};

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/import/fixtures").join(name)
}

fn read_fixture(name: &str) -> Document {
    let path = fixture(name);
    let bytes = std::fs::read(&path).expect("fixture exists");
    read::read(&path, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

fn paragraphs(doc: &Document) -> Vec<&Paragraph> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect()
}

fn text(t: &Table, row: usize, col: usize) -> &str {
    t.rows
        .get(row)
        .and_then(|r| r.get(col))
        .map(|c| c.text.as_str())
        .unwrap_or_else(|| panic!("no cell ({row}, {col})"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The grid row whose label cells (before the first of `label_cols`) read `label`.
fn row_of(t: &Table, label_cols: usize, label: &str) -> Option<usize> {
    t.rows.iter().position(|row| {
        let mut labels: Vec<String> = Vec::new();
        for cell in row.iter().take(label_cols) {
            let s = squash(&cell.text);
            if labels.last() != Some(&s) {
                labels.push(s);
            }
        }
        labels.concat() == squash(label)
    })
}

/// The figures of a row: its own cells (not span copies) after the label columns.
fn values(t: &Table, label_cols: usize, label: &str) -> Vec<String> {
    let r = row_of(t, label_cols, label).unwrap_or_else(|| panic!("no row {label}"));
    let mut v: Vec<String> = t.rows[r]
        .iter()
        .enumerate()
        .skip(label_cols)
        .filter(|(c, cell)| cell.origin == (r, *c))
        .map(|(_, cell)| cell.text.clone())
        .collect();
    // Empty cells a converter padded the row with are no figures.
    while v.last().is_some_and(|t| t.is_empty()) {
        v.pop();
    }
    v
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn meta<'a>(doc: &'a Document, key: &str) -> Option<&'a str> {
    doc.meta
        .iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, v, _)| v.as_str())
}

/// Nothing of the page around the article: navigation, breadcrumbs, tools, share widgets,
/// scripts, related links, footer.
fn assert_no_chrome(doc: &Document) {
    const CHROME: &[&str] = &[
        "当前位置",
        "打印",
        "关闭窗口",
        "分享到",
        "相关链接",
        "主办单位",
        "网站标识码",
        "字号",
        "政务公开 >",
        "document.write",
        "window.",
        "_bd_share",
        "中国政府网",
        "浏览次数",
        "相关文章",
        "跳到正文",
    ];
    const WHOLE: &[&str] = &[
        "信息公开目录",
        "首页",
        "微信",
        "大 中 小",
        "搜索",
        "数据下载",
    ];
    for p in paragraphs(doc) {
        for chrome in CHROME {
            assert!(
                !p.text.contains(chrome),
                "chrome {chrome:?} kept in {:?}",
                p.text
            );
        }
        assert!(
            !WHOLE.contains(&p.text.as_str()),
            "chrome {:?} kept",
            p.text
        );
    }
}

/// The narrative's part headings, in order, each once.
fn assert_parts_in_order(doc: &Document) {
    let texts: Vec<&str> = paragraphs(doc).iter().map(|p| p.text.as_str()).collect();
    let mut last = 0;
    for part in [
        "一、",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        let at = texts
            .iter()
            .position(|t| t.starts_with(part))
            .unwrap_or_else(|| panic!("no part {part} in {texts:?}"));
        assert!(at >= last, "{part} out of order");
        last = at;
    }
}

/// The three official tables of the 2021 format with 青禾县's figures of
/// make_html.py (QINGHE_2023), wherever the page put them.
fn assert_qinghe_2023_tables(doc: &Document) {
    assert_qinghe_2023_grids(doc, true);
}

/// `lines`: whether the source has lines to point at (not DOCX or PDF).
fn assert_qinghe_2023_grids(doc: &Document, lines: bool) {
    let t = tables(doc);
    assert_eq!(t.len(), 3, "three tables");
    let (p, a, r) = (t[0], t[1], t[2]);
    // Table 2: 14 rows of four columns, the single-figure rows spanning three columns.
    assert_eq!(p.rows.len(), 14);
    assert_eq!(squash(text(p, 1, 1)), "本年制发件数");
    assert_eq!(values(p, 1, "规章"), strs(&["0", "1", "2"]));
    assert_eq!(values(p, 1, "行政规范性文件"), strs(&["13", "4", "57"]));
    assert_eq!(values(p, 1, "行政许可"), strs(&["1386"]));
    let licensing = row_of(p, 1, "行政许可").expect("row");
    assert_eq!(
        p.rows[licensing][3].origin,
        (licensing, 1),
        "colspan=3 covers columns 1-3"
    );
    assert_eq!(text(p, licensing, 3), "1386");
    assert_eq!(values(p, 1, "行政处罚"), strs(&["92"]));
    assert_eq!(values(p, 1, "行政强制"), strs(&["5"]));
    assert_eq!(values(p, 1, "行政事业性收费"), strs(&["31.75"]));

    // Table 3: 28 rows of ten columns once the spans are resolved.
    assert_eq!(a.rows.len(), 28, "no trailing empty row");
    assert!(a.rows.iter().all(|r| r.len() == 10));
    assert_eq!(
        a.rows[1][0].origin,
        (0, 0),
        "the note spans three rows and columns"
    );
    assert_eq!(a.rows[2][9].origin, (1, 9), "总计 spans two rows");
    assert_eq!(
        values(a, 3, "一、本年新收政府信息公开申请数量"),
        strs(&["41", "6", "0", "1", "2", "0", "50"])
    );
    assert_eq!(
        values(a, 3, "二、上年结转政府信息公开申请数量"),
        strs(&["3", "0", "0", "0", "0", "0", "3"])
    );
    assert_eq!(
        values(a, 3, "三、本年度办理结果（一）予以公开"),
        strs(&["18", "2", "0", "1", "0", "0", "21"])
    );
    assert_eq!(
        values(
            a,
            3,
            "三、本年度办理结果（四）无法提供1.本机关不掌握相关政府信息"
        ),
        strs(&["9", "2", "0", "0", "1", "0", "12"])
    );
    assert_eq!(
        values(a, 3, "三、本年度办理结果（六）其他处理3.其他"),
        strs(&["0", "0", "0", "0", "1", "0", "1"])
    );
    assert_eq!(
        values(a, 3, "三、本年度办理结果（七）总计"),
        strs(&["42", "6", "0", "1", "2", "0", "51"])
    );
    assert_eq!(
        values(a, 3, "四、结转下年度继续办理"),
        strs(&["2", "0", "0", "0", "0", "0", "2"])
    );
    // 三、本年度办理结果 spans rows 5 to 26 in column 0.
    for row in 5..=26 {
        assert_eq!(a.rows[row][0].origin, (5, 0), "row {row}");
    }

    // Table 4: the 15 figures of review and litigation in one row.
    assert_eq!(r.rows.len(), 4);
    let figures: Vec<&str> = r.rows[3].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        figures,
        [
            "3", "1", "0", "1", "5", "2", "0", "0", "1", "3", "1", "0", "0", "0", "1"
        ]
    );
    assert_eq!(r.rows[2][3].origin, (1, 3), "尚未审结 spans two rows");

    // Every cell knows where it came from.
    for (i, table) in t.iter().enumerate() {
        for (row, cells) in table.rows.iter().enumerate() {
            for (col, cell) in cells.iter().enumerate() {
                let at = cell.pos.cell.expect("cell position");
                assert_eq!((at.table, at.row, at.col), (i, row, col));
                assert!(!lines || cell.pos.line > 0, "source line of ({row}, {col})");
            }
        }
    }
}

#[test]
fn word_export_inside_a_cms_article() {
    let doc = read_fixture("word_cms.html");
    assert_eq!(doc.kind, SourceKind::Html);
    assert_eq!(
        doc.title.as_deref(),
        Some("青禾县自然资源局2023年政府信息公开工作年度报告")
    );
    assert_qinghe_2023_tables(&doc);
    let a = tables(&doc)[1];
    // Header cells typed one character per <p>, or split over two <p>.
    assert_eq!(text(a, 0, 3), "申\n请\n人\n情\n况");
    assert_eq!(text(a, 1, 3), "自\n然\n人");
    assert_eq!(text(a, 2, 4), "商业\n企业");
    assert_eq!(text(a, 1, 9), "总\n计");
    // A label split over two <p>, and labels padded with &nbsp; runs.
    assert_eq!(
        text(a, 6, 1),
        "（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）"
    );
    assert_eq!(text(a, 7, 2), "1.属于国家秘密");
    // The metadata table and the 发布时间 line, and the CMS's <meta> tags.
    assert_eq!(meta(&doc, "索引号"), Some("QH-0012/2024-00031"));
    assert_eq!(meta(&doc, "发布机构"), Some("青禾县自然资源局"));
    assert_eq!(meta(&doc, "生成日期"), Some("2024-01-25"));
    assert_eq!(meta(&doc, "发布时间"), Some("2024-01-25 09:30"));
    assert_eq!(meta(&doc, "来源"), Some("青禾县自然资源局"));
    assert_no_chrome(&doc);
    assert_parts_in_order(&doc);
    let ps = paragraphs(&doc);
    // The article heading above the editor's box is kept, first.
    assert_eq!(ps[0].text, "青禾县自然资源局2023年政府信息公开工作年度报告");
    assert_eq!(ps[0].heading, Some(1));
    let lead = ps
        .iter()
        .find(|p| p.text.starts_with("（一）主动公开"))
        .expect("paragraph");
    assert_eq!(lead.bold_lead, Some("（一）主动公开。".len()));
    let plain = ps
        .iter()
        .find(|p| p.text.starts_with("2023年，"))
        .expect("paragraph");
    assert_eq!(plain.bold_lead, None);
    assert_eq!(ps.last().map(|p| p.text.as_str()), Some("2024年1月20日"));
    // Source lines point at the page's own lines: a paragraph where its text starts, a cell
    // at its <td>.
    let source = std::fs::read_to_string(fixture("word_cms.html")).expect("fixture");
    let lines: Vec<&str> = source.lines().collect();
    for p in &ps {
        let head: String = p.text.chars().take(4).collect();
        assert!(
            lines[p.pos.line - 1].contains(&head),
            "line {} for {:?}",
            p.pos.line,
            p.text
        );
    }
    let a = tables(&doc)[1];
    let total = &a.rows[26][9];
    assert_eq!(total.text, "51");
    assert!(
        lines[total.pos.line - 1].trim_start().starts_with("<td"),
        "{}",
        lines[total.pos.line - 1]
    );
    assert!(
        lines[total.pos.line].contains(">51<"),
        "the value follows its <td>"
    );
}

#[test]
fn rich_text_editor_page() {
    let doc = read_fixture("rich_text.html");
    assert_qinghe_2023_tables(&doc);
    assert_eq!(meta(&doc, "发布日期"), Some("2024-01-18"));
    assert_no_chrome(&doc);
    assert_parts_in_order(&doc);
    let ps = paragraphs(&doc);
    assert_eq!(ps[0].heading, Some(2));
    let lead = ps
        .iter()
        .find(|p| p.text.starts_with("一是"))
        .expect("paragraph");
    assert_eq!(lead.bold_lead, Some("一是公开内容不够全面。".len()));
}

#[test]
fn the_2019_format_keeps_its_own_column_heads() {
    let doc = read_fixture("format2019.html");
    let t = tables(&doc);
    assert_eq!(t.len(), 3);
    let p = t[0];
    assert_eq!(p.rows.len(), 18);
    let heads: Vec<&str> = (1..4).map(|c| text(p, 1, c)).collect();
    assert_eq!(
        heads,
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    );
    assert_eq!(values(p, 1, "规范性文件"), strs(&["3", "3", "26"]));
    assert_eq!(values(p, 1, "行政许可"), strs(&["14", "-2", "12"]));
    assert_eq!(values(p, 1, "其他对外管理服务事项"), strs(&["7", "1", "8"]));
    assert_eq!(values(p, 1, "行政事业性收费"), strs(&["2", "0"]));
    assert_eq!(values(p, 1, "政府集中采购"), strs(&["6", "318.4"]));
    let a = t[1];
    assert_eq!(a.rows.len(), 26, "（六）其他处理 is one row in 2019");
    assert_eq!(
        values(a, 3, "三、本年度办理结果（六）其他处理"),
        strs(&["0"; 7])
    );
    assert_eq!(
        values(a, 3, "三、本年度办理结果（七）总计"),
        strs(&["9", "1", "0", "0", "0", "0", "10"])
    );
    assert_eq!(t[2].rows[3][0].text, "1");
    assert_parts_in_order(&doc);
}

#[test]
fn site_chrome_all_around_a_layout_table() {
    let doc = read_fixture("chrome.html");
    // The figures of content/changxingdao/2022.md.
    let t = tables(&doc);
    assert_eq!(t.len(), 3, "the layout tables are not read as data");
    assert_eq!(values(t[0], 1, "行政规范性文件"), strs(&["0", "1", "8"]));
    assert_eq!(values(t[0], 1, "行政许可"), strs(&["9272"]));
    assert_eq!(values(t[0], 1, "行政处罚"), strs(&["29"]));
    assert_eq!(values(t[0], 1, "行政事业性收费"), strs(&["1227.49"]));
    assert_eq!(
        values(t[1], 3, "一、本年新收政府信息公开申请数量"),
        strs(&["27", "0", "0", "0", "0", "0", "27"])
    );
    assert_eq!(
        values(
            t[1],
            3,
            "三、本年度办理结果（三）不予公开4.保护第三方合法权益"
        ),
        strs(&["8", "0", "0", "0", "0", "0", "8"])
    );
    assert_eq!(t[2].rows[3][5].text, "4");
    assert_eq!(meta(&doc, "时间"), Some("2023-02-14"));
    assert_eq!(meta(&doc, "来源"), Some("长兴岛经济技术开发区"));
    assert_no_chrome(&doc);
    assert_parts_in_order(&doc);
    assert_eq!(
        paragraphs(&doc)[0].text,
        "大连长兴岛经济技术开发区2022年政府信息公开工作年度报告"
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("大连长兴岛经济技术开发区2022年政府信息公开工作年度报告")
    );
}

#[test]
fn a_gbk_page_is_decoded() {
    let bytes = std::fs::read(fixture("gbk.html")).expect("fixture");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture really is GBK"
    );
    let doc = read_fixture("gbk.html");
    assert_eq!(
        doc.title.as_deref(),
        Some("青禾县卫生健康局2023年政府信息公开工作年度报告")
    );
    assert_eq!(meta(&doc, "发布时间"), Some("2024-01-30"));
    assert_eq!(meta(&doc, "信息来源"), Some("县卫生健康局"));
    assert_qinghe_2023_tables(&doc);
}

#[test]
fn swapped_tables_stay_in_page_order() {
    let doc = read_fixture("swapped.html");
    let t = tables(&doc);
    assert_eq!(t.len(), 3);
    // The reader reports what the page printed; matching tables to parts is the placer's.
    assert_eq!(t[1].rows.len(), 4);
    assert_eq!(text(t[1], 0, 0), "行政复议");
    assert_eq!(t[2].rows.len(), 28);
}

#[test]
fn a_missing_row_is_not_invented() {
    let doc = read_fixture("missing_row.html");
    let a = tables(&doc)[1];
    assert_eq!(a.rows.len(), 27);
    assert!(row_of(a, 3, "三、本年度办理结果（五）不予处理2.重复申请").is_none());
    let complaints =
        row_of(a, 3, "三、本年度办理结果（五）不予处理1.信访举报投诉类申请").expect("row");
    assert_eq!(squash(text(a, complaints + 1, 2)), "3.要求提供公开出版物");
    // The group label spans the four rows that are there.
    assert_eq!(a.rows[complaints + 3][1].origin, (complaints, 1));
    assert_eq!(a.rows[complaints + 4][1].text, "（六）其他处理");
}

#[test]
fn a_dropped_cell_leaves_the_row_short() {
    let doc = read_fixture("dropped_cell.html");
    let a = tables(&doc)[1];
    let r = row_of(
        a,
        3,
        "三、本年度办理结果（四）无法提供1.本机关不掌握相关政府信息",
    )
    .expect("row");
    // Six figures where the page has six: no seventh cell made up, nothing shifted back.
    assert_eq!(a.rows[r].len(), 9);
    assert_eq!(
        values(
            a,
            3,
            "三、本年度办理结果（四）无法提供1.本机关不掌握相关政府信息"
        ),
        strs(&["9", "2", "0", "0", "1", "0"])
    );
    assert_eq!(a.rows[r + 1].len(), 10);
}

#[test]
fn two_reports_on_one_page_come_in_order() {
    let doc = read_fixture("two_reports.html");
    assert_eq!(tables(&doc).len(), 6);
    let titles: Vec<&str> = paragraphs(&doc)
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| t.ends_with("政府信息公开工作年度报告"))
        .collect();
    assert_eq!(
        titles,
        [
            "青禾县商务局2022年政府信息公开工作年度报告",
            "青禾县商务局2023年政府信息公开工作年度报告"
        ]
    );
    assert_eq!(values(tables(&doc)[0], 1, "行政许可"), strs(&["9272"]));
    assert_eq!(values(tables(&doc)[3], 1, "行政许可"), strs(&["1386"]));
}

#[test]
fn an_empty_page_reads_as_nothing() {
    let doc = read_fixture("empty.html");
    assert!(doc.blocks.is_empty());
    assert!(doc.meta.is_empty());
    assert_eq!(doc.title, None);
}

#[test]
fn a_binary_renamed_html_is_refused() {
    let path = fixture("binary.html");
    let bytes = std::fs::read(&path).expect("fixture");
    let err = read::read(&path, &bytes).expect_err("refused");
    assert!(matches!(err, ReadError::Unsupported { .. }), "{err:?}");
    assert!(err.to_string().contains("PNG"), "{err}");
}

#[test]
fn a_50_mb_page_is_read_in_bounded_time_and_a_larger_file_refused() {
    // A report with a 48 MB inline image and 20,000 related links around it, as pages with
    // pasted screenshots are.
    let report = std::fs::read_to_string(fixture("rich_text.html")).expect("fixture");
    let mut page = String::with_capacity(52_000_000);
    page.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>大页面</title></head><body><ul class=\"related\">");
    for i in 0..20_000 {
        page.push_str(&format!(
            "<li><a href=\"/a/{i}.html\">相关文章第{i}篇</a></li>\n"
        ));
    }
    page.push_str("</ul><div class=\"content\">");
    let body =
        &report[report.find("<body>").expect("body") + 6..report.find("</body>").expect("body")];
    page.push_str(body);
    page.push_str("<p><img src=\"data:image/png;base64,");
    while page.len() < 50_000_000 {
        page.push_str("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg");
    }
    page.push_str("\"></p></div></body></html>");
    let started = std::time::Instant::now();
    let doc = read::read(Path::new("big.html"), page.as_bytes()).expect("read");
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
    assert_qinghe_2023_tables(&doc);
    assert!(!paragraphs(&doc).iter().any(|p| p.text.contains("相关文章")));

    assert!(read::check_size(50_000_000).is_ok());
    assert!(matches!(
        read::check_size(5_000_000_000),
        Err(ReadError::TooLarge { .. })
    ));
    let huge = vec![b' '; read::MAX_BYTES as usize + 1];
    let err = read::read(Path::new("huge.html"), &huge).expect_err("refused");
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");
}

#[test]
fn sniffing_decides_by_content_and_decodes() {
    let p = Path::new("report.txt");
    // UTF-16 with a BOM.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "<html><body><p>政府信息公开</p></body></html>".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    match read::sniff(p, &utf16) {
        Ok(Sniffed::Html(text)) => assert!(text.contains("政府信息公开")),
        other => panic!("{other:?}"),
    }
    // <meta http-equiv> declaring gb2312.
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>年度报告</body></html>";
    let (gb, _, _) = encoding_rs::GBK.encode(page);
    match read::sniff(Path::new("a.htm"), &gb) {
        Ok(Sniffed::Html(text)) => assert!(text.contains("年度报告")),
        other => panic!("{other:?}"),
    }
    // A page that says UTF-8 but is GBK: the bytes win.
    let lying = page.replace("gb2312", "utf-8");
    let (gb, _, _) = encoding_rs::GBK.encode(&lying);
    match read::sniff(Path::new("a.htm"), &gb) {
        Ok(Sniffed::Html(text)) => assert!(text.contains("年度报告")),
        other => panic!("{other:?}"),
    }
    // A page that says GBK but is UTF-8, and a GBK page that says iso-8859-1.
    let utf8 = page.replace("gb2312", "gbk");
    match read::sniff(Path::new("a.htm"), utf8.as_bytes()) {
        Ok(Sniffed::Html(text)) => assert!(text.contains("年度报告")),
        other => panic!("{other:?}"),
    }
    let latin = page.replace("gb2312", "iso-8859-1");
    let (gb, _, _) = encoding_rs::GBK.encode(&latin);
    match read::sniff(Path::new("a.htm"), &gb) {
        Ok(Sniffed::Html(text)) => assert!(text.contains("年度报告")),
        other => panic!("{other:?}"),
    }
    // A GBK page with one character cut short still reads.
    let long = format!(
        "<html><head><meta charset=gbk></head><body>{}</body></html>",
        "政府信息公开工作年度报告。".repeat(2000)
    );
    let (mut gb, _, _) = encoding_rs::GBK.encode(&long);
    let gb = gb.to_mut();
    let cut = gb.len() / 2;
    gb.remove(cut - cut % 2);
    match read::sniff(Path::new("a.htm"), gb) {
        Ok(Sniffed::Html(text)) => assert!(text.contains("政府信息公开工作年度报告")),
        other => panic!("{other:?}"),
    }
    // Text without markup, in GB18030 without any declaration.
    let (gb, _, _) = encoding_rs::GB18030.encode("一、总体情况\n规范性文件\t8\t9\n");
    match read::sniff(Path::new("a.html"), &gb) {
        Ok(Sniffed::Text(text)) => assert!(text.starts_with("一、总体情况")),
        other => panic!("{other:?}"),
    }
    // Kinds by their bytes, whatever the name says.
    assert!(matches!(
        read::sniff(Path::new("x.html"), b"%PDF-1.7\n"),
        Ok(Sniffed::Pdf)
    ));
    assert!(matches!(
        read::sniff(
            Path::new("x.html"),
            b"PK\x03\x04....[Content_Types].xml word/document.xml"
        ),
        Ok(Sniffed::Docx)
    ));
    assert!(matches!(
        read::sniff(Path::new("x.docx"), b"PK\x03\x04....xl/workbook.xml"),
        Err(ReadError::Unsupported { .. })
    ));
    assert!(matches!(
        read::sniff(Path::new("x.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
        Err(ReadError::Unsupported { .. })
    ));
    assert!(matches!(
        read::sniff(Path::new("x.html"), b"abc\0\0\x01def"),
        Err(ReadError::Unsupported { .. })
    ));
}

/// The order figures are printed in, per table of nianbao's data.json.
fn display_order(table: &str, keys: &[&str]) -> Vec<&'static str> {
    let groups: &[&[&'static str]] = match table {
        "applications" => &[&[
            "natural_person",
            "commercial",
            "research",
            "public_interest",
            "legal_services",
            "other",
            "total",
        ]],
        "review" => &[&["upheld", "corrected", "other", "pending", "total"]],
        _ => &[
            &["issued", "repealed", "in_force"],
            &["made", "published", "total"],
            &["previous", "change", "decisions"],
            &["projects", "amount"],
            &["projects", "amount_yuan"],
            &["decisions"],
            &["amount"],
        ],
    };
    groups
        .iter()
        .find(|g| g.len() == keys.len() && keys.iter().all(|k| g.contains(k)))
        .or_else(|| groups.iter().find(|g| keys.iter().all(|k| g.contains(k))))
        .map(|g| g.to_vec())
        .unwrap_or_default()
}

#[test]
fn nianbaos_own_pages_read_back_to_their_figures() {
    let out = tempfile::tempdir().expect("tempdir");
    let root = out.path().join("site");
    let run = common::nianbao(
        &common::repo(),
        &["build", "--output", root.to_str().expect("utf-8")],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.expect("walk");
        if entry.file_name() != "data.json" || entry.path().parent() == Some(&root.join("data")) {
            continue;
        }
        let dir = entry.path().parent().expect("folder");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("json"))
                .expect("json");
        let page = dir.join("index.html");
        let doc = read::read(&page, &std::fs::read(&page).expect("page")).expect("reads");
        let t = tables(&doc);
        assert_eq!(
            t.len(),
            3,
            "{}: the three tables, no summary",
            page.display()
        );
        assert!(meta(&doc, "发布日期").is_some() || json["published"].is_null());
        assert_parts_in_order(&doc);
        assert_no_chrome(&doc);
        for (i, table) in json["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .enumerate()
        {
            let code = table["code"].as_str().expect("code");
            let grid = t[i];
            for row in table["rows"].as_array().expect("rows") {
                let values = row["values"].as_object().expect("values");
                let keys: Vec<&str> = values.keys().map(String::as_str).collect();
                let label = row["label"].as_str().expect("label");
                let cells: Vec<String> = match code {
                    "review" => {
                        let start = match row["code"].as_str() {
                            Some("review") => 0,
                            Some("litigation.direct") => 5,
                            _ => 10,
                        };
                        grid.rows[3][start..start + 5]
                            .iter()
                            .map(|c| c.text.clone())
                            .collect()
                    }
                    "applications" => values_of(grid, 3, label),
                    _ => values_of(grid, 1, label),
                };
                let order = display_order(code, &keys);
                assert!(!order.is_empty(), "{code} {keys:?}");
                for (cell, key) in cells.iter().zip(&order) {
                    // A blank cell is blank on the page (a dash, 原文未填) whatever data.json
                    // fills in.
                    if cell.is_empty() || cell == "—" {
                        continue;
                    }
                    // The page prints the unit the source stated (`104150元`).
                    let figure = if *key == "amount_yuan" {
                        cell.trim_end_matches('元')
                    } else {
                        cell
                    };
                    assert_eq!(
                        Some(figure),
                        values.get(*key).and_then(|v| v.as_str()),
                        "{}: {label} {key}",
                        page.display()
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 500, "compared {compared} figures");
}

fn values_of(grid: &Table, label_cols: usize, label: &str) -> Vec<String> {
    values(grid, label_cols, label)
}

#[test]
fn word_files_made_from_the_pages_read_the_same() {
    // pandoc's DOCX of the Word article (see the README): the same grids, spans included.
    let doc = read_fixture("word_cms.docx");
    assert_eq!(doc.kind, SourceKind::Docx);
    assert_eq!(
        doc.title.as_deref(),
        Some("青禾县自然资源局2023年政府信息公开工作年度报告")
    );
    assert_qinghe_2023_grids(&doc, false);
    let a = tables(&doc)[1];
    assert_eq!(text(a, 1, 3), "自\n然\n人");
    assert_eq!(
        text(a, 6, 1),
        "（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）"
    );
    assert_parts_in_order(&doc);
    let ps = paragraphs(&doc);
    assert_eq!(ps[0].heading, Some(1), "pandoc's Title style");
    let lead = ps
        .iter()
        .find(|p| p.text.starts_with("（一）主动公开"))
        .expect("paragraph");
    assert_eq!(lead.bold_lead, Some("（一）主动公开。".len()));

    let doc = read_fixture("rich_text.docx");
    assert_qinghe_2023_grids(&doc, false);

    let doc = read_fixture("format2019.docx");
    let t = tables(&doc);
    assert_eq!(t.len(), 3);
    assert_eq!(text(t[0], 1, 1), "本年新制作数量");
    assert_eq!(values(t[0], 1, "政府集中采购"), strs(&["6", "318.4"]));
    assert_eq!(t[1].rows.len(), 26);
    assert_eq!(
        t[1].rows[20][0].origin,
        (5, 0),
        "vMerge continue points at the restart"
    );
}

#[test]
fn a_damaged_word_file_is_refused_as_corrupt() {
    let bytes = std::fs::read(fixture("rich_text.docx")).expect("fixture");
    let truncated = &bytes[..bytes.len() / 2];
    let err = read::read(Path::new("x.docx"), truncated).expect_err("refused");
    assert!(
        matches!(
            err,
            ReadError::Corrupt {
                kind: SourceKind::Docx,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("已损坏"), "{err}");
}

#[test]
fn a_printed_pdf_rebuilds_the_ruled_tables() {
    // Chromium's print of rich_text.html: the tables from their ruling lines, the one broken
    // over pages joined (its <thead> rows, repeated on every page, read once), the group
    // labels carried over the page break.
    let doc = read_fixture("rich_text.pdf");
    assert_eq!(doc.kind, SourceKind::Pdf);
    // The page's <title>, which Chromium writes as the PDF's /Title.
    assert_eq!(
        doc.title.as_deref(),
        Some("青禾县人力资源和社会保障局2023年政府信息公开工作年度报告")
    );
    assert_qinghe_2023_grids(&doc, false);
    let a = tables(&doc)[1];
    assert_eq!(
        squash(text(a, 11, 1)),
        "（三）不予公开",
        "continued from the page before"
    );
    assert!(a.rows.iter().flatten().all(|c| c.pos.page > 0));
    assert_eq!(meta(&doc, "发布日期"), Some("2024-01-18"));
    assert_parts_in_order(&doc);
    let ps = paragraphs(&doc);
    // Wrapped lines joined into their paragraph; Kangxi radicals read as the ideographs.
    let first = ps
        .iter()
        .find(|p| p.text.starts_with("2023年，"))
        .expect("paragraph");
    assert!(first.text.ends_with("2023年12月31日止。"), "{}", first.text);
    assert!(first.text.contains("中华人民共和国"), "{}", first.text);
    assert_eq!(ps.last().map(|p| p.text.as_str()), Some("2024年1月20日"));
}

#[test]
fn a_scanned_pdf_and_a_damaged_one_are_refused() {
    let path = fixture("scanned.pdf");
    let err = read::read(&path, &std::fs::read(&path).expect("fixture")).expect_err("refused");
    assert!(matches!(err, ReadError::ScannedPdf), "{err:?}");
    assert!(err.to_string().contains("OCR"), "{err}");

    let mut damaged = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
    damaged.extend(std::iter::repeat_n(0xA5u8, 4000));
    let err = read::read(Path::new("x.pdf"), &damaged).expect_err("refused");
    assert!(
        matches!(
            err,
            ReadError::Corrupt {
                kind: SourceKind::Pdf,
                ..
            }
        ),
        "{err:?}"
    );

    let bytes = std::fs::read(fixture("rich_text.pdf")).expect("fixture");
    let err = read::read(Path::new("x.pdf"), &bytes[..bytes.len() / 3]);
    assert!(
        !matches!(err, Ok(ref d) if !d.blocks.is_empty() && tables(d).len() == 3),
        "a third of a file is not all of it"
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Markup made of the pieces report pages are made of, in any order and nesting.
    fn markup() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "<table>",
            "</table>",
            "<tr>",
            "</tr>",
            "<td>",
            "</td>",
            "<td rowspan=\"3\">",
            "<td colspan=\"99\">",
            "<th rowspan=0 colspan=-1>",
            "<p>",
            "</p>",
            "<br>",
            "<b>",
            "</b>",
            "<span style=\"font-weight:bold\">",
            "</span>",
            "<div class=\"TRS_Editor\">",
            "<div class=\"share\">",
            "</div>",
            "<o:p>",
            "</o:p>",
            "&nbsp;",
            "<script>",
            "</script>",
            "<h2>",
            "</h2>",
            "<caption>",
            "<dl><dt>发布时间</dt><dd>",
            "时间：2023-01-01",
            "来源：",
            "规范性文件",
            "8",
            "12",
            "一、总体情况",
            "\n",
            "<!--",
            "-->",
            "<meta charset=gbk>",
        ]);
        prop::collection::vec(piece, 0..200).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn on_any_markup(page in markup()) {
            let _ = read::read(Path::new("x.html"), page.as_bytes());
        }

        #[test]
        fn on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            let _ = read::read(Path::new("x.html"), &bytes);
        }

        #[test]
        fn on_damaged_fixtures(which in 0usize..4, cut in 0.0f64..1.0, flips in prop::collection::vec((0.0f64..1.0, any::<u8>()), 0..8)) {
            let name = ["word_cms.html", "rich_text.docx", "format2019.docx", "gbk.html"][which];
            let mut bytes = std::fs::read(fixture(name)).expect("fixture");
            for (at, b) in flips {
                let i = ((bytes.len() as f64) * at) as usize;
                if let Some(slot) = bytes.get_mut(i) {
                    *slot = b;
                }
            }
            bytes.truncate(((bytes.len() as f64) * cut) as usize + 1);
            let _ = read::read(Path::new(name), &bytes);
        }
    }
}

#[test]
fn tables_without_rules_stay_lines() {
    // In HTML the borderless tables are tables like any other.
    assert_qinghe_2023_tables(&read_fixture("unruled.html"));
    // Printed without borders, a row's figures are centred on a baseline of their own when
    // its label wraps ("2.其他法律行政法规禁止公" / "1 0 0 0 0 0 1" / "开"): no grid is
    // guessed from that; each line is kept, its column gaps as tabs, for the text reader.
    let doc = read_fixture("unruled.pdf");
    assert!(tables(&doc).is_empty(), "no table invented");
    let lines: Vec<&str> = paragraphs(&doc).iter().map(|p| p.text.as_str()).collect();
    assert!(
        lines.contains(&"一、本年新收政府信息公开申请数量\t41\t6\t0\t1\t2\t0\t50"),
        "{lines:?}"
    );
    assert!(lines.contains(&"行政规范性文件\t13\t4\t57"), "{lines:?}");
    assert_parts_in_order(&doc);
}
