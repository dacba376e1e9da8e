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
    /// "Call the clinic if...", or boxes by urgency, each with its own contact.
    WarningSigns,
    /// Medicines to take, avoid, or ask about.
    Medications,
    /// First aid: a problem, what to do, and what next.
    IfThisHappens,
    /// Questions and answers.
    Faq,
    /// Sources.
    References,
}

impl SectionType {
    /// Every section type, in the order the docs list them.
    pub const ALL: [SectionType; 12] = [
        SectionType::Text,
        SectionType::Benefits,
        SectionType::Comparison,
        SectionType::Steps,
        SectionType::Timeline,
        SectionType::Tips,
        SectionType::Ingredients,
        SectionType::WarningSigns,
        SectionType::Medications,
        SectionType::IfThisHappens,
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
            SectionType::Medications => "medications",
            SectionType::IfThisHappens => "if-this-happens",
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
    /// `type: warning-signs`: `items` (call the clinic) or `groups` by urgency.
    WarningSignsSection {
        /// Each sign, in Markdown, under "Call us if" and the clinic's numbers.
        #[serde(default)]
        items: Vec<Prose>,
        /// Boxes by urgency, each with its own contact.
        #[serde(default)]
        groups: Vec<Spanned<SignGroup>>,
    }
);
section!(
    /// `type: medications`.
    MedicationsSection { /// The medicines.
    items: Vec<Spanned<Medication>> }
);
section!(
    /// `type: if-this-happens`: first aid.
    IfThisHappensSection { /// The problems, each with what to do.
    items: Vec<Spanned<FirstAid>> }
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
    /// A picture (steps).
    #[serde(default)]
    pub image: Option<Spanned<Image>>,
}

/// A picture beside an item: `image: { src: /images/press.svg, alt: ... }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The file, under static/ (`/images/press.svg`) or relative to the guide.
    pub src: String,
    /// What the picture shows, for people who cannot see it.
    pub alt: String,
}

/// How urgent a group of warning signs is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Call an ambulance or go to the emergency department (red).
    Emergency,
    /// Call the same day (amber).
    Urgent,
    /// Get in touch soon (neutral).
    Soon,
}

impl Level {
    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            Level::Emergency => "emergency",
            Level::Urgent => "urgent",
            Level::Soon => "soon",
        }
    }
}

/// One name or a list of names from `contacts:` (`contact: gp` or `contact: [clinic,
/// after-hours]`).
#[derive(Debug, Clone, Default)]
pub struct ContactNames(pub Vec<String>);

impl<'de> Deserialize<'de> for ContactNames {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ContactNames;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a contact's name, or a list of names, from `contacts:` in careleaf.yaml",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ContactNames, E> {
                Ok(ContactNames(vec![v.to_owned()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ContactNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(ContactNames(names))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A box of warning signs with one urgency and its own contact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignGroup {
    /// emergency, urgent or soon.
    pub level: Level,
    /// Who to contact; default: the clinic and its after-hours line.
    #[serde(default)]
    pub contact: Option<Spanned<ContactNames>>,
    /// The box's heading; default per level from the strings.
    #[serde(default)]
    pub title: Option<String>,
    /// When these signs matter.
    #[serde(default)]
    pub when: Option<Spanned<Window>>,
    /// The signs, in Markdown.
    pub items: Vec<Prose>,
}

/// Whether to take a medicine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MedicineUse {
    /// Take it.
    Take,
    /// Do not take it.
    Avoid,
    /// Ask us first.
    Ask,
}

impl MedicineUse {
    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            MedicineUse::Take => "take",
            MedicineUse::Avoid => "avoid",
            MedicineUse::Ask => "ask",
        }
    }
}

/// One medicine.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Medication {
    /// Its name ("Paracetamol", "Prescribed eye drops").
    pub name: String,
    /// take, avoid or ask.
    #[serde(rename = "use")]
    pub use_: MedicineUse,
    /// How much ("1 g (two 500 mg tablets)").
    #[serde(default)]
    pub dose: Option<String>,
    /// How often, as a duration (`6h`: every 6 hours).
    #[serde(default)]
    pub every: Option<Spanned<super::duration::Duration>>,
    /// How often, in words ("4 times a day").
    #[serde(default)]
    pub schedule: Option<String>,
    /// For how long.
    #[serde(default)]
    pub when: Option<Spanned<Window>>,
    /// A note, in Markdown.
    #[serde(default)]
    pub note: Option<Prose>,
}

/// One first-aid item.
#[derive(Debug, Clone, Deserialize)]
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
    /// A picture.
    #[serde(default)]
    pub image: Option<Spanned<Image>>,
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
    /// The topic the tip is grouped under ("Rinsing", "Pain").
    #[serde(default)]
    pub topic: Option<String>,
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
    /// `medications`
    Medications(MedicationsSection),
    /// `if-this-happens`
    IfThisHappens(IfThisHappensSection),
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
            Section::Medications($s) => $body,
            Section::IfThisHappens($s) => $body,
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
            Section::Medications(_) => SectionType::Medications,
            Section::IfThisHappens(_) => SectionType::IfThisHappens,
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
