//! Markdown to Typst markup, for the PDF handouts.
//!
//! The theme's `handout.typ` evaluates the result in markup mode. Everything an author
//! wrote arrives escaped (text) or as a string literal (code, URLs), so Markdown can
//! never run Typst code; structure is written as calls (`#strong[..];`, `#list(..);`)
//! closed by a semicolon, so the text that follows cannot continue them. Links become
//! absolute (paper has no base URL); callouts call the template's
//! `callout(kind, label, body)`; pictures of the site (PNG, JPEG, SVG) are printed
//! with their alt text (`/static/PATH` in the typesetting world), others replaced by it.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::{CalloutLabels, Links, options};

/// What links in the converted text are resolved against.
pub struct Target<'a> {
    /// `@/` links and site file paths.
    pub links: &'a dyn Links,
    /// The page's language.
    pub lang: &'a str,
    /// Scheme and host of the site (`https://guides.example`), no trailing slash.
    pub origin: &'a str,
    /// The page's own full URL, for `#anchor` links.
    pub permalink: &'a str,
    /// Callout labels in the page's language.
    pub labels: &'a CalloutLabels,
}

/// Converts a block of Markdown to Typst markup.
pub fn to_typst(text: &str, target: &Target<'_>) -> String {
    let mut w = Writer {
        out: String::with_capacity(text.len() * 5 / 4),
        target,
        code: None,
        image: None,
        depth: 0,
    };
    for event in Parser::new_ext(text, options()) {
        w.event(event);
    }
    w.out.trim().to_owned()
}

struct Writer<'t, 'a> {
    out: String,
    target: &'t Target<'a>,
    /// The code block being collected: (language, text).
    code: Option<(Option<String>, String)>,
    /// A picture being read: its path in the typesetting world, its alt text, and
    /// how many pictures its alt text opened (`![![a](/x.svg)](/x.svg)`).
    image: Option<(String, String, usize)>,
    /// How many elements are open; past [`super::MAX_NESTING`] (which the checks
    /// report at the text's line) only their text is written, so the markup stays
    /// within what Typst reads.
    depth: usize,
}

impl Writer<'_, '_> {
    /// Starts a block: a paragraph break unless it opens a container.
    fn block(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\n']);
        if !(trimmed.is_empty() || trimmed.ends_with('[')) {
            self.out.truncate(trimmed.len());
            self.out.push_str("\n\n");
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if let Some((_, body)) = self.code.as_mut() {
            match event {
                Event::Text(t) => body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, body) = self.code.take().unwrap_or_default();
                    self.block();
                    self.out.push_str("#raw(block: true, ");
                    if let Some(lang) = lang {
                        self.out.push_str("lang: ");
                        push_string(&mut self.out, &lang);
                        self.out.push_str(", ");
                    }
                    push_string(&mut self.out, body.trim_end_matches('\n'));
                    self.out.push_str(");");
                }
                _ => {}
            }
            return;
        }
        if let Some((_, alt, inner)) = self.image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::Start(Tag::Image { .. }) => *inner += 1,
                Event::End(TagEnd::Image) if *inner > 0 => *inner -= 1,
                Event::End(TagEnd::Image) => {
                    let (path, alt, _) = self.image.take().unwrap_or_default();
                    self.out.push_str("#box(image(");
                    push_string(&mut self.out, &path);
                    self.out.push_str(", width: 50%, alt: ");
                    push_string(&mut self.out, &alt);
                    self.out.push_str("));");
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(_) | Event::End(_) if self.depth >= super::MAX_NESTING => {
                if matches!(event, Event::Start(_)) {
                    self.depth += 1;
                } else if self.depth > super::MAX_NESTING {
                    self.depth -= 1;
                } else {
                    self.depth -= 1;
                    if let Event::End(tag) = event {
                        self.end(tag);
                    }
                }
            }
            Event::Start(tag) => {
                self.depth += 1;
                self.start(tag);
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.end(tag);
            }
            Event::Text(t) => push_text(&mut self.out, &t),
            Event::Code(t) => {
                self.out.push_str("#raw(");
                push_string(&mut self.out, &t);
                self.out.push_str(");");
            }
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("#linebreak();"),
            Event::Rule => {
                self.block();
                self.out.push_str("#line(length: 100%);");
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // Raw HTML has no meaning on paper; a line break is kept.
                if html.trim_start().to_ascii_lowercase().starts_with("<br") {
                    self.out.push_str("#linebreak();");
                }
            }
            Event::FootnoteReference(name) => {
                self.out.push_str("#super[");
                push_text(&mut self.out, &name);
                self.out.push_str("];");
            }
            Event::TaskListMarker(done) => self.out.push_str(if done { "☑ " } else { "☐ " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(&mut self.out, &t),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.block(),
            Tag::Heading { level, .. } => {
                self.block();
                let level = (level as usize).clamp(3, 6);
                self.out
                    .push_str(&format!("#heading(level: {level}, outlined: false)["));
            }
            Tag::BlockQuote(kind) => self.quote(kind),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Tag::List(start) => {
                self.block();
                match start {
                    None => self.out.push_str("#list("),
                    Some(n) => self.out.push_str(&format!("#enum(start: {n}, ")),
                }
            }
            Tag::Item => self.out.push('['),
            Tag::FootnoteDefinition(name) => {
                self.block();
                self.out.push_str("#block[#super[");
                push_text(&mut self.out, &name);
                self.out.push_str("]; ");
            }
            Tag::Table(aligns) => self.table(&aligns),
            Tag::TableHead => self.out.push_str("table.header("),
            Tag::TableRow => {}
            Tag::TableCell => self.out.push('['),
            Tag::Emphasis => self.out.push_str("#emph["),
            Tag::Strong => self.out.push_str("#strong["),
            Tag::Strikethrough => self.out.push_str("#strike["),
            Tag::Superscript => self.out.push_str("#super["),
            Tag::Subscript => self.out.push_str("#sub["),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => match self.absolute(&dest_url, link_type) {
                Some(url) => {
                    self.out.push_str("#link(");
                    push_string(&mut self.out, &url);
                    self.out.push_str(")[");
                }
                None => self.out.push_str("#box["),
            },
            Tag::Image { dest_url, .. } => self.image(&dest_url),
            Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.block(),
        }
    }

    /// A block quote, or a callout box (`> [!WARNING]`) with its label.
    fn quote(&mut self, kind: Option<BlockQuoteKind>) {
        self.block();
        let Some(kind) = kind else {
            self.out.push_str("#quote(block: true)[");
            return;
        };
        let l = self.target.labels;
        let (name, label) = match kind {
            BlockQuoteKind::Note => ("note", &l.note),
            BlockQuoteKind::Tip => ("tip", &l.tip),
            BlockQuoteKind::Important => ("important", &l.important),
            BlockQuoteKind::Warning => ("warning", &l.warning),
            BlockQuoteKind::Caution => ("caution", &l.caution),
        };
        self.out.push_str("#callout(");
        push_string(&mut self.out, name);
        self.out.push_str(", ");
        push_string(&mut self.out, label);
        self.out.push_str(")[");
    }

    /// A table with its columns' alignment.
    fn table(&mut self, aligns: &[pulldown_cmark::Alignment]) {
        self.block();
        let aligns: Vec<&str> = aligns
            .iter()
            .map(|a| match a {
                pulldown_cmark::Alignment::Center => "center",
                pulldown_cmark::Alignment::Right => "right",
                _ => "left",
            })
            .collect();
        self.out.push_str(&format!(
            "#table(columns: {}, align: ({},), ",
            aligns.len().max(1),
            aligns.join(", ")
        ));
    }

    /// A picture of the site is printed; any other shows its alt text.
    fn image(&mut self, dest_url: &str) {
        // The file is the path without a query or fragment (`/x.svg?.png` is x.svg).
        let dest_url = dest_url.split(['?', '#']).next().unwrap_or_default();
        let lower = dest_url.to_ascii_lowercase();
        let printable = [".png", ".jpg", ".jpeg", ".svg"]
            .iter()
            .any(|ext| lower.ends_with(ext));
        if printable
            && dest_url.starts_with('/')
            && !dest_url.starts_with("//")
            && self.target.links.file_exists(dest_url)
        {
            self.image = Some((format!("/static{dest_url}"), String::new(), 0));
        } else {
            self.out.push_str("#emph[");
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::TableRow
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::CodeBlock => {}
            TagEnd::Item => {
                let trimmed = self.out.trim_end_matches([' ', '\n']).len();
                self.out.truncate(trimmed);
                self.out.push_str("], ");
            }
            TagEnd::TableCell => self.out.push_str("], "),
            TagEnd::List(_) | TagEnd::Table => self.out.push_str(");"),
            TagEnd::TableHead => self.out.push_str("), "),
            TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {
                let trimmed = self.out.trim_end_matches('\n').len();
                self.out.truncate(trimmed);
                self.out.push_str("];");
            }
        }
    }

    /// The full URL a link points to, or `None` when it cannot be followed from paper.
    fn absolute(&self, dest: &str, kind: LinkType) -> Option<String> {
        let t = self.target;
        if kind == LinkType::Email {
            return Some(format!("mailto:{dest}"));
        }
        if let Some(target) = dest.strip_prefix("@/") {
            return t
                .links
                .resolve(target, t.lang)
                .ok()
                .map(|url| format!("{}{url}", t.origin));
        }
        if dest.starts_with('#') {
            return Some(format!("{}{dest}", t.permalink));
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
            return Some(format!("{}{}", t.origin, t.links.local_url(dest)));
        }
        let lower = dest.to_ascii_lowercase();
        ["https://", "http://", "mailto:", "tel:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme))
            .then(|| dest.to_owned())
    }
}

/// Text in markup: every character that means something to Typst is escaped.
pub fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '$' | '#' | '[' | ']' | '<' | '>' | '@' | '~' | '/' | '='
            | '-' | '+' | '.' | '{' | '}' | '^' | '"' | '\'' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\u{a0}' => out.push(c),
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A Typst string literal.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::LinkError;

    struct NoLinks;
    impl Links for NoLinks {
        fn resolve(&self, target: &str, _lang: &str) -> Result<String, LinkError> {
            match target {
                "sun-care.md" => Ok("/guides/sun-care/".into()),
                _ => Err(LinkError {
                    message: String::new(),
                    hint: String::new(),
                }),
            }
        }
        fn file_exists(&self, _path: &str) -> bool {
            true
        }
        fn local_url(&self, path: &str) -> String {
            format!("/guides{path}")
        }
    }

    fn convert(text: &str) -> String {
        let labels = CalloutLabels::default();
        to_typst(
            text,
            &Target {
                links: &NoLinks,
                lang: "en",
                origin: "https://c.example",
                permalink: "https://c.example/guides/a/",
                labels: &labels,
            },
        )
    }

    #[test]
    fn escapes_everything_typst_would_read_as_markup() {
        assert_eq!(
            convert("#set page(width: 1pt) = $x$ @ref a < b > c 1. a * b"),
            "\\#set page(width\\: 1pt) \\= \\$x\\$ \\@ref a \\< b \\> c 1\\. a \\* b"
        );
    }

    #[test]
    fn structure_becomes_calls_closed_by_semicolons() {
        assert_eq!(
            convert("Keep **out of sun** and use `SPF 30`(daily)."),
            "Keep #strong[out of sun]; and use #raw(\"SPF 30\");(daily)\\."
        );
        assert_eq!(
            convert("- one\n- two *now*\n\n1. first"),
            "#list([one], [two #emph[now];], );\n\n#enum(start: 1, [first], );"
        );
    }

    #[test]
    fn links_become_absolute_and_unsafe_ones_plain() {
        assert_eq!(
            convert("[sun](@/sun-care.md) [top](#faq) [x](javascript:alert(1))"),
            "#link(\"https://c.example/guides/sun-care/\")[sun]; #link(\"https://c.example/guides/a/#faq\")[top]; #box[x];"
        );
    }

    #[test]
    fn callouts_call_the_template() {
        assert_eq!(
            convert("> [!WARNING]\n> Do not \"pick\"."),
            "#callout(\"warning\", \"Warning\")[Do not “pick”\\.];"
        );
    }

    #[test]
    fn code_is_a_string_literal() {
        assert_eq!(
            convert("```sh\necho \"]\" \\\n```"),
            "#raw(block: true, lang: \"sh\", \"echo \\\"]\\\" \\\\\");"
        );
    }
}
