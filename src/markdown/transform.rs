//! The one pass over a Markdown text that both rendering and checking make: heading
//! ids assigned, `@/` links resolved, images and link schemes checked, callouts and
//! code blocks turned into HTML.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::util::LinesWithEndings;

use super::RawHtml;
use super::{HIGHLIGHT_PREFIX, Links, Markdown, Origin, escape, options};
use crate::anchors::HeadingIds;
use crate::diagnostics::Diagnostic;

/// One pass over a Markdown text: the events `render` writes out, and on the way
/// every problem `check` reports. Both run this same code, so a text that checks
/// clean renders as checked.
pub(super) struct Render<'r, 'o> {
    md: &'r Markdown,
    origin: &'r Origin<'o>,
    links: &'r dyn Links,
    pub(super) problems: Vec<Diagnostic>,
    text: &'r str,
    pub(super) saw_raw_html: bool,
    /// Checking only: code blocks are not highlighted.
    checking: bool,
}

impl<'r, 'o> Render<'r, 'o> {
    pub(super) fn new(
        md: &'r Markdown,
        origin: &'r Origin<'o>,
        links: &'r dyn Links,
        text: &'r str,
        checking: bool,
    ) -> Self {
        Self {
            md,
            origin,
            links,
            problems: Vec::new(),
            text,
            saw_raw_html: false,
            checking,
        }
    }

    fn line_at(&self, offset: usize) -> u32 {
        let before = &self.text[..offset.min(self.text.len())];
        self.origin.line + before.matches('\n').count() as u32
    }

    fn problem(&mut self, offset: usize, message: String, hint: String) {
        let line = self.line_at(offset);
        self.problems
            .push(Diagnostic::error(self.origin.file, line, 1, message).with_hint(hint));
    }

    fn warning(&mut self, offset: usize, message: String, hint: String) {
        let line = self.line_at(offset);
        self.problems
            .push(Diagnostic::warning(self.origin.file, line, 1, message).with_hint(hint));
    }

    /// A link written to a page's file relative to this one (`tooth-removal.yaml`,
    /// `../about.md#team`), as mdBook allows: the target under content/, or none when
    /// the link is not one (a URL, a root-relative path, another kind of file).
    fn relative_page(&self, dest: &str) -> Option<String> {
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        if path.contains(':')
            || path.starts_with('/')
            || !(path.ends_with(".md") || path.ends_with(".yaml"))
        {
            return None;
        }
        let mut parts: Vec<&str> = self
            .origin
            .file
            .parent()
            .into_iter()
            .flat_map(|p| p.iter())
            .filter_map(|c| c.to_str())
            .skip(1) // content/
            .collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                _ => parts.push(part),
            }
        }
        let target = parts.join("/");
        Some(match anchor {
            Some(a) => format!("{target}#{a}"),
            None => target,
        })
    }

    pub(super) fn transform<'a>(&mut self, text: &'a str) -> Vec<Event<'a>> {
        let mut out: Vec<Event<'a>> = Vec::new();
        let mut ids = HeadingIds::default();
        let mut heading: Option<(usize, Option<String>, String)> = None;
        let mut code: Option<(Option<String>, String)> = None;
        let mut image_alt: Option<(usize, String)> = None;
        let (mut depth, mut too_deep) = (0usize, false);
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if let Event::Start(Tag::Paragraph) = &event
                && range.len() > super::MAX_PARAGRAPH
            {
                self.problem(
                    range.start,
                    format!(
                        "this paragraph is {} characters long; a paragraph may have at most {}",
                        text[range.clone()].chars().count(),
                        super::MAX_PARAGRAPH
                    ),
                    "break it into shorter paragraphs (a blank line between them) or a list"
                        .to_owned(),
                );
            }
            if depth > super::MAX_NESTING && !too_deep {
                too_deep = true;
                self.problem(
                    range.start,
                    format!(
                        "quotes, lists or emphasis sit more than {} deep inside each other here",
                        super::MAX_NESTING
                    ),
                    "write the text with fewer levels: a list inside a list is as deep as a leaflet needs".to_owned(),
                );
            }
            if code.is_some() {
                out.extend(self.in_code_block(event, &mut code));
                continue;
            }
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    heading = Some((out.len(), id.map(|i| i.to_string()), String::new()));
                    let attrs = self.heading_attrs(attrs, range.start);
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id: None,
                        classes,
                        attrs,
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some((start, explicit, text)) = heading.take() {
                        let id = ids.assign(explicit, &text);
                        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut out[start] {
                            *slot = Some(CowStr::from(id));
                        }
                    }
                    out.push(Event::End(TagEnd::Heading(level)));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    code = Some((fence_language(kind), String::new()))
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: self.destination(dest_url, range.start, false),
                    title,
                    id,
                })),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    image_alt = Some((range.start, String::new()));
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: self.destination(dest_url, range.start, true),
                        title,
                        id,
                    }));
                }
                Event::End(TagEnd::Image) => {
                    if let Some((offset, alt)) = image_alt.take() {
                        self.check_alt(offset, &alt);
                    }
                    out.push(Event::End(TagEnd::Image));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => out.push(self.callout_open(kind)),
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    out.push(Event::Html("</aside>\n".into()))
                }
                Event::Html(html) | Event::InlineHtml(html) => out.push(self.raw_html(html)),
                Event::Text(t) => {
                    // A heading's words make its id; an image's, its alt text.
                    let gathering = [
                        heading.as_mut().map(|h| &mut h.2),
                        image_alt.as_mut().map(|a| &mut a.1),
                    ];
                    gathering
                        .into_iter()
                        .flatten()
                        .for_each(|buf| buf.push_str(&t));
                    out.push(Event::Text(t));
                }
                Event::Code(t) => {
                    heading.iter_mut().for_each(|(_, _, buf)| buf.push_str(&t));
                    out.push(Event::Code(t));
                }
                other => out.push(other),
            }
        }
        out
    }

    /// Raw HTML as `markdown.raw_html` says: shown as text (`escape`), or kept and
    /// remembered, to be sanitized (`sanitize`) or left (`allow`).
    fn raw_html<'a>(&mut self, html: CowStr<'a>) -> Event<'a> {
        if self.md.raw_html == RawHtml::Escape {
            return Event::Text(html);
        }
        self.saw_raw_html = true;
        Event::Html(html)
    }

    /// An event inside a fenced or indented code block: its text is gathered, and
    /// at its end the block is highlighted.
    fn in_code_block<'a>(
        &self,
        event: Event<'a>,
        code: &mut Option<(Option<String>, String)>,
    ) -> Option<Event<'a>> {
        match event {
            Event::Text(t) => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, body) = code.take().unwrap_or_default();
                Some(Event::Html(self.code_block(lang.as_deref(), &body).into()))
            }
            _ => None,
        }
    }

    /// A heading's `{key=value}` attributes, which would put any attribute on it
    /// (`onclick` too): kept only for trusted authors (`raw_html: allow`), like raw HTML;
    /// otherwise a problem at `offset` and none kept.
    fn heading_attrs<'a>(
        &mut self,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        offset: usize,
    ) -> Vec<(CowStr<'a>, Option<CowStr<'a>>)> {
        if self.md.raw_html == RawHtml::Allow || attrs.is_empty() {
            return attrs;
        }
        let names: Vec<&str> = attrs.iter().map(|(k, _)| k.as_ref()).collect();
        self.problem(
            offset,
            format!(
                "a heading may only have an {{#id}} and {{.classes}}, not `{}`",
                names.join("`, `")
            ),
            "remove the other attributes from the heading's {…} (raw_html: allow lets trusted authors add them)".into(),
        );
        Vec::new()
    }

    /// A problem when an image's alt text (read up to its end) is empty.
    fn check_alt(&mut self, offset: usize, alt: &str) {
        if alt.trim().is_empty() {
            self.problem(
                offset,
                "an image has no alt text".into(),
                "describe the image for patients who cannot see it: ![what it shows](path)".into(),
            );
        }
    }

    /// The opening of a callout box (`> [!WARNING]`) with its label.
    fn callout_open(&self, kind: BlockQuoteKind) -> Event<'static> {
        let (class, label) = self.callout(kind);
        Event::Html(
            format!(
                "<aside class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-label\">{}</p>\n",
                escape(label)
            )
            .into(),
        )
    }

    fn callout(&self, kind: BlockQuoteKind) -> (&'static str, &str) {
        let l = self.origin.labels;
        match kind {
            BlockQuoteKind::Note => ("note", &l.note),
            BlockQuoteKind::Tip => ("tip", &l.tip),
            BlockQuoteKind::Important => ("important", &l.important),
            BlockQuoteKind::Warning => ("warning", &l.warning),
            BlockQuoteKind::Caution => ("caution", &l.caution),
        }
    }

    /// Resolves `@/` links and checks root-relative file paths of images.
    fn destination<'a>(&mut self, dest: CowStr<'a>, offset: usize, image: bool) -> CowStr<'a> {
        if let Some(target) = dest.strip_prefix("@/") {
            return match self.links.resolve(target, self.origin.lang) {
                Ok(url) => url.into(),
                Err(e) => {
                    self.problem(offset, e.message, e.hint);
                    dest
                }
            };
        }
        if let Some((message, hint)) = crate::urls::refused(&dest) {
            self.problem(offset, message, hint.into());
            return "#".into();
        }
        if !image && let Some(target) = self.relative_page(&dest) {
            return match self.links.resolve(&target, self.origin.lang) {
                Ok(url) => url.into(),
                Err(e) => {
                    self.problem(
                        offset,
                        format!("{} (linked as `{dest}`)", e.message),
                        e.hint,
                    );
                    dest
                }
            };
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
            if !image && let Err(e) = self.links.page_at(&dest) {
                self.warning(offset, e.message, e.hint);
            }
            if image && !self.links.file_exists(&dest) {
                self.problem(
                    offset,
                    format!("the image `{dest}` does not exist"),
                    "put the file in static/ (then write /name.png) or next to the page in content/".into(),
                );
            }
            return self.links.local_url(&dest).into();
        }
        dest
    }

    fn code_block(&self, lang: Option<&str>, body: &str) -> String {
        if self.checking {
            return String::new();
        }
        let class = lang
            .map(|l| format!(" class=\"language-{}\"", escape(l)))
            .unwrap_or_default();
        if self.md.highlight
            && let Some(lang) = lang
        {
            let syntaxes = self.md.syntaxes();
            if let Some(syntax) = syntaxes.find_syntax_by_token(lang) {
                let mut generator = ClassedHTMLGenerator::new_with_class_style(
                    syntax,
                    syntaxes,
                    ClassStyle::SpacedPrefixed {
                        prefix: HIGHLIGHT_PREFIX,
                    },
                );
                let ok = LinesWithEndings::from(body).all(|line| {
                    generator
                        .parse_html_for_line_which_includes_newline(line)
                        .is_ok()
                });
                if ok {
                    return format!(
                        "<pre class=\"code\"><code{class}>{}</code></pre>\n",
                        generator.finalize()
                    );
                }
            }
        }
        format!(
            "<pre class=\"code\"><code{class}>{}</code></pre>\n",
            escape(body)
        )
    }
}

/// The language of a fenced code block (` ```yaml `), if it names one.
fn fence_language(kind: CodeBlockKind<'_>) -> Option<String> {
    match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_owned),
        CodeBlockKind::Indented => None,
    }
}
