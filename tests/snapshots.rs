//! Reviewed snapshots (insta) of what careleaf writes: the `<main>` of every page of
//! the example site and of the valid fixture, the text of every handout PDF, and the
//! error output of every invalid fixture. They guard refactorings: a change to any of
//! them shows up as a diff to review (`cargo insta review`).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{TestSite, copy_tree, files_of, fixtures, run_in};

/// The `<main>` element of a page, or the whole file when it has none (redirects).
fn main_of(html: &str) -> &str {
    match (html.find("<main"), html.rfind("</main>")) {
        (Some(start), Some(end)) if start < end => &html[start..end + "</main>".len()],
        _ => html,
    }
}

/// A snapshot name from an output path: `es/microneedling/index.html` ->
/// `es--microneedling--index.html`.
fn name_of(prefix: &str, rel: &str) -> String {
    format!("{prefix}--{}", rel.replace(['/', '\\'], "--"))
}

/// Snapshots every HTML page's `<main>` and every PDF's text under `public`.
fn snapshot_site(prefix: &str, public: &Path) {
    let pages = files_of(public, |e| e.path().to_path_buf());
    let mut html_pages = 0;
    for (rel, path) in &pages {
        if rel.starts_with("pagefind") {
            continue;
        }
        if rel.ends_with(".html") {
            html_pages += 1;
            let html = fs::read_to_string(path).unwrap();
            insta::assert_snapshot!(name_of(prefix, rel), main_of(&html));
        } else if rel.ends_with(".pdf") {
            let out = Command::new("pdftotext")
                .args(["-layout", "-enc", "UTF-8"])
                .arg(path)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) is installed by .ci/run");
            assert!(out.status.success(), "pdftotext failed on {rel}");
            let text = String::from_utf8_lossy(&out.stdout);
            let text: Vec<&str> = text.lines().map(str::trim_end).collect();
            insta::assert_snapshot!(name_of(prefix, rel), text.join("\n"));
        }
    }
    assert!(html_pages >= 10, "{prefix}: only {html_pages} pages");
}

#[test]
fn example_site_pages_and_handouts() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["careleaf.yaml", "content", "static"] {
        let from = root.join(part);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(part));
        } else {
            fs::copy(&from, dir.path().join(part)).unwrap();
        }
    }
    let run = run_in(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot_site("example", &dir.path().join("public"));
}

#[test]
fn valid_fixture_pages_and_handouts() {
    let site = TestSite::new("valid");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot_site("valid", &site.path("public"));
}

#[test]
fn invalid_fixture_messages() {
    let mut cases: Vec<_> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let site = TestSite::over_base(case);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{name}");
        insta::assert_snapshot!(format!("invalid--{name}"), run.stderr);
    }
}
