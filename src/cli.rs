//! The command line (clap derive): one `Args` struct per subcommand, turned into the
//! library's plain options before anything runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// careleaf: patient guides for clinics, as a website and printable handouts.
#[derive(Debug, Parser)]
#[command(name = "careleaf", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands of DESIGN §5.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with the example guide (refuses a non-empty folder).
    Init(InitArgs),
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
    /// Run every check of `build` without writing anything.
    Check(CheckArgs),
    /// Build, serve on 127.0.0.1 and rebuild and reload the browser on every edit.
    Serve(ServeArgs),
    /// Write the reviewer's report: one HTML file (or JSON) with every guide's reading
    /// level by two formulas, the hardest sentences, review points, review dates,
    /// translation and version status, and handout pages.
    Report(ReportArgs),
    /// Create something new in the site.
    New(NewArgs),
    /// Write the JSON Schemas of careleaf.yaml and of a guide (schemas/), and
    /// .vscode/settings.json, so an editor completes keys and underlines mistakes.
    Schema(SchemaArgs),
    /// Write static/admin/ for Decap CMS: edit guides and pages in a browser form.
    Cms(CmsArgs),
    /// Show whether each translation is up to date with its source, or mark
    /// translations as checked (`translations mark [LANG] [FILE...]`).
    Translations(TranslationsArgs),
    /// Leaflet versions: `versions mark [FILE...] --note "..."` records a new version of
    /// each guide that is new or changed and keeps its PDFs in archive/.
    Versions(VersionsArgs),
}

/// `careleaf versions mark [FILE...] --note "..."`
#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    /// `mark`: record a new version.
    #[command(subcommand)]
    pub what: VersionsCommand,
}

/// What `careleaf versions` does.
#[derive(Debug, Subcommand)]
pub enum VersionsCommand {
    /// Record a new version of every guide (or only FILEs, from content/, like
    /// knee.yaml) that is new or changed since its last version: its number, today's
    /// date and the note in versions.lock, its PDFs in archive/.
    Mark {
        /// Guide files; every guide when none.
        files: Vec<String>,
        /// What changed, in a few words (kept with the version, shown on its page).
        #[arg(long)]
        note: String,
    },
}

/// `careleaf translations [mark [LANG] [FILE...]]`
#[derive(Debug, Args)]
pub struct TranslationsArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    /// `mark`: record that translations were checked against their sources as they
    /// are now.
    #[command(subcommand)]
    pub what: Option<TranslationsCommand>,
}

/// What `careleaf translations` can do besides showing the table.
#[derive(Debug, Subcommand)]
pub enum TranslationsCommand {
    /// Record in translations.lock that translations were checked against their
    /// sources as they are now: every translation, those of LANG, or only FILEs (from
    /// content/, like microneedling.es.yaml).
    Mark {
        /// A language (`es`), then translation files; or only files.
        args: Vec<String>,
    },
}

/// `careleaf init [DIR]`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new site (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The handouts' paper: a4 or letter (default: from the locale's region, LC_PAPER
    /// or LANG; letter when it names none).
    #[arg(long, value_parser = ["a4", "letter"])]
    pub paper: Option<String>,
}

/// `careleaf build`
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: ROOT/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of careleaf.yaml's (e.g. for a staging host).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Skip PDF handouts (the handout pages are still written).
    #[arg(long)]
    pub no_pdf: bool,
    /// Make every link relative, so the output works opened from a folder (file://),
    /// a shared drive or a USB stick (careleaf.yaml `relative_urls: true` does it for
    /// every build).
    #[arg(long)]
    pub relative: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

/// `careleaf check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// `text` (problems, then a table per page) or `json` (one JSON document on stdout,
    /// for CI systems).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `careleaf schema`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print one schema to standard output instead of writing the files.
    #[arg(long, value_enum)]
    pub print: Option<SchemaKind>,
}

/// Which schema `careleaf schema --print` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// careleaf.yaml.
    Config,
    /// A YAML file in content/ (a guide or a glossary).
    Guide,
}

/// `careleaf cms`
#[derive(Debug, Args)]
pub struct CmsArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where edits are saved when the site is published: Netlify's Git Gateway, or a
    /// GitHub or GitLab repository (docs/editing.md). Trying it locally needs none.
    #[arg(long, value_enum, default_value_t = careleaf::cms::Backend::GitGateway)]
    pub backend: careleaf::cms::Backend,
    /// The repository, `owner/name` (for github and gitlab).
    #[arg(long)]
    pub repo: Option<String>,
    /// The branch edits are saved to.
    #[arg(long, default_value = "main")]
    pub branch: String,
}

/// `careleaf report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the report (default: careleaf-report.html, or careleaf-report.json
    /// with --format json, in the current folder); `-` writes it to standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// `html` (one self-contained page) or `json` (the same data).
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// How `report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One HTML file with its style and script inside.
    Html,
    /// One JSON document.
    Json,
}

impl ReportArgs {
    /// The library's options for this command: a check that typesets the handouts (to
    /// count their pages) and writes nothing.
    pub fn options(&self, env: Environment) -> careleaf::BuildOptions {
        careleaf::BuildOptions {
            root: self.root.clone(),
            base_url: None,
            drafts: self.drafts,
            strict: false,
            pdf: true,
            today: env.today,
            timings: env.timings,
            relative: false,
            cache: None,
            progress: env.progress.clone(),
        }
    }
}

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For machines.
    Json,
}

/// `careleaf serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site root (the folder holding careleaf.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// `careleaf new ...`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create.
    #[command(subcommand)]
    pub what: NewCommand,
}

/// Things `careleaf new` can create.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A new guide file content/SLUG.yaml with every section type stubbed.
    Guide {
        /// The guide's slug (lowercase letters, digits and hyphens).
        slug: String,
        /// The skeleton to start from: general (every section type), dental, eye,
        /// wound or skin.
        #[arg(long, value_enum, default_value_t = careleaf::scaffold::GuideKind::General)]
        kind: careleaf::scaffold::GuideKind,
        /// The site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// What every build shares whatever the command: the date reviews are measured
/// against, whether to print timings, and where progress goes.
#[derive(Debug, Clone)]
pub struct Environment {
    /// Today (`CARELEAF_TODAY`, else the clock).
    pub today: jiff::civil::Date,
    /// `CARELEAF_TIMINGS` is set.
    pub timings: bool,
    /// The progress display (`build`, `check`).
    pub progress: Option<careleaf::ProgressHandle>,
}

impl BuildArgs {
    /// The library's options for this command.
    pub fn options(&self, env: Environment) -> careleaf::BuildOptions {
        careleaf::BuildOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            strict: self.strict,
            pdf: !self.no_pdf,
            today: env.today,
            timings: env.timings,
            relative: self.relative,
            cache: None,
            progress: env.progress.clone(),
        }
    }

    /// Where the site goes: `--output`, else ROOT/public.
    pub fn output(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

impl CheckArgs {
    /// The library's options for this command.
    pub fn options(&self, env: Environment) -> careleaf::BuildOptions {
        careleaf::BuildOptions {
            root: self.root.clone(),
            base_url: None,
            drafts: self.drafts,
            strict: self.strict,
            // Handouts are typeset (not written) to check their length.
            pdf: true,
            today: env.today,
            timings: env.timings,
            relative: false,
            cache: None,
            progress: env.progress.clone(),
        }
    }
}
