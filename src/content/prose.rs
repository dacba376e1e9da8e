//! Every Markdown field of a page, in page order: what the checks read for links,
//! images and unsafe URLs, and what rendering converts. One walk, so a field added to
//! a section type is checked as soon as it is listed here.

use super::guide::{Prose, Section};
use std::borrow::Cow;

use super::{Body, Page};
use crate::diagnostics::Diagnostic;

/// One Markdown text of a page and the line of the file it starts on.
#[derive(Debug, Clone)]
pub struct ProseField<'p> {
    /// The Markdown.
    pub text: Cow<'p, str>,
    /// Its first line in the file.
    pub line: u32,
}

impl<'p> ProseField<'p> {
    fn of(p: &'p Prose) -> Self {
        Self {
            text: Cow::Borrowed(&p.value),
            line: p.referenced.line() as u32,
        }
    }
}

impl Page {
    /// Every Markdown field of the page (the body of a Markdown page; key points and
    /// every section's prose of a guide; glossary definitions), in page order. An error
    /// when a Markdown page's text was let go and its file changed since.
    pub fn prose_fields(&self) -> Result<Vec<ProseField<'_>>, Diagnostic> {
        let mut out = Vec::new();
        match &self.body {
            Body::Markdown(m) => out.push(ProseField {
                text: m.text(&self.source)?,
                line: m.first_line,
            }),
            Body::Guide(g) => {
                out.extend(g.takeaways.iter().map(ProseField::of));
                for s in &g.sections {
                    section_fields(&s.section, &mut out);
                }
            }
            Body::Glossary(terms) => {
                out.extend(terms.iter().map(|t| ProseField::of(&t.definition)));
            }
        }
        Ok(out)
    }
}

fn section_fields<'p>(section: &'p Section, out: &mut Vec<ProseField<'p>>) {
    let mut add = |p: &'p Prose| out.push(ProseField::of(p));
    if let Some(intro) = section.intro() {
        add(intro);
    }
    match section {
        Section::Text(t) => add(&t.body),
        Section::Benefits(s) => s.items.iter().filter_map(|i| i.body.as_ref()).for_each(add),
        Section::Steps(s) => s.items.iter().filter_map(|i| i.body.as_ref()).for_each(add),
        Section::Comparison(c) => {
            c.rows
                .iter()
                .flat_map(|r| &r.value.values)
                .for_each(&mut add);
            if let Some(n) = &c.note {
                add(n);
            }
        }
        Section::Timeline(t) => {
            for stage in &t.stages {
                if let Some(b) = &stage.body {
                    add(b);
                }
                stage.expect.iter().for_each(&mut add);
            }
        }
        Section::Tips(t) => {
            for tip in &t.items {
                // A tip shows its `do` (or else its `avoid`): having both is an error
                // of its own.
                if let Some(text) = tip.value.do_.as_ref().or(tip.value.avoid.as_ref()) {
                    add(text);
                }
                if let Some(why) = &tip.value.why {
                    add(why);
                }
            }
        }
        Section::Ingredients(s) => s
            .items
            .iter()
            .filter_map(|i| i.value.note.as_ref())
            .for_each(add),
        Section::WarningSigns(w) => w
            .items
            .iter()
            .chain(w.groups.iter().flat_map(|g| &g.value.items))
            .for_each(add),
        Section::Medications(m) => m
            .items
            .iter()
            .filter_map(|i| i.value.note.as_ref())
            .for_each(add),
        Section::IfThisHappens(f) => {
            for item in &f.items {
                add(&item.value.do_);
                if let Some(then) = &item.value.then {
                    add(then);
                }
            }
        }
        Section::Faq(f) => f.items.iter().for_each(|q| add(&q.a)),
        Section::References(r) => r.items.iter().for_each(|x| add(&x.text)),
    }
}
