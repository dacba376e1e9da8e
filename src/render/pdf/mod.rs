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
mod margins;
mod typeset;

pub use engine::{DATA_PATH, Engine, Pdf, PdfCache, TEMPLATE_PATH, evict, logo_path};
use typeset::Typesetting;

use super::OutputFile;
use super::context::{ReviewContext, SectionContext};
use super::handout::{QrCodes, Settings, Stats, guides};
use super::meta::review;
use super::prepare::{Format, Language, handout_parts};
use crate::config::Site;
use crate::config::{self, Clinic};
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
    /// The label of the date blank ("Date of your colonoscopy"); none when the
    /// guide's times count from nothing.
    date: Option<String>,
    /// The guide's own contact, for the letterhead's phone line.
    contact: Option<crate::sections::warning_signs::ContactContext>,
    /// "ORTH-023 · Version 3 · 20 April 2026" (DESIGN §11.7), in the footer.
    version: Option<String>,
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
    resolved: &Resolved<'_>,
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
    let site = resolved.site;
    let logo = printable_logo(site, &mut problems);
    let lock = crate::versions::read_lock(&site.root).unwrap_or_default();
    let handouts: BTreeMap<usize, DataHandout> = langs
        .iter()
        .flat_map(|(lang, l)| guides(resolved, lang).into_iter().map(move |i| (i, l)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(i, l)| (i, handout_data(resolved, md, i, l, qr, &lock)))
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
    .with_site_fonts(&site.root, &mut problems);
    let typesetting = Typesetting {
        resolved,
        langs,
        settings,
        engine: &engine,
        memo: crate::cache::Memo::new(cache),
        source,
        logo_path: logo.as_ref().map(|(ext, _)| logo_path(ext)),
        logo: &logo,
    };
    let started = std::time::Instant::now();
    let mut results = typesetting.handouts(tasks(resolved, langs, &handouts));
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
    // Read by the rule for site files: config checks report a logo outside the site.
    let bytes = crate::fs::SiteRoot::new(&site.root)
        .read(&site.root.join(logo), crate::fs::MAX_FILE_BYTES)
        .ok()?;
    Some((ext, bytes))
}

/// Every PDF of every guide: the regular handout and the large-print one, per language.
fn tasks<'h>(
    resolved: &Resolved<'_>,
    langs: &'h BTreeMap<String, Language>,
    handouts: &'h BTreeMap<usize, DataHandout>,
) -> Vec<Task<'h>> {
    let mut tasks = Vec::new();
    for lang in langs.keys() {
        for i in guides(resolved, lang) {
            for large_print in [false, true] {
                tasks.push(Task {
                    output: if large_print {
                        urls::large_print_pdf(&resolved.pages[i].path)
                    } else {
                        urls::pdf(&resolved.pages[i].path)
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

fn handout_data(
    resolved: &Resolved<'_>,
    md: &Markdown,
    i: usize,
    l: &Language,
    qr: &QrCodes,
    lock: &crate::versions::Lock,
) -> DataHandout {
    let page = &resolved.pages[i];
    let (takeaways, sections) = handout_parts(resolved, md, i, l, Format::Typst);
    let url = resolved.permalink(&page.path);
    DataHandout {
        title: page.meta.title.clone(),
        summary: page.meta.summary.clone(),
        reviewed: page
            .meta
            .reviewed
            .as_ref()
            .map(|rv| review(rv, resolved.site.config.review.interval_days, &l.strings)),
        takeaways,
        sections,
        qr: qr.get(&url).map(str::to_owned),
        url,
        max_pages: page.guide().map_or(0, |g| g.max_pages),
        blanks: page
            .guide()
            .map(|g| super::handout::blanks(resolved, g))
            .unwrap_or_default(),
        contact: page.guide().and_then(|g| {
            let own = g.contact.as_ref()?;
            super::sections::contact_context(resolved, &own.value, l.strings(g.audience))
        }),
        version: page.guide().and_then(|g| {
            super::versions::label(resolved, lock, i, l.strings(g.audience)).map(|v| v.label)
        }),
        date: page.guide().filter(|g| g.is_dated()).map(|g| {
            let strings = l.strings(g.audience);
            g.date_label(strings)
                .unwrap_or_else(|| strings.get("treatment_date").to_owned())
        }),
    }
}

/// Fingerprints of the site pictures a handout's data names (`"/static/PATH"`, read
/// from static/ or content/ as the typesetting world does).
fn pictures_of(root: &Path, json: &[u8]) -> Vec<String> {
    let site = crate::fs::SiteRoot::new(root);
    let text = String::from_utf8_lossy(json);
    text.split("\"/static/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|rel| {
            ["static", "content"]
                .iter()
                .find_map(|dir| {
                    site.read(&root.join(dir).join(rel), crate::fs::MAX_FILE_BYTES)
                        .ok()
                })
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
