//! Lists of pages split into pages of `listing.per_page` (DESIGN §10.6): the home
//! page, section pages and taxonomy term pages show their first `per_page` children
//! at their own address and the rest at `/SECTION/page/2/` and on, each page linked to
//! the one before and after it. No page grows with the size of the site.

use std::collections::BTreeMap;

use super::PageKind;
use super::context::PaginationContext;
use super::prepare::{Job, Language};
use crate::site::Resolved;
use crate::urls;

/// Whether a page of this kind lists pages in `children`.
fn is_listing(kind: PageKind) -> bool {
    matches!(kind, PageKind::Home | PageKind::Section | PageKind::Term)
}

/// Every job, with each long listing split into pages of `per_page` children.
pub fn paginate(
    resolved: &Resolved<'_>,
    jobs: Vec<Job>,
    langs: &BTreeMap<String, Language>,
    per_page: usize,
) -> Vec<Job> {
    let per_page = per_page.max(1);
    let mut out = Vec::with_capacity(jobs.len());
    for mut job in jobs {
        if !is_listing(job.page.kind) || job.page.children.len() <= per_page {
            out.push(job);
            continue;
        }
        let strings = &langs[&job.lang].strings;
        let first_path = job.page.url[resolved.site.base_url.prefix.len()..].to_owned();
        let children = std::mem::take(&mut job.page.children);
        let total = children.len().div_ceil(per_page);
        let path_of = |n: usize| {
            if n == 1 {
                first_path.clone()
            } else {
                urls::pager(&first_path, n)
            }
        };
        for (k, chunk) in children.chunks(per_page).enumerate() {
            let n = k + 1;
            let mut page = job.page.clone();
            let path = path_of(n);
            page.url = resolved.url(&path);
            page.permalink = resolved.permalink(&path);
            page.children = chunk.to_vec();
            page.pagination = Some(Box::new(PaginationContext {
                current: n,
                total,
                label: strings.fill(
                    "page_of",
                    &[("n", &n.to_string()), ("total", &total.to_string())],
                ),
                prev_url: (n > 1).then(|| resolved.url(&path_of(n - 1))),
                next_url: (n < total).then(|| resolved.url(&path_of(n + 1))),
            }));
            if n > 1 {
                // The page's own text and structured data stay on its first page.
                page.content = String::new();
                page.json_ld = None;
                page.translations = Vec::new();
            }
            out.push(Job {
                output: urls::output_file(&path),
                template: job.template.clone(),
                lang: job.lang.clone(),
                page,
                index: job.index,
                extra: job.extra.clone(),
                // The body is on the first page only.
                lazy_content: job.lazy_content && n == 1,
            });
        }
    }
    out
}
