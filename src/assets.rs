//! The files a site copies as they are: its `static/` folder, the images and other
//! files beside its content, and the theme's static files (CSS, scripts) that the site
//! does not replace with its own.

use std::collections::HashSet;
use std::path::Path;

use walkdir::WalkDir;

use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::output::{CopyFile, OutputFile};
use crate::theme::Theme;

/// Every file copied into the output, by where it comes from.
pub struct Assets {
    /// The theme's static files, as bytes (they live in the binary or a theme folder).
    pub theme: Vec<OutputFile>,
    /// The site's own files, copied from disk.
    pub copies: Vec<CopyFile>,
}

impl Assets {
    /// Collects the site's `static/` and content assets and the theme's static files;
    /// a site file overrides a theme file of the same path.
    ///
    /// Every file of static/ must be, after symbolic links, a regular file inside the
    /// site and no larger than [`crate::fs::MAX_FILE_BYTES`]; what is not is an error.
    pub fn collect(
        root: &Path,
        theme: &Theme,
        content: &Content,
        problems: &mut impl Extend<Diagnostic>,
    ) -> Assets {
        let mut copies: Vec<CopyFile> = Vec::new();
        let site = crate::fs::SiteRoot::new(root);
        let mut refused = Vec::new();
        // static/ at the site's root; archive/ (the PDFs of every issued version,
        // DESIGN §11.7) at /archive/.
        for (folder, prefix) in [("static", ""), ("archive", "archive/")] {
            copy_folder(root, &site, folder, prefix, &mut copies, &mut refused);
        }
        problems.extend(refused);
        copies.extend(content.assets.iter().map(|a| CopyFile {
            source: a.source.clone(),
            path: a.path.clone(),
        }));
        let taken: HashSet<&str> = copies.iter().map(|c| c.path.as_str()).collect();
        let theme = theme
            .statics()
            .filter(|(path, _)| !taken.contains(path))
            .map(|(path, file)| OutputFile {
                path: hashed_name(path, &file.bytes),
                bytes: file.bytes.clone(),
            })
            .collect();
        Assets { theme, copies }
    }

    /// The URL path each theme stylesheet and script is written at
    /// (`style.css` -> `/style.3f2a9c1e4b5d6e7f.css`); a site's own file of the same
    /// name keeps its name.
    pub fn names(&self, theme: &Theme) -> std::collections::BTreeMap<String, String> {
        theme
            .statics()
            .filter(|(path, _)| is_hashed(path))
            .map(|(path, file)| {
                let own = self.copies.iter().any(|c| c.path == path);
                let out = if own {
                    path.to_owned()
                } else {
                    hashed_name(path, &file.bytes)
                };
                (path.to_owned(), format!("/{out}"))
            })
            .collect()
    }

    /// The URL paths (`/style.css`) of every asset, for checking links to them.
    pub fn url_paths(&self) -> HashSet<String> {
        self.theme
            .iter()
            .map(|f| format!("/{}", f.path))
            .chain(self.copies.iter().map(|c| format!("/{}", c.path)))
            .collect()
    }
}

/// Stylesheets and scripts get a content hash in their names, so hosts may cache them
/// for a year: a changed file is a new name.
fn is_hashed(path: &str) -> bool {
    path.ends_with(".css") || path.ends_with(".js")
}

/// `style.css` -> `style.3f2a9c1e4b5d6e7f.css` (16 hex digits of the bytes'
/// fingerprint) for stylesheets and scripts; other files keep their names.
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    if !is_hashed(path) {
        return path.to_owned();
    }
    let (stem, ext) = path.rsplit_once('.').unwrap_or((path, ""));
    let print = crate::content::fingerprint_bytes(bytes);
    format!("{stem}.{print}.{ext}")
}

/// Every file of the site folder `folder`, to be copied under `prefix` (`""` for
/// static/); what cannot be copied goes to `refused`.
fn copy_folder(
    root: &Path,
    site: &crate::fs::SiteRoot,
    folder: &str,
    prefix: &str,
    copies: &mut Vec<CopyFile>,
    refused: &mut Vec<Diagnostic>,
) {
    let dir_path = root.join(folder);
    if dir_path.symlink_metadata().is_ok() {
        for entry in WalkDir::new(&dir_path)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(&dir_path);
                    refused.push(refusal(
                        root,
                        path,
                        format!("cannot be read: {e}"),
                        "remove or fix the link",
                    ));
                    continue;
                }
            };
            let real = if entry.file_type().is_dir() {
                site.inside(entry.path())
            } else {
                site.file(entry.path()).and_then(|real| {
                    let size = real.metadata().map_or(0, |m| m.len());
                    if size > crate::fs::MAX_FILE_BYTES {
                        Err(crate::fs::Refused::TooLarge(crate::fs::MAX_FILE_BYTES))
                    } else {
                        Ok(real)
                    }
                })
            };
            match real {
                Err(r) => {
                    refused.push(refusal(root, entry.path(), r.reason(), r.hint()));
                }
                Ok(real) if !entry.file_type().is_dir() => {
                    let rel = entry.path().strip_prefix(&dir_path).unwrap_or(entry.path());
                    copies.push(CopyFile {
                        source: real,
                        path: format!("{prefix}{}", rel.to_string_lossy().replace('\\', "/")),
                    });
                }
                Ok(_) => {}
            }
        }
    }
}

/// The error for a file of static/ that is not copied.
fn refusal(root: &Path, path: &Path, reason: String, hint: &str) -> Diagnostic {
    let rel = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error(rel, 0, 0, format!("this file {reason}")).with_hint(hint)
}
