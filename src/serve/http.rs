//! The HTTP side of `serve`: files of the built site (traversal-safe), with the live
//! reload script added to HTML, and the Server-Sent Events stream that tells pages to
//! reload or shows the last build's problems.
//!
//! A small HTTP/1.1 server on the standard library's sockets, with `httparse` reading
//! each request's head: one request a connection (`Connection: close`), GET and HEAD,
//! the head limited to [`HEAD_LIMIT`] bytes (431 past it) and the connections open at
//! once to [`MAX_CONNECTIONS`] (503 past it), so no request can make the preview use
//! memory or threads without bound.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::Shared;

/// The path of the event stream the reload script listens to.
const EVENTS: &str = "/__careleaf/events";

/// The script added before `</body>` of every HTML page the server sends (never to
/// `build` output): it listens to the event stream.
/// A file of the server's own, not inline: the pages' Content-Security-Policy allows
/// only the site's own scripts.
const RELOAD_SCRIPT: &str = "<script src=\"/__careleaf/reload.js\"></script>\n";
const RELOAD_PATH: &str = "/__careleaf/reload.js";

/// The largest request head (request line and headers) read: browsers send under 2 KB
/// to a preview; nginx's default allows 4 × 8 KB for the headers.
pub(super) const HEAD_LIMIT: usize = 32 * 1024;

/// The most headers a request may have (hyper's default is 100).
const MAX_HEADERS: usize = 100;

/// The most connections served at once (each has a thread); past it, 503.
const MAX_CONNECTIONS: usize = 256;

/// The most live-reload streams open at once (a browser keeps one per open page).
const MAX_STREAMS: usize = 64;

/// How long a client may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);
static STREAMS: AtomicUsize = AtomicUsize::new(0);

/// Accepts connections until the listener fails, each on a thread of its own.
pub(super) fn run(listener: &TcpListener, output: &Path, shared: &Shared, port: u16) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let Some(slot) = Slot::take(&CONNECTIONS, MAX_CONNECTIONS) else {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = reply(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"too many connections",
                true,
            );
            continue;
        };
        let shared = Arc::clone(shared);
        let output = output.to_path_buf();
        std::thread::spawn(move || {
            let _slot = slot;
            let _ = connection(stream, &output, &shared, port);
        });
    }
}

/// What the server needs of a request.
#[derive(Debug, PartialEq)]
struct Head {
    method: String,
    path: String,
    /// The Host header, lower-cased; `None` when there is none (HTTP/1.0 may omit it).
    host: Option<String>,
}

/// A request turned away before it is read whole: its status and a line saying why.
#[derive(Debug, PartialEq)]
struct Refusal(u16, &'static str);

/// Reads one request head from `stream`: at most [`HEAD_LIMIT`] bytes.
fn read_head(stream: &mut impl Read) -> Result<Head, Refusal> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream
            .read(&mut chunk)
            .map_err(|_| Refusal(408, "the request did not arrive in time"))?;
        if n == 0 {
            return Err(Refusal(400, "the request ended before its headers did"));
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase());
                return Ok(Head {
                    method: request.method.unwrap_or("GET").to_owned(),
                    path: request.path.unwrap_or("/").to_owned(),
                    host,
                });
            }
            Ok(httparse::Status::Partial) if buf.len() < HEAD_LIMIT => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return Err(Refusal(431, "request header fields too large"));
            }
            Err(_) => return Err(Refusal(400, "this is not an HTTP request")),
        }
    }
}

/// Serves one connection: one request, then the connection closes.
fn connection(mut stream: TcpStream, output: &Path, shared: &Shared, port: u16) -> io::Result<()> {
    stream.set_read_timeout(Some(HEAD_TIMEOUT))?;
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(Refusal(status, why)) => {
            reply(
                &mut stream,
                status,
                "text/plain; charset=utf-8",
                why.as_bytes(),
                true,
            )?;
            linger(&mut stream);
            return Ok(());
        }
    };
    stream.set_read_timeout(None)?;
    let body = head.method != "HEAD";
    if head.method != "GET" && head.method != "HEAD" {
        return reply(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"this preview only sends pages",
            true,
        );
    }
    // Only pages asked for by this machine's own name: a web page elsewhere that
    // points its own host name at 127.0.0.1 (DNS rebinding) cannot read the preview.
    if !local_host(head.host.as_deref(), port) {
        return reply(
            &mut stream,
            421,
            "text/plain; charset=utf-8",
            b"this preview answers only to 127.0.0.1, localhost and [::1]",
            body,
        );
    }
    let path = head.path.split(['?', '#']).next().unwrap_or("/");
    if path == RELOAD_PATH {
        return reply(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            include_str!("reload.js").as_bytes(),
            body,
        );
    }
    if path == EVENTS {
        let Some(_slot) = Slot::take(&STREAMS, MAX_STREAMS) else {
            return reply(
                &mut stream,
                503,
                "text/plain; charset=utf-8",
                b"too many open pages",
                body,
            );
        };
        // An open-ended body, no buffering, until the browser goes away.
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        )?;
        let mut events = EventStream {
            shared: Arc::clone(shared),
            seen: None,
            pending: Vec::new(),
        };
        let mut buf = [0u8; 4096];
        loop {
            let n = events.read(&mut buf)?;
            stream.write_all(&buf[..n])?;
            stream.flush()?;
        }
    }
    match resolve(output, path) {
        Some(file) => {
            // The browser editor (`careleaf cms`) saves files itself: reloading it on
            // each rebuild would throw away what is being typed.
            let editor = path.starts_with(&format!("/{}/", crate::cms::FOLDER));
            send(&mut stream, &file, 200, body, !editor)
        }
        None => {
            let not_found = output.join("404.html");
            if not_found.is_file() {
                send(&mut stream, &not_found, 404, body, true)
            } else {
                reply(
                    &mut stream,
                    404,
                    "text/plain; charset=utf-8",
                    b"not found",
                    body,
                )
            }
        }
    }
}

/// Writes a whole response (the body left out for HEAD) and closes the connection.
fn reply(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    bytes: &[u8],
    body: bool,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        reason(status),
        bytes.len()
    );
    stream.write_all(head.as_bytes())?;
    if body {
        stream.write_all(bytes)?;
    }
    stream.flush()?;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    Ok(())
}

/// Reads and drops what the client is still sending (up to 1 MB, for a second) before
/// the connection closes, as nginx's lingering close does: closing with unread data
/// resets the connection, and the client could lose the answer it has not read yet.
fn linger(stream: &mut TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 16 * 1024];
    let mut left: usize = 1024 * 1024;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    }
}

/// One of a limited number of places (connections, streams), given back when dropped.
struct Slot(&'static AtomicUsize);

impl Slot {
    fn take(count: &'static AtomicUsize, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(count))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether the request names this server by a local name and its port (or names no
/// host, as HTTP/1.0 may).
fn local_host(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return true;
    };
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

/// Sends a file of the site; HTML gets the live-reload script when `reload`.
fn send(
    stream: &mut TcpStream,
    file: &Path,
    status: u16,
    body: bool,
    reload: bool,
) -> io::Result<()> {
    let mut bytes = std::fs::read(file)?;
    let kind = content_type(file);
    if reload && kind.starts_with("text/html") {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let with_script = match text.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_SCRIPT}{}", &text[..i], &text[i..]),
            None => format!("{text}{RELOAD_SCRIPT}"),
        };
        bytes = with_script.into_bytes();
    }
    reply(stream, status, kind, &bytes, body)
}
/// The file a URL path names inside `output`, or `None` when it does not exist or
/// would leave the folder (`..`, encoded or not, backslashes, or a link pointing out).
pub fn resolve(output: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut file = output.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        let component = Path::new(part).components().next()?;
        if !matches!(component, Component::Normal(_)) {
            return None;
        }
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    let base = output.canonicalize().ok()?;
    (real.starts_with(&base) && real.is_file()).then_some(real)
}

/// Decodes `%XX` escapes; `None` if they do not make UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The body of the event stream: blocks until a build finishes, then yields a
/// `reload` event (or a `problem` event with the build's errors).
struct EventStream {
    shared: Shared,
    /// The build count last reported; `None` before the first read.
    seen: Option<u64>,
    pending: Vec<u8>,
}

impl Read for EventStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            let (lock, wake) = &*self.shared;
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            match self.seen {
                None => {
                    self.seen = Some(state.builds);
                    // Say hello at once (and the current problem, if any) so the
                    // browser knows the stream is open.
                    self.pending = match &state.problem {
                        Some(p) => problem_event(p),
                        None => b": connected\n\n".to_vec(),
                    };
                }
                Some(seen) => {
                    while state.builds == seen {
                        let (next, timeout) = wake
                            .wait_timeout(state, Duration::from_secs(15))
                            .unwrap_or_else(|e| e.into_inner());
                        state = next;
                        if timeout.timed_out() && state.builds == seen {
                            // A comment keeps proxies and the connection alive.
                            self.pending = b": ping\n\n".to_vec();
                            break;
                        }
                    }
                    if state.builds != seen {
                        self.seen = Some(state.builds);
                        self.pending = match &state.problem {
                            Some(p) => problem_event(p),
                            None => format!("event: reload\ndata: {}\n\n", state.generation)
                                .into_bytes(),
                        };
                    }
                }
            }
        }
        let n = self.pending.len().min(buf.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

fn problem_event(text: &str) -> Vec<u8> {
    let json = serde_json::to_string(text).unwrap_or_default();
    format!("event: problem\ndata: {json}\n\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let dir = std::env::temp_dir().join(format!("careleaf-resolve-{}", std::process::id()));
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("guide")).unwrap();
        std::fs::write(site.join("guide/index.html"), "g").unwrap();
        std::fs::write(dir.join("secret.txt"), "s").unwrap();
        assert_eq!(
            resolve(&site, "/guide/"),
            Some(site.join("guide/index.html").canonicalize().unwrap())
        );
        assert_eq!(resolve(&site, "/guide"), resolve(&site, "/guide/"));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/guide/..%2f..%2fsecret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..\\secret.txt",
            "/guide/%00",
            "/missing.html",
            "/%zz",
        ] {
            assert_eq!(resolve(&site, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), site.join("link.txt")).unwrap();
            assert_eq!(
                resolve(&site, "/link.txt"),
                None,
                "a link out of the folder"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(percent_decode("/a%20b/%C3%A9").as_deref(), Some("/a b/é"));
        assert_eq!(percent_decode("/%"), Some("/%".into()));
        assert_eq!(percent_decode("/%ff"), None);
    }

    #[test]
    fn request_heads_are_read_within_a_limit() {
        let head = read_head(&mut &b"GET /a/?x=1 HTTP/1.1\r\nHost: LocalHost:8\r\n\r\n"[..]);
        assert_eq!(
            head,
            Ok(Head {
                method: "GET".into(),
                path: "/a/?x=1".into(),
                host: Some("localhost:8".into()),
            })
        );
        // A 300 MB header line is never read whole: 431 once the limit is passed.
        struct Endless(usize);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let start = b"GET / HTTP/1.1\r\nX: ";
                let n = buf.len().min(1024);
                for (i, b) in buf[..n].iter_mut().enumerate() {
                    *b = start.get(self.0 + i).copied().unwrap_or(b'a');
                }
                self.0 += n;
                Ok(n)
            }
        }
        let mut endless = Endless(0);
        assert_eq!(read_head(&mut endless).unwrap_err().0, 431);
        assert!(endless.0 <= HEAD_LIMIT + 4096, "read {} bytes", endless.0);
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(read_head(&mut many.as_bytes()).unwrap_err().0, 431);
        assert_eq!(
            read_head(&mut &b"\x16\x03\x01 hello"[..]).unwrap_err().0,
            400
        );
        assert_eq!(
            read_head(&mut &b"GET / HTTP/1.1\r\nHost: a"[..])
                .unwrap_err()
                .0,
            400
        );
    }
}
