//! Structured guides (YAML with typed sections): never a panic, and every problem
//! points at a line of the file.
#![no_main]

use std::path::Path;

use careleaf::content::load_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // As discover reads files: line breaks made `\n`.
    let text = &careleaf::fs::normalize_line_breaks(text.to_owned());
    let languages = ["en".to_owned(), "es".to_owned()];
    let lines = text.lines().count().max(1) as u32;
    let (page, problems) = load_page(
        Path::new("content/aftercare/microneedling.yaml"),
        "aftercare/microneedling.yaml",
        text,
        &languages,
    );
    for p in &problems {
        assert!(!p.message.is_empty());
        if p.file.is_some() {
            assert!(p.line >= 1 && p.line <= lines + 1, "line {} of {lines}: {p:?}", p.line);
        }
    }
    if let Some(page) = page {
        assert_eq!(page.path, "/aftercare/microneedling/");
    }
});
