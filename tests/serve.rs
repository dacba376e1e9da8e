//! `careleaf serve`: a real server on a free port, fetched over raw HTTP; edits are
//! seen through the reload event stream; a bad edit keeps the last good page; paths
//! that try to leave the site get 404.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;

struct Server {
    child: Child,
    addr: String,
    /// The server's stderr, line by line.
    log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// The folder the server serves from.
    fn folder(&self) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("careleaf-serve-{}-0", self.child.id()))
    }

    /// Waits for a stderr line containing `text`.
    fn wait_for_log(&self, text: &str) -> String {
        loop {
            match self.log.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(e) => panic!("no log line with {text:?}: {e}"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_careleaf"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("CARELEAF_TODAY", common::TODAY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, log) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Server { child, addr, log }
}

/// GET `path`; returns the status code and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_owned();
    (status, body)
}

/// Opens the event stream and returns a reader positioned after the headers.
fn events(addr: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /__careleaf/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
        line.clear();
    }
    reader
}

/// Reads events until one named `name`; returns its data line.
fn next_event(reader: &mut BufReader<TcpStream>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut line = String::new();
    let mut current = String::new();
    while Instant::now() < deadline {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(e) = line.strip_prefix("event: ") {
            current = e.trim().to_owned();
        } else if let Some(data) = line.strip_prefix("data: ")
            && current == name
        {
            return data.trim().to_owned();
        }
    }
    panic!("no `{name}` event");
}

#[test]
fn serves_pages_with_the_reload_script_and_rebuilds_on_edit() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let (status, html) = get(&server.addr, "/about/");
    assert_eq!(status, 200);
    assert!(html.contains("<h1>About</h1>"), "{html}");
    assert!(
        html.contains("<script src=\"/__careleaf/reload.js\"></script>"),
        "the reload script is injected (a file: the pages' policy allows only files)"
    );
    let (status, script) = get(&server.addr, "/__careleaf/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__careleaf/events\")"));
    assert!(
        html.contains(&format!("href=\"http://{}/about/\"", server.addr)),
        "canonical links point at the local server"
    );

    let mut stream = events(&server.addr);
    let about = site
        .read("content/about.md")
        .replace("title: About", "title: About the clinic");
    site.write("content/about.md", &about);
    next_event(&mut stream, "reload");
    let (_, html) = get(&server.addr, "/about/");
    assert!(html.contains("<h1>About the clinic</h1>"), "{html}");

    // A broken edit: the problem is reported to the browser, the last good page stays.
    site.write(
        "content/about.md",
        "---\ntitle: Broken\n---\n[x](@/missing.md)\n",
    );
    let problem = next_event(&mut stream, "problem");
    let text: String = serde_json::from_str(&problem).unwrap();
    assert!(
        text.contains("there is no page `@/missing.md`") && text.contains("content/about.md:4:1"),
        "{text}"
    );
    let (status, html) = get(&server.addr, "/about/");
    assert_eq!(status, 200);
    assert!(html.contains("<h1>About the clinic</h1>"));

    // Fixed again: reload.
    site.write(
        "content/about.md",
        &about.replace("About the clinic", "About us"),
    );
    next_event(&mut stream, "reload");
    assert!(get(&server.addr, "/about/").1.contains("<h1>About us</h1>"));
}

#[test]
fn requests_outside_the_site_get_404() {
    let site = TestSite::new("valid");
    let server = start(&site);
    for path in [
        "/../careleaf.yaml",
        "/%2e%2e/careleaf.yaml",
        "/%2E%2E%2Fcareleaf.yaml",
        "/guide/..%2f..%2fcareleaf.yaml",
        "/..\\careleaf.yaml",
        "/nope/",
    ] {
        let (status, body) = get(&server.addr, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked the config");
    }
    let (_, page) = get(&server.addr, "/about/");
    let style = common::hashed_asset(&page, "/", "style", "css").unwrap();
    let (status, css) = get(&server.addr, &style);
    assert_eq!(status, 200);
    assert!(!css.contains("EventSource"), "only HTML gets the script");
}

#[test]
fn build_output_never_has_the_reload_script() {
    let site = TestSite::new("valid");
    assert_eq!(site.run(&["build", "--no-pdf"]).code, 0);
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!html.contains("__careleaf"), "{}", entry.path().display());
        }
    }
}

/// Every file of a folder with its inode: a file written again gets a new one.
fn inodes(dir: &std::path::Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    common::files_of(dir, |e| e.metadata().unwrap().ino())
        .into_iter()
        .collect()
}

#[test]
fn a_rebuild_writes_only_what_changed_and_removes_what_is_gone() {
    let site = TestSite::new("valid");
    let server = start(&site);
    server.wait_for_log("Built ");
    let folder = server.folder();
    let before = inodes(&folder);
    assert!(before.len() > 40, "{} files", before.len());
    assert!(
        before.keys().any(|p| p.ends_with(".pdf")),
        "PDFs are served"
    );

    // A sentence edited on one page: that page and the search index are written again
    // (the index holds the page's words); nothing else is.
    let mut stream = events(&server.addr);
    let about = site.read("content/about.md");
    site.write(
        "content/about.md",
        &format!("{about}\nWe also answer questions by e-mail.\n"),
    );
    next_event(&mut stream, "reload");
    assert!(get(&server.addr, "/about/").1.contains("by e-mail"));
    server.wait_for_log("Built ");
    let after = inodes(&folder);
    let rewritten: Vec<&String> = after
        .iter()
        .filter(|(path, ino)| before.get(*path) != Some(ino))
        .map(|(path, _)| path)
        .collect();
    assert!(
        rewritten.contains(&&"about/index.html".to_owned()),
        "{rewritten:?}"
    );
    assert!(
        rewritten
            .iter()
            .all(|p| *p == "about/index.html" || p.starts_with("pagefind/")),
        "only the page and the index: {rewritten:?}"
    );
    assert_eq!(before.len(), after.len());

    // A page added, then deleted: gone from the site once the reload comes.
    site.write(
        "content/extra.md",
        "---\ntitle: Extra\n---\nFor a short while.\n",
    );
    next_event(&mut stream, "reload");
    assert_eq!(get(&server.addr, "/extra/").0, 200);
    server.wait_for_log("Built ");
    std::fs::remove_file(site.path("content/extra.md")).unwrap();
    next_event(&mut stream, "reload");
    assert_eq!(get(&server.addr, "/extra/").0, 404);
    server.wait_for_log("Built ");
    assert!(!folder.join("extra/index.html").exists());
}

/// GET `path` with the Host header `host`; returns the status code.
fn get_as(addr: &str, path: &str, host: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    text[9..12].parse().unwrap()
}

/// A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) gets 421;
/// the local names with the port are served.
#[test]
fn only_local_host_names_are_answered() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    for host in [
        "attacker.example",
        "attacker.example:80",
        &format!("evil.example:{port}"),
        "127.0.0.1:1",
    ] {
        assert_eq!(get_as(&server.addr, "/about/", host), 421, "{host}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        assert_eq!(get_as(&server.addr, "/about/", &host), 200, "{host}");
    }
}

/// Its folder is its own (0700, never a folder someone made before), it comes back
/// when deleted, and live-reload streams are capped.
#[test]
fn the_served_folder_is_private_and_comes_back() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = TestSite::new("valid");
    let server = start(&site);
    let folder = server.folder();
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{folder:?}");
    std::fs::remove_dir_all(&folder).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while get(&server.addr, "/about/").0 != 200 {
        assert!(Instant::now() < deadline, "the site did not come back");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);

    let mut open = Vec::new();
    let mut refused = 0;
    for _ in 0..80 {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /__careleaf/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        if first.contains(" 503 ") {
            refused += 1;
        }
        open.push(reader);
    }
    assert_eq!(refused, 80 - 64, "streams past 64 are turned away");
}

/// `mv content c; mv c content` (or a replaced folder): edits are still seen.
#[test]
fn edits_are_seen_after_content_is_moved_away_and_back() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let mut stream = events(&server.addr);
    std::fs::rename(site.path("content"), site.path("c")).unwrap();
    std::thread::sleep(Duration::from_millis(400));
    std::fs::rename(site.path("c"), site.path("content")).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    let about = site.read("content/about.md");
    site.write(
        "content/about.md",
        &about.replace("About", "About us, moved back"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, html) = get(&server.addr, "/about/");
        if html.contains("moved back") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the edit after the move was not seen"
        );
        let _ = next_event(&mut stream, "reload");
    }
}

/// A request head past the limit gets 431 without being read whole; methods other
/// than GET and HEAD get 405; HEAD gets the headers alone.
#[test]
fn oversized_heads_and_other_methods_are_refused() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET /about/ HTTP/1.1\r\nHost: {}\r\nX-Long: ",
        server.addr
    )
    .unwrap();
    // The server answers (and stops reading) long before 1 MB has been sent.
    let line = vec![b'a'; 64 * 1024];
    for _ in 0..16 {
        if stream.write_all(&line).is_err() {
            break;
        }
    }
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    assert!(text.starts_with("HTTP/1.1 431 "), "{text:?}");

    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "POST /about/ HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 405 "), "{text:?}");

    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "HEAD /about/ HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 200 "), "{text:?}");
    assert!(text.ends_with("\r\n\r\n"), "HEAD has no body: {text:?}");
    assert!(text.contains("Content-Type: text/html"), "{text:?}");
    // The server still answers afterwards.
    assert_eq!(get(&server.addr, "/about/").0, 200);
}

/// The browser editor's page (`careleaf cms`) saves files itself: it gets no reload
/// script, so a rebuild never throws away what is being typed.
#[test]
fn the_browser_editor_is_not_reloaded() {
    let site = TestSite::new("valid");
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let server = start(&site);
    let (status, html) = get(&server.addr, "/admin/");
    assert_eq!(status, 200);
    assert!(html.contains("decap-cms"), "{html}");
    assert!(!html.contains("/__careleaf/reload.js"), "{html}");
    let (_, page) = get(&server.addr, "/about/");
    assert!(page.contains("/__careleaf/reload.js"));
}
