//! Watching a site's sources and rebuilding after each burst of changes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::new_debouncer;

use super::live::LiveOutput;
use super::{Shared, rebuild};
use crate::BuildOptions;

/// The folders `serve` watches: content/, templates/, static/, themes/ and archive/ (the
/// PDFs of issued versions), besides the files at the root in `ROOT_FILES`.
const WATCHED: [&str; 5] = ["content", "templates", "static", "themes", "archive"];

/// The files at the site's root a build reads: careleaf.yaml and the two lock files
/// (`translations mark` and `versions mark` change what pages say).
const ROOT_FILES: [&str; 3] = ["careleaf.yaml", "translations.lock", "versions.lock"];

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches the site's sources and rebuilds after each burst of changes.
pub(super) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer,
    events: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    /// The folders watched, with the identity (device, inode) of the folder watched:
    /// a folder renamed away and back, or replaced, is another folder.
    watched: Vec<(PathBuf, Option<(u64, u64)>)>,
}

impl Watcher {
    pub(super) fn start(root: &Path) -> Result<Self> {
        let (tx, events) = std::sync::mpsc::channel();
        let mut debouncer = new_debouncer(Duration::from_millis(100), None, tx)?;
        // The root itself (not recursively: it may hold public/, target/ or .git/), to
        // see careleaf.yaml and folders created later.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Self {
            root: root.to_path_buf(),
            debouncer,
            events,
            watched: Vec::new(),
        };
        watcher.watch_folders(&[]);
        Ok(watcher)
    }

    /// Watches each folder that exists and is not watched as it is now: new, or
    /// renamed away and back (`mv content c; mv c content`), or replaced.
    /// The folders in `moved` (renamed, created or removed themselves) are watched
    /// anew whatever their identity.
    fn watch_folders(&mut self, moved: &[&str]) {
        for name in WATCHED {
            let dir = self.root.join(name);
            let now = identity(&dir);
            let before = self.watched.iter().position(|(d, _)| *d == dir);
            if let Some(i) = before {
                if self.watched[i].1 == now && now.is_some() && !moved.contains(&name) {
                    continue;
                }
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(i);
            }
            if now.is_some() && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                self.watched.push((dir, now));
            }
        }
    }

    /// Rebuilds after each burst of relevant changes, until the process ends.
    pub(super) fn run(
        mut self,
        opts: &BuildOptions,
        serve: &super::ServeOptions,
        output: &mut LiveOutput,
        shared: &Shared,
    ) {
        loop {
            // Once a second without changes: a site folder that was deleted (by a
            // cleaner of temporary files) is written again.
            let result = match self.events.recv_timeout(Duration::from_secs(1)) {
                Ok(result) => result,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if output.is_gone() {
                        rebuild(opts, serve, output, shared);
                    }
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            let Ok(events) = result else { continue };
            let relevant = events.iter().filter(|e| changes(&e.kind)).any(|e| {
                e.paths.iter().any(|p| {
                    let rel = p.strip_prefix(&self.root).unwrap_or(p);
                    ROOT_FILES.iter().any(|f| rel == Path::new(f))
                        || WATCHED.iter().any(|d| rel.starts_with(d))
                })
            });
            let moved: Vec<&str> = WATCHED
                .into_iter()
                .filter(|name| {
                    events.iter().any(|e| {
                        e.paths.iter().any(|p| {
                            p.strip_prefix(&self.root)
                                .is_ok_and(|rel| rel == Path::new(name))
                        })
                    })
                })
                .collect();
            if relevant {
                self.watch_folders(&moved);
                rebuild(opts, serve, output, shared);
            }
        }
    }
}

/// Whether an event changes a file (reading one, as the build does, does not).
fn changes(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
    )
}

/// A folder's device and inode, if it is a folder.
fn identity(dir: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(dir)
        .ok()
        .filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}
