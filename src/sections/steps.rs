//! `type: steps`: ordered steps (preparation, treatment, healing), each with a heading and a picture.

use serde::Serialize;

use super::{RenderCx, SectionKind, TitledContext, TitledItem, Walker, section};

section!(
    /// `type: steps`.
    StepsSection {
        /// The steps in order.
        items: Vec<TitledItem>,
    }
);

/// `steps`: `items` with `title` and `body`.
#[derive(Debug, Clone, Serialize)]
pub struct StepsContext {
    /// The steps in order.
    pub items: Vec<TitledContext>,
}

impl SectionKind for StepsSection {
    type Context = StepsContext;

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        TitledItem::walk(&self.items, w);
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> StepsContext {
        StepsContext {
            items: TitledItem::contexts(&self.items, cx),
        }
    }
}
