//! Reproducible, sync-friendly output: the same content gives the same bytes, and a rebuild
//! leaves every file it does not change untouched (same bytes, same modification time), so
//! that `rsync -a` or an object-storage sync uploads only what changed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{bundled_portal, edit, nianbao, repo};

/// Every file under `dir`, relative, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    files(dir)
        .into_keys()
        .map(|rel| {
            let t = std::fs::metadata(dir.join(&rel))
                .unwrap()
                .modified()
                .unwrap();
            (rel, t)
        })
        .collect()
}

/// Build and return the counts line: (changed, added, removed, unchanged).
fn build(root: &Path, out: &Path) -> (usize, usize, usize, usize) {
    let run = nianbao(root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("改动 "))
        .unwrap_or_else(|| panic!("no counts line in {}", run.stdout));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit() && c != ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.replace(',', "").parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 4, "{line}");
    (numbers[0], numbers[1], numbers[2], numbers[3])
}

#[test]
fn the_same_content_builds_to_the_same_bytes_in_two_folders() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    // Two processes: hash maps are seeded differently in each.
    let first = build(&repo(), &a);
    build(&repo(), &b);
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let differ: Vec<&String> = fa.keys().filter(|k| fa[*k] != fb[*k]).collect();
    assert!(differ.is_empty(), "files that differ: {differ:?}");
    assert_eq!(first, (0, fa.len(), 0, 0), "a first build adds every file");
    // The workbook and the compressed downloads too (they carry dates where made carelessly).
    for f in [
        "data/nianbao.xlsx",
        "data/nianbao.csv.gz",
        "data/nianbao.json.gz",
    ] {
        assert!(fa.contains_key(f), "{f}");
    }
}

#[test]
fn a_one_report_edit_rewrites_only_the_files_that_show_it() {
    let portal = bundled_portal();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    build(portal.path(), &out);
    // Every file a day older, so that a rewrite shows in its time.
    let past = SystemTime::now() - Duration::from_secs(86_400);
    for rel in files(&out).keys() {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(out.join(rel))
            .unwrap();
        f.set_modified(past).unwrap();
    }
    let before = files(&out);
    // One more application received and disclosed in changxingdao's 2022 report (the
    // balance still holds).
    edit(
        &portal.path().join("content/changxingdao/2022.md"),
        &[
            (
                "received: [27, 0, 0, 0, 0, 0, 27]",
                "received: [28, 0, 0, 0, 0, 0, 28]",
            ),
            (
                "disclosed: [7, 0, 0, 0, 0, 0, 7]",
                "disclosed: [8, 0, 0, 0, 0, 0, 8]",
            ),
            (
                "    total: [27, 0, 0, 0, 0, 0, 27]",
                "    total: [28, 0, 0, 0, 0, 0, 28]",
            ),
        ],
    );
    let counts = build(portal.path(), &out);
    let after = files(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let touched: BTreeSet<String> = mtimes(&out)
        .into_iter()
        .filter(|(_, t)| *t != past)
        .map(|(rel, _)| rel)
        .collect();
    // What shows the figure: the report, its agency, its year and 汇总, the downloads.
    let must: BTreeSet<String> = [
        "changxingdao/2022/index.html",
        "changxingdao/2022/data.csv",
        "changxingdao/2022/data.json",
        "changxingdao/index.html",
        "years/2022/index.html",
        "years/2022/summary/index.html",
        "data/nianbao.csv",
        "data/nianbao.csv.gz",
        "data/nianbao.json",
        "data/nianbao.json.gz",
        "data/nianbao.xlsx",
    ]
    .map(String::from)
    .into();
    // What may change with it: the feeds.
    let may: BTreeSet<String> = ["atom.xml", "sitemap.xml"].map(String::from).into();
    assert!(
        touched.is_superset(&must),
        "not rewritten: {:?}",
        must.difference(&touched)
    );
    let extra: Vec<&String> = touched
        .difference(&must)
        .filter(|f| !may.contains(*f))
        .collect();
    assert!(
        extra.is_empty(),
        "rewritten though nothing in them changed: {extra:?}"
    );
    // A file keeps its time exactly when it keeps its bytes.
    for (rel, bytes) in &after {
        assert_eq!(
            touched.contains(rel),
            before[rel] != *bytes,
            "{rel}: time and bytes disagree"
        );
    }
    assert_eq!(counts, (touched.len(), 0, 0, after.len() - touched.len()));

    // Nothing changed: nothing rewritten, as the library reports it too.
    let built = nianbao::site::build(
        portal.path(),
        &nianbao::site::BuildOptions {
            progress: false,
            output: Some(out.clone()),
            skip_invalid: false,
            base_url: None,
            drafts: false,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        },
    )
    .unwrap();
    assert_eq!(
        built.changes,
        nianbao::site::output::Changes {
            unchanged: after.len(),
            ..Default::default()
        }
    );

    // A report withdrawn: its files are counted as removed.
    std::fs::remove_file(portal.path().join("content/ruzhou/2021.md")).unwrap();
    let (_, added, removed, _) = build(portal.path(), &out);
    let gone: Vec<&String> = after.keys().filter(|rel| !out.join(rel).exists()).collect();
    assert!(
        gone.iter().any(|f| *f == "ruzhou/2021/index.html"),
        "{gone:?}"
    );
    assert_eq!((added, removed), (0, gone.len()));
}
