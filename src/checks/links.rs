//! Links, images and URLs in every Markdown field of a page: `@/` targets and
//! anchors, image files and their alt text, unsafe link schemes, heading attributes.
//! Read by the same pass that renders Markdown (`Markdown::check`), so what is checked
//! here is exactly what is rendered later.

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::markdown::{CalloutLabels, Links, Markdown, Origin};
use crate::sections::Image;
use crate::site::Resolved;
use crate::yaml::Spanned;

/// Every link, image and URL problem in `page`'s prose, in the pictures of its
/// steps, stages and first-aid items, and in its references' addresses.
pub fn check(page: &Page, resolved: &Resolved<'_>, md: &Markdown) -> Vec<Diagnostic> {
    let labels = CalloutLabels::default();
    let fields = match page.fields() {
        Ok(fields) => fields,
        Err(d) => return vec![d],
    };
    let mut found = item_images(page, resolved, &fields.images);
    found.extend(addresses(page, resolved, &fields.links));
    found.extend(fields.prose.into_iter().flat_map(|field| {
        let origin = Origin {
            file: &page.source,
            line: field.line,
            lang: &page.lang,
            labels: &labels,
        };
        md.check(&field.text, &origin, resolved)
    }));
    found
}

/// `@/` pages named as a field (a reference's `url`), resolved like a Markdown link's.
fn addresses(page: &Page, resolved: &Resolved<'_>, urls: &[&Spanned<String>]) -> Vec<Diagnostic> {
    urls.iter()
        .filter_map(|url| {
            let target = url.value.strip_prefix("@/")?;
            let e = resolved.resolve(target, &page.lang).err()?;
            let (line, col) = crate::yaml::position(url);
            Some(Diagnostic::error(&page.source, line, col, e.message).with_hint(e.hint))
        })
        .collect()
}

/// `image: { src, alt }` of steps, timeline stages and first-aid items: the file must
/// be in static/ (a root-relative path) and the alt text must say what it shows.
fn item_images(
    page: &Page,
    resolved: &Resolved<'_>,
    images: &[&Spanned<Image>],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for &image in images {
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
        } else if !resolved.file_exists(src) {
            found.push(
                Diagnostic::error(
                    &page.source,
                    line,
                    col,
                    format!("the picture `{src}` does not exist"),
                )
                .with_hint("put the file in static/ (then write /name.png)"),
            );
        } else if let Some((w, h)) = huge(resolved, src) {
            found.push(
                Diagnostic::error(
                    &page.source,
                    line,
                    col,
                    format!(
                        "the picture `{src}` {}",
                        crate::site_root::pixels_message(w, h)
                    ),
                )
                .with_hint(
                    "save a smaller copy (2,000 pixels across is plenty for a page and a handout)",
                ),
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

/// A picture of the site (`/images/x.png`, in static/ or content/) with more pixels
/// than careleaf decodes, read from its header.
fn huge(resolved: &Resolved<'_>, src: &str) -> Option<(u64, u64)> {
    use std::io::Read as _;
    let root = &resolved.site.root;
    let rel = src.trim_start_matches('/');
    let site = crate::site_root::SiteRoot::new(root);
    let path = ["static", "content"]
        .iter()
        .map(|dir| root.join(dir).join(rel))
        .find_map(|p| site.file(&p).ok())?;
    // A JPEG's size can follow its metadata: the first 256 KB hold it in practice.
    let mut header = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(256 * 1024)
        .read_to_end(&mut header)
        .ok()?;
    crate::site_root::too_many_pixels(&header)
}
