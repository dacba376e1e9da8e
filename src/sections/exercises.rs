//! `type: exercises` (DESIGN §11.4): exercises with sets, repetitions, holds, rest,
//! how often, when to start and stop, a picture, how to do them and when to stop; the
//! handout adds a tick log, one column a day.

use std::fmt;

use crate::yaml::Spanned;
use serde::{Deserialize, Deserializer, Serialize};

use super::{
    Checks, Image, ImageContext, PlanWindow, Prose, Reading, RenderCx, SectionKind, Walker, section,
};
use crate::duration::{Time, Window};

section!(
    /// `type: exercises`.
    ExercisesSection {
        /// The exercises, in the order to do them.
        items: Vec<Spanned<Exercise>>,
        /// Days in the handout's tick log (none: no log).
        #[serde(default)]
        log_days: Option<Spanned<u32>>,
    }
);

/// The longest tick log: a month of columns still fits a page across.
const MAX_LOG_DAYS: u32 = 31;

/// One exercise.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Its name ("Heel raises").
    pub name: Spanned<String>,
    /// A picture of it.
    #[serde(default)]
    pub image: Option<Spanned<Image>>,
    /// How many sets.
    #[serde(default)]
    pub sets: Option<Spanned<u32>>,
    /// How many times in a set.
    #[serde(default)]
    pub reps: Option<Spanned<u32>>,
    /// How long to hold (`30s`, `1min`).
    #[serde(default)]
    pub hold: Option<Seconds>,
    /// How long to rest between sets.
    #[serde(default)]
    pub rest: Option<Seconds>,
    /// How often: free text ("3 times a day") or a time (`8h`: every 8 hours).
    #[serde(default)]
    pub every: Option<String>,
    /// When to start (and stop).
    #[serde(default)]
    pub when: Option<Spanned<Window>>,
    /// How to do it, in Markdown.
    #[serde(default)]
    pub how: Option<Prose>,
    /// When to stop, in Markdown ("It causes sharp pain").
    #[serde(default)]
    pub stop_if: Option<Prose>,
}

/// A short time in seconds, for holds and rests: `30s`, `30 seconds`, `1min`, `2 minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u32);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.0)
    }
}

impl std::str::FromStr for Seconds {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (digits, unit) = t.split_at(split);
        let refuse = || {
            crate::yaml::with_hint(
                format!("`{t}` is not a time to hold or rest"),
                "write seconds or minutes: `30s`, `30 seconds`, `1min`, `2 minutes`",
            )
        };
        let n: u32 = digits.parse().map_err(|_| refuse())?;
        let per = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "min" | "mins" | "minute" | "minutes" => 60,
            _ => return Err(refuse()),
        };
        match n.checked_mul(per) {
            Some(s) if s > 0 && s <= 3600 => Ok(Seconds(s)),
            _ => Err(crate::yaml::with_hint(
                format!("`{t}` is not a time to hold or rest"),
                "holds and rests last from one second to an hour",
            )),
        }
    }
}

impl schemars::JsonSchema for Seconds {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Seconds".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let units = [
            "seconds", "second", "secs", "sec", "s", "minutes", "minute", "mins", "min",
        ]
        .map(crate::yaml::any_case)
        .join("|");
        crate::yaml::text_schema(
            "A hold or a rest, from one second to an hour: `30s`, `30 seconds`, `1min`, `2 minutes`.",
            &format!("^\\s*[0-9]+\\s*(?:{units})\\s*$"),
            "Not a hold or a rest: write seconds or minutes, like 30s, 30 seconds, 1min or 2 minutes.",
        )
    }
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = crate::duration::Words::deserialize(deserializer)?;
        text.0.parse().map_err(serde::de::Error::custom)
    }
}

/// `exercises`: `items`, and the tick log's days.
#[derive(Debug, Clone, Serialize)]
pub struct ExercisesContext {
    /// The exercises.
    pub items: Vec<ExerciseContext>,
    /// The tick log's column headings ("Day 1" ... "Day 7"); empty: no log.
    pub log_days: Vec<String>,
}

/// An exercise, as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseContext {
    /// Its name.
    pub name: String,
    /// A picture.
    pub image: Option<ImageContext>,
    /// How many sets.
    pub sets: Option<u32>,
    /// How many times in a set.
    pub reps: Option<u32>,
    /// The whole amount in words: "3 sets of 10", "Hold for 30 seconds".
    pub amount: Option<String>,
    /// "Rest 30 seconds between sets".
    pub rest: Option<String>,
    /// How often, in words.
    pub every: Option<String>,
    /// When to start (and stop), in words.
    pub when: Option<String>,
    /// The window for the personal plan.
    pub window: Option<PlanWindow>,
    /// How to do it, rendered.
    pub how: Option<String>,
    /// When to stop, rendered.
    pub stop_if: Option<String>,
}

impl SectionKind for ExercisesSection {
    type Context = ExercisesContext;

    fn check(&self, checks: &mut Checks<'_>) {
        if self.items.is_empty() {
            checks.error_here(
                "the exercises section has no exercises",
                "add `items:` with at least one exercise, like `- name: Heel raises`",
            );
        }
        if let Some(days) = &self.log_days
            && !(1..=MAX_LOG_DAYS).contains(&days.value)
        {
            checks.error(
                days,
                format!("`log_days: {}` is not a number of days to tick", days.value),
                format!("write from 1 to {MAX_LOG_DAYS}, for example `log_days: 7` for a week"),
            );
        }
        for item in &self.items {
            let x = &item.value;
            checks.window(x.when.as_ref());
            if x.name.value.trim().is_empty() {
                checks.error(
                    &x.name,
                    "an exercise has an empty `name`",
                    "name the exercise, like `Heel raises`",
                );
            }
            for n in [&x.sets, &x.reps].into_iter().flatten() {
                if n.value == 0 {
                    checks.error(
                        n,
                        "`0` is not a number of sets or repetitions",
                        "write how many, like `sets: 3` and `reps: 10`, or leave it out",
                    );
                }
            }
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for item in &self.items {
            let x = &item.value;
            if let Some(how) = &x.how {
                w.prose(how, Reading::Sentences);
            }
            if let Some(stop) = &x.stop_if {
                w.prose(stop, Reading::Sentences);
            }
            if let Some(image) = &x.image {
                w.image(image);
            }
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> ExercisesContext {
        let items = self
            .items
            .iter()
            .map(|item| exercise(&item.value, cx))
            .collect();
        ExercisesContext {
            items,
            log_days: (1..=self
                .log_days
                .as_ref()
                .map_or(0, |d| d.value.min(MAX_LOG_DAYS)))
                .map(|n| cx.strings.fill("log_day", &[("n", &n.to_string())]))
                .collect(),
        }
    }
}

/// "30 seconds", "1 minute", "1 minute 30 seconds".
fn seconds(s: Seconds, cx: &RenderCx<'_>) -> String {
    let (m, sec) = (s.0 / 60, s.0 % 60);
    let part = |n: u32, unit: &str| {
        let key = format!("unit_{unit}_{}", if n == 1 { "one" } else { "other" });
        format!("{n} {}", cx.strings.get(&key))
    };
    match (m, sec) {
        (0, s) => part(s, "second"),
        (m, 0) => part(m, "minute"),
        (m, s) => format!("{} {}", part(m, "minute"), part(s, "second")),
    }
}

fn exercise(x: &Exercise, cx: &mut RenderCx<'_>) -> ExerciseContext {
    let strings = cx.strings;
    let sets = x.sets.as_ref().map(|s| s.value);
    let reps = x.reps.as_ref().map(|r| r.value);
    let hold = x
        .hold
        .map(|h| strings.fill("exercise_hold", &[("d", &seconds(h, cx))]));
    let count = match (sets, reps) {
        (Some(s), Some(r)) => Some(strings.fill(
            "exercise_sets_reps",
            &[("sets", &s.to_string()), ("reps", &r.to_string())],
        )),
        (Some(s), None) => Some(strings.fill("exercise_sets", &[("sets", &s.to_string())])),
        (None, Some(r)) => Some(strings.fill("exercise_reps", &[("reps", &r.to_string())])),
        (None, None) => None,
    };
    let amount = match (count, hold) {
        (Some(c), Some(h)) => Some(strings.fill("exercise_and", &[("a", &c), ("b", &h)])),
        (c, h) => c.or(h),
    }
    .map(|a| crate::i18n::capitalize(&a));
    let every = x.every.as_ref().map(|e| match e.parse::<Time>() {
        Ok(Time::After(d)) => strings.fill("medicine_every", &[("d", &strings.duration(d))]),
        Ok(Time::Between(a, b)) => strings.fill("medicine_every", &[("d", &strings.range(a, b))]),
        _ => e.clone(),
    });
    ExerciseContext {
        name: x.name.value.clone(),
        image: cx.image(x.image.as_ref()),
        sets,
        reps,
        amount,
        rest: x
            .rest
            .map(|r| strings.fill("exercise_rest", &[("d", &seconds(r, cx))])),
        every,
        when: cx.phrase(x.when.as_ref()),
        window: cx.plan(x.when.as_ref()),
        how: cx.opt_block(x.how.as_ref()),
        stop_if: cx.opt_block(x.stop_if.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_and_rests_read_seconds_and_minutes() {
        for (text, s) in [
            ("30s", 30),
            ("30 seconds", 30),
            ("1min", 60),
            ("2 minutes", 120),
            ("1 second", 1),
        ] {
            assert_eq!(text.parse::<Seconds>().unwrap(), Seconds(s), "{text}");
        }
        for bad in ["30", "0s", "2h", "half a minute", "99999999999s"] {
            assert!(
                bad.parse::<Seconds>()
                    .unwrap_err()
                    .contains(crate::yaml::HINT_MARK),
                "{bad}"
            );
        }
    }
}
