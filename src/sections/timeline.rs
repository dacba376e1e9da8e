//! `type: timeline`: healing stages in order, each with its window, what happens and
//! what is normal.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

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
#[derive(Debug, Clone, Deserialize)]
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
    /// The window in words ("Days 4 to 7"), if written.
    pub when: Option<String>,
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
                .map(|st| StageContext {
                    label: st.label.clone(),
                    when: st
                        .when
                        .as_ref()
                        .map(|w| cx.strings.window_heading(&w.value, cx.events, cx.label)),
                    window: cx.plan(st.when.as_ref()),
                    body: cx.opt_block(st.body.as_ref()),
                    expect: st.expect.iter().map(|e| cx.inline(e)).collect(),
                    image: cx.image(st.image.as_ref()),
                })
                .collect(),
        }
    }
}
