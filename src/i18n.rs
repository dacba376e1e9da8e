//! UI strings from the theme's `i18n/LANG.yaml`, and the plain-words phrases built
//! from them: dates ("October 15, 2026") and windows ("Days 1 to 3", "for 24 hours").

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::duration::{Duration, Events, Time, Unit, Window};
use crate::language::Language;
use crate::markdown::CalloutLabels;

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

    /// A stage heading: "First 24 hours", "Days 4 to 7", "Weeks 2 to 4", "After 4
    /// weeks", "Until your stitches are removed".
    pub fn window_heading(&self, w: &Window, events: &Events) -> String {
        match (&w.from, &w.to) {
            (Time::After(from), None) => self.duration_heading(*from, None),
            (Time::After(from), Some(Time::After(to))) => self.duration_heading(*from, Some(*to)),
            (from, Some(Time::Between(a, b))) if from.is_zero() => {
                self.fill("window_first", &[("d", &self.range(*a, *b))])
            }
            (from, Some(Time::Event(e))) if from.is_zero() => {
                self.fill("heading_until", &[("e", self.event(e, events))])
            }
            (Time::Event(e), None) => {
                self.fill("heading_after_event", &[("e", self.event(e, events))])
            }
            _ => capitalize(&self.window_phrase(w, events).unwrap_or_default()),
        }
    }

    fn duration_heading(&self, from: Duration, to: Option<Duration>) -> String {
        match to {
            None if from == Duration::ZERO => self.get("window_always").to_owned(),
            None => self.fill("window_after", &[("d", &self.duration(from))]),
            // Months do not divide into days or weeks the way a patient counts them.
            Some(to)
                if from != Duration::ZERO
                    && (from.unit == Unit::Month || to.unit == Unit::Month) =>
            {
                self.fill(
                    "window_between",
                    &[("a", &self.duration(from)), ("b", &self.duration(to))],
                )
            }
            Some(to) if from == Duration::ZERO && matches!(to.unit, Unit::Day | Unit::Week) => {
                match (to.unit, to.whole_days()) {
                    (Unit::Day, Some(b)) => self.count_range("window_day", "window_days", 1, b),
                    _ => self.count_range(
                        "window_week",
                        "window_weeks",
                        1,
                        to.whole_weeks().unwrap_or(1),
                    ),
                }
            }
            Some(to) if from == Duration::ZERO => {
                self.fill("window_first", &[("d", &self.duration(to))])
            }
            Some(to) => match (
                from.whole_weeks(),
                to.whole_weeks(),
                from.whole_days(),
                to.whole_days(),
            ) {
                (Some(a), Some(b), _, _) if from.unit == Unit::Week || to.unit == Unit::Week => {
                    self.count_range("window_week", "window_weeks", a + 1, b)
                }
                (_, _, Some(a), Some(b)) => self.count_range("window_day", "window_days", a + 1, b),
                _ => self.fill(
                    "window_between",
                    &[("a", &self.duration(from)), ("b", &self.duration(to))],
                ),
            },
        }
    }

    fn count_range(&self, one: &str, many: &str, a: u64, b: u64) -> String {
        if a == b {
            self.fill(one, &[("a", &a.to_string())])
        } else {
            self.fill(many, &[("a", &a.to_string()), ("b", &b.to_string())])
        }
    }

    /// A window after a piece of advice: "for 24 hours", "from day 4", "from day 2 to
    /// day 7", "for 24 to 48 hours", "until your stitches are removed"; `None` when it
    /// applies all the time.
    pub fn window_phrase(&self, w: &Window, events: &Events) -> Option<String> {
        let until = |to: &Time| match to {
            Time::After(d) => self.fill("phrase_until_time", &[("d", &self.duration(*d))]),
            Time::Between(a, b) => self.fill("phrase_until_time", &[("d", &self.range(*a, *b))]),
            Time::Event(e) => self.fill("phrase_until", &[("e", self.event(e, events))]),
        };
        Some(match (&w.from, &w.to) {
            (Time::After(from), None) => return self.duration_phrase(*from, None),
            (Time::After(from), Some(Time::After(to))) => {
                return self.duration_phrase(*from, Some(*to));
            }
            (from, Some(Time::Between(a, b))) if from.is_zero() => {
                self.fill("phrase_for", &[("d", &self.range(*a, *b))])
            }
            (from, Some(to)) if from.is_zero() => until(to),
            (Time::Event(e), None) => {
                self.fill("phrase_after_event", &[("e", self.event(e, events))])
            }
            (from, Some(to)) => {
                let start = match from {
                    Time::Event(e) => {
                        self.fill("phrase_after_event", &[("e", self.event(e, events))])
                    }
                    Time::After(d) => self.fill("phrase_after", &[("d", &self.duration(*d))]),
                    // Refused while reading: a window starts at one time.
                    Time::Between(a, _) => self.fill("phrase_after", &[("d", &self.duration(*a))]),
                };
                self.fill("phrase_then", &[("a", &start), ("b", &until(to))])
            }
            (Time::Between(a, _), None) => self.fill("phrase_after", &[("d", &self.duration(*a))]),
        })
    }

    fn duration_phrase(&self, from: Duration, to: Option<Duration>) -> Option<String> {
        Some(match (to, from.whole_days()) {
            (None, _) if from == Duration::ZERO => return None,
            (None, Some(days)) if matches!(from.unit, Unit::Day | Unit::Week) => {
                self.fill("phrase_from_day", &[("a", &(days + 1).to_string())])
            }
            (None, _) => self.fill("phrase_after", &[("d", &self.duration(from))]),
            (Some(to), _) if from == Duration::ZERO => {
                self.fill("phrase_for", &[("d", &self.duration(to))])
            }
            (Some(to), Some(a))
                if to.whole_days().is_some()
                    && from.unit != Unit::Month
                    && to.unit != Unit::Month =>
            {
                self.fill(
                    "phrase_days",
                    &[
                        ("a", &(a + 1).to_string()),
                        ("b", &to.whole_days().unwrap_or_default().to_string()),
                    ],
                )
            }
            (Some(to), _) => self.fill(
                "phrase_between",
                &[("a", &self.duration(from)), ("b", &self.duration(to))],
            ),
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

    #[test]
    fn ranges_and_events_in_plain_words() {
        let s = english();
        let ev = events();
        let phrase = |from, to| s.window_phrase(&w(from, to), &ev);
        let heading = |from, to| s.window_heading(&w(from, to), &ev);
        assert_eq!(
            phrase("0h", Some("24h..48h")).unwrap(),
            "for 24 to 48 hours"
        );
        assert_eq!(
            phrase("0h", Some("12h..3d")).unwrap(),
            "for 12 hours to 3 days"
        );
        assert_eq!(phrase("0h", Some("2mo")).unwrap(), "for 2 months");
        assert_eq!(phrase("0h", Some("30min")).unwrap(), "for 30 minutes");
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
            "after your stitches are removed, until 6 weeks after treatment"
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
            "6 weeks to 3 months after treatment"
        );
        assert_eq!(
            phrase("2w", Some("2mo")).unwrap(),
            "from 2 weeks to 2 months after treatment"
        );
    }

    fn w(from: &str, to: Option<&str>) -> Window {
        Window {
            from: from.parse().unwrap(),
            to: to.map(|t| t.parse().unwrap()),
        }
    }

    #[test]
    fn stage_headings_in_plain_words() {
        let s = english();
        let cases = [
            (w("0h", Some("24h")), "First 24 hours"),
            (w("0h", Some("12h")), "First 12 hours"),
            (w("0h", Some("3d")), "Days 1 to 3"),
            (w("0h", Some("1d")), "Day 1"),
            (w("0h", Some("2w")), "Weeks 1 to 2"),
            (w("1d", Some("3d")), "Days 2 to 3"),
            (w("24h", Some("72h")), "Days 2 to 3"),
            (w("3d", Some("7d")), "Days 4 to 7"),
            (w("3d", Some("4d")), "Day 4"),
            (w("1w", Some("4w")), "Weeks 2 to 4"),
            (w("4w", None), "After 4 weeks"),
            (w("0h", None), "From your treatment on"),
            (w("4h", Some("30h")), "4 hours to 30 hours after treatment"),
        ];
        for (window, want) in cases {
            assert_eq!(
                s.window_heading(&window, &Events::new()),
                want,
                "{window:?}"
            );
        }
    }

    #[test]
    fn advice_windows_in_plain_words() {
        let s = english();
        let cases = [
            (w("0h", Some("24h")), Some("for 24 hours")),
            (w("0h", Some("1d")), Some("for 1 day")),
            (w("3d", None), Some("from day 4")),
            (w("6h", None), Some("after 6 hours")),
            (w("24h", None), Some("after 24 hours")),
            (w("1d", Some("7d")), Some("from day 2 to day 7")),
            (w("0h", None), None),
        ];
        for (window, want) in cases {
            assert_eq!(
                s.window_phrase(&window, &Events::new()).as_deref(),
                want,
                "{window:?}"
            );
        }
    }

    #[test]
    fn dates_in_words() {
        let s = english();
        assert_eq!(s.date(jiff::civil::date(2026, 10, 15)), "October 15, 2026");
    }
}
