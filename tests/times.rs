//! Times that cannot be misread (DESIGN §10.1): months and minutes spelled out.

mod common;

use common::TestSite;

#[test]
fn months_and_minutes_are_written_out_in_both_languages() {
    let site = TestSite::new("base");
    let config = site.read("careleaf.yaml");
    site.write(
        "careleaf.yaml",
        &format!("{config}translations: [es]\nsearch: false\n"),
    );
    let guide = |lang_title: &str, swim: &str| {
        format!(
            "title: {lang_title}\nsummary: Care of your eye after the operation.\nreviewed: {{ by: Eye team, on: 2026-10-01 }}\nsections:\n  - type: tips\n    items:\n      - avoid: {swim}\n        when: {{ to: 2mo }}\n      - do: Rest\n        when: {{ to: 30min }}\n  - type: warning-signs\n    items: [Sudden loss of sight]\n"
        )
    };
    site.write(
        "content/eye.yaml",
        &guide("After cataract surgery", "Swimming"),
    );
    site.write(
        "content/eye.es.yaml",
        &guide("Después de la cirugía de cataratas", "Nadar"),
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = site.read("public/eye/index.html");
    assert!(
        en.contains("for the first 2 months"),
        "no 'for the first 2 months' in the English page"
    );
    assert!(
        en.contains("for the first 30 minutes"),
        "no 'for the first 30 minutes' in the English page"
    );
    let es = site.read("public/es/eye/index.html");
    assert!(es.contains("2 meses"), "no '2 meses' in the Spanish page");
    assert!(!en.contains("2 minutes"));
}
