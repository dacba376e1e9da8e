//! UI strings from the theme's `i18n/LANG.yaml`, and the plain-words phrases built
//! from them: dates ("October 15, 2026") and windows ("Days 1 to 3", "for 24 hours").

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::content::duration::{Duration, Unit, Window};
use crate::markdown::CalloutLabels;

/// The UI strings of one language, with English underneath for any key it lacks.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    map: BTreeMap<String, String>,
}

impl Strings {
    /// Layers `own` over `fallback` (the theme's English strings).
    pub fn new(own: BTreeMap<String, String>, fallback: &BTreeMap<String, String>) -> Self {
        let mut map = fallback.clone();
        map.extend(own);
        Self { map }
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
        let form = if d.amount == 1 { "one" } else { "other" };
        let name = self.get(&format!("unit_{unit}_{form}")).to_owned();
        format!("{} {name}", d.amount)
    }

    /// A stage heading: "First 24 hours", "Days 4 to 7", "Weeks 2 to 4", "After 4 weeks".
    pub fn window_heading(&self, w: &Window) -> String {
        let from = w.from;
        match w.to {
            None if from == Duration::ZERO => self.get("window_always").to_owned(),
            None => self.fill("window_after", &[("d", &self.duration(from))]),
            Some(to) if from == Duration::ZERO && matches!(to.unit, Unit::Day | Unit::Week) => {
                match (to.unit, to.whole_days()) {
                    (Unit::Day, Some(b)) => self.range("window_day", "window_days", 1, b),
                    _ => self.range(
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
                    self.range("window_week", "window_weeks", a + 1, b)
                }
                (_, _, Some(a), Some(b)) => self.range("window_day", "window_days", a + 1, b),
                _ => self.fill(
                    "window_between",
                    &[("a", &self.duration(from)), ("b", &self.duration(to))],
                ),
            },
        }
    }

    fn range(&self, one: &str, many: &str, a: u64, b: u64) -> String {
        if a == b {
            self.fill(one, &[("a", &a.to_string())])
        } else {
            self.fill(many, &[("a", &a.to_string()), ("b", &b.to_string())])
        }
    }

    /// A window after a piece of advice: "for 24 hours", "from day 4", "from day 2 to
    /// day 7"; `None` when it applies all the time.
    pub fn window_phrase(&self, w: &Window) -> Option<String> {
        let from = w.from;
        Some(match (w.to, from.whole_days()) {
            (None, _) if from == Duration::ZERO => return None,
            (None, Some(days)) if matches!(from.unit, Unit::Day | Unit::Week) => {
                self.fill("phrase_from_day", &[("a", &(days + 1).to_string())])
            }
            (None, _) => self.fill("phrase_after", &[("d", &self.duration(from))]),
            (Some(to), _) if from == Duration::ZERO => {
                self.fill("phrase_for", &[("d", &self.duration(to))])
            }
            (Some(to), Some(a)) if to.whole_days().is_some() => self.fill(
                "phrase_days",
                &[
                    ("a", &(a + 1).to_string()),
                    ("b", &to.whole_days().unwrap_or_default().to_string()),
                ],
            ),
            (Some(to), _) => self.fill(
                "phrase_between",
                &[("a", &self.duration(from)), ("b", &self.duration(to))],
            ),
        })
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
            assert_eq!(s.window_heading(&window), want, "{window:?}");
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
            assert_eq!(s.window_phrase(&window).as_deref(), want, "{window:?}");
        }
    }

    #[test]
    fn dates_in_words() {
        let s = english();
        assert_eq!(s.date(jiff::civil::date(2026, 10, 15)), "October 15, 2026");
    }
}
