//! From resolved pages to template contexts: Markdown converted (links checked on the
//! way), windows and dates put in words, related pages and translations linked.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::PageKind;
use super::context::*;
use crate::content::{Body, Page};
use crate::i18n::Strings;
use crate::markdown::{Autolink, CalloutLabels, Glossary, Markdown, Origin};
use crate::sections::{Convert, Prose};
use crate::site::Resolved;
use crate::urls;

/// One page to render: where it goes, with which template, and its context.
#[derive(Debug, Clone)]
pub struct Job {
    /// Output path relative to the output folder (`microneedling/index.html`).
    pub output: String,
    /// Template name (`guide.html`).
    pub template: String,
    /// The page's language.
    pub lang: String,
    /// The page (boxed: a site's jobs are all held at once, and a context is large).
    pub page: Box<PageContext>,
    /// The index of the written page it shows in `Resolved::pages`, if any.
    pub index: Option<usize>,
    /// Variables only some templates receive.
    pub extra: Extra,
    /// Whether `page.content` (a Markdown page's body) is converted only when the
    /// page is rendered, by [`markdown_content`]: `build` does not hold the whole
    /// site's HTML at once.
    pub lazy_content: bool,
}

impl Job {
    /// A page careleaf writes without a content file, at site path `path`, with the
    /// default template of its kind.
    pub fn generated(path: &str, page: PageContext, extra: Extra) -> Job {
        Job {
            output: urls::output_file(path),
            template: page.kind.template().to_owned(),
            lang: page.lang.clone(),
            page: Box::new(page),
            index: None,
            extra,
            lazy_content: false,
        }
    }
}

/// Template variables beside `site`, `page`, `t` and `lang`.
#[derive(Debug, Clone)]
pub enum Extra {
    /// Nothing more.
    None,
    /// `handout`, on a handout page.
    Handout(Box<HandoutContext>),
    /// `handouts`, on the handout list.
    Handouts(HandoutsContext),
    /// `ingredients`, on the ingredient index.
    Ingredients(Vec<IngredientIndexEntry>),
    /// `medicines`, on the medicines index.
    Medicines(Vec<IngredientIndexEntry>),
    /// `versions`, on a guide's versions page, newest first.
    Versions(Vec<crate::versions::VersionContext>),
}

/// What prose fields are converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// HTML, for web pages.
    Html,
    /// Typst markup, for PDFs.
    Typst,
}

/// Per-language data shared by all pages.
pub struct Language {
    /// UI strings.
    pub strings: Strings,
    /// The UI strings of guides for parents and for carers (DESIGN §11.2).
    pub parent: Strings,
    /// See `parent`.
    pub carer: Strings,
    /// Callout labels.
    pub labels: CalloutLabels,
    /// The `site` context.
    pub site: SiteContext,
    /// The glossary whose terms are autolinked, if any.
    pub glossary: Option<Glossary>,
    /// A hash of everything above that prose rendering depends on (strings, glossary).
    pub fingerprint: u64,
}

impl Language {
    /// The UI strings of a guide for `audience`.
    pub fn strings(&self, audience: crate::i18n::Audience) -> &Strings {
        match audience {
            crate::i18n::Audience::Patient => &self.strings,
            crate::i18n::Audience::Parent => &self.parent,
            crate::i18n::Audience::Carer => &self.carer,
        }
    }
}

/// Builds the jobs for every written page (their prose was checked by the checks
/// stage).
/// With a cache (`serve`), the prose of a page whose file, links, strings and
/// glossary are as in the last build is taken from it.
pub fn pages(
    resolved: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
    settings: super::Settings,
    cache: Option<&ProseCache>,
) -> Vec<Job> {
    let memo = Memo::new(cache);
    (0..resolved.pages.len())
        .into_par_iter()
        .map(|i| {
            let page = &resolved.pages[i];
            let lang = &langs[&page.lang];
            let autolink = match page.body {
                Body::Glossary(_) => None,
                _ => lang.glossary.as_ref().map(Autolink::new),
            };
            let mut builder = PageBuilder {
                resolved,
                md,
                page,
                lang,
                format: Format::Html,
                autolink,
            };
            builder.job(i, langs, settings, &memo)
        })
        .collect()
}

/// A page's prose converted to HTML: what is worth keeping between `serve` builds.
#[derive(Debug, Clone, Default)]
pub struct PageProse {
    /// A Markdown page's body.
    pub(crate) content: String,
    pub(super) takeaways: Vec<String>,
    pub(super) sections: Vec<SectionContext>,
    pub(super) terms: Vec<TermContext>,
}

/// Converted prose of the last build's pages, by a hash of all it depends on.
pub type ProseCache = crate::cache::LastBuild<u64, std::sync::Arc<PageProse>>;

/// The prose cache as one build uses it.
pub(super) type Memo<'c> = crate::cache::Memo<'c, u64, std::sync::Arc<PageProse>>;

pub fn link(resolved: &Resolved<'_>, i: usize) -> LinkContext {
    let p = &resolved.pages[i];
    LinkContext {
        title: p.meta.title.clone(),
        url: resolved.url(&p.path),
        summary: p.meta.summary.clone(),
        kind: kind_of(p),
        current: false,
    }
}

pub(super) fn kind_of(p: &Page) -> PageKind {
    match (&p.body, p.is_index) {
        (_, true) if p.section.is_empty() => PageKind::Home,
        (_, true) => PageKind::Section,
        (Body::Guide(_), _) => PageKind::Guide,
        (Body::Glossary(_), _) => PageKind::Glossary,
        (Body::Markdown(_), _) => PageKind::Page,
    }
}

/// An empty page context of `kind`, filled in by the caller.
pub fn blank(
    kind: PageKind,
    title: String,
    lang: &str,
    url: String,
    permalink: String,
) -> PageContext {
    PageContext {
        kind,
        title,
        summary: None,
        lang: lang.to_owned(),
        url,
        permalink,
        source: String::new(),
        content: String::new(),
        date: None,
        reviewed: None,
        tags: Vec::new(),
        concerns: Vec::new(),
        related: Vec::new(),
        prev: None,
        next: None,
        children: Vec::new(),
        translations: Vec::new(),
        takeaways: Vec::new(),
        sections: Vec::new(),
        terms: Vec::new(),
        json_ld: None,
        handout_url: None,
        pdf_url: None,
        large_print_url: None,
        plan_events: Vec::new(),
        help_id: None,
        version: None,
        audience: crate::i18n::Audience::Patient,
        dates: None,
        contact: None,
        plan: false,
        untranslated: Vec::new(),
        pagination: None,
    }
}

/// A guide's key points and the sections its handout holds, with prose converted to
/// `format`. Problems in the prose were reported when the guide page was prepared.
pub fn handout_parts(
    resolved: &Resolved<'_>,
    md: &Markdown,
    i: usize,
    lang: &Language,
    format: Format,
) -> (Vec<String>, Vec<SectionContext>) {
    let page = &resolved.pages[i];
    let Body::Guide(g) = &page.body else {
        return (Vec::new(), Vec::new());
    };
    let mut builder = PageBuilder {
        resolved,
        md,
        page,
        lang,
        format,
        autolink: None,
    };
    let takeaways = g.takeaways.iter().map(|t| builder.inline(t)).collect();
    let sections = g
        .handout_sections
        .iter()
        .filter_map(|id| g.sections.iter().find(|s| s.id == *id))
        .map(|s| builder.section(&s.id, &s.section))
        .collect();
    (takeaways, sections)
}

pub(super) struct PageBuilder<'a, 'r> {
    pub(super) resolved: &'a Resolved<'r>,
    pub(super) md: &'a Markdown,
    pub(super) page: &'a Page,
    pub(super) lang: &'a Language,
    pub(super) format: Format,
    /// Glossary links made so far on this page (none on glossaries and handouts).
    autolink: Option<Autolink<'a>>,
}

impl<'a> PageBuilder<'a, '_> {
    pub(super) fn origin(&self, line: u32) -> Origin<'a> {
        Origin {
            file: &self.page.source,
            line,
            lang: &self.page.lang,
            labels: &self.lang.labels,
        }
    }

    pub(super) fn typst(&self, p: &Prose) -> String {
        let permalink = self.resolved.permalink(&self.page.path);
        crate::markdown::typst_markup::to_typst(
            &p.value,
            &crate::markdown::typst_markup::Target {
                links: self.resolved,
                lang: &self.page.lang,
                origin: &self.resolved.site.base_url.origin,
                permalink: &permalink,
                labels: &self.lang.labels,
            },
        )
    }

    /// A prose field in the builder's format; `inline` drops a lone paragraph's `<p>`.
    pub(super) fn convert(&mut self, p: &Prose, inline: bool) -> String {
        if self.format == Format::Typst {
            return self.typst(p);
        }
        let origin = self.origin(p.referenced.line() as u32);
        let autolink = self.autolink.as_mut();
        if inline {
            self.md
                .render_inline(&p.value, &origin, self.resolved, autolink)
        } else {
            self.md.render(&p.value, &origin, self.resolved, autolink)
        }
    }

    /// The page's prose, converted: the Markdown body, or a guide's key points and
    /// sections, or a glossary's terms.
    pub(super) fn prose(&mut self) -> Result<PageProse, crate::diagnostics::Diagnostic> {
        let p = self.page;
        let mut prose = PageProse::default();
        match &p.body {
            Body::Markdown(m) => {
                let origin = self.origin(m.first_line);
                let text = m.text(&p.source)?;
                prose.content =
                    self.md
                        .render(&text, &origin, self.resolved, self.autolink.as_mut());
            }
            Body::Guide(g) => {
                prose.takeaways = g.takeaways.iter().map(|t| self.inline(t)).collect();
                prose.sections = g
                    .sections
                    .iter()
                    .map(|s| self.section(&s.id, &s.section))
                    .collect();
            }
            Body::Glossary(terms) => {
                prose.terms = terms
                    .iter()
                    .map(|t| TermContext {
                        term: t.term.clone(),
                        id: t.id.clone(),
                        aliases: t.aliases.clone(),
                        definition: self.block(&t.definition),
                    })
                    .collect();
            }
        }
        Ok(prose)
    }

    /// Where a picture of an item (`/images/press.svg`, from static/) is found: its
    /// URL on pages, its path in the typesetting world for PDFs.
    pub(super) fn image_src(&self, src: &str) -> String {
        match self.format {
            Format::Html => crate::markdown::Links::local_url(self.resolved, src),
            Format::Typst => format!("/static{src}"),
        }
    }
}

/// The HTML of written page `i`'s Markdown body (a job's lazy content).
pub fn markdown_content(
    resolved: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
    i: usize,
) -> Result<String, crate::diagnostics::Diagnostic> {
    let page = &resolved.pages[i];
    let lang = &langs[&page.lang];
    let mut builder = PageBuilder {
        resolved,
        md,
        page,
        lang,
        format: Format::Html,
        autolink: lang.glossary.as_ref().map(Autolink::new),
    };
    Ok(builder.prose()?.content)
}
