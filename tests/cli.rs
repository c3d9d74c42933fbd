//! The command line as a new user meets it: Chinese help and argument errors, `init` and
//! `new` saying what they did, `build` warning about what would break a deployment, and
//! `preview` serving the built folder under its sub-path.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TODAY_EPOCH, free_port, get, get_raw, nianbao, valid_portal};

fn run(args: &[&str]) -> common::Run {
    nianbao(std::path::Path::new("."), args)
}

/// English that clap or a library would print if it reached the user.
const ENGLISH: &[&str] = &[
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Print help",
    "error:",
    "invalid",
    "help",
    "found",
    "default",
    "possible",
];

fn assert_chinese(text: &str) {
    // Flags are ASCII by design (`--skip-invalid`, `--help`); the words as prose are not.
    let flags = regex::Regex::new(r"--?[a-zA-Z][a-zA-Z-]*").unwrap();
    let prose = flags.replace_all(text, "");
    for word in ENGLISH {
        assert!(!prose.contains(word), "English “{word}” in:\n{text}");
    }
}

#[test]
fn help_is_in_chinese_for_every_command() {
    let top = run(&["--help"]);
    assert_eq!(top.code, 0);
    assert!(top.stdout.contains("用法：nianbao"), "{}", top.stdout);
    assert!(top.stdout.contains("政府信息公开工作年度报告"));
    assert_chinese(&top.stdout);
    for cmd in [
        "check", "build", "serve", "preview", "new", "init", "corpus",
    ] {
        let help = run(&[cmd, "--help"]);
        assert_eq!(help.code, 0, "{cmd}");
        assert!(
            help.stdout.contains(&format!("用法：nianbao {cmd}")),
            "{}",
            help.stdout
        );
        assert_chinese(&help.stdout);
    }
}

#[test]
fn argument_errors_are_in_chinese_with_the_fix() {
    for (args, says) in [
        (
            &["new", "mybureau", "2025年"][..],
            "年份只写数字，写成 2025",
        ),
        (&["new", "mybureau", "二〇二五"][..], "应为四位数字"),
        (&["chek"][..], "没有“chek”这个命令；是否想写“check”？"),
        (&["check", "--format", "xml"][..], "可选：text、json"),
        (&["check", "--strcit"][..], "是否想写“--strict”？"),
        (&["new"][..], "缺少必需的参数"),
        (&["serve", "--port", "99999"][..], "--port"),
        (
            &["build", "--base-url", "www.xx.gov.cn/xxgk/ndbg/"][..],
            "https://",
        ),
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with("错误："), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert_chinese(&r.stderr);
    }
}

#[test]
fn base_url_is_checked_alike_in_site_toml_and_on_the_command_line() {
    let portal = valid_portal();
    let flag = nianbao(
        portal.path(),
        &["build", "--base-url", "www.xx.gov.cn/xxgk/ndbg/"],
    );
    let toml = portal.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace(
            "https://example.gov.cn/nianbao/",
            "www.xx.gov.cn/xxgk/ndbg/",
        ),
    )
    .unwrap();
    let file = common::check_json(portal.path());
    let finding = file
        .findings
        .iter()
        .find(|f| f.file == "site.toml")
        .expect("site.toml is refused too");
    assert!(flag.stderr.contains(&finding.message), "{}", flag.stderr);
    assert!(!portal.path().join("public").exists());
}

#[test]
fn build_warns_about_a_placeholder_base_url_and_ships_no_marker() {
    let portal = valid_portal();
    let out = portal.path().join("public");
    let r = nianbao(portal.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("警告：base_url 仍是示例地址 https://example.gov.cn/nianbao/"),
        "{}",
        r.stderr
    );
    // Nothing of nianbao's own is uploaded with the site.
    let hidden: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    assert!(portal.path().join(".public.nianbao").is_file());
    // The folder is still known as nianbao's: a second build replaces it.
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    // A real address: no warning.
    let r = nianbao(
        portal.path(),
        &["build", "--base-url", "https://www.dl.gov.cn/xxgk/ndbg/"],
    );
    assert_eq!(r.code, 0);
    assert!(!r.stderr.contains("警告"), "{}", r.stderr);
    // Errors say how to publish the rest.
    common::edit(
        &portal.path().join("content/shuiwu/2021.md"),
        &[(
            "received: [7, 2, 0, 0, 1, 0]",
            "received: [7, 2, 0, 0, 1, 0, 99]",
        )],
    );
    let r = nianbao(portal.path(), &["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--skip-invalid"), "{}", r.stderr);
}

#[test]
fn init_marks_its_sample_and_says_where_to_go_next() {
    let dir = tempfile::tempdir().unwrap();
    // `init .` in an empty folder: no `cd . &&`.
    let here = dir.path().join("here");
    std::fs::create_dir_all(&here).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["init", "."])
        .current_dir(&here)
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(!said.contains("cd ."), "{said}");
    assert!(said.contains("content/example/ 是示例机构"), "{said}");
    let index = std::fs::read_to_string(here.join("content/example/_index.md")).unwrap();
    assert!(index.contains("name: 示例区水务局（示例）"));
    // `--root DIR init` makes the portal in DIR; `--no-example` leaves the sample out.
    let rooted = dir.path().join("rooted");
    let r = nianbao(&rooted, &["init", "--no-example"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(rooted.join("site.toml").is_file());
    assert!(!rooted.join("content/example").exists());
    assert!(!r.stdout.contains("示例机构"), "{}", r.stdout);
    assert_eq!(nianbao(&rooted, &["check"]).code, 0);
}

#[test]
fn new_says_when_name_is_not_used() {
    let portal = valid_portal();
    let r = nianbao(
        portal.path(),
        &["new", "shuiwu", "2022", "--name", "别的名字"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("--name 未使用"), "{}", r.stdout);
    let index = std::fs::read_to_string(portal.path().join("content/shuiwu/_index.md")).unwrap();
    assert!(!index.contains("别的名字"));
}

#[test]
fn an_agency_with_only_drafts_is_not_on_the_home_page() {
    let portal = valid_portal();
    for year in ["2020", "2021"] {
        common::edit(
            &portal.path().join(format!("content/shuiwu/{year}.md")),
            &[(
                &format!("year: {year}\n"),
                &format!("year: {year}\ndraft: true\n"),
            )],
        );
    }
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    let home = std::fs::read_to_string(portal.path().join("public/index.html")).unwrap();
    assert!(!home.contains("示例区水务局"), "{home}");
}

/// `nianbao preview`, stopped when the test ends.
struct Preview(Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn preview_serves_the_built_site_under_its_sub_path_only() {
    let portal = valid_portal();
    let base = "https://www.xx.gov.cn/xxgk/ndbg/";
    assert_eq!(
        nianbao(portal.path(), &["build", "--base-url", base]).code,
        0
    );
    let port = free_port();
    let _server = Preview(
        Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("--root")
            .arg(portal.path())
            .args(["preview", "--base-url", base, "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    while get(port, "/xxgk/ndbg/").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "preview did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, page) = get(port, "/xxgk/ndbg/shuiwu/2021/").unwrap();
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/xxgk/ndbg/static/style.css"),
        "links carry the sub-path"
    );
    let (status, head) = get_raw(port, "/").unwrap();
    assert_eq!(status, 301);
    assert!(head.contains("Location: /xxgk/ndbg/\r\n"), "{head}");
    let (status, head) = get_raw(port, "/xxgk/ndbg/shuiwu").unwrap();
    assert_eq!(status, 301);
    assert!(head.contains("Location: /xxgk/ndbg/shuiwu/\r\n"), "{head}");
    // Outside the sub-path, or outside the folder: the site's own 404 page.
    for path in [
        "/shuiwu/2021/",
        "/xxgk/ndbg/../site.toml",
        "/xxgk/ndbg/%2e%2e/site.toml",
    ] {
        let (status, body) = get(port, path).unwrap();
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path}");
    }
}

#[test]
fn skip_invalid_leaves_out_a_report_that_cannot_even_be_read() {
    let portal = valid_portal();
    let gbk = encoding_rs::GBK
        .encode("---\nyear: 2022\n---\n## 一、总体情况\n")
        .0
        .into_owned();
    std::fs::write(portal.path().join("content/shuiwu/2022.md"), gbk).unwrap();
    assert_eq!(nianbao(portal.path(), &["build"]).code, 1);
    let r = nianbao(portal.path(), &["build", "--skip-invalid"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("未发布（有错误，用 nianbao check 查看）：content/shuiwu/2022.md"),
        "{}",
        r.stderr
    );
    assert!(
        portal
            .path()
            .join("public/shuiwu/2021/index.html")
            .is_file()
    );
    assert!(!portal.path().join("public/shuiwu/2022").exists());
}

#[test]
fn control_characters_in_a_title_leave_the_feeds_well_formed() {
    let portal = valid_portal();
    common::edit(
        &portal.path().join("content/shuiwu/2021.md"),
        &[(
            "year: 2021\n",
            "year: 2021\ntitle: \"标题\\0带\\a控制字符\"\n",
        )],
    );
    let r = nianbao(portal.path(), &["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for feed in ["atom.xml", "sitemap.xml"] {
        let text = std::fs::read_to_string(portal.path().join("public").join(feed)).unwrap();
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{feed} does not parse: {e}\n{text}"),
            }
        }
        if feed == "atom.xml" {
            assert!(text.contains("标题带控制字符"), "{text}");
        }
    }
}

#[test]
fn a_rebuild_never_deletes_files_it_did_not_write() {
    let portal = valid_portal();
    let public = portal.path().join("public");
    assert_eq!(nianbao(portal.path(), &["build"]).code, 0);
    std::fs::write(public.join("CNAME"), "ndbg.xx.gov.cn\n").unwrap();
    std::fs::create_dir_all(public.join("uploads")).unwrap();
    std::fs::write(public.join("uploads/2019年报.pdf"), "%PDF-1.4").unwrap();
    let r = nianbao(portal.path(), &["build"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("2 个不是 nianbao 生成的文件"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("keep"), "{}", r.stderr);
    assert!(public.join("CNAME").is_file(), "nothing deleted");
    let toml = portal.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("keep = [\"CNAME\", \"uploads/\"]\n{text}")).unwrap();
    let r = nianbao(portal.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(public.join("CNAME").is_file() && public.join("uploads/2019年报.pdf").is_file());
    assert!(public.join("shuiwu/2021/index.html").is_file());
}

#[test]
fn many_findings_of_one_rule_are_capped_and_counted() {
    let portal = valid_portal();
    let keys: Vec<String> = (0..200).map(|i| format!("k{i:03}: 0")).collect();
    std::fs::write(
        portal.path().join("content/shuiwu/2022.md"),
        format!("---\n{{year: 2022, {}}}\n---\n", keys.join(", ")),
    )
    .unwrap();
    let text = nianbao(portal.path(), &["check"]);
    assert_eq!(text.code, 1);
    assert_eq!(text.stdout.matches("error[S002]").count(), 50);
    assert!(
        text.stdout
            .contains("……content/shuiwu/2022.md 中还有 150 个 S002 未逐一列出"),
        "{}",
        text.stdout
    );
    // The count is of every finding, printed or not.
    assert!(text.stdout.contains("个错误"), "{}", text.stdout);
    let json = common::check_json(portal.path());
    let s002: Vec<&str> = json
        .stdout
        .lines()
        .filter(|l| l.contains("\"rule\":\"S002\""))
        .collect();
    assert_eq!(s002.len(), 50);
    assert!(s002[49].contains("\"more\":150"), "{}", s002[49]);
    assert!(!s002[48].contains("\"more\""));
}

#[test]
fn a_row_the_importer_could_not_read_stays_unknown_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("p");
    assert_eq!(nianbao(&portal, &["init", "--no-example"]).code, 0);
    let seed = common::repo().join("tests/import/seeds/001_29ee9dc1e7e5be07.txt");
    let r = nianbao(&portal, &["import", seed.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // The scrape lost cells of 一、本年新收: the row is null, so nothing may treat it as 0.
    let check = common::check_json(&portal);
    assert!(
        !check.findings.iter().any(|f| f.rule == "N004"),
        "{:#?}",
        check.findings
    );
    assert_eq!(nianbao(&portal, &["build"]).code, 0);
    let json = std::fs::read_to_string(portal.join("public/lingang/2023/data.json")).unwrap();
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    let received = data["tables"][1]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["code"] == "received")
        .unwrap();
    assert_eq!(received["values"]["total"], "", "{received}");
}

#[test]
fn no_output_inside_the_sources_no_report_through_a_link_no_silent_port_failure() {
    let portal = valid_portal();
    std::fs::create_dir_all(portal.path().join("static")).unwrap();
    let r = nianbao(
        portal.path(),
        &[
            "build",
            "--output",
            portal.path().join("static/site").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("static/"), "{}", r.stderr);
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), portal.path().join("content/linked")).unwrap();
        let r = nianbao(portal.path(), &["new", "linked", "2022"]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("是一个链接"), "{}", r.stderr);
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}
