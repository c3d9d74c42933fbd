//! The HTTP side of `serve`: files from memory only (no path reaches the disk), the reload
//! snippet and the error overlay added to HTML, and server-sent events to trigger reloads.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use super::Shared;
use super::server::{Reply, Request, Response, Server};

/// How many diagnostics the overlay lists (the rest are counted).
pub const SHOWN_PROBLEMS: usize = 20;

/// The event stream browsers listen on.
pub const LIVE: &str = "/__nianbao/live";

/// Answer requests on their own threads, so a browser's open event stream blocks nobody.
pub fn spawn(server: Server, shared: Arc<Shared>) {
    std::thread::spawn(move || server.run(move |request: &Request| answer(request, &shared)));
}

fn answer(request: &Request, shared: &Arc<Shared>) -> Reply {
    let path = request.url.split(['?', '#']).next().unwrap_or("/");
    if path == LIVE {
        let shared = Arc::clone(shared);
        return Reply::Stream(Box::new(move |stream| events(stream, &shared)));
    }
    let file = |key: &str| shared.file(key);
    let key = site_path(path);
    let (status, key, bytes) = match key.as_deref().map(|k| (k, file(k))) {
        Some((k, Some(bytes))) => (200, k.to_string(), bytes),
        Some((k, None)) if file(&format!("{k}/index.html")).is_some() => {
            // A folder without its slash: send the browser to it, so relative links work. The
            // target is made from the cleaned key, never the raw path: `//host` stays here.
            return Reply::Response(
                Response::empty(301).header("Location", location(&format!("/{k}/"))),
            );
        }
        _ => (
            404,
            "404.html".to_string(),
            file("404.html").unwrap_or_else(|| Arc::from(&b"404"[..])),
        ),
    };
    let kind = content_type(&key);
    // Pages get the snippet; other files go out as held, uncopied (the downloads are large).
    let body: Arc<[u8]> = if kind.starts_with("text/html") {
        inject(&bytes, shared).into()
    } else {
        bytes
    };
    Reply::Response(
        Response::new(status, body)
            .header("Content-Type", kind)
            .header("Cache-Control", "no-store")
            .header("X-Content-Type-Options", "nosniff"),
    )
}

/// A path for a `Location` header: percent-encoded, so no decoded byte (a line break, a
/// Chinese folder name) goes into the response head as it is.
pub fn location(path: &str) -> String {
    const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'%')
        .add(b'\\');
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

/// The key of the built file a URL path names, or `None` for anything that tries to leave
/// the site (`..`, `.`, backslashes, NUL, bad percent-encoding).
pub fn site_path(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let inner = decoded.trim_start_matches('/');
    let mut parts = Vec::new();
    for part in inner.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

pub(super) fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// The reload snippet (scroll position kept across the reload) and, while the portal has
/// errors, the diagnostics over the page. Added in `serve` only; built files never carry
/// them.
fn inject(body: &[u8], shared: &Shared) -> Vec<u8> {
    let mut extra = String::from(concat!(
        "<script>(function(){var k='nianbao-scroll:'+location.pathname;",
        "var y=sessionStorage.getItem(k);if(y!==null){sessionStorage.removeItem(k);",
        "window.scrollTo(0,+y);}var s=new EventSource('/__nianbao/live');",
        "s.onmessage=function(){sessionStorage.setItem(k,String(window.scrollY));",
        "location.reload();};})();</script>"
    ));
    let (problems, total) = shared
        .problems
        .read()
        .map(|p| p.clone())
        .unwrap_or_default();
    if total > 0 {
        extra.push_str(concat!(
            "<div id=\"nianbao-errors\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;",
            "max-height:70vh;overflow:auto;z-index:2147483647;background:#fff5f5;",
            "border-bottom:3px solid #c00;padding:1em;font:14px/1.5 monospace;color:#222\">",
            "<strong style=\"color:#c00\">nianbao：检查发现错误，下面是最后一次正确生成的页面。",
            "修正后页面自动刷新。</strong>"
        ));
        for p in &problems {
            extra.push_str("<pre style=\"white-space:pre-wrap;margin:.8em 0\">");
            crate::render::escape::escape_into(&mut extra, p);
            extra.push_str("</pre>");
        }
        if total > problems.len() {
            extra.push_str(&format!(
                "<p>……还有 {} 个错误，运行 nianbao check 查看全部</p>",
                total - problems.len()
            ));
        }
        extra.push_str("</div>");
    }
    let at = memchr::memmem::rfind(body, b"</body>").unwrap_or(body.len());
    let mut out = Vec::with_capacity(body.len() + extra.len());
    out.extend_from_slice(&body[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&body[at..]);
    out
}

/// A server-sent event stream: `reload` whenever the site changes, a comment every 15 s to
/// notice browsers that have gone.
fn events(mut w: std::net::TcpStream, shared: &Shared) {
    let (tx, rx) = std::sync::mpsc::channel();
    if let Ok(mut l) = shared.listeners.lock() {
        l.push(tx);
    }
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: nianbao\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message: &[u8] = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(()) => b"data: reload\n\n",
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => b": ping\n\n",
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(message).and_then(|()| w.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_inside_the_site_are_served() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/a/2022/").as_deref(), Some("a/2022/index.html"));
        assert_eq!(
            site_path("/a/2022/data.csv").as_deref(),
            Some("a/2022/data.csv")
        );
        assert_eq!(site_path("/%E9%95%BF/").as_deref(), Some("长/index.html"));
        for bad in [
            "/../site.toml",
            "/a/../../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E%2Fsite.toml",
            "/..%2fsite.toml",
            "/a/%5c..%5csite.toml",
            "/a/%00",
            "/./index.html",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        // An absolute path is just a path inside the site (and not found there).
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
    }
}
