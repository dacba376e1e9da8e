//! From resolved pages to template contexts: Markdown converted (links checked on the
//! way), windows and dates put in words, related pages and translations linked.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::context::*;
use crate::content::guide::{Prose, Section, Status};
use crate::content::{Body, Page, Reviewed, slug};
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::{Autolink, CalloutLabels, Glossary, Markdown, Origin, plain_text};
use crate::site::Resolved;

/// One page to render: where it goes, with which template, and its context.
#[derive(Debug, Clone)]
pub struct Job {
    /// Output path relative to the output folder (`microneedling/index.html`).
    pub output: String,
    /// Template name (`guide.html`).
    pub template: String,
    /// The page's language.
    pub lang: String,
    /// The page.
    pub page: PageContext,
    /// The index of the written page it shows in `Resolved::pages`, if any.
    pub index: Option<usize>,
    /// Variables only some templates receive.
    pub extra: Extra,
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
}

/// Builds the jobs for every written page; problems found in Markdown are returned.
pub fn pages(
    r: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
) -> (Vec<Job>, Vec<Diagnostic>) {
    let results: Vec<(Job, Vec<Diagnostic>)> = (0..r.pages.len())
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
                problems: Vec::new(),
                autolink,
            };
            let job = b.job(i);
            (job, b.problems)
        })
        .collect();
    let mut problems = Vec::new();
    let jobs = results
        .into_iter()
        .map(|(job, mut p)| {
            problems.append(&mut p);
            job
        })
        .collect();
    (jobs, problems)
}

/// A link to page `i`.
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

fn kind_of(p: &Page) -> &'static str {
    match (&p.body, p.is_index) {
        (_, true) if p.section.is_empty() => "home",
        (_, true) => "section",
        (Body::Guide(_), _) => "guide",
        (Body::Glossary(_), _) => "glossary",
        (Body::Markdown(_), _) => "page",
    }
}

/// An empty page context of `kind`, filled in by the caller.
pub fn blank(
    kind: &'static str,
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
        problems: Vec::new(),
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

struct Builder<'a, 'r> {
    r: &'a Resolved<'r>,
    md: &'a Markdown,
    page: &'a Page,
    lang: &'a Language,
    format: Format,
    problems: Vec<Diagnostic>,
    /// Glossary links made so far on this page (none on glossaries and handouts).
    autolink: Option<Autolink<'a>>,
}

impl<'a> Builder<'a, '_> {
    fn origin(&self, line: u32) -> Origin<'a> {
        Origin {
            file: &self.page.source,
            line,
            lang: &self.page.lang,
            labels: &self.lang.labels,
        }
    }

    fn typst(&self, p: &Prose) -> String {
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

    fn block(&mut self, p: &Prose) -> String {
        self.convert(p, false)
    }

    fn inline(&mut self, p: &Prose) -> String {
        self.convert(p, true)
    }

    /// A prose field in the builder's format; `inline` drops a lone paragraph's `<p>`.
    fn convert(&mut self, p: &Prose, inline: bool) -> String {
        if self.format == Format::Typst {
            return self.typst(p);
        }
        let origin = self.origin(p.referenced.line() as u32);
        let mut problems = Vec::new();
        let autolink = self.autolink.as_mut();
        let html = if inline {
            self.md
                .render_inline(&p.value, &origin, self.r, &mut problems, autolink)
        } else {
            self.md
                .render(&p.value, &origin, self.r, &mut problems, autolink)
        };
        self.problems.append(&mut problems);
        html
    }

    fn opt_block(&mut self, p: Option<&Prose>) -> Option<String> {
        p.map(|p| self.block(p))
    }

    fn job(&mut self, i: usize) -> Job {
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
            .map(|rv| review(rv, r.site.config.review.interval_days, &self.lang.strings));
        ctx.related = r.related[i].iter().map(|&j| link(r, j)).collect();
        ctx.prev = r.prev_next[i].0.map(|j| link(r, j));
        ctx.next = r.prev_next[i].1.map(|j| link(r, j));
        ctx.children = r.children[i].iter().map(|&j| link(r, j)).collect();
        ctx.translations = translations(r, i);
        for (name, terms, out) in [
            ("tags", &p.meta.tags, &mut ctx.tags),
            ("concerns", &p.meta.concerns, &mut ctx.concerns),
        ] {
            *out = terms
                .iter()
                .filter(|t| !slug::slugify(t).is_empty())
                .map(|t| TermLink {
                    name: t.clone(),
                    url: r.url(&r.taxonomy_path(&p.lang, name, Some(&slug::slugify(t)))),
                })
                .collect();
        }
        match &p.body {
            Body::Markdown(m) => {
                let origin = self.origin(m.first_line);
                let mut problems = Vec::new();
                ctx.content =
                    self.md
                        .render(&m.text, &origin, r, &mut problems, self.autolink.as_mut());
                self.problems.append(&mut problems);
            }
            Body::Guide(g) => {
                ctx.takeaways = g.takeaways.iter().map(|t| self.inline(t)).collect();
                ctx.sections = g
                    .sections
                    .iter()
                    .map(|s| self.section(&s.id, &s.section))
                    .collect();
                ctx.json_ld = Some(json_ld(&ctx, &r.site.config.clinic.name));
            }
            Body::Glossary(terms) => {
                ctx.terms = terms
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
        let template = p.meta.template.clone().unwrap_or_else(|| {
            match kind {
                "home" => "home.html",
                "section" => "section.html",
                "guide" => "guide.html",
                "glossary" => "glossary.html",
                _ => "page.html",
            }
            .to_owned()
        });
        Job {
            output: format!("{}index.html", p.path.trim_start_matches('/')),
            template,
            lang: p.lang.clone(),
            page: ctx,
            index: Some(i),
            extra: Extra::None,
        }
    }

    fn titled(&mut self, items: &[crate::content::guide::TitledItem]) -> Vec<TitledContext> {
        items
            .iter()
            .map(|x| TitledContext {
                title: x.title.clone(),
                body: self.opt_block(x.body.as_ref()),
            })
            .collect()
    }

    fn section(&mut self, id: &str, s: &Section) -> SectionContext {
        let strings = &self.lang.strings;
        let title = s.title().map(str::to_owned).unwrap_or_else(|| {
            strings
                .get(&format!("section_{}", s.kind().name()))
                .to_owned()
        });
        let intro = self.opt_block(s.intro());
        let body = match s {
            Section::Text(t) => SectionBody::Text {
                body: self.block(&t.body),
            },
            Section::Benefits(b) => SectionBody::Benefits {
                items: self.titled(&b.items),
            },
            Section::Steps(b) => SectionBody::Steps {
                items: self.titled(&b.items),
            },
            Section::Comparison(c) => SectionBody::Comparison {
                options: c.options.clone(),
                rows: c
                    .rows
                    .iter()
                    .map(|row| RowContext {
                        aspect: row.value.aspect.clone(),
                        values: row.value.values.iter().map(|v| self.inline(v)).collect(),
                    })
                    .collect(),
                note: self.opt_block(c.note.as_ref()),
            },
            Section::Timeline(t) => SectionBody::Timeline {
                stages: t
                    .stages
                    .iter()
                    .map(|st| StageContext {
                        label: st.label.clone(),
                        when: st
                            .when
                            .as_ref()
                            .map(|w| self.lang.strings.window_heading(&w.value)),
                        body: self.opt_block(st.body.as_ref()),
                        expect: st.expect.iter().map(|e| self.inline(e)).collect(),
                    })
                    .collect(),
            },
            Section::Tips(t) => {
                let items: Vec<TipContext> = t
                    .items
                    .iter()
                    .map(|tip| {
                        let tip = &tip.value;
                        let (advice, text) = match (&tip.do_, &tip.avoid) {
                            (Some(d), _) => ("do", Some(d)),
                            (None, Some(a)) => ("avoid", Some(a)),
                            // Reported as an error while loading; the page is never written.
                            (None, None) => ("do", None),
                        };
                        TipContext {
                            advice,
                            text: text.map(|t| self.inline(t)).unwrap_or_default(),
                            when: tip
                                .when
                                .as_ref()
                                .and_then(|w| self.lang.strings.window_phrase(&w.value)),
                            why: tip.why.as_ref().map(|w| self.inline(w)),
                            ingredient: tip.ingredient.as_ref().map(|i| i.value.clone()),
                            ingredient_id: tip.ingredient.as_ref().map(|i| slug::slugify(&i.value)),
                            ingredient_advice: tip.ingredient.as_ref().map(|_| {
                                plain_advice(
                                    &self.lang.strings,
                                    self.lang.strings.get(&format!("advice_{advice}")),
                                    tip.when.as_ref().map(|w| &w.value),
                                )
                            }),
                        }
                    })
                    .collect();
                SectionBody::Tips {
                    do_items: items.iter().filter(|t| t.advice == "do").cloned().collect(),
                    avoid_items: items
                        .iter()
                        .filter(|t| t.advice == "avoid")
                        .cloned()
                        .collect(),
                    items,
                }
            }
            Section::Ingredients(ing) => SectionBody::Ingredients {
                items: ing
                    .items
                    .iter()
                    .map(|item| {
                        let item = &item.value;
                        let status = match item.status {
                            Status::Safe => "safe",
                            Status::Avoid => "avoid",
                            Status::Caution => "caution",
                        };
                        let status_label = self
                            .lang
                            .strings
                            .get(&format!("status_{status}"))
                            .to_owned();
                        IngredientContext {
                            name: item.name.clone(),
                            id: slug::slugify(&item.name),
                            status,
                            advice: plain_advice(
                                &self.lang.strings,
                                &status_label,
                                item.when.as_ref().map(|w| &w.value),
                            ),
                            status_label,
                            when: item
                                .when
                                .as_ref()
                                .and_then(|w| self.lang.strings.window_phrase(&w.value)),
                            note: item.note.as_ref().map(|n| self.inline(n)),
                        }
                    })
                    .collect(),
            },
            Section::WarningSigns(w) => SectionBody::WarningSigns {
                items: w.items.iter().map(|x| self.inline(x)).collect(),
            },
            Section::Faq(f) => SectionBody::Faq {
                items: f
                    .items
                    .iter()
                    .map(|x| QuestionContext {
                        q: x.q.clone(),
                        a: self.block(&x.a),
                        a_text: plain_text(&x.a.value),
                    })
                    .collect(),
            },
            Section::References(refs) => SectionBody::References {
                items: refs
                    .items
                    .iter()
                    .map(|x| ReferenceContext {
                        text: self.inline(&x.text),
                        url: x.url.as_ref().map(|u| match u.value.strip_prefix("@/") {
                            Some(target) => {
                                crate::markdown::Links::resolve(self.r, target, &self.page.lang)
                                    .unwrap_or_default()
                            }
                            None => u.value.clone(),
                        }),
                    })
                    .collect(),
            },
        };
        SectionContext {
            id: id.to_owned(),
            title,
            intro,
            body,
        }
    }
}

/// Advice in plain words: "Avoid for 7 days after treatment", "Safe from day 4".
pub fn plain_advice(
    strings: &Strings,
    status: &str,
    window: Option<&crate::content::duration::Window>,
) -> String {
    let Some(w) = window else {
        return status.to_owned();
    };
    match (w.to, strings.window_phrase(w)) {
        (Some(to), Some(_)) if w.from == crate::content::duration::Duration::ZERO => strings.fill(
            "advice_for",
            &[("status", status), ("d", &strings.duration(to))],
        ),
        (_, Some(phrase)) => strings.fill("advice_when", &[("status", status), ("when", &phrase)]),
        (_, None) => status.to_owned(),
    }
}

/// Review data in words; `next` defaults to `on` + `interval_days`.
pub fn review(rv: &Reviewed, interval_days: u32, strings: &Strings) -> ReviewContext {
    let next = rv.next.unwrap_or_else(|| {
        rv.on
            .checked_add(jiff::Span::new().days(i64::from(interval_days)))
            .unwrap_or(rv.on)
    });
    ReviewContext {
        by: rv.by.clone(),
        on: rv.on.to_string(),
        on_text: strings.date(rv.on),
        next: next.to_string(),
        next_text: strings.date(next),
    }
}

/// Every language version of page `i`, itself included (marked current).
pub fn translations(r: &Resolved<'_>, i: usize) -> Vec<TranslationContext> {
    let mut versions: Vec<usize> = r.translations[i].clone();
    versions.push(i);
    if versions.len() < 2 {
        return Vec::new();
    }
    r.site
        .languages
        .iter()
        .filter_map(|lang| versions.iter().find(|&&j| r.pages[j].lang == *lang))
        .map(|&j| TranslationContext {
            lang: r.pages[j].lang.clone(),
            name: String::new(),
            url: r.url(&r.pages[j].path),
            permalink: r.permalink(&r.pages[j].path),
            current: j == i,
        })
        .collect()
}

/// Structured data for search engines: the guide as a `MedicalWebPage` reviewed by a
/// clinician for patients, plus an `FAQPage` for its questions.
pub fn json_ld(page: &PageContext, clinic: &str) -> String {
    use serde_json::json;
    let mut web_page = json!({
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "url": page.permalink,
        "inLanguage": page.lang,
        "medicalAudience": { "@type": "MedicalAudience", "audienceType": "Patient" },
        "publisher": { "@type": "MedicalOrganization", "name": clinic },
    });
    if let Some(summary) = &page.summary {
        web_page["description"] = json!(summary);
    }
    if let Some(rv) = &page.reviewed {
        web_page["lastReviewed"] = json!(rv.on);
        web_page["reviewedBy"] = json!({ "@type": "Person", "name": rv.by });
    }
    let questions: Vec<serde_json::Value> = page
        .sections
        .iter()
        .filter_map(|s| match &s.body {
            SectionBody::Faq { items } => Some(items),
            _ => None,
        })
        .flatten()
        .map(|q| json!({ "@type": "Question", "name": q.q, "acceptedAnswer": { "@type": "Answer", "text": q.a_text } }))
        .collect();
    let graph = if questions.is_empty() {
        web_page
    } else {
        json!([web_page, { "@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions }])
    };
    // `</` must not appear inside a <script> element.
    serde_json::to_string(&graph)
        .unwrap_or_default()
        .replace("</", "<\\/")
}
