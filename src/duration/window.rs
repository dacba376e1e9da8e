//! When things happen: a time (a duration after the day, a range of durations, or a
//! named event), the guide's events, and windows from one time to another, with how
//! they are ordered, checked and placed in minutes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use super::{Duration, DurationError, DurationText};

/// A point in time a window can start or end at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Time {
    /// A time after the treatment (`3d`).
    After(Duration),
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
        matches!(self, Time::After(d) if *d == Duration::ZERO)
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
                    "write a time such as 30min, 4h, 3d, 2w or 2mo, a range such as 24h..48h, or the name of one of the guide's `events:`",
                ))
            }
        })
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = DurationText::deserialize(deserializer)?;
        text.0.parse().map_err(serde::de::Error::custom)
    }
}

/// A guide's named event (`events: { stitches-out: { label: ..., about: 7d..10d } }`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
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
    Known(u64),
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

/// A window after the treatment: from `from` (default `0h`) to `to` (open-ended when
/// missing).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// When the window opens. Default: right after the treatment.
    #[serde(default = "zero")]
    pub from: Time,
    /// When it closes; `None` means "from then on".
    #[serde(default)]
    pub to: Option<Time>,
}

fn zero() -> Time {
    Time::ZERO
}

impl Window {
    /// The whole time after a treatment.
    pub const ALWAYS: Window = Window {
        from: Time::ZERO,
        to: None,
    };

    /// A window between two durations (tests and callers that build one).
    pub fn between(from: Duration, to: Option<Duration>) -> Window {
        Window {
            from: Time::After(from),
            to: to.map(Time::After),
        }
    }

    fn place<'a>(time: &'a Time, events: &'a Events, end: bool) -> Place<'a> {
        match time {
            Time::After(d) => Place::Known(d.minutes()),
            // A window closing at "24 to 48 hours" lasts until the longer end; one
            // opening then starts at the shorter.
            Time::Between(a, b) => Place::Known(if end { b.minutes() } else { a.minutes() }),
            Time::Event(name) => match events.get(name).and_then(|e| e.about.as_ref()) {
                Some(Time::Event(_)) | None => Place::Unknown(name),
                Some(about) => Self::place(about, events, end),
            },
        }
    }

    /// Checks the window against the guide's events; each message is shown to
    /// authors, with its hint.
    pub fn validate(&self, events: &Events) -> Result<(), (String, String)> {
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
        fn end<'a>(w: &'a Window, events: &'a Events) -> Place<'a> {
            match &w.to {
                Some(t) => Window::place(t, events, true),
                None => Place::Known(u64::MAX),
            }
        }
        let starts_before = |a: &Window, b: &Window| {
            before(Self::place(&a.from, events, false), end(b, events)).unwrap_or(true)
        };
        starts_before(self, other) && starts_before(other, self)
    }

    /// The window in minutes after the treatment, for the personal plan: `(from, to)`,
    /// `to` the longer end of a range or of an event's `about`; `None` when a time is
    /// an event with no `about` (it has no date).
    pub fn minutes(&self, events: &Events) -> Option<(u64, Option<u64>)> {
        let known = |p: Place<'_>| match p {
            Place::Known(m) => Some(m),
            Place::Unknown(_) => None,
        };
        let from = known(Self::place(&self.from, events, false))?;
        let to = match &self.to {
            Some(t) => Some(known(Self::place(t, events, true))?),
            None => None,
        };
        Some((from, to))
    }

    /// The order of windows on a timeline: by start, then by end.
    pub fn sort_key(&self, events: &Events) -> (u64, u64) {
        let minutes = |p: Place<'_>| match p {
            Place::Known(m) => m,
            Place::Unknown(_) => u64::MAX - 1,
        };
        (
            minutes(Self::place(&self.from, events, false)),
            self.to
                .as_ref()
                .map_or(u64::MAX, |t| minutes(Self::place(t, events, true))),
        )
    }
}
