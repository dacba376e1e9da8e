//! Files as a clinic's computer leaves them: links that point outside the site or in
//! a circle, pages too large to be real, empty files. Each is handled with a message,
//! never a hang, a crash or a leak of a file from outside the site.

mod common;

use common::TestSite;

#[test]
fn a_link_to_a_file_outside_the_site_is_refused() {
    let site = TestSite::new("base");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "---\ntitle: Patient list\n---\nConfidential.\n").unwrap();
    std::os::unix::fs::symlink(&secret, site.path("content/notes.md")).unwrap();
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/notes.md")
            && run.stderr.contains("symbolic link points outside the site"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());

    // The same link to a file inside the site is followed.
    std::fs::remove_file(site.path("content/notes.md")).unwrap();
    site.write(
        "shared/notes.md",
        "---\ntitle: Shared notes\n---\nShared.\n",
    );
    std::os::unix::fs::symlink(site.path("shared/notes.md"), site.path("content/notes.md"))
        .unwrap();
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read("public/notes/index.html")
            .contains("Shared notes")
    );
}

#[test]
fn a_symlink_loop_ends_with_an_error_not_a_hang() {
    let site = TestSite::new("base");
    std::fs::create_dir(site.path("content/aftercare")).unwrap();
    std::os::unix::fs::symlink("..", site.path("content/aftercare/again")).unwrap();
    let (code, stderr) = common::run_within_a_minute(site.root(), &["build", "--no-pdf"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("content/aftercare/again") && stderr.contains("(a loop)"),
        "{stderr}"
    );
}

#[test]
fn pages_over_the_size_limit_are_refused_and_the_limit_is_configurable() {
    let site = TestSite::new("base");
    let big = format!(
        "---\ntitle: Big\n---\n{}",
        "Keep your skin clean and out of the sun.\n\n".repeat(120_000)
    );
    site.write("content/big.md", &big);
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the page is 4922 KB; pages may be at most 4096 KB"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("max_page_kb"), "{}", run.stderr);
    assert!(run.stderr.contains("content/big.md"), "{}", run.stderr);

    let config = site.read("careleaf.yaml");
    site.write("careleaf.yaml", &format!("{config}max_page_kb: 8192\n"));
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("public/big/index.html").is_file());

    site.write("careleaf.yaml", &format!("{config}max_page_kb: 1\n"));
    std::fs::remove_file(site.path("content/big.md")).unwrap();
    site.write(
        "content/small.md",
        &format!("---\ntitle: Small\n---\n{}", "x".repeat(1500)),
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the page is 2 KB; pages may be at most 1 KB"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_file_is_left_out_with_a_warning() {
    let site = TestSite::new("base");
    site.write("content/new-guide.yaml", "");
    site.write("content/blank.md", "\u{feff}\r\n  \r\n");
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["content/new-guide.yaml:1:1", "content/blank.md:1:1"] {
        assert!(run.stderr.contains(file), "{file} in {}", run.stderr);
    }
    assert!(run.stderr.contains("the file is empty"), "{}", run.stderr);
    assert!(!site.path("public/new-guide").exists());
    assert!(site.path("public/about/index.html").is_file());
    // A warning, so --strict refuses it; a link to it is a broken link.
    assert_eq!(site.run(&["build", "--no-pdf", "--strict"]).code, 1);
    site.write(
        "content/about.md",
        "---\ntitle: About\n---\nSee [the new guide](@/new-guide.yaml).\n",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("there is no page `@/new-guide.yaml`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_front_matter_without_a_title_is_an_error_at_line_one() {
    let site = TestSite::new("base");
    site.write("content/a.md", "---\n---\nSome text.\n");
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/a.md:1:1") && run.stderr.contains("no title"),
        "{}",
        run.stderr
    );
}

/// A file name holding a terminal escape sequence is shown written out in the
/// problems, never sent to the terminal to obey (it could clear the screen or hide
/// the error).
#[cfg(unix)]
#[test]
fn escape_sequences_in_file_names_are_written_out() {
    let site = TestSite::new("base");
    site.write(
        "content/red\u{1b}[31mtext\u{7}.md",
        "---\ntitle: A\nsumary: x\n---\nText.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\u{7}'), "{:?}", run.stderr);
    assert!(
        run.stderr.contains(r"red\x{1b}[31mtext\x{7}.md"),
        "{}",
        run.stderr
    );
}
