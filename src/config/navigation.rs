//! `menu:` and `listing:` of careleaf.yaml: the main navigation and long lists.

use crate::yaml::Spanned;
use serde::Deserialize;

use crate::yaml;

/// One entry of `menu:`: a page of the site (`page: "@/about.md"`, its title unless
/// `title` is given) or any address (`url` with a `title`).
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// An `@/` path to a content file.
    #[serde(default)]
    pub page: Option<Spanned<String>>,
    /// The text of the link.
    #[serde(default)]
    pub title: Option<String>,
    /// An address outside the site (or any path), with `title`.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// How lists of pages are split into pages.
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// Pages listed per page; later ones go to `/SECTION/page/2/` and on. Default: 50.
    #[serde(default = "default_per_page")]
    pub per_page: Spanned<u32>,
}

impl Default for Listing {
    fn default() -> Self {
        Self {
            per_page: yaml::unspanned(default_per_page_value()),
        }
    }
}

fn default_per_page() -> Spanned<u32> {
    yaml::unspanned(default_per_page_value())
}

fn default_per_page_value() -> u32 {
    50
}

/// Errors in `menu:` entries: `page` and `url` together or neither, a `url` without
/// a `title`, a `page` that is not an `@/` path.
pub(super) fn menu_problems(config: &super::Config) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::Diagnostic;
    use crate::yaml;
    let file = super::CONFIG_FILE;
    let mut problems = Vec::new();
    for item in config.menu.iter().flatten() {
        let (line, col) = yaml::position(item);
        let m = &item.value;
        let problem = match (&m.page, &m.url, &m.title) {
            (Some(_), Some(_), _) => Some((
                "a menu entry has both `page` and `url`",
                "keep `page` for a page of this site, or `url` for another address",
            )),
            (None, None, _) => Some((
                "a menu entry needs `page` or `url`",
                "write `page: \"@/about.md\"` for a page of this site, or `url:` and `title:` for another address",
            )),
            (None, Some(_), None) => Some((
                "a menu entry with `url` needs a `title`",
                "add `title:` with the words to show in the menu",
            )),
            _ => None,
        };
        if let Some((message, hint)) = problem {
            problems.push(Diagnostic::error(file, line, col, message).with_hint(hint));
        }
        if let Some(url) = &m.url
            && let Some((message, hint)) = crate::urls::refused(&url.value)
        {
            let (line, col) = yaml::position(url);
            problems.push(Diagnostic::error(file, line, col, message).with_hint(hint));
        }
        if let Some(page) = &m.page
            && !page.value.starts_with("@/")
        {
            let (line, col) = yaml::position(page);
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    col,
                    format!("`{}` is not an `@/` path", page.value),
                )
                .with_hint("name the page by its file under content/, like \"@/about.md\""),
            );
        }
    }
    problems
}
