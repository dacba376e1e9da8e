//! What several section types share: pictures beside items, titled items (benefits,
//! steps), windows for the personal plan, and advice put in plain words.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{Prose, RenderCx};
use crate::duration::{Events, Time, Window};
use crate::i18n::Strings;

/// A picture beside an item: `image: { src: /images/press.svg, alt: ... }`.
#[derive(Debug, Clone, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
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

/// A window in minutes after the treatment, for the personal plan's dates (DESIGN
/// §10.8): `from`, and `to` (none: from then on). Themes write them as `data-from` and
/// `data-to` attributes.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PlanWindow {
    /// Minutes after the treatment when it opens.
    pub from: u64,
    /// Minutes after the treatment when it closes.
    pub to: Option<u64>,
}

/// A written window in minutes, for the personal plan (none when it holds an event
/// with no `about`, which has no date).
pub fn plan_window(when: Option<&Spanned<Window>>, events: &Events) -> Option<PlanWindow> {
    let (from, to) = when?.value.minutes(events)?;
    Some(PlanWindow { from, to })
}

/// Advice in plain words: "Avoid for 7 days after treatment", "Safe from day 4".
pub fn plain_advice(
    strings: &Strings,
    status: &str,
    window: Option<&Window>,
    events: &Events,
) -> String {
    let Some(w) = window else {
        return status.to_owned();
    };
    match (&w.to, strings.window_phrase(w, events)) {
        (Some(Time::After(to)), Some(_)) if w.from.is_zero() => strings.fill(
            "advice_for",
            &[("status", status), ("d", &strings.duration(*to))],
        ),
        (Some(Time::Between(a, b)), Some(_)) if w.from.is_zero() => strings.fill(
            "advice_for",
            &[("status", status), ("d", &strings.range(*a, *b))],
        ),
        (_, Some(phrase)) => strings.fill("advice_when", &[("status", status), ("when", &phrase)]),
        (_, None) => status.to_owned(),
    }
}
