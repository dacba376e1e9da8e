//! A hospital's dental, eye, wound and physiotherapy leaflets (tests/fixtures/
//! specialties, written from public patient leaflets in our own words) use every key
//! of DESIGN §10.1-10.5: they build with no warning, and the pages and PDFs say what
//! the leaflets say: "for 2 months", "until your stitches are removed", each box with
//! its own contact and no other's, the medicines index, the blanks, the pictures, and
//! warning boxes that are never split nor alone on a page.

mod common;

use std::path::Path;

use common::{TestSite, main_words as words, tool};

fn built() -> TestSite {
    let site = TestSite::new("specialties");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "the fixture must build with no warning:\n{}",
        run.stderr
    );
    site
}

/// The text of each page of a PDF.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The HTML of each warning-sign box of a page, in order.
fn sign_boxes(html: &str) -> Vec<&str> {
    html.split("<div class=\"sign-box ")
        .skip(1)
        .map(|b| &b[..b.find("</div>").unwrap()])
        .collect()
}

#[test]
fn times_read_as_the_leaflets_say_them() {
    let site = built();
    let eye = words(&site.read("public/cataract/index.html"));
    assert!(eye.contains("Swimming. (for the first 2 months)"), "{eye}");
    let stitches = words(&site.read("public/stitches/index.html"));
    for phrase in [
        "Swimming and baths. (until your stitches are removed)",
        "Swim again. (after your stitches are removed)",
        "From 48 hours after your treatment, until your stitches are removed",
        "(until the nurse has checked your wound)",
    ] {
        assert!(stitches.contains(phrase), "{phrase}: {stitches}");
    }
    let dental = words(&site.read("public/tooth-extraction/index.html"));
    assert!(
        dental.contains("Smoking or vaping. (for 24 to 48 hours after your treatment)"),
        "{dental}"
    );
    let knee = words(&site.read("public/knee-replacement/index.html"));
    assert!(
        knee.contains("6 weeks to 3 months after your treatment"),
        "{knee}"
    );
    assert!(
        dental.contains("Bite on the gauze pad. (for the first 30 minutes)"),
        "{dental}"
    );
}

#[test]
fn each_box_shows_its_own_contact_and_no_other() {
    let site = built();
    let html = site.read("public/tooth-extraction/index.html");
    let boxes = sign_boxes(&html);
    assert_eq!(boxes.len(), 3, "{html}");
    // Emergency: 999 only.
    assert!(boxes[0].starts_with("sign-emergency"));
    assert!(boxes[0].contains("Get emergency help now if"));
    assert!(
        boxes[0].contains(r#"<a href="tel:999">Call 999</a>"#),
        "{}",
        boxes[0]
    );
    assert!(!boxes[0].contains("020 7946"), "{}", boxes[0]);
    // Urgent: the clinic and its out-of-hours line, under the author's title.
    assert!(boxes[1].starts_with("sign-urgent"));
    assert!(boxes[1].contains("Call us the same day if"));
    assert!(boxes[1].contains("020 7946 0000") && boxes[1].contains("020 7946 0999"));
    assert!(!boxes[1].contains("tel:999\""), "{}", boxes[1]);
    // Soon: the GP (the site's own words for it), only after 72 hours, no number.
    assert!(boxes[2].starts_with("sign-soon"));
    assert!(boxes[2].contains("(from 72 hours after your treatment)"));
    assert!(boxes[2].contains("Your GP surgery (or call 111 when it is closed)"));
    assert!(!boxes[2].contains("tel:"), "{}", boxes[2]);
    // The one emergency sentence is careleaf.yaml's, nothing built in, inside the red
    // box, its number a tel: link.
    assert!(
        boxes[0].contains(
            r#"Call <a href="tel:999">999</a> if you have chest pain or bleeding that will not stop."#
        ),
        "{}",
        boxes[0]
    );
    assert!(!html.contains("call emergency services now"));
    // The eye unit's boxes name eye casualty, with its hours, never the clinic.
    let eye = site.read("public/cataract/index.html");
    for b in sign_boxes(&eye) {
        assert!(
            b.contains("Eye casualty: ") && b.contains("020 7946 0001"),
            "{b}"
        );
        assert!(b.contains("Open 24 hours"), "{b}");
        assert!(!b.contains("020 7946 0000"), "{b}");
    }
    // The site renamed the section heading through `strings:`.
    assert!(eye.contains(">When to get help</h2>"));
}

#[test]
fn medicines_have_a_home_and_an_index() {
    let site = built();
    let dental = words(&site.read("public/tooth-extraction/index.html"));
    for phrase in [
        "Paracetamol ✓ Take 1 g (two 500 mg tablets) every 6 hours for the first 3 days",
        "Ibuprofen ? Ask us first",
        "Aspirin ✗ Do not take for the first 7 days It can make bleeding worse.",
    ] {
        assert!(dental.contains(phrase), "{phrase}: {dental}");
    }
    let index = site.read("public/medicines/index.html");
    let text = words(&index);
    for name in [
        "Aspirin",
        "Blood thinning tablets",
        "Ibuprofen",
        "Paracetamol",
        "Prescribed eye drops",
    ] {
        assert!(index.contains(&format!(">{name}</h2>")), "{name}");
    }
    // Paracetamol is in two guides, each linked.
    assert!(text.contains("In After a tooth is taken out"));
    assert!(text.contains("In Going home after a knee replacement"));
    assert!(index.contains("/tooth-extraction/#medicine-paracetamol"));
    // Never under skin-care wording, and not in the ingredient index.
    assert!(!index.to_lowercase().contains("skin"));
    assert!(!site.path("public/ingredients/index.html").exists());
}

#[test]
fn first_aid_and_tips_by_topic() {
    let site = built();
    let dental = words(&site.read("public/tooth-extraction/index.html"));
    assert!(dental.contains(
        "The socket bleeds What to do Bite firmly on a clean rolled-up cloth for 20 minutes."
    ));
    let topics: Vec<usize> = ["The first hour", "Rinsing", "Food and drink", "Smoking"]
        .iter()
        .map(|t| {
            dental
                .find(&format!("{t} "))
                .unwrap_or_else(|| panic!("{t}"))
        })
        .collect();
    assert!(
        topics.windows(2).all(|w| w[0] < w[1]),
        "first-appearance order"
    );
    let html = site.read("public/tooth-extraction/index.html");
    assert_eq!(html.matches("class=\"tip-topic\"").count(), 4);
    assert!(html.contains(r#"<img class="item-image" src="/images/press.svg" alt="A hand pressing a folded cloth on the wound">"#));
}

#[test]
fn handouts_carry_the_blanks_the_pictures_and_whole_warning_boxes() {
    let site = built();
    let dental = pdf_pages(&site.path("public/tooth-extraction/tooth-extraction.pdf"));
    let first = &dental[0];
    // Site-wide blanks, then the guide's own, after the two standard ones.
    for label in [
        "Treatment date:",
        "Your provider:",
        "Your next appointment:",
        "Numb for about:",
    ] {
        assert!(first.contains(label), "{label}: {first}");
    }
    let handout = site.read("public/tooth-extraction/handout/index.html");
    assert!(handout.contains(r#"<span class="fill-label">Numb for about:</span>"#));
    // First aid and medicines are on the handout by default.
    let all = dental.join(" ");
    assert!(all.contains("The socket bleeds"));
    assert!(all.contains("Paracetamol"));
    // The knee exercise picture (a PNG) is printed.
    let images = tool(
        "pdfimages",
        &[
            "-list",
            site.path("public/knee-replacement/knee-replacement.pdf")
                .to_str()
                .unwrap(),
        ],
    );
    assert!(
        images
            .lines()
            .any(|l| l.contains(" 160 ") && l.contains(" 100 ")),
        "{images}"
    );
    // Warning boxes: each whole on one page. (The section before them no longer moves
    // with them: that left half a page empty, issue 26; they may start a page.)
    for guide in [
        "tooth-extraction",
        "cataract",
        "stitches",
        "knee-replacement",
    ]
    .into_iter()
    .flat_map(|g| [format!("{g}/{g}"), format!("{g}/{g}-large-print")])
    {
        let pages = pdf_pages(&site.path(&format!("public/{guide}.pdf")));
        let at = pages
            .iter()
            .position(|p| p.contains("When to get help"))
            .unwrap_or_else(|| panic!("{guide}: no warning signs"));
        let page = &pages[at];
        for title in [
            "Get emergency help now if",
            "Get help the same day if",
            "Call us the same day if",
            "Get advice soon if",
        ] {
            if let Some(i) = pages.iter().position(|p| p.contains(title)) {
                assert_eq!(i, at, "{guide}: `{title}` is on another page");
            }
        }
        assert!(page.contains("Call 999 if you have chest pain"), "{guide}");
    }
}

#[test]
fn plurals_in_every_count() {
    let site = built();
    let tags = words(&site.read("public/tags/index.html"));
    assert!(tags.contains("aftercare 3 guides"), "{tags}");
    assert!(tags.contains("dental 1 guide"), "{tags}");
    assert!(!tags.contains("1 guides"), "{tags}");
}

#[test]
fn taking_and_not_taking_one_medicine_at_once_is_a_warning() {
    let site = TestSite::new("specialties");
    site.write(
        "content/filling.yaml",
        "title: After a filling\nsummary: How to look after your tooth after a filling.\n\
         reviewed: { by: Dental team, on: 2026-09-01 }\nsections:\n  - type: medications\n    items:\n\
         \x20     - { name: Ibuprofen, use: take, when: { to: 3d } }\n\
         \x20     - { name: ibuprofen, use: avoid, when: { from: 2d, to: 1w } }\n\
         \x20     - { name: Aspirin, use: take, when: { from: 1w } }\n\
         \x20     - { name: Aspirin, use: avoid, when: { to: 1w } }\n\
         \x20 - type: warning-signs\n    items: [Pain that gets worse]\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("says to take `ibuprofen` until 3d and line 8 says not to take it from 2d to 1w; the windows overlap"),
        "{}",
        run.stderr
    );
    // Windows that meet (avoid until 1 week, take from 1 week) do not overlap.
    assert!(!run.stderr.contains("`aspirin`"), "{}", run.stderr);
}

/// DESIGN §10.4: a large-print PDF beside each handout, linked from the guide, the
/// handout page and the handout list; every PDF declares PDF/UA-1 and asks the viewer
/// to show its title. (Type sizes and an independent PDF/UA check: tests/pdf/
/// check_pdfs.py, run by .ci/run.)
#[test]
fn large_print_and_pdf_ua() {
    let site = built();
    let large = "/cataract/cataract-large-print.pdf";
    for page in [
        "public/cataract/index.html",
        "public/cataract/handout/index.html",
        "public/handouts/index.html",
    ] {
        assert!(
            site.read(page).contains(&format!("href=\"{large}\"")),
            "{page}"
        );
    }
    for pdf in [
        "public/cataract/cataract.pdf",
        "public/cataract/cataract-large-print.pdf",
        "public/handouts.pdf",
    ] {
        let bytes = std::fs::read(site.path(pdf)).unwrap();
        let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(has("/DisplayDocTitle true"), "{pdf}: DisplayDocTitle");
        assert!(has("<pdfuaid:part>1</pdfuaid:part>"), "{pdf}: PDF/UA-1");
        assert!(has("/Outlines"), "{pdf}: outline");
    }
    let normal = pdf_pages(&site.path("public/tooth-extraction/tooth-extraction.pdf"));
    let large = pdf_pages(&site.path("public/tooth-extraction/tooth-extraction-large-print.pdf"));
    assert!(
        large.len() > normal.len(),
        "16 pt takes more pages than 12 pt"
    );
}
