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
