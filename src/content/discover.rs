//! Walking content/: pages (`*.md`, `*.yaml`) are read and parsed in parallel; any
//! other file is an asset copied beside the pages.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{Page, load_page};
use crate::diagnostics::Diagnostic;

/// The folder pages live in.
pub const CONTENT_DIR: &str = "content";

/// A non-page file under content/ (an image beside a guide), copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path in the output and in `@/` links, with `/` separators.
    pub path: String,
}

/// Everything found under content/.
#[derive(Debug, Default)]
pub struct Content {
    /// The pages that could be read, in path order.
    pub pages: Vec<Arc<Page>>,
    /// Files to copy as they are.
    pub assets: Vec<Asset>,
    /// Content paths of pages that could not be read at all: links to them are not
    /// reported again.
    pub unreadable: HashSet<String>,
    /// Content paths of drafts left out of this build: links to them are reported as
    /// links to a draft.
    pub drafts: HashSet<String>,
}

/// Finds and reads every content file; pages over `max_page_kb` are refused. Problems
/// are collected, never fatal.
pub fn discover(
    root: &Path,
    languages: &[String],
    max_page_kb: u64,
    cache: Option<&PageCache>,
) -> (Content, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR);
    let mut problems = Vec::new();
    let mut content = Content::default();
    if !dir.is_dir() {
        problems.push(
            Diagnostic::general("the site has no content/ folder").with_hint(
                "create content/ and put your guides in it (careleaf init makes an example)",
            ),
        );
        return (content, problems);
    }
    let page_files = walk(root, &dir, max_page_kb, &mut content, &mut problems);
    let results = read_all(root, page_files, languages, cache)
        .into_iter()
        .map(|read| (read.path, read.page, read.problems));
    for (content_path, page, mut found) in results {
        // A page left out with only a warning (an empty file) is not there at all:
        // links to it are reported.
        let failed = found
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error);
        problems.append(&mut found);
        match page {
            Some(p) => content.pages.push(p),
            None if failed => {
                content.unreadable.insert(content_path);
            }
            None => {}
        }
    }
    (content, problems)
}

/// A page file found: its path, its path from the root, its content path and its
/// stamp (to skip reading it again under `serve`).
type Found = (PathBuf, PathBuf, String, Option<Stamp>);

/// Walks content/: page files to read are returned, assets and unreadable pages go
/// into `content`, links that leave the site and pages too large into `problems`.
fn walk(
    root: &Path,
    dir: &Path,
    max_page_kb: u64,
    content: &mut Content,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Found> {
    let started = std::time::SystemTime::now();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut page_files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                let message = if err.loop_ancestor().is_some() {
                    "a symbolic link here points back into its own folder (a loop)".to_owned()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string)
                    )
                };
                problems.push(
                    Diagnostic::error(path, 0, 0, message).with_hint("remove or fix the link"),
                );
                continue;
            }
        };
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|target| target.starts_with(&canonical_root));
            if !inside {
                problems.push(
                    Diagnostic::error(rel, 0, 0, "this symbolic link points outside the site")
                        .with_hint("copy the file into the site instead of linking to it"),
                );
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let content_path = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let is_page = matches!(
            entry.path().extension().and_then(|e| e.to_str()),
            Some("md" | "yaml" | "yml")
        );
        if is_page {
            let meta = entry.metadata().ok();
            let size = meta.as_ref().map_or(0, |m| m.len());
            if size > max_page_kb.saturating_mul(1024) {
                problems.push(
                    Diagnostic::error(
                        rel,
                        0,
                        0,
                        format!(
                            "the page is {} KB; pages may be at most {max_page_kb} KB",
                            size.div_ceil(1024),
                        ),
                    )
                    .with_hint(
                        "split it into several pages, or raise `max_page_kb` in careleaf.yaml",
                    ),
                );
                content.unreadable.insert(content_path);
                continue;
            }
            let stamp = meta.and_then(|m| Stamp::of(&m, started));
            page_files.push((entry.into_path(), rel, content_path, stamp));
        } else {
            content.assets.push(Asset {
                source: entry.into_path(),
                path: content_path,
            });
        }
    }

    page_files
}

/// Reads every page file in parallel; under `serve`, a file whose stamp or text is
/// as the last build read it is taken from the cache.
fn read_all(
    root: &Path,
    page_files: Vec<Found>,
    languages: &[String],
    cache: Option<&PageCache>,
) -> Vec<Read> {
    let memo = crate::cache::Memo::new(cache);
    let languages_key = crate::cache::key_of(&languages);
    // Without a cache (`build`, `check`) a Markdown page's text is let go once read and
    // read again when needed, so a large site's text is never all held at once; `serve`
    // keeps it for its next build.
    let let_go: Option<Arc<Path>> = cache.is_none().then(|| Arc::from(root));
    let reads: Vec<Read> = page_files
        .into_par_iter()
        .map(|(abs, rel, content_path, stamp)| {
            let before = memo.previous(&content_path);
            // A file whose stamp is what it was is not even read.
            if let Some(kept) = before
                && stamp.is_some()
                && kept.stamp == stamp
                && kept.languages == languages_key
            {
                return Read::again(content_path, kept.clone());
            }
            let text = match crate::fs::read_text(&abs, &rel) {
                Ok(text) => text,
                Err(d) => {
                    let (page, problems) = (None, vec![d]);
                    let kept = None;
                    return Read {
                        path: content_path,
                        kept,
                        page,
                        problems,
                    };
                }
            };
            let key = page_key(&rel, &text, languages);
            if let Some(kept) = before.filter(|kept| kept.key == key) {
                return Read::again(
                    content_path,
                    Kept {
                        stamp,
                        ..kept.clone()
                    },
                );
            }
            let (page, problems) = load_page(&rel, &content_path, &text, languages);
            let page = page.map(|mut page| {
                if let (Some(root), super::Body::Markdown(m)) = (&let_go, &mut page.body) {
                    m.let_go(root);
                }
                Arc::new(page)
            });
            let kept = Kept {
                key,
                stamp,
                languages: languages_key,
                page: page.clone(),
                problems: problems.clone(),
            };
            Read {
                path: content_path,
                kept: Some(kept),
                page,
                problems,
            }
        })
        .collect();
    for read in &reads {
        if let Some(kept) = &read.kept {
            memo.keep(read.path.clone(), kept.clone());
        }
    }
    reads
}

/// One page file read.
struct Read {
    /// Its content path.
    path: String,
    /// What the next build under `serve` may reuse; none when it could not be read.
    kept: Option<Kept>,
    /// The page, unless it failed.
    page: Option<Arc<Page>>,
    /// What was wrong with it.
    problems: Vec<Diagnostic>,
}

impl Read {
    /// A file read as the last build read it.
    fn again(path: String, kept: Kept) -> Read {
        Read {
            path,
            page: kept.page.clone(),
            problems: kept.problems.clone(),
            kept: Some(kept),
        }
    }
}

/// Pages read by the last build, by content path, with a hash of what they were read
/// from (`serve`: a file that did not change is not parsed again).
pub type PageCache = crate::cache::LastBuild<String, Kept>;

/// A page file as the last build read it.
#[derive(Debug, Clone)]
pub struct Kept {
    /// A hash of what it was read from (see [`page_key`]).
    key: u64,
    /// Its stamp then, if it could be trusted.
    stamp: Option<Stamp>,
    /// A hash of the site's languages then.
    languages: u64,
    /// The page, if it could be made.
    pub page: Option<Arc<Page>>,
    /// The problems found reading it.
    problems: Vec<Diagnostic>,
}

/// What the file system tells of a file without reading it: when its content and
/// its entry last changed, its size and (on Unix) its inode. A file with the stamp
/// it had at the last build has the text it had then, so `serve` does not read it
/// again, as `git status` trusts its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: std::time::SystemTime,
    len: u64,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    /// The stamp of a file, or `None` if it cannot be trusted: a file changed within
    /// two seconds of `now` could change again within the clock's resolution and
    /// keep its stamp (git's "racy" files), so it is read every time until it is
    /// older.
    fn of(meta: &std::fs::Metadata, now: std::time::SystemTime) -> Option<Stamp> {
        let settled = |t: std::time::SystemTime| {
            now.duration_since(t)
                .is_ok_and(|age| age >= std::time::Duration::from_secs(2))
        };
        let modified = meta.modified().ok().filter(|&t| settled(t))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let changed = std::time::UNIX_EPOCH
                + std::time::Duration::new(
                    u64::try_from(meta.ctime()).ok()?,
                    u32::try_from(meta.ctime_nsec()).ok()?,
                );
            if !settled(changed) {
                return None;
            }
            Some(Stamp {
                modified,
                len: meta.len(),
                changed: (meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        Some(Stamp {
            modified,
            len: meta.len(),
        })
    }
}

/// What a page's reading depends on: its path, its text and the site's languages
/// (the page's `fingerprint`, and `serve`'s key for it).
pub(super) fn page_key(rel: &Path, text: &str, languages: &[String]) -> u64 {
    crate::cache::key_of(&(rel, text, languages))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~')
}

/// `path` relative to the site root, for messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
