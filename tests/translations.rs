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
    assert!(en.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(es.starts_with("<!doctype html>\n<html lang=\"es\">"));
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
        "---\ntitle: Sobre nosotros\n---\nLea la [guía](@/guide.yaml#faq) y [sobre nosotros](@/about.md).\n",
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
    assert!(
        site.path("public/es/index.html").is_file(),
        "a Spanish home page"
    );
}
