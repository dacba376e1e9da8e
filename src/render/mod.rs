//! Rendering: template contexts into HTML with Tera, plus the generated pages (home
//! when none is written, taxonomies, 404, redirects) and sitemap/robots files.

pub mod context;
pub mod feed;
pub mod handout;
pub mod ingredients;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod prepare;
#[cfg(feature = "search")]
pub mod search;

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Site;
use crate::diagnostics::Diagnostic;
use crate::markdown::glossary::Entry as GlossaryEntry;
use crate::markdown::{Glossary, escape, plain_text};
use crate::site::{Resolved, TAXONOMIES};
use crate::theme::Theme;
use context::{LinkContext, SiteContext};
use prepare::{Extra, Job, Language, blank, link};

/// A file of the finished site, relative to the output folder.
#[derive(Debug)]
pub struct OutputFile {
    /// `microneedling/index.html`.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The compiled templates of a theme.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Compiles every template of the theme; syntax errors name the template file.
    pub fn compile(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        for (name, file) in theme.templates() {
            match std::str::from_utf8(&file.bytes) {
                Ok(text)
                    if name.ends_with(".html")
                        || name.ends_with(".xml")
                        || name.ends_with(".txt") =>
                {
                    sources.push((name.to_owned(), text.to_owned(), file.origin.clone()));
                }
                Ok(_) => {}
                Err(_) => problems.push(Diagnostic::general(format!(
                    "{}: the template is not UTF-8 text",
                    file.origin
                ))),
            }
        }
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            problems.push(template_error(&e, &sources));
        }
        if problems.is_empty() {
            Ok(Templates { tera })
        } else {
            Err(problems)
        }
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, String> {
        self.tera.render(template, ctx).map_err(|e| error_chain(&e))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn template_error(e: &tera::Error, sources: &[(String, String, String)]) -> Diagnostic {
    let text = error_chain(e);
    let origin = sources
        .iter()
        .find(|(name, _, _)| text.contains(name.as_str()))
        .map_or("templates", |(_, _, o)| o.as_str());
    Diagnostic::general(format!("template error in {origin}: {text}")).with_hint(
        "fix the template; careleaf's built-in templates are in src/themes/default/templates/",
    )
}

/// What the search indexer did (feature `search`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SearchStats {
    /// Pages in the index.
    pub pages: usize,
    /// Bytes of index data (word index, fragments, filters; not the scripts).
    pub index_bytes: usize,
    /// Bytes of everything written under `pagefind/`.
    pub total_bytes: usize,
    /// Wall time spent indexing.
    pub time: std::time::Duration,
}

/// The `site` context and strings of each language.
pub fn languages(
    r: &Resolved<'_>,
    theme: &Theme,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Language> {
    let site = r.site;
    let mut map = BTreeMap::new();
    for lang in &site.languages {
        let strings = theme.strings(lang, problems);
        let labels = strings.callout_labels();
        let mut site_ctx = site_context(r, site, lang);
        site_ctx.theme_stylesheet_url = theme.file("static/theme.css").map(|_| r.url("/theme.css"));
        let glossary = if site.config.glossary.autolink {
            glossary(r, lang)
        } else {
            None
        };
        map.insert(
            lang.clone(),
            Language {
                strings,
                labels,
                site: site_ctx,
                glossary,
            },
        );
    }
    map
}

/// The URL of a file named from the site root (`static/logo.svg` is served at `/logo.svg`).
fn static_url(r: &Resolved<'_>, path: &str) -> String {
    r.url(&format!(
        "/{}",
        path.trim_start_matches("static/").trim_start_matches('/')
    ))
}

/// The glossary shown to readers of `lang`: the one in that language, else the first.
fn glossary_page(r: &Resolved<'_>, lang: &str) -> Option<usize> {
    let is_glossary =
        |p: &crate::content::Page| matches!(p.body, crate::content::Body::Glossary(_));
    r.pages
        .iter()
        .position(|p| p.lang == lang && is_glossary(p))
        .or_else(|| r.pages.iter().position(is_glossary))
}

/// The autolinking matcher for pages in `lang`, if the site has a glossary.
fn glossary(r: &Resolved<'_>, lang: &str) -> Option<Glossary> {
    let i = glossary_page(r, lang)?;
    let page = &r.pages[i];
    let crate::content::Body::Glossary(terms) = &page.body else {
        return None;
    };
    let url = r.url(&page.path);
    let terms = terms
        .iter()
        .map(|t| {
            let entry = GlossaryEntry {
                url: format!("{url}#{}", t.id),
                title: plain_text(&t.definition.value),
            };
            let mut names = vec![t.term.clone()];
            names.extend(t.aliases.iter().cloned());
            (entry, names)
        })
        .collect();
    Some(Glossary::new(terms))
}

fn tel(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

fn site_context(r: &Resolved<'_>, site: &Site, lang: &str) -> SiteContext {
    let c = &site.config;
    let mut menu: Vec<(i64, LinkContext)> = r
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == lang && !(p.is_index && p.section.is_empty()))
        .filter(|(_, p)| {
            (p.is_index && !p.section.contains('/')) || (!p.is_index && p.section.is_empty())
        })
        .map(|(i, p)| (p.meta.weight, link(r, i)))
        .collect();
    menu.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
    let glossary_url = glossary_page(r, lang).map(|i| r.url(&r.pages[i].path));
    SiteContext {
        title: c.title.clone(),
        description: c.description.clone(),
        base_url: format!("{}{}", site.base_url.origin, site.base_url.prefix),
        prefix: site.base_url.prefix.clone(),
        default_language: site.default_language().to_owned(),
        clinic: c.clinic.clone(),
        logo_url: c
            .theme_options
            .get("logo")
            .map(|l| &l.value)
            .or(c.clinic.logo.as_ref())
            .map(|l| static_url(r, l)),
        clinic_logo_url: c.clinic.logo.as_ref().map(|l| static_url(r, l)),
        phone_href: tel(&c.clinic.phone),
        after_hours_href: c.clinic.after_hours.as_deref().map(tel),
        theme_options: c
            .theme_options
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
        accent: c.theme_options.get("accent").map(|a| a.value.clone()),
        menu: menu.into_iter().map(|(_, l)| l).collect(),
        home_url: r.url(&r.home_path(lang)),
        glossary_url,
        ingredients_url: None,
        search_url: (cfg!(feature = "search") && c.search)
            .then(|| r.url(&format!("{}search/", r.home_path(lang)))),
        search_bundle_url: r.url("/pagefind/"),
        feed_url: (c.feed && feed::has_entries(r, lang)).then(|| r.url(&feed::path(r, lang))),
        stylesheet_url: r.url("/style.css"),
        theme_stylesheet_url: None,
        print_stylesheet_url: r.url("/print.css"),
    }
}

/// Pages careleaf writes without a file: a home page per language when none is
/// written, taxonomy indexes and term pages, the 404 page and alias redirects.
pub fn generated(r: &Resolved<'_>, langs: &BTreeMap<String, Language>) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (lang, l) in langs {
        let home = r.home_path(lang);
        if r.page_by_key("_index", lang).is_none() {
            let mut page = blank(
                "home",
                r.site.config.title.clone(),
                lang,
                r.url(&home),
                r.permalink(&home),
            );
            page.summary = r.site.config.description.clone();
            page.children = home_children(r, lang);
            jobs.push(job(&home, "home.html", lang, page));
        }
        if l.site.search_url.is_some() {
            let path = format!("{home}search/");
            let mut page = blank(
                "search",
                l.strings.get("search_title").to_owned(),
                lang,
                r.url(&path),
                r.permalink(&path),
            );
            page.summary = Some(l.strings.get("search_intro").to_owned());
            jobs.push(job(&path, "search.html", lang, page));
        }
        for taxonomy in TAXONOMIES {
            let Some(terms) = r.taxonomies.get(&(lang.clone(), taxonomy)) else {
                continue;
            };
            let index = r.taxonomy_path(lang, taxonomy, None);
            let mut page = blank(
                "taxonomy",
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
                    summary: Some(
                        l.strings
                            .fill("pages_count", &[("n", &t.pages.len().to_string())]),
                    ),
                    kind: "term",
                    current: false,
                })
                .collect();
            jobs.push(job(&index, "taxonomy.html", lang, page));
            for t in terms.values() {
                let path = r.taxonomy_path(lang, taxonomy, Some(&t.slug));
                let key = if taxonomy == "tags" {
                    "tagged"
                } else {
                    "concern"
                };
                let mut page = blank(
                    "term",
                    l.strings.fill(key, &[("name", &t.name)]),
                    lang,
                    r.url(&path),
                    r.permalink(&path),
                );
                page.children = t.pages.iter().map(|&i| link(r, i)).collect();
                jobs.push(job(&path, "taxonomy.html", lang, page));
            }
        }
    }
    let default = r.site.default_language();
    let strings = &langs[default].strings;
    let mut not_found = blank(
        "not-found",
        strings.get("not_found_title").to_owned(),
        default,
        r.url("/404.html"),
        r.permalink("/404.html"),
    );
    not_found.summary = Some(strings.get("not_found_body").to_owned());
    jobs.push(Job {
        output: "404.html".into(),
        template: "404.html".into(),
        lang: default.to_owned(),
        page: not_found,
        index: None,
        extra: Extra::None,
    });
    for (i, p) in r.pages.iter().enumerate() {
        for alias in &p.meta.aliases {
            let mut page = blank(
                "redirect",
                p.meta.title.clone(),
                &p.lang,
                r.url(&p.path),
                r.permalink(&p.path),
            );
            page.related = vec![link(r, i)];
            jobs.push(job(alias, "redirect.html", &p.lang, page));
        }
    }
    jobs
}

fn job(path: &str, template: &str, lang: &str, page: context::PageContext) -> Job {
    Job {
        output: format!("{}index.html", path.trim_start_matches('/')),
        template: template.to_owned(),
        lang: lang.to_owned(),
        page,
        index: None,
        extra: Extra::None,
    }
}

/// What a generated home page lists: every guide in the language.
pub fn home_children(r: &Resolved<'_>, lang: &str) -> Vec<LinkContext> {
    handout::guides(r, lang)
        .into_iter()
        .map(|i| link(r, i))
        .collect()
}

/// An error when two pages would be written to one file (a content page at a path
/// careleaf writes itself, such as `/search/` or `/ingredients/`).
pub fn same_output(jobs: &[Job]) -> Option<Diagnostic> {
    let mut seen: BTreeMap<&str, &Job> = BTreeMap::new();
    for job in jobs {
        if let Some(first) = seen.insert(&job.output, job) {
            let who = |j: &Job| match j.index {
                Some(_) => j.page.source.clone(),
                None => format!("careleaf's {} page", j.page.kind),
            };
            let message = format!(
                "two pages would be written to {}: {} and {}",
                job.page.url,
                who(first),
                who(job)
            );
            let hint = "give one of them another `slug` (or rename the file)";
            let file = [first, job]
                .into_iter()
                .find(|j| j.index.is_some())
                .map(|j| j.page.source.clone());
            return Some(
                match file {
                    Some(file) => Diagnostic::error(file, 1, 1, message),
                    None => Diagnostic::general(message),
                }
                .with_hint(hint),
            );
        }
    }
    None
}

/// Renders every job with its template, in parallel. Template errors (a site's own
/// template using a variable that does not exist) are returned as problems.
pub fn render(
    templates: &Templates,
    jobs: &[Job],
    langs: &BTreeMap<String, Language>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let l = &langs[&job.lang];
            let mut ctx = Context::new();
            ctx.insert("site", &l.site);
            ctx.insert("page", &job.page);
            ctx.insert("t", l.strings.all());
            ctx.insert("lang", &job.lang);
            match &job.extra {
                Extra::None => {}
                Extra::Handout(h) => ctx.insert("handout", h),
                Extra::Handouts(h) => ctx.insert("handouts", h),
                Extra::Ingredients(list) => ctx.insert("ingredients", list),
            }
            if !templates.has(&job.template) {
                return Err(Diagnostic::general(format!(
                    "there is no template `{}` (asked for by {})",
                    job.template, job.page.source
                ))
                .with_hint("add it to templates/ or remove `template:`"));
            }
            templates
                .render(&job.template, &ctx)
                .map(|html| OutputFile {
                    path: job.output.clone(),
                    bytes: html.into_bytes(),
                })
                .map_err(|e| {
                    Diagnostic::general(format!(
                        "rendering {} with {}: {e}",
                        job.page.url, job.template
                    ))
                })
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(f) => files.push(f),
            Err(d) => {
                if !problems.contains(&d) {
                    problems.push(d);
                }
            }
        }
    }
    (files, problems)
}

/// `sitemap.xml` (every page with its alternates) and `robots.txt`.
pub fn sitemap(r: &Resolved<'_>, jobs: &[Job]) -> Vec<OutputFile> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut entries: Vec<&Job> = jobs
        .iter()
        .filter(|j| !matches!(j.page.kind, "not-found" | "redirect" | "handout" | "search"))
        .collect();
    entries.sort_by(|a, b| a.page.permalink.cmp(&b.page.permalink));
    for job in entries {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&job.page.permalink)
        ));
        if let Some(rv) = &job.page.reviewed {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", rv.on));
        }
        for t in &job.page.translations {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}{}\"/>\n",
                escape(&t.lang),
                escape(&r.site.base_url.origin),
                escape(&t.url)
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        r.permalink("/sitemap.xml")
    );
    vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots.into_bytes(),
        },
    ]
}
