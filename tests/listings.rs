//! Sites of any size (DESIGN §10.6): a short menu whatever the number of pages, long
//! lists split into pages of `listing.per_page`, and pages that do not grow with the
//! site. Sites are generated here, all guides in one folder: the shape that hurts.

mod common;

use std::fs;
use std::path::Path;

use common::{TestSite, files_of};

const CONFIG: &str = "title: Big Clinic guides\nbase_url: https://big.example\nclinic: { name: Big Clinic, phone: \"+1 555 0100\" }\nsearch: false\nfeed: false\n";

/// A guide as clinics write them: a few sections of ordinary prose.
fn guide(n: usize) -> String {
    format!(
        "title: Aftercare {n:05}\nsummary: What to do after treatment number {n}.\nreviewed: {{ by: Dr Lee, on: 2026-10-01 }}\nsections:\n  - type: text\n    title: Before you go home\n    body: Rest for the day. Keep the area clean and dry.\n  - type: warning-signs\n    items: [A fever, Bleeding that does not stop]\n"
    )
}

/// A flat site of `n` guides (plus an about page and a glossary) in `content/`.
fn flat_site(n: usize, config_extra: &str) -> TestSite {
    let site = TestSite::new("base");
    site.write("careleaf.yaml", &format!("{CONFIG}{config_extra}"));
    site.write(
        "content/glossary.yaml",
        "type: glossary\ntitle: Glossary\nterms:\n  - term: Suture\n    definition: A stitch.\n",
    );
    for i in 0..n {
        site.write(&format!("content/aftercare-{i:05}.yaml"), &guide(i));
    }
    site
}

fn build(site: &TestSite) {
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The links of the main navigation of a page.
fn menu_links(html: &str) -> usize {
    let start = html
        .find("class=\"site-nav\"")
        .expect("every page has the site navigation");
    let nav = &html[start..];
    let end = nav.find("</ul>").expect("the menu is a list");
    nav[..end].matches("<a ").count()
}

fn cards(html: &str) -> usize {
    html.matches("<li class=\"card").count()
}

fn html_pages(public: &Path) -> Vec<(String, String)> {
    files_of(public, |e| e.path().to_path_buf())
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, path)| (rel, fs::read_to_string(path).unwrap()))
        .collect()
}

#[test]
fn two_thousand_guides_in_one_folder() {
    let site = flat_site(2000, "");
    build(&site);
    let pages = html_pages(&site.path("public"));
    assert!(pages.len() > 4000, "{} pages", pages.len());
    for (rel, html) in &pages {
        // Redirects and print pages have no site navigation.
        if html.contains("http-equiv=\"refresh\"") || rel.ends_with("/handout/index.html") {
            continue;
        }
        let links = menu_links(html);
        assert!(links <= 8, "{rel}: {links} links in the menu");
        assert!(cards(html) <= 50, "{rel}: {} cards", cards(html));
    }
    // Home: 2,000 guides in 40 pages of 50, linked in a chain.
    let home = site.read("public/index.html");
    assert_eq!(cards(&home), 50);
    assert!(home.contains("Page 1 of 40"), "no pager on the home page");
    assert!(home.contains("rel=\"next\" href=\"/page/2/\""));
    assert!(!home.contains("rel=\"prev\""));
    let last = site.read("public/page/40/index.html");
    assert_eq!(cards(&last), 50);
    assert!(last.contains("Page 40 of 40"));
    assert!(last.contains("rel=\"prev\" href=\"/page/39/\""));
    assert!(!last.contains("rel=\"next\""));
    assert!(!site.path("public/page/41").exists());
    // Every guide is on exactly one page of the list, in title order.
    let mut listed = Vec::new();
    for n in 1..=40 {
        let path = if n == 1 {
            "public/index.html".to_owned()
        } else {
            format!("public/page/{n}/index.html")
        };
        let html = site.read(&path);
        for part in html.split("<li class=\"card").skip(1) {
            let link = &part[..part.find("</a>").unwrap()];
            let title = &link[link.rfind('>').unwrap() + 1..];
            listed.push(title.to_owned());
        }
    }
    let mut sorted = listed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(listed.len(), 2000);
    assert_eq!(listed, sorted);
    // The sitemap still lists every guide.
    let sitemap = site.read("public/sitemap.xml");
    assert_eq!(sitemap.matches("/aftercare-").count(), 2000);
}

#[test]
fn page_size_does_not_grow_with_the_site() {
    let size = |n: usize| {
        let site = flat_site(n, "");
        build(&site);
        (
            fs::metadata(site.path("public/aftercare-00100/index.html"))
                .unwrap()
                .len(),
            fs::metadata(site.path("public/index.html")).unwrap().len(),
        )
    };
    let (guide_small, home_small) = size(200);
    let (guide_big, home_big) = size(2000);
    assert_eq!(guide_small, guide_big, "a guide page grew with the site");
    // The home page differs only in its "Page 1 of N" label.
    assert!(
        home_big.abs_diff(home_small) <= 4,
        "{home_small} -> {home_big}"
    );
}

#[test]
fn per_page_and_sections_paginate() {
    let site = flat_site(0, "listing: { per_page: 3 }\n");
    site.write(
        "content/teeth/_index.md",
        "---\ntitle: Teeth\n---\nDental guides.\n",
    );
    for i in 0..7 {
        site.write(&format!("content/teeth/care-{i}.yaml"), &guide(i));
    }
    build(&site);
    let first = site.read("public/teeth/index.html");
    assert_eq!(cards(&first), 3);
    assert!(first.contains("Dental guides."));
    assert!(first.contains("rel=\"next\" href=\"/teeth/page/2/\""));
    let third = site.read("public/teeth/page/3/index.html");
    assert_eq!(cards(&third), 1);
    assert!(third.contains("Page 3 of 3"));
    assert!(
        !third.contains("Dental guides."),
        "the section text is on page 1 only"
    );
    assert!(third.contains("<link rel=\"canonical\" href=\"https://big.example/teeth/page/3/\""));
    // The default menu: the section, the glossary, the about page.
    let home = site.read("public/index.html");
    assert_eq!(menu_links(&home), 4, "home, teeth, glossary, about");
}

#[test]
fn menu_lists_what_careleaf_yaml_says() {
    let site = flat_site(3, "");
    let config = format!(
        "{CONFIG}menu:\n  - page: \"@/aftercare-00001.yaml\"\n  - {{ page: \"@/glossary.yaml#suture\", title: Words we use }}\n  - {{ title: Contact us, url: \"https://big.example/contact\" }}\n"
    );
    site.write("careleaf.yaml", &config);
    build(&site);
    let home = site.read("public/index.html");
    let nav = &home[home.find("class=\"site-nav\"").unwrap()..];
    let nav = &nav[..nav.find("</ul>").unwrap()];
    assert_eq!(menu_links(&home), 4, "{nav}");
    assert!(
        nav.contains("<a href=\"/aftercare-00001/\">Aftercare 00001</a>"),
        "{nav}"
    );
    assert!(
        nav.contains("<a href=\"/glossary/#suture\">Words we use</a>"),
        "{nav}"
    );
    assert!(
        nav.contains("<a href=\"https://big.example/contact\">Contact us</a>"),
        "{nav}"
    );
}

#[test]
fn menu_mistakes_point_at_their_line() {
    let site = flat_site(1, "");
    let config = format!("{CONFIG}menu:\n  - page: \"@/aftercare-0000.yaml\"\n");
    site.write("careleaf.yaml", &config);
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "error: there is no page `@/aftercare-0000.yaml`",
        "--> careleaf.yaml:7:11",
        "did you mean `@/aftercare-00000.yaml`?",
    ] {
        assert!(
            run.stderr.contains(want),
            "{want} missing from:\n{}",
            run.stderr
        );
    }
    let config = format!(
        "{CONFIG}menu:\n  - {{ title: No address }}\n  - {{ url: \"https://x.example\" }}\n  - page: about.md\nlisting: {{ per_page: 0 }}\n"
    );
    site.write("careleaf.yaml", &config);
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "error: a menu entry needs `page` or `url`",
        "--> careleaf.yaml:7:",
        "error: a menu entry with `url` needs a `title`",
        "--> careleaf.yaml:8:",
        "error: `about.md` is not an `@/` path",
        "--> careleaf.yaml:9:",
        "error: `per_page` must be at least 1",
        "--> careleaf.yaml:10:",
    ] {
        assert!(
            run.stderr.contains(want),
            "{want} missing from:\n{}",
            run.stderr
        );
    }
    assert!(!site.path("public").exists());
}

#[test]
fn thousands_of_warnings_stay_readable() {
    let site = TestSite::new("base");
    site.write("careleaf.yaml", CONFIG);
    let hard = "Postoperative inflammatory manifestations notwithstanding, individuals experiencing considerable discomfort should consider administering pharmacological analgesic interventions appropriately.";
    for i in 0..30 {
        site.write(
            &format!("content/hard-{i:02}.md"),
            &format!("---\ntitle: Hard page {i}\n---\n{hard}\n"),
        );
    }
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("warning: `Hard page").count(),
        20,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("... and 10 more reading-level warnings; `careleaf check` lists them all."),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("(30 warnings)"), "{}", run.stdout);
    let check = site.run(&["check"]);
    assert_eq!(check.stderr.matches("warning: `Hard page").count(), 30);
    assert!(!check.stderr.contains("more reading-level"));
}
