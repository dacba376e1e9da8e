//! Leaflet versions (DESIGN §11.7) as a clinic uses them: mark, edit, be warned, mark
//! again; the archive, the versions page, the version on the page, handout and PDF.

mod common;

use common::TestSite;

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_guide_marked_edited_warned_and_marked_again_has_two_versions() {
    let site = TestSite::new("specialties");
    let guide = "content/knee-replacement.yaml";
    let text = site
        .read(guide)
        .replacen("title: ", "code: ORTH-023\ntitle: ", 1);
    site.write(guide, &text);

    // A site that never marked a version shows none and is not warned.
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("version"), "{}", run.stderr);

    let run = site.run(&["versions", "mark", "--note", "First version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("knee-replacement.yaml: version 1"),
        "{}",
        run.stdout
    );
    let lock = site.read("versions.lock");
    assert!(
        site.path("archive/knee-replacement/knee-replacement-v1.pdf")
            .is_file()
    );
    assert!(
        site.path("archive/knee-replacement/knee-replacement-v1-large-print.pdf")
            .is_file()
    );

    // Nothing changed: no new version, and the lock keeps its bytes.
    let run = site.run(&["versions", "mark", "--note", "Again"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("no new version"), "{}", run.stdout);
    assert_eq!(site.read("versions.lock"), lock);

    // An edit to the tips: a warning naming them, and --strict fails.
    let edited = site.read(guide).replacen(
        "Sleep on your back.",
        "Sleep on your back. Keep a pillow under your ankle.",
        1,
    );
    assert_ne!(edited, site.read(guide), "the fixture has the tip to edit");
    site.write(guide, &edited);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("this guide changed since version 1") && run.stderr.contains("`tips`"),
        "{}",
        run.stderr
    );
    assert_eq!(site.run(&["check", "--strict"]).code, 1);

    let run = site.run(&[
        "versions",
        "mark",
        guide,
        "--note",
        "Pillow under the ankle",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("knee-replacement.yaml: version 2"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("cataract"),
        "only the file named: {}",
        run.stdout
    );
    assert!(
        site.path("archive/knee-replacement/knee-replacement-v2.pdf")
            .is_file()
    );
    let run = site.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.read("public/knee-replacement/index.html");
    assert!(page.contains("ORTH-023 · Version 2 · "), "{page}");
    assert!(
        site.read("public/knee-replacement/handout/index.html")
            .contains("ORTH-023 · Version 2")
    );
    assert!(
        pdf_text(&site.path("public/knee-replacement/knee-replacement.pdf"))
            .contains("ORTH-023 · Version 2")
    );
    // The versions page: newest first, each with its note and archived PDFs.
    let versions = site.read("public/knee-replacement/versions/index.html");
    let v2 = versions.find("<h2>Version 2").expect("version 2 listed");
    let v1 = versions.find("<h2>Version 1").expect("version 1 listed");
    assert!(v2 < v1, "newest first");
    assert!(versions.contains("Pillow under the ankle") && versions.contains("First version"));
    assert!(versions.contains(r#"href="/archive/knee-replacement/knee-replacement-v1.pdf""#));
    assert!(
        site.path("public/archive/knee-replacement/knee-replacement-v1.pdf")
            .is_file()
    );
    // The other guides are at version 1, without a code.
    assert!(
        site.read("public/cataract/index.html")
            .contains(">Version 1 · ")
    );
}

#[test]
fn a_code_two_leaflets_share_is_an_error_naming_both() {
    let site = TestSite::new("specialties");
    for file in ["content/cataract.yaml", "content/stitches.yaml"] {
        let text = site
            .read(file)
            .replacen("title: ", "code: EYE-001\ntitle: ", 1);
        site.write(file, &text);
    }
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the code `EYE-001` is also the code of content/cataract.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/stitches.yaml:1:7"),
        "{}",
        run.stderr
    );
}

#[test]
fn marking_needs_a_note_and_a_guide_of_the_site() {
    let site = TestSite::new("specialties");
    let run = site.run(&["versions", "mark", "--note", " "]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--note"), "{}", run.stderr);
    let run = site.run(&["versions", "mark", "knee.yaml", "--note", "x"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`knee.yaml` is not a guide of this site"),
        "{}",
        run.stderr
    );
    assert!(!site.path("versions.lock").exists());
}
