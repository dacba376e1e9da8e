//! `type: ingredients`: products and ingredients that are safe, to avoid, or to ask
//! about, each with its window; they make the ingredient index.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{
    Checks, PlanWindow, Prose, Reading, RenderCx, SectionKind, Walker, plain_advice, section,
};
use crate::anchors;
use crate::duration::Window;

section!(
    /// `type: ingredients`.
    IngredientsSection {
        /// The ingredients.
        items: Vec<Spanned<IngredientEntry>>,
    }
);

/// Whether an ingredient is fine to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fine to use in the window.
    Safe,
    /// Stay away in the window.
    Avoid,
    /// Ask the clinic first.
    Caution,
}

impl Status {
    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            Status::Safe => "safe",
            Status::Avoid => "avoid",
            Status::Caution => "caution",
        }
    }
}

/// One ingredient.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IngredientEntry {
    /// Its common name ("Retinol").
    pub name: String,
    /// Safe, avoid or caution.
    pub status: Status,
    /// When the status applies.
    #[serde(default)]
    pub when: Option<Spanned<Window>>,
    /// Why, or how to use it.
    #[serde(default)]
    pub note: Option<Prose>,
}

/// `ingredients`: `items`.
#[derive(Debug, Clone, Serialize)]
pub struct IngredientsContext {
    /// The ingredients.
    pub items: Vec<IngredientContext>,
}

/// An ingredient.
#[derive(Debug, Clone, Serialize)]
pub struct IngredientContext {
    /// Its name.
    pub name: String,
    /// Its anchor in the ingredient index.
    pub id: String,
    /// Its row's anchor on the guide page (`ingredient-retinol`).
    pub anchor: String,
    /// `safe`, `avoid` or `caution`.
    pub status: Status,
    /// The status in words ("Ask us first").
    pub status_label: String,
    /// Status and window in plain words ("Avoid for 7 days after treatment").
    pub advice: String,
    /// The window in words, if any.
    pub when: Option<String>,
    /// The window in minutes after the treatment, when it has dates (personal plan).
    pub window: Option<PlanWindow>,
    /// Rendered note.
    pub note: Option<String>,
}

impl SectionKind for IngredientsSection {
    type Context = IngredientsContext;

    fn check(&self, checks: &mut Checks<'_>) {
        for item in &self.items {
            checks.window(item.value.when.as_ref());
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for note in self.items.iter().filter_map(|i| i.value.note.as_ref()) {
            w.prose(note, Reading::Short);
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> IngredientsContext {
        let items = self
            .items
            .iter()
            .map(|item| {
                let item = &item.value;
                let status = item.status;
                let key = format!("status_{}", status.name());
                let status_label = cx.strings.get(&key).to_owned();
                let id = anchors::slugify(&item.name);
                IngredientContext {
                    name: item.name.clone(),
                    anchor: anchors::ingredient(&id),
                    id,
                    status,
                    advice: plain_advice(
                        cx.strings,
                        &status_label,
                        item.when.as_ref().map(|w| &w.value),
                        cx.events,
                        cx.label,
                    ),
                    status_label,
                    when: cx.phrase(item.when.as_ref()),
                    window: cx.plan(item.when.as_ref()),
                    note: item.note.as_ref().map(|n| cx.inline(n)),
                }
            })
            .collect();
        IngredientsContext { items }
    }
}
