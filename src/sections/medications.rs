//! `type: medications`: medicines to take, avoid, or ask about, with dose, how often
//! and for how long; they make the medicines index.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{
    Checks, PlanWindow, Prose, Reading, RenderCx, SectionKind, Walker, plain_advice, section,
};
use crate::anchors;
use crate::duration::{Duration, Window};

section!(
    /// `type: medications`.
    MedicationsSection {
        /// The medicines.
        items: Vec<Spanned<Medication>>,
    }
);

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
    pub every: Option<Spanned<Duration>>,
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

/// `medications`: `items`.
#[derive(Debug, Clone, Serialize)]
pub struct MedicationsContext {
    /// The medicines.
    pub items: Vec<MedicationContext>,
}

/// A medicine.
#[derive(Debug, Clone, Serialize)]
pub struct MedicationContext {
    /// Its name.
    pub name: String,
    /// Its anchor in the medicines index.
    pub id: String,
    /// Its row's anchor on the guide page (`medicine-paracetamol`).
    pub anchor: String,
    /// `take`, `avoid` or `ask` (`use` in templates).
    #[serde(rename = "use")]
    pub use_: MedicineUse,
    /// "Take", "Do not take", "Ask us first".
    pub use_label: String,
    /// The dose.
    pub dose: Option<String>,
    /// How often, in words ("every 6 hours", or the schedule as written).
    pub how_often: Option<String>,
    /// For how long, in words.
    pub when: Option<String>,
    /// The window in minutes after the treatment, when it has dates (personal plan).
    pub window: Option<PlanWindow>,
    /// The whole advice in one line, for the index ("Take for 3 days after treatment").
    pub advice: String,
    /// The rendered note.
    pub note: Option<String>,
}

impl SectionKind for MedicationsSection {
    type Context = MedicationsContext;

    fn check(&self, checks: &mut Checks<'_>) {
        for item in &self.items {
            checks.window(item.value.when.as_ref());
            if item.value.name.trim().is_empty() {
                checks.error(
                    item,
                    "a medicine has an empty `name`",
                    "write the medicine's name, like `Paracetamol`",
                );
            }
            if let Some(every) = &item.value.every
                && every.value == Duration::ZERO
            {
                checks.error(
                    every,
                    format!("`every: {}` is not a schedule", every.value),
                    "write how often, like `every: 6h`, or use `schedule:` in words",
                );
            }
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for note in self.items.iter().filter_map(|i| i.value.note.as_ref()) {
            w.prose(note, Reading::Short);
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> MedicationsContext {
        MedicationsContext {
            items: self
                .items
                .iter()
                .map(|m| medication(&m.value, cx))
                .collect(),
        }
    }
}

fn medication(m: &Medication, cx: &mut RenderCx<'_>) -> MedicationContext {
    let strings = cx.strings;
    let use_ = m.use_;
    let use_label = strings.get(&format!("medicine_{}", use_.name())).to_owned();
    let id = anchors::slugify(&m.name);
    let how_often = match (&m.every, &m.schedule) {
        (Some(every), _) => {
            Some(strings.fill("medicine_every", &[("d", &strings.duration(every.value))]))
        }
        (None, Some(schedule)) => Some(schedule.clone()),
        (None, None) => None,
    };
    MedicationContext {
        name: m.name.clone(),
        anchor: anchors::medicine(&id),
        id,
        use_,
        advice: plain_advice(
            strings,
            &use_label,
            m.when.as_ref().map(|w| &w.value),
            cx.events,
            cx.label,
        ),
        use_label,
        dose: m.dose.clone(),
        how_often,
        when: cx.phrase(m.when.as_ref()),
        window: cx.plan(m.when.as_ref()),
        note: m.note.as_ref().map(|n| cx.inline(n)),
    }
}
