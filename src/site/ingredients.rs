//! The ingredient index (DESIGN §4.4), as the site stage sees it: which ingredients
//! the guides of a language name, in which guide, section and item. Rendering puts
//! the words to it (`render/ingredients.rs`).

use std::collections::{BTreeMap, HashSet};

use crate::anchors;
use crate::content::Page;
use crate::sections::Section;

/// One place a guide names an ingredient.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    /// The guide's page index.
    pub page: usize,
    /// The section's position among the guide's sections.
    pub section: usize,
    /// The item's position in the section.
    pub item: usize,
    /// In an ingredients section (true) or a tip's `ingredient:` (false).
    pub listed: bool,
}

/// One ingredient of the index with every mention, guides in title order.
#[derive(Debug, Clone)]
pub struct Ingredient {
    /// The name as an ingredients section spells it (else as the first tip does).
    pub name: String,
    /// The anchor (`retinol`).
    pub id: String,
    /// Where guides name it.
    pub mentions: Vec<Mention>,
}

/// The ingredients named by the guides in `lang` (or, with `medicines`, the
/// medicines of their medications sections), sorted by name.
pub fn index(pages: &[std::sync::Arc<Page>], lang: &str, medicines: bool) -> Vec<Ingredient> {
    let mut by_id: BTreeMap<String, Ingredient> = BTreeMap::new();
    // Named in an ingredients section: that spelling wins over a tip's.
    let mut named = HashSet::new();
    let mut add = |name: &str, id: String, mention: Mention| {
        let entry = by_id.entry(id.clone()).or_insert_with(|| Ingredient {
            name: name.to_owned(),
            id: id.clone(),
            mentions: Vec::new(),
        });
        if mention.listed && named.insert(id) {
            entry.name = name.to_owned();
        }
        entry.mentions.push(mention);
    };
    let mut guides: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].lang == lang && !pages[i].is_index && pages[i].guide().is_some())
        .collect();
    guides.sort_by(|&a, &b| pages[a].meta.title.cmp(&pages[b].meta.title));
    for page in guides {
        let Some(guide) = pages[page].guide() else {
            continue;
        };
        for (section, s) in guide.sections.iter().enumerate() {
            match &s.section {
                Section::Medications(list) if medicines => {
                    for (item, entry) in list.items.iter().enumerate() {
                        let id = anchors::slugify(&entry.value.name);
                        if !id.is_empty() {
                            let at = Mention {
                                page,
                                section,
                                item,
                                listed: true,
                            };
                            add(&entry.value.name, id, at);
                        }
                    }
                }
                _ if medicines => {}
                Section::Ingredients(list) => {
                    for (item, entry) in list.items.iter().enumerate() {
                        let id = anchors::slugify(&entry.value.name);
                        if !id.is_empty() {
                            let listed = true;
                            let at = Mention {
                                page,
                                section,
                                item,
                                listed,
                            };
                            add(&entry.value.name, id, at);
                        }
                    }
                }
                Section::Tips(tips) => {
                    for (item, tip) in tips.items.iter().enumerate() {
                        let Some(name) = &tip.value.ingredient else {
                            continue;
                        };
                        let id = anchors::slugify(&name.value);
                        if !id.is_empty() {
                            let listed = false;
                            let at = Mention {
                                page,
                                section,
                                item,
                                listed,
                            };
                            add(&name.value, id, at);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut entries: Vec<Ingredient> = by_id.into_values().collect();
    entries.sort_by_cached_key(|e| (e.name.to_lowercase(), e.id.clone()));
    entries
}
