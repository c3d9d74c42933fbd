//! A small HTTP/1.1 server for `serve` and `preview`: GET and HEAD only, a bounded request
//! head, keep-alive, one thread per connection. Written over `httparse` (hyper's parser)
//! because the server crates without an async runtime read request heads without a limit:
//! four 128 MB headers took ~1 GB of memory.

use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The most a request head (request line and headers) may take; browsers send 1–4 KB.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most headers one request may carry.
const MAX_HEADERS: usize = 64;
/// Connections served at once; more wait in the kernel's queue until one closes.
const MAX_CONNECTIONS: usize = 256;
/// A connection idle (or trickling its head) this long is closed.
const IDLE: Duration = Duration::from_secs(30);

/// A parsed request: what the handlers need and nothing else.
pub struct Request {
    pub method: String,
    /// The request target as sent (path and query).
    pub url: String,
}

/// What a handler answers: a response, or the connection handed over for an event stream.
pub enum Reply {
    Response(Response),
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

enum Body {
    Bytes(Arc<[u8]>),
    File(std::fs::File, u64),
}

impl Response {
    pub fn new(status: u16, body: Arc<[u8]>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Bytes(body),
        }
    }

    pub fn empty(status: u16) -> Response {
        Response::new(status, Arc::from(&b""[..]))
    }

    pub fn file(status: u16, file: std::fs::File) -> io::Result<Response> {
        let len = file.metadata()?.len();
        Ok(Response {
            status,
            headers: Vec::new(),
            body: Body::File(file, len),
        })
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        let value: String = value.into();
        // A value never carries a line break into the head.
        if !value.contains(['\r', '\n']) {
            self.headers.push((name, value));
        }
        self
    }

    fn len(&self) -> u64 {
        match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        }
    }

    fn write_to(self, w: &mut impl Write, head_only: bool, close: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.len()));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        w.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Bytes(b) => w.write_all(&b)?,
                Body::File(mut f, len) => {
                    io::copy(&mut (&mut f).take(len), w)?;
                }
            }
        }
        w.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// A listening socket.
pub struct Server {
    listener: TcpListener,
}

impl Server {
    pub fn bind(addr: SocketAddr) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(addr)?,
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accept connections until the listener fails, each on its own thread, at most
    /// [`MAX_CONNECTIONS`] at once.
    pub fn run<H>(self, handler: H)
    where
        H: Fn(&Request) -> Reply + Send + Sync + 'static,
    {
        let handler = Arc::new(handler);
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            while open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
                std::thread::sleep(Duration::from_millis(5));
            }
            open.fetch_add(1, Ordering::AcqRel);
            let handler = Arc::clone(&handler);
            let open = Arc::clone(&open);
            std::thread::spawn(move || {
                connection(stream, &*handler);
                open.fetch_sub(1, Ordering::AcqRel);
            });
        }
    }
}

/// Bind `port` on `ip`, or the next free one of the twenty after it (saying so).
pub fn bind(ip: IpAddr, port: u16) -> Result<(Server, SocketAddr), String> {
    let mut last = String::new();
    for p in (port..=port.saturating_add(19)).filter(|&p| p > 0) {
        match Server::bind(SocketAddr::new(ip, p)) {
            Ok(server) => {
                if p != port {
                    println!("端口 {port} 已被占用，改用 {p}");
                }
                let addr = server.local_addr().unwrap_or(SocketAddr::new(ip, p));
                return Ok((server, addr));
            }
            Err(e) => last = e.to_string(),
        }
    }
    let last = if last.is_empty() {
        "端口都不可用".to_string()
    } else {
        last
    };
    Err(format!("无法在 {ip} 的端口 {port} 起监听：{last}"))
}

/// How reading one request head ended.
enum Head {
    Request {
        request: Request,
        close: bool,
    },
    /// The peer closed or went idle between requests.
    Gone,
    /// A head nobody should get an answer beyond this status for; the connection closes.
    Refused(u16),
}

fn connection(mut stream: TcpStream, handler: &(dyn Fn(&Request) -> Reply + Sync)) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    // Bytes read past the head of one request (a pipelined next one).
    let mut buf: Vec<u8> = Vec::new();
    loop {
        match read_head(&mut stream, &mut buf) {
            Head::Gone => return,
            Head::Refused(status) => {
                let _ = Response::empty(status).write_to(&mut stream, false, true);
                return;
            }
            Head::Request { request, close } => {
                let head_only = request.method == "HEAD";
                let reply = if request.method == "GET" || head_only {
                    handler(&request)
                } else {
                    Reply::Response(Response::empty(405).header("Allow", "GET, HEAD"))
                };
                match reply {
                    Reply::Stream(take) => {
                        let _ = stream.set_read_timeout(None);
                        take(stream);
                        return;
                    }
                    Reply::Response(response) => {
                        if response.write_to(&mut stream, head_only, close).is_err() || close {
                            return;
                        }
                    }
                }
            }
        }
    }
}

/// Read one request head into `buf` (which may already hold the start of it), leaving any
/// bytes after it in `buf`. Never holds more than [`MAX_HEAD`] bytes of head, and gives a
/// trickling client [`IDLE`] in all.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Head {
    let started = Instant::now();
    let mut chunk = [0u8; 4096];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(buf) {
            Ok(httparse::Status::Complete(len)) => {
                let version = req.version.unwrap_or(1);
                let has_body = req.headers.iter().any(|h| {
                    h.name.eq_ignore_ascii_case("transfer-encoding")
                        || (h.name.eq_ignore_ascii_case("content-length")
                            && h.value.iter().any(|&b| b != b'0'))
                });
                let wants_close = req.headers.iter().any(|h| {
                    h.name.eq_ignore_ascii_case("connection")
                        && String::from_utf8_lossy(h.value)
                            .to_ascii_lowercase()
                            .contains("close")
                });
                let request = Request {
                    method: req.method.unwrap_or("").to_string(),
                    url: req.path.unwrap_or("/").to_string(),
                };
                buf.drain(..len);
                // A body is never read (GET and HEAD have none): close after answering rather
                // than take its bytes for the next request.
                let close = version == 0 || wants_close || has_body;
                return Head::Request { request, close };
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Head::Refused(431),
            Err(httparse::Error::Version) => return Head::Refused(505),
            Err(_) => return Head::Refused(400),
        }
        if buf.len() >= MAX_HEAD {
            return Head::Refused(431);
        }
        if started.elapsed() > IDLE {
            return if buf.is_empty() {
                Head::Gone
            } else {
                Head::Refused(408)
            };
        }
        let want = chunk.len().min(MAX_HEAD - buf.len());
        match stream.read(&mut chunk[..want]) {
            Ok(0) => return Head::Gone,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => {
                return if buf.is_empty() {
                    Head::Gone
                } else {
                    Head::Refused(408)
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> SocketAddr {
        let server = Server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = server.local_addr().unwrap();
        std::thread::spawn(move || {
            server
                .run(|r: &Request| Reply::Response(Response::new(200, Arc::from(r.url.as_bytes()))))
        });
        addr
    }

    fn exchange(addr: SocketAddr, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        // The server may close before taking all of an oversized head: that is the point.
        let _ = s.write_all(bytes);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn answers_and_keeps_the_connection_for_the_next_request() {
        let addr = start();
        let out = exchange(
            addr,
            b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert!(out.starts_with("HTTP/1.1 200 OK\r\n"), "{out}");
        assert!(
            out.contains("Content-Length: 2\r\n\r\n/aHTTP/1.1 200 OK"),
            "{out}"
        );
        // HEAD: the length of what GET would send, no body.
        assert!(
            out.ends_with("Content-Length: 2\r\nConnection: close\r\n\r\n"),
            "{out}"
        );
    }

    #[test]
    fn an_oversized_head_is_refused_without_being_held() {
        let addr = start();
        let mut big = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', 4 * 1024 * 1024));
        let out = exchange(addr, &big);
        assert!(out.starts_with("HTTP/1.1 431 "), "{out}");
        let mut many = b"GET / HTTP/1.1\r\n".to_vec();
        for i in 0..200 {
            many.extend(format!("X-{i}: 1\r\n").bytes());
        }
        many.extend(b"\r\n");
        assert!(exchange(addr, &many).starts_with("HTTP/1.1 431 "));
    }

    #[test]
    fn other_methods_and_garbage_get_an_answer_not_a_hang() {
        let addr = start();
        let post = exchange(addr, b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
        assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
        assert!(exchange(addr, b"\x00\x01garbage\r\n\r\n").starts_with("HTTP/1.1 400 "));
    }
}
