//! Helpers shared by the integration tests: temporary portals and runs of the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// 2026-11-22 00:00 UTC: checks that depend on "today" see a fixed date.
pub const TODAY_EPOCH: &str = "1795219200";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the spec's valid example portal in a temporary folder.
pub fn valid_portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("tests/fixtures/valid"), dir.path());
    dir
}

/// A copy of the bundled example portal (`content/`, `site.toml`, `themes/`) in a temporary
/// folder, to edit.
pub fn bundled_portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).expect("copy");
    dir
}

/// One finding of `check --format json`.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub severity: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

pub struct Run {
    pub code: i32,
    pub findings: Vec<Finding>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

pub fn nianbao(root: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .expect("nianbao runs");
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let findings = if args.contains(&"json") {
        stdout
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object a line");
                Finding {
                    rule: v["rule"].as_str().expect("rule").into(),
                    severity: v["severity"].as_str().expect("severity").into(),
                    file: v["file"].as_str().expect("file").into(),
                    line: v["line"].as_u64().expect("line"),
                    column: v["column"].as_u64().expect("column"),
                    message: v["message"].as_str().expect("message").into(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        findings,
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed,
    }
}

pub fn check_json(root: &Path) -> Run {
    nianbao(root, &["check", "--format", "json"])
}

/// Replace text in a file of a test portal.
pub fn edit(path: &Path, replacements: &[(&str, &str)]) {
    let mut text = std::fs::read_to_string(path).expect("read");
    for (from, to) in replacements {
        assert!(text.contains(from), "{from} not in {}", path.display());
        text = text.replace(from, to);
    }
    std::fs::write(path, text).expect("write");
}

/// The valid portal with its 2021 report marked `origin: imported` and a stated 总计 of 11
/// where the cells add up to 10, as a published original might have it.
pub fn imported_portal() -> tempfile::TempDir {
    let portal = valid_portal();
    edit(
        &portal.path().join("content/shuiwu/2021.md"),
        &[
            ("year: 2021\n", "year: 2021\norigin: imported\n"),
            (
                "received: [7, 2, 0, 0, 1, 0]",
                "received: [7, 2, 0, 0, 1, 0, 11]",
            ),
        ],
    );
    portal
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("its address").port()
}

/// GET a path exactly as given (no normalisation): status and the whole response (head and
/// body), or `None` when nothing answers.
pub fn get_raw(port: u16, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    Some((status, text))
}

/// GET a path exactly as given: status and body.
pub fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let (status, text) = get_raw(port, path)?;
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}
