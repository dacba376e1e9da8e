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
pub fn generated(r: &Resolved<'_>, langs: &BTreeMap<String, Language>) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (lang, l) in langs {
        let home = r.home_path(lang);
        if r.page_by_key("_index", lang).is_none() {
            let mut page = blank(
                PageKind::Home,
                r.site.config.title.clone(),
                lang,
                r.url(&home),
                r.permalink(&home),
            );
            page.summary = r.site.config.description.clone();
            page.children = home_children(r, lang);
            jobs.push(Job::generated(&home, page, Extra::None));
        }
        if l.site.search_url.is_some() {
            let path = urls::search(&home);
            let mut page = blank(
                PageKind::Search,
                l.strings.get("search_title").to_owned(),
                lang,
                r.url(&path),
                r.permalink(&path),
            );
            page.summary = Some(l.strings.get("search_intro").to_owned());
            jobs.push(Job::generated(&path, page, Extra::None));
        }
        jobs.extend(taxonomy_pages(r, lang, l));
    }
    let default = r.site.default_language();
    let strings = &langs[default].strings;
    let mut not_found = blank(
        PageKind::NotFound,
        strings.get("not_found_title").to_owned(),
        default,
        r.url(urls::NOT_FOUND),
        r.permalink(urls::NOT_FOUND),
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
    for (i, p) in r.pages.iter().enumerate() {
        for alias in &p.meta.aliases {
            let mut page = blank(
                PageKind::Redirect,
                p.meta.title.clone(),
                &p.lang,
                r.url(&p.path),
                r.permalink(&p.path),
            );
            page.related = vec![link(r, i)];
            jobs.push(Job::generated(alias, page, Extra::None));
        }
    }
    jobs
}

/// The taxonomy pages of a language: `/tags/`, `/tags/NAME/`, `/concerns/`...
fn taxonomy_pages(r: &Resolved<'_>, lang: &str, l: &Language) -> Vec<Job> {
    let mut jobs = Vec::new();
    for taxonomy in TAXONOMIES {
        let Some(terms) = r.taxonomies.get(&(lang.to_owned(), taxonomy)) else {
            continue;
        };
        let index = r.taxonomy_path(lang, taxonomy, None);
        let mut page = blank(
            PageKind::Taxonomy,
            l.strings.get(taxonomy).to_owned(),
            lang,
            r.url(&index),
            r.permalink(&index),
        );
        page.children = terms
            .values()
            .map(|t| LinkContext {
                title: t.name.clone(),
                url: r.url(&r.taxonomy_path(lang, taxonomy, Some(&t.slug))),
                summary: Some(l.strings.count("pages_count", t.pages.len() as u64)),
                kind: PageKind::Term,
                current: false,
            })
            .collect();
        jobs.push(Job::generated(&index, page, Extra::None));
        for t in terms.values() {
            let path = r.taxonomy_path(lang, taxonomy, Some(&t.slug));
            let key = if taxonomy == "tags" {
                "tagged"
            } else {
                "concern"
            };
            let mut page = blank(
                PageKind::Term,
                l.strings.fill(key, &[("name", &t.name)]),
                lang,
                r.url(&path),
                r.permalink(&path),
            );
            page.children = t.pages.iter().map(|&i| link(r, i)).collect();
            jobs.push(Job::generated(&path, page, Extra::None));
        }
    }
    jobs
}

/// What a generated home page lists: every guide in the language.
pub fn home_children(r: &Resolved<'_>, lang: &str) -> Vec<LinkContext> {
    handout::guides(r, lang)
        .into_iter()
        .map(|i| link(r, i))
        .collect()
}
