//! The offline search index (feature `search`): written by Pagefind beside the site,
//! reached from a form on every page, left out entirely with `search: false`.
#![cfg(feature = "search")]

mod common;

use common::TestSite;

fn built() -> TestSite {
    let site = TestSite::new("valid");
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.stdout.contains("Search index: 8 pages"),
        "{}",
        run.stdout
    );
    site
}

#[test]
fn the_index_covers_content_pages_and_every_page_has_the_search_form() {
    let site = built();
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("public/pagefind/pagefind-entry.json")).unwrap();
    // home, guide, about, procedures, peel, laser, glossary and the ingredient index;
    // not the taxonomy lists, the 404 page, redirects, handouts or the search page.
    assert_eq!(entry["languages"]["en"]["page_count"], 8, "{entry}");
    for file in [
        "pagefind.js",
        "pagefind-ui.js",
        "pagefind-ui.css",
        "wasm.unknown.pagefind",
    ] {
        assert!(
            site.path(&format!("public/pagefind/{file}")).is_file(),
            "{file}"
        );
    }
    let search = site.read("public/search/index.html");
    assert!(search.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(search.contains("src=\"/guides/pagefind/pagefind-ui.js\""));
    assert!(common::hashed_asset(&search, "/guides/", "search", "js").is_some());
    assert!(search.contains("data-bundle=\"/guides/pagefind/\""));
    assert!(
        search.contains("<noscript>"),
        "says why search is missing without JS"
    );
    assert!(
        !search.contains("id=\"site-search-q\""),
        "one search box on the search page"
    );
    let script = common::hashed_asset(&search, "/guides/", "search", "js").unwrap();
    assert!(
        site.path(&format!("public{}", script.trim_start_matches("/guides")))
            .is_file()
    );
    for page in [
        "public/index.html",
        "public/guide/index.html",
        "public/tags/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("<form class=\"site-search\" role=\"search\" action=\"/guides/search/\" method=\"get\">")
                && html.contains("<label for=\"site-search-q\""),
            "{page} lacks the search form"
        );
    }
    assert!(!site.read("public/sitemap.xml").contains("/search/"));
}

#[test]
fn search_false_leaves_search_out() {
    let site = TestSite::new("valid");
    site.write(
        "careleaf.yaml",
        &format!("{}search: false\n", site.read("careleaf.yaml")),
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Search index"));
    assert!(!site.path("public/pagefind").exists());
    assert!(!site.path("public/search").exists());
    assert!(!site.read("public/guide/index.html").contains("site-search"));
}
