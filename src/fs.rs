//! File system work every stage shares: reading a source file as text the way line
//! numbers are counted, and writing files so no reader ever sees half of one.

use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::diagnostics::Diagnostic;

use crate::site_root::read_regular;
pub use crate::site_root::{MAX_FILE_BYTES, Refused, SiteRoot};

impl SiteRoot {
    /// The text of `rel` (relative to the site), as [`read_text`] reads it, if the
    /// file is inside the site.
    pub fn read_text(&self, rel: &Path) -> Result<String, Diagnostic> {
        let path = self.path().join(rel);
        let real = self.file(&path).map_err(|r| {
            Diagnostic::error(rel, 0, 0, format!("this file {}", r.reason())).with_hint(r.hint())
        })?;
        read_text(&real, rel)
    }
}

/// Reads a regular file (of at most [`MAX_FILE_BYTES`]) as UTF-8; invalid bytes are
/// reported at their line and column.
pub fn read_text(abs: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = read_regular(abs, MAX_FILE_BYTES).map_err(|r| {
        Diagnostic::error(rel, 0, 0, format!("this file {}", r.reason())).with_hint(r.hint())
    })?;
    String::from_utf8(bytes)
        .map(normalize_line_breaks)
        .map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() as u32 + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            Diagnostic::error(rel, line, column, "the file is not valid UTF-8 text")
                .with_hint("save the file as UTF-8 in your editor")
        })
}

pub use crate::diagnostics::normalize_line_breaks;

/// A relative path that cannot leave the folder it is joined to.
pub fn safe_relative(path: &Path) -> Result<&Path> {
    if path.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(path)
    } else {
        bail!(
            "refusing to write outside the output folder: {}",
            path.display()
        )
    }
}

/// Makes the file at `path` (relative, inside `dir`) with `make`, atomically: `make`
/// writes a temporary file beside it, which is then renamed over the old one.
pub fn write_atomically(
    dir: &Path,
    path: &str,
    make: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<()> {
    let target = dir.join(safe_relative(Path::new(path))?);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut tmp = target.clone().into_os_string();
    tmp.push(".careleaf-writing");
    let tmp = PathBuf::from(tmp);
    make(&tmp).with_context(|| format!("writing {}", target.display()))?;
    std::fs::rename(&tmp, &target).with_context(|| format!("writing {}", target.display()))
}
