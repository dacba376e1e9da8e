//! Any language a clinic serves (DESIGN §10.7): a site adds Arabic, which its theme
//! does not ship (tests/fixtures/arabic: UI strings in templates/i18n/ar.yaml); pages
//! are right-to-left and the PDF prints the Arabic with a font from the site's fonts/
//! folder (Debian's Noto, installed by .ci/run). A script no font covers is an error
//! naming the character, never empty boxes.

mod common;

use std::path::Path;

use common::{TestSite, tool};

const NOTO: &str = "/usr/share/fonts/truetype/noto";

fn with_font(site: &TestSite, file: &str) {
    let font = Path::new(NOTO).join(file);
    assert!(
        font.is_file(),
        "{} is needed (.ci/run installs fonts-noto-core)",
        font.display()
    );
    std::fs::create_dir_all(site.path("fonts")).unwrap();
    std::fs::copy(&font, site.path("fonts").join(file)).unwrap();
}

#[test]
fn an_arabic_translation_is_right_to_left_and_printed_in_arabic() {
    let site = TestSite::new("arabic");
    with_font(&site, "NotoNaskhArabic-Regular.ttf");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The strings the site did not translate are named once, not silently English.
    assert_eq!(
        run.stderr
            .matches("UI strings of `ar` have no translation")
            .count(),
        1,
        "{}",
        run.stderr
    );
    let html = site.read("public/ar/extraction/index.html");
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{html}"
    );
    assert!(html.contains("<h1>بعد خلع السن</h1>"));
    assert!(
        html.contains(">العناية بنفسك في المنزل</h2>"),
        "the site's own Arabic strings"
    );
    let en = site.read("public/extraction/index.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    let pdf = site.path("public/ar/extraction/extraction.pdf");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    // Logical order, with the bidi marks pdftotext adds around each line removed.
    let text: String = text
        .chars()
        .filter(|c| !('\u{200e}'..='\u{202e}').contains(c))
        .collect();
    for words in [
        "بعد خلع السن",
        "نزيف لا يتوقف",
        "ارتفاع في درجة الحرارة",
        "العناية بنفسك في المنزل",
    ] {
        assert!(text.contains(words), "{words} not in:\n{text}");
    }
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("NotoNaskhArabic"), "{fonts}");
    // Arabic has no reading-grade formula here: no grade, no warning.
    let check = site.run(&["check"]);
    assert!(
        check.stdout.contains("no formula for this language"),
        "{}",
        check.stdout
    );
    assert!(!check.stderr.contains("reads at grade"), "{}", check.stderr);
}

#[test]
fn a_script_no_font_covers_is_an_error_naming_the_character() {
    let site = TestSite::new("arabic");
    // Thai, which none of the fonts careleaf ships can show.
    let thai = site
        .read("content/extraction.ar.yaml")
        .replace("بعد خلع السن", "หลังถอนฟัน");
    site.write("content/extraction.ar.yaml", &thai);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no font can print `ห` (U+0E2B)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/extraction.ar.yaml"),
        "the page is named: {}",
        run.stderr
    );
    assert!(run.stderr.contains("fonts/ folder"), "{}", run.stderr);
    assert!(!site.path("public").exists());
    with_font(&site, "NotoSansThai-Regular.ttf");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
