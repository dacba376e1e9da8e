//! The valid fixture site: every section type, every link form, built for real.

mod common;

use common::{TestSite, snapshot};

fn built() -> TestSite {
    let site = TestSite::new("valid");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(run.stdout.starts_with("Built "), "{}", run.stdout);
    site
}

#[test]
fn writes_the_output_layout() {
    let site = built();
    for file in [
        "public/index.html",
        "public/404.html",
        "public/sitemap.xml",
        "public/robots.txt",
        "public/logo.svg",
        "public/images/photo.png",
        "public/guide/index.html",
        "public/about/index.html",
        "public/procedures/index.html",
        "public/procedures/peel/index.html",
        "public/procedures/laser/index.html",
        "public/glossary/index.html",
        "public/tags/index.html",
        "public/tags/sun-care/index.html",
        "public/concerns/acne-scars/index.html",
        "public/old-laser/index.html",
    ] {
        assert!(site.path(file).is_file(), "{file} missing");
    }
    assert!(!site.path("public/draft").exists(), "drafts are left out");
    // Stylesheets and scripts carry a content hash, and pages name that file.
    let guide = site.read("public/guide/index.html");
    let style = common::hashed_asset(&guide, "/guides/", "style", "css").expect("hashed style.css");
    assert!(
        site.path(&format!("public{}", style.trim_start_matches("/guides")))
            .is_file(),
        "{style}"
    );
    assert!(
        !site.path("public/style.css").exists(),
        "only the hashed name"
    );
    let headers = site.read("public/_headers");
    assert!(
        headers.contains(&format!(
            "{style}\n  Cache-Control: public, max-age=31536000, immutable"
        )),
        "{headers}"
    );
    assert!(headers.starts_with("# Written by careleaf"), "{headers}");
    assert!(headers.contains("/guides/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"), "{headers}");
    for header in [
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy:",
        "Permissions-Policy:",
        "frame-ancestors 'none'",
    ] {
        assert!(headers.contains(header), "{header}");
    }
    // The same policy in the page (quotes escaped as HTML does; browsers read them back).
    assert!(guide.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;self&#39;; script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;;"));
    assert!(
        !guide.contains("frame-ancestors"),
        "not allowed in a <meta> policy"
    );
}

#[test]
fn every_section_type_is_rendered() {
    let site = built();
    let html = site.read("public/guide/index.html");
    for kind in [
        "text",
        "benefits",
        "comparison",
        "steps",
        "timeline",
        "tips",
        "ingredients",
        "warning-signs",
        "faq",
        "references",
    ] {
        assert!(
            html.contains(&format!("class=\"section section-{kind}\"")),
            "section {kind} missing"
        );
    }
    for want in [
        "<h1>Every section guide</h1>",
        "Reviewed on January 10, 2026 by Dr. Tester",
        "Next review due January 10, 2027",
        "<span class=\"stage-when\">First 12 hours</span>",
        "<span class=\"stage-when\">3 to 7 days after your treatment</span>",
        "(for the first 3 days)",
        "<details>",
        "<summary>Is it safe?</summary>",
        "Ask us first",
        "tel:+15550000",
        "callout callout-tip",
        "class=\"hl-",
        "Call us if",
    ] {
        assert!(html.contains(want), "`{want}` missing");
    }
    let do_col = html.find("tips-col tips-do").unwrap();
    let avoid_col = html.find("tips-col tips-avoid").unwrap();
    let hat = html.find("Wear a hat").unwrap();
    let retinol = html.find("Retinol creams").unwrap();
    assert!(
        do_col < hat && hat < avoid_col && avoid_col < retinol,
        "do and avoid tips go in their own columns"
    );
}

#[test]
fn links_resolve_with_the_base_path() {
    let site = built();
    let home = site.read("public/index.html");
    assert!(home.contains("href=\"/guides/guide/#timeline\""), "{home}");
    assert!(home.contains("href=\"/guides/procedures/\""));
    assert!(home.contains("src=\"/guides/images/photo.png\""));
    let guide = site.read("public/guide/index.html");
    assert!(guide.contains("href=\"/guides/procedures/laser/#after-laser\""));
    assert!(guide.contains("href=\"/guides/about/\""));
    assert!(
        guide.contains("href=\"#faq\""),
        "a plain anchor stays as written"
    );
    assert!(guide.contains("<link rel=\"canonical\" href=\"https://test.example/guides/guide/\">"));
    assert!(common::hashed_asset(&guide, "/guides/", "style", "css").is_some());
    assert!(guide.contains("--accent: #225588"));
}

#[test]
fn related_pages_show_in_both_directions_and_prev_next_within_a_section() {
    let site = built();
    let guide = site.read("public/guide/index.html");
    let peel = site.read("public/procedures/peel/index.html");
    assert!(
        guide.contains("href=\"/guides/procedures/peel/\">Chemical peel aftercare</a>"),
        "guide -> peel"
    );
    assert!(
        peel.contains("href=\"/guides/guide/\">Every section guide</a>"),
        "peel -> guide"
    );
    assert!(
        peel.contains("rel=\"next\"") && peel.contains("Laser aftercare"),
        "peel -> next laser"
    );
    let laser = site.read("public/procedures/laser/index.html");
    assert!(laser.contains("rel=\"prev\"") && !laser.contains("rel=\"next\""));
    let section = site.read("public/procedures/index.html");
    let (p, l) = (
        section.find("Chemical peel aftercare").unwrap(),
        section.find("Laser aftercare").unwrap(),
    );
    assert!(p < l, "children are ordered by weight");
}

#[test]
fn html_in_content_is_escaped_and_json_ld_is_valid() {
    let site = built();
    let guide = site.read("public/guide/index.html");
    let start = guide.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + guide[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&guide[start..end]).unwrap();
    assert_eq!(data[0]["@type"], "MedicalWebPage");
    assert_eq!(data[0]["lastReviewed"], "2026-01-10");
    assert_eq!(data[0]["medicalAudience"]["audienceType"], "Patient");
    assert_eq!(data[0]["reviewedBy"]["name"], "Dr. Tester", "{data}");
    assert_eq!(
        data[0]["url"], "https://test.example/guides/guide/",
        "{data}"
    );
    for tag in [
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"Every section guide\">",
        "<meta property=\"og:url\" content=\"https://test.example/guides/guide/\">",
        "<meta property=\"og:description\" content=\"A guide with every section type.\">",
    ] {
        assert!(guide.contains(tag), "{tag} missing");
    }
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://test.example/guides/sitemap.xml")
    );
    assert_eq!(data[1]["@type"], "FAQPage");
    assert_eq!(
        data[1]["mainEntity"][0]["acceptedAnswer"]["text"],
        "Yes, & “quoted”."
    );
    assert!(
        !guide.contains("<mostly>"),
        "raw HTML in an answer is sanitized"
    );
}

#[test]
fn glossary_taxonomies_aliases_and_sitemap() {
    let site = built();
    let glossary = site.read("public/glossary/index.html");
    assert!(glossary.contains("<dt id=\"collagen\">Collagen"));
    let tag = site.read("public/tags/sun-care/index.html");
    assert!(
        tag.contains("Every section guide") && tag.contains("Laser aftercare"),
        "both spellings of a tag meet"
    );
    let alias = site.read("public/old-laser/index.html");
    assert!(alias.contains("url=/guides/procedures/laser/"));
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://test.example/guides/guide/</loc>"));
    assert!(!sitemap.contains("old-laser"));
}

#[test]
fn builds_are_byte_identical() {
    let site = built();
    let first = snapshot(&site.path("public"));
    let run = site.run(&["build", "--output", "second"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first, snapshot(&site.path("second")));
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = TestSite::new("valid");
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.path("public/draft/index.html").is_file());
}

#[test]
fn base_url_flag_overrides_the_config() {
    let site = TestSite::new("valid");
    assert_eq!(
        site.run(&["build", "--base-url", "https://staging.example"])
            .code,
        0
    );
    let guide = site.read("public/guide/index.html");
    assert!(guide.contains("href=\"/about/\""));
    assert!(guide.contains("href=\"https://staging.example/guide/\""));
}

#[test]
fn ingredient_index_gathers_ingredients_and_tips_and_links_both_ways() {
    let site = TestSite::new("valid");
    // A second guide names the same ingredient in a tip, with other words in its case.
    let peel = site.read("content/procedures/peel.yaml");
    site.write(
        "content/procedures/peel.yaml",
        &format!(
            "{peel}  - type: tips\n    id: peel-tips\n    items:\n      - avoid: Retinoid creams\n        when: {{ to: 2w }}\n        ingredient: retinol\n"
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = site.read("public/ingredients/index.html");
    for expected in [
        "<h2 id=\"retinol-title\">Retinol</h2>",
        "Avoid for 7 days after your treatment</span> — <a href=\"/guides/guide/#ingredient-retinol\">In Every section guide</a>",
        "Avoid for 2 weeks after your treatment</span> — <a href=\"/guides/procedures/peel/#peel-tips\">In Chemical peel aftercare</a>",
        "<h2 id=\"ceramides-title\">Ceramides</h2>",
        "Safe</span>",
        "Ask us first</span>",
    ] {
        assert!(
            index.contains(expected),
            "ingredient index lacks {expected:?}"
        );
    }
    // The guide's table links each ingredient to the index, and the index is in the sitemap.
    let guide = site.read("public/guide/index.html");
    assert!(
        guide.contains("<a href=\"/guides/ingredients/#retinol\""),
        "guide does not link to the index"
    );
    assert!(guide.contains("id=\"ingredient-retinol\""));
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://test.example/guides/ingredients/")
    );
}

#[test]
fn first_mention_of_a_glossary_term_links_to_its_entry() {
    let site = built();
    let html = site.read("public/guide/index.html");
    let link = "<a class=\"glossary-term\" href=\"/guides/glossary/#retinoid\" \
                title=\"A form of vitamin A that speeds up skin renewal.\">RETINOL</a>";
    assert!(
        html.contains(&format!("before you use {link}; retinol again")),
        "{html}"
    );
    assert_eq!(
        html.matches("glossary/#retinoid").count(),
        1,
        "first mention only"
    );
    assert!(
        !html.contains("glossary/#spf"),
        "SPF is only in a heading, code and a link here"
    );
    assert!(html.contains("<code>SPF</code>"));
    let glossary = site.read("public/glossary/index.html");
    assert!(
        !glossary.contains("glossary-term"),
        "the glossary links nothing"
    );

    site.write(
        "careleaf.yaml",
        &format!(
            "{}glossary: {{ autolink: false }}\n",
            site.read("careleaf.yaml")
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site
            .read("public/guide/index.html")
            .contains("glossary-term")
    );
}

#[test]
fn atom_feed_lists_guides_newest_review_first() {
    let site = built();
    let feed = site.read("public/atom.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(feed.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://test.example/guides/atom.xml\"/>"
    ));
    assert!(
        feed.contains("<updated>2026-03-02T00:00:00Z</updated>\n  <author>"),
        "{feed}"
    );
    let peel = feed
        .find("<title>Chemical peel aftercare</title>")
        .expect("peel entry");
    let guide = feed
        .find("<title>Every section guide</title>")
        .expect("guide entry");
    assert!(peel < guide, "newest review first");
    assert!(feed.contains("<id>https://test.example/guides/procedures/peel/</id>"));
    assert!(feed.contains("<contributor><name>Dr. Peel &amp; Partner</name></contributor>"));
    assert!(
        !feed.contains("Laser aftercare"),
        "Markdown pages are not guides"
    );
    assert_eq!(
        feed.matches("<entry>").count(),
        feed.matches("</entry>").count()
    );
    let home = site.read("public/index.html");
    assert!(home.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Test Clinic guides\" href=\"/guides/atom.xml\">"
    ));

    site.write(
        "careleaf.yaml",
        &format!("{}feed: false\n", site.read("careleaf.yaml")),
    );
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.path("public/atom.xml").exists());
    assert!(!site.read("public/index.html").contains("atom+xml"));
}

#[test]
fn a_page_at_a_path_careleaf_writes_itself_is_an_error() {
    let site = TestSite::new("valid");
    site.write("content/tags.md", "---\ntitle: Our tags\n---\nText.\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("two pages would be written to /guides/tags/")
            && run.stderr.contains("content/tags.md")
            && run.stderr.contains("careleaf's taxonomy page"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

#[test]
fn the_high_contrast_theme_adds_its_stylesheet_and_keeps_the_accent() {
    let site = built();
    assert!(!site.read("public/guide/index.html").contains("theme.css"));
    let config = site.read("careleaf.yaml");
    site.write("careleaf.yaml", &format!("{config}theme: high-contrast\n"));
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("public/guide/index.html");
    let style = common::hashed_asset(&html, "/guides/", "style", "css").unwrap();
    let theme = common::hashed_asset(&html, "/guides/", "theme", "css").expect("theme.css linked");
    let base = html.find(&style).unwrap();
    let extra = html.find(&theme).unwrap();
    let accent = html
        .find("--accent: #225588")
        .expect("the accent still applies");
    assert!(
        base < extra && extra < accent,
        "style.css, then theme.css, then the accent"
    );
    let css = site.read(&format!("public{}", theme.trim_start_matches("/guides")));
    assert!(css.contains("--text: #000000") && css.contains("font-size: 131.25%"));

    site.write(
        "careleaf.yaml",
        &format!("{config}theme_options: {{ accent: \"#88ccee\" }}\n")
            .replace("theme_options: { accent: \"#225588\" }\n", ""),
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "a light accent is a warning: {}", run.stderr);
    assert!(
        run.stderr
            .contains("the accent colour `#88ccee` has a contrast of 1.8:1 with white")
            && run.stderr.contains("careleaf.yaml:"),
        "{}",
        run.stderr
    );
    assert_eq!(site.run(&["build", "--no-pdf", "--strict"]).code, 1);
}

#[test]
fn theme_options_logo_replaces_the_header_logo_only() {
    let site = TestSite::new("valid");
    site.write("static/header.svg", &site.read("static/logo.svg"));
    let config = site.read("careleaf.yaml").replace(
        "theme_options: { accent: \"#225588\" }",
        "theme_options: { accent: \"#225588\", logo: static/header.svg }",
    );
    site.write("careleaf.yaml", &config);
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("public/guide/index.html");
    assert!(html.contains("<img src=\"/guides/header.svg\""), "{html}");
    let handout = site.read("public/guide/handout/index.html");
    assert!(
        handout.contains("/guides/logo.svg"),
        "handouts keep the clinic logo"
    );

    site.write(
        "careleaf.yaml",
        &config.replace("static/header.svg", "static/nope.svg"),
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the header logo `static/nope.svg` does not exist")
            && run.stderr.contains("careleaf.yaml:8:43"),
        "{}",
        run.stderr
    );
}
