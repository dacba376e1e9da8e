//! Tests of whole builds through the library: what `serve`'s caches keep and reuse.

/// The valid fixture copied into a fresh temporary folder.
fn valid_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    for entry in walkdir::WalkDir::new(&fixture)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = dir
            .path()
            .join(entry.path().strip_prefix(&fixture).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

/// Options that build `root` once, without PDFs, on the test suite's date.
fn options(root: &std::path::Path) -> crate::BuildOptions {
    crate::BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: false,
        strict: false,
        pdf: false,
        today: jiff::civil::date(2026, 11, 22),
        timings: false,
        relative: false,
        cache: None,
        progress: None,
    }
}

#[cfg(feature = "pdf")]
mod pdfs {
    use crate::*;
    use std::path::Path;

    /// A second build with the same cache takes unchanged PDFs from it instead of
    /// typesetting them again: a marked cache entry comes out as the written file.
    #[test]
    fn serve_rebuilds_reuse_unchanged_pdfs() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let out = std::env::temp_dir().join(format!("careleaf-cache-test-{}", std::process::id()));
        let cache = std::sync::Arc::new(Cache::default());
        let opts = BuildOptions {
            root: fixture,
            base_url: None,
            drafts: false,
            strict: false,
            pdf: true,
            today: jiff::civil::date(2026, 11, 22),
            timings: false,
            relative: false,
            cache: Some(cache.clone()),
            progress: None,
        };
        let first = build(&opts, Destination::Folder(out.clone())).unwrap();
        assert!(first.written, "{:?}", first.diagnostics);
        let typeset = first.pdfs.files;
        assert!(typeset >= 2);
        {
            let mut map = cache.pdfs.entries();
            assert_eq!(map.len(), typeset);
            for pdf in map.values_mut() {
                pdf.bytes = b"%PDF-from-the-cache".to_vec();
            }
        }
        let second = build(&opts, Destination::Folder(out.clone())).unwrap();
        assert!(second.written);
        let packet = std::fs::read(out.join("handouts.pdf")).unwrap();
        assert_eq!(packet, b"%PDF-from-the-cache");
        std::fs::remove_dir_all(&out).unwrap();
    }
}

#[cfg(feature = "pdf")]
mod packet {
    use crate::*;
    use std::sync::Arc;

    /// Under `serve`, turning `handout.packet` on makes the packet from the PDFs the
    /// last build kept: those were typeset without their pages kept, so they are
    /// typeset again rather than reused, and the packet is written.
    #[test]
    fn turning_the_packet_on_while_serving_writes_it() {
        let dir = super::valid_site();
        let out = dir.path().join("out");
        let config = std::fs::read_to_string(dir.path().join("careleaf.yaml")).unwrap();
        let write_config = |extra: &str| {
            std::fs::write(dir.path().join("careleaf.yaml"), format!("{config}{extra}")).unwrap()
        };
        let opts = BuildOptions {
            pdf: true,
            cache: Some(Arc::new(Cache::default())),
            ..super::options(dir.path())
        };
        write_config("handout: { packet: false }\n");
        let first = build(&opts, Destination::Folder(out.clone())).unwrap();
        assert!(first.written, "{:?}", first.diagnostics);
        assert_eq!(first.pdfs.packets, 0);
        assert!(!out.join("handouts.pdf").exists());
        write_config("");
        let second = build(&opts, Destination::Folder(out.clone())).unwrap();
        assert!(second.written, "{:?}", second.diagnostics);
        assert_eq!(second.pdfs.packets, 1);
        let packet = std::fs::read(out.join("handouts.pdf")).unwrap();
        assert!(packet.starts_with(b"%PDF"));
    }
}

mod cache {
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
            format!(
                "{terms}  - term: Swelling\n    definition: A part of the body getting bigger.\n"
            ),
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
}

/// `build` lets a Markdown page's text go once read and reads it again; a page edited
/// in between is refused, never published with text the checks did not see.
mod edits_during_a_build {
    use crate::*;
    use std::path::{Path, PathBuf};
    use walkdir::WalkDir;

    /// Writes `text` into `file` when the stage named `at` starts.
    struct EditAt {
        at: &'static str,
        file: PathBuf,
        text: String,
    }

    impl Progress for EditAt {
        fn stage(&self, _n: usize, _total: usize, name: &'static str) {
            if name == self.at {
                std::fs::write(&self.file, &self.text).unwrap();
            }
        }
        fn done(&self) {}
    }

    fn options(root: &Path, progress: Option<EditAt>) -> BuildOptions {
        BuildOptions {
            progress: progress.map(|p| ProgressHandle(std::sync::Arc::new(p))),
            ..super::options(root)
        }
    }

    /// Every file under `dir` with its bytes.
    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect()
    }

    #[test]
    fn a_page_edited_after_it_was_read_stops_the_build_and_the_old_site_stays() {
        for at in ["Checking the pages", "Rendering the pages"] {
            let dir = super::valid_site();
            let out = dir.path().join("out");
            let first =
                build(&options(dir.path(), None), Destination::Folder(out.clone())).unwrap();
            assert!(first.written, "{:?}", first.diagnostics);
            let before = files(&out);
            let laser = dir.path().join("content/procedures/laser.md");
            let text = std::fs::read_to_string(&laser).unwrap();
            assert!(
                text.contains("## After laser"),
                "the fixture's laser page has its text"
            );
            let edit = EditAt {
                at,
                file: laser.clone(),
                text: text.replace("## After laser", "## After LASER"),
            };
            let report = build(
                &options(dir.path(), Some(edit)),
                Destination::Folder(out.clone()),
            )
            .unwrap();
            assert!(!report.written, "{at}: the edited page was published");
            let changed: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.message == "the page changed while the site was being built")
                .collect();
            assert_eq!(changed.len(), 1, "{at}: {:?}", report.diagnostics);
            assert_eq!(
                changed[0].file.as_deref(),
                Some(Path::new("content/procedures/laser.md"))
            );
            assert_eq!(files(&out), before, "{at}: the old site changed");
            // The half-written staging folder is removed (by a detached `rm -rf`).
            let staging_left = || {
                std::fs::read_dir(dir.path())
                    .unwrap()
                    .filter_map(Result::ok)
                    .any(|e| e.file_name().to_string_lossy().contains("careleaf-new"))
            };
            let waited = std::time::Instant::now();
            while staging_left() && waited.elapsed() < std::time::Duration::from_secs(20) {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            assert!(!staging_left(), "{at}: a staging folder was left");
            // Built again, the edit is published.
            let again =
                build(&options(dir.path(), None), Destination::Folder(out.clone())).unwrap();
            assert!(again.written, "{:?}", again.diagnostics);
            let page = std::fs::read_to_string(out.join("procedures/laser/index.html")).unwrap();
            assert!(
                page.contains("After LASER"),
                "{at}: the edit is not in the new build"
            );
        }
    }
}
