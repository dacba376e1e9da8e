//! `type: timeline`: healing stages in order, each with its window, what happens and
//! what is normal.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{
    Checks, Image, ImageContext, PlanWindow, Prose, Reading, RenderCx, SectionKind, Walker, section,
};
use crate::duration::Window;

section!(
    /// `type: timeline`.
    TimelineSection {
        /// The stages in order.
        stages: Vec<Stage>,
    }
);

/// One healing stage.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// The stage's name ("Right after").
    pub label: String,
    /// When it happens.
    #[serde(default)]
    pub when: Option<Spanned<Window>>,
    /// What happens.
    #[serde(default)]
    pub body: Option<Prose>,
    /// What is normal at this stage.
    #[serde(default)]
    pub expect: Vec<Prose>,
    /// A picture.
    #[serde(default)]
    pub image: Option<Spanned<Image>>,
}

/// `timeline`: `stages`.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineContext {
    /// The stages.
    pub stages: Vec<StageContext>,
}

/// A timeline stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageContext {
    /// The stage's name.
    pub label: String,
    /// The window in words ("First 3 days"), if written.
    pub when: Option<String>,
    /// Whether the label only repeats the window's words ("The first hours" under
    /// "First 4 hours"); themes then show the window alone.
    pub label_repeats: bool,
    /// The window in minutes after the treatment, when it has dates (personal plan).
    pub window: Option<PlanWindow>,
    /// Rendered body.
    pub body: Option<String>,
    /// What is normal, each rendered.
    pub expect: Vec<String>,
    /// A picture.
    pub image: Option<ImageContext>,
}

impl SectionKind for TimelineSection {
    type Context = TimelineContext;

    fn check(&self, checks: &mut Checks<'_>) {
        for stage in &self.stages {
            checks.window(stage.when.as_ref());
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for stage in &self.stages {
            if let Some(body) = &stage.body {
                w.prose(body, Reading::Sentences);
            }
            for expect in &stage.expect {
                w.prose(expect, Reading::Short);
            }
            if let Some(image) = &stage.image {
                w.image(image);
            }
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> TimelineContext {
        TimelineContext {
            stages: self
                .stages
                .iter()
                .map(|st| {
                    let when = st
                        .when
                        .as_ref()
                        .map(|w| cx.strings.window_heading(&w.value, cx.events, cx.label));
                    StageContext {
                        label_repeats: when.as_deref().is_some_and(|w| repeats(&st.label, w)),
                        label: st.label.clone(),
                        when,
                        window: cx.plan(st.when.as_ref()),
                        body: cx.opt_block(st.body.as_ref()),
                        expect: st.expect.iter().map(|e| cx.inline(e)).collect(),
                        image: cx.image(st.image.as_ref()),
                    }
                })
                .collect(),
        }
    }
}

/// Whether every word of `label` that carries meaning is a word of `when`: "The first
/// hours" adds nothing to "First 4 hours", "Right after your treatment" does.
fn repeats(label: &str, when: &str) -> bool {
    /// Words that say nothing on their own, in the languages careleaf ships.
    const SMALL: [&str; 16] = [
        "the", "a", "an", "of", "in", "on", "for", "your", "el", "la", "los", "las", "de", "del",
        "su", "sus",
    ];
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let when = words(when);
    let label: Vec<String> = words(label)
        .into_iter()
        .filter(|w| !SMALL.contains(&w.as_str()))
        .collect();
    !label.is_empty() && label.iter().all(|w| when.contains(w))
}

#[cfg(test)]
mod tests {
    use super::repeats;

    #[test]
    fn a_label_that_only_repeats_the_window_is_dropped() {
        assert!(repeats("The first hours", "First 4 hours"));
        assert!(repeats("First 3 days", "First 3 days"));
        assert!(!repeats("Right after your treatment", "First 12 hours"));
        assert!(!repeats(
            "Settling down",
            "3 to 7 days after your treatment"
        ));
        assert!(!repeats("The", "First 4 hours"));
    }
}
