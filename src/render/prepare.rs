//! From resolved pages to template contexts: Markdown converted (links checked on the
//! way), windows and dates put in words, related pages and translations linked.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::PageKind;
use super::context::*;
use super::meta::{json_ld, review, translations};
use crate::anchors;
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
    /// Callout labels.
    pub labels: CalloutLabels,
    /// The `site` context.
    pub site: SiteContext,
    /// The glossary whose terms are autolinked, if any.
    pub glossary: Option<Glossary>,
    /// A hash of everything above that prose rendering depends on (strings, glossary).
    pub fingerprint: u64,
}

/// Builds the jobs for every written page (their prose was checked by the checks
/// stage).
/// With a cache (`serve`), the prose of a page whose file, links, strings and
/// glossary are as in the last build is taken from it.
pub fn pages(
    r: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
    settings: super::Settings,
    cache: Option<&ProseCache>,
) -> Vec<Job> {
    let memo = Memo::new(cache);
    (0..r.pages.len())
        .into_par_iter()
        .map(|i| {
            let page = &r.pages[i];
            let lang = &langs[&page.lang];
            let autolink = match page.body {
                Body::Glossary(_) => None,
                _ => lang.glossary.as_ref().map(Autolink::new),
            };
            let mut b = Builder {
                r,
                md,
                page,
                lang,
                format: Format::Html,
                autolink,
            };
            b.job(i, langs, settings, &memo)
        })
        .collect()
}

/// A page's prose converted to HTML: what is worth keeping between `serve` builds.
#[derive(Debug, Clone, Default)]
pub struct PageProse {
    /// A Markdown page's body.
    pub(crate) content: String,
    takeaways: Vec<String>,
    sections: Vec<SectionContext>,
    terms: Vec<TermContext>,
}

/// Converted prose of the last build's pages, by a hash of all it depends on.
pub type ProseCache = crate::cache::LastBuild<u64, std::sync::Arc<PageProse>>;

/// The prose cache as one build uses it.
type Memo<'c> = crate::cache::Memo<'c, u64, std::sync::Arc<PageProse>>;

pub fn link(r: &Resolved<'_>, i: usize) -> LinkContext {
    let p = &r.pages[i];
    LinkContext {
        title: p.meta.title.clone(),
        url: r.url(&p.path),
        summary: p.meta.summary.clone(),
        kind: kind_of(p),
        current: false,
    }
}

fn kind_of(p: &Page) -> PageKind {
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
        untranslated: Vec::new(),
        pagination: None,
    }
}

/// A guide's key points and the sections its handout holds, with prose converted to
/// `format`. Problems in the prose were reported when the guide page was prepared.
pub fn handout_parts(
    r: &Resolved<'_>,
    md: &Markdown,
    i: usize,
    lang: &Language,
    format: Format,
) -> (Vec<String>, Vec<SectionContext>) {
    let page = &r.pages[i];
    let Body::Guide(g) = &page.body else {
        return (Vec::new(), Vec::new());
    };
    let mut b = Builder {
        r,
        md,
        page,
        lang,
        format,
        autolink: None,
    };
    let takeaways = g.takeaways.iter().map(|t| b.inline(t)).collect();
    let sections = g
        .handout_sections
        .iter()
        .filter_map(|id| g.sections.iter().find(|s| s.id == *id))
        .map(|s| b.section(&s.id, &s.section))
        .collect();
    (takeaways, sections)
}

pub(super) struct Builder<'a, 'r> {
    pub(super) r: &'a Resolved<'r>,
    pub(super) md: &'a Markdown,
    pub(super) page: &'a Page,
    pub(super) lang: &'a Language,
    pub(super) format: Format,
    /// Glossary links made so far on this page (none on glossaries and handouts).
    autolink: Option<Autolink<'a>>,
}

impl<'a> Builder<'a, '_> {
    pub(super) fn origin(&self, line: u32) -> Origin<'a> {
        Origin {
            file: &self.page.source,
            line,
            lang: &self.page.lang,
            labels: &self.lang.labels,
        }
    }

    pub(super) fn typst(&self, p: &Prose) -> String {
        let permalink = self.r.permalink(&self.page.path);
        crate::markdown::typst_markup::to_typst(
            &p.value,
            &crate::markdown::typst_markup::Target {
                links: self.r,
                lang: &self.page.lang,
                origin: &self.r.site.base_url.origin,
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
            self.md.render_inline(&p.value, &origin, self.r, autolink)
        } else {
            self.md.render(&p.value, &origin, self.r, autolink)
        }
    }

    /// The page's prose, converted: the Markdown body, or a guide's key points and
    /// sections, or a glossary's terms.
    fn prose(&mut self) -> Result<PageProse, crate::diagnostics::Diagnostic> {
        let p = self.page;
        let mut prose = PageProse::default();
        match &p.body {
            Body::Markdown(m) => {
                let origin = self.origin(m.first_line);
                let text = m.text(&p.source)?;
                prose.content = self
                    .md
                    .render(&text, &origin, self.r, self.autolink.as_mut());
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
            Format::Html => crate::markdown::Links::local_url(self.r, src),
            Format::Typst => format!("/static{src}"),
        }
    }

    fn job(
        &mut self,
        i: usize,
        langs: &BTreeMap<String, Language>,
        settings: super::Settings,
        memo: &Memo,
    ) -> Job {
        let r = self.r;
        let p = self.page;
        let kind = kind_of(p);
        let mut ctx = blank(
            kind,
            p.meta.title.clone(),
            &p.lang,
            r.url(&p.path),
            r.permalink(&p.path),
        );
        ctx.summary = p.meta.summary.clone();
        ctx.source = crate::diagnostics::display_path(&p.source);
        ctx.date = p.meta.date.map(|d| d.to_string());
        ctx.reviewed = p
            .meta
            .reviewed
            .as_ref()
            .map(|rv| review(rv, r.site.config.review.interval_days, &self.lang.strings))
            .map(Box::new);
        ctx.related = r.related[i]
            .iter()
            .map(|&j| {
                let mut l = link(r, j);
                if r.pages[j].lang != p.lang {
                    l.url = format!("{}#{}", l.url, urls::untranslated_id(&p.lang));
                }
                l
            })
            .collect();
        {
            ctx.untranslated = r
                .site
                .languages
                .iter()
                .filter(|l| **l != p.lang && r.page_by_key(&p.key, l).is_none())
                .map(|l| {
                    let s = &langs[l].strings;
                    UntranslatedNote {
                        lang: l.clone(),
                        dir: crate::i18n::direction(l),
                        id: urls::untranslated_id(l),
                        text: s.fill("untranslated", &[("language", s.get("language_name"))]),
                        help: s.get("untranslated_help").to_owned(),
                    }
                })
                .collect();
        }
        ctx.prev = r.prev_next[i].0.map(|j| link(r, j));
        ctx.next = r.prev_next[i].1.map(|j| link(r, j));
        ctx.children = r.children[i].iter().map(|&j| link(r, j)).collect();
        ctx.translations = translations(r, i, langs);
        for (name, terms, out) in [
            ("tags", &p.meta.tags, &mut ctx.tags),
            ("concerns", &p.meta.concerns, &mut ctx.concerns),
        ] {
            *out = terms
                .iter()
                .filter(|t| !anchors::slugify(t).is_empty())
                .map(|t| TermLink {
                    name: t.clone(),
                    url: r.url(&r.taxonomy_path(&p.lang, name, Some(&anchors::slugify(t)))),
                })
                .collect();
        }
        if let Body::Guide(_) = &p.body {
            ctx.handout_url = Some(r.url(&urls::handout(&p.path)));
            ctx.pdf_url = settings.pdf.then(|| r.url(&urls::pdf(&p.path)));
            ctx.large_print_url = settings.pdf.then(|| r.url(&urls::large_print_pdf(&p.path)));
            ctx.plan_events = plan_events(p);
        }
        // Without a cache (`build`), a Markdown page's body is converted when the
        // page is rendered, and let go with it.
        let mut lazy = !memo.is_on() && matches!(p.body, Body::Markdown(_));
        let prose = if lazy {
            Ok(std::sync::Arc::default())
        } else if memo.is_on() {
            let md = &r.site.config.markdown;
            let lang = self.lang.fingerprint;
            let key = crate::cache::key_of(&(
                p.fingerprint,
                &p.lang,
                r.links_fingerprint,
                lang,
                md.raw_html,
                md.highlight,
            ));
            match memo.previous(&key).cloned() {
                Some(prose) => Ok(prose),
                None => self.prose().map(std::sync::Arc::new),
            }
            .inspect(|prose| memo.keep(key, prose.clone()))
        } else {
            self.prose().map(std::sync::Arc::new)
        };
        // A text that cannot be had now is tried again when the page is rendered, which
        // reports why.
        let prose = prose.unwrap_or_else(|_| {
            lazy = true;
            Default::default()
        });
        let prose = std::sync::Arc::unwrap_or_clone(prose);
        ctx.content = prose.content;
        ctx.takeaways = prose.takeaways;
        ctx.sections = prose.sections;
        ctx.terms = prose.terms;
        if let Body::Guide(_) = &p.body {
            ctx.json_ld = Some(json_ld(&ctx, &r.site.config.clinic.name));
        }
        let template = p
            .meta
            .template
            .clone()
            .unwrap_or_else(|| kind.template().to_owned());
        Job {
            output: urls::output_file(&p.path),
            template,
            lang: p.lang.clone(),
            page: Box::new(ctx),
            index: Some(i),
            extra: Extra::None,
            lazy_content: lazy,
        }
    }
}

/// The HTML of written page `i`'s Markdown body (a job's lazy content).
pub fn markdown_content(
    r: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
    i: usize,
) -> Result<String, crate::diagnostics::Diagnostic> {
    let page = &r.pages[i];
    let lang = &langs[&page.lang];
    let mut b = Builder {
        r,
        md,
        page,
        lang,
        format: Format::Html,
        autolink: lang.glossary.as_ref().map(Autolink::new),
    };
    Ok(b.prose()?.content)
}

/// A guide's events that have an `about`, in minutes after the treatment.
fn plan_events(p: &Page) -> Vec<PlanEvent> {
    use crate::duration::{Time, Window};
    let Body::Guide(g) = &p.body else {
        return Vec::new();
    };
    g.events
        .values()
        .filter_map(|e| {
            let about = e.about.clone()?;
            let single = !matches!(about, Time::Between(..));
            let w = Window {
                from: about.clone(),
                to: Some(about),
            };
            let (from, to) = w.minutes(&g.events)?;
            Some(PlanEvent {
                label: e.label.clone(),
                window: PlanWindow {
                    from,
                    to: to.filter(|_| !single),
                },
            })
        })
        .collect()
}
