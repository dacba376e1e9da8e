//! `careleaf report`: one self-contained HTML file (or JSON) a clinical reviewer reads
//! before signing guides off (DESIGN §11.8): the site's totals first, then a table of
//! every guide and language (two reading formulas, the review's points, review date,
//! translation and version status, handout pages), then each guide in detail (the
//! hardest sentences, each point with what careleaf found). The tables are in file
//! order and readable without JavaScript; a small script in the file sorts them by
//! any column.

use std::collections::HashMap;

use serde::Serialize;

use crate::Report;
use crate::checks::review::{GuideReview, SiteReview};
use crate::markdown::escape;
use crate::translations::State;

/// A guide's row with what the build knows besides its text.
#[derive(Debug, Serialize)]
struct Row<'r> {
    #[serde(flatten)]
    guide: &'r GuideReview,
    /// How the translation stands against its source (translations only), or how
    /// many translations the source has.
    translation: String,

    /// Pages of the handout PDF and of the large-print PDF, when typeset.
    handout_pages: Option<usize>,
    large_print_pages: Option<usize>,
    /// Problems `check` found in the guide's file.
    errors: usize,
    warnings: usize,
}

/// The site's totals.
#[derive(Debug, Serialize)]
struct Totals {
    guides: usize,
    languages: Vec<String>,
    above_max_grade: usize,
    points_missed: usize,
    reviews_overdue: usize,
    translations_behind: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Debug, Serialize)]
struct Whole<'r> {
    site: &'r SiteReview,
    totals: Totals,
    guides: Vec<Row<'r>>,
}

fn whole(report: &Report) -> Whole<'_> {
    let site = &report.review_site;
    // Looked up by file for every guide: indexed once, so a large site's report grows
    // with the site, not with its square.
    let checks: HashMap<&str, &crate::checks::PageReport> =
        report.checks.iter().map(|c| (c.file.as_str(), c)).collect();
    let lengths: HashMap<(&str, bool), usize> = report
        .pdfs
        .lengths
        .iter()
        .map(|(file, large, pages)| ((file.as_str(), *large), *pages))
        .collect();
    let mut rows_of: HashMap<&str, Vec<&crate::translations::Row>> = HashMap::new();
    for t in &report.translations {
        rows_of.entry(t.source.as_str()).or_default().push(t);
        if let Some(file) = &t.file {
            rows_of.entry(file.as_str()).or_default().push(t);
        }
    }
    let guides: Vec<Row<'_>> = report
        .review
        .iter()
        .map(|g| {
            let check = checks.get(g.file.as_str());
            let length = |large: bool| lengths.get(&(g.file.as_str(), large)).copied();
            let file = g.file.strip_prefix("content/").unwrap_or(&g.file);
            Row {
                guide: g,
                translation: translation(file, rows_of.get(file).map_or(&[][..], Vec::as_slice)),
                handout_pages: length(false),
                large_print_pages: length(true),
                errors: check.map_or(0, |c| c.errors),
                warnings: check.map_or(0, |c| c.warnings),
            }
        })
        .collect();
    let mut languages: Vec<String> = guides.iter().map(|r| r.guide.lang.clone()).collect();
    languages.sort();
    languages.dedup();
    let totals = Totals {
        guides: guides.len(),
        languages,
        above_max_grade: guides
            .iter()
            .filter(|r| {
                r.guide
                    .readings
                    .iter()
                    .find(|x| x.scale == "grade")
                    .is_some_and(|x| x.value > site.max_grade)
            })
            .count(),
        points_missed: guides
            .iter()
            .map(|r| r.guide.points.iter().filter(|p| !p.met).count())
            .sum(),
        reviews_overdue: guides
            .iter()
            .filter(|r| {
                r.guide
                    .review_due
                    .as_deref()
                    .is_some_and(|d| d < site.today.as_str())
            })
            .count(),
        translations_behind: report
            .translations
            .iter()
            .filter(|t| !matches!(t.state, State::UpToDate))
            .count(),
        errors: guides.iter().map(|r| r.errors).sum(),
        warnings: guides.iter().map(|r| r.warnings).sum(),
    };
    Whole {
        site,
        totals,
        guides,
    }
}

/// How a guide's translation stands: for a translation, against its source; for a
/// source, how many of its languages are up to date.
/// `rows` are the translation table's rows that name `file` (relative to content/).
fn translation(file: &str, rows: &[&crate::translations::Row]) -> String {
    if let Some(row) = rows.iter().find(|t| t.file.as_deref() == Some(file)) {
        return match &row.state {
            State::UpToDate => "up to date".to_owned(),
            State::Stale { parts } => format!("behind its source: {}", parts.join(", ")),
            State::NotMarked => "not marked as checked".to_owned(),
            State::Missing => "missing".to_owned(),
        };
    }
    let rows: Vec<_> = rows.iter().filter(|t| t.source == file).collect();
    if rows.is_empty() {
        return "no other languages".to_owned();
    }
    let current = rows
        .iter()
        .filter(|t| matches!(t.state, State::UpToDate))
        .count();
    format!(
        "source: {current} of {} translations up to date",
        rows.len()
    )
}

/// The report as JSON (the same data as the HTML).
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(&whole(report)).unwrap_or_default()
}

/// The report as one HTML file with its style and script inside.
pub fn html(report: &Report) -> String {
    let w = whole(report);
    let mut out = String::new();
    let title = format!("Reviewer's report · {}", w.site.title);
    out.push_str(&format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1><p>Made by <code>careleaf report</code> on {}. Reading levels aim at grade {} or lower (careleaf.yaml <code>readability.max_grade</code>); handouts print at {} pt, {} pt in large print.</p></header>\n<main>\n",
        escape(&title),
        escape(&title),
        escape(&w.site.today),
        w.site.max_grade,
        w.site.type_size.0,
        w.site.type_size.1,
    ));
    let t = &w.totals;
    out.push_str("<section aria-labelledby=\"totals\"><h2 id=\"totals\">The site at a glance</h2>\n<dl class=\"totals\">");
    for (label, value) in [
        ("Guides (one per language)", t.guides.to_string()),
        ("Languages", t.languages.join(", ")),
        ("Above the grade aimed at", t.above_max_grade.to_string()),
        ("Review points not met", t.points_missed.to_string()),
        ("Reviews overdue", t.reviews_overdue.to_string()),
        (
            "Translations not up to date",
            t.translations_behind.to_string(),
        ),
        ("Errors", t.errors.to_string()),
        ("Warnings", t.warnings.to_string()),
    ] {
        out.push_str(&format!(
            "<div><dt>{}</dt><dd>{}</dd></div>",
            escape(label),
            escape(&value)
        ));
    }
    out.push_str("</dl></section>\n");
    out.push_str("<section aria-labelledby=\"guides\"><h2 id=\"guides\">Every guide</h2>\n<p>In file order; with JavaScript, the buttons in the headings sort the table.</p>\n<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>");
    for (i, heading) in [
        "Guide",
        "Language",
        "Words",
        "First formula",
        "Second formula",
        "Points met",
        "Review due",
        "Translation",
        "Version",
        "Handout pages",
        "Problems",
    ]
    .iter()
    .enumerate()
    {
        out.push_str(&format!(
            "<th scope=\"col\"><button type=\"button\" data-column=\"{i}\">{heading}</button></th>"
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (n, r) in w.guides.iter().enumerate() {
        let g = r.guide;
        let reading = |i: usize| {
            g.readings
                .get(i)
                .map_or(("".to_owned(), String::new()), |x| {
                    (
                        format!("{} {}: {}", x.formula, x.scale, x.value),
                        x.value.to_string(),
                    )
                })
        };
        let (first, first_key) = reading(0);
        let (second, second_key) = reading(1);
        let met = g.points.iter().filter(|p| p.met).count();
        let pages = match (r.handout_pages, r.large_print_pages) {
            (Some(a), Some(b)) => format!("{a} ({b} in large print)"),
            (Some(a), None) => a.to_string(),
            _ => "not typeset".to_owned(),
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\" data-key=\"{}\"><a href=\"#g{n}\">{}</a><br><span class=\"file\">{}</span></th><td>{}</td><td data-key=\"{}\">{}</td><td data-key=\"{first_key}\">{}</td><td data-key=\"{second_key}\">{}</td><td data-key=\"{met}\">{met} of {}</td><td>{}</td><td>{}</td><td>{}</td><td data-key=\"{}\">{}</td><td data-key=\"{}\">{} errors, {} warnings</td></tr>\n",
            escape(&g.title),
            escape(&g.title),
            escape(&g.file),
            escape(&g.lang),
            g.counts.words,
            g.counts.words,
            escape(&first),
            escape(&second),
            g.points.len(),
            escape(g.review_due.as_deref().unwrap_or("not reviewed")),
            escape(&r.translation),
            escape(&g.version),
            r.handout_pages.unwrap_or(0),
            escape(&pages),
            r.errors * 1000 + r.warnings,
            r.errors,
            r.warnings,
        ));
    }
    out.push_str("</tbody></table></div></section>\n");
    for (n, r) in w.guides.iter().enumerate() {
        let g = r.guide;
        out.push_str(&format!(
            "<section class=\"guide\" id=\"g{n}\" aria-labelledby=\"g{n}-title\"><h2 id=\"g{n}-title\">{} <span class=\"lang\">({})</span></h2>\n<p class=\"file\">{} · <a href=\"{}\">{}</a></p>\n",
            escape(&g.title),
            escape(&g.lang),
            escape(&g.file),
            escape(&g.url),
            escape(&g.url),
        ));
        out.push_str(&format!(
            "<h3>Reading level</h3>\n<p>{} sentences, {} words, {} syllables, {} words of three syllables or more.</p>\n<ul>",
            g.counts.sentences, g.counts.words, g.counts.syllables, g.counts.polysyllables
        ));
        for x in &g.readings {
            out.push_str(&format!(
                "<li><strong>{}</strong> {}: {} ({})</li>",
                escape(x.formula),
                x.scale,
                x.value,
                escape(x.verdict)
            ));
        }
        out.push_str("</ul>\n<h3>Hardest sentences</h3>\n<ol>");
        for h in &g.hardest {
            out.push_str(&format!(
                "<li>{} <span class=\"grade\">(grade {})</span></li>",
                escape(&h.sentence),
                h.grade
            ));
        }
        out.push_str("</ol>\n<h3>Review points</h3>\n<ul class=\"points\">");
        for p in &g.points {
            out.push_str(&format!(
                "<li class=\"{}\"><strong>{} {}.</strong> {}</li>",
                if p.met { "met" } else { "missed" },
                if p.met { "✓ Met:" } else { "✗ Not met:" },
                escape(p.name),
                escape(&p.detail)
            ));
        }
        out.push_str(&format!(
            "</ul>\n<h3>Sign-off</h3>\n<ul><li>Reviewed: {}</li><li>Next review due: {}</li><li>Translation: {}</li><li>Version: {}</li><li>Handout: {}</li><li>Problems: {} errors, {} warnings (<code>careleaf check</code> lists them)</li></ul>\n</section>\n",
            escape(&match (&g.reviewed_on, &g.reviewed_by) {
                (Some(on), Some(by)) => format!("{on} by {by}"),
                _ => "never".to_owned(),
            }),
            escape(g.review_due.as_deref().unwrap_or("not set")),
            escape(&r.translation),
            escape(&g.version),
            escape(&match (r.handout_pages, r.large_print_pages) {
                (Some(a), Some(b)) => format!("{a} pages at {} pt, {b} pages in large print at {} pt", w.site.type_size.0, w.site.type_size.1),
                (Some(a), None) => format!("{a} pages at {} pt", w.site.type_size.0),
                _ => "not typeset (PDFs are off)".to_owned(),
            }),
            r.errors,
            r.warnings,
        ));
    }
    out.push_str("</main>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

const STYLE: &str = r#"
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #1d2428; margin: 0 auto; max-width: 90rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #0a6e6e; } h3 { margin-bottom: 0.25rem; }
a { color: #0a5a5a; }
code { font-size: 0.95em; }
.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.75rem; }
.totals div { border: 1px solid #b8c4ca; border-radius: 6px; padding: 0.5rem 0.75rem; }
.totals dt { font-size: 0.9rem; color: #4a5660; } .totals dd { margin: 0; font-size: 1.4rem; font-weight: 700; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem; border-bottom: 1px solid #b8c4ca; }
thead th { border-bottom: 2px solid #1d2428; white-space: nowrap; }
th button { font: inherit; font-weight: 700; background: none; border: 0; padding: 0; color: #0a5a5a; text-decoration: underline; cursor: pointer; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.file { font-size: 0.85rem; color: #4a5660; font-weight: 400; }
.lang { font-weight: 400; color: #4a5660; }
.grade { color: #4a5660; }
.points .missed strong { color: #a4262c; } .points .met strong { color: #1e6b34; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
@media print { .scroll { overflow: visible; } th button { text-decoration: none; color: inherit; } }
"#;

/// Sorts a table by the column whose heading button is pressed (numbers by their
/// `data-key`), and says so with `aria-sort`.
const SCRIPT: &str = r#"
document.querySelectorAll('table.sortable').forEach(function (table) {
  var body = table.tBodies[0];
  table.querySelectorAll('th button').forEach(function (button) {
    button.addEventListener('click', function () {
      var column = Number(button.dataset.column);
      var th = button.parentNode;
      var up = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var key = function (row) {
        var cell = row.children[column];
        var k = cell.dataset.key !== undefined ? cell.dataset.key : cell.textContent.trim();
        var n = Number(k);
        return k !== '' && !isNaN(n) ? n : k.toLowerCase();
      };
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return up ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"#;
