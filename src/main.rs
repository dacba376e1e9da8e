//! The `careleaf` binary: parse arguments, call the library, print diagnostics, exit
//! with 0 (ok), 1 (content errors) or 2 (usage).

/// `println!` that ends the program quietly when standard output has been closed
/// (`careleaf translations | head -1`), where the standard macro panics: exit status
/// 141, as a Unix tool stopped by SIGPIPE has, so a closed pipe never passes for
/// success. It replaces the standard one in this file and the modules below.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*)
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            std::process::exit(141);
        }
    }};
}

/// `print!`, ending quietly on a closed standard output like [`println!`] above.
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*)
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            std::process::exit(141);
        }
    }};
}

mod cli;
mod progress;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use careleaf::Destination;
use careleaf::diagnostics;
use cli::{Cli, Command, Environment, NewCommand};

/// The binary's allocator (see Cargo.toml for the measurements behind it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stack of each worker thread: 64 MiB of address space.
const WORKER_STACK: usize = 64 << 20;

fn main() -> ExitCode {
    // Typst lays out and writes long documents (a guide of many sections, the packet
    // of every handout) with deep recursion: the worker threads get room for it
    // (reserved, used only as needed).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// What the environment says about every build: `CARELEAF_TODAY` (`YYYY-MM-DD`, for
/// tests and for checking ahead) and `CARELEAF_TIMINGS`.
fn environment() -> Environment {
    Environment {
        today: today(),
        timings: std::env::var_os("CARELEAF_TIMINGS").is_some(),
        progress: Some(careleaf::ProgressHandle(std::sync::Arc::new(
            progress::Reporter::new(),
        ))),
    }
}

/// Today's date (UTC), or `CARELEAF_TODAY` when set (tests, and checks as of a date).
fn today() -> jiff::civil::Date {
    std::env::var("CARELEAF_TODAY")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(careleaf::today_utc)
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Init(args) => {
            let paper = match args.paper.as_deref() {
                Some("a4") => careleaf::config::Paper::A4,
                Some(_) => careleaf::config::Paper::Letter,
                None => careleaf::scaffold::paper_from_locale(|name| std::env::var(name).ok()),
            };
            let written = careleaf::scaffold::init(&args.dir, paper)?;
            println!(
                "Created a new site in {} ({} files); handouts print on {} paper (change it with `handout: {{ paper: ... }}` in careleaf.yaml).",
                args.dir.display(),
                written.len(),
                match paper {
                    careleaf::config::Paper::A4 => "A4",
                    careleaf::config::Paper::Letter => "US letter",
                }
            );
            println!(
                "Then set your clinic's name, phone, address, e-mail, base_url and logo in careleaf.yaml; `careleaf check` lists what still belongs to the example clinic."
            );
            println!("Next: cd {} && careleaf build", args.dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Translations(args) => translations(args),
        Command::Versions(args) => {
            let cli::VersionsCommand::Mark { files, note } = args.what;
            let marked = careleaf::mark_versions(&args.root, &files, &note, environment().today)?;
            if marked.is_empty() {
                println!("Nothing changed since the last versions: no new version marked.");
            } else {
                println!(
                    "Marked {} new version{} in {} (PDFs kept in {}/):",
                    marked.len(),
                    if marked.len() == 1 { "" } else { "s" },
                    careleaf::versions::LOCK_FILE,
                    careleaf::versions::ARCHIVE
                );
                for (file, n) in &marked {
                    println!("  {file}: version {n}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => {
            let report = careleaf::build(&args.options(environment()), Destination::Review)?;
            if report.counts().0 > 0 {
                eprint!(
                    "{}",
                    diagnostics::render_some(
                        &report.diagnostics,
                        &report.sources,
                        color(),
                        Some(diagnostics::SHOWN_PER_KIND)
                    )
                );
                eprintln!("The report needs a site that builds: fix the errors above first.");
                return Ok(ExitCode::from(1));
            }
            let (text, default) = match args.format {
                cli::ReportFormat::Html => {
                    (careleaf::report::html(&report), "careleaf-report.html")
                }
                cli::ReportFormat::Json => {
                    (careleaf::report::json(&report), "careleaf-report.json")
                }
            };
            let output = args.output.unwrap_or_else(|| default.into());
            if output.as_os_str() == "-" {
                println!("{text}");
            } else {
                std::fs::write(&output, text)
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", output.display()))?;
                println!(
                    "Wrote the reviewer's report on {} guides to {}.",
                    report.review.len(),
                    output.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema(args) => {
            match args.print {
                Some(kind) => {
                    let schema = match kind {
                        cli::SchemaKind::Config => careleaf::schema::config(),
                        cli::SchemaKind::Guide => careleaf::schema::guide(),
                    };
                    println!("{}", serde_json::to_string_pretty(&schema)?);
                }
                None => {
                    let written = careleaf::scaffold::editor_setup(&args.root)?;
                    println!("Wrote {}.", careleaf::scaffold::list(&written));
                    println!(
                        "Editors that read yaml-language-server schemas (VS Code with the YAML extension, Zed, Neovim, JetBrains) now complete keys and underline mistakes in careleaf.yaml and content/*.yaml."
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Cms(args) => {
            let written = careleaf::cms::write(
                &args.root,
                &careleaf::cms::CmsOptions {
                    backend: args.backend,
                    repo: args.repo,
                    branch: args.branch,
                },
            )?;
            println!("Wrote {}.", careleaf::scaffold::list(&written));
            println!(
                "Try it: run `npx decap-server` in {} and `careleaf serve` beside it, then open http://localhost:1111/admin/ (docs/editing.md).",
                args.root.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::New(args) => match args.what {
            NewCommand::Guide { slug, root, kind } => {
                let path = careleaf::scaffold::new_guide(&root, &slug, kind, today())?;
                println!("Created {}", path.display());
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Build(args) => {
            let opts = args.options(environment());
            let report = careleaf::build(&opts, Destination::Folder(args.output()))?;
            Ok(finish(&report, true))
        }
        Command::Serve(args) => {
            let env = environment();
            let opts = careleaf::serve::ServeOptions {
                root: args.root.clone(),
                port: args.port,
                drafts: args.drafts,
                today: std::env::var_os("CARELEAF_TODAY")
                    .is_some()
                    .then_some(env.today),
                timings: env.timings,
                color: color(),
            };
            careleaf::serve::serve(&opts, |addr| {
                let url = format!("http://{addr}/");
                // The first line of stdout is the address (tests and scripts read it).
                println!("Serving {} at {url} (Ctrl+C to stop)", args.root.display());
                if args.open {
                    let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
                }
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => {
            let report = careleaf::build(&args.options(environment()), Destination::Check)?;
            if args.format == cli::Format::Json {
                println!("{}", json_report(&report));
                return Ok(if report.failed() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            Ok(finish(&report, false))
        }
    }
}

/// Prints the diagnostics and the one-line summary; picks the exit code.
fn finish(report: &careleaf::Report, build: bool) -> ExitCode {
    eprint!(
        "{}",
        diagnostics::render_some(
            &report.diagnostics,
            &report.sources,
            color(),
            build.then_some(diagnostics::SHOWN_PER_KIND)
        )
    );
    if !build && !report.checks.is_empty() {
        print!("{}", page_table(&report.checks));
    }
    if !build && !report.translations.is_empty() {
        print!("\n{}", translation_table(&report.translations));
    }
    let (errors, warnings) = report.counts();
    let seconds = report.elapsed.as_secs_f64();
    if report.failed() {
        let mut what = format!("{errors} error{}", if errors == 1 { "" } else { "s" });
        if warnings > 0 {
            what.push_str(&format!(
                " and {warnings} warning{}",
                if warnings == 1 { "" } else { "s" }
            ));
        }
        let verb = if build {
            "Build failed"
        } else {
            "Check failed"
        };
        let kept = if build {
            "; the previous output was left untouched"
        } else {
            ""
        };
        eprintln!("{verb}: {what}{kept}.");
        return ExitCode::from(1);
    }
    let warned = if warnings > 0 {
        format!(
            " ({warnings} warning{})",
            if warnings == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    let pdfs = &report.pdfs;
    if build && pdfs.files > 0 {
        let ms = pdfs.time.as_secs_f64() * 1000.0;
        println!(
            "Built {} pages and {} PDFs in {seconds:.2} s{warned}; typesetting {} handout{}{} took {ms:.0} ms.",
            report.pages,
            pdfs.files,
            pdfs.handouts,
            if pdfs.handouts == 1 { "" } else { "s" },
            if pdfs.packets > 0 {
                " and the packet"
            } else {
                ""
            },
        );
    } else if build {
        println!("Built {} pages in {seconds:.2} s{warned}.", report.pages);
    } else {
        println!(
            "Checked {} pages in {seconds:.2} s: no errors{warned}.",
            report.pages
        );
    }
    if let (true, Some(search)) = (build, report.search) {
        println!(
            "Search index: {} pages, {:.0} KB of index ({:.0} KB with Pagefind's scripts) in {:.0} ms.",
            search.pages,
            search.index_bytes as f64 / 1024.0,
            search.total_bytes as f64 / 1024.0,
            search.time.as_secs_f64() * 1000.0
        );
    }
    ExitCode::SUCCESS
}

/// `check`'s table: one row per page with its reading grade, review date and problems.
fn page_table(rows: &[careleaf::checks::PageReport]) -> String {
    let width = rows.iter().map(|r| r.file.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<width$}  {:<4}  {:<30}  {:<10}  {:>6}  {:>8}\n",
        "page", "lang", "reading grade", "review due", "errors", "warnings"
    );
    for r in rows {
        let grade = match (r.grade, r.ease) {
            (Some(g), Some(e)) => format!("{g:.1} {} (ease {e:.1})", r.formula),
            (Some(g), None) => format!("{g:.1} {}", r.formula),
            _ if r.formula == "none" => "no formula for this language".to_owned(),
            _ => "-".to_owned(),
        };
        out.push_str(&format!(
            "{:<width$}  {:<4}  {:<30}  {:<10}  {:>6}  {:>8}\n",
            r.file,
            r.lang,
            grade,
            r.review_due.as_deref().unwrap_or("-"),
            r.errors,
            r.warnings
        ));
    }
    out
}

/// `check --format json`: the outcome, every problem and every page's row.
fn json_report(report: &careleaf::Report) -> String {
    let (errors, warnings) = report.counts();
    let problems: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": match d.severity {
                    diagnostics::Severity::Error => "error",
                    diagnostics::Severity::Warning => "warning",
                },
                "file": d.file.as_deref().map(diagnostics::display_path),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let value = serde_json::json!({
        "ok": !report.failed(),
        "errors": errors,
        "warnings": warnings,
        "problems": problems,
        "pages": report.checks,
        "translations": report.translations,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// `careleaf translations`: the table (exit 1 when a translation is stale or never
/// marked), or `mark`.
fn translations(args: cli::TranslationsArgs) -> anyhow::Result<ExitCode> {
    if let Some(cli::TranslationsCommand::Mark { args: words }) = args.what {
        let (lang, files) = match words.split_first() {
            Some((first, rest)) if !first.contains('.') => (Some(first.as_str()), rest.to_vec()),
            _ => (None, words),
        };
        let marked = careleaf::mark_translations(&args.root, lang, &files)?;
        if marked.is_empty() {
            println!("No translations to mark.");
        } else {
            println!(
                "Marked {} translation{} as checked against {} source{} in {}:",
                marked.len(),
                if marked.len() == 1 { "" } else { "s" },
                if marked.len() == 1 { "its" } else { "their" },
                if marked.len() == 1 { "" } else { "s" },
                careleaf::translations::LOCK_FILE
            );
            for file in &marked {
                println!("  {file}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let opts = careleaf::BuildOptions {
        root: args.root.clone(),
        base_url: None,
        drafts: false,
        strict: false,
        pdf: false,
        today: environment().today,
        timings: false,
        relative: false,
        cache: None,
        progress: None,
    };
    let report = careleaf::build(&opts, Destination::Check)?;
    print!("{}", translation_table(&report.translations));
    let behind = report.translations.iter().any(|r| {
        matches!(
            r.state,
            careleaf::translations::State::Stale { .. } | careleaf::translations::State::NotMarked
        )
    });
    Ok(if behind || report.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The translation table: one row per source page and language.
fn translation_table(rows: &[careleaf::translations::Row]) -> String {
    use careleaf::translations::State;
    if rows.is_empty() {
        return "The site has one language: no translations to follow.\n".to_owned();
    }
    let width = rows
        .iter()
        .map(|r| r.source.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut out = format!("{:<width$}  {:<5}  status\n", "source", "lang");
    for r in rows {
        let status = match &r.state {
            State::UpToDate => format!("up to date ({})", r.file.as_deref().unwrap_or("")),
            State::Stale { parts } => format!(
                "out of date: {} changed ({})",
                parts.join(", "),
                r.file.as_deref().unwrap_or("")
            ),
            State::NotMarked => format!("never marked ({})", r.file.as_deref().unwrap_or("")),
            State::Missing => "missing: readers get the source".to_owned(),
        };
        out.push_str(&format!("{:<width$}  {:<5}  {status}\n", r.source, r.lang));
    }
    out
}
