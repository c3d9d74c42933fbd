//! `nianbao serve` end to end: a real server on a free port, real saves (write a temporary
//! file, rename it over the report), pages fetched over HTTP.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TODAY_EPOCH, free_port, get, valid_portal};

/// The server, stopped when the test ends however it ends.
struct Serve {
    child: Child,
    port: u16,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Serve {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", &port.to_string()])
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let serve = Serve { child, port };
    let start = Instant::now();
    while get(port, "/").is_none_or(|(s, _)| s != 200) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    serve
}

/// Save as editors do: write a temporary file beside the report, rename it over.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(".2021.md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Poll a page until `want` holds; how long it took.
fn until(port: u16, path: &str, want: impl Fn(&str) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        if let Some((200, body)) = get(port, path)
            && want(&body)
        {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{path} never showed what was expected"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_save_is_served_errors_are_shown_and_paths_stay_inside() {
    let portal = valid_portal();
    let report = portal.path().join("content/shuiwu/2021.md");
    let good = std::fs::read_to_string(&report).unwrap();
    let server = start(portal.path());
    let port = server.port;
    let page = "/shuiwu/2021/";
    let (status, body) = get(port, page).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains(">93<"), "the published 行政许可 figure");
    assert!(body.contains("/__nianbao/live"), "the reload snippet");

    // A changed figure is served within a second.
    save(&report, &good.replace("licensing: 93", "licensing: 94"));
    let took = until(port, page, |b| b.contains(">94<") && !b.contains(">93<"));
    assert!(took < Duration::from_secs(1), "took {took:?}");

    // Broken YAML: the diagnostic over the last good page; the server keeps answering.
    save(&report, &good.replace("licensing: 93", "licensing: [94"));
    until(port, page, |b| {
        b.contains("nianbao-errors") && b.contains("S001")
    });
    let (status, body) = get(port, page).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains(">94<"), "the last good page stays");
    assert!(body.contains("content/shuiwu/2021.md:"), "file and line");
    assert_eq!(get(port, "/shuiwu/").unwrap().0, 200);

    // Fixed: the diagnostic is gone.
    save(&report, &good);
    until(port, page, |b| {
        !b.contains("nianbao-errors") && b.contains(">93<")
    });

    // Nothing outside the built site is reachable.
    for bad in [
        "/../site.toml",
        "/../../etc/passwd",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/shuiwu/..%2f..%2fsite.toml",
        "/content/shuiwu/2021.md",
        "//etc/passwd",
        "/shuiwu/%5c..%5c..%5csite.toml",
    ] {
        let (status, body) = get(port, bad).unwrap();
        assert_eq!(status, 404, "{bad}");
        assert!(
            !body.contains("base_url") && !body.contains("licensing:"),
            "{bad}"
        );
    }
    // A folder without its slash is redirected inside the site, never to `//host/`.
    let (status, head) = common::get_raw(port, "//shuiwu").unwrap();
    assert_eq!(status, 301);
    assert!(head.contains("Location: /shuiwu/\r\n"), "{head}");

    // An oversized request head is refused with 431 and not held; the server goes on.
    {
        use std::io::Write;
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.write_all(b"GET / HTTP/1.1\r\nX-Big: ");
        let _ = s.write_all(&vec![b'a'; 8 * 1024 * 1024]);
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    }
    assert_eq!(get(port, "/shuiwu/").unwrap().0, 200);
}

#[test]
fn a_busy_port_is_skipped_and_a_deleted_report_disappears() {
    let portal = valid_portal();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--root")
        .arg(portal.path())
        .args(["serve", "--port", &port.to_string()])
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut seen = String::new();
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    while !seen.contains("预览地址") && start.elapsed() < Duration::from_secs(20) {
        match out.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    let server = Serve { child, port: 0 };
    assert!(seen.contains(&format!("端口 {port} 已被占用")), "{seen}");
    let taken: u16 = seen
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("the address it took");
    assert_ne!(taken, port);
    assert_eq!(get(taken, "/shuiwu/2020/").unwrap().0, 200);
    std::fs::remove_file(portal.path().join("content/shuiwu/2020.md")).unwrap();
    let start = Instant::now();
    while get(taken, "/shuiwu/2020/").unwrap().0 != 404 {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "deleted report still served"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(server);
}

/// Wait until `path` answers with `status`.
fn until_status(port: u16, path: &str, status: u16) {
    let start = Instant::now();
    while get(port, path).is_none_or(|(s, _)| s != status) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{path} never answered {status}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn serve_shows_what_build_publishes_and_survives_a_replaced_folder() {
    let portal = valid_portal();
    let report = portal.path().join("content/shuiwu/2021.md");
    let good = std::fs::read_to_string(&report).unwrap();
    let server = start(portal.path());
    let port = server.port;

    // A draft leaves the site, page and data alike, as `build` leaves it out.
    save(
        &report,
        &good.replace("year: 2021\n", "year: 2021\ndraft: true\n"),
    );
    for path in [
        "/shuiwu/2021/",
        "/shuiwu/2021/data.csv",
        "/shuiwu/2021/data.json",
    ] {
        until_status(port, path, 404);
    }
    save(&report, &good);
    until_status(port, "/shuiwu/2021/", 200);

    // A link to a file outside the portal is not followed, as `build` does not.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        good.replace("year: 2021", "year: 2022")
            .replace("licensing: 93", "licensing: 4242"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, portal.path().join("content/shuiwu/2022.md")).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(get(port, "/shuiwu/2022/").unwrap().0, 404);
        let (_, page) = get(port, "/shuiwu/2021/").unwrap();
        assert!(
            !page.contains("4242"),
            "nothing of the outside file is shown"
        );
        std::fs::remove_file(portal.path().join("content/shuiwu/2022.md")).unwrap();
    }

    // The content folder moved away and back (or deleted and copied back): still watched.
    let content = portal.path().join("content");
    let moved = portal.path().join("c.x");
    std::fs::rename(&content, &moved).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::fs::rename(&moved, &content).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    save(&report, &good.replace("licensing: 93", "licensing: 95"));
    until(port, "/shuiwu/2021/", |b| b.contains(">95<"));
}

/// GET a path: status and body bytes.
fn get_bytes(port: u16, path: &str) -> (u16, Vec<u8>) {
    use std::io::Write;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let at = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&bytes[..at]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, bytes[at + 4..].to_vec())
}

#[test]
fn serve_renders_on_request_exactly_the_files_build_writes() {
    let portal = valid_portal();
    let server = start(portal.path());
    let port = server.port;
    // Built for the address serve runs at, so that every link is the same.
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = common::nianbao(
        portal.path(),
        &[
            "build",
            "--output",
            site.to_str().unwrap(),
            "--base-url",
            &format!("http://127.0.0.1:{port}/"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&site).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let (status, mut served) = get_bytes(port, &format!("/{rel}"));
        assert_eq!(status, 200, "{rel}");
        let built = std::fs::read(entry.path()).unwrap();
        if rel.ends_with(".html") {
            // serve adds its reload snippet before `</body>`, and nothing else.
            let snippet = b"<script>(function(){var k='nianbao-scroll";
            let at = served
                .windows(snippet.len())
                .position(|w| w == snippet)
                .expect("the reload snippet");
            let tail = served.split_off(at);
            let body_end = tail
                .windows(7)
                .rposition(|w| w == b"</body>")
                .expect("</body>");
            served.extend_from_slice(&tail[body_end..]);
        }
        if rel.ends_with(".xlsx") {
            // The workbook's zip entries carry the time they were written.
            assert!(served.starts_with(b"PK"), "{rel}");
        } else {
            assert!(served == built, "{rel} differs between serve and build");
        }
        compared += 1;
    }
    assert!(compared > 20, "only {compared} files built");
    // And nothing that build does not write.
    assert_eq!(get_bytes(port, "/shuiwu/1999/").0, 404);
    assert_eq!(get_bytes(port, "/nosuchagency/").0, 404);
}
