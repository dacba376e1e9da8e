//! The text readability is measured on: what patients read as sentences.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::guide::Section;
use crate::content::{Body, Page};
use crate::diagnostics::Diagnostic;

/// The prose of a page that readers read as sentences: not headings, code, tables of
/// ingredients, comparison tables or references. One sentence or item per line.
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
                section_prose(&s.section, &mut out);
            }
        }
    }
    Ok(out)
}

fn section_prose(section: &Section, out: &mut String) {
    let mut md = |text: &str| push_markdown(out, text);
    match section {
        Section::Text(s) => md(&s.body.value),
        Section::Benefits(crate::content::guide::BenefitsSection { items, .. })
        | Section::Steps(crate::content::guide::StepsSection { items, .. }) => {
            for b in items.iter().filter_map(|item| item.body.as_ref()) {
                md(&b.value);
            }
        }
        Section::Comparison(s) => {
            if let Some(n) = &s.note {
                md(&n.value);
            }
        }
        Section::Timeline(s) => {
            for stage in &s.stages {
                if let Some(b) = &stage.body {
                    md(&b.value);
                }
            }
        }
        Section::Tips(s) => {
            for tip in &s.items {
                for part in [&tip.value.do_, &tip.value.avoid, &tip.value.why]
                    .into_iter()
                    .flatten()
                {
                    md(&part.value);
                }
            }
        }
        Section::WarningSigns(s) => {
            for item in s
                .items
                .iter()
                .chain(s.groups.iter().flat_map(|g| &g.value.items))
            {
                md(&item.value);
            }
        }
        Section::IfThisHappens(s) => {
            for item in &s.items {
                md(&item.value.do_.value);
                if let Some(then) = &item.value.then {
                    md(&then.value);
                }
            }
        }
        Section::Faq(s) => {
            for q in &s.items {
                md(&q.q);
                md(&q.a.value);
            }
        }
        Section::Ingredients(_) | Section::Medications(_) | Section::References(_) => {}
    }
    let intro = section.intro();
    if let Some(i) = intro {
        push_markdown(out, &i.value);
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
