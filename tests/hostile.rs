//! `check` clean ⇒ `build` succeeds and every XML file it writes parses, for portals made of
//! hostile names and texts: reserved folder names, control characters (through YAML escapes),
//! quotes and markup, spreadsheet formulas, very long names, pages named like agencies.
//!
//! CI runs 64 generated portals; the full run (10,000) is
//! `NIANBAO_HOSTILE_CASES=10000 cargo test --release --test hostile` (see tests/README.md).

use std::path::Path;

use proptest::prelude::*;

fn folder_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("shuiwu".to_string()),
        Just("years".to_string()),
        Just("data".to_string()),
        Just("static".to_string()),
        Just("Sitemap".to_string()),
        Just("404.html".to_string()),
        Just("atom.xml".to_string()),
        Just("=cmd".to_string()),
        Just("-x".to_string()),
        Just("a b".to_string()),
        Just("长兴岛".to_string()),
        Just("x\u{7}y".to_string()),
        Just("__nianbao".to_string()),
        "[a-z]{1,8}",
    ]
}

/// Text as a YAML double-quoted scalar can carry it: escapes for control characters.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("示例区水务局".to_string()),
        Just("\\0标题\\a".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("=HYPERLINK(\\\"http://x\\\")".to_string()),
        Just("Tom & \\\"Jerry\\\" 's".to_string()),
        Just("\\x01\\x1f\\u0085\\uFFFE".to_string()),
        "[一-龥a-z<>&'=@+ -]{0,40}",
    ]
}

fn long_name() -> impl Strategy<Value = String> {
    prop_oneof![Just(0usize), Just(32_767usize), Just(32_768usize)].prop_map(|n| "长".repeat(n))
}

const REPORT: &str = "---\nyear: 2021\nformat: 2021\npublished: 2022-01-20\ntitle: \"TITLE\"\nproactive:\n  regulations: {issued: 0, repealed: 0, in_force: 0}\n  normative_documents: {issued: 0, repealed: 0, in_force: 0}\n  licensing: 1\n  punishment: 0\n  coercion: 0\n  fees: 0\napplications:\n  received: [1, 0, 0, 0, 0, 0]\n  carried_over: [0, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n  carried_forward: [0, 0, 0, 0, 0, 0]\nreview: [0, 0, 0, 0]\nlitigation:\n  direct: [0, 0, 0, 0]\n  after_review: [0, 0, 0, 0]\n---\n\n本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n\n## 一、总体情况\n\n正文。\n\n## 五、存在的主要问题及改进情况\n\n无。\n\n## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n";

fn write(path: &Path, text: &str) -> bool {
    path.parent()
        .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
        && std::fs::write(path, text).is_ok()
}

fn cases() -> u32 {
    std::env::var("NIANBAO_HOSTILE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn check_clean_means_build_succeeds_and_xml_parses(
        folder in folder_name(),
        name in hostile_text(),
        long in long_name(),
        title in hostile_text(),
        page in folder_name(),
        site_title in hostile_text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        let agency = format!("---\nname: \"{name}{long}\"\n---\n简介。\n");
        let wrote = write(&root.join("site.toml"), &format!("title = \"{}\"\nbase_url = \"https://www.xx.gov.cn/ndbg/\"\n", site_title.replace(['\\', '"'], "")))
            && write(&root.join("content").join(&folder).join("_index.md"), &agency)
            && write(&root.join("content").join(&folder).join("2021.md"), &REPORT.replace("TITLE", &title))
            && write(&root.join("content").join(format!("{page}.md")), "---\ntitle: 关于\n---\n正文。\n");
        // A name the file system refuses is not a portal anyone can have.
        prop_assume!(wrote);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let checked = match nianbao::check(&root, today) {
            Ok(run) => run,
            // site.toml refused: nothing to build.
            Err(_) => return Ok(()),
        };
        if checked.findings.has_errors() {
            return Ok(());
        }
        let out = dir.path().join("public");
        let opts = nianbao::site::BuildOptions {
            progress: false,
            output: Some(out.clone()),
            skip_invalid: false,
            base_url: None,
            drafts: false,
            today,
        };
        let built = nianbao::site::build(&root, &opts);
        prop_assert!(built.is_ok(), "check was clean but build failed: {}", built.err().map(|e| e.to_string()).unwrap_or_default());
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "xml") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let mut reader = quick_xml::Reader::from_str(&text);
                loop {
                    match reader.read_event() {
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(_) => {}
                        Err(e) => prop_assert!(false, "{} does not parse: {e}", entry.path().display()),
                    }
                }
            }
        }
    }
}
