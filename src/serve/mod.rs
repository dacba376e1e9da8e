//! `careleaf serve`: builds the site into a private folder, serves it on 127.0.0.1 and
//! rebuilds when a source changes. Pages are reloaded through Server-Sent Events by a
//! small script the server adds to HTML responses (never to `build` output). A build
//! that fails keeps the last good site online and shows its problems in the terminal
//! and as an overlay in the browser.

mod http;
mod live;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::{BuildOptions, Report, diagnostics};
pub use http::resolve;
use live::LiveOutput;
use watch::Watcher;

/// What `careleaf serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// The date review checks use; `None` for the clock's date at each rebuild.
    pub today: Option<jiff::civil::Date>,
    /// Print where each build's time goes.
    pub timings: bool,
    /// Colour the problems printed after a failed rebuild (the binary decides, from
    /// the terminal and `NO_COLOR`; the library reads no environment).
    pub color: bool,
}

/// The state the request threads share with the rebuild loop.
#[derive(Default)]
pub(super) struct State {
    /// Bumped after every successful rebuild.
    generation: u64,
    /// The problems of the last failed build, as text.
    problem: Option<String>,
    /// Bumped after every build, good or bad.
    builds: u64,
}

pub(super) type Shared = Arc<(Mutex<State>, Condvar)>;

/// Serves the site until the process is stopped; `started` is told the address once
/// the first build is done and the server listens.
pub fn serve(opts: &ServeOptions, started: impl FnOnce(SocketAddr)) -> Result<()> {
    let root = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let listener = std::net::TcpListener::bind(("127.0.0.1", opts.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", opts.port))?;
    let addr = listener
        .local_addr()
        .context("the server has no IP address")?;
    remove_stale_outputs();
    let output = private_folder()?;
    let build_opts = BuildOptions {
        root: root.clone(),
        base_url: Some(format!("http://{addr}")),
        drafts: opts.drafts,
        strict: false,
        pdf: true,
        today: opts.today.unwrap_or_else(crate::today_utc),
        timings: opts.timings,
        relative: false,
        cache: Some(Arc::default()),
        progress: None,
    };
    let shared: Shared = Arc::default();
    let mut live = LiveOutput::new(output.clone(), Arc::clone(&shared));
    rebuild(&build_opts, opts, &mut live, &shared);
    // Watching starts before the address is announced, so no edit made after the
    // announcement can be missed.
    let watcher = Watcher::start(&root)
        .with_context(|| format!("watching {} for changes", root.display()))?;
    started(addr);

    let watcher_shared = Arc::clone(&shared);
    let serve = opts.clone();
    std::thread::spawn(move || watcher.run(&build_opts, &serve, &mut live, &watcher_shared));

    http::run(&listener, &output, &shared, addr.port());
    Ok(())
}

/// A new folder for this server's site, `careleaf-serve-PID-N` in the temporary
/// folder, made by this call (a folder already there, perhaps planted by another
/// user, is never used) and readable by this user alone (drafts are served).
fn private_folder() -> Result<PathBuf> {
    let pid = std::process::id();
    for n in 0..1000 {
        let dir = std::env::temp_dir().join(format!("careleaf-serve-{pid}-{n}"));
        match live::make_private(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("creating {}", dir.display())),
        }
    }
    anyhow::bail!(
        "cannot create a folder for the site in {}",
        std::env::temp_dir().display()
    )
}

/// Deletes the build folders of `serve` processes that are no longer running (a server
/// stopped with Ctrl+C leaves its folder behind).
fn remove_stale_outputs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("careleaf-serve-")
            .and_then(|rest| rest.split('-').next())
        else {
            continue;
        };
        if !crate::output::may_be_running(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Builds once, prints the outcome and tells the browsers: `reload` as soon as the
/// pages are written (the search index and PDFs follow), or the build's problems.
fn rebuild(opts: &BuildOptions, serve: &ServeOptions, output: &mut LiveOutput, shared: &Shared) {
    let started = Instant::now();
    output.started = started;
    output.pages_at = None;
    let opts = BuildOptions {
        today: serve.today.unwrap_or_else(crate::today_utc),
        ..opts.clone()
    };
    let report = crate::build(&opts, crate::Destination::Sink(output));
    let (lock, wake) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    let problem = match report {
        Ok(report) => {
            // Like `build`, a few of each kind: thousands of warnings would bury
            // the line that says the browser reloaded.
            eprint!(
                "{}",
                diagnostics::render_some(
                    &report.diagnostics,
                    &report.sources,
                    serve.color,
                    Some(diagnostics::SHOWN_PER_KIND)
                )
            );
            if report.written {
                eprintln!(
                    "Built {} pages in {} ms; the browser reloaded after {} ms (PDFs {} ms, search index {} ms).",
                    report.pages,
                    started.elapsed().as_millis(),
                    output.pages_at.map_or(0, |d| d.as_millis()),
                    report.pdfs.time.as_millis(),
                    report.search.map_or(0, |s| s.time.as_millis()),
                );
                None
            } else {
                eprintln!("{}", failed_line(&report));
                Some(diagnostics::render_some(
                    &report.diagnostics,
                    &report.sources,
                    false,
                    Some(diagnostics::SHOWN_PER_KIND),
                ))
            }
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            Some(format!("{e:#}"))
        }
    };
    // A good build has already told the browsers (when its pages were written); a bad
    // one tells them now.
    if problem.is_some() || output.pages_at.is_none() {
        state.problem = problem;
        state.builds += 1;
        wake.notify_all();
    }
}

fn failed_line(report: &Report) -> String {
    let (errors, _) = report.counts();
    format!(
        "The build has {errors} error{}; still serving the last good version.",
        if errors == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    /// A folder at the name the server would take (perhaps planted by another user,
    /// with a page in it) is never used: the server makes its own, private one.
    #[test]
    fn a_folder_made_before_the_server_is_never_used() {
        use std::os::unix::fs::PermissionsExt as _;
        let planted = std::env::temp_dir().join(format!("careleaf-serve-{}-0", std::process::id()));
        let _ = std::fs::create_dir(&planted);
        std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o777)).unwrap();
        std::fs::write(planted.join("index.html"), "planted").unwrap();
        let own = super::private_folder().unwrap();
        assert_ne!(own, planted);
        assert_eq!(
            std::fs::metadata(&own).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert!(std::fs::read_dir(&own).unwrap().next().is_none());
        std::fs::remove_dir_all(&own).unwrap();
        std::fs::remove_dir_all(&planted).unwrap();
    }
}
