//! One fixture folder per kind of author mistake (tests/fixtures/invalid/<case>/), laid
//! over a small valid site. Each must fail with exit code 1, name the file, line and
//! column with the message (expected.txt), and write nothing.

mod common;

use std::fs;

use common::{TestSite, fixtures};

#[test]
fn every_invalid_fixture_fails_with_its_message() {
    let mut cases: Vec<_> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "expected the whole table of cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let site = TestSite::over_base(case);
        let run = site.run(&["build"]);
        if run.code != 1 {
            failures.push(format!(
                "{name}: exit code {} (want 1)\n{}",
                run.code, run.stderr
            ));
        }
        for line in expected.lines().filter(|l| !l.is_empty()) {
            // `!text`: a knock-on error that must not be reported.
            if let Some(absent) = line.strip_prefix('!') {
                if run.stderr.contains(absent) {
                    failures.push(format!("{name}: stderr has `{absent}`:\n{}", run.stderr));
                }
                continue;
            }
            if !run.stderr.contains(line) {
                failures.push(format!("{name}: stderr lacks `{line}`:\n{}", run.stderr));
            }
        }
        if !run.stderr.contains("= help: ") {
            failures.push(format!("{name}: no hint:\n{}", run.stderr));
        }
        if run.stderr.contains("panicked") {
            failures.push(format!("{name}: panicked"));
        }
        if site.path("public").exists() {
            failures.push(format!("{name}: wrote public/ despite errors"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_problems_are_listed_in_one_run() {
    let site = TestSite::new("base");
    site.write("content/a.yaml", "title: A\nsumary: x\n");
    site.write("content/b.md", "---\ntitle: B\n---\n[x](@/missing.md)\n");
    site.write("content/c.yaml", "title: C\nsummary: S\nreviewed: { by: Dr C, on: 2026-10-01 }\nsections:\n  - type: tips\n    items:\n      - do: X\n        when: { from: 2d, to: 1d }\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    // a.yaml's misspelt key does not hide that it has no sections either (DESIGN §11.5).
    for want in [
        "content/a.yaml:2:1",
        "the guide has no sections",
        "content/b.md:4:",
        "content/c.yaml:8:",
    ] {
        assert!(
            run.stderr.contains(want),
            "{want} missing from:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("Build failed: 4 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn errors_quote_the_source_line_rustc_style() {
    let site = TestSite::new("base");
    site.write("content/a.yaml", "title: A\nsumary: x\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: unknown key `sumary`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/a.yaml:2:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 | sumary: x"), "{}", run.stderr);
    assert!(
        run.stderr.contains("help: did you mean `summary`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn bom_and_crlf_files_build_and_keep_line_numbers() {
    let site = TestSite::new("base");
    site.write(
        "content/w.md",
        "\u{feff}---\r\ntitle: Windows\r\n---\r\nHello\r\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    site.write(
        "content/w.md",
        "\u{feff}---\r\ntitle: Windows\r\nbad: 1\r\n---\r\nHello\r\n",
    );
    let run = site.run(&["build"]);
    assert!(run.stderr.contains("content/w.md:3:1"), "{}", run.stderr);
}

#[test]
fn missing_config_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::run_in(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no careleaf.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("careleaf init"), "{}", run.stderr);
}
