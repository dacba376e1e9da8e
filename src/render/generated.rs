//! Pages careleaf writes without a content file: a home page per language when none is
//! written, the search page, taxonomy indexes and term pages, the 404 page and alias
//! redirects.

use std::collections::BTreeMap;

use super::PageKind;
use super::context::LinkContext;
use super::handout;
use super::prepare::{Extra, Job, Language, blank, link};
use crate::site::{Resolved, TAXONOMIES};
use crate::urls;

/// Pages careleaf writes without a file: a home page per language when none is
/// written, taxonomy indexes and term pages, the 404 page and alias redirects.
pub fn generated(resolved: &Resolved<'_>, langs: &BTreeMap<String, Language>) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (lang, language) in langs {
        let home = resolved.home_path(lang);
        if resolved.page_by_key("_index", lang).is_none() {
            let mut page = blank(
                PageKind::Home,
                resolved.site.config.title.clone(),
                lang,
                resolved.url(&home),
                resolved.permalink(&home),
            );
            page.summary = resolved.site.config.description.clone();
            page.children = home_children(resolved, lang);
            jobs.push(Job::generated(&home, page, Extra::None));
        }
        if language.site.search_url.is_some() {
            let path = urls::search(&home);
            let mut page = blank(
                PageKind::Search,
                language.strings.get("search_title").to_owned(),
                lang,
                resolved.url(&path),
                resolved.permalink(&path),
            );
            page.summary = Some(language.strings.get("search_intro").to_owned());
            jobs.push(Job::generated(&path, page, Extra::None));
        }
        jobs.extend(taxonomy_pages(resolved, lang, language));
    }
    let default = resolved.site.default_language();
    let strings = &langs[default].strings;
    let mut not_found = blank(
        PageKind::NotFound,
        strings.get("not_found_title").to_owned(),
        default,
        resolved.url(urls::NOT_FOUND),
        resolved.permalink(urls::NOT_FOUND),
    );
    not_found.summary = Some(strings.get("not_found_body").to_owned());
    jobs.push(Job {
        output: "404.html".into(),
        template: PageKind::NotFound.template().into(),
        lang: default.to_owned(),
        page: Box::new(not_found),
        index: None,
        extra: Extra::None,
        lazy_content: false,
    });
    for (i, p) in resolved.pages.iter().enumerate() {
        for alias in &p.meta.aliases {
            let mut page = blank(
                PageKind::Redirect,
                p.meta.title.clone(),
                &p.lang,
                resolved.url(&p.path),
                resolved.permalink(&p.path),
            );
            page.related = vec![link(resolved, i)];
            jobs.push(Job::generated(alias, page, Extra::None));
        }
    }
    jobs
}

/// The taxonomy pages of a language: `/tags/`, `/tags/NAME/`, `/concerns/`...
fn taxonomy_pages(resolved: &Resolved<'_>, lang: &str, language: &Language) -> Vec<Job> {
    let mut jobs = Vec::new();
    for taxonomy in TAXONOMIES {
        let Some(terms) = resolved.taxonomies.get(&(lang.to_owned(), taxonomy)) else {
            continue;
        };
        let index = resolved.taxonomy_path(lang, taxonomy, None);
        let mut page = blank(
            PageKind::Taxonomy,
            language.strings.get(taxonomy).to_owned(),
            lang,
            resolved.url(&index),
            resolved.permalink(&index),
        );
        page.children = terms
            .values()
            .map(|t| LinkContext {
                title: t.name.clone(),
                url: resolved.url(&resolved.taxonomy_path(lang, taxonomy, Some(&t.slug))),
                summary: Some(language.strings.count("pages_count", t.pages.len() as u64)),
                kind: PageKind::Term,
                current: false,
            })
            .collect();
        jobs.push(Job::generated(&index, page, Extra::None));
        for t in terms.values() {
            let path = resolved.taxonomy_path(lang, taxonomy, Some(&t.slug));
            let key = if taxonomy == "tags" {
                "tagged"
            } else {
                "concern"
            };
            let mut page = blank(
                PageKind::Term,
                language.strings.fill(key, &[("name", &t.name)]),
                lang,
                resolved.url(&path),
                resolved.permalink(&path),
            );
            page.children = t.pages.iter().map(|&i| link(resolved, i)).collect();
            jobs.push(Job::generated(&path, page, Extra::None));
        }
    }
    jobs
}

/// What a generated home page lists: every guide in the language.
pub fn home_children(resolved: &Resolved<'_>, lang: &str) -> Vec<LinkContext> {
    handout::guides(resolved, lang)
        .into_iter()
        .map(|i| link(resolved, i))
        .collect()
}
