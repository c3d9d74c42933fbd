//! `nianbao new` and `nianbao init`: what they write checks and builds.

mod common;

use common::{check_json, nianbao, repo};

/// A copy of the bundled portal (its 长兴岛 2022 report carries 1 application forward).
fn bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo()).unwrap();
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

#[test]
fn new_carries_last_years_figures_and_passes_check() {
    let portal = bundled();
    let run = nianbao(portal.path(), &["new", "changxingdao", "2023"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let path = portal.path().join("content/changxingdao/2023.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("carried_over: [1, 0, 0, 0, 0, 0]"), "{text}");
    // Every row is present with its official label.
    for line in [
        "state_secret: [0, 0, 0, 0, 0, 0]   # 1.属于国家秘密",
        "# 四、结转下年度继续办理",
        "## 六、其他需要报告的事项",
    ] {
        assert!(text.contains(line), "{line}");
    }
    let check = check_json(portal.path());
    let own: Vec<_> = check
        .findings
        .iter()
        .filter(|f| f.file == "content/changxingdao/2023.md")
        .collect();
    // Its only errors are the prompts left to fill in (U001), one per part to write.
    assert!(
        own.iter()
            .all(|f| f.severity != "error" || f.rule == "U001"),
        "{own:?}"
    );
    assert!(own.iter().any(|f| f.rule == "U001"), "{own:?}");
    assert!(
        !own.iter().any(|f| f.rule == "X001" || f.rule == "X002"),
        "{own:?}"
    );
    // The prompts stop the build; once written over, the page builds.
    let out = portal.path().join("public");
    assert_ne!(nianbao(portal.path(), &["build"]).code, 0);
    let written: String = text
        .lines()
        .map(|l| {
            if l.starts_with('【') {
                "本年度无。"
            } else {
                l
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, &written).unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    assert!(out.join("changxingdao/2023/index.html").exists());

    // It never overwrites; a new agency needs its name.
    let again = nianbao(portal.path(), &["new", "changxingdao", "2023"]);
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
    let unnamed = nianbao(portal.path(), &["new", "xinju", "2023"]);
    assert_ne!(unnamed.code, 0);
    assert!(unnamed.stderr.contains("--name"));
    let named = nianbao(
        portal.path(),
        &["new", "xinju", "2023", "--name", "示例区新局"],
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(
        std::fs::read_to_string(portal.path().join("content/xinju/_index.md"))
            .unwrap()
            .contains("示例区新局")
    );
    assert!(
        !check_json(portal.path())
            .findings
            .iter()
            .any(|f| f.severity == "error" && f.rule != "U001")
    );
    let escape = nianbao(portal.path(), &["new", "../x", "2023", "--name", "x"]);
    assert_ne!(escape.code, 0);
}

#[test]
fn init_makes_a_portal_that_checks_and_builds_clean() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("portal");
    let run = nianbao(dir.path(), &["init", portal.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let check = check_json(&portal);
    assert_eq!(check.code, 0);
    assert!(check.findings.is_empty(), "{:?}", check.findings);
    // No theme folder: the default theme is in the binary.
    assert!(!portal.join("themes").exists());
    let build = nianbao(&portal, &["build"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    assert!(portal.join("public/example/index.html").exists());
    // A second init into the same folder is refused.
    assert_ne!(
        nianbao(dir.path(), &["init", portal.to_str().unwrap()]).code,
        0
    );
}
