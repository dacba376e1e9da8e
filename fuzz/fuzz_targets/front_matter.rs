//! Front-matter splitting and Markdown page loading: never a panic, and every problem
//! points at a line of the file.
#![no_main]

use std::path::Path;

use careleaf::content::file::split_front_matter;
use careleaf::content::load_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // As discover reads files: line breaks made `\n`.
    let text = &careleaf::fs::normalize_line_breaks(text.to_owned());
    if let Ok((front, body, first_line)) = split_front_matter(text) {
        // The front matter is the start of the file, the body its end, and the body's
        // first line is counted from the file's start.
        assert!(text.starts_with(front));
        assert!(text.ends_with(body));
        // (An empty body after a closing `---` without a newline has no line of its own.)
        let before_body = &text[..text.len() - body.len()];
        if !body.is_empty() {
            assert_eq!(first_line as usize, before_body.matches('\n').count() + 1);
        }
    }
    let languages = ["en".to_owned(), "es".to_owned()];
    let lines = text.lines().count().max(1) as u32;
    for (source, content_path) in [
        ("content/aftercare/peel.md", "aftercare/peel.md"),
        ("content/peel.es.md", "peel.es.md"),
    ] {
        let (_, problems) = load_page(Path::new(source), content_path, text, &languages);
        for p in &problems {
            assert!(!p.message.is_empty());
            if p.file.is_some() {
                assert!(p.line >= 1 && p.line <= lines + 1, "line {} of {lines}: {p:?}", p.line);
            }
        }
    }
});
