//! Writing the finished site: into a temporary folder beside the output, swapped in at
//! the end, so a failed build leaves the previous output untouched. On Linux the swap
//! is one atomic exchange of the two folders: a build killed at any moment (even with
//! `kill -9`) leaves either the whole old site or the whole new one at the output path.
//! What a killed build leaves beside it (hidden `.NAME.careleaf-*` folders) is removed
//! by the next build.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

/// A file of the finished site, relative to the output folder.
#[derive(Debug)]
pub struct OutputFile {
    /// `microneedling/index.html`.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The marker file that says a folder was written by careleaf and may be replaced.
pub const MARKER: &str = ".careleaf-output";

/// A file to copy into the output as it is.
#[derive(Debug, Clone)]
pub struct CopyFile {
    /// Where it is.
    pub source: PathBuf,
    /// Its path in the output.
    pub path: String,
}

/// Makes `path` absolute and lexically normal (no `.`/`..`), without touching the disk.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Refuses output folders that would destroy the site: the root itself, a folder that
/// contains it, anything inside content/, templates/, static/ or themes/, and an existing
/// folder careleaf did not write.
pub fn check_target(root: &Path, output: &Path) -> Result<(), crate::diagnostics::Diagnostic> {
    refuse_target(root, output).map_err(|message| {
        crate::diagnostics::Diagnostic::general(message)
            .with_hint("choose another folder with --output")
    })
}

fn refuse_target(root: &Path, output: &Path) -> Result<(), String> {
    // Compared as written and after symbolic links: `--root LINK --output
    // REAL/content/out` is inside content/ too.
    refuse_place(&absolute(root), &absolute(output))?;
    refuse_place(&real(root), &real(output))?;
    let output = absolute(output);
    if output.is_file() {
        return Err(format!("{} is a file, not a folder", output.display()));
    }
    if output.is_dir() {
        let empty = fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).is_file() {
            return Err(format!(
                "{} already exists and was not written by careleaf; refusing to replace it",
                output.display()
            ));
        }
    }
    Ok(())
}

/// Refuses an output folder at or around the site, or inside its source folders.
fn refuse_place(root: &Path, output: &Path) -> Result<(), String> {
    if output == root {
        return Err("the output folder cannot be the site root itself".into());
    }
    if root.starts_with(output) {
        return Err(format!(
            "the output folder {} contains the site",
            output.display()
        ));
    }
    for protected in ["content", "templates", "static", "themes"] {
        if output.starts_with(root.join(protected)) {
            return Err(format!("the output folder cannot be inside {protected}/"));
        }
    }
    Ok(())
}

/// `path` absolute, with the symbolic links of the part that exists resolved.
fn real(path: &Path) -> PathBuf {
    let path = absolute(path);
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// Writes every file into a fresh temporary folder beside `output`, then swaps it in.
pub fn write_site(output: &Path, files: &[OutputFile], copies: &[CopyFile]) -> Result<()> {
    Staging::create(output)?.finish(files, copies)
}

/// The temporary folder a build writes into, beside the output: pages can be written
/// as soon as they are rendered (a large site is never held whole in memory), and the
/// folder is swapped in by [`Staging::finish`]. Dropped unfinished (the build failed),
/// it is removed and the output stays as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    finished: bool,
}

impl Staging {
    /// Makes a fresh staging folder for `output`, removing what killed builds left.
    pub fn create(output: &Path) -> Result<Staging> {
        let output = absolute(output);
        let parent = output
            .parent()
            .context("the output folder has no parent folder")?
            .to_path_buf();
        let name = output
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.careleaf-new-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Staging {
            dir,
            output,
            parent,
            name,
            finished: false,
        })
    }

    /// Writes one file now (from any thread), making its folders.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self
            .dir
            .join(crate::fs::safe_relative(Path::new(&file.path))?);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Writes the rest of the site and swaps it in.
    pub fn finish(mut self, files: &[OutputFile], copies: &[CopyFile]) -> Result<()> {
        fill(&self.dir, files, copies)?;
        self.finished = true;
        swap(&self.dir, &self.output, &self.parent, &self.name)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_old(&self.dir);
        }
    }
}

/// Writes `files` and `copies` into `staging`, and the marker.
fn fill(staging: &Path, files: &[OutputFile], copies: &[CopyFile]) -> Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(copies.iter().map(|c| c.path.as_str()))
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    // In parallel: on a large site most of the build is creating folders and files.
    // create_dir_all treats a folder made meanwhile by another thread as success.
    dirs.par_iter().try_for_each(|dir| {
        let dir = staging.join(crate::fs::safe_relative(dir)?);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))
    })?;
    files.par_iter().try_for_each(|f| {
        let path = staging.join(crate::fs::safe_relative(Path::new(&f.path))?);
        fs::write(&path, &f.bytes).with_context(|| format!("writing {}", path.display()))
    })?;
    copies.par_iter().try_for_each(|c| {
        let path = staging.join(crate::fs::safe_relative(Path::new(&c.path))?);
        fs::copy(&c.source, &path)
            .map(|_| ())
            .with_context(|| format!("copying {} to {}", c.source.display(), path.display()))
    })?;
    fs::write(
        staging.join(MARKER),
        b"This folder was written by careleaf build and is replaced by the next build.\n",
    )
    .context("writing the output marker")?;
    Ok(())
}

/// Puts `staging` at `output` and removes the old site.
fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<()> {
    if !output.exists() {
        return fs::rename(staging, output)
            .with_context(|| format!("moving the new site to {}", output.display()));
    }
    #[cfg(target_os = "linux")]
    if exchange(staging, output).is_ok() {
        // `staging` now holds the old site.
        let old = parent.join(format!(".{name}.careleaf-old-{}", std::process::id()));
        if fs::rename(staging, &old).is_err() {
            return remove_old(staging);
        }
        return remove_old(&old);
    }
    // Elsewhere (or on a file system without exchange): two renames, with a moment
    // between them when the output path is empty.
    let old = parent.join(format!(".{name}.careleaf-old-{}", std::process::id()));
    if old.exists() {
        fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    }
    fs::rename(output, &old)
        .with_context(|| format!("moving the old site out of {}", output.display()))?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        let _ = fs::remove_dir_all(staging);
        return Err(e).with_context(|| format!("moving the new site to {}", output.display()));
    }
    remove_old(&old)
}

/// Removes the old site, off the build's time where the system allows: a detached
/// `rm -rf` that outlives careleaf (on a large site, deleting the old files takes as
/// long as writing the new ones). Should it not finish, the next build removes what
/// is left (the folder is named as a leftover of this process). Elsewhere, or when it
/// cannot be started, the folder is removed before returning.
fn remove_old(old: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::process::{Command, Stdio};
        let started = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(old)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if started.is_ok() {
            return Ok(());
        }
    }
    fs::remove_dir_all(old).with_context(|| format!("removing the old site at {}", old.display()))
}

/// Swaps two folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Removes the staging and old-site folders that builds killed midway left beside the
/// output. Folders of a build still running (its process id is alive) are kept.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.careleaf-new-"),
        format!(".{name}.careleaf-old-"),
    ];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes.iter().find_map(|p| file.strip_prefix(p.as_str())) else {
            continue;
        };
        if !may_be_running(pid) {
            let _ = remove_old(&entry.path());
        }
    }
}

/// Whether the process `pid` (digits, from a folder name) may still be running: yes
/// for anything but a well-formed id absent from /proc (and always where there is no
/// /proc to ask).
pub fn may_be_running(pid: &str) -> bool {
    !pid.chars().all(|c| c.is_ascii_digit())
        || pid.is_empty()
        || pid == std::process::id().to_string()
        || Path::new("/proc").join(pid).exists()
        || !Path::new("/proc/self").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let root = Path::new("/site");
        assert!(check_target(root, Path::new("/site")).is_err());
        assert!(check_target(root, Path::new("/site/.")).is_err());
        assert!(check_target(root, Path::new("/")).is_err());
        assert!(check_target(root, Path::new("/site/content")).is_err());
        assert!(check_target(root, Path::new("/site/content/x/../y")).is_err());
        assert!(check_target(root, Path::new("/site/static/out")).is_err());
        assert!(check_target(root, Path::new("/site/public")).is_ok());
        assert!(check_target(root, Path::new("/elsewhere/public")).is_ok());
    }

    #[test]
    fn refuses_a_foreign_folder_but_replaces_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("precious.txt"), "x").unwrap();
        assert!(
            check_target(Path::new("/site"), &out)
                .unwrap_err()
                .message
                .contains("not written by careleaf")
        );
        fs::remove_file(out.join("precious.txt")).unwrap();
        let files = [OutputFile {
            path: "a/index.html".into(),
            bytes: b"new".to_vec(),
        }];
        write_site(&out, &files, &[]).unwrap();
        assert!(check_target(Path::new("/site"), &out).is_ok());
        write_site(&out, &files, &[]).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"new");
        // The old site is removed by a process of its own, within moments.
        let leftovers = || -> Vec<_> {
            fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect()
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while leftovers().len() > 1 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(leftovers(), ["public"]);
    }

    #[test]
    fn never_writes_outside() {
        let dir = tempfile::tempdir().unwrap();
        let files = [OutputFile {
            path: "../evil.html".into(),
            bytes: vec![],
        }];
        assert!(write_site(&dir.path().join("out"), &files, &[]).is_err());
        assert!(!dir.path().join("evil.html").exists());
        assert!(!dir.path().join("out").exists());
    }
}
