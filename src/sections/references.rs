//! `type: references`: sources, each a citation and where to read it (a web address
//! or an `@/` page of the site, resolved and checked like any link).

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{Checks, Prose, Reading, RenderCx, SectionKind, Walker, section};

section!(
    /// `type: references`.
    ReferencesSection {
        /// The sources.
        items: Vec<Reference>,
    }
);

/// One source.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The citation.
    pub text: Prose,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `references`: `items` with `text` and `url`.
#[derive(Debug, Clone, Serialize)]
pub struct ReferencesContext {
    /// The sources.
    pub items: Vec<ReferenceContext>,
}

/// A reference.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceContext {
    /// Rendered citation.
    pub text: String,
    /// Its URL.
    pub url: Option<String>,
}

impl SectionKind for ReferencesSection {
    type Context = ReferencesContext;

    fn check(&self, checks: &mut Checks<'_>) {
        for url in self.items.iter().filter_map(|r| r.url.as_ref()) {
            if !(url.value.starts_with("https://")
                || url.value.starts_with("http://")
                || url.value.starts_with("@/"))
            {
                checks.error(
                    url,
                    format!("`{}` is not a web address", url.value),
                    "start it with https://",
                );
            }
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for reference in &self.items {
            w.prose(&reference.text, Reading::Short);
            if let Some(url) = &reference.url {
                w.link(url);
            }
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> ReferencesContext {
        ReferencesContext {
            items: self
                .items
                .iter()
                .map(|x| ReferenceContext {
                    text: cx.inline(&x.text),
                    url: x.url.as_ref().map(|u| match u.value.strip_prefix("@/") {
                        Some(target) => cx.convert.page_url(target).unwrap_or_default(),
                        None => u.value.clone(),
                    }),
                })
                .collect(),
        }
    }
}
