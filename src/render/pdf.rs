//! PDF handouts, typeset inside the binary by the Typst engine used as a library.
//!
//! One [`Engine`] is made per build: the fonts (from `typst-assets`), the standard
//! library and the theme's `handout.typ` are loaded once and shared by every handout,
//! which is compiled on its own thread with a small [`World`] that adds its
//! `data.json`. Virtual file paths are fixed (`/handout.typ`, `/data.json`,
//! `/logo.EXT`) because Typst interns file ids for the life of the process.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards};

use super::OutputFile;
use super::context::{ReviewContext, SectionContext};
use super::handout::{Settings, Stats, guides, packet_path, pdf_path, qr_svg};
use super::prepare::{Format, Language, handout_parts, review};
use crate::config::{self, Clinic, Paper};
use crate::diagnostics::Diagnostic;
use crate::markdown::Markdown;
use crate::site::Resolved;
use crate::theme::Theme;

/// The virtual path of the template.
pub const TEMPLATE_PATH: &str = "/handout.typ";
/// The virtual path of the handout data.
pub const DATA_PATH: &str = "/data.json";

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("fixed paths are valid"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The parts of a Typst world that do not change within a build.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Source,
    /// Where the template came from, for messages.
    origin: String,
    data_id: FileId,
    logo: Option<(FileId, Bytes)>,
}

/// PDFs typeset by earlier builds of the same process (`serve`), by a hash of
/// everything that goes into them, so a rebuild typesets only what changed.
#[derive(Debug, Default)]
pub struct PdfCache(pub(crate) std::sync::Mutex<std::collections::HashMap<u64, Pdf>>);

/// A typeset handout.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
}

impl Engine {
    /// Loads the fonts and the template. `logo` is the clinic logo's file extension
    /// and bytes; the template finds it at `/logo.EXT` (the data says which).
    pub fn new(template: &str, origin: &str, logo: Option<(&str, Vec<u8>)>) -> Engine {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            template: Source::new(file_id(TEMPLATE_PATH), template.to_owned()),
            origin: origin.to_owned(),
            data_id: file_id(DATA_PATH),
            logo: logo.map(|(ext, bytes)| (file_id(&logo_path(ext)), Bytes::new(bytes))),
        }
    }

    /// Typesets one document from its `data.json`. `ident` names the document
    /// stably (its URL), so the PDF's identifier does not change between builds.
    ///
    /// Errors come with whether they point into the template (else they arose in the
    /// data, such as a prose field).
    pub fn render(&self, data: Vec<u8>, ident: &str) -> Result<Pdf, Vec<(Diagnostic, bool)>> {
        let world = HandoutWorld {
            engine: self,
            data: Bytes::new(data),
        };
        let document: PagedDocument = typst::compile(&world)
            .output
            .map_err(|errors| self.diagnostics(&world, &errors))?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some("careleaf".to_owned())),
            timestamp: None,
            page_ranges: None,
            standards: PdfStandards::default(),
            tagged: true,
            pretty: false,
        };
        let bytes = typst_pdf::pdf(&document, &options)
            .map_err(|errors| self.diagnostics(&world, &errors))?;
        Ok(Pdf {
            bytes,
            pages: document.pages().len(),
        })
    }

    fn diagnostics(
        &self,
        world: &HandoutWorld<'_>,
        errors: &[SourceDiagnostic],
    ) -> Vec<(Diagnostic, bool)> {
        errors
            .iter()
            .map(|e| {
                let mut message = format!("the handout template failed: {}", e.message);
                let place = match e.span.get() {
                    DiagSpanKind::Number { id, .. } | DiagSpanKind::Range { id, .. }
                        if id == self.template.id() =>
                    {
                        world.range(e.span).and_then(|r| {
                            self.template.lines().byte_to_line_column(r.start)
                        })
                    }
                    _ => None,
                };
                let d = match place {
                    Some((line, column)) if !self.origin.starts_with("built-in") => {
                        Diagnostic::error(
                            PathBuf::from(&self.origin),
                            line as u32 + 1,
                            column as u32 + 1,
                            message,
                        )
                    }
                    Some((line, _)) => {
                        message.push_str(&format!(" ({}, line {})", self.origin, line + 1));
                        Diagnostic::general(message)
                    }
                    None => Diagnostic::general(message),
                };
                let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
                let d = if hints.is_empty() {
                    d.with_hint("fix handout.typ; the variables it receives are listed in docs/templates.md")
                } else {
                    d.with_hint(hints.join("; "))
                };
                (d, place.is_some())
            })
            .collect()
    }
}

/// Where the template finds the logo.
pub fn logo_path(ext: &str) -> String {
    format!("/logo.{}", ext.to_ascii_lowercase())
}

/// Forgets Typst's memoized layout results older than `max_age` builds.
pub fn evict(max_age: usize) {
    typst::comemo::evict(max_age);
}

struct HandoutWorld<'a> {
    engine: &'a Engine,
    data: Bytes,
}

impl World for HandoutWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.template.id() {
            Ok(self.engine.template.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let e = self.engine;
        if id == e.data_id {
            return Ok(self.data.clone());
        }
        if id == e.template.id() {
            return Ok(Bytes::from_string(e.template.clone()));
        }
        match &e.logo {
            Some((logo, bytes)) if *logo == id => Ok(bytes.clone()),
            _ => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    /// No "today": the same input must give the same PDF.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_without_slash()))
}

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
}

/// One PDF to make.
struct Task<'a> {
    /// Output path relative to the output folder.
    output: String,
    lang: &'a str,
    /// The guide's page index, or `None` for a language's packet.
    guide: Option<usize>,
    handouts: Vec<&'a DataHandout>,
}

/// Typesets every guide's handout and each language's packet, in parallel. Handouts
/// longer than their `max_pages` are warnings; template errors are errors.
pub fn render_all(
    r: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
    theme: &Theme,
    settings: Settings,
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
    let engine = Engine::new(
        source,
        &template.origin,
        logo.as_ref()
            .map(|(ext, bytes)| (ext.as_str(), bytes.clone())),
    );
    let logo_path = logo.as_ref().map(|(ext, _)| logo_path(ext));

    let handouts: BTreeMap<usize, DataHandout> = langs
        .iter()
        .flat_map(|(lang, l)| guides(r, lang).into_iter().map(move |i| (i, l)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(i, l)| (i, handout_data(r, md, i, l, settings)))
        .collect();
    let mut tasks = Vec::new();
    for lang in langs.keys() {
        let guides = guides(r, lang);
        for &i in &guides {
            tasks.push(Task {
                output: pdf_path(&r.pages[i].path),
                lang,
                guide: Some(i),
                handouts: vec![&handouts[&i]],
            });
        }
        if !guides.is_empty() {
            tasks.push(Task {
                output: packet_path(r, lang),
                lang,
                guide: None,
                handouts: guides.iter().map(|i| &handouts[i]).collect(),
            });
        }
    }
    type Outcome = Result<Pdf, Vec<(Diagnostic, bool)>>;
    let started = std::time::Instant::now();
    let results: Vec<(Task<'_>, Option<u64>, Outcome)> = tasks
        .into_par_iter()
        .map(|task| {
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
            };
            let json = serde_json::to_vec(&data).unwrap_or_default();
            let ident = r.permalink(&task.output);
            let key = cache.map(|_| {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                (source, &logo, &json, &ident).hash(&mut h);
                h.finish()
            });
            let cached = key.and_then(|k| {
                let map = cache?.0.lock().ok()?;
                map.get(&k).cloned()
            });
            let result = match cached {
                Some(pdf) => Ok(pdf),
                None => engine.render(json, &ident),
            };
            (task, key, result)
        })
        .collect();
    let took = started.elapsed();
    evict(4);

    let mut files = Vec::new();
    let mut stats = Stats {
        time: took,
        ..Stats::default()
    };
    let mut kept = std::collections::HashMap::new();
    for (task, key, result) in results {
        match result {
            Ok(pdf) => {
                if let Some(k) = key {
                    kept.insert(k, pdf.clone());
                }
                if let Some(i) = task.guide {
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
    // Keep only what this build used: the cache holds one site's PDFs at most.
    if let Some(cache) = cache
        && let Ok(mut map) = cache.0.lock()
    {
        *map = kept;
    }
    (files, problems, stats)
}

fn handout_data(
    r: &Resolved<'_>,
    md: &Markdown,
    i: usize,
    l: &Language,
    settings: Settings,
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
        qr: if settings.qr { qr_svg(&url) } else { None },
        url,
        max_pages: page.guide().map_or(0, |g| g.max_pages),
    }
}
