//! Markdown to HTML: CommonMark with the extensions of DESIGN §4.1, heading ids,
//! `@/` links resolved (or reported with file:line), GitHub-style alerts as callout
//! boxes, code highlighted by syntect into CSS classes, raw HTML per `raw_html`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

pub mod glossary;
pub mod typst_markup;

pub use glossary::{Autolink, Glossary};

use crate::config::RawHtml;
use crate::content::slug::slugify;
use crate::diagnostics::Diagnostic;

/// The CSS class prefix of highlighted code (`hl-keyword`).
pub const HIGHLIGHT_PREFIX: &str = "hl-";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// The anchors of a Markdown text's headings, in order, as [`Markdown::render`] assigns them.
pub fn heading_ids(text: &str) -> Vec<String> {
    let mut ids = HeadingIds::default();
    let mut out = Vec::new();
    let mut in_heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, buf)) = in_heading.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = in_heading.take() {
                    out.push(ids.assign(explicit, &text));
                }
            }
            _ => {}
        }
    }
    out
}

/// Unique heading ids within one text: explicit ids kept, others from the text.
#[derive(Default)]
struct HeadingIds {
    used: HashMap<String, u32>,
}

impl HeadingIds {
    fn assign(&mut self, explicit: Option<String>, text: &str) -> String {
        if let Some(id) = explicit {
            self.used.entry(id.clone()).or_insert(0);
            return id;
        }
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let n = self.used.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        }
    }
}

/// Resolves links while rendering; implemented by the site stage.
pub trait Links {
    /// `@/path.ext#anchor` (without `@/`) to a URL in `lang`, or why it cannot be.
    fn resolve(&self, target: &str, lang: &str) -> Result<String, LinkError>;
    /// Whether a root-relative file path (`/images/a.png`) exists in static/ or content/.
    fn file_exists(&self, path: &str) -> bool;
    /// A root-relative path (`/images/a.png`) as a URL under the site's base path.
    fn local_url(&self, path: &str) -> String {
        path.to_owned()
    }
}

/// Why a link cannot be resolved, for the author.
#[derive(Debug, Clone)]
pub struct LinkError {
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: String,
}

/// Labels of callout boxes, in the page's language.
#[derive(Debug, Clone)]
pub struct CalloutLabels {
    /// `> [!NOTE]`
    pub note: String,
    /// `> [!TIP]`
    pub tip: String,
    /// `> [!IMPORTANT]`
    pub important: String,
    /// `> [!WARNING]`
    pub warning: String,
    /// `> [!CAUTION]`
    pub caution: String,
}

impl Default for CalloutLabels {
    fn default() -> Self {
        Self {
            note: "Note".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            warning: "Warning".into(),
            caution: "Caution".into(),
        }
    }
}

/// Where a Markdown text comes from, so problems point at the right line.
pub struct Origin<'a> {
    /// The file, relative to the site root.
    pub file: &'a Path,
    /// The line of the file the text starts on.
    pub line: u32,
    /// The page's language (for `@/` links to translations).
    pub lang: &'a str,
    /// Callout labels in that language.
    pub labels: &'a CalloutLabels,
}

/// The Markdown renderer; heavy state (syntect's syntaxes) is loaded once, when first needed.
pub struct Markdown {
    raw_html: RawHtml,
    highlight: bool,
    syntaxes: OnceLock<SyntaxSet>,
    sanitizer: ammonia::Builder<'static>,
}

impl Markdown {
    /// A renderer with the site's `markdown:` settings.
    pub fn new(raw_html: RawHtml, highlight: bool) -> Self {
        Self {
            raw_html,
            highlight,
            syntaxes: OnceLock::new(),
            sanitizer: sanitizer(),
        }
    }

    /// Renders a block of Markdown (paragraphs, lists...).
    pub fn render(
        &self,
        text: &str,
        origin: &Origin<'_>,
        links: &dyn Links,
        problems: &mut Vec<Diagnostic>,
        autolink: Option<&mut Autolink<'_>>,
    ) -> String {
        let mut state = Render {
            md: self,
            origin,
            links,
            problems,
            text,
            saw_raw_html: false,
        };
        let mut events = state.transform(text);
        if let Some(autolink) = autolink {
            events = autolink.apply(events);
        }
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if state.saw_raw_html && self.raw_html == RawHtml::Sanitize {
            html = self.sanitizer.clean(&html).to_string();
        }
        html
    }

    /// Renders a short field: a single paragraph comes back without its `<p>`.
    pub fn render_inline(
        &self,
        text: &str,
        origin: &Origin<'_>,
        links: &dyn Links,
        problems: &mut Vec<Diagnostic>,
        autolink: Option<&mut Autolink<'_>>,
    ) -> String {
        let html = self.render(text, origin, links, problems, autolink);
        let trimmed = html.trim_end();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_owned(),
            _ => html,
        }
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }
}

/// ammonia, told about the markup careleaf itself produces (callouts, highlighting,
/// task lists) so only what authors wrote is at risk of removal.
fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "aside",
        "details",
        "summary",
        "figure",
        "figcaption",
        "input",
        "mark",
        "section",
    ])
    .add_generic_attributes(["class", "id"])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("a", ["title"])
    .add_tag_attributes("aside", ["role", "aria-label"])
    .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
    .link_rel(None);
    b
}

struct Render<'r, 'o> {
    md: &'r Markdown,
    origin: &'r Origin<'o>,
    links: &'r dyn Links,
    problems: &'r mut Vec<Diagnostic>,
    text: &'r str,
    saw_raw_html: bool,
}

impl<'r, 'o> Render<'r, 'o> {
    fn line_at(&self, offset: usize) -> u32 {
        let before = &self.text[..offset.min(self.text.len())];
        self.origin.line + before.matches('\n').count() as u32
    }

    fn problem(&mut self, offset: usize, message: String, hint: String) {
        let line = self.line_at(offset);
        self.problems
            .push(Diagnostic::error(self.origin.file, line, 1, message).with_hint(hint));
    }

    fn transform<'a>(&mut self, text: &'a str) -> Vec<Event<'a>> {
        let mut out: Vec<Event<'a>> = Vec::new();
        let mut ids = HeadingIds::default();
        let mut heading: Option<(usize, Option<String>, String)> = None;
        let mut code: Option<(Option<String>, String)> = None;
        let mut image_alt: Option<(usize, String)> = None;
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            if let Some((_, buf)) = code.as_mut() {
                match event {
                    Event::Text(t) => buf.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, body) = code.take().unwrap_or_default();
                        out.push(Event::Html(self.code_block(lang.as_deref(), &body).into()));
                    }
                    _ => {}
                }
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
                    // `{key=value}` would put any attribute on the heading (`onclick`
                    // too): only for trusted authors, like raw HTML.
                    let attrs = if self.md.raw_html == RawHtml::Allow || attrs.is_empty() {
                        attrs
                    } else {
                        let names: Vec<&str> = attrs.iter().map(|(k, _)| k.as_ref()).collect();
                        self.problem(
                            range.start,
                            format!(
                                "a heading may only have an {{#id}} and {{.classes}}, not `{}`",
                                names.join("`, `")
                            ),
                            "remove the other attributes from the heading's {…} (raw_html: allow lets trusted authors add them)".into(),
                        );
                        Vec::new()
                    };
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
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split_whitespace().next().map(str::to_owned)
                        }
                        CodeBlockKind::Indented => None,
                    };
                    code = Some((lang, String::new()));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest = self.destination(dest_url, range.start, false);
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest = self.destination(dest_url, range.start, true);
                    image_alt = Some((range.start, String::new()));
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                }
                Event::End(TagEnd::Image) => {
                    if let Some((offset, alt)) = image_alt.take()
                        && alt.trim().is_empty()
                    {
                        self.problem(
                            offset,
                            "an image has no alt text".into(),
                            "describe the image for patients who cannot see it: ![what it shows](path)".into(),
                        );
                    }
                    out.push(Event::End(TagEnd::Image));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, label) = self.callout(kind);
                    out.push(Event::Html(
                        format!(
                            "<aside class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-label\">{}</p>\n",
                            escape(label)
                        )
                        .into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    out.push(Event::Html("</aside>\n".into()))
                }
                Event::Html(html) | Event::InlineHtml(html) => match self.md.raw_html {
                    RawHtml::Escape => out.push(Event::Text(html)),
                    _ => {
                        self.saw_raw_html = true;
                        out.push(Event::Html(html));
                    }
                },
                Event::Text(t) => {
                    if let Some((_, _, buf)) = heading.as_mut() {
                        buf.push_str(&t);
                    }
                    if let Some((_, alt)) = image_alt.as_mut() {
                        alt.push_str(&t);
                    }
                    out.push(Event::Text(t));
                }
                Event::Code(t) => {
                    if let Some((_, _, buf)) = heading.as_mut() {
                        buf.push_str(&t);
                    }
                    out.push(Event::Code(t));
                }
                other => out.push(other),
            }
        }
        out
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
        let lower = dest.trim_start().to_ascii_lowercase();
        if lower.starts_with("javascript:")
            || lower.starts_with("vbscript:")
            || lower.starts_with("data:text")
        {
            self.problem(
                offset,
                format!("`{dest}` is not a safe link"),
                "link to a web page or a file of the site".into(),
            );
            return "#".into();
        }
        if dest.starts_with('/') && !dest.starts_with("//") {
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

/// The text of a Markdown snippet without its markup (for meta descriptions, JSON-LD).
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_))
                if !out.ends_with(' ') =>
            {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl Links for NoLinks {
        fn resolve(&self, target: &str, _lang: &str) -> Result<String, LinkError> {
            match target {
                "about.md" => Ok("/about/".into()),
                "about.md#team" => Ok("/about/#team".into()),
                _ => Err(LinkError {
                    message: format!("no page `@/{target}`"),
                    hint: "check the path".into(),
                }),
            }
        }
        fn file_exists(&self, path: &str) -> bool {
            path == "/logo.png"
        }
    }

    fn render_with(mode: RawHtml, text: &str) -> (String, Vec<Diagnostic>) {
        let md = Markdown::new(mode, true);
        let labels = CalloutLabels::default();
        let origin = Origin {
            file: Path::new("content/a.md"),
            line: 5,
            lang: "en",
            labels: &labels,
        };
        let mut problems = Vec::new();
        let html = md.render(text, &origin, &NoLinks, &mut problems, None);
        (html, problems)
    }

    fn render(text: &str) -> (String, Vec<Diagnostic>) {
        render_with(RawHtml::Sanitize, text)
    }

    #[test]
    fn headings_get_unique_ids() {
        let (html, _) = render("# Hello world\n\n## Hello world\n\n## Custom {#mine}\n");
        assert!(html.contains("<h1 id=\"hello-world\">"), "{html}");
        assert!(html.contains("<h2 id=\"hello-world-1\">"), "{html}");
        assert!(html.contains("<h2 id=\"mine\">"), "{html}");
        assert_eq!(
            heading_ids("# Hello world\n\n## Hello world\n\n## Custom {#mine}\n"),
            ["hello-world", "hello-world-1", "mine"]
        );
    }

    #[test]
    fn resolves_and_reports_internal_links_with_lines() {
        let (html, problems) = render("See [about](@/about.md#team).\n\nAnd [x](@/missing.md).\n");
        assert!(html.contains("href=\"/about/#team\""), "{html}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 7);
        assert_eq!(problems[0].message, "no page `@/missing.md`");
    }

    #[test]
    fn alerts_become_callouts() {
        let (html, _) = render("> [!WARNING]\n> Call us.\n");
        assert!(
            html.contains("<aside class=\"callout callout-warning\" role=\"note\">"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"callout-label\">Warning</p>"),
            "{html}"
        );
        assert!(html.contains("Call us."), "{html}");
    }

    #[test]
    fn code_is_highlighted_with_classes_only() {
        let (html, _) = render("```rust\nfn main() {}\n```\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn raw_html_modes() {
        let evil = "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi <a href=\"javascript:x()\">y</a></p>\n\n<iframe src=\"https://e.example\"></iframe>\n";
        let (html, _) = render(evil);
        for bad in ["<script", "onclick", "javascript:", "<iframe"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        let (html, _) = render_with(RawHtml::Escape, "<b>x</b>");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        let (html, _) = render_with(RawHtml::Allow, "<b onclick=\"y\">x</b>");
        assert!(html.contains("onclick"), "{html}");
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_refused() {
        let (html, problems) = render("# Hi {#top .big onclick=alert(1)}\n\n## Two {ontact}\n");
        assert!(
            !html.contains("onclick") && !html.contains("ontact"),
            "{html}"
        );
        assert!(
            html.contains("id=\"top\"") && html.contains("class=\"big\""),
            "{html}"
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(
            (problems[0].line, problems[1].line),
            (5, 7),
            "origin line 5"
        );
        assert!(
            problems[0].message.contains("`onclick`"),
            "{}",
            problems[0].message
        );
        let (html, problems) = render_with(RawHtml::Allow, "# Hi {onclick=x}\n");
        assert!(html.contains("onclick=\"x\""), "{html}");
        assert!(problems.is_empty());
    }

    #[test]
    fn markdown_links_to_javascript_are_refused() {
        let (html, problems) = render("[x](javascript:alert(1))");
        assert!(!html.contains("javascript:"), "{html}");
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn images_need_alt_text_and_existing_files() {
        let (_, problems) =
            render("![](/logo.png)\n\n![A logo](/nope.png)\n\n![A logo](/logo.png)\n");
        let messages: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (5, "an image has no alt text"),
                (7, "the image `/nope.png` does not exist")
            ]
        );
    }

    #[test]
    fn extensions_are_on() {
        let (html, _) = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nText[^1]\n\n[^1]: Note.\n",
        );
        for want in [
            "<table>",
            "<del>old</del>",
            "“quoted”",
            "type=\"checkbox\"",
            "footnote",
        ] {
            assert!(html.contains(want), "{want} missing in {html}");
        }
    }

    #[test]
    fn inline_rendering_drops_the_paragraph() {
        let md = Markdown::new(RawHtml::Sanitize, false);
        let labels = CalloutLabels::default();
        let origin = Origin {
            file: Path::new("a"),
            line: 1,
            lang: "en",
            labels: &labels,
        };
        let mut p = Vec::new();
        assert_eq!(
            md.render_inline("Use *gentle* soap", &origin, &NoLinks, &mut p, None),
            "Use <em>gentle</em> soap"
        );
        assert!(
            md.render_inline("a\n\nb", &origin, &NoLinks, &mut p, None)
                .contains("<p>b</p>")
        );
    }
}
