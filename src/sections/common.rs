//! What several section types share: pictures beside items, titled items (benefits,
//! steps), windows for the personal plan, and advice put in plain words.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{Prose, RenderCx};
use crate::duration::{Events, Time, Window};
use crate::i18n::Strings;

/// A picture beside an item: `image: { src: /images/press.svg, alt: ... }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The file, under static/ (`/images/press.svg`) or relative to the guide.
    pub src: String,
    /// What the picture shows, for people who cannot see it.
    pub alt: String,
}

/// A picture beside an item, as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct ImageContext {
    /// Its URL on the site (PDFs: its path in the typesetting world).
    pub src: String,
    /// Its alt text.
    pub alt: String,
}

/// A benefit or a step: a short heading and its explanation.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TitledItem {
    /// A short heading.
    pub title: String,
    /// The explanation.
    #[serde(default)]
    pub body: Option<Prose>,
    /// A picture (steps).
    #[serde(default)]
    pub image: Option<Spanned<Image>>,
}

/// A benefit or a step, as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct TitledContext {
    /// Heading.
    pub title: String,
    /// Rendered body.
    pub body: Option<String>,
    /// A picture.
    pub image: Option<ImageContext>,
}

impl TitledItem {
    /// Shows the body and the picture to `w`.
    pub(super) fn walk<'a>(items: &'a [TitledItem], w: &mut dyn super::Walker<'a>) {
        for item in items {
            if let Some(body) = &item.body {
                w.prose(body, super::Reading::Sentences);
            }
            if let Some(image) = &item.image {
                w.image(image);
            }
        }
    }

    /// The template data of a list of items.
    pub(super) fn contexts(items: &[TitledItem], cx: &mut RenderCx<'_>) -> Vec<TitledContext> {
        items
            .iter()
            .map(|x| TitledContext {
                title: x.title.clone(),
                body: cx.opt_block(x.body.as_ref()),
                image: cx.image(x.image.as_ref()),
            })
            .collect()
    }
}

/// A window in minutes from the day the guide counts from, for the personal plan's
/// dates (DESIGN §10.8, §11.6): `from`, and `to` (none: from then on), negative before
/// the day; `at`, a time of day ("18:00") when the window is one moment of a day.
/// Themes write them as `data-from`, `data-to` and `data-at` attributes.
#[derive(Debug, Clone, Serialize)]
pub struct PlanWindow {
    /// Minutes from the day when it opens.
    pub from: i64,
    /// Minutes from the day when it closes.
    pub to: Option<i64>,
    /// The time of day of a moment (`at:`), 24-hour `HH:MM`.
    pub at: Option<String>,
    /// One day (`on:`), with or without a time of day.
    pub day: bool,
}

/// A written window in minutes, for the personal plan (none when it holds an event
/// with no `about`, which has no date).
pub fn plan_window(when: Option<&Spanned<Window>>, events: &Events) -> Option<PlanWindow> {
    let w = &when?.value;
    let (from, to) = w.minutes(events)?;
    let day = w.on.is_some();
    Some(PlanWindow {
        from,
        // One day is shown as that day, not as a span.
        to: to.filter(|_| !day),
        at: w.at.map(|c| c.to_string()),
        day,
    })
}

/// Advice in plain words: "Avoid for 7 days after your injury", "Safe from 3 days
/// after your treatment"; `label` is what the guide's times count from.
pub fn plain_advice(
    strings: &Strings,
    status: &str,
    window: Option<&Window>,
    events: &Events,
    label: &str,
) -> String {
    let Some(w) = window else {
        return status.to_owned();
    };
    let day = w.on.is_some();
    match (&w.to, strings.window_phrase(w, events, label)) {
        (Some(Time::After(to)), Some(_)) if w.from.is_zero() && !day => strings.fill(
            "advice_for",
            &[
                ("status", status),
                ("d", &strings.duration(*to)),
                ("l", label),
            ],
        ),
        (Some(Time::Between(a, b)), Some(_)) if w.from.is_zero() && !day => strings.fill(
            "advice_for",
            &[
                ("status", status),
                ("d", &strings.range(*a, *b)),
                ("l", label),
            ],
        ),
        (_, Some(phrase)) => strings.fill("advice_when", &[("status", status), ("when", &phrase)]),
        (_, None) => status.to_owned(),
    }
}
