//! `type: tips`: do and avoid advice, each with its window, grouped by topic when the
//! tips have topics; a tip may name an ingredient for the ingredient index.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{
    Checks, PlanWindow, Prose, Reading, RenderCx, SectionKind, Walker, plain_advice, section,
};
use crate::anchors;
use crate::duration::Window;
use crate::markdown::plain_text;

section!(
    /// `type: tips`.
    TipsSection {
        /// The advice.
        items: Vec<Spanned<TipEntry>>,
    }
);

/// One tip as written: exactly one of `do` and `avoid`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TipEntry {
    /// Advice to follow.
    #[serde(default, rename = "do")]
    pub do_: Option<Prose>,
    /// Advice to stay away from something.
    #[serde(default)]
    pub avoid: Option<Prose>,
    /// When the advice applies.
    #[serde(default)]
    pub when: Option<Spanned<Window>>,
    /// Why.
    #[serde(default)]
    pub why: Option<Prose>,
    /// The ingredient the tip is about, for the ingredient index.
    #[serde(default)]
    pub ingredient: Option<Spanned<String>>,
    /// The topic the tip is grouped under ("Rinsing", "Pain").
    #[serde(default)]
    pub topic: Option<String>,
}

/// Whether a tip says to do something or to stay away from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Advice {
    /// `do:`
    Do,
    /// `avoid:`
    Avoid,
}

impl Advice {
    /// The name as written (`do`, `avoid`).
    pub fn name(self) -> &'static str {
        match self {
            Advice::Do => "do",
            Advice::Avoid => "avoid",
        }
    }
}

/// `tips`: `items` in page order, and the same split into `do_items` and `avoid_items`.
#[derive(Debug, Clone, Serialize)]
pub struct TipsContext {
    /// All tips.
    pub items: Vec<TipContext>,
    /// Tips with `do:`.
    pub do_items: Vec<TipContext>,
    /// Tips with `avoid:`.
    pub avoid_items: Vec<TipContext>,
    /// The tips by `topic:` (first-appearance order); empty when no tip has one.
    pub topics: Vec<TipTopicContext>,
}

/// A tip.
#[derive(Debug, Clone, Serialize)]
pub struct TipContext {
    /// `do` or `avoid`.
    pub advice: Advice,
    /// Rendered advice.
    pub text: String,
    /// The advice as plain text (for calendar entries and attributes).
    pub plain: String,
    /// The window in words ("for 24 hours"), if any.
    pub when: Option<String>,
    /// The window in minutes after the treatment, when it has dates (personal plan).
    pub window: Option<PlanWindow>,
    /// Rendered reason.
    pub why: Option<String>,
    /// The ingredient it is about.
    pub ingredient: Option<String>,
    /// That ingredient's anchor in the ingredient index.
    pub ingredient_id: Option<String>,
    /// The tip as advice about the ingredient ("Avoid for 24 hours after treatment").
    pub ingredient_advice: Option<String>,
}

/// Tips on one topic.
#[derive(Debug, Clone, Serialize)]
pub struct TipTopicContext {
    /// The topic ("Rinsing"); empty for tips without one.
    pub topic: String,
    /// Tips with `do:`.
    pub do_items: Vec<TipContext>,
    /// Tips with `avoid:`.
    pub avoid_items: Vec<TipContext>,
}

impl SectionKind for TipsSection {
    type Context = TipsContext;

    fn check(&self, checks: &mut Checks<'_>) {
        for tip in &self.items {
            match (&tip.value.do_, &tip.value.avoid) {
                (Some(_), Some(_)) => checks.error(
                    tip,
                    "a tip has both `do:` and `avoid:`",
                    "split it into two tips",
                ),
                (None, None) => checks.error(
                    tip,
                    "a tip needs `do:` or `avoid:`",
                    "write `- do: ...` or `- avoid: ...`",
                ),
                _ => {}
            }
            checks.window(tip.value.when.as_ref());
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for tip in &self.items {
            let tip = &tip.value;
            for part in [&tip.do_, &tip.avoid, &tip.why].into_iter().flatten() {
                w.prose(part, Reading::Sentences);
            }
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> TipsContext {
        let items: Vec<TipContext> = self
            .items
            .iter()
            .map(|tip| tip_context(&tip.value, cx))
            .collect();
        let topics = if self.items.iter().any(|tip| tip.value.topic.is_some()) {
            by_topic(&self.items, &items)
        } else {
            Vec::new()
        };
        TipsContext {
            topics,
            do_items: items
                .iter()
                .filter(|t| t.advice == Advice::Do)
                .cloned()
                .collect(),
            avoid_items: items
                .iter()
                .filter(|t| t.advice == Advice::Avoid)
                .cloned()
                .collect(),
            items,
        }
    }
}

fn tip_context(tip: &TipEntry, cx: &mut RenderCx<'_>) -> TipContext {
    let (advice, text) = match (&tip.do_, &tip.avoid) {
        (Some(d), _) => (Advice::Do, Some(d)),
        (None, Some(a)) => (Advice::Avoid, Some(a)),
        // Reported as an error while loading; the page is never written.
        (None, None) => (Advice::Do, None),
    };
    TipContext {
        advice,
        text: text.map(|t| cx.inline(t)).unwrap_or_default(),
        plain: text.map(|t| plain_text(&t.value)).unwrap_or_default(),
        when: cx.phrase(tip.when.as_ref()),
        window: cx.plan(tip.when.as_ref()),
        why: tip.why.as_ref().map(|w| cx.inline(w)),
        ingredient: tip.ingredient.as_ref().map(|i| i.value.clone()),
        ingredient_id: tip.ingredient.as_ref().map(|i| anchors::slugify(&i.value)),
        ingredient_advice: tip.ingredient.as_ref().map(|_| {
            plain_advice(
                cx.strings,
                cx.strings.get(&format!("advice_{}", advice.name())),
                tip.when.as_ref().map(|w| &w.value),
                cx.events,
                cx.label,
            )
        }),
    }
}

/// The tips grouped by topic, in the order topics first appear.
fn by_topic(tips: &[Spanned<TipEntry>], contexts: &[TipContext]) -> Vec<TipTopicContext> {
    let mut topics: Vec<TipTopicContext> = Vec::new();
    for (tip, ctx) in tips.iter().zip(contexts) {
        let topic = tip.value.topic.clone().unwrap_or_default();
        let at = match topics.iter().position(|g| g.topic == topic) {
            Some(at) => at,
            None => {
                topics.push(TipTopicContext {
                    topic,
                    do_items: Vec::new(),
                    avoid_items: Vec::new(),
                });
                topics.len() - 1
            }
        };
        let group = &mut topics[at];
        if ctx.advice == Advice::Do {
            group.do_items.push(ctx.clone());
        } else {
            group.avoid_items.push(ctx.clone());
        }
    }
    topics
}
