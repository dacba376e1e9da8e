//! Where a build's time goes, printed to stderr when asked (`CARELEAF_TIMINGS`, for
//! profiling; see the README's Performance section).

use std::time::{Duration, Instant};

/// The phases of one build with their durations.
pub(crate) struct Laps {
    enabled: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration, Option<u64>)>,
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
            self.laps.push((name, now - self.last, resident_mib()));
            self.last = now;
        }
    }

    /// Prints the phases on one line.
    pub(crate) fn print(&self) {
        if self.enabled {
            let parts: Vec<String> = self
                .laps
                .iter()
                .map(|(name, d, rss)| match rss {
                    Some(mib) => format!("{name} {:.1} ms ({mib} MiB)", d.as_secs_f64() * 1000.0),
                    None => format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0),
                })
                .collect();
            eprintln!("timings: {}", parts.join(", "));
        }
    }
}

/// The process's resident memory in MiB where the system tells it (Linux), to see which
/// phase holds what.
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
