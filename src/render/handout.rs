//! Handouts (DESIGN §7): beside every guide a print page (`/<guide>/handout/`) with a
//! QR code to the guide online, and per language a `/handouts/` list for the front
//! desk. The PDFs themselves are made in `pdf.rs`.

use std::collections::BTreeMap;

use qrcode::{EcLevel, QrCode};

use super::OutputFile;
use super::PageKind;
use super::context::{HandoutContext, HandoutLink, HandoutsContext, PageContext};
use super::prepare::{Extra, Job, Language, blank};
use crate::config::Paper;
use crate::site::Resolved;
use crate::urls;

/// What the site asked for.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// `handout.paper`.
    pub paper: Paper,
    /// `handout.qr`.
    pub qr: bool,
    /// Whether PDFs are written (`handout.pdf`, no `--no-pdf`, built with the `pdf` feature).
    pub pdf: bool,
    /// Whether each language's packet is written with them (`handout.packet`).
    pub packet: bool,
}

impl Settings {
    /// careleaf.yaml's handout settings; `pdf` is false for `--no-pdf`.
    pub fn new(config: &crate::config::Config, pdf: bool) -> Self {
        Self {
            paper: config.handout.paper,
            qr: config.handout.qr,
            pdf: cfg!(feature = "pdf") && config.handout.pdf && pdf,
            packet: config.handout.packet,
        }
    }
}

/// Typesetting times, for the build summary, and each guide's handout length.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Each guide's handout: its content file, whether large print, its pages.
    pub lengths: Vec<(String, bool, usize)>,
    /// PDFs written (one per guide, one packet per language).
    pub files: usize,
    /// Guide handouts among them.
    pub handouts: usize,
    /// Packets among them (none with `handout.packet: false`).
    pub packets: usize,
    /// Wall-clock time of typesetting them all (in parallel), packets included.
    pub time: std::time::Duration,
}

/// The guides of a language in the home page's order (weight, then title).
pub fn guides(resolved: &Resolved<'_>, lang: &str) -> Vec<usize> {
    let mut guides: Vec<usize> = (0..resolved.pages.len())
        .filter(|&i| resolved.pages[i].lang == lang && resolved.pages[i].guide().is_some())
        .collect();
    guides.sort_by(|&a, &b| {
        let (pa, pb) = (&resolved.pages[a], &resolved.pages[b]);
        (pa.meta.weight, &pa.meta.title).cmp(&(pb.meta.weight, &pb.meta.title))
    });
    guides
}

/// A QR code holding `url`, as SVG; `None` if the URL is too long for one.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR codes of every guide, by the address they hold, made in parallel; with a
/// cache (`serve`), codes of addresses the last build had are taken from it.
pub fn qr_codes(
    resolved: &Resolved<'_>,
    settings: Settings,
    cache: Option<&crate::cache::LastBuild<String, Option<String>>>,
) -> QrCodes {
    use rayon::prelude::*;
    if !settings.qr {
        return QrCodes::default();
    }
    let memo = crate::cache::Memo::new(cache);
    let urls: Vec<String> = resolved
        .pages
        .iter()
        .filter(|p| p.guide().is_some())
        .map(|p| resolved.permalink(&p.path))
        .collect();
    let codes: rustc_hash::FxHashMap<String, Option<String>> = urls
        .into_par_iter()
        .map(|url| {
            let svg = memo.get_or(url.clone(), || qr_svg(&url));
            (url, svg)
        })
        .collect();
    QrCodes(codes)
}

/// The QR code of each guide's address (see [`qr_codes`]).
#[derive(Debug, Default)]
pub struct QrCodes(rustc_hash::FxHashMap<String, Option<String>>);

impl QrCodes {
    /// The SVG of the code holding `url`, if there is one.
    pub fn get(&self, url: &str) -> Option<&str> {
        self.0.get(url)?.as_deref()
    }
}

/// What the foot of every printed page says: the review line and the guide's address.
fn footer_line(page: &PageContext, language: &Language) -> String {
    let mut line = match &page.reviewed {
        Some(rv) => language
            .strings
            .fill("reviewed_on", &[("date", &rv.on_text), ("name", &rv.by)]),
        None => language.strings.get("not_reviewed").to_owned(),
    };
    line.push_str(" · ");
    line.push_str(&page.permalink);
    line
}

/// A CSS string literal; safe inside a `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `Page {n} of {total}` as a CSS `content` value.
pub fn page_number_css(template: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(css_string(&rest[..start]));
        }
        match &rest[start + 1..start + len] {
            "n" => parts.push("counter(page)".to_owned()),
            "total" => parts.push("counter(pages)".to_owned()),
            other => parts.push(css_string(&format!("{{{other}}}"))),
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(css_string(rest));
    }
    parts.join(" ")
}

/// The handout pages of the guide pages among `jobs` (which link to them already),
/// with their QR codes, and the handout lists.
pub fn pages(
    resolved: &Resolved<'_>,
    jobs: &[Job],
    langs: &BTreeMap<String, Language>,
    settings: Settings,
    qr: &QrCodes,
) -> (Vec<Job>, Vec<OutputFile>) {
    let mut files = Vec::new();
    let mut added = Vec::new();
    for job in jobs {
        let Some(i) = job.index else { continue };
        let Some(guide) = resolved.pages[i].guide() else {
            continue;
        };
        let path = &resolved.pages[i].path;
        let here = urls::handout(path);
        let qr_url = if settings.qr
            && let Some(svg) = qr.get(&job.page.permalink)
        {
            let file = urls::qr_code(path);
            files.push(OutputFile {
                path: file.trim_start_matches('/').to_owned(),
                bytes: svg.as_bytes().to_vec(),
            });
            Some(resolved.url(&file))
        } else {
            None
        };
        let handout = HandoutContext {
            guide_url: job.page.url.clone(),
            guide_permalink: job.page.permalink.clone(),
            pdf_url: job.page.pdf_url.clone(),
            large_print_url: job.page.large_print_url.clone(),
            qr_url,
            paper: match settings.paper {
                Paper::Letter => "letter",
                Paper::A4 => "a4",
            },
            page_size: match settings.paper {
                Paper::Letter => "letter",
                Paper::A4 => "A4",
            },
            sections: guide
                .handout_sections
                .iter()
                .filter_map(|id| job.page.sections.iter().find(|s| s.id == *id))
                .cloned()
                .collect(),
            max_pages: guide.max_pages,
            blanks: blanks(resolved, guide),
            footer_css: css_string(&footer_line(&job.page, &langs[&job.lang])),
            page_number_css: page_number_css(langs[&job.lang].strings.get("page_of")),
        };
        let mut page = job.page.clone();
        page.kind = PageKind::Handout;
        page.url = resolved.url(&here);
        page.permalink = resolved.permalink(&here);
        page.json_ld = None;
        page.translations = Vec::new();
        added.push(Job {
            output: urls::output_file(&here),
            template: PageKind::Handout.template().into(),
            lang: job.lang.clone(),
            page,
            index: Some(i),
            extra: Extra::Handout(Box::new(handout)),
            lazy_content: false,
        });
    }
    added.extend(handout_lists(resolved, langs, settings));
    (added, files)
}

/// The list of every handout of each language that has guides (`/handouts/`).
fn handout_lists(
    resolved: &Resolved<'_>,
    langs: &BTreeMap<String, Language>,
    settings: Settings,
) -> Vec<Job> {
    let mut lists = Vec::new();
    for (lang, language) in langs {
        let guides = guides(resolved, lang);
        let path = urls::handouts(&resolved.home_path(lang));
        if guides.is_empty() || resolved.pages.iter().any(|p| p.path == path) {
            continue;
        }
        let items = guides
            .iter()
            .map(|&i| {
                let p = &resolved.pages[i];
                HandoutLink {
                    title: p.meta.title.clone(),
                    summary: p.meta.summary.clone(),
                    guide_url: resolved.url(&p.path),
                    handout_url: resolved.url(&urls::handout(&p.path)),
                    pdf_url: settings.pdf.then(|| resolved.url(&urls::pdf(&p.path))),
                    large_print_url: settings
                        .pdf
                        .then(|| resolved.url(&urls::large_print_pdf(&p.path))),
                }
            })
            .collect();
        let mut page = blank(
            PageKind::Handouts,
            language.strings.get("handouts_title").to_owned(),
            lang,
            resolved.url(&path),
            resolved.permalink(&path),
        );
        page.summary = Some(language.strings.get("handouts_intro").to_owned());
        lists.push(Job::generated(
            &path,
            page,
            Extra::Handouts(HandoutsContext {
                items,
                packet_url: (settings.pdf && settings.packet)
                    .then(|| resolved.url(&urls::packet(&resolved.home_path(lang)))),
            }),
        ));
    }
    lists
}

/// The labelled blanks of a guide's handout: careleaf.yaml's, then the guide's own.
pub fn blanks(resolved: &Resolved<'_>, guide: &crate::content::Guide) -> Vec<String> {
    let mut blanks = resolved.site.config.handout.blanks.clone();
    for b in &guide.blanks {
        if !blanks.contains(b) {
            blanks.push(b.clone());
        }
    }
    blanks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_is_named_after_the_guide() {
        assert_eq!(
            urls::pdf("/microneedling/"),
            "/microneedling/microneedling.pdf"
        );
        assert_eq!(
            urls::pdf("/es/aftercare/peel/"),
            "/es/aftercare/peel/peel.pdf"
        );
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        assert_eq!(
            css_string("a \"b\" </style>"),
            "\"a \\22 b\\22  \\3c /style\\3e \""
        );
        assert_eq!(
            page_number_css("Page {n} of {total}"),
            "\"Page \" counter(page) \" of \" counter(pages)"
        );
    }

    #[test]
    fn qr_code_is_an_svg_or_nothing_when_too_long() {
        let svg = qr_svg("https://guides.example/microneedling/").unwrap_or_default();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
        assert_eq!(qr_svg(&"x".repeat(5000)), None);
    }
}
