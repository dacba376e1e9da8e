//! `type: benefits`: what the treatment does for the patient, each with a heading.

use serde::Serialize;

use super::{RenderCx, SectionKind, TitledContext, TitledItem, Walker, section};

section!(
    /// `type: benefits`.
    BenefitsSection {
        /// The benefits.
        items: Vec<TitledItem>,
    }
);

/// `benefits`: `items` with `title` and `body`.
#[derive(Debug, Clone, Serialize)]
pub struct BenefitsContext {
    /// The benefits.
    pub items: Vec<TitledContext>,
}

impl SectionKind for BenefitsSection {
    type Context = BenefitsContext;

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        TitledItem::walk(&self.items, w);
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> BenefitsContext {
        BenefitsContext {
            items: TitledItem::contexts(&self.items, cx),
        }
    }
}
