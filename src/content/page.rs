//! Reading one content file into a [`Page`], with every problem found in it.

use std::path::Path;

use jiff::civil::Date;
use serde_saphyr::Spanned;

use super::file::{FileType, PageFile, split_front_matter};
use super::{Body, MarkdownBody, Meta, Page, Reviewed};
use crate::anchors;
use crate::diagnostics::Diagnostic;
use crate::yaml::{self, position};

/// Where a file sits: derived from its path under content/.
struct Place {
    key: String,
    lang: String,
    section: String,
    stem: String,
    is_index: bool,
    markdown: bool,
    /// A translation: its URL sits under `/LANG/`.
    translated: bool,
}

/// Reads one file. Returns the page when it could be read at all (even with semantic
/// errors, so links to it still resolve), and every problem found.
pub fn load_page(
    source: &Path,
    content_path: &str,
    text: &str,
    languages: &[String],
) -> (Option<Page>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let Some(place) = place(source, content_path, languages, &mut problems) else {
        return (None, problems);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        // A file just created and not yet written: left out, not a failed build.
        problems.push(
            Diagnostic::warning(
                source,
                1,
                1,
                "the file is empty; it is left out of the site",
            )
            .with_hint("write the page (at least `title:`), or delete the file"),
        );
        return (None, problems);
    }
    let (yaml_text, body_text) = if place.markdown {
        match split_front_matter(text) {
            Ok((fm, body, first_line)) => (fm, Some((body, first_line))),
            Err(message) => {
                problems.push(
                    Diagnostic::error(source, 1, 1, message)
                        .with_hint("start the file with:\n---\ntitle: Your title\n---"),
                );
                return (None, problems);
            }
        }
    } else {
        (text, None)
    };
    if yaml_text.trim().is_empty() || yaml_text.trim() == "---" {
        problems.push(
            Diagnostic::error(source, 1, 1, "the page has no title")
                .with_hint("add at least `title:`"),
        );
        return (None, problems);
    }
    let file: PageFile = match yaml::parse(yaml_text, source) {
        Ok(f) => f,
        Err(d) => {
            let (line, column) = (d.line, d.column);
            problems.push(d);
            if !place.markdown {
                problems.extend(
                    other_section_errors(yaml_text, source)
                        .into_iter()
                        .filter(|e| (e.line, e.column) != (line, column)),
                );
            }
            return (None, problems);
        }
    };
    let mut check = Checker { source, problems };
    let mut page = check.page(file, place, body_text);
    page.content_path = content_path.to_owned();
    // Only translations follow a page's parts: a one-language site has none to check.
    if languages.len() > 1 {
        page.parts = parts(&page, yaml_text, body_text.map(|(b, _)| b));
    }
    (Some(page), check.problems)
}

fn place(
    source: &Path,
    content_path: &str,
    languages: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Option<Place> {
    let (dir, name) = content_path.rsplit_once('/').unwrap_or(("", content_path));
    let (base, ext) = name.rsplit_once('.')?;
    let markdown = ext == "md";
    let (stem, lang) = match base.rsplit_once('.') {
        Some((stem, lang)) if languages[1..].iter().any(|l| l == lang) => (stem, lang.to_owned()),
        Some((_, lang)) if crate::config::is_language_tag(lang) => {
            problems.push(
                Diagnostic::error(
                    source,
                    0,
                    0,
                    format!("`{lang}` is not one of the site's languages"),
                )
                .with_hint(format!(
                    "add `{lang}` to `translations:` in careleaf.yaml, or rename the file"
                )),
            );
            return None;
        }
        _ => (base, languages[0].clone()),
    };
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        if !anchors::is_valid(segment) {
            problems.push(
                Diagnostic::error(
                    source,
                    0,
                    0,
                    format!("the folder name `{segment}` cannot be part of a URL"),
                )
                .with_hint(format!(
                    "rename it to `{}` (lowercase letters, digits and hyphens)",
                    anchors::slugify(segment)
                )),
            );
            return None;
        }
    }
    let is_index = stem == "_index";
    if is_index && !markdown {
        problems.push(
            Diagnostic::error(source, 0, 0, "a section page must be written in Markdown")
                .with_hint("rename it to `_index.md`"),
        );
        return None;
    }
    let key = if dir.is_empty() {
        stem.to_owned()
    } else {
        format!("{dir}/{stem}")
    };
    Some(Place {
        key,
        translated: lang != languages[0],
        lang,
        section: dir.to_owned(),
        stem: stem.to_owned(),
        is_index,
        markdown,
    })
}

/// Collects problems while turning a [`PageFile`] into a [`Page`].
pub(super) struct Checker<'a> {
    pub(super) source: &'a Path,
    pub(super) problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    pub(super) fn error<T>(
        &mut self,
        at: &Spanned<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let (line, col) = position(at);
        self.problems
            .push(Diagnostic::error(self.source, line, col, message).with_hint(hint));
    }

    fn page(&mut self, file: PageFile, place: Place, body_text: Option<(&str, u32)>) -> Page {
        let slug = match &file.slug {
            Some(s) if !anchors::is_valid(&s.value) => {
                self.error(
                    s,
                    format!("`{}` is not a valid slug", s.value),
                    format!(
                        "use lowercase letters, digits and hyphens, like `{}`",
                        fallback_slug(&s.value)
                    ),
                );
                fallback_slug(&s.value)
            }
            Some(s) => s.value.clone(),
            None if place.is_index => String::new(),
            None if !anchors::is_valid(&place.stem) => {
                let (line, col) = position(&file.title);
                self.problems.push(
                    Diagnostic::error(
                        self.source,
                        line,
                        col,
                        format!("the file name `{}` cannot be a URL", place.stem),
                    )
                    .with_hint(format!(
                        "rename the file to `{}` or set `slug:`",
                        fallback_slug(&place.stem)
                    )),
                );
                fallback_slug(&place.stem)
            }
            None => place.stem.clone(),
        };
        let path = url_path(&place, &slug);
        let meta = self.meta(&file, slug);
        let (body, anchors) = self.body(file, body_text);
        Page {
            source: self.source.to_path_buf(),
            content_path: String::new(),
            key: place.key,
            lang: place.lang,
            section: place.section,
            is_index: place.is_index,
            path,
            anchors: anchors.into_iter().collect(),
            meta,
            body,
            fingerprint: 0,
            parts: Default::default(),
        }
    }

    fn meta(&mut self, file: &PageFile, slug: String) -> Meta {
        if file.title.value.trim().is_empty() {
            self.error(&file.title, "`title` is empty", "give the page a title");
        }
        let date = file.date.as_ref().and_then(|d| self.date(d));
        let reviewed = file.reviewed.as_ref().and_then(|r| {
            let on = self.date(&r.value.on)?;
            let next = match &r.value.next {
                Some(n) => {
                    let next = self.date(n)?;
                    if next <= on {
                        self.error(
                            n,
                            "the next review is due before the review itself",
                            "`next` must come after `on`",
                        );
                    }
                    Some(next)
                }
                None => None,
            };
            if r.value.by.value.trim().is_empty() {
                self.error(
                    &r.value.by,
                    "`reviewed.by` is empty",
                    "name the clinician who reviewed the page",
                );
            }
            Some(Reviewed {
                by: r.value.by.value.clone(),
                on,
                next,
                line: position(r).0,
            })
        });
        let aliases = file
            .aliases
            .iter()
            .filter_map(|a| {
                let path = normalize_alias(&a.value);
                if path.is_none() {
                    self.error(
                        a,
                        format!("`{}` is not a usable old URL", a.value),
                        "write a path such as `/old/page/`",
                    );
                }
                path
            })
            .collect();
        let names =
            |list: &[Spanned<String>]| list.iter().map(|t| t.value.trim().to_owned()).collect();
        for term in file.tags.iter().chain(&file.concerns) {
            if anchors::slugify(&term.value).is_empty() {
                self.error(
                    term,
                    format!("`{}` has no letters or digits to name a page", term.value),
                    "use a word",
                );
            }
        }
        Meta {
            title: file.title.value.trim().to_owned(),
            summary: file.summary.as_ref().map(|s| s.value.trim().to_owned()),
            slug,
            date,
            draft: file.draft,
            weight: file.weight,
            tags: names(&file.tags),
            concerns: names(&file.concerns),
            related: file.related.clone(),
            template: file.template.as_ref().map(|t| t.value.clone()),
            reviewed,
            aliases,
            line: position(&file.title).0,
        }
    }

    fn date(&mut self, text: &Spanned<String>) -> Option<Date> {
        match text.value.trim().parse::<Date>() {
            Ok(d) if text.value.trim().len() == 10 => Some(d),
            _ => {
                self.error(
                    text,
                    format!("`{}` is not a date", text.value),
                    "write dates as YYYY-MM-DD, e.g. 2026-10-15",
                );
                None
            }
        }
    }

    fn body(&mut self, file: PageFile, body_text: Option<(&str, u32)>) -> (Body, Vec<String>) {
        let kind = file.kind.as_ref().map(|k| k.value);
        if let Some((text, first_line)) = body_text {
            self.not_in_markdown(&file);
            let anchors = crate::markdown::heading_ids(text);
            return (
                Body::Markdown(MarkdownBody::new(text.to_owned(), first_line)),
                anchors,
            );
        }
        match kind {
            Some(FileType::Glossary) => {
                if let Some(s) = file.sections.as_ref().and_then(|s| s.first()) {
                    self.error(
                        s,
                        "a glossary has `terms:`, not `sections:`",
                        "move the entries under `terms:`",
                    );
                }
                let terms = self.terms(file.terms.unwrap_or_default());
                let anchors = terms.iter().map(|t| t.id.clone()).collect();
                (Body::Glossary(terms), anchors)
            }
            Some(FileType::Guide) | None => {
                if let Some(t) = file.terms.as_ref().and_then(|t| t.first()) {
                    self.error(
                        t,
                        "`terms:` belongs in a glossary",
                        "add `type: glossary` at the top of the file",
                    );
                }
                // A guide without `summary` is a completeness warning (src/checks).
                let guide = self.guide(file);
                let mut anchors: Vec<String> =
                    guide.sections.iter().map(|s| s.id.clone()).collect();
                if !guide.takeaways.is_empty() {
                    anchors.push("takeaways".into());
                }
                (Body::Guide(guide), anchors)
            }
        }
    }

    fn not_in_markdown(&mut self, file: &PageFile) {
        let hint = "structured content goes in a .yaml guide";
        if let Some(k) = &file.kind {
            self.error(k, "`type:` is only for .yaml pages", hint);
        }
        if let Some(s) = file.sections.as_ref().and_then(|s| s.first()) {
            self.error(s, "`sections:` is only for .yaml guides", hint);
        }
        if let Some(t) = file.terms.as_ref().and_then(|t| t.first()) {
            self.error(t, "`terms:` is only for .yaml glossaries", hint);
        }
        if let Some(h) = &file.handout {
            self.error(h, "`handout:` is only for .yaml guides", hint);
        }
        if let Some(t) = file.takeaways.first() {
            self.error(t, "`takeaways:` is only for .yaml guides", hint);
        }
    }
}

pub(super) fn fallback_slug(text: &str) -> String {
    let s = anchors::slugify(text);
    if s.is_empty() { "page".to_owned() } else { s }
}

fn url_path(place: &Place, slug: &str) -> String {
    crate::urls::page(
        place.translated.then_some(place.lang.as_str()),
        &place.section,
        (!place.is_index).then_some(slug),
    )
}

/// An alias as a clean URL path (`/old/page/`), or `None` when it could escape the site.
fn normalize_alias(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_matches('/');
    let segments: Vec<&str> = trimmed.split('/').collect();
    let ok = !trimmed.is_empty()
        && segments.iter().all(|s| {
            !s.is_empty()
                && *s != "."
                && *s != ".."
                && s.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    ok.then(|| format!("/{trimmed}/"))
}

/// The schema errors of each section of a guide read on its own, so that mistakes in
/// different sections are all reported in one run (serde stops at the first). Each
/// section is the text of one `- ` item under a top-level `sections:`, read as a
/// one-item list with the lines before it left blank, so lines and columns match the
/// file. Syntax errors are left to the whole-file read.
fn other_section_errors(text: &str, source: &Path) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim_end() == "sections:") else {
        return Vec::new();
    };
    // Where the sections end: the next line at the left margin.
    let end = lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .find(|(_, l)| !l.trim().is_empty() && !l.starts_with([' ', '#']))
        .map_or(lines.len(), |(i, _)| i);
    let indent = lines[start + 1..end]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map(|l| l.len() - l.trim_start().len());
    let Some(indent) = indent else {
        return Vec::new();
    };
    let starts: Vec<usize> = (start + 1..end)
        .filter(|&i| {
            let l = lines[i];
            l.len() - l.trim_start().len() == indent && l.trim_start().starts_with("- ")
        })
        .collect();
    let items: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(k, &from)| (from, starts.get(k + 1).copied().unwrap_or(end)))
        .collect();
    let mut found = Vec::new();
    for (from, to) in items {
        let mut chunk = "\n".repeat(from);
        for line in &lines[from..to] {
            chunk.push_str(line);
            chunk.push('\n');
        }
        if let Err(d) =
            yaml::parse::<Vec<serde_saphyr::Spanned<crate::sections::Section>>>(&chunk, source)
            && !d.message.contains("indicator")
        {
            found.push(d);
        }
    }
    found
}

/// The fingerprint of each part of a page that a translation follows (see
/// [`Page::parts`]): a guide's sections (the lines from each `- type:` to the next, by
/// id) and its key points, a Markdown page's body, a glossary's terms.
fn parts(
    page: &Page,
    yaml: &str,
    body: Option<&str>,
) -> std::collections::BTreeMap<String, String> {
    use crate::content::Body;
    let lines: Vec<&str> = yaml.lines().collect();
    let span = |from: usize, to: usize| -> String {
        lines
            .get(from.min(lines.len())..to.min(lines.len()))
            .unwrap_or_default()
            .join("\n")
    };
    let mut out = std::collections::BTreeMap::new();
    match &page.body {
        Body::Guide(g) => {
            // A top-level key (or the end) closes the last section.
            let end_of = |from: usize| {
                (from..lines.len())
                    .find(|&i| {
                        let l = lines[i];
                        !l.trim().is_empty() && !l.starts_with([' ', '#', '-'])
                    })
                    .unwrap_or(lines.len())
            };
            for (k, s) in g.sections.iter().enumerate() {
                let from = (s.line as usize).saturating_sub(1);
                let to = match g.sections.get(k + 1) {
                    Some(next) => (next.line as usize).saturating_sub(1),
                    None => end_of(from + 1),
                };
                out.insert(s.id.clone(), print(&span(from, to)));
            }
            if !g.takeaways.is_empty() {
                let text: Vec<&str> = g.takeaways.iter().map(|t| t.value.as_str()).collect();
                out.insert("takeaways".to_owned(), print(&text.join("\n")));
            }
        }
        Body::Markdown(_) => {
            out.insert("body".to_owned(), print(body.unwrap_or_default()));
        }
        Body::Glossary(_) => {
            out.insert("terms".to_owned(), print(yaml));
        }
    }
    out
}

/// A fingerprint of text that ignores changes of whitespace (a comment is text: in a
/// block of Markdown `#` starts a heading): 16 hex digits of FNV-1a (64-bit), a fixed
/// algorithm, so a lock file written by one careleaf reads the same in the next.
pub fn print(text: &str) -> String {
    let mut fnv = Fnv::default();
    for word in text.split_whitespace() {
        fnv.eat(word.as_bytes());
        fnv.eat(b" ");
    }
    format!("{:016x}", fnv.0)
}

/// The same fingerprint of exact bytes (asset file names).
pub fn fingerprint_bytes(bytes: &[u8]) -> String {
    let mut fnv = Fnv::default();
    fnv.eat(bytes);
    format!("{:016x}", fnv.0)
}

/// FNV-1a, 64-bit.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn eat(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
