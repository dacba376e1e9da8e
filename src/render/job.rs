//! A written page's job: its context (links to related pages, translations, terms),
//! its prose converted or taken from `serve`'s cache, and its template.

use crate::sections::SectionType;
use std::collections::BTreeMap;

use super::context::*;
use super::meta::{json_ld, review, translations};
use super::prepare::{Extra, Job, Language, Memo, PageBuilder, PageProse, blank, kind_of, link};
use crate::anchors;
use crate::content::{Body, Page};
use crate::urls;

impl PageBuilder<'_, '_> {
    /// The job of written page `i`.
    pub(super) fn job(
        &mut self,
        i: usize,
        langs: &BTreeMap<String, Language>,
        settings: super::Settings,
        memo: &Memo,
    ) -> Job {
        let resolved = self.resolved;
        let p = self.page;
        let kind = kind_of(p);
        let mut ctx = blank(
            kind,
            p.meta.title.clone(),
            &p.lang,
            resolved.url(&p.path),
            resolved.permalink(&p.path),
        );
        ctx.summary = p.meta.summary.clone();
        ctx.source = crate::diagnostics::display_path(&p.source);
        ctx.date = p.meta.date.map(|d| d.to_string());
        ctx.reviewed = p
            .meta
            .reviewed
            .as_ref()
            .map(|rv| {
                review(
                    rv,
                    resolved.site.config.review.interval_days,
                    &self.lang.strings,
                )
            })
            .map(Box::new);
        self.page_links(&mut ctx, i, langs);
        if let Body::Guide(g) = &p.body {
            let strings = self.lang.strings(g.audience);
            ctx.audience = g.audience;
            ctx.contact = g
                .contact
                .as_ref()
                .and_then(|c| self.contact_of(&c.value, strings));
            ctx.plan = g.timed;
            if g.is_dated() {
                let label = g.label(strings);
                let l = [("l", label)];
                let own = g.date_label(strings);
                ctx.dates = Some(Box::new(DatesContext {
                    label: label.to_owned(),
                    blank: own
                        .clone()
                        .unwrap_or_else(|| strings.fill("treatment_date", &l)),
                    field: own.unwrap_or_else(|| strings.fill("plan_date_label", &l)),
                    intro: strings.fill("plan_intro", &l),
                    shown: strings.fill("plan_shown", &l),
                }));
            }
            ctx.handout_url = Some(resolved.url(&urls::handout(&p.path)));
            ctx.pdf_url = settings.pdf.then(|| resolved.url(&urls::pdf(&p.path)));
            ctx.large_print_url = settings
                .pdf
                .then(|| resolved.url(&urls::large_print_pdf(&p.path)));
            ctx.plan_events = plan_events(p);
        }
        let (prose, lazy) = self.converted(memo);
        ctx.content = prose.content;
        ctx.takeaways = prose.takeaways;
        ctx.sections = prose.sections;
        ctx.help_id = [SectionType::WarningSigns, SectionType::ActionPlan]
            .into_iter()
            .find_map(|kind| {
                ctx.sections
                    .iter()
                    .find(|s| s.body.kind() == kind)
                    .map(|s| s.id.clone())
            });
        ctx.terms = prose.terms;
        if let Body::Guide(_) = &p.body {
            ctx.json_ld = Some(json_ld(&ctx, &resolved.site.config.clinic.name));
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

    /// Related pages, notes for untranslated languages, prev/next, children, language
    /// versions and taxonomy terms of page `i`.
    fn page_links(&self, ctx: &mut PageContext, i: usize, langs: &BTreeMap<String, Language>) {
        let resolved = self.resolved;
        let p = self.page;
        ctx.related = resolved.related[i]
            .iter()
            .map(|&j| {
                let mut l = link(resolved, j);
                if resolved.pages[j].lang != p.lang {
                    l.url = format!("{}#{}", l.url, urls::untranslated_id(&p.lang));
                }
                l
            })
            .collect();
        {
            ctx.untranslated = resolved
                .site
                .languages
                .iter()
                .filter(|l| **l != p.lang && resolved.page_by_key(&p.key, l).is_none())
                .map(|l| {
                    let s = &langs[l].strings;
                    UntranslatedNote {
                        lang: l.clone(),
                        dir: crate::language::Language::of(l).direction().name(),
                        id: urls::untranslated_id(l),
                        text: s.fill("untranslated", &[("language", s.get("language_name"))]),
                        help: s.get("untranslated_help").to_owned(),
                    }
                })
                .collect();
        }
        ctx.prev = resolved.prev_next[i].0.map(|j| link(resolved, j));
        ctx.next = resolved.prev_next[i].1.map(|j| link(resolved, j));
        ctx.children = resolved.children[i]
            .iter()
            .map(|&j| link(resolved, j))
            .collect();
        ctx.translations = translations(resolved, i, langs);
        for (name, terms, out) in [
            ("tags", &p.meta.tags, &mut ctx.tags),
            ("concerns", &p.meta.concerns, &mut ctx.concerns),
        ] {
            *out = terms
                .iter()
                .filter(|t| !anchors::slugify(t).is_empty())
                .map(|t| TermLink {
                    name: t.clone(),
                    url: resolved.url(&resolved.taxonomy_path(
                        &p.lang,
                        name,
                        Some(&anchors::slugify(t)),
                    )),
                })
                .collect();
        }
    }

    /// The page's prose converted (from the cache under `serve`), and whether a
    /// Markdown page's body is left to be converted when the page is rendered.
    fn converted(&mut self, memo: &Memo) -> (PageProse, bool) {
        let resolved = self.resolved;
        let p = self.page;
        // Without a cache (`build`), a Markdown page's body is converted when the
        // page is rendered, and let go with it.
        let mut lazy = !memo.is_on() && matches!(p.body, Body::Markdown(_));
        let prose = if lazy {
            Ok(std::sync::Arc::default())
        } else if memo.is_on() {
            let md = &resolved.site.config.markdown;
            let lang = self.lang.fingerprint;
            let key = crate::cache::key_of(&(
                p.fingerprint,
                &p.lang,
                resolved.links_fingerprint,
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
        (std::sync::Arc::unwrap_or_clone(prose), lazy)
    }
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
            let w = Window::span(about.clone(), Some(about));
            let (from, to) = w.minutes(&g.events)?;
            Some(PlanEvent {
                label: e.label.clone(),
                window: PlanWindow {
                    from,
                    to: to.filter(|_| !single),
                    at: None,
                    day: false,
                },
            })
        })
        .collect()
}
