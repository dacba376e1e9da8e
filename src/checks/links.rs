//! Links, images and URLs in every Markdown field of a page: `@/` targets and
//! anchors, image files and their alt text, unsafe link schemes, heading attributes.
//! Read by the same pass that renders Markdown (`Markdown::check`), so what is checked
//! here is exactly what is rendered later.

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::{CalloutLabels, Markdown, Origin};
use crate::site::Resolved;

/// Every link, image and URL problem in `page`'s prose.
pub fn check(page: &Page, r: &Resolved<'_>, md: &Markdown) -> Vec<Diagnostic> {
    let labels = CalloutLabels::default();
    page.prose_fields()
        .into_iter()
        .flat_map(|field| {
            let origin = Origin {
                file: &page.source,
                line: field.line,
                lang: &page.lang,
                labels: &labels,
            };
            md.check(field.text, &origin, r)
        })
        .collect()
}
