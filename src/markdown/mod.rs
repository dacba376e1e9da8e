//! Markdown to HTML: CommonMark with the extensions of DESIGN §4.1, heading ids,
//! `@/` links resolved (or reported with file:line), GitHub-style alerts as callout
//! boxes, code highlighted by syntect into CSS classes, raw HTML per `raw_html`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use syntect::parsing::SyntaxSet;

pub mod glossary;
mod transform;
pub mod typst_markup;

pub use glossary::{Autolink, Glossary};

use crate::diagnostics::Diagnostic;
use transform::Render;

/// The CSS class prefix of highlighted code (`hl-keyword`).
pub const HIGHLIGHT_PREFIX: &str = "hl-";

/// How deep quotes, lists and emphasis may sit inside each other. Deeper is an error
/// at its line (no leaflet needs it; 10,000 `>` would exhaust the typesetter).
pub const MAX_NESTING: usize = 32;

/// The longest paragraph, in bytes of Markdown: a handout typesets one paragraph
/// in time that grows with the square of its length (600,000 characters took 93 s),
/// and no patient reads 20,000 characters without a break.
pub const MAX_PARAGRAPH: usize = 20_000;

/// What to do with raw HTML written inside Markdown.
#[derive(
    Debug, Deserialize, schemars::JsonSchema, Serialize, Clone, Copy, PartialEq, Eq, Hash, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe tags, drop scripts, event handlers, iframes and `javascript:` URLs.
    #[default]
    Sanitize,
    /// Keep it as written: only for sites whose authors are all trusted.
    Allow,
    /// Show it as text.
    Escape,
}

/// The CommonMark extensions careleaf reads Markdown with (DESIGN §4.1).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_GFM
}

/// Resolves links while rendering; implemented by the site stage.
pub trait Links {
    /// `@/path.ext#anchor` (without `@/`) to a URL in `lang`, or why it cannot be.
    fn resolve(&self, target: &str, lang: &str) -> Result<String, LinkError>;
    /// Whether a root-relative file path (`/images/a.png`) exists in static/ or content/.
    fn file_exists(&self, path: &str) -> bool;
    /// Whether a plain root-relative link (`/stitches-care/`, `/about/#team`) leads to
    /// a page, a file or a page careleaf writes; why not (with the nearest page) if not.
    fn page_at(&self, _path: &str) -> Result<(), LinkError> {
        Ok(())
    }
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

    /// Renders a block of Markdown (paragraphs, lists...). The text was checked
    /// (see [`Markdown::check`]) before: what is wrong in it is not reported again.
    pub fn render(
        &self,
        text: &str,
        origin: &Origin<'_>,
        links: &dyn Links,
        autolink: Option<&mut Autolink<'_>>,
    ) -> String {
        let mut state = Render::new(self, origin, links, text, false);
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
        autolink: Option<&mut Autolink<'_>>,
    ) -> String {
        let html = self.render(text, origin, links, autolink);
        let trimmed = html.trim_end();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_owned(),
            _ => html,
        }
    }

    /// Everything wrong in a Markdown text, read exactly as [`Markdown::render`]
    /// reads it: `@/` links and anchors that lead nowhere, images that do not exist
    /// or have no alt text, unsafe link schemes, heading attributes other than an id
    /// and classes. Nothing is rendered.
    pub fn check(&self, text: &str, origin: &Origin<'_>, links: &dyn Links) -> Vec<Diagnostic> {
        let mut state = Render::new(self, origin, links, text, true);
        state.transform(text);
        state.problems
    }

    pub(crate) fn syntaxes(&self) -> &SyntaxSet {
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

/// The anchors of a Markdown text's headings, in order, as Markdown rendering assigns them.
pub fn heading_ids(text: &str) -> Vec<String> {
    let mut ids = crate::anchors::HeadingIds::default();
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
        let problems = md.check(text, &origin, &NoLinks);
        let html = md.render(text, &origin, &NoLinks, None);
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
            super::heading_ids("# Hello world\n\n## Hello world\n\n## Custom {#mine}\n"),
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
        assert_eq!(
            md.render_inline("Use *gentle* soap", &origin, &NoLinks, None),
            "Use <em>gentle</em> soap"
        );
        assert!(
            md.render_inline("a\n\nb", &origin, &NoLinks, None)
                .contains("<p>b</p>")
        );
    }
}
