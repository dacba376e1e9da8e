//! The progress display of `build` and `check` (DESIGN §5): nothing for a build that
//! is over within a second; then, on a terminal, a bar naming the stage (indicatif),
//! and elsewhere (CI, a pipe) one plain line per stage. No colour with `NO_COLOR`.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before progress is shown.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// Shows a build's stages on stderr.
pub struct Reporter {
    started: Instant,
    terminal: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Reporter {
    /// A reporter for a build starting now. A terminal gets a bar unless `CI` is set.
    pub fn new() -> Self {
        Self {
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
            bar: Mutex::new(None),
        }
    }

    fn bar(&self, total: usize) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let colour = std::env::var_os("NO_COLOR").is_none();
        let template = if colour {
            "{spinner:.cyan} [{pos}/{len}] {msg} {elapsed:.dim}"
        } else {
            "{spinner} [{pos}/{len}] {msg} {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }
}

impl careleaf::Progress for Reporter {
    fn stage(&self, n: usize, total: usize, name: &'static str) {
        let elapsed = self.started.elapsed();
        if elapsed < QUIET_FOR {
            return;
        }
        if !self.terminal {
            eprintln!("[{n}/{total}] {name} ({:.1} s)", elapsed.as_secs_f64());
            return;
        }
        let mut slot = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        let bar = slot.get_or_insert_with(|| self.bar(total));
        bar.set_position(n as u64 - 1);
        bar.set_message(name);
    }

    fn done(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}
