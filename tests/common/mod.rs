//! A small harness: copy a fixture site into a temporary folder, run the real binary
//! on it, and look at exit code, output and files.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies `from` into `to`, overwriting files of the same name.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fixture site (optionally laid over `base`) in a fresh temporary folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new(fixture: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join(fixture), dir.path());
        Self { dir }
    }

    pub fn over_base(case: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join("base"), dir.path());
        copy_tree(case, dir.path());
        let _ = fs::remove_file(dir.path().join("expected.txt"));
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs careleaf with `args` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The date every test run treats as today (review checks depend on it).
pub const TODAY: &str = "2026-11-22";

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_on(dir, args, TODAY)
}

/// Runs careleaf in `dir` as if today were `today` (`YYYY-MM-DD`).
pub fn run_on(dir: &Path, args: &[&str], today: &str) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_careleaf"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CARELEAF_TODAY", today)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir` (path relative to it) with what `read` makes of it, sorted by path.
pub fn files_of<T: Ord>(dir: &Path, read: impl Fn(&walkdir::DirEntry) -> T) -> Vec<(String, T)> {
    let mut files: Vec<(String, T)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, read(&e))
        })
        .collect();
    files.sort();
    files
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_of(dir, |e| fs::read(e.path()).unwrap())
}

/// The hashed URL of a theme asset in `html` (`/guides/style.0123456789abcdef.css`
/// for `("/guides/", "style", "css")`), if the page refers to one.
pub fn hashed_asset(html: &str, prefix: &str, stem: &str, ext: &str) -> Option<String> {
    let pattern = format!(
        r#""({}{}\.[0-9a-f]{{16}}\.{})""#,
        regex::escape(prefix),
        regex::escape(stem),
        regex::escape(ext)
    );
    regex::Regex::new(&pattern)
        .unwrap()
        .captures(html)
        .map(|c| c[1].to_owned())
}

/// Runs a command-line tool the tests read output with (pdftotext, pdffonts,
/// pdfimages...) and returns its standard output; a missing tool fails the test
/// (`.ci/run` installs them).
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (.ci/run installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs careleaf with `args` in `dir`, waiting at most 60 s (a pipe or a link loop
/// must not hang it); returns the exit code and stderr.
pub fn run_within_a_minute(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_careleaf"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("careleaf {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code(), stderr)
}

/// A page's `<main>` as plain words (tags dropped, `&#39;` read as `'`).
pub fn main_words(html: &str) -> String {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
