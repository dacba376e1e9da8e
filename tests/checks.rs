//! The reviewer's checks (DESIGN §6): each folder in tests/fixtures/checks/ is laid over
//! the small base site and checked as if today were 2026-11-22; its expected.txt lists
//! what the warnings must say (an empty file: no warning at all). Warnings keep the exit
//! code 0 unless --strict.

mod common;

use std::fs;

use common::{TestSite, fixtures, run_in, run_on};

#[test]
fn every_check_fixture_warns_with_file_and_line() {
    let mut cases: Vec<_> = fs::read_dir(fixtures().join("checks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 7);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let site = TestSite::over_base(case);
        let run = site.run(&["check"]);
        if run.code != 0 {
            failures.push(format!(
                "{name}: exit {} (want 0)\n{}",
                run.code, run.stderr
            ));
        }
        for line in expected.lines().filter(|l| !l.is_empty()) {
            if !run.stderr.contains(line) {
                failures.push(format!("{name}: stderr lacks `{line}`:\n{}", run.stderr));
            }
        }
        let warned = run.stderr.contains("warning:");
        if expected.trim().is_empty() == warned {
            failures.push(format!(
                "{name}: warnings do not match expected.txt:\n{}",
                run.stderr
            ));
        }
        let strict = site.run(&["check", "--strict"]);
        if strict.code != if warned { 1 } else { 0 } {
            failures.push(format!("{name}: --strict exit {}", strict.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn review_warnings_follow_the_calendar() {
    let site = TestSite::over_base(&fixtures().join("checks/passes"));
    // Reviewed 2026-10-01, due a year later; warned 30 days before, overdue after.
    let quiet = run_on(site.root(), &["check"], "2027-08-31");
    assert!(!quiet.stderr.contains("warning:"), "{}", quiet.stderr);
    let soon = run_on(site.root(), &["check"], "2027-09-15");
    assert!(
        soon.stderr
            .contains("the clinical review is due on 2027-10-01 (in 16 days)"),
        "{}",
        soon.stderr
    );
    let late = run_on(
        site.root(),
        &["build", "--no-pdf", "--strict"],
        "2027-10-02",
    );
    assert_eq!(late.code, 1);
    assert!(
        late.stderr
            .contains("the clinical review was due on 2027-10-01 (1 days ago)"),
        "{}",
        late.stderr
    );
}

#[test]
fn check_prints_a_table_per_page_and_json_for_ci() {
    let site = TestSite::over_base(&fixtures().join("checks/review-soon"));
    let run = site.run(&["check"]);
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with("content/g.yaml"))
        .unwrap_or_else(|| panic!("no row for g.yaml:\n{}", run.stdout));
    assert!(
        row.contains("Flesch–Kincaid") && row.contains("2026-12-01"),
        "{row}"
    );
    assert!(
        row.trim_end().ends_with(" 0         1"),
        "0 errors, 1 warning: {row}"
    );

    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(json["ok"], true);
    assert_eq!(json["warnings"], 1);
    let problem = &json["problems"][0];
    assert_eq!(problem["severity"], "warning");
    assert_eq!(problem["file"], "content/g.yaml");
    assert_eq!(problem["line"], 3);
    let pages = json["pages"].as_array().unwrap();
    let g = pages
        .iter()
        .find(|p| p["file"] == "content/g.yaml")
        .unwrap();
    assert_eq!(g["review_due"], "2026-12-01");
    assert_eq!(g["formula"], "Flesch–Kincaid");
    assert!(g["grade"].as_f64().is_some());
    assert_eq!(site.run(&["check", "--format", "json", "--strict"]).code, 1);
}

#[test]
fn the_example_site_passes_every_check() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_in(repo, &["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        run.stdout.contains("content/microneedling.es.yaml"),
        "{}",
        run.stdout
    );
}

/// A readability warning quotes a very long sentence by its start and end, not whole.
#[test]
fn a_very_long_sentence_is_quoted_shortened() {
    let site = TestSite::new("base");
    let sentence = format!(
        "Begin here {} and stop.",
        "extraordinarily complicated instructions ".repeat(400)
    );
    site.write(
        "content/long.md",
        &format!("---\ntitle: Long\nsummary: A long page.\n---\n{sentence}\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("reads at grade"), "{}", run.stderr);
    assert!(
        run.stderr.contains("“Begin here extraordinarily"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("and stop.” (grade"), "{}", run.stderr);
    assert!(
        run.stderr.len() < 5_000,
        "{} bytes of warnings",
        run.stderr.len()
    );
}

/// Links written the way people write them (issue 28): `/slug/` to a page that is not
/// there is a warning with the nearest page; `page.yaml` and `../page.md` are read as
/// links to those files (as mdBook does), published as the page's URL, and an error
/// with a did-you-mean when there is no such page.
#[test]
fn plain_links_are_checked_like_at_links() {
    let site = TestSite::new("base");
    site.write(
        "content/care/stitches-care.md",
        "---\ntitle: Stitches\nsummary: Caring for stitches.\n---\n## Bathing\n\nKeep them dry. See [about](../about.md) and [us](/about/).\n",
    );
    site.write(
        "content/tooth-removal.md",
        "---\ntitle: Tooth removal\nsummary: After a tooth is taken out.\n---\nSee [stitches](care/stitches-care.md#bathing), [handout](/care/stitches-care/handout/), [search](/search/).\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let html = site.read("public/tooth-removal/index.html");
    assert!(
        html.contains(r#"href="/guides/care/stitches-care/#bathing""#),
        "{html}"
    );
    assert!(
        site.read("public/care/stitches-care/index.html")
            .contains(r#"href="/guides/about/""#)
    );

    site.write(
        "content/tooth-removal.md",
        "---\ntitle: Tooth removal\nsummary: After a tooth is taken out.\n---\nSee [stitches](/care/stiches-care/) and\n[the page](care/stiches-care.md).\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: there is no page at `/care/stiches-care/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `/care/stitches-care/`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error: there is no page `@/care/stiches-care.md` (linked as `care/stiches-care.md`)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("did you mean `@/care/stitches-care.md`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/tooth-removal.md:6"),
        "{}",
        run.stderr
    );
}
