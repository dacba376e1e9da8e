//! The commands as a user runs them: init, build, check, new guide; output safety.

mod common;

use common::{TestSite, run_in, snapshot};

#[test]
fn init_then_build_works_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "clinic"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.path().join("clinic");
    assert!(site.join("careleaf.yaml").is_file());
    assert!(site.join("content/microneedling.yaml").is_file());
    let run = run_in(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(site.join("public/microneedling/index.html")).unwrap();
    assert!(html.contains("What to expect day by day"));
    let again = run_in(dir.path(), &["init", "clinic"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}

/// A new site whose clinic changed only its name and phone (issue 28): `check` names
/// every other thing still the example clinic's, with file and line, and the paper
/// `init --paper` asked for is written.
#[test]
fn check_names_what_is_still_the_example_clinics() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "clinic", "--paper", "a4"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("A4"), "{}", run.stdout);
    let site = dir.path().join("clinic");
    let config = std::fs::read_to_string(site.join("careleaf.yaml")).unwrap();
    assert!(config.contains("paper: a4"));
    // The example as init wrote it is the example: nothing to say.
    let run = run_in(&site, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("example clinic"), "{}", run.stderr);
    let config = config
        .replace(
            "name: Radiant Skin Clinic",
            "name: Northfield Dental Practice",
        )
        .replace("\"+1 555 0100\"", "\"+44 20 7946 0000\"")
        .replace("paper: a4", "paper: letter");
    std::fs::write(site.join("careleaf.yaml"), config).unwrap();
    let run = run_in(&site, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for expected in [
        "base_url is still the example clinic's (`https://guides.radiant.example`)",
        "the clinic's e-mail is still the example clinic's",
        "the clinic's address is still the example clinic's",
        "the out-of-hours number is still the example clinic's",
        "the site's title still names the example clinic",
        "the logo is still the example clinic's",
        "handouts print on US letter, but the clinic's phone number (+44 20 7946 0000) is not North American",
        "content/_index.md:",
        "content/about.md:",
        "every handout's QR code",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stderr
        );
    }
    assert_eq!(run_in(&site, &["check", "--strict"]).code, 1);
}

#[test]
fn new_guide_stub_builds() {
    let site = TestSite::new("base");
    let run = site.run(&["new", "guide", "chemical-peel"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("public/chemical-peel/index.html");
    assert!(html.contains("Chemical peel aftercare"));
    assert_eq!(site.run(&["new", "guide", "chemical-peel"]).code, 1);
    assert_eq!(site.run(&["new", "guide", "../x"]).code, 1);
}

/// Every skeleton of `new guide --kind` builds with no warning, and shows what its
/// specialty needs.
#[test]
fn every_kind_of_new_guide_builds_cleanly() {
    let site = TestSite::new("base");
    for kind in [
        "general",
        "dental",
        "eye",
        "wound",
        "skin",
        "preparation",
        "child",
        "exercises",
        "action-plan",
    ] {
        let run = site.run(&["new", "guide", &format!("{kind}-care"), "--kind", kind]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let wound = site.read("public/wound-care/index.html");
    assert!(wound.contains("until your stitches are removed"), "{wound}");
    let dental = site.read("public/dental-care/index.html");
    for words in ["Rinsing", "Paracetamol", "Do not take", "The socket bleeds"] {
        assert!(dental.contains(words), "{words}");
    }
    let eye = site.read("public/eye-care/index.html");
    assert!(eye.contains("for 2 months"), "{eye}");
    assert!(site.path("public/medicines/index.html").is_file());
    let preparation = site.read("public/preparation-care/index.html");
    assert!(
        preparation.contains("At 6 pm the day before your test"),
        "{preparation}"
    );
    let child = site.read("public/child-care/index.html");
    assert!(
        child.contains("Date of your child&#39;s operation"),
        "{child}"
    );
    let plan = site.read("public/action-plan-care/index.html");
    assert!(
        plan.contains("Red zone") && !plan.contains("class=\"plan\""),
        "{plan}"
    );
    let bad = site.run(&["new", "guide", "x", "--kind", "cardiology"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::new("valid");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("no errors"), "{}", run.stdout);
    assert!(!site.path("public").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new("valid");
    assert_eq!(site.run(&["build"]).code, 0);
    let before = snapshot(&site.path("public"));
    site.write("content/guide.yaml", "title: [broken\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("previous output was left untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&site.path("public")));
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("careleaf-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = TestSite::new("valid");
    let before = snapshot(site.root());
    for out in [".", "content", "static/out", ".."] {
        let run = site.run(&["build", "--output", out]);
        assert_eq!(run.code, 1, "--output {out}");
        assert!(
            run.stderr.contains("output folder"),
            "--output {out}: {}",
            run.stderr
        );
    }
    site.write("mine/notes.txt", "keep me");
    let run = site.run(&["build", "--output", "mine"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not written by careleaf"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("mine/notes.txt"), "keep me");
    let after: Vec<_> = snapshot(site.root())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("mine"))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn usage_errors_exit_2() {
    let site = TestSite::new("valid");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
}

#[test]
fn the_example_site_builds() {
    let out = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let target = out.path().join("site");
    let run = run_in(
        std::path::Path::new(root),
        &["build", "--output", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(target.join("microneedling/index.html")).unwrap();
    for want in [
        "Radiant Skin Clinic",
        "Call us if",
        "Reviewed on October 15, 2026",
        "Coconut oil",
        "3 to 7 days after your treatment",
    ] {
        assert!(html.contains(want), "{want}");
    }
}

/// Output into a pipe that is already closed (`careleaf check | head -1` once `head`
/// has gone): no panic, exit status 141 as for a tool stopped by SIGPIPE.
#[test]
fn a_closed_output_pipe_ends_quietly() {
    let site = TestSite::new("valid");
    for args in [
        &["check"][..],
        &["schema", "--print", "guide"],
        &["translations"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_careleaf"))
            .args(args)
            .current_dir(site.root())
            .env("CARELEAF_TODAY", common::TODAY)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
    }
}
