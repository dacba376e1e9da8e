//! The ingredient index (`/ingredients/`, one per language): every ingredient named in
//! a guide's ingredients section or in a tip's `ingredient:`, with what each guide says
//! about it, linked both ways; and the medicines index (`/medicines/`) of the guides'
//! medications sections, made the same way.

use std::collections::{BTreeMap, HashMap};

use super::PageKind;
use super::context::{IngredientIndexEntry, IngredientUse, SectionBody};
use super::prepare::{Extra, Job, Language, blank};
use crate::site::Resolved;
use crate::urls;

/// The index entries of `lang`, in the words of the guide pages' contexts (`guides`
/// maps a page index to its prepared job).
fn entries(
    resolved: &Resolved<'_>,
    lang: &str,
    guides: &HashMap<usize, &Job>,
    medicines: bool,
) -> Vec<IngredientIndexEntry> {
    let index = if medicines {
        resolved.medicines.get(lang)
    } else {
        resolved.ingredients.get(lang)
    };
    let Some(index) = index else {
        return Vec::new();
    };
    index
        .iter()
        .map(|ingredient| IngredientIndexEntry {
            name: ingredient.name.clone(),
            id: ingredient.id.clone(),
            uses: ingredient
                .mentions
                .iter()
                .filter_map(|m| {
                    let page = &guides.get(&m.page)?.page;
                    let section = page.sections.get(m.section)?;
                    Some(match &section.body {
                        SectionBody::Ingredients(c) => {
                            let items = &c.items;
                            let item = items.get(m.item)?;
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#{}", page.url, item.anchor),
                                status: item.status.name().to_owned(),
                                advice: item.advice.clone(),
                                note: item.note.clone(),
                            }
                        }
                        SectionBody::Medications(c) => {
                            let items = &c.items;
                            let item = items.get(m.item)?;
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#{}", page.url, item.anchor),
                                status: item.use_.name().to_owned(),
                                advice: item.advice.clone(),
                                note: item.note.clone(),
                            }
                        }
                        SectionBody::Tips(c) => {
                            let items = &c.items;
                            let tip = items.get(m.item)?;
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#{}", page.url, section.id),
                                status: tip.advice.name().to_owned(),
                                advice: tip.ingredient_advice.clone()?,
                                note: Some(tip.text.clone()),
                            }
                        }
                        _ => return None,
                    })
                })
                .collect(),
        })
        .collect()
}

/// The ingredient index of every language whose guides name ingredients, and the
/// medicines index of every language whose guides name medicines.
pub fn pages(
    resolved: &Resolved<'_>,
    jobs: &[Job],
    langs: &BTreeMap<String, Language>,
) -> Vec<Job> {
    let guides: HashMap<usize, &Job> = jobs
        .iter()
        .filter(|j| j.page.kind == PageKind::Guide)
        .filter_map(|j| Some((j.index?, j)))
        .collect();
    let mut added = Vec::new();
    for medicines in [false, true] {
        let (index, kind, key) = if medicines {
            (&resolved.medicines, PageKind::Medicines, "medicines")
        } else {
            (&resolved.ingredients, PageKind::Ingredients, "ingredients")
        };
        for lang in index.keys() {
            let language = &langs[lang];
            let home = resolved.home_path(lang);
            let path = if medicines {
                urls::medicines(&home)
            } else {
                urls::ingredients(&home)
            };
            let mut page = blank(
                kind,
                language.strings.get(&format!("{key}_title")).to_owned(),
                lang,
                resolved.url(&path),
                resolved.permalink(&path),
            );
            page.summary = Some(language.strings.get(&format!("{key}_intro")).to_owned());
            let list = entries(resolved, lang, &guides, medicines);
            let extra = if medicines {
                Extra::Medicines(list)
            } else {
                Extra::Ingredients(list)
            };
            added.push(Job::generated(&path, page, extra));
        }
    }
    added
}
