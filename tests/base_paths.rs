//! Property test: whatever folder a site is published under (`base_url` with a path),
//! every link and file reference on every page points under that folder and at a file
//! the build wrote, and every full URL starts with the base URL.

mod common;

use std::path::Path;

use common::TestSite;
use proptest::prelude::*;

/// Every `href="…"` and `src="…"` value in `html`.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "content=\"", "url="] {
        for part in html.split(attr).skip(1) {
            let end = part.find(['"', '>']).unwrap_or(part.len());
            out.push(part[..end].replace("&amp;", "&"));
        }
    }
    out
}

/// Whether the output has a file for the site path `path` (`/x/` means `/x/index.html`).
fn exists(output: &Path, path: &str) -> bool {
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let file = output.join(path.trim_start_matches('/'));
    if path.ends_with('/') || path.is_empty() {
        file.join("index.html").is_file()
    } else {
        file.is_file()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn every_reference_stays_under_the_base_path(
        folders in proptest::collection::vec("[a-z0-9_-]{1,6}", 0..3),
        trailing_slash in any::<bool>(),
    ) {
        let prefix: String = folders.iter().map(|f| format!("/{f}")).collect();
        let base = format!(
            "https://clinic.example{prefix}{}",
            if trailing_slash { "/" } else { "" }
        );
        let site = TestSite::new("valid");
        let run = site.run(&["build", "--no-pdf", "--base-url", &base]);
        prop_assert_eq!(run.code, 0, "{}", run.stderr);
        let output = site.path("public");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&output) {
            let entry = entry.unwrap();
            let name = entry.path().to_string_lossy().into_owned();
            if !name.ends_with(".html") || name.contains("/pagefind/") {
                continue;
            }
            let html = std::fs::read_to_string(entry.path()).unwrap();
            for reference in references(&html) {
                let local = if let Some(rest) = reference.strip_prefix("https://clinic.example") {
                    rest.to_owned()
                } else if reference.starts_with('/') {
                    reference.clone()
                } else {
                    continue; // mailto:, tel:, other sites, fragments, meta text
                };
                let Some(path) = local.strip_prefix(&prefix) else {
                    prop_assert!(false, "{reference} in {name} is outside {prefix}/");
                    unreachable!();
                };
                prop_assert!(
                    path.starts_with('/') && !path.starts_with("//"),
                    "{} in {} does not continue the base path",
                    reference,
                    name
                );
                prop_assert!(exists(&output, path), "{} in {} points at no file", reference, name);
                checked += 1;
            }
        }
        prop_assert!(checked > 100, "only {checked} references checked");
    }
}
