//! `nianbao build` as the public reads it: tables read by header and row, links that resolve,
//! escaping, and an atomic output folder.

mod common;

use std::path::Path;

use common::{nianbao, repo, valid_portal};
use scraper::{ElementRef, Html, Selector};

/// A table as a grid, with row and column spans expanded: what a reader sees.
struct Grid {
    /// (is_header, text) per grid position.
    cells: Vec<Vec<Option<(bool, String)>>>,
    /// What a screen reader reads of each data cell, by grid position.
    heard: Vec<Vec<Option<String>>>,
    head_rows: usize,
}

/// The text of `el` that is shown (`show`) or read out (`!show`): text kept for screen
/// readers only (`.vh`) is not shown, and what is hidden from them (`aria-hidden`) not read.
fn text_of(el: ElementRef, show: bool) -> String {
    el.descendants()
        .filter_map(|n| n.value().as_text().map(|t| (n, t)))
        .filter(|(n, _)| {
            !n.ancestors().filter_map(ElementRef::wrap).any(|a| {
                if show {
                    a.value().classes().any(|c| c == "vh")
                } else {
                    a.value().attr("aria-hidden") == Some("true")
                }
            })
        })
        .map(|(_, t)| t.to_string())
        .collect::<String>()
        .trim()
        .to_string()
}

fn grid(table: ElementRef) -> Grid {
    let rows = Selector::parse("tr").unwrap();
    let cells_sel = Selector::parse("th, td").unwrap();
    let thead_rows = Selector::parse("thead tr").unwrap();
    let head_rows = table.select(&thead_rows).count();
    let mut cells: Vec<Vec<Option<(bool, String)>>> = Vec::new();
    let mut heard: Vec<Vec<Option<String>>> = Vec::new();
    for (r, tr) in table.select(&rows).enumerate() {
        if cells.len() <= r {
            cells.resize(r + 1, Vec::new());
            heard.resize(r + 1, Vec::new());
        }
        let mut c = 0;
        for cell in tr.select(&cells_sel) {
            while cells[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let span = |name| {
                cell.value()
                    .attr(name)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
            };
            let (cs, rs) = (span("colspan"), span("rowspan"));
            let text = text_of(cell, true);
            let spoken = text_of(cell, false);
            let header = cell.value().name() == "th";
            for dr in 0..rs {
                if cells.len() <= r + dr {
                    cells.resize(r + dr + 1, Vec::new());
                    heard.resize(r + dr + 1, Vec::new());
                }
                for dc in 0..cs {
                    let row = &mut cells[r + dr];
                    if row.len() <= c + dc {
                        row.resize(c + dc + 1, None);
                    }
                    row[c + dc] = Some((header, text.clone()));
                    let row = &mut heard[r + dr];
                    if row.len() <= c + dc {
                        row.resize(c + dc + 1, None);
                    }
                    row[c + dc] = Some(spoken.clone());
                }
            }
            c += cs;
        }
    }
    Grid {
        cells,
        heard,
        head_rows,
    }
}

impl Grid {
    /// The data cell whose row headers mention `row` and whose column headers mention `col`.
    fn value(&self, row: &str, col: &str) -> String {
        let (r, c) = self.position(row, col);
        self.cells[r][c].clone().map(|(_, t)| t).unwrap_or_default()
    }

    /// What a screen reader reads in that cell.
    fn heard(&self, row: &str, col: &str) -> String {
        let (r, c) = self.position(row, col);
        self.heard[r][c].clone().unwrap_or_default()
    }

    fn position(&self, row: &str, col: &str) -> (usize, usize) {
        for r in self.head_rows..self.cells.len() {
            let line = &self.cells[r];
            let row_head: String = line
                .iter()
                .flatten()
                .filter(|(h, _)| *h)
                .map(|(_, t)| t.as_str())
                .collect();
            if !row_head.contains(row) {
                continue;
            }
            for (c, cell) in line.iter().enumerate() {
                let Some((false, text)) = cell else { continue };
                // Column headers: the header rows above, or the nearest header row in the body.
                let all_header = |k: usize| self.cells[k].iter().flatten().all(|(h, _)| *h);
                let nearest = (self.head_rows..r).rev().find(|&k| all_header(k));
                let col_head: String = (0..self.head_rows)
                    .chain(nearest)
                    .filter_map(|k| self.cells[k].get(c).cloned().flatten())
                    .map(|(_, t)| t)
                    .collect();
                if col_head.contains(col) {
                    let _ = text;
                    return (r, c);
                }
            }
        }
        panic!("no cell at row {row:?}, column {col:?}");
    }
}

fn table(html: &Html, id: &str) -> Grid {
    let sel = Selector::parse(&format!("table#{id}")).unwrap();
    grid(
        html.select(&sel)
            .next()
            .unwrap_or_else(|| panic!("table {id}")),
    )
}

/// The value the report page's facts list (`dl.meta`) gives for `term`.
fn fact(html: &Html, term: &str) -> String {
    let dt = Selector::parse("main dl.meta dt").unwrap();
    let dd = Selector::parse("main dl.meta dd").unwrap();
    let text = |e: ElementRef| e.text().collect::<String>().trim().to_string();
    html.select(&dt)
        .zip(html.select(&dd))
        .find(|(t, _)| text(*t) == term)
        .map(|(_, d)| text(d))
        .unwrap_or_else(|| panic!("no {term} in the facts"))
}

/// Every file under `dir`, relative to it, with `/` between parts.
fn files_under(dir: &Path) -> std::collections::BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

fn build_into(root: &Path, out: &Path, extra: &[&str]) -> common::Run {
    let out = out.to_str().expect("utf-8 path");
    let mut args = vec!["build", "--output", out];
    args.extend_from_slice(extra);
    nianbao(root, &args)
}

/// A report's `data.csv` as a spreadsheet shows it: lines of cells, each table under its
/// heading line, then its header line, then a line per table row.
struct ReportCsv {
    lines: Vec<Vec<String>>,
}

impl ReportCsv {
    fn parse(bytes: &[u8]) -> ReportCsv {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        ReportCsv {
            lines: reader
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect(),
        }
    }

    /// The second cell of the `n`th line of the lead, whose first cell is `label`.
    fn cell(&self, n: usize, label: &str) -> &str {
        let line = self.lines.iter().filter(|l| l[0] == label).nth(n).unwrap();
        &line[1]
    }

    /// The table's lines below its heading: its header, then its rows.
    fn table(&self, heading: &str) -> &[Vec<String>] {
        let at = self
            .lines
            .iter()
            .position(|l| l.len() == 1 && l[0] == heading)
            .unwrap_or_else(|| panic!("no table {heading}"));
        let rest = &self.lines[at + 1..];
        let end = rest.iter().position(|l| l.len() == 1).unwrap_or(rest.len());
        &rest[..end]
    }

    fn header(&self, heading: &str) -> &[String] {
        &self.table(heading)[0]
    }

    fn rows(&self, heading: &str) -> usize {
        self.table(heading).len() - 1
    }

    fn value(&self, heading: &str, row: &str, column: &str) -> &str {
        let table = self.table(heading);
        let c = table[0].iter().position(|h| h == column).unwrap();
        let line = table[1..].iter().find(|l| l[0] == row).unwrap();
        assert_eq!(line.len(), table[0].len(), "a cell per column");
        &line[c]
    }
}

#[test]
fn the_changxingdao_2022_figures_are_in_the_right_cells() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = build_into(&repo(), &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let page = std::fs::read_to_string(out.join("changxingdao/2022/index.html")).unwrap();
    let html = Html::parse_document(&page);
    let apps = table(&html, "applications");
    assert_eq!(apps.value("本年新收", "总计"), "27");
    // A total the report states is read as it is; one it left out is said to be added up.
    assert_eq!(apps.heard("本年新收", "总计"), "27");
    assert_eq!(apps.value("本年新收", "自然人"), "27");
    assert_eq!(apps.heard("本年新收", "自然人"), "27");
    assert_eq!(apps.value("本年新收", "商业企业"), "0");
    assert_eq!(apps.value("上年结转", "总计"), "1");
    assert_eq!(apps.value("予以公开", "总计"), "7");
    assert_eq!(apps.value("部分公开", "总计"), "3");
    assert_eq!(apps.value("属于国家秘密", "总计"), "1");
    assert_eq!(apps.value("保护第三方合法权益", "总计"), "8");
    assert_eq!(apps.value("本机关不掌握相关政府信息", "总计"), "7");
    assert_eq!(apps.value("（七）总计", "总计"), "27");
    assert_eq!(apps.value("结转下年度继续办理", "总计"), "1");
    let proactive = table(&html, "proactive");
    assert_eq!(proactive.value("行政许可", "本年处理决定数量"), "9272");
    assert_eq!(proactive.value("行政事业性收费", "本年收费金额"), "1227.49");
    let review = table(&html, "review");
    assert_eq!(review.value("", "行政诉讼未经复议直接起诉总计"), "4");
    assert_eq!(review.value("", "行政复议总计"), "0");
    // Six official headings in order, whatever the editor typed.
    let h2 = Selector::parse("main h2").unwrap();
    let headings: Vec<String> = html.select(&h2).map(|h| h.text().collect()).collect();
    assert_eq!(
        headings,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    );
    assert_eq!(fact(&html, "发布日期"), "2023-02-14");
    // The figures are in the data file too, laid out as the page's tables: a line per table
    // row, a column per applicant column, with a BOM so that Excel reads the labels.
    let bytes = std::fs::read(out.join("changxingdao/2022/data.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let sheet = ReportCsv::parse(&bytes[3..]);
    assert_eq!(sheet.cell(0, "机构"), "大连长兴岛经济技术开发区管理委员会");
    assert_eq!(sheet.cell(0, "年度"), "2022");
    let apps = "三、收到和处理政府信息公开申请情况";
    assert_eq!(
        sheet.header(apps),
        [
            "",
            "自然人",
            "法人或其他组织·商业企业",
            "法人或其他组织·科研机构",
            "法人或其他组织·社会公益组织",
            "法人或其他组织·法律服务机构",
            "法人或其他组织·其他",
            "总计"
        ]
    );
    assert_eq!(
        sheet.value(apps, "一、本年新收政府信息公开申请数量", "总计"),
        "27"
    );
    assert_eq!(
        sheet.value(apps, "一、本年新收政府信息公开申请数量", "自然人"),
        "27"
    );
    assert_eq!(
        sheet.value(apps, "三、本年度办理结果（七）总计", "总计"),
        "27"
    );
    assert_eq!(sheet.value(apps, "四、结转下年度继续办理", "总计"), "1");
    // 新收, 结转, the 21 result rows of the 2021 format, their 总计, 结转下年度.
    assert_eq!(sheet.rows(apps), 2 + 21 + 1 + 1);
    let proactive = "二、主动公开政府信息情况";
    assert_eq!(
        sheet.value(proactive, "行政许可", "本年处理决定数量"),
        "9272"
    );
    assert_eq!(
        sheet.value(proactive, "行政事业性收费", "本年收费金额（单位：万元）"),
        "1227.49"
    );
    assert_eq!(sheet.value(proactive, "行政许可", "本年制发件数"), "");
    let review = "四、政府信息公开行政复议、行政诉讼情况";
    assert_eq!(
        sheet.value(review, "行政诉讼·未经复议直接起诉", "总计"),
        "4"
    );
    assert_eq!(sheet.value(review, "行政复议", "结果维持"), "0");
    // A report is its page and its two data files; the agency adds its own page.
    assert_eq!(
        files_under(&out.join("changxingdao")),
        [
            "2022/data.csv",
            "2022/data.json",
            "2022/index.html",
            "index.html"
        ]
        .map(String::from)
        .into()
    );
}

#[test]
fn bare_totals_leave_the_breakdown_empty_and_missing_dates_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    assert_eq!(build_into(&repo(), &out, &[]).code, 0);
    let html = Html::parse_document(
        &std::fs::read_to_string(out.join("taojiang/2020/index.html")).unwrap(),
    );
    let apps = table(&html, "applications");
    // A blank is a dash to see and 原文未填 to hear, never a 0; the legend says so once.
    assert_eq!(apps.value("本年新收", "自然人"), "—");
    assert_eq!(apps.heard("本年新收", "自然人"), "原文未填");
    assert_eq!(apps.value("本年新收", "总计"), "0");
    assert_eq!(
        apps.heard("本年新收", "总计"),
        "0",
        "a stated total is not marked"
    );
    let notes = Selector::parse("#applications-notes li").unwrap();
    let legend: Vec<String> = html.select(&notes).map(|l| text_of(l, true)).collect();
    assert!(
        legend.iter().any(|l| l.starts_with("—原文未填")),
        "{legend:?}"
    );
    let ruzhou = std::fs::read_to_string(out.join("ruzhou/2021/index.html")).unwrap();
    assert_eq!(fact(&Html::parse_document(&ruzhou), "发布日期"), "未注明");
}

#[test]
fn chinese_bold_lead_ins_render_as_strong() {
    let portal = valid_portal();
    let out = portal.path().join("public");
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page = std::fs::read_to_string(out.join("shuiwu/2021/index.html")).unwrap();
    let html = Html::parse_document(&page);
    // The lead-in is the paragraph's first child, in bold, and the sentence goes on after it.
    let lead = html
        .select(&Selector::parse("main p > strong:first-child").unwrap())
        .find(|s| s.text().collect::<String>() == "（一）主动公开情况。")
        .unwrap_or_else(|| panic!("no bold lead-in: {page}"));
    let paragraph = ElementRef::wrap(lead.parent().unwrap()).unwrap();
    assert!(
        paragraph
            .text()
            .collect::<String>()
            .starts_with("（一）主动公开情况。2021年")
    );
}

#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = build_into(&repo(), &out, &["--base-url", "https://x.gov.cn/nianbao/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let links = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        for el in html.select(&links) {
            let target = el.value().attr("href").or(el.value().attr("src")).unwrap();
            if target.starts_with('#') || target.contains("://") {
                continue;
            }
            let path = target.split(['?', '#']).next().unwrap();
            let resolved = if let Some(rest) = path.strip_prefix("/nianbao/") {
                out.join(rest)
            } else {
                assert!(
                    !path.starts_with('/'),
                    "link outside the base path: {target}"
                );
                entry.path().parent().unwrap().join(path)
            };
            let file = if path.ends_with('/') || path.is_empty() {
                resolved.join("index.html")
            } else {
                resolved
            };
            assert!(
                file.exists(),
                "{} links to {target}, which does not exist",
                entry.path().display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} links checked");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let portal = valid_portal();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let index = portal.path().join("public/index.html");
    let before = std::fs::read(&index).unwrap();
    let report = portal.path().join("content/shuiwu/2021.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "received: [7, 2, 0, 0, 1, 0]",
            "received: [7, 2, 0, 0, 1, 0, 99]",
        ),
    )
    .unwrap();
    let run = nianbao(portal.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[A001]"), "{}", run.stdout);
    assert_eq!(std::fs::read(&index).unwrap(), before);
    // Nor will it write into the portal root or a folder it did not make.
    std::fs::write(&report, &text).unwrap();
    let root = portal.path().to_str().unwrap();
    assert_eq!(nianbao(portal.path(), &["build", "--output", root]).code, 2);
    let mine = portal.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep").unwrap();
    assert_eq!(
        nianbao(
            portal.path(),
            &["build", "--output", mine.to_str().unwrap()]
        )
        .code,
        2
    );
    assert!(mine.join("notes.txt").exists());
}

#[test]
fn names_from_front_matter_are_escaped() {
    let portal = valid_portal();
    let agency = portal.path().join("content/shuiwu/_index.md");
    let text = std::fs::read_to_string(&agency).unwrap();
    std::fs::write(
        &agency,
        text.replace(
            "name: 示例区水务局",
            "name: 示例区<script>alert(1)</script>水务局",
        ),
    )
    .unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page = std::fs::read_to_string(portal.path().join("public/shuiwu/index.html")).unwrap();
    assert!(!page.contains("<script>alert(1)</script>"));
    // The reader sees the name as written, and no script runs.
    let html = Html::parse_document(&page);
    let h1: String = html
        .select(&Selector::parse("main h1").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(h1.contains("示例区<script>alert(1)</script>水务局"), "{h1}");
    let scripts = Selector::parse("script").unwrap();
    assert!(
        html.select(&scripts)
            .all(|s| !s.text().collect::<String>().contains("alert"))
    );
}

#[test]
fn the_summary_adds_up_the_agencies_tables() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("p");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args([
            "corpus",
            "--agencies",
            "12",
            "--years",
            "3",
            "--start",
            "2020",
        ])
        .arg(&portal)
        .output()
        .unwrap();
    assert!(made.status.success());
    let out = dir.path().join("site");
    assert_eq!(build_into(&portal, &out, &[]).code, 0);
    for year in [2020, 2022] {
        let html = Html::parse_document(
            &std::fs::read_to_string(out.join(format!("years/{year}/summary/index.html"))).unwrap(),
        );
        let apps = table(&html, "applications");
        let review = table(&html, "review");
        // Sum the same cells over every agency's data.json.
        let mut sums = std::collections::HashMap::<(String, String), u64>::new();
        for i in 0..12 {
            let path = out.join(format!("jg{i:05}/{year}/data.json"));
            let data: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            for table in data["tables"].as_array().unwrap() {
                let columns = table["columns"].as_object().unwrap();
                for row in table["rows"].as_array().unwrap() {
                    for (code, value) in row["values"].as_object().unwrap() {
                        let value: u64 = value.as_str().unwrap().parse().unwrap_or(0);
                        let column = columns[code].as_str().unwrap().to_string();
                        let label = row["label"].as_str().unwrap().to_string();
                        *sums.entry((label, column)).or_default() += value;
                    }
                }
            }
        }
        for (row, label) in [
            ("一、本年新收政府信息公开申请数量", "本年新收"),
            ("二、上年结转政府信息公开申请数量", "上年结转"),
            ("三、本年度办理结果（一）予以公开", "予以公开"),
            (
                "三、本年度办理结果（四）无法提供 1.本机关不掌握相关政府信息",
                "本机关不掌握",
            ),
            ("三、本年度办理结果（七）总计", "（七）总计"),
            ("四、结转下年度继续办理", "结转下年度"),
        ] {
            for column in ["自然人", "商业企业", "总计"] {
                let expected = sums[&(row.to_string(), column.to_string())];
                assert_eq!(
                    apps.value(label, column),
                    expected.to_string(),
                    "{year} {row} {column}"
                );
            }
        }
        let expected = sums[&("行政复议".to_string(), "总计".to_string())];
        assert_eq!(review.value("", "行政复议总计"), expected.to_string());
        let glance: String = html
            .select(&Selector::parse("main p.glance").unwrap())
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(glance, "汇总了 12 / 12 个机构的年度报告。");
    }
}

#[test]
fn the_downloads_hold_every_figure_of_the_model() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    assert_eq!(build_into(&repo(), &out, &[]).code, 0);
    // Every figure of every report, from the typed model.
    let (site, _) = nianbao::content::load(&repo()).unwrap();
    let mut expected = std::collections::BTreeMap::new();
    for r in &site.reports {
        for f in nianbao::render::data::figures(r, nianbao::model::labels::Script::Simplified) {
            let key = (
                r.agency.clone(),
                r.the_year().unwrap(),
                f.table.to_string(),
                f.row_code.to_string(),
                f.column_code.to_string(),
            );
            expected.insert(key, f.value.to_string());
        }
    }
    let mut read = std::collections::BTreeMap::new();
    let mut csv = csv::Reader::from_path(out.join("data/nianbao.csv")).unwrap();
    for rec in csv.records() {
        let rec = rec.unwrap();
        let key = (
            rec[0].to_string(),
            rec[1].parse::<i32>().unwrap(),
            rec[2].to_string(),
            rec[3].to_string(),
            rec[4].to_string(),
        );
        assert!(
            read.insert(key, rec[5].to_string()).is_none(),
            "duplicate line"
        );
    }
    assert_eq!(read, expected);
    assert!(expected.len() > 900);
    // No BOM: the tidy file is for programs. Its gzip copy holds the same bytes, and so does
    // the JSON's; the workbook is a zip; the package lists every file and only files there.
    let plain = std::fs::read(out.join("data/nianbao.csv")).unwrap();
    assert!(plain.starts_with(b"agency,year,"));
    let gunzip = |name: &str| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(std::fs::File::open(out.join(name)).unwrap()),
            &mut bytes,
        )
        .unwrap();
        bytes
    };
    assert_eq!(gunzip("data/nianbao.csv.gz"), plain);
    assert_eq!(
        gunzip("data/nianbao.json.gz"),
        std::fs::read(out.join("data/nianbao.json")).unwrap()
    );
    assert!(!out.join("data/nianbao-excel.csv").exists());
    assert_eq!(
        &std::fs::read(out.join("data/nianbao.xlsx")).unwrap()[..2],
        b"PK"
    );
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/datapackage.json")).unwrap()).unwrap();
    let mut listed: Vec<String> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    listed.sort();
    let mut files: Vec<String> = std::fs::read_dir(out.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f != "index.html" && f != "datapackage.json")
        .collect();
    files.sort();
    assert_eq!(listed, files);
    // The workbook's sheets are named in the package and on the download page.
    let sheets: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "workbook")
        .unwrap()["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        sheets,
        [
            "主动公开政府信息情况",
            "收到和处理政府信息公开申请情况",
            "政府信息公开行政复议、行政诉讼情况"
        ]
    );
    let page = Html::parse_document(&std::fs::read_to_string(out.join("data/index.html")).unwrap());
    let items: Vec<String> = page
        .select(&Selector::parse("main li").unwrap())
        .map(|li| li.text().collect())
        .collect();
    for name in sheets {
        assert!(
            items.iter().any(|i| i.starts_with(name)),
            "{name} not on /data/"
        );
    }
    let links: Vec<&str> = page
        .select(&Selector::parse("main a").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for f in &files {
        assert!(links.contains(&f.as_str()), "{f} not linked from /data/");
    }
    let money = expected
        .iter()
        .find(|(k, _)| k.0 == "changxingdao" && k.3 == "fees")
        .unwrap();
    assert_eq!(money.1, "1227.49");
}

#[test]
fn feeds_parse_and_invent_no_dates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    assert_eq!(build_into(&repo(), &out, &[]).code, 0);
    for name in ["sitemap.xml", "atom.xml"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} does not parse: {e}"),
            }
        }
    }
    // 汝州 published no date: it has no entry rather than an invented one.
    let entries = xml_records(&out.join("atom.xml"), "entry", "id", "published");
    assert_eq!(
        entries,
        [
            ("datonghu/2023/", "2024-01-22T00:00:00Z"),
            ("lingang/2023/", "2024-01-22T00:00:00Z"),
            ("changxingdao/2022/", "2023-02-14T00:00:00Z"),
            ("taojiang/2020/", "2020-12-31T00:00:00Z"),
        ]
        .map(|(id, date)| (
            format!("https://example.gov.cn/nianbao/{id}"),
            Some(date.to_string())
        ))
    );
    let urls = xml_records(&out.join("sitemap.xml"), "url", "loc", "lastmod");
    let report = |path: &str| {
        urls.iter()
            .find(|(loc, _)| *loc == format!("https://example.gov.cn/nianbao/{path}"))
            .unwrap_or_else(|| panic!("{path} not in the sitemap"))
            .1
            .clone()
    };
    assert_eq!(report("changxingdao/2022/"), Some("2023-02-14".into()));
    assert_eq!(report("ruzhou/2021/"), None);
}

/// Each `record` element of an XML file as (text of its `key` child, text of its `value`
/// child if it has one).
fn xml_records(path: &Path, record: &str, key: &str, value: &str) -> Vec<(String, Option<String>)> {
    use quick_xml::events::Event;
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut out, mut open, mut inside) = (Vec::new(), None::<String>, false);
    let (mut k, mut v) = (None, None);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == record {
                    inside = true;
                    (k, v) = (None, None);
                }
                open = Some(name);
            }
            Event::Text(t) if inside => {
                let t = t.decode().unwrap().into_owned();
                match open.as_deref() {
                    Some(n) if n == key => k = Some(t),
                    Some(n) if n == value => v = Some(t),
                    _ => {}
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == record.as_bytes() {
                    out.push((k.take().expect("a key"), v.take()));
                    inside = false;
                }
                open = None;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn skip_invalid_builds_the_rest_and_says_what_it_left_out() {
    let portal = valid_portal();
    let report = portal.path().join("content/shuiwu/2021.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("licensing: 93", "licensing: -1")).unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 1);
    let run = nianbao(portal.path(), &["build", "--skip-invalid"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/shuiwu/2021.md"),
        "{}",
        run.stderr
    );
    assert!(portal.path().join("public/shuiwu/2020/index.html").exists());
    assert!(!portal.path().join("public/shuiwu/2021").exists());
}

#[test]
fn portal_templates_and_static_files_replace_the_theme() {
    let portal = valid_portal();
    std::fs::create_dir_all(portal.path().join("templates")).unwrap();
    std::fs::create_dir_all(portal.path().join("static")).unwrap();
    std::fs::write(
        portal.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>本站自定义的404</h1>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        portal.path().join("static/style.css"),
        "body { color: #123456; }",
    )
    .unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page = Html::parse_document(
        &std::fs::read_to_string(portal.path().join("public/404.html")).unwrap(),
    );
    let h1: Vec<String> = page
        .select(&Selector::parse("h1").unwrap())
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(h1, ["本站自定义的404"]);
    let css = std::fs::read_to_string(portal.path().join("public/static/style.css")).unwrap();
    assert_eq!(css, "body { color: #123456; }");
    // The stylesheet's URL carries its content hash.
    let index = Html::parse_document(
        &std::fs::read_to_string(portal.path().join("public/index.html")).unwrap(),
    );
    let css = Selector::parse("link[rel=stylesheet]").unwrap();
    let hrefs: Vec<&str> = index
        .select(&css)
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(hrefs.len(), 1, "{hrefs:?}");
    let hash = hrefs[0]
        .strip_prefix("/nianbao/static/style.css?v=")
        .unwrap_or_else(|| panic!("{}", hrefs[0]));
    assert!(!hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn a_template_error_names_the_file_and_line() {
    let portal = valid_portal();
    std::fs::create_dir_all(portal.path().join("templates")).unwrap();
    std::fs::write(
        portal.path().join("templates/report.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ report.title }</h1>\n{% endblock content %}\n",
    )
    .unwrap();
    let run = nianbao(portal.path(), &["build"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("templates/report.html"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("report.html:3:"), "{}", run.stderr);
    assert!(!portal.path().join("public").exists());
}

#[test]
fn imported_reports_show_the_originals_inconsistencies() {
    let portal = common::imported_portal();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page =
        std::fs::read_to_string(portal.path().join("public/shuiwu/2021/index.html")).unwrap();
    // A note above the tables says so and lists each inconsistency of the original.
    let html = Html::parse_document(&page);
    let aside = html
        .select(&Selector::parse("main aside.imported").unwrap())
        .next()
        .unwrap_or_else(|| panic!("no note on the imported report: {page}"));
    let items: Vec<String> = aside
        .select(&Selector::parse("li").unwrap())
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(
        items,
        ["“一、本年新收政府信息公开申请数量”的“总计”栏填报为 11，但各栏之和为 10"]
    );
    assert!(
        aside
            .text()
            .collect::<String>()
            .contains("本报告按原样收录已发布的原文，数字未作改动")
    );
    // The figure stays as published.
    assert_eq!(table(&html, "applications").value("本年新收", "总计"), "11");
}

#[test]
fn raw_html_in_markdown_is_left_out_unless_allowed() {
    let portal = valid_portal();
    common::edit(
        &portal.path().join("content/shuiwu/2021.md"),
        &[(
            "2021年，本机关未收取信息处理费。",
            "2021年，本机关未收取信息处理费。<mark>标记</mark><script>alert(1)</script>",
        )],
    );
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page =
        std::fs::read_to_string(portal.path().join("public/shuiwu/2021/index.html")).unwrap();
    assert!(
        !page.contains("<script>alert(1)</script>") && !page.contains("<mark>"),
        "{page}"
    );
    let marks = Selector::parse("main mark").unwrap();
    assert_eq!(Html::parse_document(&page).select(&marks).count(), 0);
    let config = portal.path().join("site.toml");
    let settings = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("allow_html = true\n{settings}")).unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page =
        std::fs::read_to_string(portal.path().join("public/shuiwu/2021/index.html")).unwrap();
    let html = Html::parse_document(&page);
    let marked: Vec<String> = html.select(&marks).map(|m| m.text().collect()).collect();
    assert_eq!(marked, ["标记"], "{page}");
}

#[test]
fn the_source_view_is_the_front_matter_highlighted_without_its_comments() {
    let portal = valid_portal();
    let report = portal.path().join("content/shuiwu/2021.md");
    let text = std::fs::read_to_string(&report).unwrap();
    // A value that must come out escaped, an editor's note and a comment after a value.
    let text = text
        .replacen(
            "---\n",
            "---\n# 编辑备注：请核对 <原文> & 附注\ntitle: \"甲 <乙> & 丙 # 非注释\"\n",
            1,
        )
        .replacen("year: 2021", "year: 2021   # 年度", 1);
    std::fs::write(&report, &text).unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page =
        std::fs::read_to_string(portal.path().join("public/shuiwu/2021/index.html")).unwrap();
    let html = Html::parse_document(&page);
    let pre = html
        .select(&Selector::parse("details#source pre.hl").unwrap())
        .next()
        .expect("数据源 view");
    // What a reader sees is the front matter's keys and figures, comments left out.
    let front = text.split("---\n").nth(1).unwrap();
    let without: String = front
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| match l.split_once(" #") {
            Some((value, _)) if !l.starts_with("title") => value.trim_end().to_string() + "\n",
            _ => l.to_string() + "\n",
        })
        .collect();
    assert_eq!(
        pre.text().collect::<String>().trim(),
        format!("---\n{without}---").trim()
    );
    assert!(
        !page.contains("编辑备注"),
        "an editor's note is not published"
    );
    assert!(page.contains("甲 &lt;乙&gt; &amp; 丙 # 非注释"));
    // Keys and numbers are told apart.
    let classes = |class: &str| {
        pre.select(&Selector::parse(&format!("span.{class}")).unwrap())
            .map(|s| s.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert!(classes("k").contains(&"year".to_string()), "{pre:?}");
    assert!(classes("n").contains(&"2021".to_string()));
    assert!(classes("c").is_empty());
}

/// A reference-style link defined in one part resolves in another: the narrative is one
/// Markdown document, though the page shows it as six parts.
#[test]
fn reference_links_resolve_across_parts() {
    let portal = valid_portal();
    let report = portal.path().join("content/shuiwu/2021.md");
    let text = std::fs::read_to_string(&report).unwrap();
    let first = text.find("## 一、").unwrap();
    let end = first + text[first..].find('\n').unwrap() + 1;
    let text = format!(
        "{}\n依据[条例][tl]开展工作。\n{}\n\n[tl]: https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm\n",
        &text[..end],
        &text[end..]
    );
    std::fs::write(&report, text).unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page = Html::parse_document(
        &std::fs::read_to_string(portal.path().join("public/shuiwu/2021/index.html")).unwrap(),
    );
    let links: Vec<(String, String)> = page
        .select(&Selector::parse("section#part-1 a").unwrap())
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default().to_string();
            (a.text().collect(), href)
        })
        .collect();
    assert_eq!(
        links,
        [(
            "条例".to_string(),
            "https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm".to_string()
        )]
    );
}

/// A total the report did not write is marked as added up, in sight and in speech, with a
/// legend under the table; the report's own figures are not marked.
#[test]
fn computed_totals_are_marked_as_computed() {
    let portal = valid_portal();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let page =
        std::fs::read_to_string(portal.path().join("public/shuiwu/2021/index.html")).unwrap();
    let html = Html::parse_document(&page);
    let apps = table(&html, "applications");
    assert_eq!(apps.value("本年新收", "总计"), "10");
    assert_eq!(apps.heard("本年新收", "总计"), "10（计算得出）");
    assert_eq!(apps.heard("本年新收", "自然人"), "7");
    assert_eq!(apps.heard("（七）总计", "自然人"), "8（计算得出）");
    let cell = Selector::parse("#applications td.calc").unwrap();
    assert!(html.select(&cell).count() >= 20);
    let notes = Selector::parse("#applications-notes li").unwrap();
    let legend: Vec<String> = html.select(&notes).map(|l| text_of(l, true)).collect();
    assert_eq!(
        legend,
        ["*计算得出：报告未直接填写，由同行或同列各项相加"],
        "no blank cell, so no blank legend"
    );
    // The table names its notes for screen readers too.
    let t = Selector::parse("table#applications").unwrap();
    assert_eq!(
        html.select(&t)
            .next()
            .unwrap()
            .value()
            .attr("aria-describedby"),
        Some("applications-notes")
    );
}

/// The `<meta>` of `name`, as a search engine or a site census reads it.
fn meta(html: &Html, name: &str) -> Option<String> {
    let sel = Selector::parse(&format!("head meta[name=\"{name}\"]")).unwrap();
    html.select(&sel)
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_string))
}

/// What 《政府网站发展指引》 asks of every page (site and column metadata, the article's on a
/// report), the 信息公开目录 entry with 主题分类 and the original's link, and the footer's
/// marks as links to their registries.
#[test]
fn pages_carry_the_government_site_metadata_and_marks() {
    let portal = valid_portal();
    let root = portal.path();
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        site.replacen(
            "owner =",
            "site_name = \"示例区人民政府\"\ncolumn_name = \"政府信息公开年报\"\nowner =",
            1,
        ),
    )
    .unwrap();
    let report = root.join("content/shuiwu/2021.md");
    let text = std::fs::read_to_string(&report).unwrap().replacen(
        "index_no:",
        "subject: 综合政务/政务公开\nsource_url: https://www.example.gov.cn/xxgk/2022/1.html\nindex_no:",
        1,
    );
    std::fs::write(&report, text).unwrap();
    let out = root.join("site");
    let run = build_into(root, &out, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    let page =
        Html::parse_document(&std::fs::read_to_string(out.join("shuiwu/2021/index.html")).unwrap());
    let h1 = page
        .select(&Selector::parse("h1").unwrap())
        .next()
        .map(|h| h.text().collect::<String>())
        .unwrap();
    // The default title names the agency, and so does the tab's.
    assert_eq!(h1, "示例区水务局2021年政府信息公开工作年度报告");
    let title = page
        .select(&Selector::parse("title").unwrap())
        .next()
        .map(|h| h.text().collect::<String>())
        .unwrap();
    assert_eq!(title, format!("{h1} - 示例区政府信息公开年报"));
    for (name, value) in [
        ("SiteName", "示例区人民政府"),
        ("SiteDomain", "example.gov.cn"),
        ("SiteIDCode", "0000000000"),
        ("ColumnName", "政府信息公开年报"),
        ("ArticleTitle", h1.as_str()),
        ("PubDate", "2022-01-21"),
        ("ContentSource", "示例区水务局"),
    ] {
        assert_eq!(meta(&page, name).as_deref(), Some(value), "{name}");
    }
    assert_eq!(fact(&page, "主题分类"), "综合政务/政务公开");
    assert_eq!(fact(&page, "索引号"), "000000000/2022-00003");
    let original = Selector::parse("dl.meta a").unwrap();
    assert_eq!(
        page.select(&original)
            .next()
            .and_then(|a| a.value().attr("href")),
        Some("https://www.example.gov.cn/xxgk/2022/1.html")
    );
    // The footer's marks lead to their registries.
    let links: Vec<(String, String)> = page
        .select(&Selector::parse("footer a").unwrap())
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    for (text, href) in [
        ("示ICP备00000000号", "https://beian.miit.gov.cn/"),
        (
            "示公网安备00000000000000号",
            "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=00000000000000",
        ),
        (
            "我为政府网站找错",
            "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=0000000000",
        ),
    ] {
        assert!(
            links.contains(&(text.to_string(), href.to_string())),
            "{text} → {href} in {links:?}"
        );
    }
    // A list page has no article metadata; a report with a neighbour links to it.
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(meta(&home, "ArticleTitle"), None);
    assert_eq!(
        meta(&home, "ColumnName").as_deref(),
        Some("政府信息公开年报")
    );
    let pager = Selector::parse("nav.pager").unwrap();
    let with_prev =
        Html::parse_document(&std::fs::read_to_string(out.join("shuiwu/2021/index.html")).unwrap());
    assert_eq!(with_prev.select(&pager).count(), 1);
}

/// A `source_url` that is not a web address is refused with S003, pointing at it.
#[test]
fn a_source_url_must_be_a_web_address() {
    let portal = valid_portal();
    let report = portal.path().join("content/shuiwu/2021.md");
    let text = std::fs::read_to_string(&report).unwrap();
    for (url, findings) in [
        ("www.example.gov.cn/1.html", 1),
        ("https://x.gov.cn/1.html", 0),
    ] {
        std::fs::write(
            &report,
            text.replacen("index_no:", &format!("source_url: {url}\nindex_no:"), 1),
        )
        .unwrap();
        let run = nianbao(portal.path(), &["check", "--format", "json"]);
        let s003 = run
            .stdout
            .lines()
            .filter(|l| l.contains("\"S003\"") && l.contains("source_url"))
            .count();
        assert_eq!(s003, findings, "{url}: {}", run.stdout);
    }
}

/// The 网站地图 lists every page a reader can reach: years with their 汇总, the downloads, every
/// agency and report; search and compare only where the portal has them.
#[test]
fn the_sitemap_page_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    assert_eq!(build_into(&repo(), &out, &[]).code, 0);
    let page =
        Html::parse_document(&std::fs::read_to_string(out.join("sitemap/index.html")).unwrap());
    let hrefs: std::collections::BTreeSet<String> = page
        .select(&Selector::parse("main a").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.trim_start_matches("/nianbao/").to_string())
        .collect();
    let mut expected: Vec<String> = vec!["".into(), "data/".into(), "about/".into()];
    for entry in std::fs::read_dir(out.join("years")).unwrap() {
        let y = entry.unwrap().file_name().to_string_lossy().into_owned();
        expected.push(format!("years/{y}/"));
        expected.push(format!("years/{y}/summary/"));
    }
    for report in files_under(&out)
        .into_iter()
        .filter(|f| f.ends_with("/index.html") && f.matches('/').count() == 2)
        .filter(|f| {
            f.split('/')
                .nth(1)
                .is_some_and(|y| y.parse::<i32>().is_ok())
        })
        .filter(|f| !f.starts_with("years/"))
    {
        let dir = report.trim_end_matches("index.html").to_string();
        expected.push(format!("{}/", dir.split('/').next().unwrap()));
        expected.push(dir);
    }
    for e in &expected {
        assert!(hrefs.contains(e), "网站地图 lacks {e:?}: {hrefs:?}");
    }
    assert!(!hrefs.contains("search/") && !hrefs.contains("compare/"));
    // A report without neighbours has no 年度 navigation at all (no empty landmark).
    let lone = Html::parse_document(
        &std::fs::read_to_string(out.join("changxingdao/2022/index.html")).unwrap(),
    );
    assert_eq!(
        lone.select(&Selector::parse("nav.pager").unwrap()).count(),
        0
    );
}
