//! Translations (DESIGN §4.5): the example site in English and Spanish, and a made-up
//! site where only some pages are translated.

mod common;

use common::{TestSite, run_in};

#[test]
fn the_spanish_example_guide_is_reachable_from_the_english_one_and_back() {
    let out = tempfile::tempdir().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = out.path().join("site");
    let run = run_in(repo, &["build", "--output", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |p: &str| std::fs::read_to_string(target.join(p)).unwrap();
    let en = read("microneedling/index.html");
    let es = read("es/microneedling/index.html");
    assert!(en.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"));
    assert!(es.starts_with("<!doctype html>\n<html lang=\"es\" dir=\"ltr\">"));
    for html in [&en, &es] {
        assert!(html.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://guides.radiant.example/microneedling/\">"));
        assert!(html.contains("<link rel=\"alternate\" hreflang=\"es\" href=\"https://guides.radiant.example/es/microneedling/\">"));
    }
    assert!(
        en.contains("<a href=\"/es/microneedling/\" hreflang=\"es\" lang=\"es\">Español</a>"),
        "switcher on the English guide"
    );
    assert!(
        es.contains("<a href=\"/microneedling/\" hreflang=\"en\" lang=\"en\">English</a>"),
        "and back"
    );
    // UI strings and dates in Spanish; links go to the Spanish pages.
    for want in [
        "Revisado el 15 de octubre de 2026 por Dr. A. Example, MD",
        "Llámenos si",
        "Puntos clave",
        "href=\"/es/about/#contact\"",
        "href=\"/es/sun-care/\"",
        "href=\"/es/ingredients/#retinol-y-otros-retinoides\"",
        "href=\"/es/glossary/#colageno\"",
        "Evite",
    ] {
        assert!(es.contains(want), "Spanish guide lacks {want}");
    }
    for file in [
        "es/index.html",
        "es/microneedling/handout/index.html",
        "es/microneedling/microneedling.pdf",
        "es/handouts.pdf",
        "es/ingredients/index.html",
        "es/glossary/index.html",
        "es/tags/index.html",
        "es/search/index.html",
        "es/atom.xml",
    ] {
        assert!(target.join(file).is_file(), "{file} missing");
    }
    assert!(read("es/atom.xml").contains("xml:lang=\"es\""));
    assert!(
        read("sitemap.xml").contains("<loc>https://guides.radiant.example/es/microneedling/</loc>")
    );
    let handout = read("es/microneedling/handout/index.html");
    assert!(handout.contains("Fecha del tratamiento") && handout.contains("Llámenos si"));
    assert!(handout.contains("Próxima revisión el 15 de octubre de 2027"));
}

#[test]
fn an_untranslated_page_is_linked_in_the_default_language() {
    let site = TestSite::new("valid");
    let config = site.read("careleaf.yaml");
    site.write("careleaf.yaml", &format!("{config}translations: [es]\n"));
    site.write(
        "content/about.es.md",
        "---\ntitle: Sobre nosotros\n---\nLea la [guía](@/guide.yaml#faq), [la guía](@/guide.yaml) y [sobre nosotros](@/about.md).\n",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let about = site.read("public/es/about/index.html");
    assert!(
        about.contains("href=\"/guides/guide/#faq\""),
        "no Spanish guide: the English one"
    );
    assert!(
        about.contains("href=\"/guides/es/about/\""),
        "a translated target: the Spanish one"
    );
    let guide = site.read("public/guide/index.html");
    assert!(
        !guide.contains("hreflang=\"es\""),
        "no switcher entry for a missing translation"
    );
    // DESIGN §10.7: a Spanish reader sent to the English guide is told so, in Spanish,
    // with the clinic's number (shown by CSS `:target`, so no script is needed).
    assert!(
        about.contains("href=\"/guides/guide/#untranslated-es\""),
        "{about}"
    );
    assert!(
        guide.contains("<div class=\"untranslated\" id=\"untranslated-es\" lang=\"es\" dir=\"ltr\" role=\"note\"><p>Esta página todavía no está disponible en español. A continuación tiene la versión que tenemos. Si tiene preguntas, llámenos al <a href=\"tel:+15550000\">+1 555 0000</a>.</p></div>"),
        "{guide}"
    );
    // The translated page has no such note, and the note is never shown by default.
    assert!(
        !site
            .read("public/about/index.html")
            .contains("untranslated-es")
    );
}

/// The other direction: a page only in Spanish, linked from an English page, greets
/// English readers in English.
#[test]
fn a_page_only_in_another_language_greets_readers_in_theirs() {
    let site = TestSite::new("valid");
    let config = site.read("careleaf.yaml");
    site.write("careleaf.yaml", &format!("{config}translations: [es]\n"));
    site.write(
        "content/clinica.es.md",
        "---\ntitle: Nuestra clínica\n---\nTexto.\n",
    );
    site.write(
        "content/visit.md",
        "---\ntitle: Visiting\n---\nSee [our clinic](@/clinica.es.md).\n",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let visit = site.read("public/visit/index.html");
    assert!(
        visit.contains("href=\"/guides/es/clinica/#untranslated-en\""),
        "{visit}"
    );
    let clinica = site.read("public/es/clinica/index.html");
    assert!(
        clinica.contains("id=\"untranslated-en\" lang=\"en\""),
        "{clinica}"
    );
    assert!(
        clinica.contains("This page is not available in English yet."),
        "{clinica}"
    );
    assert!(
        site.path("public/es/index.html").is_file(),
        "a Spanish home page"
    );
}

/// The example site copied into a fresh folder (its lock file included).
fn example() -> TestSite {
    let site = TestSite::new("base");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "static"] {
        common::copy_tree(&repo.join(part), &site.path(part));
    }
    for file in ["careleaf.yaml", "translations.lock"] {
        std::fs::copy(repo.join(file), site.path(file)).unwrap();
    }
    site
}

/// DESIGN §10.7: mark, edit one English section, and `check` names exactly that
/// section of exactly that translation; a whitespace-only edit names nothing; marking
/// again writes the same bytes.
#[test]
fn drift_names_the_sections_that_changed_since_the_translation_was_marked() {
    let site = example();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("translation"),
        "the example is marked: {}",
        run.stderr
    );
    let lock = site.read("translations.lock");
    assert_eq!(site.run(&["translations", "mark", "es"]).code, 0);
    assert_eq!(
        site.read("translations.lock"),
        lock,
        "marking again changes nothing"
    );
    // Whitespace only.
    let en = site.read("content/microneedling.yaml");
    site.write(
        "content/microneedling.yaml",
        &en.replace(
            "      - avoid: Direct sunlight",
            "      - avoid:   Direct   sunlight   ",
        ),
    );
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("since the translation was marked"),
        "{}",
        run.stderr
    );
    // A real edit in the tips.
    site.write(
        "content/microneedling.yaml",
        &en.replace(
            "      - avoid: Direct sunlight",
            "      - avoid: Direct sunlight and tanning beds",
        ),
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("microneedling.es.yaml: section `tips` changed in microneedling.yaml since the translation was marked"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .matches("since the translation was marked")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
    let table = site.run(&["translations"]);
    assert_eq!(table.code, 1);
    assert!(
        table
            .stdout
            .contains("out of date: tips changed (microneedling.es.yaml)"),
        "{}",
        table.stdout
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.run(&["check", "--format", "json"]).stdout).unwrap();
    let row = json["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == "microneedling.es.yaml")
        .unwrap();
    assert_eq!(row["state"], "stale");
    assert_eq!(row["parts"], serde_json::json!(["tips"]));
    // Marked again after the check: up to date.
    let run = site.run(&["translations", "mark", "microneedling.es.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site
            .run(&["check"])
            .stderr
            .contains("since the translation was marked")
    );
}

#[test]
fn a_translation_never_marked_gets_one_warning() {
    let site = example();
    std::fs::remove_file(site.path("translations.lock")).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches(
                "microneedling.es.yaml has never been marked as checked against microneedling.yaml"
            )
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("careleaf translations mark es microneedling.es.yaml")
    );
}

/// Parity: a translation lacking a section of its source is an error naming it.
#[test]
fn a_translation_lacking_a_section_is_an_error() {
    let site = example();
    let es = site.read("content/microneedling.es.yaml");
    let start = es.find("  - type: warning-signs").unwrap();
    let end = start + 1 + es[start + 1..].find("\n  - type:").unwrap();
    site.write(
        "content/microneedling.es.yaml",
        &format!("{}{}", &es[..start], &es[end..]),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "this translation lacks the section `warning-signs` of content/microneedling.yaml"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/microneedling.es.yaml:"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("did you mean `warning-signs`"),
        "{}",
        run.stderr
    );
}
