//! Versions of a leaflet (DESIGN §11.7): `careleaf versions mark` records, per guide and
//! language, a version number, the date, a note and a fingerprint of each part in
//! `versions.lock`, and keeps the PDFs of each version in `archive/`; `build` and
//! `check` show the version on every page and handout and warn when a guide changed
//! since its last version.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::Page;
use crate::diagnostics::{Diagnostic, display_path};
use crate::site::Resolved;

/// The lock file's name, at the site root.
pub const LOCK_FILE: &str = "versions.lock";

/// The folder of archived PDFs, at the site root; published at `/archive/`.
pub const ARCHIVE: &str = "archive";

/// One issued version of a guide in one language.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// 1, 2, 3...
    pub version: u32,
    /// The day it was marked, `YYYY-MM-DD`.
    pub date: String,
    /// What changed, in the clinic's words.
    pub note: String,
    /// Fingerprints by part (section id, `takeaways`), as when it was marked.
    pub sections: BTreeMap<String, String>,
}

/// `versions.lock`: by guide file (relative to content/), its versions, oldest first.
pub type Lock = BTreeMap<String, Vec<Version>>;

/// Reads the site's lock file; none is an empty lock.
pub fn read_lock(root: &Path) -> Result<Lock, Diagnostic> {
    crate::yaml::read_lock(root, LOCK_FILE)
}

/// The lock as written: sorted, one line per part, the same bytes for the same lock.
pub fn write_lock(lock: &Lock) -> String {
    let mut out = String::from(
        "# Written by `careleaf versions mark`: each guide's issued versions, with the date,\n\
         # the note and a fingerprint of each part. Commit it; do not edit by hand.\n",
    );
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    for (file, versions) in lock {
        out.push_str(&format!("{}:\n", quote(file)));
        for v in versions {
            out.push_str(&format!(
                "  - version: {}\n    date: {}\n    note: {}\n    sections:\n",
                v.version,
                quote(&v.date),
                quote(&v.note)
            ));
            for (part, print) in &v.sections {
                out.push_str(&format!("      {}: \"{print}\"\n", quote(part)));
            }
        }
    }
    out
}

/// Where a guide stands against its last version.
#[derive(Debug, Clone, PartialEq)]
pub enum Status<'l> {
    /// Never marked.
    Draft,
    /// Marked, unchanged since.
    Current(&'l Version),
    /// Marked, but these parts changed (or are new, or gone) since.
    Changed(&'l Version, Vec<String>),
}

/// The part that stands for everything of a guide's file outside its sections and
/// key points (title, summary, handout settings...): the whole file's fingerprint.
const WHOLE: &str = "(file)";

/// What a version records of `page`: each part's fingerprint, and the whole file's.
fn prints(page: &Page) -> BTreeMap<String, String> {
    let mut prints = page.parts.clone();
    prints.insert(WHOLE.to_owned(), format!("{:016x}", page.fingerprint));
    prints
}

/// How `page` stands against `lock`.
pub fn status<'l>(page: &Page, lock: &'l Lock) -> Status<'l> {
    let Some(last) = lock.get(&page.content_path).and_then(|v| v.last()) else {
        return Status::Draft;
    };
    let now = prints(page);
    let mut parts: Vec<String> = now
        .iter()
        .filter(|(part, print)| last.sections.get(*part) != Some(*print))
        .map(|(part, _)| part.clone())
        .collect();
    parts.extend(
        last.sections
            .keys()
            .filter(|part| !now.contains_key(*part))
            .cloned(),
    );
    // The file changes with any part; it is named only when nothing else is.
    if parts.len() > 1 {
        parts.retain(|p| p != WHOLE);
    }
    if parts.is_empty() {
        Status::Current(last)
    } else {
        Status::Changed(last, parts)
    }
}

/// A warning for every guide changed since its last version, one for the site when
/// guides were never marked, and an error for a code two guides share.
pub fn check(resolved: &Resolved<'_>, lock: &Lock) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut drafts = Vec::new();
    let mut codes: BTreeMap<&str, &Page> = BTreeMap::new();
    for page in resolved.pages.iter() {
        let Some(guide) = page.guide() else {
            continue;
        };
        if let Some(code) = &guide.code {
            // A guide and its translations are one leaflet and share its code.
            match codes.get(code.value.as_str()) {
                Some(first) if first.key != page.key => {
                    let (line, col) = crate::yaml::position(code);
                    found.push(
                        Diagnostic::error(
                            &page.source,
                            line,
                            col,
                            format!(
                                "the code `{}` is also the code of {}",
                                code.value,
                                display_path(&first.source)
                            ),
                        )
                        .with_hint("each leaflet has its own code: change one of them"),
                    );
                }
                Some(_) => {}
                None => {
                    codes.insert(&code.value, page);
                }
            }
        }
        match status(page, lock) {
            Status::Draft => drafts.push(display_path(&page.source)),
            Status::Current(_) => {}
            Status::Changed(v, parts) => found.push(
                Diagnostic::warning(
                    &page.source,
                    page.meta.line,
                    1,
                    format!(
                        "this guide changed since version {} ({}): {}",
                        v.version,
                        v.date,
                        parts
                            .iter()
                            .map(|p| if p == WHOLE {
                                "its title, summary or other settings".to_owned()
                            } else {
                                format!("`{p}`")
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_hint(
                    "when the change is reviewed, mark a new version: careleaf versions mark FILE --note \"what changed\"",
                ),
            ),
        }
    }
    if !drafts.is_empty() && !lock.is_empty() {
        found.push(
            Diagnostic::warning(
                LOCK_FILE,
                0,
                0,
                format!(
                    "{} guides have no version yet (they show \"Draft\"): {}",
                    drafts.len(),
                    shorten(&drafts)
                ),
            )
            .with_hint("mark them when they are reviewed: careleaf versions mark FILE --note \"First version\""),
        );
    }
    found
}

fn shorten(list: &[String]) -> String {
    if list.len() <= 5 {
        return list.join(", ");
    }
    format!("{} and {} more", list[..5].join(", "), list.len() - 5)
}

/// Marks a new version of every guide named in `files` (every guide when empty) that
/// is a draft or changed since its last version; an unchanged guide keeps its version
/// and the lock its bytes. Returns the lock and each guide marked with its number.
pub fn mark(
    resolved: &Resolved<'_>,
    mut lock: Lock,
    files: &[String],
    note: &str,
    today: &str,
) -> (Lock, Vec<(usize, u32)>) {
    let mut marked = Vec::new();
    for (i, page) in resolved.pages.iter().enumerate() {
        if page.guide().is_none() {
            continue;
        }
        let named = |f: &String| f.trim_start_matches("content/") == page.content_path;
        if !files.is_empty() && !files.iter().any(named) {
            continue;
        }
        let next = match status(page, &lock) {
            Status::Current(_) => continue,
            Status::Draft => 1,
            Status::Changed(v, _) => v.version + 1,
        };
        lock.entry(page.content_path.clone())
            .or_default()
            .push(Version {
                version: next,
                date: today.to_owned(),
                note: note.to_owned(),
                sections: prints(page),
            });
        marked.push((i, next));
    }
    (lock, marked)
}

/// The archived PDF of version `n` of the guide at URL path `path` (`/es/knee/`, the
/// last part naming the PDF as `urls::pdf` does):
/// `archive/es/knee/knee-v2.pdf` (and `-large-print` before `.pdf`), relative to the
/// site root and, under `/`, its URL.
pub fn archived(path: &str, n: u32, large_print: bool) -> String {
    let large = if large_print { "-large-print" } else { "" };
    let slug = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    format!(
        "{ARCHIVE}/{}{slug}-v{n}{large}.pdf",
        path.trim_start_matches('/')
    )
}

/// One version as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionContext {
    /// The number, or none for a draft.
    pub number: Option<u32>,
    /// "Version 2", in the page's language.
    pub label: String,
    /// The date in the page's language.
    pub date: Option<String>,
    /// The note.
    pub note: String,
    /// The archived PDFs' URLs, when they are in archive/.
    pub pdf_url: Option<String>,
    /// The archived large-print PDF's URL.
    pub large_print_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_reads_back_as_written() {
        let mut lock = Lock::new();
        lock.insert(
            "knee.yaml".into(),
            vec![
                Version {
                    version: 1,
                    date: "2026-04-20".into(),
                    note: "First version: \"reviewed\"".into(),
                    sections: [("tips".to_owned(), "0123456789abcdef".to_owned())].into(),
                },
                Version {
                    version: 2,
                    date: "2026-05-01".into(),
                    note: "Added aspirin advice".into(),
                    sections: [("tips".to_owned(), "fedcba9876543210".to_owned())].into(),
                },
            ],
        );
        let text = write_lock(&lock);
        let back: Lock = crate::yaml::parse(&text, Path::new(LOCK_FILE)).unwrap();
        assert_eq!(back, lock);
        assert_eq!(write_lock(&back), text);
    }

    #[test]
    fn archived_pdfs_follow_the_guides_address() {
        assert_eq!(archived("/knee/", 2, false), "archive/knee/knee-v2.pdf");
        assert_eq!(
            archived("/es/knee/", 1, true),
            "archive/es/knee/knee-v1-large-print.pdf"
        );
    }
}
