//! The ingredient index (`/ingredients/`, one per language): every ingredient named in
//! a guide's ingredients section or in a tip's `ingredient:`, with what each guide says
//! about it, linked both ways.

use std::collections::BTreeMap;

use super::PageKind;
use super::context::{IngredientIndexEntry, IngredientUse, SectionBody};
use super::prepare::{Extra, Job, Language, blank};
use crate::site::Resolved;
use crate::urls;

/// Collects the ingredients of every guide job, in page order.
fn collect(jobs: &[Job], lang: &str) -> Vec<IngredientIndexEntry> {
    let mut by_id: BTreeMap<String, IngredientIndexEntry> = BTreeMap::new();
    // Ingredients named in an ingredients section; their spelling wins over a tip's.
    let mut named = std::collections::HashSet::new();
    let mut add = |name: &str, id: &str, in_section: bool, used: IngredientUse| {
        let entry = by_id
            .entry(id.to_owned())
            .or_insert_with(|| IngredientIndexEntry {
                name: name.to_owned(),
                id: id.to_owned(),
                uses: Vec::new(),
            });
        if in_section && named.insert(id.to_owned()) {
            entry.name = name.to_owned();
        }
        entry.uses.push(used);
    };
    let mut guides: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.page.kind == PageKind::Guide && j.lang == lang)
        .collect();
    guides.sort_by(|a, b| a.page.title.cmp(&b.page.title));
    for job in guides {
        let page = &job.page;
        for section in &page.sections {
            match &section.body {
                SectionBody::Ingredients { items } => {
                    for item in items.iter().filter(|i| !i.id.is_empty()) {
                        add(
                            &item.name,
                            &item.id,
                            true,
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#ingredient-{}", page.url, item.id),
                                status: item.status.to_owned(),
                                advice: item.advice.clone(),
                                note: item.note.clone(),
                            },
                        );
                    }
                }
                SectionBody::Tips { items, .. } => {
                    for tip in items {
                        let (Some(name), Some(id), Some(advice)) =
                            (&tip.ingredient, &tip.ingredient_id, &tip.ingredient_advice)
                        else {
                            continue;
                        };
                        if id.is_empty() {
                            continue;
                        }
                        add(
                            name,
                            id,
                            false,
                            IngredientUse {
                                guide: page.title.clone(),
                                url: format!("{}#{}", page.url, section.id),
                                status: tip.advice.to_owned(),
                                advice: advice.clone(),
                                note: Some(tip.text.clone()),
                            },
                        );
                    }
                }
                _ => {}
            }
        }
    }
    let mut entries: Vec<IngredientIndexEntry> = by_id.into_values().collect();
    entries.sort_by_cached_key(|e| (e.name.to_lowercase(), e.id.clone()));
    entries
}

/// Adds the index page of every language whose guides name ingredients, and tells the
/// templates of that language where it is (`site.ingredients_url`).
pub fn pages(r: &Resolved<'_>, jobs: &mut Vec<Job>, langs: &mut BTreeMap<String, Language>) {
    let mut added = Vec::new();
    for (lang, l) in langs.iter_mut() {
        let entries = collect(jobs, lang);
        let path = urls::ingredients(&r.home_path(lang));
        if entries.is_empty() || r.pages.iter().any(|p| p.path == path) {
            continue;
        }
        let url = r.url(&path);
        l.site.ingredients_url = Some(url.clone());
        let mut page = blank(
            PageKind::Ingredients,
            l.strings.get("ingredients_title").to_owned(),
            lang,
            url,
            r.permalink(&path),
        );
        page.summary = Some(l.strings.get("ingredients_intro").to_owned());
        added.push(Job {
            output: urls::output_file(&path),
            template: PageKind::Ingredients.template().into(),
            lang: lang.clone(),
            page,
            index: None,
            extra: Extra::Ingredients(entries),
        });
    }
    jobs.append(&mut added);
}
