//! The text readability is measured on: what patients read as sentences.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::{Body, Page};
use crate::diagnostics::Diagnostic;
use crate::sections::{Prose, Reading, Walker};

/// The prose of a page that readers read as sentences: not headings, code, tables of
/// ingredients, comparison tables or references (each section's walk says which of
/// its fields are [`Reading::Sentences`]). One sentence or item per line.
pub fn prose(page: &Page) -> Result<String, Diagnostic> {
    let mut out = String::new();
    if let Some(s) = &page.meta.summary {
        push_markdown(&mut out, s);
    }
    match &page.body {
        Body::Markdown(m) => push_markdown(&mut out, &m.text(&page.source)?),
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
                s.section.walk(&mut Sentences(&mut out));
            }
        }
    }
    Ok(out)
}

/// Collects what the reading level counts from a section's walk.
struct Sentences<'o>(&'o mut String);

impl<'a> Walker<'a> for Sentences<'_> {
    fn prose(&mut self, text: &'a Prose, reading: Reading) {
        if reading == Reading::Sentences {
            push_markdown(self.0, &text.value);
        }
    }

    fn plain(&mut self, text: &'a str) {
        push_markdown(self.0, text);
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
