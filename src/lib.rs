//! careleaf: a clinic's patient guidance (YAML and Markdown) in, a themed,
//! cross-linked static site and printable handouts out.
//!
//! The pipeline runs one way: [`config`] -> [`content`] (discover, parse) -> [`site`]
//! (resolve) -> [`render`] (Markdown, templates) -> [`output`] (atomic write). Every
//! content problem is a [`diagnostics::Diagnostic`]; all of them are collected before
//! anything is written.

pub mod anchors;
pub mod assets;
pub mod cache;
pub mod checks;
pub mod cms;
pub mod collisions;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod duration;
pub mod fs;
pub mod i18n;
pub mod language;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod sections;
pub mod serve;
pub mod site;
pub mod site_root;
pub mod theme;
mod timings;
pub mod translations;
pub mod urls;
pub mod versions;
pub mod yaml;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Diagnostics, Sources};
use output::{CopyFile, OutputFile};
use timings::Laps;

/// What `build`, `check` and `serve` ask of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds careleaf.yaml).
    pub root: PathBuf,
    /// Overrides careleaf.yaml `base_url`.
    pub base_url: Option<String>,
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Typeset PDF handouts (when careleaf.yaml `handout.pdf` is on too); `--no-pdf` clears it.
    pub pdf: bool,
    /// The date the review check measures against.
    pub today: jiff::civil::Date,
    /// Print where the build's time goes (`CARELEAF_TIMINGS`).
    pub timings: bool,
    /// Make every link relative (`build --relative`; careleaf.yaml `relative_urls`
    /// does the same for every build).
    pub relative: bool,
    /// Work kept between builds of one process (`serve`); `None` for one-off builds.
    pub cache: Option<std::sync::Arc<Cache>>,
    /// Told as each stage starts (the binary's progress bar); `None` for silence.
    pub progress: Option<ProgressHandle>,
}

/// Told what a build is doing, stage by stage, so a long build can show progress.
pub trait Progress: Send + Sync {
    /// Stage `n` of `total` (`"Rendering pages"`) starts.
    fn stage(&self, n: usize, total: usize, name: &'static str);
    /// The build is over (the bar, if any, can go).
    fn done(&self);
}

/// A shared [`Progress`] in [`BuildOptions`].
#[derive(Clone)]
pub struct ProgressHandle(pub std::sync::Arc<dyn Progress>);

impl std::fmt::Debug for ProgressHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// The stages a progress display names, in order.
const STAGES: [&str; 6] = [
    "Reading the content",
    "Checking the pages",
    "Rendering the pages",
    "Indexing and typesetting",
    "Writing the site",
    "Done",
];

/// Where a build's files go.
pub enum Destination<'s> {
    /// Nowhere: `check` runs every stage but writing.
    Check,
    /// Nowhere, like `Check`, and the report keeps what a reviewer reads of each guide
    /// (`careleaf report`, DESIGN §11.8).
    Review,
    /// A folder, replaced as a whole at the end (`build`).
    Folder(PathBuf),
    /// A sink that takes the files as they become ready (`serve`).
    Sink(&'s mut dyn Sink),
}

/// What a long-running process (`serve`) keeps from one build to the next.
#[derive(Debug, Default)]
pub struct Cache {
    /// Typeset PDFs, reused when nothing that goes into one has changed.
    #[cfg(feature = "pdf")]
    pdfs: render::pdf::PdfCache,
    /// Readability counts of unchanged texts, link checks of unchanged pages.
    checks: checks::ChecksCache,
    /// Pages of unchanged files.
    pages: content::discover::PageCache,
    /// QR codes of the guides' addresses.
    qr_codes: cache::LastBuild<String, Option<String>>,
    /// Rendered pages, by a hash of their template and context.
    rendered: render::RenderCache,
    /// Pages' prose converted to HTML, by a hash of what it depends on.
    prose: render::prepare::ProseCache,
}

/// What a build did, and every problem it found.
#[derive(Debug)]
pub struct Report {
    /// All errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts of the files the diagnostics point into.
    pub sources: Sources,
    /// Whether warnings failed the build (`--strict`).
    pub strict: bool,
    /// HTML pages rendered.
    pub pages: usize,
    /// PDF handouts typeset, and how long they took.
    pub pdfs: render::handout::Stats,
    /// One row per written page: reading grade, review due date, problem counts.
    pub checks: Vec<checks::PageReport>,
    /// The search index, when one was built.
    pub search: Option<render::SearchStats>,
    /// Every source page against every other language (DESIGN §10.7).
    pub translations: Vec<translations::Row>,
    /// What a reviewer reads of each guide (`Destination::Review` only).
    pub review: Vec<checks::review::GuideReview>,
    /// The site the review is of (`Destination::Review` only).
    pub review_site: checks::review::SiteReview,
    /// Whether the files were handed to the destination (written).
    pub written: bool,
    /// Wall time.
    pub elapsed: Duration,
}

impl Report {
    /// Takes the build's problems (sorted, with the lines they point at), counts
    /// them per page, and the time since `started`.
    fn close(&mut self, problems: Diagnostics, root: &std::path::Path, started: Instant) {
        self.diagnostics = problems.into_sorted();
        self.sources = Sources::load(root, &self.diagnostics);
        checks::count_problems(&mut self.checks, &self.diagnostics);
        self.elapsed = started.elapsed();
    }

    /// A report of nothing done yet.
    fn empty(strict: bool) -> Report {
        Report {
            diagnostics: Vec::new(),
            sources: Sources::default(),
            strict,
            pages: 0,
            pdfs: render::handout::Stats::default(),
            checks: Vec::new(),
            search: None,
            translations: Vec::new(),
            review: Vec::new(),
            review_site: checks::review::SiteReview::default(),
            written: false,
            elapsed: Duration::ZERO,
        }
    }

    /// Whether the build failed: any error, or any warning under `--strict`.
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == diagnostics::Severity::Error || self.strict)
    }

    /// Counts of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == diagnostics::Severity::Error)
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

/// Builds the site into `destination` (or only checks it). Content problems are in
/// the report; `Err` is for I/O failures while writing.
///
/// The stages run one way: config and theme -> content -> site (resolve) -> checks
/// -> render (pages, then search index and PDFs) -> output. A stage runs only when
/// the ones before it left it something to work on.
pub fn build(opts: &BuildOptions, mut destination: Destination<'_>) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut laps = Laps::new(opts.timings);
    let stage = |n: usize| {
        if let Some(p) = &opts.progress {
            p.0.stage(n + 1, STAGES.len() - 1, STAGES[n]);
        }
    };
    let mut problems = Diagnostics::new(opts.strict);
    let mut report = Report::empty(opts.strict);
    'stages: {
        if let Destination::Folder(target) = &destination
            && let Err(d) = output::check_target(&opts.root, target)
        {
            problems.push(d);
            break 'stages;
        }
        let Some((site, theme)) =
            config::load_site(&opts.root, opts.base_url.as_deref(), &mut problems)
        else {
            break 'stages;
        };
        problems.extend(schema::stale(&opts.root));
        let templates = render::Templates::compile(&theme);
        laps.lap("config and templates");
        stage(0);
        let content = content::load(
            &opts.root,
            &site,
            opts.drafts,
            opts.cache.as_deref().map(|c| &c.pages),
            &mut problems,
        );
        laps.lap("read and parse");
        stage(1);
        let assets = assets::Assets::collect(&opts.root, &theme, &content, &mut problems);
        let resolved = site::Resolved::new(&site, &content, assets.url_paths(), &mut problems);
        let config = &site.config;
        let markdown = markdown::Markdown::new(config.markdown.raw_html, config.markdown.highlight);
        check_site(opts, &resolved, &markdown, &mut report, &mut problems);
        if matches!(destination, Destination::Review) {
            let versions = versions::read_lock(&opts.root).unwrap_or_default();
            report.review =
                checks::review::guides(&resolved, config.review.interval_days, &versions);
            report.review_site = checks::review::SiteReview {
                title: config.title.clone(),
                max_grade: config.readability.max_grade,
                today: opts.today.to_string(),
                type_size: (12, 16),
            };
        }
        laps.lap("resolve and check");
        stage(2);
        let settings = render::Settings::new(config, opts.pdf);
        let html = !matches!(destination, Destination::Check | Destination::Review);
        // `build` writes pages into the staging folder as they are rendered; a build
        // that fails drops it, and the output stays as it was.
        let staging = staging_for(&destination, &problems)?;
        let parts = render::Parts {
            theme: &theme,
            templates,
            settings,
            assets,
            html,
            cache: opts.cache.as_deref(),
            relative: opts.relative || config.relative_urls,
            staging: staging.as_ref(),
        };
        let mut prepared = render::prepare(&resolved, &parts, markdown, &mut problems, &mut laps);
        let Some(pages) = render::pages(&resolved, &mut prepared, parts, &mut problems, &mut laps)?
        else {
            break 'stages;
        };
        report.pages = pages.count;
        if let Destination::Sink(sink) = &mut destination
            && !problems.blocks_output()
        {
            sink.pages_ready(&pages.files, &pages.copies)?;
            laps.lap("pages handed over");
        }
        stage(3);
        let extras = render::extras(
            &resolved,
            &theme,
            settings,
            &prepared,
            &pages,
            opts.cache.as_deref(),
            &mut problems,
        );
        report.search = extras.search;
        report.pdfs = extras.pdfs;
        laps.lap("search index and PDFs");
        let mut files = pages.files;
        files.extend(extras.files);
        problems.extend(collisions::collisions(&opts.root, &files, &pages.copies));
        if problems.blocks_output() {
            break 'stages;
        }
        stage(4);
        deliver(&mut destination, staging, &files, &pages.copies)?;
        report.written = !matches!(destination, Destination::Check | Destination::Review);
        laps.lap("write");
    }
    if let Some(p) = &opts.progress {
        p.0.done();
    }
    laps.print();
    report.close(problems, &opts.root, started);
    Ok(report)
}

/// The staging folder `build` writes pages into as they are rendered, when the build
/// goes to a folder and has no error so far.
fn staging_for(
    destination: &Destination<'_>,
    problems: &Diagnostics,
) -> anyhow::Result<Option<output::Staging>> {
    match destination {
        Destination::Folder(target) if !problems.has_errors() => {
            Ok(Some(output::Staging::create(target)?))
        }
        _ => Ok(None),
    }
}

/// The checks stage and the translations' status: problems to `problems`, the
/// check table and translation table to `report`.
fn check_site(
    opts: &BuildOptions,
    resolved: &site::Resolved<'_>,
    markdown: &markdown::Markdown,
    report: &mut Report,
    problems: &mut Diagnostics,
) {
    let counts = opts.cache.as_deref().map(|c| &c.checks);
    report.checks = checks::run(resolved, markdown, opts.today, counts, problems);
    match translations::read_lock(&opts.root) {
        Ok(lock) => {
            problems.extend(translations::check(resolved, &lock));
            report.translations = translations::table(resolved, &lock);
        }
        Err(d) => problems.push(d),
    }
    match versions::read_lock(&opts.root) {
        Ok(lock) => problems.extend(versions::check(resolved, &lock)),
        Err(d) => problems.push(d),
    }
}

/// Hands the finished site to where the build goes: the staging folder swapped in
/// (or, when pages were not written as rendered, a new one), or serve's sink.
fn deliver(
    destination: &mut Destination<'_>,
    staging: Option<output::Staging>,
    files: &[OutputFile],
    copies: &[CopyFile],
) -> anyhow::Result<()> {
    match destination {
        Destination::Check | Destination::Review => {}
        Destination::Folder(target) => match staging {
            Some(staging) => staging.finish(files, copies)?,
            None => output::write_site(target, files, copies)?,
        },
        Destination::Sink(sink) => sink.all_ready(files, copies)?,
    }
    Ok(())
}

/// `careleaf translations mark`: records in translations.lock that the translations
/// in `lang` (all when `None`; only `files` when given) were checked against their
/// sources as they are now. Returns the files marked; refuses when the site has errors
/// (a broken page cannot be marked).
pub fn mark_translations(
    root: &std::path::Path,
    lang: Option<&str>,
    files: &[String],
) -> anyhow::Result<Vec<String>> {
    let mut problems = Diagnostics::new(false);
    let fail = |problems: Diagnostics| nothing_marked(root, problems.into_sorted());
    let Some((site, theme)) = config::load_site(root, None, &mut problems) else {
        return Err(fail(problems));
    };
    if let Some(lang) = lang
        && !site.languages.iter().any(|l| l == lang)
    {
        anyhow::bail!(
            "`{lang}` is not one of the site's languages ({})",
            site.languages.join(", ")
        );
    }
    let content = content::load(root, &site, false, None, &mut problems);
    let assets = assets::Assets::collect(root, &theme, &content, &mut problems);
    let resolved = site::Resolved::new(&site, &content, assets.url_paths(), &mut problems);
    if problems.has_errors() {
        return Err(fail(problems));
    }
    let lock = translations::read_lock(root).map_err(|d| anyhow::anyhow!("{}", d.message))?;
    let (lock, marked) = translations::mark(&resolved, lock, lang, files);
    if let Some(unknown) = files.iter().find(|f| {
        let f = f.trim_start_matches("content/");
        !marked.iter().any(|m| m == f)
    }) {
        anyhow::bail!(
            "`{unknown}` is not a translation of this site (name it from content/, like microneedling.es.yaml)"
        );
    }
    let text = translations::write_lock(&lock);
    fs::write_atomically(root, translations::LOCK_FILE, |tmp| {
        std::fs::write(tmp, &text)
    })?;
    Ok(marked)
}

/// `careleaf versions mark`: records a new version of each guide named in `files`
/// (every guide when empty) that is new or changed since its last version, with
/// `note` and `today`, in versions.lock, and keeps its PDFs (regular and large print,
/// typeset now) in archive/. Returns each file marked with its version; refuses when
/// the site has errors, and leaves the lock's bytes alone when nothing changed.
pub fn mark_versions(
    root: &std::path::Path,
    files: &[String],
    note: &str,
    today: jiff::civil::Date,
) -> anyhow::Result<Vec<(String, u32)>> {
    if note.trim().is_empty() {
        anyhow::bail!("say what changed with --note \"...\" (it is kept with the version)");
    }
    let mut problems = Diagnostics::new(false);
    let fail = |problems: Diagnostics| nothing_marked(root, problems.into_sorted());
    let Some((site, theme)) = config::load_site(root, None, &mut problems) else {
        return Err(fail(problems));
    };
    let content = content::load(root, &site, false, None, &mut problems);
    let assets = assets::Assets::collect(root, &theme, &content, &mut problems);
    let resolved = site::Resolved::new(&site, &content, assets.url_paths(), &mut problems);
    if problems.has_errors() {
        return Err(fail(problems));
    }
    let lock = versions::read_lock(root).map_err(|d| anyhow::anyhow!("{}", d.message))?;
    let before = versions::write_lock(&lock);
    let (lock, marked) = versions::mark(&resolved, lock, files, note.trim(), &today.to_string());
    if let Some(unknown) = files.iter().find(|f| {
        let f = f.trim_start_matches("content/");
        !resolved
            .pages
            .iter()
            .any(|p| p.guide().is_some() && p.content_path == f)
    }) {
        anyhow::bail!(
            "`{unknown}` is not a guide of this site (name it from content/, like microneedling.yaml)"
        );
    }
    if marked.is_empty() {
        return Ok(Vec::new());
    }
    // The PDFs as they are now, typeset by a build into a folder of its own.
    let pdfs = site.config.handout.pdf && cfg!(feature = "pdf");
    let staging = tempfile_dir(root)?;
    if pdfs {
        let opts = BuildOptions {
            root: root.to_path_buf(),
            base_url: None,
            drafts: false,
            strict: false,
            pdf: true,
            today,
            timings: false,
            relative: false,
            cache: None,
            progress: None,
        };
        let report = build(&opts, Destination::Folder(staging.join("site")))?;
        if report.failed() {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(nothing_marked(root, report.diagnostics));
        }
    }
    let mut done = Vec::new();
    for (i, n) in &marked {
        let page = &resolved.pages[*i];
        if pdfs {
            for large in [false, true] {
                let from = if large {
                    urls::large_print_pdf(&page.path)
                } else {
                    urls::pdf(&page.path)
                };
                let from = staging.join("site").join(from.trim_start_matches('/'));
                let to = root.join(versions::archived(&page.path, *n, large));
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::copy(&from, &to).map_err(|e| {
                    anyhow::anyhow!("keeping {} as {}: {e}", from.display(), to.display())
                })?;
            }
        }
        done.push((page.content_path.clone(), *n));
    }
    let _ = std::fs::remove_dir_all(&staging);
    let text = versions::write_lock(&lock);
    if text != before {
        fs::write_atomically(root, versions::LOCK_FILE, |tmp| std::fs::write(tmp, &text))?;
    }
    Ok(done)
}

/// A new empty folder for a build that is not the site's, beside the site's own
/// files (the same file system) and removed by the caller.
fn tempfile_dir(root: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "careleaf-versions-{}-{}",
        std::process::id(),
        cache::key_of(&root.to_string_lossy().as_ref())
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The error of a `mark` command on a site with errors: the errors, then that
/// nothing was marked.
fn nothing_marked(root: &std::path::Path, list: Vec<Diagnostic>) -> anyhow::Error {
    let sources = Sources::load(root, &list);
    anyhow::anyhow!(
        "{}nothing was marked: fix the errors first",
        diagnostics::render_some(&list, &sources, false, None)
    )
}

/// Today in UTC: the date review checks use unless told otherwise.
pub fn today_utc() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

#[cfg(test)]
mod build_tests;
