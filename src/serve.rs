//! `careleaf serve`: builds the site into a private folder, serves it on 127.0.0.1 and
//! rebuilds when a source changes. Pages are reloaded through Server-Sent Events by a
//! small script the server adds to HTML responses (never to `build` output). A build
//! that fails keeps the last good site online and shows its problems in the terminal
//! and as an overlay in the browser.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::new_debouncer;
use rayon::prelude::*;
use tiny_http::{Header, Request, Response, Server};

use crate::output::CopyFile;
use crate::render::OutputFile;
use crate::{BuildOptions, Report, diagnostics};

/// The path of the event stream the reload script listens to.
const EVENTS: &str = "/__careleaf/events";

/// The script added before `</body>` of every HTML page the server sends.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  "use strict";
  var events = new EventSource("/__careleaf/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("problem", function (e) {
    var box = document.getElementById("careleaf-problem");
    if (!box) {
      box = document.createElement("div");
      box.id = "careleaf-problem";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;background:#fff;color:#1d2428;border-top:6px solid #a4262c;padding:1rem;font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "careleaf: the last edit does not build; this is the last good version.\n\n" + JSON.parse(e.data);
  });
})();
</script>
"#;

/// What `careleaf serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
}

/// The state the request threads share with the rebuild loop.
#[derive(Default)]
struct State {
    /// Bumped after every successful rebuild.
    generation: u64,
    /// The problems of the last failed build, as text.
    problem: Option<String>,
    /// Bumped after every build, good or bad.
    builds: u64,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// Serves the site until the process is stopped; `started` is told the address once
/// the first build is done and the server listens.
pub fn serve(opts: &ServeOptions, started: impl FnOnce(SocketAddr)) -> Result<()> {
    let root = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let server = Server::http(("127.0.0.1", opts.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    remove_stale_outputs();
    let output = std::env::temp_dir().join(format!("careleaf-serve-{}", std::process::id()));
    let build_opts = BuildOptions {
        root: root.clone(),
        output: Some(output.clone()),
        base_url: Some(format!("http://{addr}")),
        drafts: opts.drafts,
        write: true,
        strict: false,
        pdf: true,
        cache: Some(Arc::default()),
    };
    let shared: Shared = Arc::default();
    let mut live = LiveOutput::new(output.clone(), Arc::clone(&shared));
    rebuild(&build_opts, &mut live, &shared);
    // Watching starts before the address is announced, so no edit made after the
    // announcement can be missed.
    let watcher = Watcher::start(&root)
        .with_context(|| format!("watching {} for changes", root.display()))?;
    started(addr);

    let watcher_shared = Arc::clone(&shared);
    std::thread::spawn(move || watcher.run(&build_opts, &mut live, &watcher_shared));

    let server = Arc::new(server);
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        let output = output.clone();
        std::thread::spawn(move || {
            let _ = respond(request, &output, &shared);
        });
    }
    Ok(())
}

/// Deletes the build folders of `serve` processes that are no longer running (a server
/// stopped with Ctrl+C leaves its folder behind).
fn remove_stale_outputs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("careleaf-serve-") else {
            continue;
        };
        if !crate::output::may_be_running(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Builds once, prints the outcome and tells the browsers: `reload` as soon as the
/// pages are written (the search index and PDFs follow), or the build's problems.
fn rebuild(opts: &BuildOptions, output: &mut LiveOutput, shared: &Shared) {
    let started = Instant::now();
    output.started = started;
    output.pages_at = None;
    let report = crate::build_into(opts, Some(output));
    let (lock, wake) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    let problem = match report {
        Ok(report) => {
            eprint!(
                "{}",
                diagnostics::render(&report.diagnostics, &report.sources, color())
            );
            if report.output.is_some() {
                eprintln!(
                    "Built {} pages in {} ms; the browser reloaded after {} ms (PDFs {} ms, search index {} ms).",
                    report.pages,
                    started.elapsed().as_millis(),
                    output.pages_at.map_or(0, |d| d.as_millis()),
                    report.pdfs.time.as_millis(),
                    report.search.map_or(0, |s| s.time.as_millis()),
                );
                None
            } else {
                eprintln!("{}", failed_line(&report));
                Some(diagnostics::render(
                    &report.diagnostics,
                    &report.sources,
                    false,
                ))
            }
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            Some(format!("{e:#}"))
        }
    };
    // A good build has already told the browsers (when its pages were written); a bad
    // one tells them now.
    if problem.is_some() || output.pages_at.is_none() {
        state.problem = problem;
        state.builds += 1;
        wake.notify_all();
    }
}

/// The folder `serve` serves, kept up to date in place: only files whose bytes (or,
/// for copied files, whose source) changed are written, each through a temporary file
/// renamed over the old one, so a request never sees half a file.
struct LiveOutput {
    dir: PathBuf,
    shared: Shared,
    /// Path to a hash of the bytes written there.
    written: HashMap<String, u64>,
    /// Path to the source, modification time and length copied there.
    copied: HashMap<String, (PathBuf, Option<std::time::SystemTime>, u64)>,
    /// The files of the last build's pages step, and those only its last step wrote
    /// (search index, PDFs).
    early: HashSet<String>,
    late: HashSet<String>,
    started: Instant,
    /// When this build's pages were written and the browsers told.
    pages_at: Option<Duration>,
}

impl LiveOutput {
    fn new(dir: PathBuf, shared: Shared) -> Self {
        Self {
            dir,
            shared,
            written: HashMap::new(),
            copied: HashMap::new(),
            early: HashSet::new(),
            late: HashSet::new(),
            started: Instant::now(),
            pages_at: None,
        }
    }

    /// Writes what changed; with `complete`, also removes what the site no longer has.
    fn sync(&mut self, files: &[OutputFile], copies: &[CopyFile], complete: bool) -> Result<()> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("creating {}", self.dir.display()))?;
        let marker = self.dir.join(crate::output::MARKER);
        if !marker.exists() {
            std::fs::write(&marker, b"Written by careleaf serve.\n")
                .with_context(|| format!("writing {}", marker.display()))?;
        }
        // Hashed and written in parallel: the first build writes every file.
        let changed: Vec<(&OutputFile, u64)> = files
            .par_iter()
            .map(|f| (f, hash(&f.bytes)))
            .filter(|(f, h)| self.written.get(&f.path) != Some(h))
            .collect();
        changed
            .par_iter()
            .try_for_each(|(f, _)| self.put(&f.path, |tmp| std::fs::write(tmp, &f.bytes)))?;
        for (f, h) in changed {
            self.written.insert(f.path.clone(), h);
        }
        for copy in copies {
            let meta = std::fs::metadata(&copy.source)
                .with_context(|| format!("reading {}", copy.source.display()))?;
            let stamp = (copy.source.clone(), meta.modified().ok(), meta.len());
            if self.copied.get(&copy.path) != Some(&stamp) {
                self.put(&copy.path, |tmp| {
                    std::fs::copy(&copy.source, tmp).map(|_| ())
                })?;
                self.copied.insert(copy.path.clone(), stamp);
            }
        }
        let now: HashSet<String> = files
            .iter()
            .map(|f| f.path.clone())
            .chain(copies.iter().map(|c| c.path.clone()))
            .collect();
        // Before the search index and PDFs are made, the files only they write stay.
        let gone: Vec<String> = self
            .written
            .keys()
            .chain(self.copied.keys())
            .filter(|p| !now.contains(*p) && (complete || !self.late.contains(*p)))
            .cloned()
            .collect();
        for path in gone {
            self.written.remove(&path);
            self.copied.remove(&path);
            let _ = std::fs::remove_file(self.dir.join(&path));
        }
        if complete {
            self.late = now.difference(&self.early).cloned().collect();
        } else {
            self.early = now;
        }
        Ok(())
    }

    /// Makes the file at `path` (relative, inside the folder) with `make`, atomically.
    fn put(&self, path: &str, make: impl FnOnce(&Path) -> io::Result<()>) -> Result<()> {
        if !Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            anyhow::bail!("refusing to write outside the output folder: {path}");
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let mut tmp = target.clone().into_os_string();
        tmp.push(".careleaf-writing");
        let tmp = PathBuf::from(tmp);
        make(&tmp).with_context(|| format!("writing {}", target.display()))?;
        std::fs::rename(&tmp, &target).with_context(|| format!("writing {}", target.display()))
    }
}

impl crate::Sink for LiveOutput {
    fn pages_ready(&mut self, files: &[OutputFile], copies: &[CopyFile]) -> Result<()> {
        self.sync(files, copies, false)?;
        self.pages_at = Some(self.started.elapsed());
        let (lock, wake) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        state.problem = None;
        state.generation += 1;
        state.builds += 1;
        wake.notify_all();
        Ok(())
    }

    fn all_ready(&mut self, files: &[OutputFile], copies: &[CopyFile]) -> Result<()> {
        self.sync(files, copies, true)
    }
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn failed_line(report: &Report) -> String {
    let (errors, _) = report.counts();
    format!(
        "The build has {errors} error{}; still serving the last good version.",
        if errors == 1 { "" } else { "s" }
    )
}

fn color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && io::stderr().is_terminal()
}

/// The folders `serve` watches: careleaf.yaml, content/, templates/, static/ and themes/.
const WATCHED: [&str; 4] = ["content", "templates", "static", "themes"];

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches the site's sources and rebuilds after each burst of changes.
struct Watcher {
    root: PathBuf,
    debouncer: Debouncer,
    events: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    watched: Vec<PathBuf>,
}

impl Watcher {
    fn start(root: &Path) -> Result<Self> {
        let (tx, events) = std::sync::mpsc::channel();
        let mut debouncer = new_debouncer(Duration::from_millis(100), None, tx)?;
        // The root itself (not recursively: it may hold public/, target/ or .git/), to
        // see careleaf.yaml and folders created later.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Self {
            root: root.to_path_buf(),
            debouncer,
            events,
            watched: Vec::new(),
        };
        watcher.watch_folders();
        Ok(watcher)
    }

    /// Adds the watched folders that exist and are not watched yet.
    fn watch_folders(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(dir);
            }
        }
    }

    /// Rebuilds after each burst of relevant changes, until the process ends.
    fn run(mut self, opts: &BuildOptions, output: &mut LiveOutput, shared: &Shared) {
        while let Ok(result) = self.events.recv() {
            let Ok(events) = result else { continue };
            let relevant = events.iter().filter(|e| changes(&e.kind)).any(|e| {
                e.paths.iter().any(|p| {
                    let rel = p.strip_prefix(&self.root).unwrap_or(p);
                    rel == Path::new(crate::config::CONFIG_FILE)
                        || WATCHED.iter().any(|d| rel.starts_with(d))
                })
            });
            if relevant {
                self.watch_folders();
                rebuild(opts, output, shared);
            }
        }
    }
}

/// Whether an event changes a file (reading one, as the build does, does not).
fn changes(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
    )
}

/// Answers one request: the event stream, or a file of the built site.
fn respond(request: Request, output: &Path, shared: &Shared) -> io::Result<()> {
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
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
