//! `type: if-this-happens`: first aid, a problem, what to do, and what next.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{Image, ImageContext, Prose, Reading, RenderCx, SectionKind, Walker, section};

section!(
    /// `type: if-this-happens`: first aid.
    IfThisHappensSection {
        /// The problems, each with what to do.
        items: Vec<Spanned<FirstAid>>,
    }
);

/// One first-aid item.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirstAid {
    /// What happens ("The wound bleeds").
    pub problem: String,
    /// What to do, in Markdown.
    #[serde(rename = "do")]
    pub do_: Prose,
    /// What to do if that does not help, in Markdown.
    #[serde(default)]
    pub then: Option<Prose>,
    /// A picture.
    #[serde(default)]
    pub image: Option<Spanned<Image>>,
}

/// `if-this-happens`: `items` with `problem`, `do`, `then`.
#[derive(Debug, Clone, Serialize)]
pub struct IfThisHappensContext {
    /// The problems.
    pub items: Vec<FirstAidContext>,
}

/// A first-aid item.
#[derive(Debug, Clone, Serialize)]
pub struct FirstAidContext {
    /// The problem.
    pub problem: String,
    /// What to do, rendered (`do` in templates).
    #[serde(rename = "do")]
    pub do_: String,
    /// What next, rendered.
    pub then: Option<String>,
    /// A picture.
    pub image: Option<ImageContext>,
}

impl SectionKind for IfThisHappensSection {
    type Context = IfThisHappensContext;

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for item in &self.items {
            let item = &item.value;
            w.prose(&item.do_, Reading::Sentences);
            if let Some(then) = &item.then {
                w.prose(then, Reading::Sentences);
            }
            if let Some(image) = &item.image {
                w.image(image);
            }
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> IfThisHappensContext {
        IfThisHappensContext {
            items: self
                .items
                .iter()
                .map(|item| {
                    let item = &item.value;
                    FirstAidContext {
                        problem: item.problem.clone(),
                        do_: cx.block(&item.do_),
                        then: cx.opt_block(item.then.as_ref()),
                        image: cx.image(item.image.as_ref()),
                    }
                })
                .collect(),
        }
    }
}
