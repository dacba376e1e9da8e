//! `careleaf report` (DESIGN §11.8) as a reviewer runs it: one HTML file and the same
//! data as JSON, with two formulas per language, the review's points, review dates,
//! translation status and handout pages.

mod common;

use common::TestSite;

#[test]
fn the_report_has_every_guide_with_two_formulas_and_the_review_points() {
    let site = TestSite::new("leaflets");
    let run = site.run(&["report", "--format", "json", "--output", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let guides = report["guides"].as_array().unwrap();
    let files: Vec<&str> = guides.iter().map(|g| g["file"].as_str().unwrap()).collect();
    assert!(files.contains(&"content/colonoscopy.yaml"), "{files:?}");
    assert!(files.contains(&"content/vaccinations.es.yaml"), "{files:?}");
    for g in guides {
        let formulas: Vec<&str> = g["readings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["formula"].as_str().unwrap())
            .collect();
        if g["lang"] == "es" {
            assert_eq!(formulas, ["Fernández-Huerta", "INFLESZ", "Crawford"], "{g}");
            assert!(
                g["translation"].as_str().unwrap().contains("up to date"),
                "{g}"
            );
        } else {
            assert_eq!(formulas, ["Flesch–Kincaid", "SMOG"], "{g}");
        }
        let points = g["points"].as_array().unwrap();
        assert_eq!(points.len(), 6, "{g}");
        let hardest = g["hardest"].as_array().unwrap();
        assert!(hardest.len() <= 3);
        for h in hardest {
            let words = h["sentence"].as_str().unwrap().split_whitespace().count();
            assert!(words >= 5, "a sentence to rewrite, not a list item: {h}");
        }
        assert!(g["handout_pages"].as_u64().unwrap() >= 1, "{g}");
        assert!(g["large_print_pages"].as_u64().unwrap() >= g["handout_pages"].as_u64().unwrap());
        assert_eq!(g["version"], "draft");
        assert!(g["review_due"].is_string(), "{g}");
    }
    // The asthma action plan has warning signs as zones; its key points come first.
    let asthma = guides
        .iter()
        .find(|g| g["file"] == "content/asthma.yaml")
        .unwrap();
    let point = |name: &str| {
        asthma["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(point("Warning signs say whom to call")["met"], true);
    assert_eq!(
        report["totals"]["guides"].as_u64().unwrap() as usize,
        guides.len()
    );
    assert_eq!(report["site"]["type_size"], serde_json::json!([12, 16]));
}

#[test]
fn the_html_report_is_one_file_a_reviewer_opens() {
    let site = TestSite::new("leaflets");
    let run = site.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("careleaf-report.html"),
        "{}",
        run.stdout
    );
    let html = site.read("careleaf-report.html");
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<h2 id=\"totals\">The site at a glance</h2>"));
    assert!(html.contains("<table class=\"sortable\">"));
    assert!(
        html.contains("Getting ready for your colonoscopy"),
        "the colonoscopy guide is listed"
    );
    assert!(html.contains("INFLESZ ease"), "Spanish guides show INFLESZ");
    assert!(html.contains("SMOG grade"));
    assert!(html.contains("✓ Met: Key points come first."));
    // Self-contained: no file of the site or the web is loaded.
    assert!(!html.contains("<link "), "no stylesheet links");
    assert!(!html.contains("src="), "no scripts or images loaded");
    // The report is no part of the site.
    assert!(!site.path("public").exists());
}

#[test]
fn a_site_with_errors_gets_no_report() {
    let site = TestSite::new("base");
    site.write("content/broken.yaml", "title: [\n");
    let run = site.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("fix the errors above first"),
        "{}",
        run.stderr
    );
    assert!(!site.path("careleaf-report.html").exists());
}
