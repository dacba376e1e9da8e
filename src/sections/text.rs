//! `type: text`: free Markdown under a heading.

use serde::Serialize;

use super::{Prose, Reading, RenderCx, SectionKind, Walker, section};

section!(
    /// `type: text`: free Markdown.
    TextSection {
        /// The text.
        body: Prose,
    }
);

/// `text`: `body` is rendered Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct TextContext {
    /// Rendered body.
    pub body: String,
}

impl SectionKind for TextSection {
    type Context = TextContext;

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        w.prose(&self.body, Reading::Sentences);
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> TextContext {
        TextContext {
            body: cx.block(&self.body),
        }
    }
}
