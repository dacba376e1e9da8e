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

mod cache;

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
