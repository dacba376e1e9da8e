//! careleaf: a clinic's patient guidance (YAML and Markdown) in, a themed,
//! cross-linked static site and printable handouts out.
//!
//! The pipeline runs one way: [`config`] -> [`content`] (discover, parse) -> [`site`]
//! (resolve) -> [`render`] (Markdown, templates) -> [`output`] (atomic write). Every
//! content problem is a [`diagnostics::Diagnostic`]; all of them are collected before
//! anything is written.

pub mod checks;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod yaml;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use diagnostics::{Diagnostic, Severity, Sources};
use output::CopyFile;
use render::OutputFile;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds careleaf.yaml).
    pub root: PathBuf,
    /// Where to write; default `ROOT/public`.
    pub output: Option<PathBuf>,
    /// Overrides careleaf.yaml `base_url`.
    pub base_url: Option<String>,
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Write the site (false for `check`).
    pub write: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Typeset PDF handouts (when careleaf.yaml `handout.pdf` is on too); `--no-pdf` clears it.
    pub pdf: bool,
    /// Work kept between builds of one process (`serve`); `None` for one-off builds.
    pub cache: Option<std::sync::Arc<Cache>>,
}

/// What a long-running process (`serve`) keeps from one build to the next.
#[derive(Debug, Default)]
pub struct Cache {
    /// Typeset PDFs, reused when nothing that goes into one has changed.
    #[cfg(feature = "pdf")]
    pdfs: render::pdf::PdfCache,
    /// Readability counts of unchanged texts.
    counts: checks::CountCache,
    /// Pages of unchanged files.
    pages: content::discover::PageCache,
}

/// What a build did, and every problem it found.
#[derive(Debug)]
pub struct Report {
    /// All errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts of the files the diagnostics point into.
    pub sources: Sources,
    /// HTML pages rendered.
    pub pages: usize,
    /// PDF handouts typeset, and how long they took.
    pub pdfs: render::handout::Stats,
    /// One row per written page: reading grade, review due date, problem counts.
    pub checks: Vec<checks::PageReport>,
    /// The search index, when one was built.
    pub search: Option<render::SearchStats>,
    /// Where the site was written, if it was.
    pub output: Option<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
}

impl Report {
    /// Whether the build failed: any error, or any warning under `--strict`.
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || strict)
    }

    /// Counts of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        (errors, self.diagnostics.len() - errors)
    }
}

/// Takes a build's files as they become ready, instead of the atomic write of `build`
/// (`serve` writes in place, only what changed). The pages come first, so a browser
/// can reload while the search index and the PDFs are still being made.
pub trait Sink {
    /// Every file but the search index and the PDFs: called once the pages are
    /// rendered, if nothing so far stops the build.
    fn pages_ready(&mut self, files: &[OutputFile], copies: &[CopyFile]) -> anyhow::Result<()>;
    /// The whole site, once the build is done without errors.
    fn all_ready(&mut self, files: &[OutputFile], copies: &[CopyFile]) -> anyhow::Result<()>;
}

/// Builds (or, with `write: false`, checks) the site. Content problems are in the
/// report; `Err` is for I/O failures while writing.
pub fn build(opts: &BuildOptions) -> anyhow::Result<Report> {
    build_into(opts, None)
}

/// [`build`], handing the files to `sink` (when given) instead of writing the output
/// folder.
pub fn build_into<'s>(
    opts: &BuildOptions,
    mut sink: Option<&mut (dyn Sink + 's)>,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut diagnostics = Vec::new();
    let mut pages = 0;
    let mut pdfs = render::handout::Stats::default();
    let mut search = None;
    let mut written = None;
    let mut page_reports = Vec::new();
    let mut laps = Laps::new();
    if let Some(Rendered {
        pages: count,
        pdfs: stats,
        search: indexed,
        files,
        copies,
    }) = run(
        opts,
        &mut diagnostics,
        &mut page_reports,
        &mut laps,
        sink.as_deref_mut(),
    )? {
        pages = count;
        pdfs = stats;
        search = indexed;
        let blocked = diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || opts.strict);
        if opts.write && !blocked {
            let target = output_dir(opts);
            match sink {
                Some(sink) => sink.all_ready(&files, &copies)?,
                None => output::write_site(&target, &files, &copies)?,
            }
            written = Some(target);
            laps.lap("write");
        }
    }
    laps.print();
    diagnostics::sort(&mut diagnostics);
    diagnostics.dedup();
    let sources = load_sources(&opts.root, &diagnostics);
    for row in &mut page_reports {
        for d in &diagnostics {
            if d.file.as_deref().map(diagnostics::display_path).as_deref() == Some(&row.file) {
                match d.severity {
                    Severity::Error => row.errors += 1,
                    Severity::Warning => row.warnings += 1,
                }
            }
        }
    }
    Ok(Report {
        diagnostics,
        sources,
        pages,
        pdfs,
        checks: page_reports,
        search,
        output: written,
        elapsed: started.elapsed(),
    })
}

/// The date the review check measures against: `CARELEAF_TODAY` (`YYYY-MM-DD`, for
/// tests and for checking ahead), else today in UTC.
fn today() -> jiff::civil::Date {
    std::env::var("CARELEAF_TODAY")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| {
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
        })
}

fn output_dir(opts: &BuildOptions) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"))
}

/// Where a build's time goes, printed to stderr when `CARELEAF_TIMINGS` is set (for
/// profiling; see the README's Performance section).
struct Laps {
    enabled: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn new() -> Self {
        Self {
            enabled: std::env::var_os("CARELEAF_TIMINGS").is_some(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Ends the phase `name`.
    fn lap(&mut self, name: &'static str) {
        if self.enabled {
            let now = Instant::now();
            self.laps.push((name, now - self.last));
            self.last = now;
        }
    }

    fn print(&self) {
        if self.enabled {
            let parts: Vec<String> = self
                .laps
                .iter()
                .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings: {}", parts.join(", "));
        }
    }
}

/// Everything a successful run produced.
struct Rendered {
    pages: usize,
    pdfs: render::handout::Stats,
    search: Option<render::SearchStats>,
    files: Vec<OutputFile>,
    copies: Vec<CopyFile>,
}

/// The whole pipeline up to the files to write; `None` once errors make going on
/// useless. `Err` is for a sink that failed to write.
fn run<'s>(
    opts: &BuildOptions,
    problems: &mut Vec<Diagnostic>,
    reports: &mut Vec<checks::PageReport>,
    laps: &mut Laps,
    sink: Option<&mut (dyn Sink + 's)>,
) -> anyhow::Result<Option<Rendered>> {
    let root = &opts.root;
    if opts.write
        && let Err(message) = output::check_target(root, &output_dir(opts))
    {
        problems
            .push(Diagnostic::general(message).with_hint("choose another folder with --output"));
        return Ok(None);
    }
    let config_path = root.join(config::CONFIG_FILE);
    if !config_path.is_file() {
        problems.push(
            Diagnostic::general(format!("no {} in {}", config::CONFIG_FILE, root.display()))
                .with_hint("run careleaf in a site folder, pass --root, or create a site with `careleaf init`"),
        );
        return Ok(None);
    }
    let text = match content::discover::read_text(&config_path, Path::new(config::CONFIG_FILE)) {
        Ok(t) => t,
        Err(d) => {
            problems.push(d);
            return Ok(None);
        }
    };
    let site = match config::load(root, &text, opts.base_url.as_deref()) {
        Ok(s) => s,
        Err(mut ds) => {
            problems.append(&mut ds);
            return Ok(None);
        }
    };
    problems.extend(config::warnings(&site.config));
    let theme = match theme::Theme::load(
        root,
        &site.config.theme.value,
        yaml::position(&site.config.theme),
    ) {
        Ok(t) => t,
        Err(d) => {
            problems.push(d);
            return Ok(None);
        }
    };
    let templates = render::Templates::compile(&theme);
    laps.lap("config and templates");

    let (mut content, mut found) = content::discover(
        root,
        &site.languages,
        site.config.max_page_kb,
        opts.cache.as_deref().map(|c| &c.pages),
    );
    problems.append(&mut found);
    let drafts: HashSet<String> = content
        .pages
        .iter()
        .filter(|p| p.meta.draft && !opts.drafts)
        .map(|p| p.content_path.clone())
        .collect();
    content.pages.retain(|p| !drafts.contains(&p.content_path));
    laps.lap("read and parse");

    let (statics, copies) = static_files(root, &theme, &content);
    if let Some(logo) = &site.config.clinic.logo
        && !root.join(logo).is_file()
    {
        problems.push(
            Diagnostic::error(
                config::CONFIG_FILE,
                0,
                0,
                format!("the logo `{logo}` does not exist"),
            )
            .with_hint("give the path from the site root, e.g. static/logo.svg"),
        );
    }
    if let Some(logo) = site.config.theme_options.get("logo")
        && !root.join(&logo.value).is_file()
    {
        let (line, column) = yaml::position(logo);
        problems.push(
            Diagnostic::error(
                config::CONFIG_FILE,
                line,
                column,
                format!("the header logo `{}` does not exist", logo.value),
            )
            .with_hint("give the path from the site root, e.g. static/logo-white.svg"),
        );
    }
    let names: HashSet<String> = statics
        .iter()
        .map(|f| format!("/{}", f.path))
        .chain(copies.iter().map(|c| format!("/{}", c.path)))
        .collect();
    let (resolved, mut found) = site::Resolved::new(&site, &content, drafts, names);
    problems.append(&mut found);
    let checked: Vec<(&content::Page, String)> = resolved
        .pages
        .iter()
        .map(|p| (p, resolved.url(&p.path)))
        .collect();
    let (mut found, page_reports) = checks::run(
        &checked,
        &site.config,
        today(),
        opts.cache.as_deref().map(|c| &c.counts),
    );
    problems.append(&mut found);
    *reports = page_reports;
    laps.lap("resolve and check");
    let mut langs = render::languages(&resolved, &theme, problems);
    let md = markdown::Markdown::new(
        site.config.markdown.raw_html,
        site.config.markdown.highlight,
    );
    let (mut jobs, mut found) = render::prepare::pages(&resolved, &md, &langs);
    problems.append(&mut found);
    laps.lap("markdown");
    jobs.extend(render::generated(&resolved, &langs));
    render::ingredients::pages(&resolved, &mut jobs, &mut langs);
    let handouts = render::handout::Settings {
        paper: site.config.handout.paper,
        qr: site.config.handout.qr,
        pdf: cfg!(feature = "pdf") && site.config.handout.pdf && opts.pdf,
    };
    let qr_codes = render::handout::pages(&resolved, &mut jobs, &langs, handouts);
    for job in &mut jobs {
        for t in &mut job.page.translations {
            t.name = langs[&t.lang].strings.get("language_name").to_owned();
        }
    }
    let templates = match templates {
        Ok(t) => t,
        Err(mut ds) => {
            problems.append(&mut ds);
            return Ok(None);
        }
    };
    if problems.iter().any(|d| d.severity == Severity::Error) {
        return Ok(None);
    }
    if let Some(d) = render::same_output(&jobs) {
        problems.push(d);
        return Ok(None);
    }
    laps.lap("generated pages");
    let (mut files, mut found) = render::render(&templates, &jobs, &langs);
    problems.append(&mut found);
    laps.lap("templates");
    let count = files.len();
    files.extend(render::sitemap(&resolved, &jobs));
    if site.config.feed {
        files.extend(render::feed::feeds(&resolved, &jobs, &langs));
    }
    files.extend(statics);
    files.extend(qr_codes);
    laps.lap("sitemap and feeds");
    if let Some(sink) = sink
        && opts.write
        && !problems
            .iter()
            .any(|d| d.severity == Severity::Error || opts.strict)
    {
        sink.pages_ready(&files, &copies)?;
        laps.lap("pages handed over");
    }
    // The search index and the PDFs need nothing of each other: made side by side.
    let index_wanted = site.config.search && found_none(problems);
    let pages_html = &files[..count];
    let (indexed, typeset) = rayon::join(
        || {
            index_wanted
                .then(|| search_index(&jobs, pages_html))
                .flatten()
        },
        || {
            handouts.pdf.then(|| {
                typeset_pdfs(
                    &resolved,
                    &md,
                    &langs,
                    &theme,
                    handouts,
                    opts.cache.as_deref(),
                )
            })
        },
    );
    let search = match indexed {
        Some(Ok((index, stats))) => {
            files.extend(index);
            Some(stats)
        }
        Some(Err(d)) => {
            problems.push(d);
            None
        }
        None => None,
    };
    let stats = match typeset {
        Some((pdfs, mut found, stats)) => {
            problems.append(&mut found);
            files.extend(pdfs);
            stats
        }
        None => render::handout::Stats::default(),
    };
    laps.lap("search index and PDFs");
    Ok(Some(Rendered {
        pages: count,
        pdfs: stats,
        search,
        files,
        copies,
    }))
}

/// Whether no error has been found so far.
fn found_none(problems: &[Diagnostic]) -> bool {
    !problems.iter().any(|d| d.severity == Severity::Error)
}

/// The search index of the rendered pages (`None` without the `search` feature).
type Indexed = Result<(Vec<OutputFile>, render::SearchStats), Diagnostic>;

#[cfg(feature = "search")]
fn search_index(jobs: &[render::prepare::Job], pages: &[OutputFile]) -> Option<Indexed> {
    Some(render::search::index(jobs, pages))
}

#[cfg(not(feature = "search"))]
fn search_index(_jobs: &[render::prepare::Job], _pages: &[OutputFile]) -> Option<Indexed> {
    None
}

/// The PDF handouts, their problems and timings (none without the `pdf` feature).
type Typeset = (Vec<OutputFile>, Vec<Diagnostic>, render::handout::Stats);

#[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
fn typeset_pdfs(
    resolved: &site::Resolved<'_>,
    md: &markdown::Markdown,
    langs: &std::collections::BTreeMap<String, render::prepare::Language>,
    theme: &theme::Theme,
    handouts: render::handout::Settings,
    cache: Option<&Cache>,
) -> Typeset {
    #[cfg(feature = "pdf")]
    return render::pdf::render_all(resolved, md, langs, theme, handouts, cache.map(|c| &c.pdfs));
    #[cfg(not(feature = "pdf"))]
    (Vec::new(), Vec::new(), render::handout::Stats::default())
}

/// The theme's static files (as bytes) and the site's static/ and content assets (to
/// copy). Site files override theme files of the same path.
fn static_files(
    root: &Path,
    theme: &theme::Theme,
    content: &content::Content,
) -> (Vec<OutputFile>, Vec<CopyFile>) {
    let mut copies: Vec<CopyFile> = Vec::new();
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for entry in WalkDir::new(&static_dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&static_dir)
                    .unwrap_or(entry.path());
                copies.push(CopyFile {
                    source: entry.path().to_path_buf(),
                    path: rel.to_string_lossy().replace('\\', "/"),
                });
            }
        }
    }
    copies.extend(content.assets.iter().map(|a| CopyFile {
        source: a.source.clone(),
        path: a.path.clone(),
    }));
    let taken: HashSet<&str> = copies.iter().map(|c| c.path.as_str()).collect();
    let statics = theme
        .statics()
        .filter(|(path, _)| !taken.contains(path))
        .map(|(path, file)| OutputFile {
            path: path.to_owned(),
            bytes: file.bytes.clone(),
        })
        .collect();
    (statics, copies)
}

/// Reads the files the diagnostics point into, for quoting their lines.
fn load_sources(root: &Path, diagnostics: &[Diagnostic]) -> Sources {
    let mut sources = Sources::default();
    let files: HashSet<&PathBuf> = diagnostics.iter().filter_map(|d| d.file.as_ref()).collect();
    for file in files {
        if let Ok(text) = std::fs::read_to_string(root.join(file)) {
            let text = content::discover::normalize_line_breaks(text);
            sources.insert(file.clone(), text);
        }
    }
    sources
}

#[cfg(all(test, feature = "pdf"))]
mod tests {
    use super::*;

    /// A second build with the same cache takes unchanged PDFs from it instead of
    /// typesetting them again: a marked cache entry comes out as the written file.
    #[test]
    fn serve_rebuilds_reuse_unchanged_pdfs() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let out = std::env::temp_dir().join(format!("careleaf-cache-test-{}", std::process::id()));
        let cache = std::sync::Arc::new(Cache::default());
        let opts = BuildOptions {
            root: fixture,
            output: Some(out.clone()),
            base_url: None,
            drafts: false,
            write: true,
            strict: false,
            pdf: true,
            cache: Some(cache.clone()),
        };
        let first = build(&opts).unwrap();
        assert!(first.output.is_some(), "{:?}", first.diagnostics);
        let typeset = first.pdfs.files;
        assert!(typeset >= 2);
        {
            let mut map = cache.pdfs.0.lock().unwrap();
            assert_eq!(map.len(), typeset);
            for pdf in map.values_mut() {
                pdf.bytes = b"%PDF-from-the-cache".to_vec();
            }
        }
        let second = build(&opts).unwrap();
        assert!(second.output.is_some());
        let packet = std::fs::read(out.join("handouts.pdf")).unwrap();
        assert_eq!(packet, b"%PDF-from-the-cache");
        std::fs::remove_dir_all(&out).unwrap();
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    /// With a cache (`serve`), a file whose text did not change is not parsed again,
    /// and one that changed is: a marked cache entry comes out in the page until the
    /// file is edited.
    #[test]
    fn unchanged_files_are_not_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        for entry in WalkDir::new(&fixture).into_iter().filter_map(Result::ok) {
            let target = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let cache = std::sync::Arc::new(Cache::default());
        let opts = BuildOptions {
            root: dir.path().to_path_buf(),
            output: Some(dir.path().join("out")),
            base_url: None,
            drafts: false,
            write: true,
            strict: false,
            pdf: false,
            cache: Some(cache.clone()),
        };
        assert!(build(&opts).unwrap().output.is_some());
        {
            let mut pages = cache.pages.0.lock().unwrap();
            let (_, page, _) = pages.get_mut("about.md").expect("about.md is cached");
            page.as_mut().unwrap().meta.title = "From the cache".into();
        }
        assert!(build(&opts).unwrap().output.is_some());
        let about = || std::fs::read_to_string(dir.path().join("out/about/index.html")).unwrap();
        assert!(about().contains("<h1>From the cache</h1>"));
        std::fs::write(
            dir.path().join("content/about.md"),
            "---\ntitle: Edited\n---\nAbout us.\n",
        )
        .unwrap();
        assert!(build(&opts).unwrap().output.is_some());
        assert!(about().contains("<h1>Edited</h1>"));
        assert!(
            cache.counts.0.lock().unwrap().len() >= 5,
            "readability counts kept"
        );
    }
}
