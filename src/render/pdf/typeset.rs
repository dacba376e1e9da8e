//! Typesetting a site's PDFs: each guide's handouts in batches (Typst forgets what
//! the last batches did not use between them), each language's packet from the laid-out
//! handouts, and the files with their warnings; under `serve`, through the PDF cache.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::engine::{self, Engine, Pdf, evict};
use super::{Data, DataSite, TYPESET_BATCH, Task, pictures_of};
use crate::config::Paper;
use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use crate::render::handout::{Settings, Stats};
use crate::render::prepare::Language;
use crate::site::Resolved;
use crate::urls;

/// A PDF typeset (or taken from the cache), or the problems that stopped it (each
/// marked whether it is in the theme's template).
type Outcome = Result<Pdf, Vec<(Diagnostic, bool)>>;

/// One PDF's task, its cache key (under `serve`) and how it went.
type Typeset<'h> = (Task<'h>, Option<u64>, Outcome);

/// What typesetting a site's PDFs shares.
pub(super) struct Typesetting<'a, 'r, 'c> {
    pub(super) resolved: &'a Resolved<'r>,
    pub(super) langs: &'a BTreeMap<String, Language>,
    pub(super) settings: Settings,
    pub(super) engine: &'a Engine,
    pub(super) memo: crate::cache::Memo<'c, u64, Pdf>,
    /// The template's text (part of every cache key).
    pub(super) source: &'a str,
    pub(super) logo: &'a Option<(String, Vec<u8>)>,
    pub(super) logo_path: Option<String>,
}

impl<'a> Typesetting<'a, '_, '_> {
    /// The data `handout.typ` reads for a task, as JSON.
    fn json_of(&self, task: &Task<'_>) -> Vec<u8> {
        let resolved = self.resolved;
        let l = &self.langs[task.lang];
        let mut subtags = task.lang.split('-');
        let data = Data {
            lang: subtags.next().unwrap_or("en"),
            region: subtags.find(|s| s.len() == 2),
            paper: match self.settings.paper {
                Paper::Letter => "us-letter",
                Paper::A4 => "a4",
            },
            accent: l.site.accent.as_deref(),
            t: l.strings.all(),
            site: DataSite {
                title: &l.site.title,
                url: resolved.permalink(&resolved.home_path(task.lang)),
                clinic: &l.site.clinic,
                logo: self.logo_path.clone(),
            },
            handouts: task.handouts.clone(),
            large_print: task.large_print,
            emergency: l.site.emergency.as_ref(),
        };
        serde_json::to_vec(&data).unwrap_or_default()
    }

    /// Each handout laid out once, in parallel; the regular ones keep their pages for
    /// their language's packet. Typst remembers what it laid out, to reuse it: between
    /// batches of handouts, what the last batches did not use is forgotten, so a site
    /// of thousands of guides is typeset in the memory of a few hundred.
    pub(super) fn handouts<'h>(&self, tasks: Vec<Task<'h>>) -> Vec<Typeset<'h>> {
        let mut results: Vec<Typeset<'h>> = Vec::with_capacity(tasks.len());
        let mut tasks = tasks.into_iter().peekable();
        while tasks.peek().is_some() {
            let batch: Vec<Task<'h>> = tasks.by_ref().take(TYPESET_BATCH).collect();
            let laid_out: Vec<_> = batch
                .into_par_iter()
                .map(|task| self.handout(task))
                .collect();
            // Only a batch that typeset anything left work to forget (under `serve`,
            // most handouts come from the cache, and what Typst remembers is kept for
            // the next edit).
            let typeset = laid_out.iter().any(|(_, _, (_, made))| *made);
            results.extend(
                laid_out
                    .into_iter()
                    .map(|(task, key, (result, _))| (task, key, result)),
            );
            if typeset && tasks.peek().is_some() {
                evict(2);
            }
        }
        results
    }

    /// One handout, and whether it was typeset now (not taken from the cache).
    fn handout<'h>(&self, task: Task<'h>) -> (Task<'h>, Option<u64>, (Outcome, bool)) {
        let json = self.json_of(&task);
        let ident = self.resolved.permalink(&task.output);
        // Whether its laid-out pages are kept for the packet: a kept PDF made without
        // them cannot go into one.
        let keep = self.settings.packet && !task.large_print;
        // The pictures a handout prints are part of it: an edited picture typesets the
        // handout again under `serve`.
        let key = self.memo.is_on().then(|| {
            let pictures = pictures_of(&self.resolved.site.root, &json);
            crate::cache::key_of(&(self.source, self.logo, &json, &ident, pictures, keep))
        });
        let result = match key.and_then(|k| self.memo.previous(&k).cloned()) {
            Some(pdf) => (Ok(pdf), false),
            None => (self.engine.render(json, &ident, keep), true),
        };
        (task, key, result)
    }

    /// A packet per language: its handouts, as laid out above, one after another.
    pub(super) fn packets<'h>(&self, results: &[Typeset<'h>]) -> Vec<Typeset<'h>>
    where
        'a: 'h,
    {
        self.langs
            .keys()
            .collect::<Vec<_>>()
            .into_par_iter()
            .filter(|_| self.settings.packet)
            .filter_map(|lang| self.packet(lang, results))
            .collect()
    }

    fn packet<'h>(&self, lang: &'h String, results: &[Typeset<'h>]) -> Option<Typeset<'h>> {
        let resolved = self.resolved;
        let members: Vec<_> = results
            .iter()
            .filter(|(t, _, _)| t.lang == lang && !t.large_print)
            .collect();
        if members.is_empty() {
            return None;
        }
        let mut documents = Vec::new();
        for (_, _, result) in &members {
            // A handout that failed has its errors reported already.
            documents.push(result.as_ref().ok()?.document.clone()?);
        }
        let task = Task {
            output: urls::packet(&resolved.home_path(lang)),
            lang,
            guide: None,
            large_print: false,
            handouts: members
                .iter()
                .flat_map(|(t, _, _)| t.handouts.clone())
                .collect(),
        };
        let ident = resolved.permalink(&task.output);
        let title = format!(
            "{} · {}",
            self.langs[lang].strings.get("handouts_title"),
            resolved.site.config.clinic.name
        );
        let key = self.memo.is_on().then(|| {
            let keys: Vec<Option<u64>> = members.iter().map(|(_, k, _)| *k).collect();
            crate::cache::key_of(&(keys, &title, &ident))
        });
        let result = match key.and_then(|k| self.memo.previous(&k).cloned()) {
            Some(pdf) => Ok(pdf),
            None => {
                let documents: Vec<_> = documents.iter().map(|d| d.as_ref()).collect();
                self.engine
                    .export(&engine::packet(&documents, &title), &ident)
            }
        };
        Some((task, key, result))
    }

    /// The PDF files, kept for the next build under `serve`; handouts over their
    /// `max_pages` and typesetting errors go to `problems`.
    pub(super) fn finish(
        &self,
        results: Vec<Typeset<'_>>,
        took: std::time::Duration,
        problems: &mut Vec<Diagnostic>,
    ) -> (Vec<OutputFile>, Stats) {
        let mut files = Vec::new();
        let mut stats = Stats {
            time: took,
            ..Stats::default()
        };
        for (task, key, result) in results {
            match result {
                Ok(pdf) => {
                    if let Some(k) = key {
                        self.memo.keep(k, pdf.clone());
                    }
                    if let Some(i) = task.guide
                        && !pdf.overflows.is_empty()
                    {
                        let page = &self.resolved.pages[i];
                        problems.extend(
                            pdf.overflows
                                .iter()
                                .map(|o| cut_off(page, o, task.large_print)),
                        );
                        continue;
                    }
                    if let Some(i) = task.guide {
                        stats.lengths.push((
                            crate::diagnostics::display_path(&self.resolved.pages[i].source),
                            task.large_print,
                            pdf.pages,
                        ));
                    }
                    if let Some(i) = task.guide.filter(|_| !task.large_print) {
                        stats.handouts += 1;
                        problems.extend(too_long(&self.resolved.pages[i], pdf.pages));
                    }
                    stats.files += 1;
                    stats.packets += usize::from(task.guide.is_none());
                    files.push(OutputFile {
                        path: task.output.trim_start_matches('/').to_owned(),
                        bytes: pdf.bytes,
                    });
                }
                Err(mut ds) => {
                    let guide = task.guide.map(|i| &self.resolved.pages[i]);
                    for (mut d, in_template) in ds.drain(..) {
                        if let Some(page) = guide
                            && let Some(at) =
                                control_character_at(&self.resolved.site.root, page, &d.message)
                        {
                            let hint = d.hint.take();
                            d = Diagnostic::error(&page.source, at.0, at.1, d.message.clone());
                            d.hint = hint;
                        } else if !in_template && let Some(page) = guide {
                            d.message.push_str(&format!(
                                " (typesetting the handout of {})",
                                crate::diagnostics::display_path(&page.source)
                            ));
                        }
                        if !problems.contains(&d) {
                            problems.push(d);
                        }
                    }
                }
            }
        }
        (files, stats)
    }
}

/// The error for text a handout would print outside a page, at the line of the
/// section it is in.
fn cut_off(
    page: &crate::content::Page,
    o: &super::margins::Overflow,
    large_print: bool,
) -> Diagnostic {
    let section = o
        .section
        .as_deref()
        .and_then(|id| page.guide()?.sections.iter().find(|s| s.id == id));
    let what = match (section, o.section.as_deref()) {
        (Some(s), _) => match s.section.title() {
            Some(title) => format!("the section \"{title}\" (`{}`)", s.section.kind().name()),
            None => format!("the `{}` section", s.section.kind().name()),
        },
        (None, Some("takeaways")) => "the key points".to_owned(),
        _ => "a part of the handout".to_owned(),
    };
    let handout = if large_print {
        "large-print handout"
    } else {
        "handout"
    };
    let place = if o.side {
        "off the side of"
    } else {
        "below the foot of"
    };
    let message = format!(
        "the {handout} would cut off {what}: on page {}, its text runs {place} the page (\"{}\")",
        o.page,
        o.text.trim()
    );
    let hint = if o.side {
        "a word, address or picture is too wide for its column: shorten it, break it with spaces, or move it out of the table"
    } else {
        "a part that is kept together is longer than a page: split it into shorter items, or make its picture smaller"
    };
    let line = section.map_or(0, |s| s.line);
    Diagnostic::error(&page.source, line, 0, message).with_hint(hint)
}

/// A warning when a guide's handout has more pages than its `max_pages`.
fn too_long(page: &crate::content::Page, pages: usize) -> Option<Diagnostic> {
    let max = page.guide().map_or(u32::MAX, |g| g.max_pages);
    (pages > max as usize).then(|| {
        Diagnostic::warning(
            &page.source,
            0,
            0,
            format!(
                "the handout of `{}` has {pages} pages; its handout.max_pages is {max}",
                page.meta.title
            ),
        )
        .with_hint("choose fewer sections with `handout: { sections: [...] }`, shorten them, or raise max_pages")
    })
}

/// Where in a guide's file the control character a typesetting message names
/// (`U+0001`) is written: as itself, or as a YAML escape (`\x01`, `\u0001`).
fn control_character_at(
    root: &std::path::Path,
    page: &crate::content::Page,
    message: &str,
) -> Option<(u32, u32)> {
    let hex = message.split("U+").nth(1)?.get(..4)?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    let c = char::from_u32(code).filter(|c| c.is_control())?;
    let text = std::fs::read_to_string(root.join(&page.source)).ok()?;
    let forms = [
        c.to_string(),
        format!("\\x{code:02x}"),
        format!("\\x{code:02X}"),
        format!("\\u{code:04x}"),
        format!("\\u{code:04X}"),
    ];
    let offset = forms.iter().filter_map(|f| text.find(f.as_str())).min()?;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Some((line, column))
}
