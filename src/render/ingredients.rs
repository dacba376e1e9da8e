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
    r: &Resolved<'_>,
    lang: &str,
    guides: &HashMap<usize, &Job>,
    medicines: bool,
) -> Vec<IngredientIndexEntry> {
    let index = if medicines {
        r.medicines.get(lang)
    } else {
        r.ingredients.get(lang)
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
                        SectionBody::Ingredients { items } => {
                            let item = items.get(m.item)?;
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#ingredient-{}", page.url, item.id),
                                status: item.status.to_owned(),
                                advice: item.advice.clone(),
                                note: item.note.clone(),
                            }
                        }
                        SectionBody::Medications { items } => {
                            let item = items.get(m.item)?;
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#medicine-{}", page.url, item.id),
                                status: item.use_.to_owned(),
                                advice: item.advice.clone(),
                                note: item.note.clone(),
                            }
                        }
                        SectionBody::Tips { items, .. } => {
                            let tip = items.get(m.item)?;
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#{}", page.url, section.id),
                                status: tip.advice.to_owned(),
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

/// The index page of every language whose guides name ingredients.
pub fn pages(r: &Resolved<'_>, jobs: &[Job], langs: &BTreeMap<String, Language>) -> Vec<Job> {
    let guides: HashMap<usize, &Job> = jobs
        .iter()
        .filter(|j| j.page.kind == PageKind::Guide)
        .filter_map(|j| Some((j.index?, j)))
        .collect();
    let mut added = Vec::new();
    for lang in r.ingredients.keys() {
        let l = &langs[lang];
        let path = urls::ingredients(&r.home_path(lang));
        let mut page = blank(
            PageKind::Ingredients,
            l.strings.get("ingredients_title").to_owned(),
            lang,
            r.url(&path),
            r.permalink(&path),
        );
        page.summary = Some(l.strings.get("ingredients_intro").to_owned());
        let entries = entries(r, lang, &guides, false);
        added.push(Job::generated(&path, page, Extra::Ingredients(entries)));
    }
    for lang in r.medicines.keys() {
        let l = &langs[lang];
        let path = urls::medicines(&r.home_path(lang));
        let mut page = blank(
            PageKind::Medicines,
            l.strings.get("medicines_title").to_owned(),
            lang,
            r.url(&path),
            r.permalink(&path),
        );
        page.summary = Some(l.strings.get("medicines_intro").to_owned());
        let entries = entries(r, lang, &guides, true);
        added.push(Job::generated(&path, page, Extra::Medicines(entries)));
    }
    added
}
