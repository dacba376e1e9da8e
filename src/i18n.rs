//! UI strings from the theme's `i18n/LANG.yaml`, and the plain-words phrases built
//! from them: dates ("October 15, 2026") and windows ("6 to 11 days after your
//! vaccination", "at 6 pm the day before your colonoscopy"), in the units written.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::duration::{Clock, Duration, Events, Time, Unit, Window};
use crate::language::Language;
use crate::markdown::CalloutLabels;

/// Who reads a guide (DESIGN §11.2): the default headings and phrases speak to them.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// The patient themself (the default).
    #[default]
    Patient,
    /// A parent of the child who is the patient.
    Parent,
    /// Someone who looks after the patient.
    Carer,
}

impl Audience {
    /// Every audience.
    pub const ALL: [Audience; 3] = [Audience::Patient, Audience::Parent, Audience::Carer];

    /// The suffix of the strings keys written for this audience (`section_tips_parent`).
    pub fn suffix(self) -> Option<&'static str> {
        match self {
            Audience::Patient => None,
            Audience::Parent => Some("_parent"),
            Audience::Carer => Some("_carer"),
        }
    }
}

/// The UI strings of one language, with English underneath for any key it lacks.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    map: BTreeMap<String, String>,
    /// The language the strings are in (plural rules).
    language: Language,
}

impl Strings {
    /// Layers `own` over `fallback` (the theme's English strings).
    pub fn new(own: BTreeMap<String, String>, fallback: &BTreeMap<String, String>) -> Self {
        let mut map = fallback.clone();
        map.extend(own);
        Self {
            map,
            language: Language::default(),
        }
    }

    /// The strings as the strings of `language` (its plural rules).
    pub fn in_language(self, language: Language) -> Self {
        Self { language, ..self }
    }

    /// Sets strings over the theme's (careleaf.yaml `strings:`).
    pub fn set_all(&mut self, strings: impl IntoIterator<Item = (String, String)>) {
        self.map.extend(strings);
    }

    /// The strings as a guide for `audience` uses them: each `KEY_parent` (for a
    /// parent) stands for `KEY`.
    pub fn for_audience(&self, audience: Audience) -> Strings {
        let mut strings = self.clone();
        if let Some(suffix) = audience.suffix() {
            for (key, value) in &self.map {
                if let Some(base) = key.strip_suffix(suffix) {
                    strings.map.insert(base.to_owned(), value.clone());
                }
            }
        }
        strings
    }

    /// A string the theme or careleaf.yaml defines, if any.
    pub fn find(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// A string by key; the key itself when missing, so a gap shows rather than breaks.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// A string with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// All strings, for templates (`{{ t.call_us }}`).
    pub fn all(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// Callout labels for Markdown alerts.
    pub fn callout_labels(&self) -> CalloutLabels {
        CalloutLabels {
            note: self.get("callout_note").to_owned(),
            tip: self.get("callout_tip").to_owned(),
            important: self.get("callout_important").to_owned(),
            warning: self.get("callout_warning").to_owned(),
            caution: self.get("callout_caution").to_owned(),
        }
    }

    /// A date in words: "October 15, 2026" / "15 de octubre de 2026".
    pub fn date(&self, date: Date) -> String {
        let month = self
            .get("months")
            .split(',')
            .nth(usize::from(date.month().unsigned_abs()) - 1)
            .unwrap_or_default()
            .trim()
            .to_owned();
        self.fill(
            "date_format",
            &[
                ("day", &date.day().to_string()),
                ("month", &month),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// "24 hours", "1 day", "2 weeks".
    pub fn duration(&self, d: Duration) -> String {
        let unit = match d.unit {
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
        };
        let key = format!("unit_{unit}_{}", self.plural(u64::from(d.amount)));
        let name = self.get(&key);
        format!("{} {name}", d.amount)
    }

    /// The plural category of `n` in this language (CLDR, cardinal): `one` or
    /// `other` — the languages careleaf ships and their neighbours need no more.
    /// French and Portuguese count 0 and 1 as `one`; English, Spanish and most
    /// others only 1.
    fn plural(&self, n: u64) -> &'static str {
        self.language.plural(n).name()
    }

    /// `{key}_one` or `{key}_other`, by the plural category of `n`, with `{n}` filled:
    /// "1 guide", "2 guides".
    pub fn count(&self, key: &str, n: u64) -> String {
        let form = format!("{key}_{}", self.plural(n));
        let key = if self.map.contains_key(&form) {
            form
        } else {
            key.to_owned()
        };
        self.fill(&key, &[("n", &n.to_string())])
    }

    /// "24 to 48 hours" (one unit), "12 hours to 3 days" (two).
    pub fn range(&self, a: Duration, b: Duration) -> String {
        if a.unit == b.unit {
            let unit = self.duration(b);
            let unit = unit.split_once(' ').map_or("", |(_, u)| u);
            self.fill(
                "range_same_unit",
                &[
                    ("a", &a.amount.to_string()),
                    ("b", &b.amount.to_string()),
                    ("unit", unit),
                ],
            )
        } else {
            self.fill(
                "range",
                &[("a", &self.duration(a)), ("b", &self.duration(b))],
            )
        }
    }

    fn event<'e>(&self, name: &'e str, events: &'e Events) -> &'e str {
        events.get(name).map_or(name, |e| e.label.as_str())
    }

    /// A time of day as this language shows it: "6 pm", "6:30 am", "12 midday"
    /// (`clock: 12h`) or "18:00" (`clock: 24h`).
    pub fn clock(&self, c: Clock) -> String {
        if self.get("clock") != "12h" {
            return c.to_string();
        }
        match (c.hour, c.minute) {
            (12, 0) => self.get("clock_midday").to_owned(),
            (0, 0) => self.get("clock_midnight").to_owned(),
            (h, m) => {
                let (h12, half) = match h {
                    0 => (12, "clock_am"),
                    1..=11 => (h, "clock_am"),
                    12 => (12, "clock_pm"),
                    _ => (h - 12, "clock_pm"),
                };
                let time = if m == 0 {
                    h12.to_string()
                } else {
                    format!("{h12}:{m:02}")
                };
                format!("{time} {}", self.get(half))
            }
        }
    }

    /// One day from the day counted from: "the day before your colonoscopy", "on the
    /// day of your colonoscopy", "3 days after your operation".
    fn day(&self, day: i64, label: &str) -> String {
        let d = |n: i64| {
            self.duration(Duration {
                amount: u32::try_from(n.unsigned_abs()).unwrap_or(u32::MAX),
                unit: Unit::Day,
            })
        };
        match day {
            0 => self.fill("day_of", &[("l", label)]),
            -1 => self.fill("day_before", &[("l", label)]),
            1 => self.fill("day_after", &[("l", label)]),
            n if n < 0 => self.fill("days_before", &[("d", &d(n)), ("l", label)]),
            n => self.fill("days_after", &[("d", &d(n)), ("l", label)]),
        }
    }

    /// A duration after "the first": "3 days", and "week" for one (`first_one`: "the
    /// first week", not "the first 1 week").
    fn first(&self, d: Duration) -> String {
        if d.amount != 1 {
            return self.duration(d);
        }
        let whole = self.duration(d);
        let unit = whole.split_once(' ').map_or("", |(_, u)| u);
        self.fill("first_one", &[("unit", unit), ("d", &whole)])
    }

    /// A stage heading, in the units the clinic wrote: "First 24 hours", "6 to 11 days
    /// after your vaccination", "From 6 weeks after your operation", "Until your
    /// stitches are removed", "The day before your colonoscopy". `label` is what the
    /// guide's times count from ("your colonoscopy").
    pub fn window_heading(&self, w: &Window, events: &Events, label: &str) -> String {
        if w.on.is_some() {
            return capitalize(&self.window_phrase(w, events, label).unwrap_or_default());
        }
        match (&w.from, &w.to) {
            (from, None) if from.is_zero() => self.fill("window_always", &[("l", label)]),
            (from, Some(Time::After(d))) if from.is_zero() => {
                self.fill("window_first", &[("d", &self.first(*d))])
            }
            (from, Some(Time::Between(a, b))) if from.is_zero() => {
                self.fill("window_first", &[("d", &self.range(*a, *b))])
            }
            (from, Some(Time::Event(e))) if from.is_zero() => {
                self.fill("heading_until", &[("e", self.event(e, events))])
            }
            (Time::Event(e), None) => {
                self.fill("heading_after_event", &[("e", self.event(e, events))])
            }
            _ => capitalize(&self.window_phrase(w, events, label).unwrap_or_default()),
        }
    }

    /// A window after a piece of advice, in the units the clinic wrote: "for the
    /// first 3 days", "6 to 11 days after your vaccination", "from 6 weeks after your
    /// operation", "from 7 days to 1 day before your colonoscopy", "at 6 pm the day
    /// before your colonoscopy", "until your stitches are removed"; `None` when it
    /// applies all the time.
    pub fn window_phrase(&self, w: &Window, events: &Events, label: &str) -> Option<String> {
        if let Some(day) = w.day() {
            let day = self.day(day, label);
            return Some(match w.at {
                Some(at) => self.fill("phrase_at", &[("time", &self.clock(at)), ("day", &day)]),
                None => day,
            });
        }
        let l = ("l", label);
        let until = |to: &Time| match to {
            Time::After(d) => self.fill("phrase_until_time", &[("d", &self.duration(*d)), l]),
            Time::Before(d) if *d == Duration::ZERO => self.fill("phrase_until_day", &[l]),
            Time::Before(d) => self.fill("phrase_until_before", &[("d", &self.duration(*d)), l]),
            Time::Between(a, b) => self.fill("phrase_until_time", &[("d", &self.range(*a, *b)), l]),
            Time::Event(e) => self.fill("phrase_until", &[("e", self.event(e, events))]),
        };
        let start = |from: &Time| match from {
            Time::Event(e) => self.fill("phrase_after_event", &[("e", self.event(e, events))]),
            Time::Before(d) => self.fill("phrase_from_before", &[("d", &self.duration(*d)), l]),
            Time::After(d) | Time::Between(d, _) => {
                self.fill("phrase_from", &[("d", &self.duration(*d)), l])
            }
        };
        Some(match (&w.from, &w.to) {
            (from, None) if from.is_zero() => return None,
            (from, Some(Time::After(d))) if from.is_zero() => {
                self.fill("phrase_for", &[("d", &self.first(*d))])
            }
            (from, Some(Time::Between(a, b))) if from.is_zero() => {
                self.fill("phrase_for_range", &[("d", &self.range(*a, *b)), l])
            }
            (from, Some(to)) if from.is_zero() => until(to),
            (from, None) => start(from),
            (Time::After(a), Some(Time::After(b))) => {
                self.fill("phrase_between", &[("r", &self.range(*a, *b)), l])
            }
            (Time::Before(a), Some(Time::Before(b))) if !b.eq(&Duration::ZERO) => {
                // Counting down, both in full: "from 7 days to 1 day before".
                let r = self.fill(
                    "range",
                    &[("a", &self.duration(*a)), ("b", &self.duration(*b))],
                );
                self.fill("phrase_between_before", &[("r", &r), l])
            }
            (Time::Before(a), Some(to)) if to.is_zero() => {
                self.fill("phrase_before_until", &[("d", &self.duration(*a)), l])
            }
            (Time::Before(a), Some(Time::After(b))) => self.fill(
                "phrase_across",
                &[("a", &self.duration(*a)), ("b", &self.duration(*b)), l],
            ),
            (from, Some(to)) => self.fill("phrase_then", &[("a", &start(from)), ("b", &until(to))]),
        })
    }
}

/// The text with its first letter in capitals ("Until your...").
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Strings {
        let text = include_str!("../themes/default/i18n/en.yaml");
        let map: BTreeMap<String, String> = serde_saphyr::from_str(text).unwrap();
        Strings::new(BTreeMap::new(), &map)
    }

    fn events() -> Events {
        let mut ev = Events::new();
        ev.insert(
            "stitches-out".into(),
            crate::duration::Event {
                label: "your stitches are removed".into(),
                about: None,
            },
        );
        ev
    }

    const L: &str = "your treatment";

    #[test]
    fn ranges_and_events_in_plain_words() {
        let s = english();
        let ev = events();
        let phrase = |from, to| s.window_phrase(&w(from, to), &ev, L);
        let heading = |from, to| s.window_heading(&w(from, to), &ev, L);
        assert_eq!(
            phrase("0h", Some("24h..48h")).unwrap(),
            "for 24 to 48 hours after your treatment"
        );
        assert_eq!(
            phrase("0h", Some("12h..3d")).unwrap(),
            "for 12 hours to 3 days after your treatment"
        );
        assert_eq!(phrase("0h", Some("2mo")).unwrap(), "for the first 2 months");
        assert_eq!(
            phrase("0h", Some("30min")).unwrap(),
            "for the first 30 minutes"
        );
        assert_eq!(
            phrase("0h", Some("stitches-out")).unwrap(),
            "until your stitches are removed"
        );
        assert_eq!(
            phrase("stitches-out", None).unwrap(),
            "after your stitches are removed"
        );
        assert_eq!(
            phrase("stitches-out", Some("6w")).unwrap(),
            "after your stitches are removed, until 6 weeks after your treatment"
        );
        assert_eq!(
            heading("0h", Some("stitches-out")),
            "Until your stitches are removed"
        );
        assert_eq!(
            heading("stitches-out", None),
            "After your stitches are removed"
        );
        assert_eq!(heading("0h", Some("24h..48h")), "First 24 to 48 hours");
        assert_eq!(
            heading("6w", Some("3mo")),
            "6 weeks to 3 months after your treatment"
        );
        assert_eq!(
            phrase("2w", Some("2mo")).unwrap(),
            "2 weeks to 2 months after your treatment"
        );
    }

    fn w(from: &str, to: Option<&str>) -> Window {
        Window::span(from.parse().unwrap(), to.map(|t| t.parse().unwrap()))
    }

    /// Headings read in the units the clinic wrote, never renumbered (DESIGN §11.1).
    #[test]
    fn stage_headings_in_the_units_written() {
        let s = english();
        let cases = [
            (w("0h", Some("24h")), "First 24 hours"),
            (w("0h", Some("3d")), "First 3 days"),
            (w("0h", Some("1d")), "First day"),
            (w("0h", Some("1w")), "First week"),
            (w("0h", Some("2w")), "First 2 weeks"),
            (w("1d", Some("3d")), "1 to 3 days after your treatment"),
            (w("24h", Some("72h")), "24 to 72 hours after your treatment"),
            (w("6d", Some("11d")), "6 to 11 days after your treatment"),
            (
                w("48h", Some("6w")),
                "48 hours to 6 weeks after your treatment",
            ),
            (w("6w", None), "From 6 weeks after your treatment"),
            (w("0h", None), "From your treatment on"),
            (
                w("7d before", Some("1d before")),
                "From 7 days to 1 day before your treatment",
            ),
            (
                w("3d before", Some("0d")),
                "From 3 days before until your treatment",
            ),
            (
                w("1d before", Some("2d")),
                "From 1 day before to 2 days after your treatment",
            ),
            (w("2d before", None), "From 2 days before your treatment"),
        ];
        for (window, want) in cases {
            assert_eq!(
                s.window_heading(&window, &Events::new(), L),
                want,
                "{window:?}"
            );
        }
    }

    #[test]
    fn advice_windows_in_plain_words() {
        let s = english();
        let l = "your vaccination";
        let cases = [
            (w("0h", Some("24h")), Some("for the first 24 hours")),
            (w("0h", Some("3d")), Some("for the first 3 days")),
            (
                w("6d", Some("11d")),
                Some("6 to 11 days after your vaccination"),
            ),
            (w("6w", None), Some("from 6 weeks after your vaccination")),
            (w("6h", None), Some("from 6 hours after your vaccination")),
            (w("0h", None), None),
        ];
        for (window, want) in cases {
            assert_eq!(
                s.window_phrase(&window, &Events::new(), l).as_deref(),
                want,
                "{window:?}"
            );
        }
    }

    fn on(day: &str, at: Option<&str>) -> Window {
        Window {
            on: Some(day.parse().unwrap()),
            at: at.map(|a| a.parse().unwrap()),
            ..Window::ALWAYS
        }
    }

    /// Days and times of day read as a clinic says them, in 12-hour English and
    /// 24-hour Spanish.
    #[test]
    fn days_and_times_of_day() {
        let s = english();
        let l = "your colonoscopy";
        let phrase = |w: Window| s.window_phrase(&w, &Events::new(), l).unwrap();
        assert_eq!(
            phrase(on("1d before", Some("18:00"))),
            "at 6 pm the day before your colonoscopy"
        );
        assert_eq!(
            phrase(on("0d", Some("06:00"))),
            "at 6 am on the day of your colonoscopy"
        );
        assert_eq!(
            phrase(on("0d", Some("12:00"))),
            "at 12 midday on the day of your colonoscopy"
        );
        assert_eq!(
            phrase(on("2d before", Some("07:30"))),
            "at 7:30 am 2 days before your colonoscopy"
        );
        assert_eq!(phrase(on("1d", None)), "the day after your colonoscopy");
        assert_eq!(
            phrase(on("3 days", Some("00:15"))),
            "at 12:15 am 3 days after your colonoscopy"
        );
        assert_eq!(
            s.window_heading(&on("1d before", None), &Events::new(), l),
            "The day before your colonoscopy"
        );
        let text = include_str!("../themes/default/i18n/es.yaml");
        let map: BTreeMap<String, String> = serde_saphyr::from_str(text).unwrap();
        let es = Strings::new(map, &BTreeMap::new()).in_language(Language::of("es"));
        assert_eq!(
            es.window_phrase(
                &on("1d before", Some("18:00")),
                &Events::new(),
                "su colonoscopia"
            )
            .unwrap(),
            "a las 18:00, el día anterior a su colonoscopia"
        );
        assert_eq!(
            es.window_phrase(&w("6d", Some("11d")), &Events::new(), "su vacunación")
                .unwrap(),
            "de 6 a 11 días después de su vacunación"
        );
    }

    /// A guide for a parent uses each `KEY_parent` string for `KEY`.
    #[test]
    fn audiences_take_their_own_strings() {
        let s = english();
        let parent = s.for_audience(Audience::Parent);
        assert_eq!(
            parent.get("section_tips"),
            "Looking after your child at home"
        );
        assert_eq!(s.get("section_tips"), "Looking after yourself at home");
        assert_eq!(
            s.for_audience(Audience::Patient).get("section_tips"),
            "Looking after yourself at home"
        );
    }

    #[test]
    fn dates_in_words() {
        let s = english();
        assert_eq!(s.date(jiff::civil::date(2026, 10, 15)), "October 15, 2026");
    }
}
