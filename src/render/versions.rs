//! Leaflet versions on the site (DESIGN §11.7): every guide page (and so its handout
//! page and PDF) says which version it is, "ORTH-023 · Version 3 · 20 April 2026", and
//! `/SLUG/versions/` lists every version with its note and archived PDFs. Nothing shows
//! on a site that uses neither `code:` nor `careleaf versions mark`.

use std::collections::BTreeMap;

use super::context::PageVersion;
use super::kind::PageKind;
use super::prepare::{Extra, Job, Language, blank};
use crate::i18n::Strings;
use crate::markdown::Links as _;
use crate::site::Resolved;
use crate::versions::{self, Lock, Status, VersionContext};

/// The label of page `i`'s version in `strings`' language, and the URL of its versions
/// page when it has versions; none for a site without versions or codes.
pub fn label(
    resolved: &Resolved<'_>,
    lock: &Lock,
    i: usize,
    strings: &Strings,
) -> Option<PageVersion> {
    let page = &resolved.pages[i];
    let guide = page.guide()?;
    let code = guide.code.as_ref().map(|c| c.value.clone());
    let status = versions::status(page, lock);
    if code.is_none() && lock.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = code.into_iter().collect();
    match status {
        Status::Draft => parts.push(strings.get("version_draft").to_owned()),
        Status::Current(v) | Status::Changed(v, _) => {
            parts.push(strings.fill("version_label", &[("n", &v.version.to_string())]));
            if let Ok(date) = v.date.parse::<jiff::civil::Date>() {
                parts.push(strings.date(date));
            }
        }
    }
    let url = lock
        .get(&page.content_path)
        .is_some_and(|v| !v.is_empty())
        .then(|| resolved.url(&format!("{}versions/", page.path)));
    Some(PageVersion {
        label: parts.join(" · "),
        url,
    })
}

/// Labels every guide job, and adds each versioned guide's versions page.
pub fn pages(
    resolved: &Resolved<'_>,
    langs: &BTreeMap<String, Language>,
    jobs: &mut [Job],
) -> Vec<Job> {
    let lock = versions::read_lock(&resolved.site.root).unwrap_or_default();
    let mut added = Vec::new();
    for job in jobs.iter_mut() {
        let Some(i) = job.index else { continue };
        let Some(guide) = resolved.pages[i].guide() else {
            continue;
        };
        let Some(language) = langs.get(&job.lang) else {
            continue;
        };
        let strings = language.strings(guide.audience);
        job.page.version = label(resolved, &lock, i, strings).map(Box::new);
        let page = &resolved.pages[i];
        let Some(list) = lock.get(&page.content_path).filter(|v| !v.is_empty()) else {
            continue;
        };
        let path = format!("{}versions/", page.path);
        let mut context = blank(
            PageKind::Page,
            strings.fill("versions_title", &[("title", &page.meta.title)]),
            &job.lang,
            resolved.url(&path),
            resolved.permalink(&path),
        );
        context.summary = Some(strings.fill("versions_intro", &[("title", &page.meta.title)]));
        context.version = job.page.version.clone();
        let entries = list
            .iter()
            .rev()
            .map(|v| {
                let archived = |large: bool| {
                    let file = versions::archived(&page.path, v.version, large);
                    let url = format!("/{file}");
                    resolved.file_exists(&url).then(|| resolved.url(&url))
                };
                VersionContext {
                    number: Some(v.version),
                    label: strings.fill("version_label", &[("n", &v.version.to_string())]),
                    date: v
                        .date
                        .parse::<jiff::civil::Date>()
                        .ok()
                        .map(|d| strings.date(d)),
                    note: v.note.clone(),
                    pdf_url: archived(false),
                    large_print_url: archived(true),
                }
            })
            .collect();
        let mut job = Job::generated(&path, context, Extra::Versions(entries));
        job.template = "versions.html".to_owned();
        added.push(job);
    }
    added
}
