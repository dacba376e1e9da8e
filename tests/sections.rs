//! Every section type's fields reach the checks: a guide with every type and every
//! Markdown field, each linking to a page that does not exist, gets one error per
//! field (so a field missing from its type's walk, which the link checks, the reading
//! level and the render share, fails here).

mod common;

use common::TestSite;

/// A guide with every section type, every Markdown field linking to `@/gone-N.md`,
/// every picture missing and every `@/` address broken.
const EVERY_FIELD: &str = r#"title: Every field
summary: Every field of every section type.
reviewed: { by: "Dr. A", on: 2026-10-01 }
takeaways:
  - "[k](@/gone-1.md)"
sections:
  - type: text
    intro: "[i](@/gone-2.md)"
    body: "[b](@/gone-3.md)"
  - type: benefits
    items:
      - title: A benefit
        body: "[b](@/gone-4.md)"
        image: { src: /missing-1.png, alt: A picture }
  - type: comparison
    options: [Home, Clinic]
    rows:
      - { aspect: Cost, values: ["[v](@/gone-5.md)", "[v](@/gone-6.md)"] }
    note: "[n](@/gone-7.md)"
  - type: steps
    items:
      - title: A step
        body: "[b](@/gone-8.md)"
        image: { src: /missing-2.png, alt: A picture }
  - type: timeline
    stages:
      - label: First
        when: { to: 1d }
        body: "[b](@/gone-9.md)"
        expect: ["[e](@/gone-10.md)"]
        image: { src: /missing-3.png, alt: A picture }
  - type: tips
    items:
      - { do: "[d](@/gone-11.md)", why: "[w](@/gone-12.md)" }
      - { avoid: "[a](@/gone-13.md)" }
  - type: ingredients
    items:
      - { name: Retinol, status: avoid, note: "[n](@/gone-14.md)" }
  - type: warning-signs
    items: ["[s](@/gone-15.md)"]
  - type: warning-signs
    id: grouped
    groups:
      - { level: urgent, items: ["[s](@/gone-16.md)"] }
  - type: medications
    items:
      - { name: Paracetamol, use: take, note: "[n](@/gone-17.md)" }
  - type: if-this-happens
    items:
      - problem: It bleeds
        do: "[d](@/gone-18.md)"
        then: "[t](@/gone-19.md)"
        image: { src: /missing-4.png, alt: A picture }
  - type: exercises
    intro: "[i](@/gone-23.md)"
    items:
      - name: Heel raises
        how: "[h](@/gone-24.md)"
        stop_if: "[s](@/gone-25.md)"
        image: { src: /missing-5.png, alt: A picture }
  - type: action-plan
    intro: "[i](@/gone-26.md)"
    zones:
      - level: green
        title: Well
        signs: ["[s](@/gone-27.md)"]
        do: ["[d](@/gone-28.md)"]
  - type: faq
    items:
      - { q: Why?, a: "[a](@/gone-20.md)" }
  - type: references
    items:
      - { text: "[t](@/gone-21.md)", url: "@/gone-22.md" }
"#;

#[test]
fn every_field_of_every_section_type_reaches_the_link_checks() {
    for kind in careleaf::sections::SectionType::ALL {
        assert!(
            EVERY_FIELD.contains(&format!("type: {}\n", kind.name())),
            "the guide lacks a `{}` section",
            kind.name()
        );
    }
    let site = TestSite::new("base");
    site.write("content/every-field.yaml", EVERY_FIELD);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let links = EVERY_FIELD.matches("@/gone-").count();
    for n in 1..=links {
        assert!(
            run.stderr.contains(&format!("gone-{n}.md")),
            "`@/gone-{n}.md` was not checked:\n{}",
            run.stderr
        );
    }
    for n in 1..=5 {
        assert!(
            run.stderr
                .contains(&format!("the picture `/missing-{n}.png` does not exist")),
            "`/missing-{n}.png` was not checked:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_reference_to_a_page_that_does_not_exist_is_an_error_at_its_line() {
    let site = TestSite::new("base");
    site.write(
        "content/sources.yaml",
        "title: Sources\nsummary: Where the advice comes from.\nsections:\n  - type: references\n    items:\n      - text: Our other guide\n        url: \"@/gone.md\"\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/sources.yaml:7:14"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("gone.md"), "{}", run.stderr);
}
