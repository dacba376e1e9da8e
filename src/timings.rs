//! Where a build's time goes, printed to stderr when asked (`CARELEAF_TIMINGS`, for
//! profiling; see the README's Performance section).

use std::time::{Duration, Instant};

/// The phases of one build with their durations.
pub(crate) struct Laps {
    enabled: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    /// Starts timing; does nothing unless `enabled`.
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            enabled,
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Ends the phase `name`.
    pub(crate) fn lap(&mut self, name: &'static str) {
        if self.enabled {
            let now = Instant::now();
            self.laps.push((name, now - self.last));
            self.last = now;
        }
    }

    /// Prints the phases on one line.
    pub(crate) fn print(&self) {
        if self.enabled {
            let parts: Vec<String> = self
                .laps
                .iter()
                .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings: {}", parts.join(", "));
        }
    }
}
