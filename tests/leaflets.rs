//! Every kind of leaflet a clinic hands out (tests/fixtures/leaflets, written from
//! public patient leaflets in our own words; DESIGN §11.1-11.6): preparation before a
//! colonoscopy, a child's tonsil operation, exercises after a sprain, an asthma action
//! plan, a baby's vaccinations in English and Spanish, a plaster cast. They build with
//! no warning, and the pages and PDFs say what the leaflets say, in the units and the
//! words the clinic wrote.

mod common;

use std::path::Path;

use common::{TestSite, main_words as words, tool};

fn built() -> TestSite {
    let site = TestSite::new("leaflets");
    let run = site.run(&["build", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "the fixture must build with no warning:\n{}",
        run.stderr
    );
    site
}

/// The words of a PDF, all pages.
fn pdf_words(pdf: &Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_all(text: &str, phrases: &[&str]) {
    for phrase in phrases {
        assert!(text.contains(phrase), "`{phrase}` missing from:\n{text}");
    }
}

#[test]
fn times_before_the_day_and_times_of_day_read_as_the_clinic_wrote_them() {
    let site = built();
    let page = words(&site.read("public/colonoscopy/index.html"));
    has_all(
        &page,
        &[
            "From 7 days to 2 days before your colonoscopy One week before",
            "At 6 pm the day before your colonoscopy The evening before",
            "At 6 am on the day of your colonoscopy",
            "Iron tablets (from 7 days before until your colonoscopy)",
            "(from 2 hours before until your colonoscopy)",
            "(on the day of your colonoscopy)",
            "Date of your colonoscopy",
            "Enter the date of your colonoscopy",
        ],
    );
    assert!(!page.contains("treatment"), "{page}");
    // Stages are ordered by time, the week before first.
    let week = page.find("One week before").unwrap();
    let evening = page.find("The evening before").unwrap();
    assert!(week < evening);
    // The plan reads the times from data: minutes before the day, and a time of day.
    let html = site.read("public/colonoscopy/index.html");
    assert!(
        html.contains("data-from=\"-10080\" data-to=\"-2880\""),
        "{html}"
    );
    assert!(
        html.contains("data-from=\"-360\" data-at=\"18:00\" data-day"),
        "{html}"
    );
    assert!(html.contains("data-tz=\"Europe/London\""));
    let pdf = pdf_words(&site.path("public/colonoscopy/colonoscopy.pdf"));
    has_all(
        &pdf,
        &[
            "Date of your colonoscopy:",
            "At 6 pm the day",
            "From 7 days to 2 days before your colonoscopy",
            "(from 2 hours before until your colonoscopy)",
            "Endoscopy unit: 020 7946 0160",
        ],
    );
    assert!(!pdf.contains("Treatment date"), "{pdf}");
}

#[test]
fn a_childs_guide_speaks_to_the_parent_and_gives_the_wards_number() {
    let site = built();
    let html = site.read("public/tonsillectomy/index.html");
    let page = words(&html);
    has_all(
        &page,
        &[
            "Looking after your child at home",
            "Your child's dates",
            "Date of your child's operation",
            "3 to 7 days after your child's operation",
            "Children's ward: 020 7946 0150 (Open 24 hours)",
            "1 to 2 years: 5 ml",
            "No more than 4 doses in 24 hours",
            "every 4 to 6 hours",
        ],
    );
    assert!(!page.contains("Looking after yourself"), "{page}");
    // The header's "call us" line is the ward's, not the switchboard's.
    assert!(
        html.contains("<span>Children&#39;s ward</span> <a href=\"tel:02079460150\">"),
        "{html}"
    );
    let footer = &html[html.find("<footer").unwrap()..];
    assert!(footer.contains("child&#39;s own doctor"), "{footer}");
    let pdf = pdf_words(&site.path("public/tonsillectomy/tonsillectomy.pdf"));
    has_all(
        &pdf,
        &[
            "Children's ward: 020 7946 0150 (Open 24 hours)",
            "Date of your child's operation:",
            "1 to 2 years: 5 ml",
            "No more than 4 doses in 24 hours",
        ],
    );
    assert!(
        !pdf.contains("020 7946 0100"),
        "the switchboard is not on the ward's leaflet: {pdf}"
    );
}

#[test]
fn a_course_of_doses_reads_as_a_sequence_in_both_languages() {
    let site = built();
    let en = words(&site.read("public/vaccinations/index.html"));
    has_all(
        &en,
        &[
            "now 4 to 6 hours later 8 to 12 hours after the first dose",
            "6 to 11 days after the vaccination",
            "First 48 hours",
            "Time of the first dose",
        ],
    );
    assert!(!en.contains("Days 7 to 11"), "{en}");
    let es = words(&site.read("public/es/vaccinations/index.html"));
    has_all(
        &es,
        &[
            "ahora 4 a 6 horas más tarde 8 a 12 horas después de la primera dosis",
            "De 6 a 11 días después de la vacunación",
            "No más de 4 dosis en 24 horas",
            "Fecha de la vacunación",
        ],
    );
    let html = site.read("public/vaccinations/index.html");
    assert!(
        html.contains("data-course-from=\"240\" data-course-to=\"360\""),
        "{html}"
    );
    let pdf = pdf_words(&site.path("public/es/vaccinations/vaccinations.pdf"));
    has_all(
        &pdf,
        &[
            "Fecha de la vacunación:",
            "Dosis: ahora; 4 a 6 horas más tarde",
        ],
    );
}

#[test]
fn exercises_print_with_a_tick_log() {
    let site = built();
    let page = words(&site.read("public/ankle-sprain/index.html"));
    has_all(
        &page,
        &[
            "Your exercises",
            "Heel raises 3 sets of 10. Rest 30 seconds between sets",
            "How often 3 times a day",
            "When from 2 weeks after your injury",
            "Standing on one leg Hold for 30 seconds How often every 8 hours When 3 to 6 weeks after your injury",
            "Stop if It causes sharp pain.",
        ],
    );
    // The tick log is on the handout, not the web page.
    assert!(!page.contains("Day 7"));
    let handout = words(&site.read("public/ankle-sprain/handout/index.html"));
    has_all(
        &handout,
        &[
            "Tick each day you do your exercises",
            "Exercise Day 1 Day 2",
            "Day 7",
        ],
    );
    let pdf = pdf_words(&site.path("public/ankle-sprain/ankle-sprain.pdf"));
    has_all(
        &pdf,
        &[
            "Tick each day you do your exercises",
            "Day 1",
            "Day 7",
            "Heel raises",
            "Date of your injury:",
        ],
    );
}

#[test]
fn an_action_plan_has_no_dates_and_zones_in_words_as_well_as_colour() {
    let site = built();
    let html = site.read("public/asthma/index.html");
    let page = words(&html);
    has_all(
        &page,
        &[
            "Green zone Your asthma is under control",
            "Amber zone Your asthma is getting worse",
            "Red zone This is an asthma attack",
            "My best peak flow:",
            "Take your preventer inhaler every morning and evening, even when you feel well",
        ],
    );
    // `counted_from: none`: no personal plan, no date blank.
    assert!(!html.contains("class=\"plan\""), "{html}");
    let handout = site.read("public/asthma/handout/index.html");
    assert!(!handout.contains("data-blank=\"date\""));
    let pdf = pdf_words(&site.path("public/asthma/asthma.pdf"));
    has_all(
        &pdf,
        &[
            "GREEN ZONE",
            "AMBER ZONE",
            "RED ZONE",
            "My best peak flow:",
            "Your provider:",
        ],
    );
    assert!(
        !pdf.contains("Treatment date") && !pdf.contains("Date of"),
        "{pdf}"
    );
}

#[test]
fn site_words_are_translated() {
    let site = built();
    let es = site.read("public/es/vaccinations/index.html");
    has_all(
        &es,
        &[
            "Hospital Northfield — Folletos para pacientes",
            "De lunes a viernes, de 8:00 a 18:00",
            "(Reino Unido)",
        ],
    );
    assert!(
        !es.contains("Monday to Friday"),
        "the footer's hours are translated"
    );
    let pdf = pdf_words(&site.path("public/es/vaccinations/vaccinations.pdf"));
    assert!(pdf.contains("(Reino Unido)"), "{pdf}");
}

#[test]
fn a_comma_that_splits_a_sentence_in_a_flow_list_is_a_warning() {
    let site = TestSite::new("leaflets");
    let text = site.read("content/colonoscopy.yaml").replace(
        "expect:\n          - \"Watery diarrhoea, usually starting 1 to 3 hours after the first dose\"",
        "expect: [Watery diarrhoea, usually starting 1 to 3 hours after the first dose]",
    );
    assert!(text.contains("expect: [Watery"));
    site.write("content/colonoscopy.yaml", &text);
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("the comma in this list splits one sentence into two items: `Watery diarrhoea` and `usually starting 1 to 3 hours after the first dose`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("put the item in quotes"),
        "{}",
        run.stderr
    );
}
