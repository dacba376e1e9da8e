//! The folder `serve` serves, kept up to date in place as builds finish.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::Shared;
use crate::output::{CopyFile, OutputFile};

/// The folder `serve` serves, kept up to date in place: only files whose bytes (or,
/// for copied files, whose source) changed are written, each through a temporary file
/// renamed over the old one, so a request never sees half a file.
pub(super) struct LiveOutput {
    dir: PathBuf,
    shared: Shared,
    /// Path to a hash of the bytes written there.
    written: HashMap<String, u64>,
    /// Path to the source, modification time and length copied there.
    copied: HashMap<String, (PathBuf, Option<std::time::SystemTime>, u64)>,
    /// The files of the last build's pages step, and those only its last step wrote
    /// (search index, PDFs).
    early: HashSet<String>,
    late: HashSet<String>,
    pub(super) started: Instant,
    /// When this build's pages were written and the browsers told.
    pub(super) pages_at: Option<Duration>,
}

impl LiveOutput {
    pub(super) fn new(dir: PathBuf, shared: Shared) -> Self {
        Self {
            dir,
            shared,
            written: HashMap::default(),
            copied: HashMap::default(),
            early: HashSet::default(),
            late: HashSet::default(),
            started: Instant::now(),
            pages_at: None,
        }
    }

    /// Whether the folder has gone (deleted by a cleaner of temporary files).
    pub(super) fn is_gone(&self) -> bool {
        !self.dir.join(crate::output::MARKER).is_file()
    }

    /// Writes what changed; with `complete`, also removes what the site no longer has.
    /// A folder that has gone is made again, private, and every file written anew.
    fn sync(&mut self, files: &[OutputFile], copies: &[CopyFile], complete: bool) -> Result<()> {
        if self.is_gone() {
            self.written.clear();
            self.copied.clear();
            match make_private(&self.dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("creating {}", self.dir.display()));
                }
            }
        }
        let marker = self.dir.join(crate::output::MARKER);
        if !marker.exists() {
            std::fs::write(&marker, b"Written by careleaf serve.\n")
                .with_context(|| format!("writing {}", marker.display()))?;
        }
        // Hashed and written in parallel: the first build writes every file.
        let changed: Vec<(&OutputFile, u64)> = files
            .par_iter()
            .map(|f| (f, hash(&f.bytes)))
            .filter(|(f, h)| self.written.get(&f.path) != Some(h))
            .collect();
        changed.par_iter().try_for_each(|(f, _)| {
            crate::fs::write_atomically(&self.dir, &f.path, |tmp| std::fs::write(tmp, &f.bytes))
        })?;
        for (f, h) in changed {
            self.written.insert(f.path.clone(), h);
        }
        for copy in copies {
            let meta = std::fs::metadata(&copy.source)
                .with_context(|| format!("reading {}", copy.source.display()))?;
            let stamp = (copy.source.clone(), meta.modified().ok(), meta.len());
            if self.copied.get(&copy.path) != Some(&stamp) {
                crate::fs::write_atomically(&self.dir, &copy.path, |tmp| {
                    std::fs::copy(&copy.source, tmp).map(|_| ())
                })?;
                self.copied.insert(copy.path.clone(), stamp);
            }
        }
        let now: HashSet<String> = files
            .iter()
            .map(|f| f.path.clone())
            .chain(copies.iter().map(|c| c.path.clone()))
            .collect();
        // Before the search index and PDFs are made, the files only they write stay.
        let gone: Vec<String> = self
            .written
            .keys()
            .chain(self.copied.keys())
            .filter(|p| !now.contains(*p) && (complete || !self.late.contains(*p)))
            .cloned()
            .collect();
        for path in gone {
            self.written.remove(&path);
            self.copied.remove(&path);
            let _ = std::fs::remove_file(self.dir.join(&path));
        }
        if complete {
            self.late = now.difference(&self.early).cloned().collect();
        } else {
            self.early = now;
        }
        Ok(())
    }
}

impl crate::Sink for LiveOutput {
    fn pages_ready(&mut self, files: &[OutputFile], copies: &[CopyFile]) -> Result<()> {
        self.sync(files, copies, false)?;
        self.pages_at = Some(self.started.elapsed());
        let (lock, wake) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        state.problem = None;
        state.generation += 1;
        state.builds += 1;
        wake.notify_all();
        Ok(())
    }

    fn all_ready(&mut self, files: &[OutputFile], copies: &[CopyFile]) -> Result<()> {
        self.sync(files, copies, true)
    }
}

fn hash(bytes: &[u8]) -> u64 {
    crate::cache::key_of(&bytes)
}

/// Creates the folder `dir` readable by this user alone; an error if it exists.
pub(super) fn make_private(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
