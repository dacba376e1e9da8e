//! Links, images and URLs in every Markdown field of a page: `@/` targets and
//! anchors, image files and their alt text, unsafe link schemes, heading attributes.
//! Read by the same pass that renders Markdown (`Markdown::check`), so what is checked
//! here is exactly what is rendered later.

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::{CalloutLabels, Markdown, Origin};
use crate::site::Resolved;

/// Every link, image and URL problem in `page`'s prose, and in the pictures of its
/// steps, stages and first-aid items.
pub fn check(page: &Page, r: &Resolved<'_>, md: &Markdown) -> Vec<Diagnostic> {
    let labels = CalloutLabels::default();
    let mut found = item_images(page, r);
    let fields = match page.prose_fields() {
        Ok(fields) => fields,
        Err(d) => {
            found.push(d);
            return found;
        }
    };
    found.extend(fields.into_iter().flat_map(|field| {
        let origin = Origin {
            file: &page.source,
            line: field.line,
            lang: &page.lang,
            labels: &labels,
        };
        md.check(&field.text, &origin, r)
    }));
    found
}

/// `image: { src, alt }` of steps, timeline stages and first-aid items: the file must
/// be in static/ (a root-relative path) and the alt text must say what it shows.
fn item_images(page: &Page, r: &Resolved<'_>) -> Vec<Diagnostic> {
    use crate::content::guide::Section;
    use crate::markdown::Links;
    let Some(g) = page.guide() else {
        return Vec::new();
    };
    let mut images = Vec::new();
    for s in &g.sections {
        match &s.section {
            Section::Steps(steps) => {
                images.extend(steps.items.iter().filter_map(|i| i.image.as_ref()))
            }
            Section::Timeline(t) => images.extend(t.stages.iter().filter_map(|i| i.image.as_ref())),
            Section::IfThisHappens(f) => {
                images.extend(f.items.iter().filter_map(|i| i.value.image.as_ref()))
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for image in images {
        let (line, col) = crate::yaml::position(image);
        let src = &image.value.src;
        let supported = [".png", ".jpg", ".jpeg", ".svg"]
            .iter()
            .any(|ext| src.to_ascii_lowercase().ends_with(ext));
        if !src.starts_with('/') || src.starts_with("//") {
            found.push(
                Diagnostic::error(
                    &page.source,
                    line,
                    col,
                    format!("the picture `{src}` is not a file of the site"),
                )
                .with_hint(
                    "put the file in static/ and write its path from there, like /images/press.svg",
                ),
            );
        } else if !r.file_exists(src) {
            found.push(
                Diagnostic::error(
                    &page.source,
                    line,
                    col,
                    format!("the picture `{src}` does not exist"),
                )
                .with_hint("put the file in static/ (then write /name.png)"),
            );
        } else if !supported {
            found.push(
                Diagnostic::error(
                    &page.source,
                    line,
                    col,
                    format!("the picture `{src}` cannot be printed"),
                )
                .with_hint("use a PNG, JPEG or SVG file, which pages and PDF handouts both show"),
            );
        }
        if image.value.alt.trim().is_empty() {
            found.push(
                Diagnostic::error(&page.source, line, col, "a picture has no alt text")
                    .with_hint("describe the picture for patients who cannot see it: `alt: Pressing on the wound with a towel`"),
            );
        }
    }
    found
}
