//! `nianbao check` as an editor or a supervising office runs it.

mod common;

use common::{check_json, nianbao, repo, valid_portal};

#[test]
fn the_spec_example_portal_is_clean() {
    let portal = valid_portal();
    let run = check_json(portal.path());
    assert_eq!(run.code, 0);
    assert!(run.findings.is_empty(), "{:#?}", run.findings);
}

/// The real defects of the five published seed reports, and nothing else.
#[test]
fn the_bundled_portal_reports_what_the_published_reports_got_wrong() {
    let run = check_json(&repo());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut got: Vec<(String, String, u64)> = run
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.file.clone(), f.line))
        .collect();
    got.sort();
    let mut expected: Vec<(String, String, u64)> = [
        // 长兴岛 2022: published 14 February, after the 31 January deadline…
        ("D001", "content/changxingdao/2022.md", 7),
        // …and its narrative counts 28 applications where the table has 27 new ones.
        ("N004", "content/changxingdao/2022.md", 66),
        // 大通湖 2023: tables in the 2019 format.
        ("F001", "content/datonghu/2023.md", 5),
        // 临港 2023: part five's heading drops the official 的.
        ("N002", "content/lingang/2023.md", 87),
        // 汝州 2021: no publication date, and part six says nothing of the processing fee.
        ("D003", "content/ruzhou/2021.md", 1),
        ("N005", "content/ruzhou/2021.md", 78),
        // …and every figure of its tables is zero.
        ("U002", "content/ruzhou/2021.md", 1),
        // 桃江 2020: dated 31 December 2020, and names 2021 as its statistics period.
        ("D002", "content/taojiang/2020.md", 6),
        ("N003", "content/taojiang/2020.md", 87),
    ]
    .iter()
    .map(|(r, f, l)| (r.to_string(), f.to_string(), *l))
    .collect();
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn strict_fails_on_warnings() {
    assert_eq!(nianbao(&repo(), &["check", "--strict"]).code, 1);
    assert_eq!(
        nianbao(valid_portal().path(), &["check", "--strict"]).code,
        0
    );
}

/// One finding of the text output: its heading, where it is, the source line quoted and the
/// line of carets under it (the gutter and `| ` taken off).
struct Block {
    heading: String,
    place: String,
    source: String,
    carets: String,
}

fn blocks(out: &str) -> Vec<Block> {
    let lines: Vec<&str> = out.lines().collect();
    let after_bar = |l: &str| {
        l.split_once('|')
            .map(|(_, r)| r.strip_prefix(' ').unwrap_or(r).to_string())
    };
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !(line.starts_with("warning[") || line.starts_with("error[")) {
            continue;
        }
        let at = |k: usize| lines.get(i + k).copied().unwrap_or_default();
        found.push(Block {
            heading: line.to_string(),
            place: at(1).trim_start().trim_start_matches("--> ").to_string(),
            source: after_bar(at(3)).unwrap_or_default(),
            carets: after_bar(at(4)).unwrap_or_default(),
        });
    }
    found
}

/// Terminal columns of `s`: the report texts quoted here are ASCII or CJK (two columns).
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[test]
fn text_output_reads_like_rustc() {
    let run = nianbao(&repo(), &["check"]);
    let found = blocks(&run.stdout);
    assert_eq!(found.len(), 9, "{}", run.stdout);
    let d001 = &found[0];
    assert_eq!(
        d001.heading,
        "warning[D001]: 发布日期 2023-02-14 晚于发布期限 2023-01-31（《政府信息公开条例》第五十条：每年1月31日前公布上一年度报告）"
    );
    assert_eq!(d001.place, "content/changxingdao/2022.md:7:12");
    assert_eq!(d001.source, "published: 2023-02-14");
    // The carets sit exactly under the date, then the label.
    assert_eq!(
        d001.carets,
        format!("{}{} 逾期 14 天", " ".repeat(11), "^".repeat(10))
    );
    // Under a line of Chinese, the carets are placed by terminal columns, not characters.
    let n004 = &found[1];
    assert_eq!(n004.place, "content/changxingdao/2022.md:66:30");
    let prefix: String = n004.source.chars().take(29).collect();
    assert!(
        n004.source[prefix.len()..].starts_with("28"),
        "{}",
        n004.source
    );
    let carets = n004.carets.trim_start();
    assert_eq!(n004.carets.len() - carets.len(), width(&prefix));
    assert!(carets.starts_with("^^ "), "{}", n004.carets);
    assert_eq!(
        run.stdout.lines().last(),
        Some("检查了 5 个机构的 5 份年度报告：0 个错误，9 个警告，0 条提示")
    );
}

#[test]
fn json_lines_carry_the_spec_fields() {
    let run = nianbao(&repo(), &["check", "--format", "json"]);
    for line in run.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        for field in ["rule", "severity", "file", "line", "column", "message"] {
            assert!(!v[field].is_null(), "{field} missing in {line}");
        }
        assert!(["error", "warning", "info"].contains(&v["severity"].as_str().expect("str")));
    }
    assert_eq!(run.stdout.lines().count(), 9);
}

#[test]
fn columns_count_characters_not_bytes() {
    let run = check_json(&repo());
    let n004 = run
        .findings
        .iter()
        .find(|f| f.rule == "N004")
        .expect("N004");
    // "畅通信息公开申请渠道,2022年,全区共收到信息公开申请件" is 29 characters.
    assert_eq!(n004.column, 30);
}

#[test]
fn imported_reports_turn_arithmetic_errors_into_warnings() {
    let portal = common::imported_portal();
    let run = check_json(portal.path());
    assert_eq!(run.code, 0, "{:#?}", run.findings);
    let a001 = run
        .findings
        .iter()
        .find(|f| f.rule == "A001")
        .expect("A001");
    assert_eq!(a001.severity, "warning");
}

#[test]
fn a_generated_corpus_is_clean_and_deterministic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("p");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["corpus", "--agencies", "30", "--years", "5"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(made.status.success());
    let run = check_json(&out);
    assert_eq!(run.code, 0);
    assert!(
        run.findings.is_empty(),
        "{:#?}",
        &run.findings[..run.findings.len().min(5)]
    );
    let size = std::fs::metadata(out.join("content/jg00007/2022.md"))
        .expect("a report")
        .len();
    assert!((7_000..9_500).contains(&size), "{size} bytes");
}

#[test]
fn the_reference_documents_every_rule() {
    let doc = std::fs::read_to_string(repo().join("docs/reference.md")).expect("reference");
    for rule in nianbao::diagnostics::Rule::ALL {
        assert!(
            doc.contains(&format!("| {} |", rule.id())),
            "{} undocumented",
            rule.id()
        );
    }
}
