//! The main navigation of each language (DESIGN §10.6): `menu:` from careleaf.yaml
//! with its `@/` pages resolved, or by default the section pages, the glossary and at
//! most five more top-level pages by weight, never one link per guide.

use super::Resolved;
use crate::config::{CONFIG_FILE, MenuItem};
use crate::content::Body;
use crate::diagnostics::Diagnostic;
use crate::yaml::position;

/// Top-level pages (besides sections and the glossary) the default menu holds at most.
pub const DEFAULT_ROOT_PAGES: usize = 5;

/// Where a menu entry leads.
#[derive(Debug, Clone)]
pub enum MenuTarget {
    /// A page of the site, by index, with an optional `#anchor`.
    Page(usize, Option<String>),
    /// Any other address, as written.
    Url(String),
}

/// One entry of a language's menu.
#[derive(Debug, Clone)]
pub struct MenuEntry {
    /// Where it leads.
    pub target: MenuTarget,
    /// The link text written in `menu:`; else the page's title.
    pub title: Option<String>,
}

impl Resolved<'_> {
    /// The menu of `lang`.
    pub fn menu(&self, lang: &str) -> &[MenuEntry] {
        self.menus.get(lang).map_or(&[], Vec::as_slice)
    }

    /// Resolves `menu:` (problems: unknown pages) or makes the default menu, for every
    /// language.
    pub(super) fn menus(&mut self, problems: &mut Vec<Diagnostic>) {
        for lang in &self.site.languages {
            let entries = match &self.site.config.menu {
                Some(items) => items
                    .iter()
                    .filter_map(|item| self.configured(&item.value, lang, problems))
                    .collect(),
                None => self.default_menu(lang),
            };
            self.menus.insert(lang.clone(), entries);
        }
    }

    fn configured(
        &self,
        item: &MenuItem,
        lang: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<MenuEntry> {
        let target = match (&item.page, &item.url) {
            (Some(page), None) => {
                let written = page.value.strip_prefix("@/")?;
                let (path, anchor) = match written.split_once('#') {
                    Some((p, a)) => (p, Some(a.to_owned())),
                    None => (written, None),
                };
                let Some(&i) = self.by_content_path.get(path) else {
                    // Reported once, for the default language.
                    if lang == self.site.default_language() {
                        let e = self.no_page(path);
                        let (line, col) = position(page);
                        problems.push(
                            Diagnostic::error(CONFIG_FILE, line, col, e.message).with_hint(e.hint),
                        );
                    }
                    return None;
                };
                MenuTarget::Page(self.in_language(i, lang), anchor)
            }
            (None, Some(url)) => MenuTarget::Url(url.value.clone()),
            // Reported with the rest of careleaf.yaml.
            _ => return None,
        };
        Some(MenuEntry {
            target,
            title: item.title.clone(),
        })
    }

    /// Section pages of the first level, the glossary, and the first top-level pages
    /// by weight, in weight then title order.
    fn default_menu(&self, lang: &str) -> Vec<MenuEntry> {
        let in_lang = |i: &usize| self.pages[*i].lang == lang;
        let mut chosen: Vec<usize> = (0..self.pages.len())
            .filter(in_lang)
            .filter(|&i| {
                let p = &self.pages[i];
                let section_page = p.is_index && !p.section.is_empty() && !p.section.contains('/');
                let glossary = matches!(p.body, Body::Glossary(_)) && !p.is_index;
                section_page || glossary
            })
            .collect();
        let mut roots: Vec<usize> = (0..self.pages.len())
            .filter(in_lang)
            .filter(|&i| {
                let p = &self.pages[i];
                !p.is_index && p.section.is_empty() && !matches!(p.body, Body::Glossary(_))
            })
            .collect();
        roots.sort_by(|&a, &b| self.order(a, b));
        roots.truncate(DEFAULT_ROOT_PAGES);
        chosen.extend(roots);
        chosen.sort_by(|&a, &b| {
            let (pa, pb) = (&self.pages[a], &self.pages[b]);
            (pa.meta.weight, &pa.meta.title).cmp(&(pb.meta.weight, &pb.meta.title))
        });
        chosen
            .into_iter()
            .map(|i| MenuEntry {
                target: MenuTarget::Page(i, None),
                title: None,
            })
            .collect()
    }
}
