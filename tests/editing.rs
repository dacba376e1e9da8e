//! Editing without a text editor (DESIGN §11.9): `careleaf schema`, the editor set-up
//! `init` and `new guide` write, and `careleaf cms`. The schemas are checked by an
//! independent validator and the real language server, and the browser form end to
//! end, in browser/ (schema, editor and cms tests).

mod common;

use common::{TestSite, run_in};

const MODELINE: &str = "# yaml-language-server: $schema=../schemas/guide.schema.json\n";

#[test]
fn init_sets_up_editors_and_new_guides_carry_the_schema_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "clinic"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.path().join("clinic");
    for file in ["content/microneedling.yaml", "content/glossary.es.yaml"] {
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        assert!(text.starts_with(MODELINE), "{file}");
    }
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("schemas/guide.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join(".vscode/settings.json")).unwrap())
            .unwrap();
    assert_eq!(
        settings["yaml.schemas"]["./schemas/guide.schema.json"][0],
        "content/**/*.yaml"
    );

    let run = run_in(
        &site,
        &["new", "guide", "knee-arthroscopy", "--kind", "exercises"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(site.join("content/knee-arthroscopy.yaml")).unwrap();
    assert!(text.starts_with(MODELINE), "{text}");
    // The line is a comment: the site builds, and no translation or version reads it as
    // a change.
    let run = run_in(&site, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("changed in"), "{}", run.stderr);
}

/// A site made before careleaf wrote schemas: `new guide` writes them, since the new
/// guide's first line names one.
#[test]
fn new_guide_on_an_older_site_writes_the_schema_it_names() {
    let site = TestSite::new("valid");
    assert!(!site.path("schemas").exists());
    let run = site.run(&["new", "guide", "ankle"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("content/ankle.yaml").starts_with(MODELINE));
    assert!(site.path("schemas/guide.schema.json").is_file());
    assert!(site.path(".vscode/settings.json").is_file());
}

#[test]
fn schema_writes_both_files_and_prints_either() {
    let site = TestSite::new("valid");
    let run = site.run(&["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["careleaf.schema.json", "guide.schema.json"] {
        let text = site.read(&format!("schemas/{name}"));
        let _: serde_json::Value = serde_json::from_str(&text).unwrap();
    }
    let run = site.run(&["schema", "--print", "config"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let required: Vec<&str> = config["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        required.contains(&"title") && required.contains(&"base_url"),
        "{required:?}"
    );
    assert_eq!(config["additionalProperties"], false);
    // Writing again gives the same bytes.
    let before = site.read("schemas/guide.schema.json");
    site.run(&["schema"]);
    assert_eq!(site.read("schemas/guide.schema.json"), before);

    // Schemas of another careleaf: `check` says to write them again.
    site.write(
        "schemas/guide.schema.json",
        &before.replace("\"title\": \"A careleaf guide\"", "\"title\": \"Old\""),
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr
            .contains("schemas/guide.schema.json was written by another version of careleaf"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("careleaf.schema.json was written"),
        "{}",
        run.stderr
    );
    site.run(&["schema"]);
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("another version"), "{}", run.stderr);

    let empty = tempfile::tempdir().unwrap();
    let run = run_in(empty.path(), &["schema"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("no careleaf.yaml"), "{}", run.stderr);
}

#[test]
fn cms_writes_the_admin_page_with_its_own_policy() {
    let site = TestSite::new("valid");
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("static/admin/index.html");
    assert!(html.contains("https://unpkg.com/decap-cms@"), "{html}");
    assert!(html.contains("integrity=\"sha384-"), "{html}");
    assert!(html.contains("'unsafe-eval'"), "{html}");
    let config = site.read("static/admin/config.yml");
    let json = &config[config.find('{').unwrap()..];
    let decap: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(decap["local_backend"], true);
    assert_eq!(decap["backend"]["name"], "git-gateway");
    let guides = &decap["collections"][0];
    assert_eq!(guides["folder"], "content");
    assert_eq!(guides["format"], "yaml");

    // The site builds with it; only /admin/ has the admin page's policy.
    let out = tempfile::tempdir().unwrap();
    let run = site.run(&[
        "build",
        "--no-pdf",
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("admin"), "{}", run.stderr);
    let headers = std::fs::read_to_string(out.path().join("_headers")).unwrap();
    let admin = headers.find("/admin/*").expect("an /admin/* rule");
    let all = headers.find("/*\n").expect("a rule for every path");
    assert!(
        all < admin,
        "the admin rule comes later, so it wins on Netlify:\n{headers}"
    );
    assert!(headers[admin..].contains("'unsafe-eval'"), "{headers}");
    assert!(!headers[..admin].contains("'unsafe-eval'"), "{headers}");
    assert!(out.path().join("admin/index.html").is_file());

    // Without it, no admin rule.
    let plain = TestSite::new("valid");
    let out = tempfile::tempdir().unwrap();
    plain.run(&[
        "build",
        "--no-pdf",
        "--output",
        out.path().to_str().unwrap(),
    ]);
    let headers = std::fs::read_to_string(out.path().join("_headers")).unwrap();
    assert!(!headers.contains("/admin/"), "{headers}");
}

#[test]
fn cms_needs_the_repository_for_github_and_gitlab() {
    let site = TestSite::new("valid");
    let run = site.run(&["cms", "--backend", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--repo owner/name"), "{}", run.stderr);
    let run = site.run(&[
        "cms",
        "--backend",
        "github",
        "--repo",
        "clinic/guides",
        "--branch",
        "live",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = site.read("static/admin/config.yml");
    assert!(config.contains("\"repo\": \"clinic/guides\""), "{config}");
    assert!(config.contains("\"branch\": \"live\""), "{config}");
}
