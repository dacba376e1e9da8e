//! Every Markdown field of a page, in page order: what the checks read for links,
//! images and unsafe URLs. A guide's fields come from each section's one walk
//! ([`crate::sections::SectionKind::walk`]), the same the reading level and the
//! render rely on.

use std::borrow::Cow;

use super::{Body, Page};
use crate::diagnostics::Diagnostic;
use crate::sections::{Image, Prose, Reading, Walker};
use crate::yaml::Spanned;

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

/// Everything a page's link checks look at besides Markdown pages' bodies.
#[derive(Debug, Default)]
pub struct Fields<'p> {
    /// Markdown fields, in page order.
    pub prose: Vec<ProseField<'p>>,
    /// Pictures beside items (steps, stages, first aid).
    pub images: Vec<&'p Spanned<Image>>,
    /// Addresses written as fields (references' `url`).
    pub links: Vec<&'p Spanned<String>>,
}

impl<'p> Walker<'p> for Fields<'p> {
    fn prose(&mut self, text: &'p Prose, _reading: Reading) {
        self.prose.push(ProseField::of(text));
    }

    fn image(&mut self, image: &'p Spanned<Image>) {
        self.images.push(image);
    }

    fn link(&mut self, url: &'p Spanned<String>) {
        self.links.push(url);
    }
}

impl Page {
    /// Every Markdown field of the page (the body of a Markdown page; key points and
    /// every section's prose of a guide; glossary definitions), in page order, with a
    /// guide's pictures and addresses. An error when a Markdown page's text was let go
    /// and its file changed since.
    pub fn fields(&self) -> Result<Fields<'_>, Diagnostic> {
        let mut out = Fields::default();
        match &self.body {
            Body::Markdown(m) => out.prose.push(ProseField {
                text: m.text(&self.source)?,
                line: m.first_line,
            }),
            Body::Guide(g) => {
                out.prose.extend(g.takeaways.iter().map(ProseField::of));
                for s in &g.sections {
                    s.section.walk(&mut out);
                }
            }
            Body::Glossary(terms) => {
                out.prose
                    .extend(terms.iter().map(|t| ProseField::of(&t.definition)));
            }
        }
        Ok(out)
    }
}
