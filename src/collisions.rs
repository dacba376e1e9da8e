//! Two things at one place in the output: a file of static/ or content/ where careleaf
//! writes a page or file of its own (the home page, a guide, `_headers`, the
//! sitemap), the same path in both static/ and content/, or a path that is a file
//! for one output and a folder for another (an alias `/index.html`). Each is an error
//! naming what collides, never a race or a silent replacement: careleaf's own files
//! win, loudly.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::output::{CopyFile, OutputFile};

/// What collides in the output of a site at `root`.
pub fn collisions(root: &Path, files: &[OutputFile], copies: &[CopyFile]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let source = |c: &CopyFile| {
        c.source
            .strip_prefix(&real_root)
            .or_else(|_| c.source.strip_prefix(root))
            .unwrap_or(&c.source)
            .to_path_buf()
    };
    let made: BTreeMap<&str, ()> = files.iter().map(|f| (f.path.as_str(), ())).collect();
    let mut copied: BTreeMap<&str, &CopyFile> = BTreeMap::new();
    for c in copies {
        if let Some(first) = copied.get(c.path.as_str()) {
            problems.push(
                Diagnostic::error(
                    source(c),
                    0,
                    0,
                    format!(
                        "this file and `{}` would both be published at `/{}`",
                        crate::diagnostics::display_path(&source(first)),
                        c.path
                    ),
                )
                .with_hint("keep one of them, or rename one"),
            );
            continue;
        }
        copied.insert(&c.path, c);
        if made.contains_key(c.path.as_str()) {
            problems.push(
                Diagnostic::error(
                    source(c),
                    0,
                    0,
                    format!(
                        "this file would replace `/{}`, which careleaf makes ({})",
                        c.path,
                        what_careleaf_makes(&c.path)
                    ),
                )
                .with_hint(replace_hint(&c.path)),
            );
        }
    }
    // A path that is a file for one output and a folder for another: sorted, a
    // folder's files follow its name at once (`a`, `a/b`; `a-b` sorts after `a/`
    // only when nothing is between, so every path is compared with its followers
    // while they start with it).
    let mut paths: Vec<&str> = made.keys().copied().chain(copied.keys().copied()).collect();
    paths.sort_unstable();
    paths.dedup();
    for (i, path) in paths.iter().enumerate() {
        let folder = format!("{path}/");
        if let Some(inside) = paths[i + 1..]
            .iter()
            .take_while(|p| p.starts_with(path))
            .find(|p| p.starts_with(&folder))
        {
            problems.push(
                Diagnostic::general(format!(
                    "`/{path}` would be both a file and a folder of the site (`/{inside}` is inside it)"
                ))
                .with_hint("an alias, a slug or a file of static/ names a file careleaf writes: choose another name"),
            );
        }
    }
    problems
}

/// What careleaf writes at an output path, in words.
fn what_careleaf_makes(path: &str) -> &'static str {
    match path {
        "_headers" => "the security headers every page is sent with",
        "sitemap.xml" => "the sitemap",
        "robots.txt" => "the file that points search engines at the sitemap",
        "404.html" => "the page shown for a missing address",
        "index.html" => "the home page, from content/_index.md",
        p if p.ends_with("atom.xml") => "the news feed",
        p if p.ends_with(".pdf") => "a handout PDF",
        p if p.ends_with("index.html") => "a page of the site",
        _ => "a file of the site",
    }
}

fn replace_hint(path: &str) -> &'static str {
    match path {
        "_headers" => {
            "careleaf's _headers holds the site's content security policy; add headers of your own in your host's settings (netlify.toml `[[headers]]`, Cloudflare's dashboard), which the host merges with _headers"
        }
        "index.html" => "write the home page in content/_index.md, and remove static/index.html",
        _ => "remove the file, or give it another name; to change a page, edit its content file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn copy(source: &str, path: &str) -> CopyFile {
        CopyFile {
            source: PathBuf::from("/site").join(source),
            path: path.to_owned(),
        }
    }

    fn made(path: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            bytes: Vec::new(),
        }
    }

    #[test]
    fn each_kind_of_collision_is_named() {
        let files = [
            made("index.html"),
            made("_headers"),
            made("g/index.html"),
            made("index.html/index.html"),
        ];
        let copies = [
            copy("static/_headers", "_headers"),
            copy("static/x.png", "x.png"),
            copy("content/x.png", "x.png"),
            copy("static/ok.png", "ok.png"),
        ];
        let found = collisions(Path::new("/site"), &files, &copies);
        let messages: Vec<String> = found
            .iter()
            .map(|d| format!("{:?}: {}", d.file, d.message))
            .collect();
        assert_eq!(found.len(), 3, "{messages:#?}");
        assert!(
            messages[0].contains("static/_headers") && messages[0].contains("security headers")
        );
        assert!(
            messages[1].contains("content/x.png")
                && messages[1].contains("`static/x.png` would both")
        );
        assert!(messages[2].contains("`/index.html` would be both a file and a folder"));
        assert!(collisions(Path::new("/site"), &files[..3], &copies[3..]).is_empty());
    }
}
