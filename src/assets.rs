//! The files a site copies as they are: its `static/` folder, the images and other
//! files beside its content, and the theme's static files (CSS, scripts) that the site
//! does not replace with its own.

use std::collections::HashSet;
use std::path::Path;

use walkdir::WalkDir;

use crate::content::Content;
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
    pub fn collect(root: &Path, theme: &Theme, content: &Content) -> Assets {
        let mut copies: Vec<CopyFile> = Vec::new();
        let static_dir = root.join("static");
        if static_dir.is_dir() {
            for entry in WalkDir::new(&static_dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if entry.file_type().is_file() {
                    let rel = entry
                        .path()
                        .strip_prefix(&static_dir)
                        .unwrap_or(entry.path());
                    copies.push(CopyFile {
                        source: entry.path().to_path_buf(),
                        path: rel.to_string_lossy().replace('\\', "/"),
                    });
                }
            }
        }
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
