//! `@/` links and root-relative files resolved against the site: what Markdown
//! rendering and the link checks ask of the site stage.

use super::Resolved;
use crate::diagnostics::suggest;
use crate::markdown::{LinkError, Links};

impl Links for Resolved<'_> {
    fn resolve(&self, target: &str, lang: &str) -> Result<String, LinkError> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        if let Some(&i) = self.by_content_path.get(path) {
            let i = self.in_language(i, lang);
            let page = &self.pages[i];
            let Some(anchor) = anchor else {
                // Shown in the default language: the page greets the reader in theirs.
                if page.lang != lang {
                    return Ok(format!(
                        "{}#{}",
                        self.url(&page.path),
                        crate::urls::untranslated_id(lang)
                    ));
                }
                return Ok(self.url(&page.path));
            };
            if page.anchors.contains(anchor) {
                return Ok(format!("{}#{anchor}", self.url(&page.path)));
            }
            let hint = match suggest(anchor, page.anchors.iter()) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if page.anchors.is_empty() => {
                    "that page has no headings or sections to link to".to_owned()
                }
                None => format!(
                    "anchors on that page: {}",
                    page.anchors.iter().collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(LinkError {
                message: format!("`@/{path}` has no anchor `#{anchor}`"),
                hint,
            });
        }
        if self.files.contains(&format!("/{path}")) {
            return Ok(self.url(&format!("/{path}")));
        }
        if self.unreadable.contains(path) {
            return Ok(self.url("/"));
        }
        Err(self.no_page(path))
    }

    fn local_url(&self, path: &str) -> String {
        let prefix = &self.site.base_url.prefix;
        if prefix.is_empty()
            || path
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
        {
            path.to_owned()
        } else {
            self.url(path)
        }
    }

    fn page_at(&self, path: &str) -> Result<(), LinkError> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let path = path
            .strip_prefix(&self.site.base_url.prefix)
            .filter(|p| p.starts_with('/'))
            .unwrap_or(path);
        // What careleaf writes besides the pages, in any language (`/es/search/`).
        const WRITTEN: [&str; 13] = [
            "search/",
            "tags/",
            "concerns/",
            "medicines/",
            "handouts/",
            "handouts.pdf",
            "ingredients/",
            "pagefind/",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
            "404.html",
            "glossary/",
        ];
        let own_language = path
            .strip_prefix('/')
            .and_then(|p| p.split_once('/'))
            .filter(|(lang, _)| {
                self.site
                    .config
                    .translations
                    .iter()
                    .any(|t| t.value == *lang)
            })
            .map_or(path.trim_start_matches('/'), |(_, rest)| rest);
        let with_slash = format!("{path}/");
        if path == "/"
            || self.by_url.contains(path)
            || (!path.ends_with('/') && self.by_url.contains(with_slash.as_str()))
            || self.files.contains(path)
            || WRITTEN.iter().any(|w| own_language.starts_with(w))
            // A page's own handout, PDFs and pictures (`/microneedling/handout/`).
            || path
                .trim_end_matches('/')
                .rfind('/')
                .is_some_and(|end| end > 0 && self.by_url.contains(&path[..=end]))
        {
            return Ok(());
        }
        let hint = match suggest(path, self.by_url.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Or link to the page's file, like `@/name.yaml`, which careleaf checks and keeps right when a URL changes"),
            None => "link to a page's file, like `@/name.yaml`, which careleaf checks and keeps right when a URL changes".to_owned(),
        };
        Err(LinkError {
            message: format!("there is no page at `{path}`"),
            hint,
        })
    }

    fn file_exists(&self, path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let path = path
            .strip_prefix(&self.site.base_url.prefix)
            .filter(|p| p.starts_with('/'))
            .unwrap_or(path);
        self.files.contains(path)
    }
}
