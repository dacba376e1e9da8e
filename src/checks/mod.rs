//! The checks a clinical reviewer relies on (DESIGN §6), run by `build` and `check`
//! on the resolved pages: reading level, review dates, contradicting advice within a
//! guide, and completeness. Each finding is a diagnostic with file and line; each page
//! also gets a row for `careleaf check`'s table.

pub mod readability;

use jiff::civil::Date;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::duration::Window;
use crate::content::guide::{Section, Status};
use crate::content::{Body, Guide, Page};
use crate::diagnostics::{Diagnostic, display_path};
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

/// Runs every check on `pages` (the written pages with their URLs); `today` dates the
/// review check.
pub fn run(
    pages: &[(&Page, String)],
    config: &Config,
    today: Date,
    cache: Option<&CountCache>,
) -> (Vec<Diagnostic>, Vec<PageReport>) {
    let previous =
        cache.map(|c| std::mem::take(&mut *c.0.lock().unwrap_or_else(|e| e.into_inner())));
    let counted = std::sync::Mutex::new(std::collections::HashMap::new());
    let results: Vec<(Vec<Diagnostic>, PageReport)> = pages
        .par_iter()
        .map(|(page, url)| {
            let count = |text: &str, lang: &str| {
                let key = count_key(text, lang);
                let counts = previous
                    .as_ref()
                    .and_then(|p| p.get(&key).copied())
                    .unwrap_or_else(|| Counts::of(text, lang));
                counted
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, counts);
                counts
            };
            check_page(page, url, config, today, &count)
        })
        .collect();
    if let Some(cache) = cache {
        // Only this build's texts are kept: the cache never outgrows the site.
        *cache.0.lock().unwrap_or_else(|e| e.into_inner()) =
            counted.into_inner().unwrap_or_else(|e| e.into_inner());
    }
    let mut problems = Vec::new();
    let mut reports = Vec::with_capacity(results.len());
    for (mut found, report) in results {
        problems.append(&mut found);
        reports.push(report);
    }
    (problems, reports)
}

/// Readability counts of the texts of the last build, by a hash of language and text
/// (`serve`: a page whose words did not change is not counted again).
#[derive(Debug, Default)]
pub struct CountCache(pub(crate) std::sync::Mutex<std::collections::HashMap<u64, Counts>>);

fn count_key(text: &str, lang: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (lang, text).hash(&mut h);
    h.finish()
}

/// Every check of one page; `count` counts a text's sentences, words and syllables.
fn check_page(
    page: &Page,
    url: &str,
    config: &Config,
    today: Date,
    count: &dyn Fn(&str, &str) -> Counts,
) -> (Vec<Diagnostic>, PageReport) {
    let mut problems = Vec::new();
    let file = display_path(&page.source);
    let text = prose(page);
    let counts = count(&text, &page.lang);
    let grade = counts.grade(&page.lang).map(round1);
    let ease = readability::is_spanish(&page.lang)
        .then(|| counts.ease().map(round1))
        .flatten();
    if let Some(g) = grade
        && g > config.readability.max_grade
        && !matches!(page.body, Body::Glossary(_))
    {
        problems.push(too_hard(page, &file, &text, g, ease, config));
    }
    let review_due = page.meta.reviewed.as_ref().map(|rv| {
        rv.next
            .unwrap_or_else(|| add_days(rv.on, config.review.interval_days))
    });
    if let (Some(rv), Some(due)) = (&page.meta.reviewed, review_due) {
        review(&file, rv.line, due, today, config, &mut problems);
    }
    if let Body::Guide(g) = &page.body {
        completeness(page, g, &file, &mut problems);
        consistency(g, &file, &mut problems);
    }
    let report = PageReport {
        file,
        url: url.to_owned(),
        lang: page.lang.clone(),
        title: page.meta.title.clone(),
        words: counts.words,
        grade,
        formula: readability::formula(&page.lang),
        ease,
        review_due: review_due.map(|d| d.to_string()),
        warnings: 0,
        errors: 0,
    };
    (problems, report)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn add_days(date: Date, days: u32) -> Date {
    date.checked_add(jiff::Span::new().days(i64::from(days)))
        .unwrap_or(date)
}

fn too_hard(
    page: &Page,
    file: &str,
    text: &str,
    grade: f64,
    ease: Option<f64>,
    config: &Config,
) -> Diagnostic {
    let lang = &page.lang;
    let ease = ease
        .map(|e| format!(", Fernández-Huerta reading ease {e:.1}"))
        .unwrap_or_default();
    let hardest: Vec<String> = readability::hardest(text, lang, 3)
        .into_iter()
        .map(|(s, g)| format!("“{s}” (grade {g:.1})"))
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
}

fn review(
    file: &str,
    line: u32,
    due: Date,
    today: Date,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) {
    let days = today.until(due).map(|s| s.get_days()).unwrap_or(0);
    if due < today {
        problems.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!("the clinical review was due on {due} ({} days ago)", -days),
            )
            .with_hint("have a clinician check the page, then update `reviewed: { by, on }`"),
        );
    } else if days <= i32::try_from(config.review.warn_within_days).unwrap_or(i32::MAX) {
        problems.push(
            Diagnostic::warning(
                file,
                line,
                1,
                format!("the clinical review is due on {due} (in {days} days)"),
            )
            .with_hint("plan the review; after it, update `reviewed: { by, on }`"),
        );
    }
}

fn completeness(page: &Page, guide: &Guide, file: &str, problems: &mut Vec<Diagnostic>) {
    let line = page.meta.line.max(1);
    if page.meta.reviewed.is_none() {
        problems.push(
            Diagnostic::error(file, line, 1, "the guide has no `reviewed:`")
                .with_hint("a clinician must check every guide: add `reviewed: { by: \"Dr. Name\", on: 2026-01-31 }`"),
        );
    }
    if page.meta.summary.is_none() {
        problems.push(
            Diagnostic::warning(file, line, 1, "the guide has no `summary:`").with_hint(
                "add one or two plain sentences; they show in lists, search results and handouts",
            ),
        );
    }
    if !guide
        .sections
        .iter()
        .any(|s| matches!(s.section, Section::WarningSigns(_)))
    {
        problems.push(
            Diagnostic::warning(file, line, 1, "the guide has no `warning-signs` section")
                .with_hint("tell patients when to call the clinic: add a section with `type: warning-signs`"),
        );
    }
}

/// One piece of advice about an ingredient.
struct Advice {
    name: String,
    use_it: bool,
    window: Window,
    line: u32,
}

fn consistency(guide: &Guide, file: &str, problems: &mut Vec<Diagnostic>) {
    let mut advice = Vec::new();
    let always = Window {
        from: crate::content::duration::Duration::ZERO,
        to: None,
    };
    for s in &guide.sections {
        match &s.section {
            Section::Tips(t) => {
                for tip in &t.items {
                    if let Some(name) = &tip.value.ingredient {
                        advice.push(Advice {
                            name: name.value.trim().to_lowercase(),
                            use_it: tip.value.do_.is_some(),
                            window: tip.value.when.as_ref().map_or(always, |w| w.value),
                            line: crate::yaml::position(tip).0,
                        });
                    }
                }
            }
            Section::Ingredients(list) => {
                for item in &list.items {
                    let use_it = match item.value.status {
                        Status::Safe => true,
                        Status::Avoid => false,
                        Status::Caution => continue,
                    };
                    advice.push(Advice {
                        name: item.value.name.trim().to_lowercase(),
                        use_it,
                        window: item.value.when.as_ref().map_or(always, |w| w.value),
                        line: crate::yaml::position(item).0,
                    });
                }
            }
            _ => {}
        }
    }
    for (i, a) in advice.iter().enumerate() {
        for b in &advice[i + 1..] {
            if a.name == b.name && a.use_it != b.use_it && overlap(&a.window, &b.window) {
                let (use_line, avoid_line) = if a.use_it {
                    (a.line, b.line)
                } else {
                    (b.line, a.line)
                };
                problems.push(
                    Diagnostic::warning(
                        file,
                        b.line,
                        1,
                        format!(
                            "line {use_line} says to use `{}` {} and line {avoid_line} says to avoid it {}; the windows overlap",
                            a.name,
                            describe(if a.use_it { &a.window } else { &b.window }),
                            describe(if a.use_it { &b.window } else { &a.window }),
                        ),
                    )
                    .with_hint("make the windows meet without overlapping, e.g. avoid `to: 24h` and use `from: 24h`"),
                );
            }
        }
    }
}

/// Whether two windows share any time (`to` is exclusive: 0–24h and 24h– meet).
fn overlap(a: &Window, b: &Window) -> bool {
    let end = |w: &Window| w.to.map_or(u64::MAX, |d| d.minutes());
    a.from.minutes() < end(b) && b.from.minutes() < end(a)
}

fn describe(w: &Window) -> String {
    match w.to {
        None if w.from.minutes() == 0 => "at any time".to_owned(),
        None => format!("from {}", w.from),
        Some(to) if w.from.minutes() == 0 => format!("until {to}"),
        Some(to) => format!("from {} to {to}", w.from),
    }
}

/// The prose of a page that readers read as sentences: not headings, code, tables of
/// ingredients, comparison tables or references. One sentence or item per line.
pub fn prose(page: &Page) -> String {
    let mut out = String::new();
    if let Some(s) = &page.meta.summary {
        push_markdown(&mut out, s);
    }
    match &page.body {
        Body::Markdown(m) => push_markdown(&mut out, &m.text),
        Body::Glossary(terms) => {
            for t in terms {
                push_markdown(&mut out, &t.definition.value);
            }
        }
        Body::Guide(g) => {
            for t in &g.takeaways {
                push_markdown(&mut out, &t.value);
            }
            for s in &g.sections {
                section_prose(&s.section, &mut out);
            }
        }
    }
    out
}

fn section_prose(section: &Section, out: &mut String) {
    let mut md = |text: &str| push_markdown(out, text);
    match section {
        Section::Text(s) => md(&s.body.value),
        Section::Benefits(crate::content::guide::BenefitsSection { items, .. })
        | Section::Steps(crate::content::guide::StepsSection { items, .. }) => {
            for b in items.iter().filter_map(|item| item.body.as_ref()) {
                md(&b.value);
            }
        }
        Section::Comparison(s) => {
            if let Some(n) = &s.note {
                md(&n.value);
            }
        }
        Section::Timeline(s) => {
            for stage in &s.stages {
                if let Some(b) = &stage.body {
                    md(&b.value);
                }
            }
        }
        Section::Tips(s) => {
            for tip in &s.items {
                for part in [&tip.value.do_, &tip.value.avoid, &tip.value.why]
                    .into_iter()
                    .flatten()
                {
                    md(&part.value);
                }
            }
        }
        Section::WarningSigns(s) => {
            for item in &s.items {
                md(&item.value);
            }
        }
        Section::Faq(s) => {
            for q in &s.items {
                md(&q.q);
                md(&q.a.value);
            }
        }
        Section::Ingredients(_) | Section::References(_) => {}
    }
    let intro = section.intro();
    if let Some(i) = intro {
        push_markdown(out, &i.value);
    }
}

/// Appends the text of Markdown, leaving out headings, code and tables, with a line
/// break after every block so list items and paragraphs end sentences.
fn push_markdown(out: &mut String, text: &str) {
    let mut skip = 0usize;
    for event in Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Table(_)) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Table) => {
                skip = skip.saturating_sub(1);
                out.push('\n');
            }
            Event::Text(t) if skip == 0 => out.push_str(&t),
            Event::Code(t) if skip == 0 => out.push_str(&t),
            Event::SoftBreak if skip == 0 => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
}
