//! The render stage: resolved pages into files. First the pages (Markdown converted,
//! template contexts prepared, generated pages added, every page rendered with its
//! template, sitemap and feeds), then what only needs the finished pages: the search
//! index and the PDF handouts, made side by side.

pub mod context;
pub mod feed;
mod generated;
pub mod handout;
pub mod headers;
pub mod ingredients;
mod job;
mod kind;
mod languages;
mod meta;
mod pagination;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod prepare;
mod relative;
#[cfg(feature = "search")]
pub mod search;
mod sections;
mod sitemap;
mod templates;
mod versions;

use std::collections::BTreeMap;

pub use crate::output::OutputFile;
pub use crate::sections::plain_advice;
pub use generated::home_children;
pub use handout::Settings;
pub use kind::PageKind;
pub use meta::review;
pub use templates::{RenderCache, Templates};

use crate::assets::Assets;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Markdown;
use crate::output::CopyFile;
use crate::site::Resolved;
use crate::theme::Theme;
use crate::timings::Laps;
use prepare::{Job, Language};

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

/// The rendered pages of a site.
pub struct Pages {
    /// HTML pages of the site (rendered, or for `check` to be rendered).
    pub count: usize,
    /// How many of `files` (the first ones) are rendered HTML pages (none when they
    /// were written to the staging folder as they were rendered).
    rendered: usize,
    /// The pages, then the sitemap, feeds, theme files and QR codes.
    pub files: Vec<OutputFile>,
    /// The site's own files to copy.
    pub copies: Vec<CopyFile>,
}

/// What every page, the search index and the PDFs are made from: made once by
/// [`prepare`], then lent to [`pages`] and [`extras`].
pub struct Prepared {
    /// Every page to render, written and generated, with its context.
    pub jobs: Vec<Job>,
    /// Each language's strings, callout labels, `site` context and glossary.
    pub langs: BTreeMap<String, Language>,
    /// The Markdown renderer (handouts convert their prose again, to Typst markup).
    pub md: Markdown,
    /// The QR code of each guide's address, for the PDFs.
    pub qr: handout::QrCodes,
    /// The same QR codes as files beside the handout pages.
    pub qr_files: Vec<OutputFile>,
    /// The theme's stylesheets and scripts by name, with their hashed URLs.
    pub asset_names: BTreeMap<String, String>,
}

/// What the render stage works with, besides the resolved site.
pub struct Parts<'t> {
    /// The theme (strings, static files, handout template).
    pub theme: &'t Theme,
    /// Its compiled templates, or why they do not compile.
    pub templates: Result<Templates, Vec<Diagnostic>>,
    /// Handout settings.
    pub settings: Settings,
    /// The files copied as they are.
    pub assets: Assets,
    /// Whether to render the HTML pages at all (`check` does not).
    pub html: bool,
    /// What the last build left (`serve`).
    pub cache: Option<&'t crate::Cache>,
    /// Make every link relative (`relative_urls`, `build --relative`).
    pub relative: bool,
    /// Where `build` writes, for pages to be written as they are rendered.
    pub staging: Option<&'t crate::output::Staging>,
}

/// The languages' shared data and every page's job (DESIGN §8's "render" up to the
/// templates): what [`pages`] and [`extras`] are both made from.
pub(crate) fn prepare(
    resolved: &Resolved<'_>,
    parts: &Parts<'_>,
    md: Markdown,
    problems: &mut Diagnostics,
    laps: &mut Laps,
) -> Prepared {
    let asset_names = parts.assets.names(parts.theme);
    let (langs, found) = languages::languages(resolved, parts.theme, &asset_names);
    problems.extend(found);
    laps.lap("languages");
    let (jobs, qr, qr_files) = jobs(resolved, &md, &langs, parts.settings, parts.cache, laps);
    Prepared {
        jobs,
        langs,
        md,
        qr,
        qr_files,
        asset_names,
    }
}

/// Renders every page. `None` when an error (found here or in an earlier stage)
/// makes rendering pointless; template errors while rendering are reported and the
/// pages still returned, so the PDFs can be checked too. An error when a page could
/// not be written to the staging folder.
pub(crate) fn pages(
    resolved: &Resolved<'_>,
    prepared: &mut Prepared,
    parts: Parts<'_>,
    problems: &mut Diagnostics,
    laps: &mut Laps,
) -> anyhow::Result<Option<Pages>> {
    let Parts {
        theme: _,
        templates,
        settings: _,
        assets,
        html,
        cache,
        relative,
        staging,
    } = parts;
    let config = &resolved.site.config;
    let templates = match templates {
        Ok(t) => t,
        Err(ds) => {
            problems.extend(ds);
            return Ok(None);
        }
    };
    let Prepared {
        jobs, langs, md, ..
    } = &*prepared;
    if problems.has_errors() {
        return Ok(None);
    }
    if let Some(d) = templates::same_output(jobs) {
        problems.push(d);
        return Ok(None);
    }
    laps.lap("generated pages");
    if !html {
        return Ok(Some(Pages {
            count: jobs.len(),
            rendered: 0,
            files: Vec::new(),
            copies: assets.copies,
        }));
    }
    let rendered_cache = cache.map(|c| &c.rendered);
    // The search index reads the pages' HTML: only without it are pages written to
    // the staging folder as they come and let go.
    let stream = staging.filter(|_| !config.search);
    let write_error = std::sync::Mutex::new(None);
    let finish = |mut f: OutputFile| -> Option<OutputFile> {
        if relative && f.path.ends_with(".html") {
            let text = String::from_utf8_lossy(&f.bytes);
            f.bytes = relative::relative_links(&text, &f.path, &resolved.site.base_url.prefix)
                .into_bytes();
        }
        let Some(staging) = stream else {
            return Some(f);
        };
        if let Err(e) = staging.write(&f) {
            write_error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
        None
    };
    let content = |i: usize| prepare::markdown_content(resolved, md, langs, i);
    let (mut files, count, found) =
        templates::render(&templates, jobs, langs, rendered_cache, &content, &finish);
    problems.extend(found);
    if let Some(e) = write_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    laps.lap("templates");
    let rendered = files.len();
    files.extend(sitemap::sitemap(resolved, jobs));
    if config.feed {
        files.extend(feed::feeds(resolved, jobs, langs));
    }
    files.extend(assets.theme);
    files.append(&mut prepared.qr_files);
    files.push(headers_of(resolved, &prepared.asset_names, &assets.copies));
    laps.lap("sitemap and feeds");
    Ok(Some(Pages {
        count,
        rendered,
        files,
        copies: assets.copies,
    }))
}

/// Every page's job: the written pages', then generated pages (lists split into
/// pages, indexes, handouts), with the QR codes handouts print.
fn jobs(
    resolved: &Resolved<'_>,
    md: &Markdown,
    langs: &BTreeMap<String, Language>,
    settings: Settings,
    cache: Option<&crate::Cache>,
    laps: &mut Laps,
) -> (Vec<Job>, handout::QrCodes, Vec<OutputFile>) {
    let mut jobs = prepare::pages(resolved, md, langs, settings, cache.map(|c| &c.prose));
    laps.lap("markdown");
    let version_pages = versions::pages(resolved, langs, &mut jobs);
    jobs.extend(version_pages);
    jobs.extend(generated::generated(resolved, langs));
    let per_page = resolved.site.config.listing.per_page.value as usize;
    let mut jobs = pagination::paginate(resolved, jobs, langs, per_page);
    jobs.extend(ingredients::pages(resolved, &jobs, langs));
    let qr = handout::qr_codes(resolved, settings, cache.map(|c| &c.qr_codes));
    let (handouts, qr_codes) = handout::pages(resolved, &jobs, langs, settings, &qr);
    jobs.extend(handouts);
    (jobs, qr, qr_codes)
}

/// `_headers`, with the hashed theme assets (not the files copied as they are) named
/// for long caching.
fn headers_of(
    resolved: &Resolved<'_>,
    asset_names: &BTreeMap<String, String>,
    copies: &[crate::output::CopyFile],
) -> OutputFile {
    let hashed: Vec<String> = asset_names
        .values()
        .filter(|path| !copies.iter().any(|c| format!("/{}", c.path) == **path))
        .cloned()
        .collect();
    let admin = copies
        .iter()
        .any(|c| c.path == format!("{}/index.html", crate::cms::FOLDER));
    headers::headers_file(resolved, &hashed, admin)
}

/// What is made from the finished pages.
pub struct Extras {
    /// The search index and the PDFs.
    pub files: Vec<OutputFile>,
    /// What the search indexer did, if it ran.
    pub search: Option<SearchStats>,
    /// What typesetting did.
    pub pdfs: handout::Stats,
}

/// The search index (when the site has search and no error was found) and the PDF
/// handouts (when they are wanted), made side by side: they need nothing of each other.
pub fn extras(
    resolved: &Resolved<'_>,
    theme: &Theme,
    settings: Settings,
    prepared: &Prepared,
    pages: &Pages,
    cache: Option<&crate::Cache>,
    problems: &mut Diagnostics,
) -> Extras {
    let index_wanted = resolved.site.config.search && pages.rendered > 0 && !problems.has_errors();
    let html = &pages.files[..pages.rendered];
    let (indexed, typeset) = rayon::join(
        || {
            index_wanted
                .then(|| search_index(&prepared.jobs, html))
                .flatten()
        },
        || {
            settings
                .pdf
                .then(|| typeset_pdfs(resolved, prepared, theme, settings, cache))
        },
    );
    let mut extras = Extras {
        files: Vec::new(),
        search: None,
        pdfs: handout::Stats::default(),
    };
    match indexed {
        Some(Ok((index, stats))) => {
            extras.files.extend(index);
            extras.search = Some(stats);
        }
        Some(Err(d)) => problems.push(d),
        None => {}
    }
    if let Some((pdfs, found, stats)) = typeset {
        problems.extend(found);
        extras.files.extend(pdfs);
        extras.pdfs = stats;
    }
    extras
}

/// The search index of the rendered pages (`None` without the `search` feature).
type Indexed = Result<(Vec<OutputFile>, SearchStats), Diagnostic>;

#[cfg(feature = "search")]
fn search_index(jobs: &[Job], pages: &[OutputFile]) -> Option<Indexed> {
    Some(search::index(jobs, pages))
}

#[cfg(not(feature = "search"))]
fn search_index(_jobs: &[Job], _pages: &[OutputFile]) -> Option<Indexed> {
    None
}

/// The PDF handouts, their problems and timings (none without the `pdf` feature).
type Typeset = (Vec<OutputFile>, Vec<Diagnostic>, handout::Stats);

#[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
fn typeset_pdfs(
    resolved: &Resolved<'_>,
    prepared: &Prepared,
    theme: &Theme,
    settings: Settings,
    cache: Option<&crate::Cache>,
) -> Typeset {
    #[cfg(feature = "pdf")]
    return pdf::render_all(
        resolved,
        &prepared.md,
        &prepared.langs,
        theme,
        settings,
        &prepared.qr,
        cache.map(|c| &c.pdfs),
    );
    #[cfg(not(feature = "pdf"))]
    (Vec::new(), Vec::new(), handout::Stats::default())
}
