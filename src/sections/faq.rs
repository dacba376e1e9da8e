//! `type: faq`: questions and answers (also the page's `FAQPage` structured data).

use serde::{Deserialize, Serialize};

use super::{Prose, Reading, RenderCx, SectionKind, Walker, section};
use crate::markdown::plain_text;

section!(
    /// `type: faq`.
    FaqSection {
        /// The questions.
        items: Vec<Question>,
    }
);

/// One question.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question.
    pub q: String,
    /// The answer.
    pub a: Prose,
}

/// `faq`: `items` with `q` and `a`.
#[derive(Debug, Clone, Serialize)]
pub struct FaqContext {
    /// The questions.
    pub items: Vec<QuestionContext>,
}

/// A question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionContext {
    /// The question.
    pub q: String,
    /// Rendered answer.
    pub a: String,
    /// The answer as plain text (for JSON-LD).
    pub a_text: String,
}

impl SectionKind for FaqSection {
    type Context = FaqContext;

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for question in &self.items {
            w.plain(&question.q);
            w.prose(&question.a, Reading::Sentences);
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> FaqContext {
        FaqContext {
            items: self
                .items
                .iter()
                .map(|x| QuestionContext {
                    q: x.q.clone(),
                    a: cx.block(&x.a),
                    a_text: plain_text(&x.a.value),
                })
                .collect(),
        }
    }
}
