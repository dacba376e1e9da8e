//! Durations after a treatment (`30min`, `4h`, `3d`, `2w`, `2mo`) and the windows
//! built from them (`when: {from: 24h, to: 7d}`). A bare `m` is refused: `2m` could
//! be two minutes or two months, and a patient must not have to guess (DESIGN §10.1).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// The unit a duration was written in; kept so "24h" reads back as "24 hours".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// `min`
    Minute,
    /// `h`
    Hour,
    /// `d`
    Day,
    /// `w`
    Week,
    /// `mo`: 30 days for ordering and overlap.
    Month,
}

impl Unit {
    fn minutes(self) -> u64 {
        match self {
            Unit::Minute => 1,
            Unit::Hour => 60,
            Unit::Day => 24 * 60,
            Unit::Week => 7 * 24 * 60,
            Unit::Month => 30 * 24 * 60,
        }
    }
}

/// A time after the treatment, as written (`3d`). Compared by its length.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Duration {
    /// The number as written.
    pub amount: u32,
    /// The unit as written.
    pub unit: Unit,
}

/// The longest duration careleaf accepts, in any unit: ten years is plenty for aftercare.
const MAX_MINUTES: u64 = 10 * 366 * 24 * 60;

impl Duration {
    /// The start of the treatment: `0h`.
    pub const ZERO: Duration = Duration {
        amount: 0,
        unit: Unit::Hour,
    };

    /// The length in minutes.
    pub fn minutes(self) -> u64 {
        u64::from(self.amount) * self.unit.minutes()
    }

    /// Whether the duration is a whole number of days (so "day N" phrasing fits).
    pub fn whole_days(self) -> Option<u64> {
        let m = self.minutes();
        m.is_multiple_of(Unit::Day.minutes())
            .then_some(m / Unit::Day.minutes())
    }

    /// Whether the duration is a whole number of weeks.
    pub fn whole_weeks(self) -> Option<u64> {
        let m = self.minutes();
        m.is_multiple_of(Unit::Week.minutes())
            .then_some(m / Unit::Week.minutes())
    }
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.minutes() == other.minutes()
    }
}

impl Eq for Duration {}

impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Duration {
    fn cmp(&self, other: &Self) -> Ordering {
        self.minutes().cmp(&other.minutes())
    }
}

impl Duration {
    /// The unit as careleaf writes it: `min`, `h`, `d`, `w`, `mo`.
    pub fn unit_short(self) -> &'static str {
        match self.unit {
            Unit::Minute => "min",
            Unit::Hour => "h",
            Unit::Day => "d",
            Unit::Week => "w",
            Unit::Month => "mo",
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit_short())
    }
}

/// Why a duration could not be read; the message is shown to authors as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationError(pub String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let hint = "write a number and a unit: 30min, 4h, 3d, 2w or 2mo, or the unit in full: 30 minutes, 4 hours, 3 days, 2 weeks, 2 months";
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (digits, unit) = t.split_at(split);
        if digits.is_empty() {
            return Err(DurationError(crate::yaml::with_hint(
                format!("`{text}` is not a duration"),
                hint,
            )));
        }
        // `4-6h` and `4 to 6 hours` are ranges, written `4h..6h` (DESIGN §11.5).
        let rest = unit.trim_start();
        if let Some(end) = rest.strip_prefix('-').or_else(|| rest.strip_prefix("to "))
            && let Ok(end) = end.trim().parse::<Duration>()
        {
            let start = format!("{digits}{}", end.unit_short());
            return Err(DurationError(crate::yaml::with_hint(
                format!("`{text}` is a range"),
                &format!("write a range as `{start}..{end}`"),
            )));
        }
        // Short units, or the unit in full as people write it (DESIGN §11.1): `7 days`,
        // `1 day`, `48 hours`, in any case. A bare `m` stays ambiguous.
        let unit = match unit.trim().to_ascii_lowercase().as_str() {
            "min" | "minute" | "minutes" => Unit::Minute,
            "mo" | "month" | "months" => Unit::Month,
            "m" => {
                return Err(DurationError(crate::yaml::with_hint(
                    format!("`{text}` could be minutes or months"),
                    &format!("write `{digits}min` for minutes or `{digits}mo` for months"),
                )));
            }
            "h" | "hour" | "hours" => Unit::Hour,
            "d" | "day" | "days" => Unit::Day,
            "w" | "week" | "weeks" => Unit::Week,
            "" => {
                return Err(DurationError(crate::yaml::with_hint(
                    format!("`{text}` has no unit"),
                    hint,
                )));
            }
            other => {
                return Err(DurationError(crate::yaml::with_hint(
                    format!("unknown unit `{other}` in `{text}`"),
                    hint,
                )));
            }
        };
        let amount: u32 = digits.parse().map_err(|_| {
            DurationError(crate::yaml::with_hint(
                format!("`{text}` is too long a time"),
                "windows are counted in minutes, hours, days, weeks or months after the treatment",
            ))
        })?;
        let duration = Duration { amount, unit };
        if duration.minutes() > MAX_MINUTES {
            return Err(DurationError(crate::yaml::with_hint(
                format!("`{text}` is more than ten years"),
                "leave out `to:` for advice that applies from then on",
            )));
        }
        Ok(duration)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Words::deserialize(deserializer)?;
        text.0.parse().map_err(serde::de::Error::custom)
    }
}

/// A duration as a regular expression (`3d`, `48 hours`, `2 Weeks`), for the schemas.
pub fn duration_pattern() -> String {
    let units = [
        "minutes", "minute", "min", "months", "month", "mo", "hours", "hour", "h", "days", "day",
        "d", "weeks", "week", "w",
    ]
    .map(crate::yaml::any_case)
    .join("|");
    format!("[0-9]+\\s*(?:{units})")
}

/// A value written as words or a number (`3d`, `30s`, `3`): read as text, so that a
/// bare number fails with the unit hint rather than a type error.
pub struct Words(pub String);

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Words;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration such as 30min, 4h, 3d, 2w or 2mo")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Words, E> {
                Ok(Words(v.to_owned()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Words, E> {
                Ok(Words(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Words, E> {
                Ok(Words(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

mod counted;
mod window;

pub use counted::{CountedDay, CountedFrom};

pub use window::{Clock, Event, Events, Time, Window};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn duration() -> impl Strategy<Value = Duration> {
        (0u32..200, 0usize..5).prop_map(|(amount, unit)| {
            let unit = [Unit::Minute, Unit::Hour, Unit::Day, Unit::Week, Unit::Month][unit];
            // Within careleaf's ten-year limit in every unit.
            let amount = if unit == Unit::Month {
                amount % 120
            } else {
                amount
            };
            Duration { amount, unit }
        })
    }

    fn window() -> impl Strategy<Value = Window> {
        (duration(), proptest::option::of(duration()))
            .prop_map(|(from, to)| Window::between(from, to))
    }

    proptest! {
        /// Every duration careleaf writes reads back as itself, and any text either
        /// parses or is refused with a hint, never a panic.
        #[test]
        fn durations_round_trip(amount in 0u32..5000, unit in 0usize..5) {
            let unit = [Unit::Minute, Unit::Hour, Unit::Day, Unit::Week, Unit::Month][unit];
            let d = Duration { amount, unit };
            match d.to_string().parse::<Duration>() {
                Ok(back) => prop_assert_eq!((back.amount, back.minutes()), (amount, d.minutes())),
                Err(e) => prop_assert!(d.minutes() > MAX_MINUTES && e.0.contains("ten years")),
            }
        }

        /// Windows are half-open spans of minutes after the treatment: one is valid
        /// when it ends after it starts, and two overlap exactly when some minute is
        /// in both; overlapping is symmetric, and "always" overlaps every valid window.
        #[test]
        fn windows_behave_as_spans_of_minutes(
            a in window(), b in window(),
        ) {
            let ev = Events::new();
            let span = |w: &Window| w.sort_key(&ev);
            let ((a_from, a_to), (b_from, b_to)) = (span(&a), span(&b));
            prop_assert_eq!(a.validate(&ev).is_ok(), a_from < a_to);
            if a.validate(&ev).is_ok() && b.validate(&ev).is_ok() {
                let shared = a_from.max(b_from) < a_to.min(b_to);
                prop_assert_eq!(a.overlaps(&b, &ev), shared);
                prop_assert_eq!(a.overlaps(&b, &ev), b.overlaps(&a, &ev));
                prop_assert!(a.overlaps(&a, &ev));
                prop_assert!(Window::ALWAYS.overlaps(&a, &ev));
            }
        }

        /// A window written in YAML the way a guide writes one reads back as itself.
        #[test]
        fn windows_read_from_yaml(w in window()) {
            let yaml = match &w.to {
                Some(to) => format!("{{ from: {}, to: {to} }}", w.from),
                None => format!("from: {}", w.from),
            };
            let read: Window = crate::yaml::parse(&yaml, std::path::Path::new("w.yaml"))
                .map_err(|d| TestCaseError::fail(d.message))?;
            prop_assert_eq!(read, w);
        }

        #[test]
        fn any_text_parses_or_gets_a_hint(text in "\\PC{0,12}") {
            if let Err(e) = text.parse::<Duration>() {
                prop_assert!(e.0.contains(crate::yaml::HINT_MARK), "{}", e.0);
            }
        }
    }

    #[test]
    fn parses_every_unit() {
        let cases = [
            ("30min", 30),
            ("2mo", 2 * 30 * 1440),
            ("4h", 240),
            ("24h", 1440),
            ("3d", 4320),
            ("2w", 20160),
            ("0h", 0),
            ("7 days", 7 * 1440),
            ("1 day", 1440),
            ("2 weeks", 20160),
            ("48 hours", 2880),
            ("30 minutes", 30),
            ("3 months", 3 * 30 * 1440),
            ("1 Week", 10080),
            ("5days", 5 * 1440),
        ];
        for (text, minutes) in cases {
            assert_eq!(
                text.parse::<Duration>().unwrap().minutes(),
                minutes,
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_bad_durations_with_a_hint() {
        for bad in [
            "",
            "3",
            "d",
            "3 dayz",
            "3y",
            "-1d",
            "99999999999w",
            "1000w",
            "3 years",
        ] {
            let err = bad.parse::<Duration>().unwrap_err();
            assert!(!err.0.is_empty(), "{bad}");
        }
        assert!("3".parse::<Duration>().unwrap_err().0.contains("no unit"));
    }

    /// `2m` is two minutes to one reader and two months to another: refused, with
    /// both spellings offered.
    #[test]
    fn a_range_with_a_dash_says_how_to_write_it() {
        for (bad, want) in [("4-6h", "`4h..6h`"), ("4 to 6 hours", "`4h..6h`")] {
            let e = bad.parse::<Duration>().unwrap_err().0;
            assert!(
                e.contains("write a range as") && e.contains(want),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn a_bare_m_is_refused() {
        let err = "2m".parse::<Duration>().unwrap_err().0;
        assert!(err.contains("`2m` could be minutes or months"), "{err}");
        assert!(
            err.contains("write `2min` for minutes or `2mo` for months"),
            "{err}"
        );
        assert_eq!("2mo".parse::<Duration>().unwrap().to_string(), "2mo");
        assert_eq!("45min".parse::<Duration>().unwrap().to_string(), "45min");
    }

    #[test]
    fn orders_by_length_not_by_unit() {
        let h24: Duration = "24h".parse().unwrap();
        let d1: Duration = "1d".parse().unwrap();
        assert_eq!(h24, d1);
        assert!("2d".parse::<Duration>().unwrap() > h24);
        assert_eq!(h24.to_string(), "24h");
    }

    #[test]
    fn windows_validate_and_overlap() {
        let ev = Events::new();
        assert!(w("3d", Some("1d")).validate(&ev).is_err());
        assert!(w("1d", Some("1d")).validate(&ev).is_err());
        assert!(w("0h", Some("1d")).validate(&ev).is_ok());
        assert!(w("0h", Some("3d")).overlaps(&w("2d", None), &ev));
        assert!(!w("0h", Some("3d")).overlaps(&w("3d", None), &ev));
        assert!(Window::ALWAYS.overlaps(&w("1w", Some("2w")), &ev));
    }

    fn w(from: &str, to: Option<&str>) -> Window {
        Window::span(from.parse().unwrap(), to.map(|t| t.parse().unwrap()))
    }

    /// Times before the day, and one day at a time of day (DESIGN §11.1): read as
    /// written, placed before the day, refused with a hint when written otherwise.
    #[test]
    fn times_before_the_day_and_times_of_day() {
        let ev = Events::new();
        assert_eq!(
            "7d before".parse::<Time>().unwrap(),
            Time::Before("7d".parse().unwrap())
        );
        assert_eq!(
            "7 days before".parse::<Time>().unwrap(),
            Time::Before("7d".parse().unwrap())
        );
        let minus = "-7d".parse::<Time>().unwrap_err().0;
        assert!(minus.contains("write `7d before`"), "{minus}");
        assert!(
            "7 before"
                .parse::<Time>()
                .unwrap_err()
                .0
                .contains("no unit")
        );
        assert!(w("7d before", Some("1d before")).validate(&ev).is_ok());
        assert!(w("1d before", Some("2d")).validate(&ev).is_ok());
        assert!(w("1d before", Some("7d before")).validate(&ev).is_err());
        let (message, hint) = w("0h", Some("1d before")).validate(&ev).unwrap_err();
        assert!(
            message.contains("before it starts") && hint.contains("from: 7d before"),
            "{message}"
        );
        // Ordered before the day: a week before, the day before, the day itself.
        let mut keys = [
            w("0h", Some("1d")),
            w("1d before", None),
            w("7d before", Some("2d before")),
        ]
        .map(|x| x.sort_key(&ev));
        keys.sort();
        assert_eq!(keys[0].0, -7 * 1440);
        assert_eq!(keys[1].0, -1440);
        let at: Window = crate::yaml::parse(
            "{ on: 1d before, at: \"18:00\" }",
            std::path::Path::new("w.yaml"),
        )
        .unwrap();
        assert!(at.validate(&ev).is_ok());
        assert_eq!(
            at.minutes(&ev),
            Some((-1440 + 18 * 60, Some(-1440 + 18 * 60 + 1)))
        );
        for (bad, says) in [
            ("{ at: \"18:00\" }", "has no day"),
            ("{ on: 1d before, from: 2d }", "not both"),
            ("{ on: 4h }", "not a whole day"),
        ] {
            let window: Window = crate::yaml::parse(bad, std::path::Path::new("w.yaml")).unwrap();
            let (message, _) = window.validate(&ev).unwrap_err();
            assert!(message.contains(says), "{bad}: {message}");
        }
        for bad in ["6pm", "25:00", "18:0", "18.00", "1800"] {
            let e = bad.parse::<Clock>().unwrap_err().0;
            assert!(e.contains("HH:MM"), "{bad}: {e}");
        }
        assert_eq!("06:30".parse::<Clock>().unwrap().minutes(), 390);
    }

    fn events() -> Events {
        let mut ev = Events::new();
        ev.insert(
            "stitches-out".into(),
            Event {
                label: "your stitches are removed".into(),
                about: Some("7d..10d".parse().unwrap()),
            },
        );
        ev.insert(
            "review".into(),
            Event {
                label: "we have seen you again".into(),
                about: None,
            },
        );
        ev
    }

    /// `to: 24h..48h` lasts until the longer end; a range cannot be written backwards
    /// nor open a window.
    #[test]
    fn ranges_use_their_longer_end() {
        let ev = Events::new();
        let t: Time = "24h..48h".parse().unwrap();
        assert_eq!(
            t,
            Time::Between("24h".parse().unwrap(), "48h".parse().unwrap())
        );
        assert!(w("0h", Some("24h..48h")).overlaps(&w("36h", None), &ev));
        assert!(!w("0h", Some("24h..48h")).overlaps(&w("48h", None), &ev));
        let back = "48h..24h".parse::<Time>().unwrap_err().0;
        assert!(
            back.contains("runs backwards") && back.contains("`24h..48h`"),
            "{back}"
        );
        assert!("2m..3d".parse::<Time>().unwrap_err().0.contains("`2min`"));
        let (message, hint) = w("24h..48h", None).validate(&ev).unwrap_err();
        assert!(
            message.contains("starts at one time") && hint.contains("from: 24h"),
            "{message}"
        );
    }

    /// Events are named in windows; `about` places them among durations, and an event
    /// with no `about` only meets itself.
    #[test]
    fn events_order_windows() {
        let ev = events();
        assert_eq!(
            "stitches-out".parse::<Time>().unwrap(),
            Time::Event("stitches-out".into())
        );
        let (message, hint) = w("0h", Some("stiches-out")).validate(&ev).unwrap_err();
        assert_eq!(message, "unknown event `stiches-out`");
        assert_eq!(hint, "did you mean `stitches-out`?");
        assert!(w("0h", Some("stitches-out")).validate(&ev).is_ok());
        assert!(w("12d", Some("stitches-out")).validate(&ev).is_err());
        // Until stitches out (up to 10 days) overlaps "from day 8", not "from 2 weeks".
        assert!(w("0h", Some("stitches-out")).overlaps(&w("8d", None), &ev));
        assert!(!w("0h", Some("stitches-out")).overlaps(&w("2w", None), &ev));
        assert!(!w("0h", Some("review")).overlaps(&w("review", None), &ev));
        assert!(w("0h", Some("review")).overlaps(&w("2w", None), &ev));
        assert!(w("0h", Some("3d")).validate(&ev).is_ok());
        let typo = "3 dayz".parse::<Time>().unwrap_err().0;
        assert_eq!(
            "3 days".parse::<Time>().unwrap(),
            "3d".parse::<Time>().unwrap()
        );
        assert!(
            typo.contains("no unit") || typo.contains("unknown unit"),
            "{typo}"
        );
    }
}
