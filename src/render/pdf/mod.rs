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
    let Some((_, template)) = theme.templates().find(|(name, _)| *name == "handout.typ") else {
        problems.push(
            Diagnostic::general("the theme has no handout.typ")
                .with_hint("add templates/handout.typ, or set handout.pdf: false"),
        );
        return (Vec::new(), problems, Stats::default());
    };
    let Ok(source) = std::str::from_utf8(&template.bytes) else {
        problems.push(Diagnostic::general(format!(
            "{}: handout.typ is not UTF-8 text",
            template.origin
        )));
        return (Vec::new(), problems, Stats::default());
    };
    let site = r.site;
    let logo = site.config.clinic.logo.as_ref().and_then(|logo| {
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
    });
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
        &template.origin,
        logo.as_ref()
            .map(|(ext, bytes)| (ext.as_str(), bytes.clone())),
    )
    .with_site_files(&site.root)
    .with_site_fonts(&site.root);
    let logo_path = logo.as_ref().map(|(ext, _)| logo_path(ext));
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
    let json_of = |task: &Task<'_>| {
        let l = &langs[task.lang];
        let mut subtags = task.lang.split('-');
        let data = Data {
            lang: subtags.next().unwrap_or("en"),
            region: subtags.find(|s| s.len() == 2),
            paper: match settings.paper {
                Paper::Letter => "us-letter",
                Paper::A4 => "a4",
            },
            accent: l.site.accent.as_deref(),
            t: l.strings.all(),
            site: DataSite {
                title: &site.config.title,
                url: r.permalink(&r.home_path(task.lang)),
                clinic: &site.config.clinic,
                logo: logo_path.clone(),
            },
            handouts: task.handouts.clone(),
            large_print: task.large_print,
            emergency: l.site.emergency.as_ref(),
        };
        serde_json::to_vec(&data).unwrap_or_default()
    };
    type Outcome = Result<Pdf, Vec<(Diagnostic, bool)>>;
    let memo = crate::cache::Memo::new(cache);
    let started = std::time::Instant::now();
    // Each handout is laid out once, in parallel; the regular ones keep their pages
    // for their language's packet. Typst remembers what it laid out, to reuse it:
    // between batches of handouts, what the last batches did not use is forgotten,
    // so a site of thousands of guides is typeset in the memory of a few hundred.
    let mut results: Vec<(Task<'_>, Option<u64>, Outcome)> = Vec::with_capacity(tasks.len());
    let mut tasks = tasks.into_iter().peekable();
    while tasks.peek().is_some() {
        let batch: Vec<Task<'_>> = tasks.by_ref().take(TYPESET_BATCH).collect();
        let laid_out: Vec<_> = batch
            .into_par_iter()
            .map(|task| {
                let json = json_of(&task);
                let ident = r.permalink(&task.output);
                // The pictures a handout prints are part of it: an edited picture
                // typesets the handout again under `serve`.
                // Whether its laid-out pages are kept for the packet: a kept PDF made
                // without them cannot go into one.
                let keep = settings.packet && !task.large_print;
                let key = memo.is_on().then(|| {
                    let pictures = pictures_of(&site.root, &json);
                    crate::cache::key_of(&(source, &logo, &json, &ident, pictures, keep))
                });
                let result = match key.and_then(|k| memo.previous(&k).cloned()) {
                    Some(pdf) => (Ok(pdf), false),
                    None => (engine.render(json, &ident, keep), true),
                };
                (task, key, result)
            })
            .collect();
        // Only a batch that typeset anything left work to forget (under `serve`, most
        // handouts come from the cache, and what Typst remembers is kept for the next
        // edit).
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
    // A packet is its language's handouts, as laid out above, one after another.
    let packets: Vec<(Task<'_>, Option<u64>, Outcome)> = langs
        .keys()
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter(|_| settings.packet)
        .filter_map(|lang| {
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
                langs[lang].strings.get("handouts_title"),
                site.config.clinic.name
            );
            let key = memo.is_on().then(|| {
                let keys: Vec<Option<u64>> = members.iter().map(|(_, k, _)| *k).collect();
                crate::cache::key_of(&(keys, &title, &ident))
            });
            let result = match key.and_then(|k| memo.previous(&k).cloned()) {
                Some(pdf) => Ok(pdf),
                None => {
                    let documents: Vec<_> = documents.iter().map(|d| d.as_ref()).collect();
                    engine.export(&engine::packet(&documents, &title), &ident)
                }
            };
            Some((task, key, result))
        })
        .collect();
    results.extend(packets);
    let took = started.elapsed();
    evict(4);

    let mut files = Vec::new();
    let mut stats = Stats {
        time: took,
        ..Stats::default()
    };
    for (task, key, result) in results {
        match result {
            Ok(pdf) => {
                if let Some(k) = key {
                    memo.keep(k, pdf.clone());
                }
                if let Some(i) = task.guide.filter(|_| !task.large_print) {
                    stats.handouts += 1;
                    let page = &r.pages[i];
                    let max = page.guide().map_or(u32::MAX, |g| g.max_pages);
                    if pdf.pages > max as usize {
                        problems.push(
                            Diagnostic::warning(
                                &page.source,
                                0,
                                0,
                                format!(
                                    "the handout of `{}` has {} pages; its handout.max_pages is {max}",
                                    page.meta.title, pdf.pages
                                ),
                            )
                            .with_hint("choose fewer sections with `handout: { sections: [...] }`, shorten them, or raise max_pages"),
                        );
                    }
                }
                stats.files += 1;
                stats.packets += usize::from(task.guide.is_none());
                files.push(OutputFile {
                    path: task.output.trim_start_matches('/').to_owned(),
                    bytes: pdf.bytes,
                });
            }
            Err(mut ds) => {
                let guide = task.guide.map(|i| &r.pages[i]);
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
    drop(memo);
    (files, problems, stats)
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
