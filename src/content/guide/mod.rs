//! Structured guides: the typed sections of DESIGN §4.2 as they are written in YAML.
//!
//! A section is read by taking its `type:` first and handing the rest of the same
//! mapping to a `deny_unknown_fields` struct for that type, so every error keeps the
//! exact line of the offending key.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::duration::Window;

mod read;

/// A Markdown field, with the place it was written so link errors point there.
pub type Prose = Spanned<String>;

/// The type names a section may have, as written after `type:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionType {
    /// Free Markdown.
    Text,
    /// What the treatment does for the patient.
    Benefits,
    /// Options side by side (at home, at the clinic).
    Comparison,
    /// Ordered steps (preparation, treatment, healing).
    Steps,
    /// Healing stages, each with a window.
    Timeline,
    /// Do and avoid advice, each with a window.
    Tips,
    /// Ingredients that are safe, to avoid, or to ask about.
    Ingredients,
    /// "Call the clinic if..."
    WarningSigns,
    /// Questions and answers.
    Faq,
    /// Sources.
    References,
}

impl SectionType {
    /// Every section type, in the order the docs list them.
    pub const ALL: [SectionType; 10] = [
        SectionType::Text,
        SectionType::Benefits,
        SectionType::Comparison,
        SectionType::Steps,
        SectionType::Timeline,
        SectionType::Tips,
        SectionType::Ingredients,
        SectionType::WarningSigns,
        SectionType::Faq,
        SectionType::References,
    ];

    /// The name as written in YAML (`warning-signs`); also the default anchor.
    pub fn name(self) -> &'static str {
        match self {
            SectionType::Text => "text",
            SectionType::Benefits => "benefits",
            SectionType::Comparison => "comparison",
            SectionType::Steps => "steps",
            SectionType::Timeline => "timeline",
            SectionType::Tips => "tips",
            SectionType::Ingredients => "ingredients",
            SectionType::WarningSigns => "warning-signs",
            SectionType::Faq => "faq",
            SectionType::References => "references",
        }
    }

    /// Looks a type up by its YAML name.
    pub fn from_name(name: &str) -> Option<SectionType> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Defines a section struct with the keys every section shares (`id`, `title`, `intro`).
macro_rules! section {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The anchor; default: the slug of `title`, else the type name.
            #[serde(default)]
            pub id: Option<Spanned<String>>,
            /// The heading; default: the theme's heading for the type.
            #[serde(default)]
            pub title: Option<String>,
            /// A short Markdown paragraph under the heading.
            #[serde(default)]
            pub intro: Option<Prose>,
            $($(#[$fmeta])* pub $field: $ty),*
        }
    };
}

section!(
    /// `type: text`: free Markdown.
    TextSection { /// The text.
    body: Prose }
);
section!(
    /// `type: benefits`.
    BenefitsSection { /// The benefits.
    items: Vec<TitledItem> }
);
section!(
    /// `type: comparison`: options as columns, aspects as rows.
    ComparisonSection {
        /// The column headings ("At home", "At the clinic").
        options: Vec<String>,
        /// One row per aspect, one value per option.
        rows: Vec<Spanned<ComparisonRow>>,
        /// A closing remark.
        #[serde(default)]
        note: Option<Prose>,
    }
);
section!(
    /// `type: steps`.
    StepsSection { /// The steps in order.
    items: Vec<TitledItem> }
);
section!(
    /// `type: timeline`.
    TimelineSection { /// The stages in order.
    stages: Vec<Stage> }
);
section!(
    /// `type: tips`.
    TipsSection { /// The advice.
    items: Vec<Spanned<TipEntry>> }
);
section!(
    /// `type: ingredients`.
    IngredientsSection { /// The ingredients.
    items: Vec<Spanned<IngredientEntry>> }
);
section!(
    /// `type: warning-signs`.
    WarningSignsSection { /// Each sign, in Markdown.
    items: Vec<Prose> }
);
section!(
    /// `type: faq`.
    FaqSection { /// The questions.
    items: Vec<Question> }
);
section!(
    /// `type: references`.
    ReferencesSection { /// The sources.
    items: Vec<Reference> }
);

/// A benefit or a step: a short heading and its explanation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitledItem {
    /// A short heading.
    pub title: String,
    /// The explanation.
    #[serde(default)]
    pub body: Option<Prose>,
}

/// One row of a comparison.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonRow {
    /// What is compared ("Cost").
    pub aspect: String,
    /// One value per option, in the order of `options`.
    pub values: Vec<Prose>,
}

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
}

/// One tip as written: exactly one of `do` and `avoid`.
#[derive(Debug, Clone, Deserialize)]
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
}

/// Whether an ingredient is fine to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fine to use in the window.
    Safe,
    /// Stay away in the window.
    Avoid,
    /// Ask the clinic first.
    Caution,
}

/// One ingredient.
#[derive(Debug, Clone, Deserialize)]
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

/// One question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question.
    pub q: String,
    /// The answer.
    pub a: Prose,
}

/// One source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The citation.
    pub text: Prose,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// A section of any type, as written.
#[derive(Debug, Clone)]
pub enum Section {
    /// `text`
    Text(TextSection),
    /// `benefits`
    Benefits(BenefitsSection),
    /// `comparison`
    Comparison(ComparisonSection),
    /// `steps`
    Steps(StepsSection),
    /// `timeline`
    Timeline(TimelineSection),
    /// `tips`
    Tips(TipsSection),
    /// `ingredients`
    Ingredients(IngredientsSection),
    /// `warning-signs`
    WarningSigns(WarningSignsSection),
    /// `faq`
    Faq(FaqSection),
    /// `references`
    References(ReferencesSection),
}

/// Applies `$body` to the inner struct of any section variant.
macro_rules! each_section {
    ($value:expr, $s:ident => $body:expr) => {
        match $value {
            Section::Text($s) => $body,
            Section::Benefits($s) => $body,
            Section::Comparison($s) => $body,
            Section::Steps($s) => $body,
            Section::Timeline($s) => $body,
            Section::Tips($s) => $body,
            Section::Ingredients($s) => $body,
            Section::WarningSigns($s) => $body,
            Section::Faq($s) => $body,
            Section::References($s) => $body,
        }
    };
}

impl Section {
    /// The section's type.
    pub fn kind(&self) -> SectionType {
        match self {
            Section::Text(_) => SectionType::Text,
            Section::Benefits(_) => SectionType::Benefits,
            Section::Comparison(_) => SectionType::Comparison,
            Section::Steps(_) => SectionType::Steps,
            Section::Timeline(_) => SectionType::Timeline,
            Section::Tips(_) => SectionType::Tips,
            Section::Ingredients(_) => SectionType::Ingredients,
            Section::WarningSigns(_) => SectionType::WarningSigns,
            Section::Faq(_) => SectionType::Faq,
            Section::References(_) => SectionType::References,
        }
    }

    /// The `id:` as written.
    pub fn id(&self) -> Option<&Spanned<String>> {
        each_section!(self, s => s.id.as_ref())
    }

    /// The `title:` as written.
    pub fn title(&self) -> Option<&str> {
        each_section!(self, s => s.title.as_deref())
    }

    /// The `intro:` as written.
    pub fn intro(&self) -> Option<&Prose> {
        each_section!(self, s => s.intro.as_ref())
    }
}
