//! Reading one content file into a [`Page`], with every problem found in it.

use std::path::Path;

use crate::yaml::Spanned;
use jiff::civil::Date;

use super::file::{FileType, PageFile, split_front_matter};
use super::{Body, MarkdownBody, Meta, Page, Reviewed};
use crate::anchors;
use crate::diagnostics::Diagnostic;
use crate::yaml::{self, position};

/// Where a file sits: derived from its path under content/.
struct Place {
    /// Its path under content/ (`procedures/peel.yaml`).
    content_path: String,
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
    let fingerprint = super::discover::page_key(source, text, languages);
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
            if place.markdown {
                problems.push(d);
            } else {
                problems.extend(every_mistake(d, yaml_text, source, place, body_text));
            }
            return (None, problems);
        }
    };
    let mut check = Checker { source, problems };
    check.problems.extend(split_sentences(yaml_text, source));
    let mut page = check.page(file, place, body_text, fingerprint);
    // Translations follow a page's parts (a one-language site has none to check), and
    // a guide's versions name the parts that changed (DESIGN §11.7).
    if languages.len() > 1 || matches!(page.body, super::Body::Guide(_)) {
        page.parts = super::parts::parts(&page, yaml_text, body_text.map(|(b, _)| b));
    }
    (Some(page), check.problems)
}

/// Warnings for a flow list split by a comma into what reads as one sentence
/// (`expect: [Watery diarrhoea, usually starting 1 to 3 hours after the first dose]`
/// makes two bullets; DESIGN §11.5): an unquoted item that starts in small letters
/// after one that starts with a capital continues its sentence.
fn split_sentences(text: &str, source: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split(" #").next().unwrap_or(line);
        let Some(open) = code.find(": [").map(|i| i + 2).or_else(|| {
            let t = code.trim_start();
            t.starts_with("- [").then(|| code.len() - t.len() + 2)
        }) else {
            continue;
        };
        let Some(close) = code.rfind(']').filter(|c| *c > open) else {
            continue;
        };
        let inner = &code[open + 1..close];
        if inner.contains(['[', '{', '"', '\'']) {
            continue;
        }
        let mut items = Vec::new();
        let mut at = open + 1;
        for piece in inner.split(',') {
            let lead = piece.len() - piece.trim_start().len();
            items.push((at + lead, piece.trim()));
            at += piece.len() + 1;
        }
        let Some((_, first)) = items.first() else {
            continue;
        };
        if !first.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        for pair in items.windows(2) {
            let ((_, before), (col, after)) = (pair[0], pair[1]);
            if after.starts_with(|c: char| c.is_lowercase()) {
                found.push(
                    Diagnostic::warning(
                        source,
                        u32::try_from(n + 1).unwrap_or(u32::MAX),
                        u32::try_from(col + 1).unwrap_or(u32::MAX),
                        format!("the comma in this list splits one sentence into two items: `{before}` and `{after}`"),
                    )
                    .with_hint("a comma in a [list, like this] starts a new item: put the item in quotes (\"Watery diarrhoea, usually ...\"), or write the list one item a line with `- `"),
                );
            }
        }
    }
    found
}

/// Every mistake of a guide whose YAML does not read (DESIGN §11.5): serde stops at
/// the first, so the part holding it (a section, or a top-level key) is blanked and
/// the file read again, until it reads; then the rest of the guide is checked as
/// usual (its events, windows, sections), so one run lists all of them.
fn every_mistake(
    first: Diagnostic,
    text: &str,
    source: &Path,
    place: Place,
    body_text: Option<(&str, u32)>,
) -> Vec<Diagnostic> {
    /// Enough rounds for any guide a person writes; each blanks one part.
    const MOST_ROUNDS: usize = 64;
    // A mistake in the YAML itself (the file too large, an alias) is reported alone:
    // what follows it cannot be read as the author meant.
    let whole_file = ["too large", "reference", "anchor", "alias", "recursion"];
    let syntax = |text: &str| yaml::parse::<serde::de::IgnoredAny>(text, source).is_err();
    if whole_file.iter().any(|w| first.message.contains(w)) || syntax(text) {
        return vec![first];
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut found = vec![first];
    let mut blanked: Vec<(usize, usize)> = Vec::new();
    let mut blanked_a_section = false;
    for _ in 0..MOST_ROUNDS {
        let last = found.last().map_or(0, |d| d.line as usize);
        let sections = crate::sections::section_lines(&lines.join("\n"));
        let in_section = sections
            .iter()
            .copied()
            .find(|(from, to)| (*from..*to).contains(&last.saturating_sub(1)));
        let Some((from, to)) = in_section.or_else(|| top_level_key(&lines, last)) else {
            break;
        };
        if blanked.contains(&(from, to)) {
            break;
        }
        blanked_a_section |= in_section.is_some();
        blanked.push((from, to));
        for line in &mut lines[from..to] {
            line.clear();
        }
        let again = lines.join("\n");
        if syntax(&again) {
            break;
        }
        match yaml::parse::<PageFile>(&again, source) {
            Ok(file) => {
                let mut check = Checker {
                    source,
                    problems: Vec::new(),
                };
                check.page(file, place, body_text, 0);
                let inside = |d: &Diagnostic| {
                    blanked
                        .iter()
                        .any(|(a, b)| (*a..*b).contains(&(d.line as usize).saturating_sub(1)))
                };
                found.extend(
                    check
                        .problems
                        .into_iter()
                        .filter(|d| !(inside(d) || blanked_a_section && knock_on(&d.message))),
                );
                break;
            }
            // A required key blanked, or the same mistake again: what is left is not
            // worth reading further.
            Err(d) if d.message.contains("missing") => break,
            Err(d) if whole_file.iter().any(|w| d.message.contains(w)) => break,
            Err(d)
                if found
                    .iter()
                    .any(|f| (f.line, f.column) == (d.line, d.column)) =>
            {
                break;
            }
            Err(d) => found.push(d),
        }
    }
    found
}

/// Whether a problem found after blanking a broken section may only be there because
/// the section is gone (the handout asks for it, the guide has none left).
fn knock_on(message: &str) -> bool {
    message.contains("has no sections") || message.contains("this guide has no such section")
}

/// The lines of the top-level key holding line `line` (from 1): from the key to the
/// next one; `None` for `title` (the guide cannot be read without it) and lines
/// before any key.
fn top_level_key(lines: &[String], line: usize) -> Option<(usize, usize)> {
    let at = line.checked_sub(1)?.min(lines.len().checked_sub(1)?);
    let is_key = |l: &String| {
        !l.is_empty() && !l.starts_with([' ', '\t', '#', '-']) && !l.starts_with("---")
    };
    let from = (0..=at).rev().find(|&i| is_key(&lines[i]))?;
    if lines[from].starts_with("title:") {
        return None;
    }
    let to = (from + 1..lines.len())
        .find(|&i| is_key(&lines[i]))
        .unwrap_or(lines.len());
    Some((from, to))
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
        content_path: content_path.to_owned(),
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

    /// The page of `file` at `place`; `fingerprint` is the hash of what it was read
    /// from (see [`super::discover::page_key`]).
    fn page(
        &mut self,
        file: PageFile,
        place: Place,
        body_text: Option<(&str, u32)>,
        fingerprint: u64,
    ) -> Page {
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
            content_path: place.content_path,
            key: place.key,
            lang: place.lang,
            section: place.section,
            is_index: place.is_index,
            path,
            anchors: anchors.into_iter().collect(),
            meta,
            body,
            fingerprint,
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
            review_written: file.reviewed.is_some(),
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
                (Body::Guide(Box::new(guide)), anchors)
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
