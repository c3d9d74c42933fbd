//! `nianbao import`: the five published seeds against the bundled hand-made reports, compared
//! as typed reports cell by cell; synthetic layouts, each with its exact expected outcome; the
//! command line.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{nianbao, repo};
use nianbao::import::place::Key;
use nianbao::import::{Imported, Options, import_document};
use nianbao::model::{AppRow, CaseRow, Proactive, Report, RowForm, labels::RESULT_ROWS};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// An empty portal (site.toml and content/).
fn empty_portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"测试门户\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    dir
}

fn import_text(root: &Path, name: &str, text: &str, opts: &Options) -> Result<Imported, String> {
    let path = PathBuf::from(name);
    let doc = nianbao::import::text::read_text(&path, text);
    import_document(root, &doc, opts, today()).map_err(|e| e.to_string())
}

fn seed(name: &str) -> String {
    let dir = repo().join("tests/import/seeds");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().starts_with(name) {
            return std::fs::read_to_string(p).unwrap();
        }
    }
    panic!("seed {name} missing");
}

/// A row as its seven (or five) cells: the breakdown and the stated total; None is blank.
fn view<const N: usize>(row: &nianbao::model::Row<N>) -> Vec<Option<u64>> {
    let mut v: Vec<Option<u64>> = match row.form {
        RowForm::Cells => row.cells.to_vec(),
        RowForm::TotalOnly => vec![None; N],
        RowForm::Omitted => vec![Some(0); N],
        RowForm::Invalid => panic!("invalid row"),
    };
    v.push(row.stated_total.as_ref().map(|t| t.value));
    v
}

/// Every table cell of a report with a name, for comparison: (row, column, value).
fn cells(r: &Report) -> Vec<(String, Vec<Option<String>>)> {
    let mut out = Vec::new();
    let c = |x: &nianbao::model::Count| x.as_ref().map(|v| v.value.to_string());
    match &r.proactive {
        Proactive::F2021(p) => {
            for (k, d) in [
                ("regulations", &p.regulations),
                ("normative_documents", &p.normative_documents),
            ] {
                out.push((
                    format!("proactive.{k}"),
                    vec![c(&d.issued), c(&d.repealed), c(&d.in_force)],
                ));
            }
            out.push(("proactive.licensing".into(), vec![c(&p.licensing)]));
            out.push(("proactive.punishment".into(), vec![c(&p.punishment)]));
            out.push(("proactive.coercion".into(), vec![c(&p.coercion)]));
            out.push((
                "proactive.fees".into(),
                vec![p.fees.as_ref().map(|m| m.value.0.normalize().to_string())],
            ));
        }
        Proactive::F2019(p) => {
            for (k, d) in [
                ("regulations", &p.regulations),
                ("normative_documents", &p.normative_documents),
            ] {
                out.push((
                    format!("proactive.{k}"),
                    vec![c(&d.made), c(&d.published), c(&d.total)],
                ));
            }
            for (k, i) in [
                ("licensing", &p.licensing),
                ("other_services", &p.other_services),
                ("punishment", &p.punishment),
                ("coercion", &p.coercion),
                ("fees", &p.fees),
            ] {
                out.push((
                    format!("proactive.{k}"),
                    vec![
                        c(&i.previous),
                        i.change.as_ref().map(|v| v.value.to_string()),
                        c(&i.decisions),
                    ],
                ));
            }
            out.push((
                "proactive.procurement".into(),
                vec![
                    c(&p.procurement.projects),
                    p.procurement
                        .amount
                        .as_ref()
                        .map(|m| m.value.0.normalize().to_string()),
                    p.procurement
                        .unit
                        .as_ref()
                        .map(|u| u.value.label().to_string()),
                ],
            ));
        }
    }
    let s = |v: Vec<Option<u64>>| v.into_iter().map(|x| x.map(|n| n.to_string())).collect();
    let a = &r.applications;
    let app = |name: &str, row: &AppRow| (name.to_string(), s(view(row)));
    out.push(app("received", &a.received));
    out.push(app("carried_over", &a.carried_over));
    for (i, d) in RESULT_ROWS.iter().enumerate() {
        if d.in_format(r.format) {
            out.push(app(
                &format!("results.{}.{}", d.group, d.key),
                &a.results[i],
            ));
        }
    }
    out.push((
        "results.total".into(),
        a.stated_total
            .as_ref()
            .map_or(vec![None; 7], |t| s(view(t))),
    ));
    out.push(app("carried_forward", &a.carried_forward));
    let case = |name: &str, row: &CaseRow| (name.to_string(), s(view(row)));
    out.push(case("review", &r.review));
    out.push(case("litigation.direct", &r.litigation_direct));
    out.push(case("litigation.after_review", &r.litigation_after_review));
    out
}

/// The name `cells` gives the row a placer key fills.
fn key_name(k: Key) -> String {
    match k {
        Key::Received => "received".into(),
        Key::CarriedOver => "carried_over".into(),
        Key::CarriedForward => "carried_forward".into(),
        Key::ResultsTotal => "results.total".into(),
        Key::Result(i) => format!("results.{}.{}", RESULT_ROWS[i].group, RESULT_ROWS[i].key),
        Key::Pro(i) => format!("proactive.{}", nianbao::import::place::pro_key(i)),
        Key::Cases => "cases".into(),
    }
}

fn handmade<'a>(site: &'a nianbao::content::Site, agency: &str, year: i32) -> &'a Report {
    site.reports
        .iter()
        .find(|r| r.agency == agency && r.the_year() == Some(year))
        .unwrap_or_else(|| panic!("no hand-made {agency}/{year}"))
}

/// The seed's figures equal the hand-made report's, except the rows listed in `unknown`,
/// which must be exactly the rows the importer left null with a reason (never a different
/// number).
fn acceptance(seed_name: &str, agency: &str, year: i32, unknown: &[&str]) {
    let (site, _) = nianbao::content::load(&repo()).unwrap();
    let theirs = handmade(&site, agency, year);
    let portal = empty_portal();
    let opts = Options {
        agency: Some(agency.into()),
        ..Default::default()
    };
    let im = import_text(portal.path(), seed_name, &seed(seed_name), &opts).unwrap();
    assert_eq!(im.year, year);
    assert_eq!(im.format, theirs.format, "format of {seed_name}");
    assert!(im.report.data_ok, "{}", im.text);
    assert_eq!(im.report.origin, nianbao::model::Origin::Imported);

    // Rows left null with a reason: exactly the listed ones.
    let mut nulled: Vec<String> = im
        .placement
        .rows
        .iter()
        .filter(|r| r.reason.is_some())
        .map(|r| key_name(r.key))
        .collect();
    nulled.sort();
    let mut expected: Vec<String> = unknown.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(nulled, expected, "rows left null in {seed_name}");

    let mine = cells(&im.report);
    let hand = cells(theirs);
    assert_eq!(mine.len(), hand.len());
    for ((name, m), (hname, h)) in mine.iter().zip(&hand) {
        assert_eq!(name, hname);
        let may_be_null = unknown.contains(&name.as_str())
            || (name.starts_with("review") || name.starts_with("litigation"))
                && unknown.contains(&"cases");
        for (i, (mv, hv)) in m.iter().zip(h).enumerate() {
            if mv == hv {
                continue;
            }
            assert!(
                mv.is_none() && may_be_null,
                "{seed_name}: {name} column {i}: imported {mv:?}, hand-made {hv:?}\n{}",
                im.text
            );
        }
        if may_be_null {
            assert!(
                m.iter().all(Option::is_none),
                "{name}: a null row is null throughout"
            );
        }
    }
    // Passes check with no errors (arithmetic findings of imported reports are warnings).
    assert_eq!(
        im.errors(),
        0,
        "{}",
        im.findings
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn seed_datonghu_2023_equals_the_handmade_report() {
    acceptance("000", "datonghu", 2023, &[]);
}

#[test]
fn seed_changxingdao_2022_equals_the_handmade_report() {
    acceptance("003", "changxingdao", 2022, &[]);
}

#[test]
fn seed_ruzhou_2021_leaves_the_shifted_total_only_rows_null() {
    // The scrape dropped a blank cell in these rows (5 blanks and a 0 where the table has 7
    // cells): the hand-made file read the 0 as the 总计; the importer cannot know.
    acceptance(
        "004",
        "ruzhou",
        2021,
        &[
            "results..disclosed",
            "results..partially_disclosed",
            "results.withheld.state_secret",
            "results.withheld.prohibited_by_law",
            "results.withheld.endangers_safety",
            "results.withheld.third_party_rights",
        ],
    );
}

#[test]
fn seed_lingang_2023_leaves_rows_with_dropped_cells_null() {
    acceptance(
        "001",
        "lingang",
        2023,
        &[
            "received",
            "carried_over",
            "results..disclosed",
            "results..partially_disclosed",
            "results.withheld.endangers_safety",
            "results.withheld.third_party_rights",
            "results.withheld.internal_affairs",
            "results.withheld.process_information",
            "results.withheld.enforcement_files",
            "results.withheld.administrative_query",
            "results.unable_to_provide.not_held",
            "results.unable_to_provide.requires_creation",
            "results.unable_to_provide.unclear_after_correction",
            "results.not_processed.complaints",
            "results.not_processed.repeated",
            "results.not_processed.publications",
            "results.not_processed.excessive",
            "results.not_processed.confirmation",
            "results.other.no_correction",
            "results.other.unpaid_fee",
            "results.other.other",
            "results.total",
            "carried_forward",
        ],
    );
}

#[test]
fn seed_taojiang_2020_leaves_single_value_rows_null() {
    // Each applications row holds one 0 among a run of `|` of varying length: which column
    // the 0 is in cannot be told.
    let mut rows: Vec<String> = vec![
        "received".into(),
        "carried_over".into(),
        "results.total".into(),
    ];
    for d in RESULT_ROWS
        .iter()
        .filter(|d| d.in_format(nianbao::model::Format::F2019))
    {
        rows.push(format!("results.{}.{}", d.group, d.key));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    acceptance("002", "taojiang", 2020, &rows);
}

#[test]
fn seed_metadata_and_narrative() {
    let portal = empty_portal();
    let im = import_text(portal.path(), "003", &seed("003"), &Options::default()).unwrap();
    assert_eq!(im.published, NaiveDate::from_ymd_opt(2023, 2, 14));
    // Converter glosses are gone from the narrative and the title.
    assert!(
        !im.text.contains("(zhǎng)") && !im.text.contains("(jì)"),
        "{}",
        im.text
    );
    assert!(im.text.contains("大連長興島"));
    // The tables are not repeated in the narrative.
    assert!(!im.text.contains("\n9272\n"));
    // The preface is the report's opening paragraph, not the page's column name above the title.
    assert_eq!(im.narrative.preface.len(), 1, "{:?}", im.narrative.preface);
    assert!(im.narrative.preface[0].starts_with("本年報根據"));
    // Every part found, under its own heading.
    assert!(im.narrative.parts.iter().all(Option::is_some));
    let im = import_text(portal.path(), "001", &seed("001"), &Options::default()).unwrap();
    assert_eq!(im.slug, "lingang");
    assert_eq!(im.index_no.as_deref(), Some("01404053X/2024-00175"));
    assert_eq!(im.published, NaiveDate::from_ymd_opt(2024, 1, 22));
    // Page chrome and the CMS header are not narrative.
    for chrome in ["当前位置", "收藏", "打印", "信息索引号", "文件下载"] {
        assert!(
            !im.text.split("---").nth(2).unwrap_or("").contains(chrome),
            "{chrome}"
        );
    }
    // The agency's own wording of a heading is kept so that N002 reports it.
    assert!(im.text.contains("## 五、存在主要问题及改进情况"));
    assert!(im.findings.iter().any(|d| d.rule.id() == "N002"));
    // No date stated: none written.
    let im = import_text(portal.path(), "004", &seed("004"), &Options::default()).unwrap();
    assert_eq!(im.published, None);
    assert!(im.text.contains("# published: 原文没有注明发布日期"));
}

// ---------------------------------------------------------------------------------------------
// Synthetic layouts (tests/import/text/, see its README): each against the hand-written
// expected report, with exactly the listed rows different.

fn expected_report(name: &str) -> Report {
    let path = repo().join("tests/import/text").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let file = std::sync::Arc::new(nianbao::source::SourceFile::new(path, name.into(), text));
    let mut diags = Vec::new();
    let r = nianbao::content::read_report("fixture", file, Some(2023), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    r
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/import/text").join(name)).unwrap()
}

/// Import fixture `name`; its figures must equal `expected` except: rows in `nulls` are null
/// with a reason (and no other row is), rows in `changed` hold the given cells.
fn fixture(
    name: &str,
    expected: &str,
    nulls: &[&str],
    changed: &[(&str, &[Option<&str>])],
) -> Imported {
    let portal = empty_portal();
    let opts = Options {
        agency: Some("fixture".into()),
        ..Default::default()
    };
    let im = import_text(portal.path(), name, &fixture_text(name), &opts).unwrap();
    let want = expected_report(expected);
    assert_eq!(im.format, want.format, "{name}");
    let mut nulled: Vec<String> = im
        .placement
        .rows
        .iter()
        .filter(|r| r.reason.is_some())
        .map(|r| key_name(r.key))
        .collect();
    nulled.sort();
    let mut listed: Vec<String> = nulls.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(nulled, listed, "{name}: rows left null\n{}", im.text);
    for ((row, got), (_, want)) in cells(&im.report).iter().zip(cells(&want)) {
        let cases_null = nulls.contains(&"cases")
            && (row.starts_with("review") || row.starts_with("litigation"));
        if nulls.contains(&row.as_str()) || cases_null {
            assert!(
                got.iter().all(Option::is_none),
                "{name}: {row} should be null: {got:?}"
            );
        } else if let Some((_, cells)) = changed.iter().find(|(r, _)| r == row) {
            let cells: Vec<Option<String>> = cells.iter().map(|c| c.map(str::to_string)).collect();
            assert_eq!(got, &cells, "{name}: {row}");
        } else {
            assert_eq!(got, &want, "{name}: {row}\n{}", im.text);
        }
    }
    assert_eq!(
        im.errors(),
        0,
        "{name}: {}",
        im.findings
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(im.published, NaiveDate::from_ymd_opt(2024, 1, 20), "{name}");
    im
}

#[test]
fn tabs_one_row_per_line() {
    let im = fixture("tabs.txt", "expected.md", &[], &[]);
    assert_eq!(im.meta.agency.as_deref(), Some("某某市某某局"));
    assert_eq!(im.meta.signed_by.as_deref(), Some("某某市某某局"));
}

#[test]
fn one_cell_per_line() {
    fixture("cell_per_line.txt", "expected.md", &[], &[]);
}

#[test]
fn blank_cells_keep_their_place_in_a_regular_table() {
    let total_only: &[Option<&str>] = &[None, None, None, None, None, None, Some("0")];
    fixture(
        "tab_per_line_blanks.txt",
        "expected.md",
        &[],
        &[
            ("results.withheld.state_secret", total_only),
            ("results.withheld.prohibited_by_law", total_only),
        ],
    );
}

#[test]
fn markdown_tables() {
    fixture("markdown.txt", "expected.md", &[], &[]);
}

#[test]
fn pdftotext_layout_with_wrapped_labels_and_a_page_break() {
    fixture("layout.txt", "expected.md", &[], &[]);
}

#[test]
fn ocr_rows_and_a_misread_label() {
    let im = fixture("ocr.txt", "expected.md", &[], &[]);
    assert!(
        im.placement
            .notes
            .iter()
            .any(|n| n.contains("行政许巧") && n.contains("行政许可")),
        "{:?}",
        im.placement.notes
    );
}

#[test]
fn traditional_characters_with_pinyin_glosses() {
    let im = fixture("traditional_pinyin.txt", "expected.md", &[], &[]);
    assert!(!im.text.contains("(zhǎng)") && !im.text.contains("(jì)"));
    assert!(im.text.contains("政府信息公開工作年度報告"), "{}", im.text);
}

#[test]
fn digit_runs_split_only_when_one_split_fits() {
    let im = fixture(
        "digit_runs.txt",
        "expected.md",
        &["proactive.regulations", "results..disclosed"],
        &[
            (
                "received",
                &[
                    Some("27"),
                    Some("0"),
                    Some("0"),
                    Some("0"),
                    Some("0"),
                    Some("0"),
                    Some("27"),
                ],
            ),
            (
                "results.total",
                &[
                    Some("27"),
                    Some("0"),
                    Some("0"),
                    Some("0"),
                    Some("1"),
                    Some("0"),
                    Some("28"),
                ],
            ),
        ],
    );
    let reason = |key: Key| {
        im.placement
            .row(key)
            .and_then(|r| r.reason.clone())
            .unwrap_or_default()
    };
    assert!(
        reason(Key::Pro(1)).contains("898989"),
        "{}",
        reason(Key::Pro(1))
    );
    assert!(reason(Key::Result(0)).contains("000011011"));
    assert!(
        im.text.contains("# 原文无法确定：数字串“898989”"),
        "{}",
        im.text
    );
    // The original's own inconsistencies are warnings, not errors.
    assert!(im.findings.iter().any(|d| d.rule.id().starts_with('A')));
}

#[test]
fn a_missing_row_is_null_with_a_reason() {
    let im = fixture(
        "missing_row.txt",
        "expected.md",
        &["results.not_processed.repeated"],
        &[],
    );
    assert!(
        im.text.contains("# 原文无法确定：原文表格中找不到这一行"),
        "{}",
        im.text
    );
}

#[test]
fn a_row_with_a_dropped_cell_is_not_shifted() {
    let im = fixture("shifted.txt", "expected.md", &["carried_over"], &[]);
    let r = im.placement.row(Key::CarriedOver).unwrap();
    assert!(r.reason.as_deref().unwrap_or("").contains("6 个单元格"));
    assert_eq!(
        r.label_pos.line,
        im.placement.row(Key::CarriedOver).unwrap().label_pos.line
    );
}

#[test]
fn the_2019_tables_in_a_2023_report() {
    let im = fixture("format2019_in_2023.txt", "expected2019.md", &[], &[]);
    assert!(im.findings.iter().any(|d| d.rule.id() == "F001"));
}

#[test]
fn a_report_before_the_2019_format_is_refused() {
    let portal = empty_portal();
    let err = import_text(
        portal.path(),
        "pre2019.txt",
        &fixture_text("pre2019.txt"),
        &Options::default(),
    )
    .unwrap_err();
    assert!(
        err.contains("2019年版格式") && err.contains("没有写入"),
        "{err}"
    );
    let err = import_text(portal.path(), "empty.txt", "", &Options::default()).unwrap_err();
    assert!(err.contains("找不到年度报告的统计表"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// The command.

/// `nianbao import …` with JSON output: (exit code, the one object per file).
fn import_json(root: &Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--root")
        .arg(root)
        .arg("import")
        .args(args)
        .args(["--format", "json"])
        .env("SOURCE_DATE_EPOCH", common::TODAY_EPOCH)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let values = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap_or(-1), values)
}

#[test]
fn the_command_imports_a_folder_and_the_portal_checks_clean() {
    let portal = empty_portal();
    let seeds = repo().join("tests/import/seeds");
    let seeds = seeds.to_str().unwrap();
    // A dry run writes nothing.
    let run = nianbao(portal.path(), &["import", seeds, "--dry-run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("共 5 个文件：导入 5 个，失败 0 个（--dry-run，未写入）"),
        "{}",
        run.stdout
    );
    assert!(!portal.path().join("content/datonghu").exists());

    let run = nianbao(portal.path(), &["import", seeds]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for f in [
        "datonghu/2023.md",
        "datonghu/_index.md",
        "lingang/2023.md",
        "taojiang/2020.md",
    ] {
        assert!(portal.path().join("content").join(f).is_file(), "{f}");
    }
    // The run's report names what was left blank and where.
    assert!(
        run.stdout
            .contains("一、本年新收政府信息公开申请数量：原文该行有 5 个单元格（16、0、0、0、16）"),
        "{}",
        run.stdout
    );
    // The whole portal checks with no errors: the originals' inconsistencies are warnings.
    let check = nianbao(portal.path(), &["check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.findings.iter().all(|f| f.severity != "error"));

    // An existing report is never overwritten without --force; that is a failed file (exit 1).
    let one = repo().join("tests/import/seeds/000_7347ffa5c5ec4b36.txt");
    let one = one.to_str().unwrap();
    let before = std::fs::read_to_string(portal.path().join("content/datonghu/2023.md")).unwrap();
    std::fs::write(portal.path().join("content/datonghu/2023.md"), "edited").unwrap();
    let (code, v) = import_json(portal.path(), &[one]);
    assert_eq!(code, 1);
    let v = &v[0];
    assert_eq!(v["ok"], false);
    assert!(v["error"].as_str().unwrap().contains("不会覆盖"));
    assert_eq!(
        std::fs::read_to_string(portal.path().join("content/datonghu/2023.md")).unwrap(),
        "edited"
    );
    let (code, v) = import_json(portal.path(), &[one, "--force"]);
    assert_eq!(code, 0, "{v:?}");
    let v = &v[0];
    assert_eq!(v["agency"], "datonghu");
    assert_eq!(v["year"], 2023);
    assert_eq!(v["format"], 2019);
    assert_eq!(v["published"], "2024-01-22");
    assert_eq!(v["figures_placed"], 84);
    assert_eq!(
        std::fs::read_to_string(portal.path().join("content/datonghu/2023.md")).unwrap(),
        before
    );
}

#[test]
fn the_command_refuses_old_reports_and_runs_only_in_a_portal() {
    let portal = empty_portal();
    let old = repo().join("tests/import/text/pre2019.txt");
    let run = nianbao(portal.path(), &["import", old.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("不导入") && run.stdout.contains("统计表"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_dir(portal.path().join("content"))
            .unwrap()
            .count(),
        0
    );

    let nowhere = tempfile::tempdir().unwrap();
    let run = nianbao(nowhere.path(), &["import", old.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不是门户根目录"));
}

#[test]
fn agency_and_name_options_override_the_document() {
    let portal = empty_portal();
    let seed = repo().join("tests/import/seeds/003_5458ef692d47ccb8.txt");
    let run = nianbao(
        portal.path(),
        &[
            "import",
            seed.to_str().unwrap(),
            "--agency",
            "changxingdao",
            "--name",
            "大连长兴岛经济技术开发区管理委员会",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let index =
        std::fs::read_to_string(portal.path().join("content/changxingdao/_index.md")).unwrap();
    assert!(
        index.contains("name: \"大连长兴岛经济技术开发区管理委员会\""),
        "{index}"
    );
}

// ---------------------------------------------------------------------------------------------
// No input makes the importer panic or hang, and what it writes always loads.

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    /// Fragments real tables are made of, mixed with noise.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("规章".to_string()),
            Just("行政规范性文件".to_string()),
            Just("一、本年新收政府信息公开申请数量".to_string()),
            Just("（七）总计".to_string()),
            Just("3.其他".to_string()),
            Just("行政复议".to_string()),
            Just("结果维持".to_string()),
            Just("2023年政府信息公开工作年度报告".to_string()),
            Just("二、主动公开政府信息情况".to_string()),
            Just("五、存在的主要问题及改进情况".to_string()),
            Just("\t".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just(" | ".to_string()),
            Just("    ".to_string()),
            Just("長(zhǎng)".to_string()),
            Just("2024年1月20日".to_string()),
            "[0-9]{1,40}",
            "\\PC{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]
        #[test]
        fn any_text_imports_or_is_refused_without_panicking(parts in proptest::collection::vec(piece(), 0..120)) {
            let text: String = parts.concat();
            let dir = std::env::temp_dir();
            let doc = nianbao::import::text::read_text(Path::new("x.txt"), &text);
            let opts = Options { agency: Some("x".into()), year: Some(2023), ..Default::default() };
            if let Ok(im) = import_document(&dir, &doc, &opts, today()) {
                // What is written always reads back as a report with its data.
                prop_assert!(im.report.data_ok, "{}", im.text);
            }
        }
    }
}

#[test]
fn no_date_is_invented_and_narrative_words_are_not_chrome() {
    let text = fixture_text("tabs.txt")
        .replace(
            "（一）主动公开情况。",
            "统计时间：2023年1月1日至2023年12月31日\n（三）关闭不再使用的政务新媒体\n（一）主动公开情况。",
        )
        .replace("2024年1月20日\n", "");
    let portal = empty_portal();
    let im = import_text(portal.path(), "t.txt", &text, &Options::default()).unwrap();
    assert_eq!(im.published, None, "{}", im.text);
    assert!(
        im.text.contains("\n（三）关闭不再使用的政务新媒体\n"),
        "{}",
        im.text
    );
    assert!(im.findings.iter().any(|d| d.rule.id() == "D003"));
}

#[test]
fn tables_in_another_order_are_found_by_their_labels() {
    fixture("swapped.txt", "expected.md", &[], &[]);
}

#[test]
fn a_page_with_two_reports_is_refused() {
    let portal = empty_portal();
    let err = import_text(
        portal.path(),
        "two_reports.txt",
        &fixture_text("two_reports.txt"),
        &Options::default(),
    )
    .unwrap_err();
    assert!(
        err.contains("不止一份年度报告") && err.contains("2022年"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Round trip: generated reports rendered as published tables (four layouts), imported back,
// every figure equal.

mod round_trip {
    use super::*;
    use nianbao::model::Row;
    use nianbao::model::labels as lb;

    fn n(c: &nianbao::model::Count) -> String {
        c.as_ref().map_or(String::new(), |v| v.value.to_string())
    }

    /// A row of N cells and its 总计 as a published table prints them.
    fn row<const N: usize>(label: &[&str], r: &Row<N>) -> Vec<String> {
        let mut v: Vec<String> = label.iter().map(|s| s.to_string()).collect();
        for i in 0..N {
            v.push(r.cell(i).map_or(String::new(), |c| c.to_string()));
        }
        v.push(
            r.stated_total
                .as_ref()
                .map(|t| t.value)
                .or(r.total())
                .map_or(String::new(), |t| t.to_string()),
        );
        v
    }

    fn tables(r: &Report) -> [Vec<Vec<String>>; 3] {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let mut pro = Vec::new();
        match &r.proactive {
            Proactive::F2021(p) => {
                pro.push(s(&["第二十条第（一）项"]));
                pro.push(s(&[
                    "信息内容",
                    lb::ISSUED.simp,
                    lb::REPEALED.simp,
                    lb::IN_FORCE.simp,
                ]));
                for (label, d) in [
                    (lb::REGULATIONS.simp, &p.regulations),
                    (lb::NORMATIVE_2021.simp, &p.normative_documents),
                ] {
                    pro.push(vec![
                        label.into(),
                        n(&d.issued),
                        n(&d.repealed),
                        n(&d.in_force),
                    ]);
                }
                pro.push(s(&["第二十条第（五）项"]));
                pro.push(s(&["信息内容", lb::DECISIONS_2021.simp]));
                pro.push(vec![lb::LICENSING.simp.into(), n(&p.licensing)]);
                pro.push(s(&["第二十条第（六）项"]));
                pro.push(s(&["信息内容", lb::DECISIONS_2021.simp]));
                pro.push(vec![lb::PUNISHMENT.simp.into(), n(&p.punishment)]);
                pro.push(vec![lb::COERCION.simp.into(), n(&p.coercion)]);
                pro.push(s(&["第二十条第（八）项"]));
                pro.push(s(&["信息内容", lb::FEE_AMOUNT_2021.simp]));
                pro.push(vec![
                    lb::FEES.simp.into(),
                    p.fees
                        .as_ref()
                        .map_or(String::new(), |m| m.value.to_string()),
                ]);
            }
            Proactive::F2019(p) => {
                pro.push(s(&["第二十条第（一）项"]));
                pro.push(s(&[
                    "信息内容",
                    lb::MADE.simp,
                    lb::PUBLISHED.simp,
                    lb::TOTAL_PUBLISHED.simp,
                ]));
                for (label, d) in [
                    (lb::REGULATIONS.simp, &p.regulations),
                    (lb::NORMATIVE_2019.simp, &p.normative_documents),
                ] {
                    pro.push(vec![label.into(), n(&d.made), n(&d.published), n(&d.total)]);
                }
                pro.push(s(&["第二十条第（五）项"]));
                pro.push(s(&[
                    "信息内容",
                    lb::PREVIOUS.simp,
                    lb::CHANGE.simp,
                    lb::DECISIONS_2019.simp,
                ]));
                for (label, i) in [
                    (lb::LICENSING.simp, &p.licensing),
                    (lb::OTHER_SERVICES.simp, &p.other_services),
                    (lb::PUNISHMENT.simp, &p.punishment),
                    (lb::COERCION.simp, &p.coercion),
                ] {
                    let change = i
                        .change
                        .as_ref()
                        .map_or(String::new(), |c| c.value.to_string());
                    pro.push(vec![label.into(), n(&i.previous), change, n(&i.decisions)]);
                }
                pro.push(s(&["第二十条第（八）项"]));
                pro.push(s(&["信息内容", lb::PREVIOUS.simp, lb::CHANGE.simp]));
                let change = p
                    .fees
                    .change
                    .as_ref()
                    .map_or(String::new(), |c| c.value.to_string());
                pro.push(vec![lb::FEES.simp.into(), n(&p.fees.previous), change]);
                pro.push(s(&["第二十条第（九）项"]));
                pro.push(s(&[
                    "信息内容",
                    lb::PROJECTS.simp,
                    lb::PROCUREMENT_AMOUNT.simp,
                ]));
                let unit = p
                    .procurement
                    .unit
                    .as_ref()
                    .map_or("万元", |u| u.value.label());
                let amount = p
                    .procurement
                    .amount
                    .as_ref()
                    .map_or(String::new(), |m| format!("{}{unit}", m.value));
                pro.push(vec![
                    lb::PROCUREMENT.simp.into(),
                    n(&p.procurement.projects),
                    amount,
                ]);
            }
        }
        let a = &r.applications;
        let mut app = vec![
            s(&[lb::BALANCE_NOTE.simp, lb::APPLICANTS.simp]),
            s(&["自然人", lb::LEGAL_PERSONS.simp, lb::TOTAL.simp]),
            s(&[
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
            ]),
            row(&[lb::RECEIVED.simp], &a.received),
            row(&[lb::CARRIED_OVER.simp], &a.carried_over),
        ];
        let mut group = "";
        for (i, d) in RESULT_ROWS.iter().enumerate() {
            if !d.in_format(r.format) {
                continue;
            }
            let mut label: Vec<&str> = Vec::new();
            if i == 0 {
                label.push(lb::RESULTS.simp);
            }
            if d.group != group {
                group = d.group;
                if let Some(g) = d.group_label {
                    label.push(g.simp);
                }
            }
            label.push(d.label.simp);
            app.push(row(&label, &a.results[i]));
        }
        let total = a.stated_total.clone().unwrap_or_default();
        app.push(row(&[lb::RESULTS_TOTAL.simp], &total));
        app.push(row(&[lb::CARRIED_FORWARD.simp], &a.carried_forward));
        let mut cases = vec![
            s(&[lb::REVIEW.simp, lb::LITIGATION.simp]),
            s(&[
                "结果维持",
                "结果纠正",
                "其他结果",
                "尚未审结",
                "总计",
                lb::LITIGATION_DIRECT.simp,
                lb::LITIGATION_AFTER_REVIEW.simp,
            ]),
            s(&[
                "结果维持",
                "结果纠正",
                "其他结果",
                "尚未审结",
                "总计",
                "结果维持",
                "结果纠正",
                "其他结果",
                "尚未审结",
                "总计",
            ]),
        ];
        let mut figures = Vec::new();
        for r in [&r.review, &r.litigation_direct, &r.litigation_after_review] {
            figures.extend(row(&[], r));
        }
        cases.push(figures);
        [pro, app, cases]
    }

    fn render(r: &Report, layout: usize) -> String {
        render_tables(r, &tables(r), layout)
    }

    fn render_tables(r: &Report, t: &[Vec<Vec<String>>; 3], layout: usize) -> String {
        let year = r.the_year().unwrap();
        let table = |rows: &Vec<Vec<String>>| -> String {
            match layout {
                0 => rows.iter().map(|r| r.join("\t") + "\n").collect(),
                1 => rows
                    .iter()
                    .flatten()
                    .map(|c| {
                        if c.is_empty() {
                            "\t\n\n".to_string()
                        } else {
                            format!("{c}\n\n")
                        }
                    })
                    .collect(),
                2 => {
                    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
                    let mut out = String::new();
                    for (i, r) in rows.iter().enumerate() {
                        let mut cells = r.clone();
                        cells.resize(width, String::new());
                        out.push_str(&format!("| {} |\n", cells.join(" | ")));
                        if i == 0 {
                            out.push_str(&format!("|{}\n", "---|".repeat(width)));
                        }
                    }
                    out
                }
                _ => rows
                    .iter()
                    .map(|r| {
                        let cells: Vec<String> = r
                            .iter()
                            .map(|c| if c.is_empty() { "-".into() } else { c.clone() })
                            .collect();
                        format!("  {}\n", cells.join("     "))
                    })
                    .collect(),
            }
        };
        let [pro, app, cases] = t;
        let date = r.published.as_ref().map_or(String::new(), |d| {
            d.value.format("%Y年%-m月%-d日").to_string()
        });
        format!(
            "某某局{year}年政府信息公开工作年度报告\n\n一、总体情况\n本年度工作情况良好。\n二、主动公开政府信息情况\n{}三、收到和处理政府信息公开申请情况\n{}四、政府信息公开行政复议、行政诉讼情况\n{}五、存在的主要问题及改进情况\n一是需改进。\n六、其他需要报告的事项\n无。\n\n某某局\n{date}\n",
            table(pro),
            table(app),
            table(cases)
        )
    }

    #[test]
    fn generated_reports_come_back_with_every_figure() {
        let dir = tempfile::tempdir().unwrap();
        nianbao::corpus::write(&dir.path().join("p"), 3, 4, 2019).unwrap();
        let (site, _) = nianbao::content::load(&dir.path().join("p")).unwrap();
        let portal = empty_portal();
        let mut n_reports = 0;
        for (k, original) in site.reports.iter().enumerate() {
            let layout = k % 4;
            let text = render(original, layout);
            let opts = Options {
                agency: Some("x".into()),
                ..Default::default()
            };
            let im = import_text(portal.path(), "r.txt", &text, &opts)
                .unwrap_or_else(|e| panic!("layout {layout}: {e}\n{text}"));
            assert_eq!(im.format, original.format);
            assert!(
                im.blanks().is_empty(),
                "layout {layout}: {:?}\n{text}",
                im.blanks()
            );
            for ((name, got), (_, want)) in cells(&im.report).iter().zip(cells(original)) {
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    // A total the original left to be computed is printed, and read back.
                    let last = i + 1 == want.len() && !name.starts_with("proactive");
                    assert!(
                        g == w || (last && w.is_none() && g.is_some()),
                        "layout {layout}: {name}[{i}] {g:?} vs {w:?}\n{text}"
                    );
                }
            }
            assert_eq!(im.published, original.published.as_ref().map(|d| d.value));
            assert_eq!(im.errors(), 0);
            n_reports += 1;
        }
        assert_eq!(n_reports, 12);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 40, ..Default::default() })]
        /// Drop one cell, or run two cells together, anywhere in the tables: every row comes
        /// back equal to the original or null with a reason, never with a different figure.
        #[test]
        fn a_damaged_row_is_null_never_wrong(report in 0usize..12, table in 0usize..3, pick in 0usize..1000, cell in 0usize..20, merge in proptest::bool::ANY) {
            let dir = tempfile::tempdir().unwrap();
            nianbao::corpus::write(&dir.path().join("p"), 3, 4, 2019).unwrap();
            let (site, _) = nianbao::content::load(&dir.path().join("p")).unwrap();
            let original = &site.reports[report % site.reports.len()];
            let mut t = tables(original);
            let rows = &mut t[table];
            let data: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].iter().any(|c| c.parse::<f64>().is_ok())).collect();
            let r = data[pick % data.len()];
            let first_value = rows[r].iter().position(|c| c.parse::<f64>().is_ok()).unwrap();
            let span = rows[r].len() - first_value;
            let at = first_value + cell % span;
            if merge && at + 1 < rows[r].len() {
                let next = rows[r].remove(at + 1);
                rows[r][at].push_str(&next);
            } else {
                rows[r].remove(at);
            }
            let text = render_tables(original, &t, 0);
            let portal = empty_portal();
            let opts = Options { agency: Some("x".into()), ..Default::default() };
            let im = import_text(portal.path(), "r.txt", &text, &opts).unwrap();
            let nulled: Vec<String> = im.placement.rows.iter().filter(|r| r.reason.is_some()).map(|r| key_name(r.key)).collect();
            for ((name, got), (_, want)) in cells(&im.report).iter().zip(cells(original)) {
                let is_null = nulled.contains(name)
                    || (nulled.contains(&"cases".to_string()) && (name.starts_with("review") || name.starts_with("litigation")));
                if is_null {
                    proptest::prop_assert!(got.iter().all(Option::is_none));
                    continue;
                }
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    let last = i + 1 == want.len() && !name.starts_with("proactive");
                    proptest::prop_assert!(g == w || (last && w.is_none() && g.is_some()), "{name}[{i}] {g:?} vs {w:?}\n{text}");
                }
            }
        }
    }
}

#[test]
fn folder_names_from_agency_names_are_ascii_even_with_lv() {
    let slug = nianbao::import::run::slug_for("示例市文化广电旅游局");
    assert!(slug.is_ascii() && slug.contains("lv"), "{slug}");
}
