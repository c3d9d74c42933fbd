//! `nianbao import` end to end through every reader: nianbao's own built pages read back to
//! the figures they were built from, and one report published as a web page, a Word file and
//! a PDF imported to the same figures. A figure may come back blank (with its reason in the
//! file), never different.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{nianbao, repo};
use nianbao::model::labels::Script;

type Figures = BTreeMap<(String, String, String), String>;

/// Every figure of the reports of a portal, by (agency/year, row, column).
fn figures(root: &Path) -> BTreeMap<String, Figures> {
    let (site, _) = nianbao::content::load(root).unwrap();
    site.reports
        .iter()
        .map(|r| {
            let key = format!("{}/{}", r.agency, r.the_year().unwrap_or_default());
            let f = nianbao::render::data::figures(r, Script::Simplified)
                .into_iter()
                .map(|f| {
                    (
                        (
                            f.table.to_string(),
                            f.row_code.to_string(),
                            f.column_code.to_string(),
                        ),
                        f.value.to_string(),
                    )
                })
                .collect();
            (key, f)
        })
        .collect()
}

/// `imported` holds no figure that differs from `original`; returns how many are equal.
fn never_different(what: &str, original: &Figures, imported: &Figures) -> usize {
    let mut equal = 0;
    for (k, v) in imported {
        let o = original.get(k).map(String::as_str).unwrap_or("");
        if v == o {
            equal += 1;
        } else {
            assert!(
                v.is_empty(),
                "{what}: {k:?} imported as {v:?}, the source says {o:?}"
            );
        }
    }
    equal
}

fn empty_portal(dir: &Path) -> std::path::PathBuf {
    let portal = dir.join("p");
    assert_eq!(nianbao(&portal, &["init", "--no-example"]).code, 0);
    portal
}

#[test]
fn nianbaos_own_pages_import_back_to_their_figures() {
    let dir = tempfile::tempdir().unwrap();
    let built = dir.path().join("site");
    assert_eq!(
        nianbao(&repo(), &["build", "--output", built.to_str().unwrap()]).code,
        0
    );
    let original = figures(&repo());
    let portal = empty_portal(dir.path());
    for key in original.keys() {
        let (agency, _) = key.split_once('/').unwrap();
        let page = built.join(key).join("index.html");
        let r = nianbao(
            &portal,
            &["import", page.to_str().unwrap(), "--agency", agency],
        );
        assert_eq!(r.code, 0, "{key}: {}{}", r.stdout, r.stderr);
    }
    let imported = figures(&portal);
    assert_eq!(imported.len(), original.len());
    for (key, figs) in &imported {
        let equal = never_different(key, &original[key], figs);
        // Blank cells of the original stay blank: nearly every figure comes back.
        assert!(
            equal * 10 >= figs.len() * 9,
            "{key}: {equal} of {} figures",
            figs.len()
        );
    }
}

#[test]
fn one_report_as_web_page_word_and_pdf_imports_to_the_same_figures() {
    let fixtures = repo().join("tests/import/fixtures");
    let mut by_kind = BTreeMap::new();
    for file in [
        "rich_text.html",
        "rich_text.docx",
        "rich_text.pdf",
        "word_cms.html",
        "word_cms.docx",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let portal = empty_portal(dir.path());
        let r = nianbao(
            &portal,
            &[
                "import",
                fixtures.join(file).to_str().unwrap(),
                "--agency",
                "a",
            ],
        );
        assert_eq!(r.code, 0, "{file}: {}{}", r.stdout, r.stderr);
        let check = common::check_json(&portal);
        assert!(
            !check.findings.iter().any(|f| f.severity == "error"),
            "{file}: {:#?}",
            check.findings
        );
        let figs = figures(&portal).into_values().next().unwrap();
        by_kind.insert(file, figs);
    }
    // Word and the web page it was saved as agree on every figure.
    assert_eq!(by_kind["rich_text.html"], by_kind["rich_text.docx"]);
    assert_eq!(by_kind["word_cms.html"], by_kind["word_cms.docx"]);
    // The printed PDF never disagrees with the page.
    let equal = never_different(
        "rich_text.pdf",
        &by_kind["rich_text.html"],
        &by_kind["rich_text.pdf"],
    );
    assert!(equal > 100, "{equal} figures of the PDF equal the page's");
}

/// The figures of the 青禾县 2023 fixtures as written by hand from the published table (the
/// same figures the reader tests expect in the grids), placed where the format puts them.
const QINGHE_2023: &[(&str, &str, &str, &str)] = &[
    ("proactive", "regulations", "issued", "0"),
    ("proactive", "regulations", "repealed", "1"),
    ("proactive", "regulations", "in_force", "2"),
    ("proactive", "normative_documents", "issued", "13"),
    ("proactive", "normative_documents", "repealed", "4"),
    ("proactive", "normative_documents", "in_force", "57"),
    ("proactive", "licensing", "decisions", "1386"),
    ("proactive", "punishment", "decisions", "92"),
    ("proactive", "coercion", "decisions", "5"),
    ("proactive", "fees", "amount", "31.75"),
    ("applications", "received", "natural_person", "41"),
    ("applications", "received", "commercial", "6"),
    ("applications", "received", "public_interest", "1"),
    ("applications", "received", "legal_services", "2"),
    ("applications", "received", "total", "50"),
    ("applications", "carried_over", "natural_person", "3"),
    ("applications", "results.disclosed", "natural_person", "18"),
    ("applications", "results.disclosed", "commercial", "2"),
    ("applications", "results.disclosed", "public_interest", "1"),
    ("applications", "results.disclosed", "total", "21"),
    (
        "applications",
        "results.unable_to_provide.not_held",
        "natural_person",
        "9",
    ),
    (
        "applications",
        "results.unable_to_provide.not_held",
        "commercial",
        "2",
    ),
    (
        "applications",
        "results.unable_to_provide.not_held",
        "legal_services",
        "1",
    ),
    ("applications", "results.other.other", "legal_services", "1"),
    ("applications", "results.total", "natural_person", "42"),
    ("applications", "results.total", "total", "51"),
    ("applications", "carried_forward", "natural_person", "2"),
    ("review", "review", "upheld", "3"),
    ("review", "review", "corrected", "1"),
    ("review", "review", "pending", "1"),
    ("review", "review", "total", "5"),
    ("review", "litigation.direct", "upheld", "2"),
    ("review", "litigation.direct", "pending", "1"),
    ("review", "litigation.direct", "total", "3"),
    ("review", "litigation.after_review", "upheld", "1"),
    ("review", "litigation.after_review", "total", "1"),
];

#[test]
fn web_pages_in_the_shapes_cms_publish_import_to_the_hand_written_figures() {
    let fixtures = repo().join("tests/import/fixtures");
    for file in [
        "word_cms.html",
        "rich_text.html",
        "gbk.html",
        "swapped.html",
        "word_cms.docx",
        "rich_text.docx",
        "rich_text.pdf",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let portal = empty_portal(dir.path());
        let r = nianbao(
            &portal,
            &[
                "import",
                fixtures.join(file).to_str().unwrap(),
                "--agency",
                "a",
                "--year",
                "2023",
            ],
        );
        assert_eq!(r.code, 0, "{file}: {}{}", r.stdout, r.stderr);
        let figs = figures(&portal).into_values().next().unwrap();
        for (table, row, column, value) in QINGHE_2023 {
            let key = (table.to_string(), row.to_string(), column.to_string());
            assert_eq!(
                figs.get(&key).map(String::as_str),
                Some(*value),
                "{file}: {table} {row} {column}"
            );
        }
    }
    // The page in a CMS layout table with all its chrome: the changxingdao report, whose
    // hand-made file is in the bundled portal.
    let dir = tempfile::tempdir().unwrap();
    let portal = empty_portal(dir.path());
    let r = nianbao(
        &portal,
        &[
            "import",
            fixtures.join("chrome.html").to_str().unwrap(),
            "--agency",
            "changxingdao",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let imported = figures(&portal);
    let original = figures(&repo());
    let equal = never_different(
        "chrome.html",
        &original["changxingdao/2022"],
        &imported["changxingdao/2022"],
    );
    assert!(equal > 150, "{equal} figures equal the hand-made report's");
}
