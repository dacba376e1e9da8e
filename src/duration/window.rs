//! When things happen: a time (a duration after the day, a range of durations, or a
//! named event), the guide's events, and windows from one time to another, with how
//! they are ordered, checked and placed in minutes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use super::{Duration, DurationError, Words};

/// A point in time a window can start or end at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Time {
    /// A time after the day the guide counts from (`3d`).
    After(Duration),
    /// A time before it (`7d before`): preparation for a test or an operation.
    Before(Duration),
    /// A range of times, as in "24 to 48 hours, as we advised you" (`24h..48h`);
    /// checks use the longer end.
    Between(Duration, Duration),
    /// A named event of the guide's `events:` ("your stitches are removed").
    Event(String),
}

impl Time {
    /// The treatment itself: `0h`.
    pub const ZERO: Time = Time::After(Duration::ZERO);

    /// Whether this is the moment of the treatment.
    pub fn is_zero(&self) -> bool {
        matches!(self, Time::After(d) | Time::Before(d) if *d == Duration::ZERO)
    }

    /// Whether this lies before the day the guide counts from.
    pub fn is_before(&self) -> bool {
        matches!(self, Time::Before(d) if *d != Duration::ZERO)
    }

    /// The duration when this is a plain time after the treatment.
    pub fn duration(&self) -> Option<Duration> {
        match self {
            Time::After(d) => Some(*d),
            _ => None,
        }
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Time::After(d) => write!(f, "{d}"),
            Time::Before(d) => write!(f, "{d} before"),
            Time::Between(a, b) => write!(f, "{a}..{b}"),
            Time::Event(name) => f.write_str(name),
        }
    }
}

impl FromStr for Time {
    type Err = DurationError;

    /// `3d`, `24h..48h`, or an event name (letters, digits and hyphens, starting with
    /// a letter). Anything starting with a digit must be a time.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix('-') {
            let rest = rest.trim();
            return Err(DurationError(crate::yaml::with_hint(
                format!("`{t}` is a time before the day with a minus sign"),
                &format!("write `{rest} before` for a time before the day"),
            )));
        }
        let lower = t.to_ascii_lowercase();
        if let Some(rest) = lower.strip_suffix("before").filter(|r| r.ends_with(' ')) {
            let rest = &t[..rest.trim_end().len()];
            if rest.contains("..") {
                return Err(DurationError(crate::yaml::with_hint(
                    format!("`{t}` is a range before the day"),
                    "write the window with two times instead: `from: 7d before, to: 2d before`",
                )));
            }
            return rest.parse().map(Time::Before);
        }
        if let Some(rest) = lower.strip_suffix("after").filter(|r| r.ends_with(' ')) {
            return t[..rest.trim_end().len()].parse();
        }
        if let Some((a, b)) = t.split_once("..") {
            let (a, b): (Duration, Duration) = (a.parse()?, b.parse()?);
            if b <= a {
                return Err(DurationError(crate::yaml::with_hint(
                    format!("the range `{t}` runs backwards"),
                    &format!("write the shorter time first: `{b}..{a}`"),
                )));
            }
            return Ok(Time::Between(a, b));
        }
        if t.starts_with(|c: char| c.is_ascii_alphabetic())
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && t.chars().any(|c| c.is_ascii_alphabetic())
            && t.chars().any(|c| c.is_ascii_lowercase())
        {
            return Ok(Time::Event(t.to_owned()));
        }
        t.parse().map(Time::After).map_err(|e: DurationError| {
            if t.starts_with(|c: char| c.is_ascii_digit()) {
                e
            } else {
                DurationError(crate::yaml::with_hint(
                    format!("`{text}` is neither a time nor an event name"),
                    "write a time such as 30min, 4h, 3d, 2w or 2mo, a time before the day such as `7d before`, a range such as 24h..48h, or the name of one of the guide's `events:`",
                ))
            }
        })
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Words::deserialize(deserializer)?;
        text.0.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Time {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Time".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let d = super::duration_pattern();
        let after = crate::yaml::any_case("after");
        let before = crate::yaml::any_case("before");
        crate::yaml::text_schema(
            "A time counted from the day the guide counts from: `30min`, `4h`, `3d`, `2w`, `2mo` (or `48 hours`, `7 days`); a range `24h..48h`; a time before the day, `7d before`; or the name of one of the guide's `events:`.",
            &format!(
                "^\\s*(?:(?:{d})(?:\\s*\\.\\.\\s*(?:{d}))?(?:\\s+{after})?|(?:{d})\\s+{before}|(?=[A-Za-z0-9-]*[a-z])[A-Za-z][A-Za-z0-9-]*)\\s*$"
            ),
            "Not a time: write a number and a unit (30min, 4h, 3d, 2w, 2mo, or 48 hours, 7 days), a range (24h..48h), a time before the day (7d before), or the name of one of the guide's events.",
        )
    }
}

/// A guide's named event (`events: { stitches-out: { label: ..., about: 7d..10d } }`).
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// How the event reads in a sentence: "your stitches are removed".
    pub label: String,
    /// Roughly when it happens (`7d` or `7d..10d`), for ordering and overlap checks.
    #[serde(default)]
    pub about: Option<Time>,
}

/// A guide's events by name.
pub type Events = std::collections::BTreeMap<String, Event>;

/// Where a time falls, in minutes after the treatment, as far as careleaf can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place<'a> {
    Known(i64),
    /// An event with no `about:`: only equal to itself.
    Unknown(&'a str),
}

/// `a` is before `b`: certainly (`Some(true)`), certainly not, or unknown (`None`).
fn before(a: Place<'_>, b: Place<'_>) -> Option<bool> {
    match (a, b) {
        (Place::Known(x), Place::Known(y)) => Some(x < y),
        (Place::Unknown(x), Place::Unknown(y)) if x == y => Some(false),
        _ => None,
    }
}

/// A window around the day a guide counts from: from `from` (default `0h`) to `to`
/// (open-ended when missing); or one day, `on: 1d before`, at a time of day
/// (`at: "18:00"`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// When the window opens. Default: right after the treatment.
    #[serde(default = "zero")]
    pub from: Time,
    /// When it closes; `None` means "from then on".
    #[serde(default)]
    pub to: Option<Time>,
    /// One day (`0d`, `1d before`), instead of `from` and `to`.
    #[serde(default)]
    pub on: Option<Time>,
    /// A time of day on that day.
    #[serde(default)]
    pub at: Option<Clock>,
}

/// A time of day, 24-hour `HH:MM` as written (`"18:00"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
}

impl Clock {
    /// Minutes after midnight.
    pub fn minutes(self) -> i64 {
        i64::from(self.hour) * 60 + i64::from(self.minute)
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl FromStr for Clock {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let refuse = || {
            DurationError(crate::yaml::with_hint(
                format!("`{t}` is not a time of day"),
                "write it in 24-hour time as HH:MM in quotes, for example `at: \"18:00\"` for 6 pm or `at: \"06:30\"`",
            ))
        };
        let (h, m) = t.split_once(':').ok_or_else(refuse)?;
        let digits = |s: &str, most: u8| {
            (matches!(s.len(), 1 | 2) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u8>().ok())
                .flatten()
                .filter(|n| *n <= most)
        };
        match (digits(h, 23), digits(m, 59)) {
            (Some(hour), Some(minute)) if m.len() == 2 => Ok(Clock { hour, minute }),
            _ => Err(refuse()),
        }
    }
}

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Words::deserialize(deserializer)?;
        text.0.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Clock {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Clock".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::yaml::text_schema(
            "A time of day in 24-hour time, in quotes: \"18:00\", \"06:30\".",
            "^\\s*(?:[01]?[0-9]|2[0-3]):[0-5][0-9]\\s*$",
            "Not a time of day: write it in 24-hour time as HH:MM in quotes, like \"18:00\" for 6 pm.",
        )
    }
}

fn zero() -> Time {
    Time::ZERO
}

/// Minutes in a day.
const DAY: i64 = 24 * 60;

impl Window {
    /// The whole time after a treatment.
    pub const ALWAYS: Window = Window {
        from: Time::ZERO,
        to: None,
        on: None,
        at: None,
    };

    /// A window between two durations (tests and callers that build one).
    pub fn between(from: Duration, to: Option<Duration>) -> Window {
        Window {
            from: Time::After(from),
            to: to.map(Time::After),
            ..Window::ALWAYS
        }
    }

    /// A window from one time to another.
    pub fn span(from: Time, to: Option<Time>) -> Window {
        Window {
            from,
            to,
            ..Window::ALWAYS
        }
    }

    /// The day of an `on:` window, in whole days from the day counted from (negative
    /// before it); `None` when the window is not one day or the day is not whole days.
    pub fn day(&self) -> Option<i64> {
        let days = |d: Duration| d.whole_days().and_then(|n| i64::try_from(n).ok());
        match self.on.as_ref()? {
            Time::After(d) => days(*d),
            Time::Before(d) => days(*d).map(|n| -n),
            _ => None,
        }
    }

    /// Where the window starts and ends, in minutes from the day counted from: an
    /// `on:` day runs its whole length, or one minute at its time of day.
    fn ends<'a>(&'a self, events: &'a Events) -> (Place<'a>, Option<Place<'a>>) {
        if let Some(day) = self.day() {
            let start = day * DAY + self.at.map_or(0, Clock::minutes);
            let length = if self.at.is_some() { 1 } else { DAY };
            return (Place::Known(start), Some(Place::Known(start + length)));
        }
        (
            Self::place(&self.from, events, false),
            self.to.as_ref().map(|t| Self::place(t, events, true)),
        )
    }

    fn place<'a>(time: &'a Time, events: &'a Events, end: bool) -> Place<'a> {
        let minutes = |d: &Duration| i64::try_from(d.minutes()).unwrap_or(i64::MAX / 4);
        match time {
            Time::After(d) => Place::Known(minutes(d)),
            Time::Before(d) => Place::Known(-minutes(d)),
            // A window closing at "24 to 48 hours" lasts until the longer end; one
            // opening then starts at the shorter.
            Time::Between(a, b) => Place::Known(if end { minutes(b) } else { minutes(a) }),
            Time::Event(name) => match events.get(name).and_then(|e| e.about.as_ref()) {
                Some(Time::Event(_)) | None => Place::Unknown(name),
                Some(about) => Self::place(about, events, end),
            },
        }
    }

    /// Checks the window against the guide's events; each message is shown to
    /// authors, with its hint.
    pub fn validate(&self, events: &Events) -> Result<(), (String, String)> {
        if let Some(on) = &self.on {
            if !self.from.is_zero() || self.to.is_some() {
                return Err((
                    "a window is either one day (`on:`) or from one time to another (`from:`, `to:`), not both".to_owned(),
                    "write `{ on: 1d before, at: \"18:00\" }` for a time on one day, or `{ from: 7d before, to: 1d before }` for a span".to_owned(),
                ));
            }
            if self.day().is_none() {
                return Err((
                    format!("`on: {on}` is not a whole day"),
                    "write the day as whole days from the day the guide counts from: `on: 0d` (the day itself), `on: 1d before`, `on: 2d`; give the time of day with `at:`".to_owned(),
                ));
            }
            return Ok(());
        }
        if let Some(at) = self.at {
            return Err((
                format!("`at: \"{at}\"` has no day"),
                format!(
                    "say which day with `on:`, for example `{{ on: 1d before, at: \"{at}\" }}` or `{{ on: 0d, at: \"{at}\" }}` for the day itself"
                ),
            ));
        }
        for time in std::iter::once(&self.from).chain(&self.to) {
            if let Time::Event(name) = time
                && !events.contains_key(name)
            {
                let known: Vec<&str> = events.keys().map(String::as_str).collect();
                let hint = match crate::diagnostics::suggest(name, known.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None if known.is_empty() => "add it under `events:` at the top of the guide, with a `label:` such as `your stitches are removed`".to_owned(),
                    None => format!("the guide's events are: {}", known.join(", ")),
                };
                return Err((format!("unknown event `{name}`"), hint));
            }
        }
        if let Time::Between(..) = self.from {
            return Err((
                format!(
                    "a window starts at one time, not a range (`from: {}`)",
                    self.from
                ),
                "write the earliest time, for example `from: 24h`; ranges are for `to:`".to_owned(),
            ));
        }
        if let Some(to) = &self.to {
            let from = Self::place(&self.from, events, false);
            let end = Self::place(to, events, true);
            if self.from.is_zero() && to.is_before() {
                return Err((
                    format!("this window ends ({to}) before it starts (the day itself)"),
                    format!("give the start too: `{{ from: 7d before, to: {to} }}`"),
                ));
            }
            if before(from, end) == Some(false) {
                return Err((
                    format!("this window ends ({to}) before it starts ({})", self.from),
                    "`from` must be before `to`".to_owned(),
                ));
            }
        }
        Ok(())
    }

    /// Whether two windows may share any time. An event with no `about:` cannot be
    /// placed among durations, so a window ending or starting at one may overlap any
    /// other (but `to: stitches-out` and `from: stitches-out` meet without overlapping).
    pub fn overlaps(&self, other: &Window, events: &Events) -> bool {
        let starts_before = |a: &Window, b: &Window| {
            let end = b.ends(events).1.unwrap_or(Place::Known(i64::MAX));
            before(a.ends(events).0, end).unwrap_or(true)
        };
        starts_before(self, other) && starts_before(other, self)
    }

    /// The window in minutes after the treatment, for the personal plan: `(from, to)`,
    /// `to` the longer end of a range or of an event's `about`; `None` when a time is
    /// an event with no `about` (it has no date).
    pub fn minutes(&self, events: &Events) -> Option<(i64, Option<i64>)> {
        let known = |p: Place<'_>| match p {
            Place::Known(m) => Some(m),
            Place::Unknown(_) => None,
        };
        let (from, to) = self.ends(events);
        let from = known(from)?;
        let to = match to {
            Some(t) => Some(known(t)?),
            None => None,
        };
        Some((from, to))
    }

    /// The order of windows on a timeline: by start, then by end; times before the
    /// day come first.
    pub fn sort_key(&self, events: &Events) -> (i64, i64) {
        let minutes = |p: Place<'_>| match p {
            Place::Known(m) => m,
            Place::Unknown(_) => i64::MAX - 1,
        };
        let (from, to) = self.ends(events);
        (minutes(from), to.map_or(i64::MAX, minutes))
    }
}
