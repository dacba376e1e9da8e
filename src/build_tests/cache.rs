//! serve's caches: what a build keeps, reuses and makes again.

use crate::render::prepare::PageProse;
use crate::*;
use std::sync::Arc;

/// The valid fixture copied into a temporary folder, a fresh cache, and options
/// that build it with that cache (as `serve` does), without PDFs.
fn valid_site_with_cache() -> (tempfile::TempDir, Arc<Cache>, BuildOptions) {
    let dir = super::valid_site();
    let cache = Arc::new(Cache::default());
    let opts = BuildOptions {
        cache: Some(cache.clone()),
        ..super::options(dir.path())
    };
    (dir, cache, opts)
}

/// With a cache (`serve`), a file whose text did not change is not parsed again,
/// and one that changed is: a marked cache entry comes out in the page until the
/// file is edited.
#[test]
fn unchanged_files_are_not_parsed_again() {
    let (dir, cache, opts) = valid_site_with_cache();
    let out = || Destination::Folder(dir.path().join("out"));
    assert!(build(&opts, out()).unwrap().written);
    {
        let mut pages = cache.pages.entries();
        let kept = pages.get_mut("about.md").expect("about.md is cached");
        std::sync::Arc::make_mut(kept.page.as_mut().unwrap())
            .meta
            .title = "From the cache".into();
    }
    assert!(build(&opts, out()).unwrap().written);
    let about = || std::fs::read_to_string(dir.path().join("out/about/index.html")).unwrap();
    assert!(about().contains("<h1>From the cache</h1>"));
    std::fs::write(
        dir.path().join("content/about.md"),
        "---\ntitle: Edited\n---\nAbout us.\n",
    )
    .unwrap();
    assert!(build(&opts, out()).unwrap().written);
    assert!(about().contains("<h1>Edited</h1>"));
    assert!(cache.checks.pages.entries().len() >= 5, "page checks kept");
    // Pages kept from the last build are reused only if nothing they show
    // changed: every page's menu names the about page by its new title.
    assert!(!cache.rendered.entries().is_empty(), "rendered pages kept");
    let read = |p: &str| std::fs::read_to_string(dir.path().join("out").join(p)).unwrap();
    for page in ["index.html", "guide/index.html", "glossary/index.html"] {
        let html = read(page);
        assert!(html.contains(">Edited</a>"), "{page} shows the old title");
    }
}

/// A build that changes nothing keeps everything the last one kept: an entry
/// reused is kept for the next build too, so a run of edits never empties a cache
/// (when reused prose was not kept, every other reload converted the whole site).
#[test]
fn reused_entries_are_kept_for_the_next_build() {
    let (dir, cache, opts) = valid_site_with_cache();
    let out = || Destination::Folder(dir.path().join("out"));
    let sizes = || {
        [
            cache.pages.entries().len(),
            cache.checks.pages.entries().len(),
            cache.checks.links.entries().len(),
            cache.prose.entries().len(),
            cache.rendered.entries().len(),
        ]
    };
    assert!(build(&opts, out()).unwrap().written);
    let first = sizes();
    assert!(first.iter().all(|&n| n >= 5), "{first:?}");
    for _ in 0..2 {
        assert!(build(&opts, out()).unwrap().written);
        assert_eq!(sizes(), first);
    }
    // Reused, not made again: a marked prose entry comes out in the page.
    for prose in cache.prose.entries().values_mut() {
        let mut marked = PageProse::clone(prose);
        if !marked.content.is_empty() {
            marked.content = "<p>From the prose cache</p>".into();
        }
        *prose = Arc::new(marked);
    }
    cache.rendered.entries().clear();
    assert!(build(&opts, out()).unwrap().written);
    let about = std::fs::read_to_string(dir.path().join("out/about/index.html")).unwrap();
    assert!(about.contains("From the prose cache"));
}

/// An edit renders again the pages that show what it changed, and takes the
/// others from the cache: a marked cache entry stays until its page's input
/// changes.
#[test]
fn only_pages_whose_input_changed_are_rendered_again() {
    let (dir, cache, opts) = valid_site_with_cache();
    let out = || Destination::Folder(dir.path().join("out"));
    assert!(build(&opts, out()).unwrap().written);
    for bytes in cache.rendered.entries().values_mut() {
        *bytes = Arc::new(b"from the cache".to_vec());
    }
    // The laser page's text changes: it renders again; the glossary does not
    // show that text and comes from the cache.
    let laser = dir.path().join("content/procedures/laser.md");
    let text = std::fs::read_to_string(&laser).unwrap();
    std::fs::write(&laser, format!("{text}\nA new sentence.\n")).unwrap();
    assert!(build(&opts, out()).unwrap().written);
    let read = |p: &str| std::fs::read_to_string(dir.path().join("out").join(p)).unwrap();
    assert!(read("procedures/laser/index.html").contains("A new sentence."));
    assert_eq!(read("glossary/index.html"), "from the cache");
    // A page whose own file did not change still follows what it links to: the
    // laser page's link to the peel follows the peel's new address.
    let peel = dir.path().join("content/procedures/peel.yaml");
    let text = std::fs::read_to_string(&peel).unwrap();
    std::fs::write(&peel, text.replace("slug: peel", "slug: peeling")).unwrap();
    let guide = dir.path().join("content/guide.yaml");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replace("related: [peel]", "related: [peeling]"),
    )
    .unwrap();
    let report = build(&opts, out()).unwrap();
    assert!(report.written, "{:?}", report.diagnostics);
    let laser = read("procedures/laser/index.html");
    assert!(
        laser.contains("<a href=\"/guides/procedures/peeling/\">the peel</a>"),
        "{laser}"
    );
}

/// A page's checks kept by `serve` are checked again when what they depend on
/// changes, though the page's file did not: careleaf.yaml (a lower reading
/// grade) and the date (a review falls due).
#[test]
fn kept_checks_follow_the_settings_and_the_date() {
    let (dir, _cache, opts) = valid_site_with_cache();
    let count = |report: &Report, kind: &str| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.kind == Some(kind))
            .count()
    };
    let first = build(&opts, Destination::Check).unwrap();
    let before = count(&first, "reading-level");
    let config = dir.path().join("careleaf.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}readability: {{ max_grade: 1 }}\n")).unwrap();
    let stricter = build(&opts, Destination::Check).unwrap();
    assert!(
        count(&stricter, "reading-level") > before,
        "{:?}",
        stricter.diagnostics
    );
    std::fs::write(&config, text).unwrap();
    let reviews = |report: &Report| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("review"))
            .count()
    };
    let now = build(&opts, Destination::Check).unwrap();
    let later = BuildOptions {
        today: jiff::civil::date(2040, 1, 1),
        ..opts.clone()
    };
    let overdue = build(&later, Destination::Check).unwrap();
    assert!(
        reviews(&overdue) > reviews(&now),
        "{:?}",
        overdue.diagnostics
    );
}

/// Converted prose kept by `serve` follows every input of its key, though the
/// page's file did not change: careleaf.yaml's `markdown.raw_html`, the
/// language's strings (a callout's label) and the glossary (a new term linked).
#[test]
fn kept_prose_follows_the_markdown_settings_the_strings_and_the_glossary() {
    let (dir, cache, opts) = valid_site_with_cache();
    let out = || Destination::Folder(dir.path().join("out"));
    std::fs::write(
        dir.path().join("content/notes.md"),
        "---\ntitle: Notes\n---\nA <b>bold</b> word about swelling.\n\n> [!NOTE]\n> Keep it dry.\n",
    )
    .unwrap();
    let notes = || std::fs::read_to_string(dir.path().join("out/notes/index.html")).unwrap();
    assert!(build(&opts, out()).unwrap().written);
    assert!(notes().contains("<b>bold</b>"), "{}", notes());
    assert!(!cache.prose.entries().is_empty());
    let config = dir.path().join("careleaf.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let write = |extra: &str| std::fs::write(&config, format!("{text}{extra}")).unwrap();

    write("markdown: { raw_html: escape }\n");
    assert!(build(&opts, out()).unwrap().written);
    assert!(notes().contains("&lt;b&gt;bold&lt;/b&gt;"), "{}", notes());

    write("strings: { en: { callout_note: Remember } }\n");
    assert!(build(&opts, out()).unwrap().written);
    assert!(notes().contains("Remember"), "{}", notes());

    let glossary = dir.path().join("content/glossary.yaml");
    let terms = std::fs::read_to_string(&glossary).unwrap();
    std::fs::write(
        &glossary,
        format!("{terms}  - term: Swelling\n    definition: A part of the body getting bigger.\n"),
    )
    .unwrap();
    assert!(build(&opts, out()).unwrap().written);
    assert!(notes().contains("glossary/#swelling"), "{}", notes());
}

/// Once files are old enough for their stamps to be trusted (and unchanged files
/// are not read again), an edit that keeps the file's size is still seen at once.
#[test]
fn an_edit_is_seen_when_unchanged_files_are_not_read() {
    let (dir, _cache, opts) = valid_site_with_cache();
    let out = || Destination::Folder(dir.path().join("out"));
    assert!(build(&opts, out()).unwrap().written);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert!(build(&opts, out()).unwrap().written);
    let about = dir.path().join("content/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    let edited = text.replacen("About", "Abort", 1);
    assert_ne!(text, edited);
    assert_eq!(text.len(), edited.len());
    std::fs::write(&about, &edited).unwrap();
    assert!(build(&opts, out()).unwrap().written);
    let html = std::fs::read_to_string(dir.path().join("out/about/index.html")).unwrap();
    assert!(html.contains("Abort"), "{html}");
}
