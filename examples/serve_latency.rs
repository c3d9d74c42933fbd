//! Save-to-served latency of `nianbao serve` on a portal: starts the server, then for each of
//! N reports saves a changed 行政许可 figure (temporary file renamed over the report, as
//! editors save) and polls the report page until the new figure is served.
//!
//! Usage: cargo run --release --example serve_latency -- PORTAL [EDITS]
//! (`bash benches/serve.sh` makes a 10,000-report portal and runs this on it.)

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: l\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut b = Vec::new();
    s.read_to_end(&mut b).ok()?;
    Some(String::from_utf8_lossy(&b).into_owned())
}

/// Resident memory now and at most (Linux), in MB.
fn memory(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or("?".to_string(), |kb| format!("{} MB", kb / 1024))
    };
    format!("{} (peak {})", field("VmRSS:"), field("VmHWM:"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let portal = PathBuf::from(args.next().expect("portal folder"));
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(15);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let bin = std::env::var("NIANBAO")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("target/release/nianbao"));
    let started = Instant::now();
    let mut child = Command::new(bin)
        .arg("--root")
        .arg(&portal)
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .spawn()
        .expect("nianbao serve starts");
    while get(port, "/").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("first page served {:.2?} after start", started.elapsed());
    println!("resident at start: {}", memory(child.id()));
    let mut times = Vec::new();
    for i in 0..edits {
        let agency = format!("jg{:05}", (i * 137) % 2000);
        let path = portal.join(format!("content/{agency}/2022.md"));
        let text = std::fs::read_to_string(&path).expect("a generated report");
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("licensing:"))
            .expect("a licensing line");
        let value = 7_000_000 + i;
        let changed = text.replacen(line, &format!("  licensing: {value}"), 1);
        let tmp = path.with_file_name(".2022.md.tmp");
        std::fs::write(&tmp, &changed).expect("write");
        let t = Instant::now();
        std::fs::rename(&tmp, &path).expect("rename");
        let want = format!(">{value}<");
        let page = format!("/{agency}/2022/");
        loop {
            if get(port, &page).is_some_and(|b| b.contains(&want)) {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "{page} never changed"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let took = t.elapsed();
        println!("{agency}/2022: {:.1} ms", took.as_secs_f64() * 1000.0);
        times.push(took);
        std::fs::write(&path, &text).expect("restore");
        std::thread::sleep(Duration::from_millis(300));
    }
    // A reader's tour: the home page, a year, an agency, then the portal-wide CSV.
    for page in ["/", "/years/2022/", "/years/2022/summary/", "/jg00001/"] {
        get(port, page);
    }
    println!(
        "resident after the edits and a tour: {}",
        memory(child.id())
    );
    let t = Instant::now();
    get(port, "/data/nianbao.csv");
    println!(
        "portal CSV made on request in {:.2?}; resident then: {}",
        t.elapsed(),
        memory(child.id())
    );
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "save to served, {} edits: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
