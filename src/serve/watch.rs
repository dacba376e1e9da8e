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

/// The folders `serve` watches: careleaf.yaml, content/, templates/, static/ and themes/.
const WATCHED: [&str; 4] = ["content", "templates", "static", "themes"];

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches the site's sources and rebuilds after each burst of changes.
pub(super) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer,
    events: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    watched: Vec<PathBuf>,
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
        watcher.watch_folders();
        Ok(watcher)
    }

    /// Adds the watched folders that exist and are not watched yet.
    fn watch_folders(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(dir);
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
        while let Ok(result) = self.events.recv() {
            let Ok(events) = result else { continue };
            let relevant = events.iter().filter(|e| changes(&e.kind)).any(|e| {
                e.paths.iter().any(|p| {
                    let rel = p.strip_prefix(&self.root).unwrap_or(p);
                    rel == Path::new(crate::config::CONFIG_FILE)
                        || WATCHED.iter().any(|d| rel.starts_with(d))
                })
            });
            if relevant {
                self.watch_folders();
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
