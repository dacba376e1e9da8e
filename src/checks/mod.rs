//! The checks a clinical reviewer relies on (DESIGN §6), run by `build` and `check`
//! on the resolved pages: reading level, review dates, contradicting advice within a
//! guide, and completeness. Each finding is a diagnostic with file and line; each page
//! also gets a row for `careleaf check`'s table.

mod consistency;
mod links;
pub mod readability;
mod reading_text;
pub mod review;
mod syllables;

use consistency::consistency;
pub use reading_text::prose;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::cache::{Memo, key_of};
use crate::config::Config;
use crate::content::{Body, Guide, Page};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, display_path};
use crate::language::Language;
use crate::markdown::Markdown;
use crate::sections::Section;
use crate::site::Resolved;
use readability::Counts;

/// One page in `careleaf check`'s report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageReport {
    /// The content file.
    pub file: String,
    /// The page's URL.
    pub url: String,
    /// Its language.
    pub lang: String,
    /// Its title.
    pub title: String,
    /// Words of prose the reading level was measured on.
    pub words: usize,
    /// The reading grade (Flesch–Kincaid, or Crawford for Spanish), rounded to 0.1.
    pub grade: Option<f64>,
    /// `Flesch–Kincaid` or `Crawford`.
    pub formula: &'static str,
    /// The Fernández-Huerta reading ease (Spanish pages).
    pub ease: Option<f64>,
    /// When the next clinical review is due (`YYYY-MM-DD`).
    pub review_due: Option<String>,
    /// Warnings about this page.
    pub warnings: usize,
    /// Errors about this page.
    pub errors: usize,
}

impl PageReport {
    /// The row of a page that could not be measured (its text is gone).
    fn of(page: &Page, url: &str) -> Self {
        Self {
            file: display_path(&page.source),
            url: url.to_owned(),
            lang: page.lang.clone(),
            title: page.meta.title.clone(),
            words: 0,
            grade: None,
            formula: readability::formula(Language::of(&page.lang)),
            ease: None,
            review_due: None,
            warnings: 0,
            errors: 0,
        }
    }
}

/// The checks stage: every check on every written page; `today` dates the review
/// check. Returns one report row per page; the problems go to `found`.
pub fn run(
    resolved: &Resolved<'_>,
    md: &Markdown,
    today: Date,
    cache: Option<&ChecksCache>,
    found: &mut Diagnostics,
) -> Vec<PageReport> {
    let config = &resolved.site.config;
    let pages: Vec<(&Page, String)> = resolved
        .pages
        .iter()
        .map(|p| (&**p, resolved.url(&p.path)))
        .collect();
    // Only this build's pages are kept: the caches never outgrow the site.
    let own = Memo::new(cache.map(|c| &c.pages));
    let linked = Memo::new(cache.map(|c| &c.links));
    let results: Vec<(Vec<Diagnostic>, PageReport)> = pages
        .par_iter()
        .map(|(page, url)| {
            if !own.is_on() {
                // The text is read again once for both checks (see `MarkdownBody`).
                let page = match page.with_text() {
                    Ok(page) => page,
                    Err(d) => return (vec![d], PageReport::of(page, url)),
                };
                let (mut problems, report) = check_page(&page, url, config, today);
                problems.extend(links::check(&page, resolved, md));
                return (problems, report);
            }
            // A page's own checks depend on its file, its address, careleaf.yaml and
            // the date; its links on its file, every link target and careleaf.yaml.
            let key = key_of(&(page.fingerprint, url, resolved.site.fingerprint, today));
            let (mut problems, report) = own.get_or(key, || check_page(page, url, config, today));
            let key = key_of(&(
                page.fingerprint,
                resolved.links_fingerprint,
                resolved.site.fingerprint,
            ));
            problems.extend(linked.get_or(key, || links::check(page, resolved, md)));
            (problems, report)
        })
        .collect();
    let mut reports = Vec::with_capacity(results.len());
    for (problems, report) in results {
        found.extend(problems);
        reports.push(report);
    }
    reports
}

/// Fills in each row's error and warning counts from the build's diagnostics.
pub fn count_problems(rows: &mut [PageReport], diagnostics: &[Diagnostic]) {
    let mut per_file: std::collections::HashMap<String, (usize, usize)> =
        std::collections::HashMap::new();
    for d in diagnostics {
        if let Some(file) = &d.file {
            let counts = per_file.entry(display_path(file)).or_default();
            match d.severity {
                Severity::Error => counts.0 += 1,
                Severity::Warning => counts.1 += 1,
            }
        }
    }
    for row in rows {
        if let Some(&(errors, warnings)) = per_file.get(&row.file) {
            row.errors += errors;
            row.warnings += warnings;
        }
    }
}

/// What `serve` keeps of the checks between builds.
#[derive(Debug, Default)]
pub struct ChecksCache {
    /// A page's own problems and report row, by its file, address, careleaf.yaml and
    /// the date.
    pub pages: crate::cache::LastBuild<u64, (Vec<Diagnostic>, PageReport)>,
    /// Link, image and URL problems of a page, by its file, the site's link targets
    /// and careleaf.yaml.
    pub links: crate::cache::LastBuild<u64, Vec<Diagnostic>>,
}

/// Every check of one page but its links.
fn check_page(
    page: &Page,
    url: &str,
    config: &Config,
    today: Date,
) -> (Vec<Diagnostic>, PageReport) {
    let mut problems = Vec::new();
    let file = display_path(&page.source);
    let text = match prose(page) {
        Ok(text) => text,
        Err(d) => return (vec![d], PageReport::of(page, url)),
    };
    let lang = Language::of(&page.lang);
    let counts = Counts::of(&text, lang);
    let grade = counts.grade(lang).map(round1);
    let ease = lang
        .is_spanish()
        .then(|| counts.ease().map(round1))
        .flatten();
    if let Some(g) = grade
        && g > config.readability.max_grade
        && !matches!(page.body, Body::Glossary(_))
    {
        problems.push(too_hard(page, &file, &text, g, ease, config));
    }
    let review_due = page
        .meta
        .reviewed
        .as_ref()
        .map(|rv| rv.due(config.review.interval_days));
    if let (Some(rv), Some(due)) = (&page.meta.reviewed, review_due) {
        review(&file, rv, due, today, config, &mut problems);
    }
    if let Body::Guide(g) = &page.body {
        completeness(page, g, &file, &mut problems);
        consistency(g, &file, &mut problems);
        contacts(g, &file, config, &mut problems);
    }
    let report = PageReport {
        file,
        url: url.to_owned(),
        lang: page.lang.clone(),
        title: page.meta.title.clone(),
        words: counts.words,
        grade,
        formula: readability::formula(Language::of(&page.lang)),
        ease,
        review_due: review_due.map(|d| d.to_string()),
        warnings: 0,
        errors: 0,
    };
    (problems, report)
}

/// Errors for warning-sign groups that name a contact careleaf.yaml does not have.
fn contacts(g: &Guide, file: &str, config: &Config, problems: &mut Vec<Diagnostic>) {
    if let Some(own) = &g.contact
        && !config.has_contact(&own.value)
    {
        let (line, col) = crate::yaml::position(own);
        problems.push(
            Diagnostic::error(file, line, col, format!("unknown contact `{}`", own.value))
                .with_hint(config.contact_hint(&own.value)),
        );
    }
    for s in &g.sections {
        let named: Vec<&crate::yaml::Spanned<crate::sections::warning_signs::ContactNames>> =
            match &s.section {
                Section::WarningSigns(w) => w
                    .groups
                    .iter()
                    .filter_map(|g| g.value.contact.as_ref())
                    .collect(),
                Section::ActionPlan(a) => a.contacts().collect(),
                _ => continue,
            };
        for names in named {
            let (line, col) = crate::yaml::position(names);
            if names.value.0.is_empty() {
                problems.push(
                    Diagnostic::error(file, line, col, "`contact: []` names nobody")
                        .with_hint("name who to contact, like `contact: clinic`"),
                );
            }
            for name in &names.value.0 {
                if !config.has_contact(name) {
                    problems.push(
                        Diagnostic::error(file, line, col, format!("unknown contact `{name}`"))
                            .with_hint(config.contact_hint(name)),
                    );
                }
            }
        }
    }
}

/// A sentence as a warning quotes it: whole up to 300 characters, else its start and
/// end around "…" (a 400,000-character sentence would bury the warning).
fn shortened(sentence: &str) -> String {
    const KEEP: usize = 150;
    let count = sentence.chars().count();
    if count <= 2 * KEEP {
        return sentence.to_owned();
    }
    let start: String = sentence.chars().take(KEEP).collect();
    let end: String = sentence.chars().skip(count - KEEP).collect();
    format!("{} … {}", start.trim_end(), end.trim_start())
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn too_hard(
    page: &Page,
    file: &str,
    text: &str,
    grade: f64,
    ease: Option<f64>,
    config: &Config,
) -> Diagnostic {
    let lang = Language::of(&page.lang);
    let ease = ease
        .map(|e| format!(", Fernández-Huerta reading ease {e:.1}"))
        .unwrap_or_default();
    let hardest: Vec<String> = readability::hardest(text, lang, 3)
        .into_iter()
        .map(|(s, g)| format!("“{}” (grade {g:.1})", shortened(s)))
        .collect();
    Diagnostic::warning(
        file,
        page.meta.line.max(1),
        1,
        format!(
            "`{}` reads at grade {grade:.1} ({}{ease}), above readability.max_grade {}",
            page.meta.title,
            readability::formula(lang),
            config.readability.max_grade
        ),
    )
    .with_hint(format!(
        "shorten or split the hardest sentences and use everyday words: {}",
        hardest.join("; ")
    ))
    .with_kind("reading-level")
}

fn review(
    file: &str,
    rv: &crate::content::Reviewed,
    due: Date,
    today: Date,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) {
    let line = rv.line;
    let days = today.until(due).map(|s| s.get_days()).unwrap_or(0);
    if rv.on > today {
        problems.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!(
                    "the clinical review is dated {}, which has not come yet",
                    rv.on
                ),
            )
            .with_hint(
                "write the day the clinician checked the page: `reviewed: { on: YYYY-MM-DD }`",
            )
            .with_kind("review"),
        );
    }
    if due < today {
        problems.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!("the clinical review was due on {due} ({} days ago)", -days),
            )
            .with_hint("have a clinician check the page, then update `reviewed: { by, on }`")
            .with_kind("review"),
        );
    } else if days <= i32::try_from(config.review.warn_within_days).unwrap_or(i32::MAX) {
        problems.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!("the clinical review is due on {due} (in {days} days)"),
            )
            .with_hint("plan the review; after it, update `reviewed: { by, on }`")
            .with_kind("review"),
        );
    }
}

fn completeness(page: &Page, guide: &Guide, file: &str, problems: &mut Vec<Diagnostic>) {
    let line = page.meta.line.max(1);
    if !page.meta.review_written {
        problems.push(
            Diagnostic::error(file, line, 1, "the guide has no `reviewed:`")
                .with_hint("a clinician must check every guide: add `reviewed: { by: \"Dr. Name\", on: 2026-01-31 }`"),
        );
    }
    if page.meta.summary.is_none() {
        problems.push(
            Diagnostic::warning(file, line, 1, "the guide has no `summary:`").with_kind("completeness").with_hint(
                "add one or two plain sentences; they show in lists, search results and handouts",
            ),
        );
    }
    // An action plan's zones say when to get help as warning signs do.
    if !guide
        .sections
        .iter()
        .any(|s| matches!(s.section, Section::WarningSigns(_) | Section::ActionPlan(_)))
    {
        problems.push(
            Diagnostic::warning(file, line, 1, "the guide has no `warning-signs` section")
                .with_kind("completeness")
                .with_hint("tell patients when to call the clinic: add a section with `type: warning-signs` (or `type: action-plan`)"),
        );
    }
}
