//! The HTTP side of `serve`: files of the built site (traversal-safe), with the live
//! reload script added to HTML, and the Server-Sent Events stream that tells pages to
//! reload or shows the last build's problems.

use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Request, Response};

use super::Shared;

/// The path of the event stream the reload script listens to.
const EVENTS: &str = "/__careleaf/events";

/// The script added before `</body>` of every HTML page the server sends (never to
/// `build` output): it listens to the event stream.
/// A file of the server's own, not inline: the pages' Content-Security-Policy allows
/// only the site's own scripts.
const RELOAD_SCRIPT: &str = "<script src=\"/__careleaf/reload.js\"></script>\n";
const RELOAD_PATH: &str = "/__careleaf/reload.js";

/// Answers one request: the event stream, or a file of the built site.
pub(super) fn respond(
    request: Request,
    output: &Path,
    shared: &Shared,
    port: u16,
) -> io::Result<()> {
    // Only pages asked for by this machine's own name: a web page elsewhere that
    // points its own host name at 127.0.0.1 (DNS rebinding) cannot read the preview.
    if !local_host(&request, port) {
        return request.respond(
            Response::from_string("this preview answers only to 127.0.0.1, localhost and [::1]")
                .with_status_code(421),
        );
    }
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == RELOAD_PATH {
        let response = Response::from_data(include_str!("reload.js").as_bytes().to_vec())
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        return request.respond(response);
    }
    if path == EVENTS {
        // A browser keeps one stream per open page: past MAX_STREAMS, more are turned
        // away (each holds a thread).
        let Some(_slot) = StreamSlot::take() else {
            return request
                .respond(Response::from_string("too many open pages").with_status_code(503));
        };
        // Written by hand so every event leaves at once: an open-ended body, no chunk
        // buffering, until the browser goes away.
        let mut writer = request.into_writer();
        writer.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        )?;
        let mut stream = EventStream {
            shared: Arc::clone(shared),
            seen: None,
            pending: Vec::new(),
        };
        let mut buf = [0u8; 4096];
        loop {
            let n = stream.read(&mut buf)?;
            writer.write_all(&buf[..n])?;
            writer.flush()?;
        }
    }
    match resolve(output, path) {
        Some(file) => send(request, &file, 200),
        None => {
            let not_found = output.join("404.html");
            if not_found.is_file() {
                send(request, &not_found, 404)
            } else {
                request.respond(Response::from_string("not found").with_status_code(404))
            }
        }
    }
}

/// The most live-reload streams open at once.
const MAX_STREAMS: usize = 64;

static STREAMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One of the [`MAX_STREAMS`] live-reload streams, given back when dropped.
struct StreamSlot;

impl StreamSlot {
    fn take() -> Option<StreamSlot> {
        use std::sync::atomic::Ordering;
        STREAMS
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_STREAMS).then_some(n + 1)
            })
            .ok()
            .map(|_| StreamSlot)
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        STREAMS.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Whether the request names this server by a local name and its port (or names no
/// host, as HTTP/1.0 may).
fn local_host(request: &Request, port: u16) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return true;
    };
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

fn send(request: Request, file: &Path, status: u16) -> io::Result<()> {
    let mut bytes = std::fs::read(file)?;
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let with_script = match text.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_SCRIPT}{}", &text[..i], &text[i..]),
            None => format!("{text}{RELOAD_SCRIPT}"),
        };
        bytes = with_script.into_bytes();
    }
    let response = Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    request.respond(response)
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
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
}
