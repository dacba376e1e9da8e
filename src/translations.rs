//! Translations a clinic can trust (DESIGN §10.7): a translation has every section of
//! its source (parity), and `translations.lock` records the source it was checked
//! against, so `build` and `check` say which sections changed since (drift).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::{Body, Page};
use crate::diagnostics::{Diagnostic, display_path};
use crate::site::Resolved;

/// The lock file's name, at the site root.
pub const LOCK_FILE: &str = "translations.lock";

/// What the lock holds for one translated page: its source and the fingerprint of
/// each source part when the translation was last marked as checked.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Marked {
    /// The source file, relative to content/.
    pub source: String,
    /// Fingerprints by section id (and `takeaways`, `body`, `terms`).
    pub sections: BTreeMap<String, String>,
}

/// `translations.lock`: by translation file, relative to content/.
pub type Lock = BTreeMap<String, Marked>;

/// Reads the site's lock file; none is an empty lock.
pub fn read_lock(root: &Path) -> Result<Lock, Diagnostic> {
    crate::yaml::read_lock(root, LOCK_FILE)
}

/// The lock as written: sorted, one line per part, the same bytes for the same lock.
pub fn write_lock(lock: &Lock) -> String {
    let mut out = String::from(
        "# Written by `careleaf translations mark`: for each translation, the source it was\n\
         # checked against (a fingerprint of each section). Commit it; do not edit by hand.\n",
    );
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    for (file, marked) in lock {
        out.push_str(&format!(
            "{}:\n  source: {}\n  sections:\n",
            quote(file),
            quote(&marked.source)
        ));
        for (part, print) in &marked.sections {
            out.push_str(&format!("    {}: \"{print}\"\n", quote(part)));
        }
    }
    out
}

/// Where one translation stands.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum State {
    /// Marked, and the source has not changed since.
    UpToDate,
    /// Marked, but these parts of the source changed (or are new) since.
    Stale {
        /// The changed parts.
        parts: Vec<String>,
    },
    /// Never marked as checked against its source.
    NotMarked,
    /// The page has no translation in that language (readers get the source).
    Missing,
}

/// One row of the translation table: a source page and one other language.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    /// The source file, relative to content/.
    pub source: String,
    /// The language.
    pub lang: String,
    /// The translation file, relative to content/, if there is one.
    pub file: Option<String>,
    /// Where it stands.
    #[serde(flatten)]
    pub state: State,
}

/// The source of page `i` (its version in the site's default language), if `i` is a
/// translation.
fn source_of(resolved: &Resolved<'_>, i: usize) -> Option<usize> {
    let page = &resolved.pages[i];
    let default = resolved.site.default_language();
    if page.lang == default {
        return None;
    }
    resolved.page_by_key(&page.key, default)
}

/// Every source page against every other language of the site.
pub fn table(resolved: &Resolved<'_>, lock: &Lock) -> Vec<Row> {
    let default = resolved.site.default_language();
    let mut rows = Vec::new();
    for (i, page) in resolved.pages.iter().enumerate() {
        if page.lang != default || page.meta.draft {
            continue;
        }
        for lang in resolved.site.languages.iter().filter(|l| *l != default) {
            let (file, state) = match resolved.page_by_key(&page.key, lang) {
                Some(t) => {
                    let t = &resolved.pages[t];
                    (Some(t.content_path.clone()), state(page, t, lock))
                }
                None => (None, State::Missing),
            };
            rows.push(Row {
                source: resolved.pages[i].content_path.clone(),
                lang: lang.clone(),
                file,
                state,
            });
        }
    }
    rows.sort_by(|a, b| (&a.source, &a.lang).cmp(&(&b.source, &b.lang)));
    rows
}

fn state(source: &Page, translation: &Page, lock: &Lock) -> State {
    match lock.get(&translation.content_path) {
        None => State::NotMarked,
        Some(marked) => {
            let parts: Vec<String> = source
                .parts
                .iter()
                .filter(|(part, print)| marked.sections.get(*part) != Some(*print))
                .map(|(part, _)| part.clone())
                .collect();
            if parts.is_empty() && marked.source == source.content_path {
                State::UpToDate
            } else if parts.is_empty() {
                State::Stale {
                    parts: vec!["source".to_owned()],
                }
            } else {
                State::Stale { parts }
            }
        }
    }
}

fn ids(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parity and drift, as diagnostics: a translated guide lacking a section of its
/// source is an error (an extra one, other key points, another handout choice are
/// warnings); a translation whose source changed since it was marked, or that was
/// never marked, is a warning.
pub fn check(resolved: &Resolved<'_>, lock: &Lock) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (i, t) in resolved.pages.iter().enumerate() {
        let Some(s) = source_of(resolved, i) else {
            continue;
        };
        let s = &resolved.pages[s];
        let file = display_path(&t.source);
        let line = t.meta.line.max(1);
        if let (Body::Guide(sg), Body::Guide(tg)) = (&s.body, &t.body) {
            found.extend(parity(s, sg, tg, &file, line));
        }
        match state(s, t, lock) {
            State::Stale { parts } => found.push(
                Diagnostic::warning(
                    file,
                    line,
                    1,
                    format!(
                        "{}: {} {} changed in {} since the translation was marked",
                        t.content_path,
                        if parts.len() == 1 { "section" } else { "sections" },
                        ids(&parts),
                        s.content_path
                    ),
                )
                .with_hint(format!(
                    "bring the translation up to date and have it checked, then run `careleaf translations mark {} {}`",
                    t.lang, t.content_path
                ))
                .with_kind("translation"),
            ),
            State::NotMarked => found.push(
                Diagnostic::warning(
                    file,
                    line,
                    1,
                    format!(
                        "{} has never been marked as checked against {}",
                        t.content_path, s.content_path
                    ),
                )
                .with_hint(format!(
                    "once a clinician has checked the translation, run `careleaf translations mark {} {}`",
                    t.lang, t.content_path
                ))
                .with_kind("translation"),
            ),
            State::UpToDate | State::Missing => {}
        }
    }
    found
}

/// Errors and warnings when a translated guide does not follow its source: missing
/// or extra sections, a different number of key points, a different handout.
fn parity(
    s: &crate::content::Page,
    sg: &crate::content::Guide,
    tg: &crate::content::Guide,
    file: &str,
    line: u32,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let has = |g: &crate::content::Guide, id: &str| g.sections.iter().any(|x| x.id == id);
    let missing: Vec<String> = sg
        .sections
        .iter()
        .filter(|x| !has(tg, &x.id))
        .map(|x| x.id.clone())
        .collect();
    if !missing.is_empty() {
        found.push(
            Diagnostic::error(
                file,
                line,
                1,
                format!(
                    "this translation lacks the section{} {} of {}",
                    if missing.len() == 1 { "" } else { "s" },
                    ids(&missing),
                    display_path(&s.source)
                ),
            )
            .with_hint("translate every section of the source, with the same `id:` (a patient must not miss what the source says)")
            .with_kind("translation"),
        );
    }
    let extra: Vec<String> = tg
        .sections
        .iter()
        .filter(|x| !has(sg, &x.id))
        .map(|x| x.id.clone())
        .collect();
    if !extra.is_empty() {
        found.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!(
                    "this translation has section{} {} that {} does not",
                    if extra.len() == 1 { "" } else { "s" },
                    ids(&extra),
                    display_path(&s.source)
                ),
            )
            .with_hint("give each section the `id:` of the source section it translates, or add the section to the source")
            .with_kind("translation"),
        );
    }
    if sg.takeaways.len() != tg.takeaways.len() {
        found.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!(
                    "this translation has {} key points; {} has {}",
                    tg.takeaways.len(),
                    display_path(&s.source),
                    sg.takeaways.len()
                ),
            )
            .with_hint("translate each key point, no more and no fewer")
            .with_kind("translation"),
        );
    }
    if missing.is_empty() && sg.handout_sections != tg.handout_sections {
        found.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!(
                    "this translation's handout holds {}; the handout of {} holds {}",
                    ids(&tg.handout_sections),
                    display_path(&s.source),
                    ids(&sg.handout_sections)
                ),
            )
            .with_hint("give the translation the same `handout: { sections: [...] }` as its source")
            .with_kind("translation"),
        );
    }
    found
}

/// Marks translations as checked against their sources as they are now: those in
/// `lang` (every language when `None`), only `files` (content paths) when given.
/// Returns the new lock and the translation files marked.
pub fn mark(
    resolved: &Resolved<'_>,
    mut lock: Lock,
    lang: Option<&str>,
    files: &[String],
) -> (Lock, Vec<String>) {
    let mut marked = Vec::new();
    for (i, t) in resolved.pages.iter().enumerate() {
        let Some(s) = source_of(resolved, i) else {
            continue;
        };
        if lang.is_some_and(|l| l != t.lang) {
            continue;
        }
        let named = |f: &String| {
            let f = f.trim_start_matches("content/");
            f == t.content_path
        };
        if !files.is_empty() && !files.iter().any(named) {
            continue;
        }
        let s = &resolved.pages[s];
        lock.insert(
            t.content_path.clone(),
            Marked {
                source: s.content_path.clone(),
                sections: s.parts.clone(),
            },
        );
        marked.push(t.content_path.clone());
    }
    // Translations whose file is gone are forgotten.
    lock.retain(|file, _| resolved.pages.iter().any(|p| &p.content_path == file));
    (lock, marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_reads_back_as_written() {
        let mut lock = Lock::new();
        lock.insert(
            "guide.es.yaml".into(),
            Marked {
                source: "guide.yaml".into(),
                sections: [("tips".to_owned(), "0123456789abcdef".to_owned())].into(),
            },
        );
        let text = write_lock(&lock);
        let back: Lock = crate::yaml::parse(&text, Path::new(LOCK_FILE)).unwrap();
        assert_eq!(back, lock);
        assert_eq!(write_lock(&back), text);
    }
}
