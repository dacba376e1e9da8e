//! The Atom feed of each language (`atom.xml`, `es/atom.xml`): its guides, newest
//! review first, so people and tools following the site see when advice was checked.

use std::collections::BTreeMap;

use super::OutputFile;
use super::prepare::{Job, Language};
use crate::i18n::Strings;
use crate::markdown::escape as escape_html;

/// Text for XML: escaped, and without the control characters XML 1.0 cannot hold
/// (a feed with one is not XML at all).
fn escape(text: &str) -> String {
    let allowed = |c: &char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    escape_html(&text.chars().filter(allowed).collect::<String>())
}
use crate::site::Resolved;
use crate::urls;

/// The date a guide's feed entry carries: its review date, else its `date`.
fn dated(resolved: &Resolved<'_>, i: usize) -> Option<String> {
    let meta = &resolved.pages[i].meta;
    meta.reviewed
        .as_ref()
        .map(|rv| rv.on.to_string())
        .or_else(|| meta.date.map(|d| d.to_string()))
}

/// Whether `lang` has a guide to put in a feed.
pub fn has_entries(resolved: &Resolved<'_>, lang: &str) -> bool {
    (0..resolved.pages.len()).any(|i| {
        resolved.pages[i].lang == lang
            && resolved.pages[i].guide().is_some()
            && dated(resolved, i).is_some()
    })
}

/// The feed of every language that has dated guides.
pub fn feeds(
    resolved: &Resolved<'_>,
    jobs: &[Job],
    langs: &BTreeMap<String, Language>,
) -> Vec<OutputFile> {
    resolved
        .site
        .languages
        .iter()
        .filter(|lang| has_entries(resolved, lang))
        .map(|lang| OutputFile {
            path: urls::feed(&resolved.home_path(lang))
                .trim_start_matches('/')
                .to_owned(),
            bytes: feed(resolved, jobs, lang, &langs[lang.as_str()].strings).into_bytes(),
        })
        .collect()
}

fn feed(resolved: &Resolved<'_>, jobs: &[Job], lang: &str, strings: &Strings) -> String {
    let config = &resolved.site.config;
    let mut entries: Vec<(String, &Job)> = jobs
        .iter()
        .filter(|j| j.lang == lang && j.page.kind.in_feed())
        .filter_map(|j| Some((dated(resolved, j.index?)?, j)))
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.page.title.cmp(&b.1.page.title)));
    let updated = entries.first().map(|e| e.0.clone()).unwrap_or_default();
    let home = resolved.permalink(&resolved.home_path(lang));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n",
        escape(lang),
        escape(&config.title)
    );
    if let Some(d) = &config.description {
        xml.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(d)));
    }
    let self_url = resolved.permalink(&urls::feed(&resolved.home_path(lang)));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{0}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{1}\"/>\n  <id>{0}</id>\n  <updated>{2}T00:00:00Z</updated>\n  <author><name>{3}</name></author>\n  <generator>careleaf</generator>\n",
        escape(&self_url),
        escape(&home),
        updated,
        escape(&config.clinic.name)
    ));
    for (date, job) in entries {
        let page = &job.page;
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{1}\"/>\n    <id>{1}</id>\n    <updated>{date}T00:00:00Z</updated>\n",
            escape(&page.title),
            escape(&page.permalink)
        ));
        if let Some(rv) = &page.reviewed {
            xml.push_str(&format!(
                "    <contributor><name>{}</name></contributor>\n",
                escape(&rv.by)
            ));
        }
        if let Some(s) = &page.summary {
            xml.push_str(&format!("    <summary>{}</summary>\n", escape(s)));
        }
        let mut html = String::new();
        if let Some(s) = &page.summary {
            html.push_str(&format!("<p>{}</p>", escape(s)));
        }
        if !page.takeaways.is_empty() {
            html.push_str("<ul>");
            for t in &page.takeaways {
                html.push_str(&format!("<li>{t}</li>"));
            }
            html.push_str("</ul>");
        }
        if let Some(rv) = &page.reviewed {
            let line = strings.fill("reviewed_on", &[("date", &rv.on_text), ("name", &rv.by)]);
            html.push_str(&format!("<p>{}</p>", escape(&line)));
        }
        if !html.is_empty() {
            xml.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape(&html)
            ));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
