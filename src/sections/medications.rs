//! `type: medications`: medicines to take, avoid, or ask about, with dose, how often
//! and for how long; they make the medicines index.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{
    Checks, PlanWindow, Prose, Reading, RenderCx, SectionKind, Walker, plain_advice, section,
};
use crate::anchors;
use crate::duration::{Duration, Time, Window};

section!(
    /// `type: medications`.
    MedicationsSection {
        /// The medicines.
        items: Vec<Spanned<Medication>>,
    }
);

/// Whether to take a medicine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema, Serialize)]
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
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
    /// How often, as a duration (`6h`: every 6 hours) or a range (`4h..6h`).
    #[serde(default)]
    pub every: Option<Spanned<Time>>,
    /// The most to take ("4 doses in 24 hours"), shown beside the dose.
    #[serde(default)]
    pub max: Option<Spanned<String>>,
    /// Doses by age or weight: `[{ for: 2 to 3 months, dose: 2.5 ml }]`.
    #[serde(default)]
    pub doses: Vec<Spanned<DoseBand>>,
    /// A course of doses after the time the guide counts from: `[0h, 4h..6h, 8h..12h]`.
    #[serde(default)]
    pub course: Option<Spanned<Vec<Time>>>,
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

/// One row of a dose table: who it is for, and how much.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DoseBand {
    /// An age or weight band ("2 to 3 months", "10 to 15 kg").
    #[serde(rename = "for")]
    pub for_: String,
    /// The dose for it ("2.5 ml").
    pub dose: String,
}

/// One dose of a course, as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct CourseDose {
    /// In words: "now", "4 to 6 hours later", "8 to 12 hours after the first dose".
    pub when: String,
    /// Minutes after the time counted from (the shorter end of a range).
    pub from: i64,
    /// The longer end of a range.
    pub to: Option<i64>,
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
    /// The most to take, in words ("No more than 4 doses in 24 hours").
    pub max: Option<String>,
    /// The dose table by age or weight.
    pub doses: Vec<DoseBand>,
    /// The course of doses, in order.
    pub course: Vec<CourseDose>,
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
            if let Some(every) = &item.value.every {
                match every.value {
                    Time::After(d) if d == Duration::ZERO => checks.error(
                        every,
                        format!("`every: {}` is not a schedule", every.value),
                        "write how often, like `every: 6h`, or use `schedule:` in words",
                    ),
                    Time::After(_) | Time::Between(..) => {}
                    _ => checks.error(
                        every,
                        format!("`every: {}` is not a length of time", every.value),
                        "write how often as a time, like `every: 6h`, or a range, like `every: 4h..6h`",
                    ),
                }
            }
            if let Some(max) = &item.value.max
                && max.value.trim().is_empty()
            {
                checks.error(
                    max,
                    "`max:` is empty",
                    "write the most to take, like `max: 4 doses in 24 hours`",
                );
            }
            for band in &item.value.doses {
                if band.value.for_.trim().is_empty() || band.value.dose.trim().is_empty() {
                    checks.error(
                        band,
                        "a row of `doses:` needs both `for:` and `dose:`",
                        "write who the dose is for and how much, like `{ for: 6 months to 2 years, dose: 5 ml }`",
                    );
                }
            }
            if let Some(course) = &item.value.course {
                checks.course(course);
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
            let d = match every.value {
                Time::Between(a, b) => strings.range(a, b),
                Time::After(d) | Time::Before(d) => strings.duration(d),
                Time::Event(_) => String::new(),
            };
            Some(strings.fill("medicine_every", &[("d", &d)]))
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
        max: m
            .max
            .as_ref()
            .map(|x| strings.fill("medicine_max", &[("max", x.value.trim())])),
        doses: m.doses.iter().map(|b| b.value.clone()).collect(),
        course: m
            .course
            .as_ref()
            .map(|c| course(&c.value, cx))
            .unwrap_or_default(),
        when: cx.phrase(m.when.as_ref()),
        window: cx.plan(m.when.as_ref()),
        note: m.note.as_ref().map(|n| cx.inline(n)),
    }
}

/// A course in words and minutes: "now", "4 to 6 hours later", "8 to 12 hours after
/// the first dose" (DESIGN §11.3).
fn course(times: &[Time], cx: &RenderCx<'_>) -> Vec<CourseDose> {
    let strings = cx.strings;
    let minutes = |d: Duration| i64::try_from(d.minutes()).unwrap_or(i64::MAX);
    times
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (words, from, to) = match *t {
                Time::After(d) => (strings.duration(d), minutes(d), None),
                Time::Between(a, b) => (strings.range(a, b), minutes(a), Some(minutes(b))),
                _ => return None,
            };
            let when = match i {
                0 if t.is_zero() => strings.get("course_now").to_owned(),
                0 => strings.fill("course_first", &[("d", &words), ("l", cx.label)]),
                1 if times[0].is_zero() => strings.fill("course_later", &[("d", &words)]),
                _ if times[0].is_zero() => strings.fill("course_after_first", &[("d", &words)]),
                _ => strings.fill("course_first", &[("d", &words), ("l", cx.label)]),
            };
            Some(CourseDose { when, from, to })
        })
        .collect()
}
