//! PDF handouts, typeset inside the binary by the Typst engine used as a library.
//!
//! One [`Engine`] is made per build: the fonts (from `typst-assets`), the standard
//! library and the theme's `handout.typ` are loaded once and shared by every handout,
//! which is compiled on its own thread with a small [`World`] that adds its
//! `data.json`. Virtual file paths are fixed (`/handout.typ`, `/data.json`,
//! `/logo.EXT`) because Typst interns file ids for the life of the process.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use serde::Serialize;

mod engine;

pub use engine::{DATA_PATH, Engine, Pdf, PdfCache, TEMPLATE_PATH, evict, logo_path};

use super::OutputFile;
use super::context::{ReviewContext, SectionContext};
use super::handout::{QrCodes, Settings, Stats, guides};
use super::meta::review;
use super::prepare::{Format, Language, handout_parts};
use crate::config::Site;
use crate::config::{self, Clinic, Paper};
use crate::diagnostics::Diagnostic;
use crate::markdown::Markdown;
use crate::site::Resolved;
use crate::theme::Theme;
use crate::urls;

/// What `handout.typ` finds in `/data.json`.
#[derive(Serialize)]
struct Data<'a> {
    /// ISO 639 language code (`en` of `en-GB`).
    lang: &'a str,
    /// ISO 3166 region code (`GB` of `en-GB`), if the language tag has one.
    region: Option<&'a str>,
    /// Typst paper name: `us-letter` or `a4`.
    paper: &'static str,
    accent: Option<&'a str>,
    t: &'a BTreeMap<String, String>,
    site: DataSite<'a>,
    handouts: Vec<&'a DataHandout>,
    /// The large-print PDF: body text at 16 pt, no page limit.
    large_print: bool,
    /// `emergency_line`, with its contact, in this language.
    emergency: Option<&'a super::context::EmergencyContext>,
}

#[derive(Serialize)]
struct DataSite<'a> {
    title: &'a str,
    url: String,
    clinic: &'a Clinic,
    logo: Option<String>,
}

#[derive(Serialize)]
struct DataHandout {
    title: String,
    summary: Option<String>,
    url: String,
    reviewed: Option<ReviewContext>,
    takeaways: Vec<String>,
    sections: Vec<SectionContext>,
    qr: Option<String>,
    max_pages: u32,
    blanks: Vec<String>,
}

/// One PDF to make.
struct Task<'a> {
    /// Output path relative to the output folder.
    output: String,
    lang: &'a str,
    /// The guide's page index, or `None` for a language's packet.
    guide: Option<usize>,
    /// The large-print version of the guide's handout.
    large_print: bool,
    handouts: Vec<&'a DataHandout>,
}

/// How many handouts are typeset between two evictions of Typst's memoized work.
const TYPESET_BATCH: usize = 64;

/// Typesets every guide's handout (regular and large print) in parallel, then puts
/// each language's laid-out handouts together as its packet, so that no handout is
/// typeset twice. Handouts longer than their `max_pages` are warnings; template
/// errors are errors.
pub fn render_all(
    r: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
    theme: &Theme,
    settings: Settings,
    qr: &QrCodes,
    cache: Option<&PdfCache>,
) -> (Vec<OutputFile>, Vec<Diagnostic>, Stats) {
    let mut problems = Vec::new();
    let Some((source, origin)) = handout_template(theme, &mut problems) else {
        return (Vec::new(), problems, Stats::default());
    };
    let site = r.site;
    let logo = printable_logo(site, &mut problems);
    let handouts: BTreeMap<usize, DataHandout> = langs
        .iter()
        .flat_map(|(lang, l)| guides(r, lang).into_iter().map(move |i| (i, l)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(i, l)| (i, handout_data(r, md, i, l, qr)))
        .collect();
    if handouts.is_empty() {
        // No guide, no handout: the typesetter and its fonts are not even loaded.
        return (Vec::new(), problems, Stats::default());
    }
    let engine = Engine::new(
        source,
        origin,
        logo.as_ref()
            .map(|(ext, bytes)| (ext.as_str(), bytes.clone())),
    )
    .with_site_files(&site.root)
    .with_site_fonts(&site.root);
    let typesetting = Typesetting {
        r,
        langs,
        settings,
        engine: &engine,
        memo: crate::cache::Memo::new(cache),
        source,
        logo_path: logo.as_ref().map(|(ext, _)| logo_path(ext)),
        logo: &logo,
    };
    let started = std::time::Instant::now();
    let mut results = typesetting.handouts(tasks(r, langs, &handouts));
    let packets = typesetting.packets(&results);
    results.extend(packets);
    let took = started.elapsed();
    evict(4);
    let (files, stats) = typesetting.finish(results, took, &mut problems);
    (files, problems, stats)
}

/// The theme's `handout.typ` and where it comes from, or why there is none.
fn handout_template<'t>(
    theme: &'t Theme,
    problems: &mut Vec<Diagnostic>,
) -> Option<(&'t str, &'t str)> {
    let Some((_, template)) = theme.templates().find(|(name, _)| *name == "handout.typ") else {
        problems.push(
            Diagnostic::general("the theme has no handout.typ")
                .with_hint("add templates/handout.typ, or set handout.pdf: false"),
        );
        return None;
    };
    let Ok(source) = std::str::from_utf8(&template.bytes) else {
        problems.push(Diagnostic::general(format!(
            "{}: handout.typ is not UTF-8 text",
            template.origin
        )));
        return None;
    };
    Some((source, &template.origin))
}

/// `clinic.logo` as PDFs print it (its extension and bytes), when it can be printed.
fn printable_logo(site: &Site, problems: &mut Vec<Diagnostic>) -> Option<(String, Vec<u8>)> {
    let logo = site.config.clinic.logo.as_ref()?;
    let ext = Path::new(logo).extension()?.to_str()?.to_ascii_lowercase();
    if !["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(&ext.as_str()) {
        problems.push(
            Diagnostic::warning(
                config::CONFIG_FILE,
                0,
                0,
                format!("the logo `{logo}` cannot be printed in PDF handouts"),
            )
            .with_hint("use a PNG, JPEG, GIF, SVG or WebP file"),
        );
        return None;
    }
    let bytes = std::fs::read(site.root.join(logo)).ok()?;
    Some((ext, bytes))
}

/// Every PDF of every guide: the regular handout and the large-print one, per language.
fn tasks<'h>(
    r: &Resolved<'_>,
    langs: &'h BTreeMap<String, Language>,
    handouts: &'h BTreeMap<usize, DataHandout>,
) -> Vec<Task<'h>> {
    let mut tasks = Vec::new();
    for lang in langs.keys() {
        for i in guides(r, lang) {
            for large_print in [false, true] {
                tasks.push(Task {
                    output: if large_print {
                        urls::large_print_pdf(&r.pages[i].path)
                    } else {
                        urls::pdf(&r.pages[i].path)
                    },
                    lang,
                    guide: Some(i),
                    large_print,
                    handouts: vec![&handouts[&i]],
                });
            }
        }
    }
    tasks
}

/// A PDF typeset (or taken from the cache), or the problems that stopped it (each
/// marked whether it is in the theme's template).
type Outcome = Result<Pdf, Vec<(Diagnostic, bool)>>;

/// One PDF's task, its cache key (under `serve`) and how it went.
type Typeset<'h> = (Task<'h>, Option<u64>, Outcome);

/// What typesetting a site's PDFs shares.
struct Typesetting<'a, 'r, 'c> {
    r: &'a Resolved<'r>,
    langs: &'a BTreeMap<String, Language>,
    settings: Settings,
    engine: &'a Engine,
    memo: crate::cache::Memo<'c, u64, Pdf>,
    /// The template's text (part of every cache key).
    source: &'a str,
    logo: &'a Option<(String, Vec<u8>)>,
    logo_path: Option<String>,
}

impl<'a> Typesetting<'a, '_, '_> {
    /// The data `handout.typ` reads for a task, as JSON.
    fn json_of(&self, task: &Task<'_>) -> Vec<u8> {
        let (r, site) = (self.r, self.r.site);
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
                title: &site.config.title,
                url: r.permalink(&r.home_path(task.lang)),
                clinic: &site.config.clinic,
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
    fn handouts<'h>(&self, tasks: Vec<Task<'h>>) -> Vec<Typeset<'h>> {
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
        let ident = self.r.permalink(&task.output);
        // Whether its laid-out pages are kept for the packet: a kept PDF made without
        // them cannot go into one.
        let keep = self.settings.packet && !task.large_print;
        // The pictures a handout prints are part of it: an edited picture typesets the
        // handout again under `serve`.
        let key = self.memo.is_on().then(|| {
            let pictures = pictures_of(&self.r.site.root, &json);
            crate::cache::key_of(&(self.source, self.logo, &json, &ident, pictures, keep))
        });
        let result = match key.and_then(|k| self.memo.previous(&k).cloned()) {
            Some(pdf) => (Ok(pdf), false),
            None => (self.engine.render(json, &ident, keep), true),
        };
        (task, key, result)
    }

    /// A packet per language: its handouts, as laid out above, one after another.
    fn packets<'h>(&self, results: &[Typeset<'h>]) -> Vec<Typeset<'h>>
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
        let r = self.r;
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
            output: urls::packet(&r.home_path(lang)),
            lang,
            guide: None,
            large_print: false,
            handouts: members
                .iter()
                .flat_map(|(t, _, _)| t.handouts.clone())
                .collect(),
        };
        let ident = r.permalink(&task.output);
        let title = format!(
            "{} · {}",
            self.langs[lang].strings.get("handouts_title"),
            r.site.config.clinic.name
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
    fn finish(
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
                    if let Some(i) = task.guide.filter(|_| !task.large_print) {
                        stats.handouts += 1;
                        problems.extend(too_long(&self.r.pages[i], pdf.pages));
                    }
                    stats.files += 1;
                    stats.packets += usize::from(task.guide.is_none());
                    files.push(OutputFile {
                        path: task.output.trim_start_matches('/').to_owned(),
                        bytes: pdf.bytes,
                    });
                }
                Err(mut ds) => {
                    let guide = task.guide.map(|i| &self.r.pages[i]);
                    for (mut d, in_template) in ds.drain(..) {
                        if !in_template && let Some(page) = guide {
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

fn handout_data(
    r: &Resolved<'_>,
    md: &Markdown,
    i: usize,
    l: &Language,
    qr: &QrCodes,
) -> DataHandout {
    let page = &r.pages[i];
    let (takeaways, sections) = handout_parts(r, md, i, l, Format::Typst);
    let url = r.permalink(&page.path);
    DataHandout {
        title: page.meta.title.clone(),
        summary: page.meta.summary.clone(),
        reviewed: page
            .meta
            .reviewed
            .as_ref()
            .map(|rv| review(rv, r.site.config.review.interval_days, &l.strings)),
        takeaways,
        sections,
        qr: qr.get(&url).map(str::to_owned),
        url,
        max_pages: page.guide().map_or(0, |g| g.max_pages),
        blanks: page
            .guide()
            .map(|g| super::handout::blanks(r, g))
            .unwrap_or_default(),
    }
}

/// Fingerprints of the site pictures a handout's data names (`"/static/PATH"`, read
/// from static/ or content/ as the typesetting world does).
fn pictures_of(root: &Path, json: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(json);
    text.split("\"/static/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|rel| {
            ["static", "content"]
                .iter()
                .find_map(|dir| std::fs::read(root.join(dir).join(rel)).ok())
                .map(|bytes| crate::content::fingerprint_bytes(&bytes))
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod picture_tests {
    use super::pictures_of;

    /// A handout's cache key follows the bytes of the pictures it prints.
    #[test]
    fn an_edited_picture_changes_the_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/images")).unwrap();
        let picture = dir.path().join("static/images/press.svg");
        std::fs::write(&picture, "<svg/>").unwrap();
        let json = br#"{"image":{"src":"/static/images/press.svg","alt":"x"}}"#;
        let before = pictures_of(dir.path(), json);
        assert_eq!(before.len(), 1);
        std::fs::write(&picture, "<svg><rect/></svg>").unwrap();
        assert_ne!(pictures_of(dir.path(), json), before);
    }
}
