//! Guide sections (DESIGN §4.2, §10.3): one module per section type, each owning its
//! schema, its checks, the one walk over its Markdown fields and its template data.
//!
//! The list of section types is written once, in [`section_types!`] below. Adding a
//! type is a new module here (its struct, [`SectionKind`] impl and context), one line
//! in that list, and its templates (docs/architecture.md walks through it).

mod common;
mod read;

pub use read::{errors_in_each_section, section_lines};

pub mod action_plan;
pub mod benefits;
pub mod comparison;
pub mod exercises;
pub mod faq;
pub mod if_this_happens;
pub mod ingredients;
pub mod medications;
pub mod references;
pub mod steps;
pub mod text;
pub mod timeline;
pub mod tips;
pub mod warning_signs;

use std::path::Path;

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::duration::{Events, Window};
use crate::i18n::Strings;

pub use common::{
    Image, ImageContext, PlanWindow, TitledContext, TitledItem, plain_advice, plan_window,
};

/// A Markdown field, with the place it was written so link errors point there.
pub type Prose = Spanned<String>;

/// How the reading-level check reads a Markdown field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Sentences a patient reads in a row: counted.
    Sentences,
    /// Table cells, short notes and citations: left out of the reading level.
    Short,
}

/// What a section shows its fields to: every Markdown field (links, images and unsafe
/// URLs are checked in each; the reading level counts the [`Reading::Sentences`]
/// ones), plain text read as sentences, pictures and web addresses.
pub trait Walker<'a> {
    /// A Markdown field.
    fn prose(&mut self, text: &'a Prose, reading: Reading);
    /// Plain text that readers read as a sentence (a question).
    fn plain(&mut self, _text: &'a str) {}
    /// A picture beside an item.
    fn image(&mut self, _image: &'a Spanned<Image>) {}
    /// A web address or `@/` link written as a field (a reference's `url`).
    fn link(&mut self, _url: &'a Spanned<String>) {}
}

/// The checks of one section as it is read: where problems go, and what they need.
pub struct Checks<'a> {
    /// The guide's file.
    pub source: &'a Path,
    /// The guide's named events (for windows).
    pub events: &'a Events,
    /// Whether the guide's times count from a day (not `counted_from: none`).
    pub dated: bool,
    /// Set when the section has a time (`when:`), so the guide gets a personal plan.
    pub timed: &'a mut bool,
    /// Where the section starts (line, column).
    pub at: (u32, u32),
    /// The problems found so far.
    pub problems: &'a mut Vec<Diagnostic>,
}

impl Checks<'_> {
    /// An error at a value's place.
    pub fn error<T>(
        &mut self,
        at: &Spanned<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(crate::yaml::position(at), message.into(), hint.into());
    }

    /// An error at the section's first line.
    pub fn error_here(&mut self, message: impl Into<String>, hint: impl Into<String>) {
        self.push(self.at, message.into(), hint.into());
    }

    /// An error for a window whose ends are out of order or name an unknown event.
    pub fn window(&mut self, when: Option<&Spanned<Window>>) {
        let Some(w) = when else {
            return;
        };
        *self.timed = true;
        if !self.dated {
            self.push(
                crate::yaml::position(w),
                "this guide counts from nothing (`counted_from: none`), so nothing in it can have a time (`when:`)".to_owned(),
                "remove `when:`, or give the guide a `counted_from:` such as `{ label: your colonoscopy, date: Date of your colonoscopy }`".to_owned(),
            );
        } else if let Err((message, hint)) = w.value.validate(self.events) {
            self.push(crate::yaml::position(w), message, hint);
        }
    }

    /// Errors for a course of doses (`course: [0h, 4h..6h, 8h..12h]`): times after the
    /// day counted from, in order.
    pub fn course(&mut self, course: &Spanned<Vec<crate::duration::Time>>) {
        use crate::duration::Time;
        *self.timed = true;
        if !self.dated {
            self.error(
                course,
                "this guide counts from nothing (`counted_from: none`), so a course of doses has no start",
                "remove `course:`, or give the guide a `counted_from:` such as `{ label: the first dose, date: Date of the first dose }`",
            );
            return;
        }
        if course.value.is_empty() {
            self.error(
                course,
                "`course: []` has no doses",
                "list when each dose is due, like `course: [0h, 4h..6h, 8h..12h]`",
            );
        }
        let mut last: Option<&Time> = None;
        for t in &course.value {
            if !matches!(t, Time::After(_) | Time::Between(..)) {
                self.error(
                    course,
                    format!("`{t}` in `course:` is not a time after the start"),
                    "list times after the time the guide counts from, like `course: [0h, 4h..6h, 8h..12h]`",
                );
                return;
            }
            let start = |t: &Time| match t {
                Time::After(d) | Time::Between(d, _) => d.minutes(),
                _ => 0,
            };
            if let Some(prev) = last
                && start(t) <= start(prev)
            {
                self.error(
                    course,
                    format!("the course goes back in time: `{t}` comes after `{prev}`"),
                    "list the doses in the order they are taken, each later than the one before",
                );
                return;
            }
            last = Some(t);
        }
    }

    fn push(&mut self, (line, col): (u32, u32), message: String, hint: String) {
        self.problems
            .push(Diagnostic::error(self.source, line, col, message).with_hint(hint));
    }
}

/// What rendering gives a section: its prose converted (HTML for pages, Typst markup
/// for PDFs), pictures' addresses, contacts and links resolved.
pub trait Convert {
    /// A Markdown field as blocks.
    fn block(&mut self, p: &Prose) -> String;
    /// A Markdown field inline (a lone paragraph loses its `<p>`).
    fn inline(&mut self, p: &Prose) -> String;
    /// Where a picture from static/ (`/images/press.svg`) is found.
    fn image_src(&self, src: &str) -> String;
    /// A contact of careleaf.yaml as a box of warning signs shows it.
    fn contact(&self, name: &str) -> Option<warning_signs::ContactContext>;
    /// The URL of an `@/` target (`procedures/peel.yaml#aftercare`), checked before.
    fn page_url(&self, target: &str) -> Option<String>;
    /// The guide's own contact (`contact:`), the default of its warning signs.
    fn guide_contact(&self) -> Option<&str> {
        None
    }
}

/// Everything a section's template data is made from.
pub struct RenderCx<'a> {
    /// The page's UI strings.
    pub strings: &'a Strings,
    /// The guide's named events.
    pub events: &'a Events,
    /// What the guide's times count from, in a sentence ("your colonoscopy").
    pub label: &'a str,
    /// Converts prose and resolves addresses.
    pub convert: &'a mut dyn Convert,
}

impl RenderCx<'_> {
    /// A Markdown field as blocks.
    pub fn block(&mut self, p: &Prose) -> String {
        self.convert.block(p)
    }

    /// An optional Markdown field as blocks.
    pub fn opt_block(&mut self, p: Option<&Prose>) -> Option<String> {
        p.map(|p| self.convert.block(p))
    }

    /// A Markdown field inline.
    pub fn inline(&mut self, p: &Prose) -> String {
        self.convert.inline(p)
    }

    /// A picture beside an item.
    pub fn image(&self, image: Option<&Spanned<Image>>) -> Option<ImageContext> {
        let image = &image?.value;
        Some(ImageContext {
            src: self.convert.image_src(&image.src),
            alt: image.alt.clone(),
        })
    }

    /// A window in words ("for 3 days"), if it has any.
    pub fn phrase(&self, when: Option<&Spanned<Window>>) -> Option<String> {
        when.and_then(|w| {
            self.strings
                .window_phrase(&w.value, self.events, self.label)
        })
    }

    /// A window in minutes, for the personal plan.
    pub fn plan(&self, when: Option<&Spanned<Window>>) -> Option<PlanWindow> {
        plan_window(when, self.events)
    }
}

/// What every section type does; the list in [`section_types!`] dispatches to it.
pub trait SectionKind {
    /// The type's template data (`page.sections[i]` beside `id`, `title`, `intro`).
    type Context: Serialize;

    /// The type's own checks as the guide is read (windows, required pairs).
    fn check(&self, _checks: &mut Checks<'_>) {}

    /// Shows every Markdown field, picture and address of the section to `w`, in
    /// page order. Link checks, the reading level and the render all rely on it: a
    /// field rendered but not walked fails the build's tests.
    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>);

    /// The template data.
    fn context(&self, cx: &mut RenderCx<'_>) -> Self::Context;
}

/// Defines a section struct with the keys every section shares (`id`, `title`, `intro`).
macro_rules! section {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The anchor; default: the slug of `title`, else the type name.
            #[serde(default)]
            pub id: Option<crate::yaml::Spanned<String>>,
            /// The heading; default: the theme's heading for the type.
            #[serde(default)]
            pub title: Option<String>,
            /// A short Markdown paragraph under the heading.
            #[serde(default)]
            pub intro: Option<$crate::sections::Prose>,
            $($(#[$fmeta])* pub $field: $ty),*
        }
    };
}
pub(crate) use section;

/// The list of section types: variant, YAML name, module and struct, whether the
/// handout shows it by default. Everything that enumerates the types is made here.
macro_rules! section_types {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $module:ident :: $section:ident, handout: $handout:literal;)*) => {
        /// The type names a section may have, as written after `type:`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum SectionType {
            $($(#[$doc])* $variant,)*
        }

        impl SectionType {
            /// Every section type, in the order the docs list them.
            pub const ALL: &'static [SectionType] = &[$(SectionType::$variant),*];

            /// The name as written in YAML (`warning-signs`); also the default anchor.
            pub fn name(self) -> &'static str {
                match self {
                    $(SectionType::$variant => $name,)*
                }
            }

            /// Whether a guide's handout shows sections of this type when it does not
            /// choose (`handout.sections`).
            pub fn on_handout_by_default(self) -> bool {
                match self {
                    $(SectionType::$variant => $handout,)*
                }
            }
        }

        /// A section of any type, as written.
        #[derive(Debug, Clone)]
        pub enum Section {
            $($(#[$doc])* $variant($module::$section),)*
        }

        /// The template data of each section type (`page.sections[i].type` names it).
        #[derive(Debug, Clone, Serialize)]
        #[serde(tag = "type", rename_all = "kebab-case")]
        pub enum SectionBody {
            $($(#[$doc])* $variant(<$module::$section as SectionKind>::Context),)*
        }

        impl SectionBody {
            /// The section's type.
            pub fn kind(&self) -> SectionType {
                match self {
                    $(SectionBody::$variant(_) => SectionType::$variant,)*
                }
            }
        }

        /// A section's schema: `type:` first, then the keys of that type and no others
        /// (one `if`/`then` a type, so an editor names the wrong key of the right type).
        impl schemars::JsonSchema for Section {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                "Section".into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let types = generator.subschema_for::<SectionType>();
                let mut branches = Vec::new();
                $(
                    let mut body = <$module::$section as schemars::JsonSchema>::json_schema(generator);
                    if let Some(map) = body.as_object_mut() {
                        if let Some(serde_json::Value::Object(properties)) = map.get_mut("properties") {
                            properties.insert("type".into(), serde_json::json!({ "const": $name }));
                        }
                        map.insert("required".into(), {
                            let mut required = vec![serde_json::json!("type")];
                            if let Some(serde_json::Value::Array(r)) = map.get("required") {
                                required.extend(r.iter().cloned());
                            }
                            serde_json::Value::Array(required)
                        });
                    }
                    branches.push(serde_json::json!({
                        "if": { "properties": { "type": { "const": $name } }, "required": ["type"] },
                        "then": body,
                    }));
                )*
                schemars::json_schema!({
                    "type": "object",
                    "description": "A section of the guide: `type:` first, then the keys of that type.",
                    "required": ["type"],
                    "properties": { "type": types },
                    "allOf": branches,
                })
            }
        }

        impl Section {
            /// The section's type.
            pub fn kind(&self) -> SectionType {
                match self {
                    $(Section::$variant(_) => SectionType::$variant,)*
                }
            }

            /// The `id:` as written.
            pub fn id(&self) -> Option<&Spanned<String>> {
                match self {
                    $(Section::$variant(s) => s.id.as_ref(),)*
                }
            }

            /// The `title:` as written.
            pub fn title(&self) -> Option<&str> {
                match self {
                    $(Section::$variant(s) => s.title.as_deref(),)*
                }
            }

            /// The `intro:` as written.
            pub fn intro(&self) -> Option<&Prose> {
                match self {
                    $(Section::$variant(s) => s.intro.as_ref(),)*
                }
            }

            /// The type's own checks.
            pub fn check(&self, checks: &mut Checks<'_>) {
                match self {
                    $(Section::$variant(s) => s.check(checks),)*
                }
            }

            /// Every Markdown field, picture and address, the intro last.
            pub fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
                match self {
                    $(Section::$variant(s) => s.walk(w),)*
                }
                if let Some(intro) = self.intro() {
                    w.prose(intro, Reading::Sentences);
                }
            }

            /// The template data of the type.
            pub fn body(&self, cx: &mut RenderCx<'_>) -> SectionBody {
                match self {
                    $(Section::$variant(s) => SectionBody::$variant(s.context(cx)),)*
                }
            }

            /// Reads the rest of a section's mapping, after its `type:`.
            fn read<'de, D: serde::Deserializer<'de>>(
                kind: SectionType,
                rest: D,
            ) -> Result<Section, D::Error> {
                Ok(match kind {
                    $(SectionType::$variant => Section::$variant(Deserialize::deserialize(rest)?),)*
                })
            }
        }
    };
}

section_types! {
    /// Free Markdown.
    Text = "text", text::TextSection, handout: false;
    /// What the treatment does for the patient.
    Benefits = "benefits", benefits::BenefitsSection, handout: false;
    /// Options side by side (at home, at the clinic).
    Comparison = "comparison", comparison::ComparisonSection, handout: false;
    /// Ordered steps (preparation, treatment, healing).
    Steps = "steps", steps::StepsSection, handout: false;
    /// Healing stages, each with a window.
    Timeline = "timeline", timeline::TimelineSection, handout: true;
    /// Do and avoid advice, each with a window.
    Tips = "tips", tips::TipsSection, handout: true;
    /// Ingredients that are safe, to avoid, or to ask about.
    Ingredients = "ingredients", ingredients::IngredientsSection, handout: true;
    /// "Call the clinic if...", or boxes by urgency, each with its own contact.
    WarningSigns = "warning-signs", warning_signs::WarningSignsSection, handout: true;
    /// Medicines to take, avoid, or ask about.
    Medications = "medications", medications::MedicationsSection, handout: true;
    /// First aid: a problem, what to do, and what next.
    IfThisHappens = "if-this-happens", if_this_happens::IfThisHappensSection, handout: true;
    /// Exercises with sets, repetitions and holds, and a tick log on the handout.
    Exercises = "exercises", exercises::ExercisesSection, handout: true;
    /// Green, amber and red zones: signs, what to do, whom to contact.
    ActionPlan = "action-plan", action_plan::ActionPlanSection, handout: true;
    /// Questions and answers.
    Faq = "faq", faq::FaqSection, handout: false;
    /// Sources.
    References = "references", references::ReferencesSection, handout: false;
}

impl SectionType {
    /// Looks a type up by its YAML name.
    pub fn from_name(name: &str) -> Option<SectionType> {
        Self::ALL.iter().copied().find(|t| t.name() == name)
    }
}
