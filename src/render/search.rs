//! The offline search index (feature `search`): Pagefind, used as a library, reads the
//! rendered pages' `<main>` and writes its index, its WebAssembly search code and its
//! UI under `pagefind/`. Every language gets its own index, stemmed for that language;
//! the browser searches the index of the page's language.

use std::time::Instant;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::prepare::Job;
use super::{OutputFile, SearchStats as Stats};
use crate::diagnostics::Diagnostic;

/// The folder the index and Pagefind's scripts are written to.
pub const BUNDLE: &str = "pagefind";

/// Indexes the rendered pages of `jobs` (`files[i]` is the output of `jobs[i]`).
pub fn index(jobs: &[Job], files: &[OutputFile]) -> Result<(Vec<OutputFile>, Stats), Diagnostic> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(&e.to_string()))?;
    let pages: Vec<(&Job, &OutputFile)> = jobs
        .iter()
        .zip(files)
        .filter(|(job, _)| job.page.kind.searchable())
        // Later pages of a long list hold only links: the first page is indexed.
        .filter(|(job, _)| job.page.pagination.as_ref().is_none_or(|p| p.current == 1))
        .collect();
    let search = || {
        runtime.block_on(async {
            let config = PagefindServiceConfig::builder()
                .root_selector("main".to_owned())
                .exclude_selectors(vec![".no-search".to_owned(), "nav".to_owned()])
                .build();
            let mut index = PagefindIndex::new(Some(config))?;
            for (job, file) in &pages {
                let html = String::from_utf8_lossy(&file.bytes).into_owned();
                index
                    .add_html_file(Some(file.path.clone()), Some(job.page.url.clone()), html)
                    .await?;
            }
            index.get_files().await
        })
    };
    // Pagefind's work runs on rayon's threads: this thread (a rayon worker) may be
    // handed another build's search while it waits (two builds in one process, as
    // under tests), and a runtime cannot start within another on one thread; that
    // one runs on a thread of its own.
    let found = if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|scope| {
            scope
                .spawn(search)
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    } else {
        search()
    };
    let found = found.map_err(|e| failed(&format!("{e:#}")))?;
    let mut stats = Stats {
        pages: pages.len(),
        ..Stats::default()
    };
    let mut out: Vec<OutputFile> = found
        .into_iter()
        .map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            stats.total_bytes += f.contents.len();
            if is_index_data(&name) {
                stats.index_bytes += f.contents.len();
            }
            OutputFile {
                path: format!("{BUNDLE}/{name}"),
                bytes: f.contents,
            }
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    stats.time = started.elapsed();
    Ok((out, stats))
}

/// The files that hold the index itself rather than Pagefind's code.
fn is_index_data(name: &str) -> bool {
    ["index/", "fragment/", "filter/"]
        .iter()
        .any(|dir| name.starts_with(dir))
        || name.ends_with(".pf_meta")
}

fn failed(message: &str) -> Diagnostic {
    Diagnostic::general(format!("the search index could not be built: {message}")).with_hint(
        "report this with the site that causes it; `search: false` in careleaf.yaml builds without search",
    )
}
