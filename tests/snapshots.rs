//! Snapshots of what a user reads, on the bundled portal (the repository root) with a fixed
//! date and no colours: `check`'s text and JSON output, and the `<main>` of one report page.
//! Each snapshot has beside it assertions on what a user would notice, so a snapshot is never
//! the only evidence. Update with `INSTA_UPDATE=always cargo test --test snapshots` (or
//! `cargo insta review`) and read the diff before committing it.

mod common;

use std::collections::BTreeMap;

use common::{nianbao, repo};
use scraper::{Html, Selector};

/// What may vary between machines and runs: the checkout's path, and content hashes.
fn stable(text: &str) -> String {
    let root = repo().display().to_string();
    let text = text.replace(&root, "[ROOT]");
    // `?v=<hash>` on static URLs changes with the theme's files, not with the page.
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find("?v=") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let hash = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        out.push_str("[HASH]");
        rest = &rest[hash..];
    }
    out.push_str(rest);
    out
}

/// Errors and warnings per file of the bundled portal: the published reports' real defects.
fn expected_counts() -> BTreeMap<String, (usize, usize)> {
    [
        ("content/changxingdao/2022.md", (0, 2)),
        ("content/datonghu/2023.md", (0, 1)),
        ("content/lingang/2023.md", (0, 1)),
        ("content/ruzhou/2021.md", (0, 3)),
        ("content/taojiang/2020.md", (0, 2)),
    ]
    .into_iter()
    .map(|(f, c)| (f.to_string(), c))
    .collect()
}

/// The findings of the text output, in order: (severity, rule, file:line:column).
fn text_findings(out: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut lines = out.lines();
    while let Some(line) = lines.next() {
        let Some((severity, rest)) = line.split_once('[') else {
            continue;
        };
        if !["error", "warning", "info"].contains(&severity) {
            continue;
        }
        let rule = rest.split(']').next().unwrap_or_default().to_string();
        let place = lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
            .unwrap_or_else(|| panic!("no --> line after {line}"));
        found.push((severity.to_string(), rule, place.to_string()));
    }
    found
}

#[test]
fn check_text_output_on_the_bundled_portal() {
    let run = nianbao(&repo(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = text_findings(&run.stdout);
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (severity, _, place) in &found {
        let file = place.split(':').next().unwrap_or_default().to_string();
        let entry = counts.entry(file).or_default();
        match severity.as_str() {
            "error" => entry.0 += 1,
            "warning" => entry.1 += 1,
            _ => {}
        }
    }
    assert_eq!(counts, expected_counts());
    assert_eq!(
        run.stdout.lines().last(),
        Some("检查了 5 个机构的 5 份年度报告：0 个错误，9 个警告，0 条提示")
    );
    // The text and JSON outputs report the same findings in the same order.
    let json = common::check_json(&repo());
    let from_json: Vec<(String, String, String)> = json
        .findings
        .iter()
        .map(|f| {
            let place = format!("{}:{}:{}", f.file, f.line, f.column);
            (f.severity.clone(), f.rule.clone(), place)
        })
        .collect();
    assert_eq!(found, from_json);
    insta::assert_snapshot!("check_text", stable(&run.stdout));
}

#[test]
fn check_json_output_on_the_bundled_portal() {
    let run = nianbao(&repo(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in run.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
        let file = v["file"].as_str().expect("file").to_string();
        let entry = counts.entry(file).or_default();
        match v["severity"].as_str() {
            Some("error") => entry.0 += 1,
            Some("warning") => entry.1 += 1,
            other => panic!("severity {other:?}"),
        }
        // Every finding has its place and a Chinese message.
        assert!(v["line"].as_u64().is_some_and(|l| l >= 1), "{line}");
        assert!(v["column"].as_u64().is_some_and(|c| c >= 1), "{line}");
        assert!(
            v["message"]
                .as_str()
                .is_some_and(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
            "{line}"
        );
    }
    assert_eq!(counts, expected_counts());
    insta::assert_snapshot!("check_json", stable(&run.stdout));
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(el: scraper::ElementRef) -> String {
    el.text().collect::<String>().trim().to_string()
}

#[test]
fn the_main_of_a_report_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    let out_arg = out.to_str().expect("utf-8 path");
    let run = nianbao(&repo(), &["build", "--output", out_arg]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let page = std::fs::read_to_string(out.join("changxingdao/2022/index.html")).expect("the page");
    let html = Html::parse_document(&page);
    let main = html.select(&sel("main")).next().expect("a <main>");
    // What a reader sees first: the title, the facts, the six parts in their official order.
    assert_eq!(
        html.select(&sel("main h1")).map(text).collect::<Vec<_>>(),
        ["大连长兴岛经济技术开发区2022年政府信息公开工作年度报告"]
    );
    let facts: Vec<(String, String)> = main
        .select(&sel("dl.meta dt"))
        .zip(main.select(&sel("dl.meta dd")))
        .map(|(dt, dd)| (text(dt), text(dd)))
        .collect();
    assert_eq!(
        facts[..3],
        [
            (
                "发布机构".into(),
                "大连长兴岛经济技术开发区管理委员会办公室".into()
            ),
            ("发布日期".into(), "2023-02-14".into()),
            ("统计期限".into(), "2022年1月1日至2022年12月31日".into()),
        ]
    );
    assert_eq!(
        main.select(&sel("h2")).map(text).collect::<Vec<_>>(),
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    );
    let key: Vec<(String, String)> = main
        .select(&sel("table.key-figures tbody tr"))
        .map(|tr| {
            let th = tr.select(&sel("th")).next().map(text).unwrap_or_default();
            let td = tr.select(&sel("td")).next().map(text).unwrap_or_default();
            (th, td)
        })
        .collect();
    assert_eq!(key[0], ("新收政府信息公开申请".into(), "27".into()));
    insta::assert_snapshot!("changxingdao_2022_main", stable(&main.html()));
}
