//! `menu:` and `listing:` of careleaf.yaml: the main navigation and long lists.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::yaml;

/// One entry of `menu:`: a page of the site (`page: "@/about.md"`, its title unless
/// `title` is given) or any address (`url` with a `title`).
#[derive(Debug, Deserialize, Clone)]
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
#[derive(Debug, Deserialize, Clone)]
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
