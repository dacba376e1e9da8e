//! One rule for every file careleaf reads (issue 26): after symbolic links it lies
//! inside the site, it is a regular file, and it is not too large. A logo, static/,
//! a theme, fonts, the lock file: each pointing outside the site is an error naming
//! the file, and nothing from outside reaches the output or a message. And what
//! careleaf makes is never replaced by a file of static/ or content/.

mod common;

use std::os::unix::fs::symlink;
use std::process::Command;

use common::{TestSite, run_in};

/// A secret outside the site, as a file a link could point at.
fn secret() -> (tempfile::TempDir, std::path::PathBuf) {
    let outside = tempfile::tempdir().unwrap();
    let path = outside.path().join("secret.svg");
    std::fs::write(
        &path,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>CI_TOKEN=hunter2</text></svg>"#,
    )
    .unwrap();
    (outside, path)
}

fn assert_refused(site: &TestSite, args: &[&str], names: &[&str]) -> String {
    let run = site.run(args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for name in names {
        assert!(run.stderr.contains(name), "`{name}` not in: {}", run.stderr);
    }
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert!(!site.path("public").exists());
    run.stderr
}

#[test]
fn a_logo_outside_the_site_is_refused_however_it_is_written() {
    let (_outside, secret) = secret();
    for logo in [
        secret.to_str().unwrap().to_owned(),
        "../../../../../../..".to_owned() + secret.to_str().unwrap(),
        "static/../../../../../../../..".to_owned() + secret.to_str().unwrap(),
        "static/link.svg".to_owned(),
    ] {
        let site = TestSite::new("base");
        std::fs::create_dir_all(site.path("static")).unwrap();
        symlink(&secret, site.path("static/link.svg")).unwrap();
        let config = site
            .read("careleaf.yaml")
            .replace("clinic: {", &format!("clinic: {{ logo: \"{logo}\","));
        site.write("careleaf.yaml", &config);
        let stderr = assert_refused(
            &site,
            &["build"],
            &["careleaf.yaml", "points outside the site"],
        );
        assert!(stderr.contains(&format!("the logo `{logo}`")), "{stderr}");
    }
}

#[test]
fn static_files_and_static_itself_must_be_inside_the_site() {
    let (outside, secret) = secret();
    let site = TestSite::new("base");
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink(&secret, site.path("static/innocent.svg")).unwrap();
    assert_refused(
        &site,
        &["build", "--no-pdf"],
        &["static/innocent.svg", "points outside the site"],
    );

    let site = TestSite::new("base");
    symlink(outside.path(), site.path("static")).unwrap();
    assert_refused(
        &site,
        &["build", "--no-pdf"],
        &["static", "points outside the site"],
    );

    // A link inside the site is followed.
    let site = TestSite::new("base");
    site.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink(site.path("assets/logo.svg"), site.path("static/logo.svg")).unwrap();
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("public/logo.svg").is_file());
}

#[test]
fn a_theme_is_a_folder_name_of_the_site_never_a_path() {
    let (outside, _secret) = secret();
    std::fs::create_dir_all(outside.path().join("static")).unwrap();
    std::fs::write(outside.path().join("static/leak.txt"), "hunter2").unwrap();
    for theme in [
        outside.path().to_str().unwrap().to_owned(),
        "../x".to_owned(),
    ] {
        let site = TestSite::new("base");
        let config = site.read("careleaf.yaml") + &format!("theme: \"{theme}\"\n");
        site.write("careleaf.yaml", &config);
        assert_refused(
            &site,
            &["build", "--no-pdf"],
            &["careleaf.yaml", "is not a theme name"],
        );
    }
    // themes/NAME as a link out of the site.
    let site = TestSite::new("base");
    std::fs::create_dir_all(site.path("themes")).unwrap();
    symlink(outside.path(), site.path("themes/clinic")).unwrap();
    let config = site.read("careleaf.yaml") + "theme: clinic\n";
    site.write("careleaf.yaml", &config);
    assert_refused(
        &site,
        &["build", "--no-pdf"],
        &["themes/clinic", "points outside the site"],
    );
}

#[test]
fn a_lock_file_linked_to_a_secret_is_named_never_quoted() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("environ");
    std::fs::write(&secret, "CI_TOKEN=hunter2\nmore: [\n").unwrap();
    let site = TestSite::new("base");
    symlink(&secret, site.path("translations.lock")).unwrap();
    assert_refused(
        &site,
        &["check"],
        &["translations.lock", "points outside the site"],
    );
}

#[test]
fn fonts_that_are_pipes_or_devices_are_errors_not_hangs() {
    let site = TestSite::new("base");
    site.write("content/g.yaml", "title: G\nsummary: A guide.\nreviewed: { by: Nurse, on: 2026-11-01 }\nsections:\n  - type: warning-signs\n    items: [Fever]\n");
    std::fs::create_dir_all(site.path("fonts")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(site.path("fonts/pipe.ttf"))
        .status()
        .unwrap();
    assert!(fifo.success());
    symlink("/dev/zero", site.path("fonts/zero.ttf")).unwrap();
    let (code, stderr) = common::run_within_a_minute(site.root(), &["build"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("fonts/pipe.ttf") && stderr.contains("is not a regular file"),
        "{stderr}"
    );
    assert!(stderr.contains("fonts/zero.ttf"), "{stderr}");
}

#[test]
fn the_output_guard_follows_links_of_the_root() {
    let site = TestSite::new("base");
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("site");
    symlink(site.root(), &link).unwrap();
    let into_content = site.path("content/out");
    let run = run_in(
        links.path(),
        &[
            "build",
            "--no-pdf",
            "--root",
            link.to_str().unwrap(),
            "--output",
            into_content.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot be inside content/"),
        "{}",
        run.stderr
    );
    assert!(!into_content.exists());
}

#[test]
fn a_static_file_never_replaces_what_careleaf_makes() {
    for (file, names) in [
        ("static/index.html", "the home page"),
        ("static/_headers", "netlify.toml"),
        ("static/sitemap.xml", "the sitemap"),
        ("static/about/index.html", "a page of the site"),
    ] {
        let site = TestSite::new("base");
        site.write(file, "planted");
        let run = site.run(&["build", "--no-pdf"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(file)
                && run.stderr.contains("which careleaf makes")
                && run.stderr.contains(names),
            "{file}: {}",
            run.stderr
        );
        assert!(!site.path("public").exists());
    }
    // The same file in static/ and content/: an error, not a race.
    let site = TestSite::new("base");
    site.write("static/images/cast.png", "a");
    site.write("content/images/cast.png", "b");
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/images/cast.png")
            && run
                .stderr
                .contains("`static/images/cast.png` would both be published at `/images/cast.png`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_alias_at_a_file_careleaf_writes_is_an_error_not_os_error_17() {
    for alias in ["/index.html", "/_headers"] {
        let site = TestSite::new("base");
        site.write(
            "content/g.md",
            &format!("---\ntitle: G\nsummary: A page.\naliases: [\"{alias}\"]\n---\nText.\n"),
        );
        let run = site.run(&["build", "--no-pdf"]);
        assert_eq!(run.code, 1, "{alias}: {}", run.stderr);
        assert!(
            run.stderr.contains("would be both a file and a folder")
                && !run.stderr.contains("os error"),
            "{alias}: {}",
            run.stderr
        );
    }
}

/// The header of a PNG of `w` x `h` pixels (all a reader of its size needs).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(w.to_be_bytes());
    bytes.extend(h.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

#[test]
fn a_picture_of_too_many_pixels_is_refused_before_it_is_decoded() {
    let site = TestSite::new("base");
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::fs::write(site.path("static/huge.png"), png_header(40_000, 40_000)).unwrap();
    site.write(
        "content/g.yaml",
        "title: G\nsummary: A guide.\nreviewed: { by: Nurse, on: 2026-11-01 }\nsections:\n  - type: steps\n    items:\n      - title: Arm in\n        image: { src: /huge.png, alt: A sling }\n  - type: warning-signs\n    items: [Fever]\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/g.yaml:8")
            && run.stderr.contains("the picture `/huge.png` is 40000 x 40000 pixels (1600 megapixels); a picture may have at most 50"),
        "{}",
        run.stderr
    );
    // In Markdown on a handout: the typesetter refuses it too.
    site.write(
        "content/g.yaml",
        "title: G\nsummary: A guide.\nreviewed: { by: Nurse, on: 2026-11-01 }\nsections:\n  - type: warning-signs\n    intro: \"![A sling](/huge.png)\"\n    items: [Fever]\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("/huge.png is 40000 x 40000 pixels"),
        "{}",
        run.stderr
    );
}
