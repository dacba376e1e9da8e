//! A guide section's template context: its prose converted (HTML for pages, Typst
//! markup for PDFs), windows in words, statuses and labels from the UI strings.

use super::context::*;
use super::meta::plain_advice;
use super::prepare::Builder;
use crate::anchors;
use crate::content::guide::{Section, Status};
use crate::markdown::plain_text;

impl Builder<'_, '_> {
    fn titled(&mut self, items: &[crate::content::guide::TitledItem]) -> Vec<TitledContext> {
        items
            .iter()
            .map(|x| TitledContext {
                title: x.title.clone(),
                body: self.opt_block(x.body.as_ref()),
            })
            .collect()
    }

    pub(super) fn section(&mut self, id: &str, s: &Section) -> SectionContext {
        let strings = &self.lang.strings;
        let title = s.title().map(str::to_owned).unwrap_or_else(|| {
            strings
                .get(&format!("section_{}", s.kind().name()))
                .to_owned()
        });
        let intro = self.opt_block(s.intro());
        let body = match s {
            Section::Text(t) => SectionBody::Text {
                body: self.block(&t.body),
            },
            Section::Benefits(b) => SectionBody::Benefits {
                items: self.titled(&b.items),
            },
            Section::Steps(b) => SectionBody::Steps {
                items: self.titled(&b.items),
            },
            Section::Comparison(c) => SectionBody::Comparison {
                options: c.options.clone(),
                rows: c
                    .rows
                    .iter()
                    .map(|row| RowContext {
                        aspect: row.value.aspect.clone(),
                        values: row.value.values.iter().map(|v| self.inline(v)).collect(),
                    })
                    .collect(),
                note: self.opt_block(c.note.as_ref()),
            },
            Section::Timeline(t) => SectionBody::Timeline {
                stages: t
                    .stages
                    .iter()
                    .map(|st| StageContext {
                        label: st.label.clone(),
                        when: st
                            .when
                            .as_ref()
                            .map(|w| self.lang.strings.window_heading(&w.value)),
                        body: self.opt_block(st.body.as_ref()),
                        expect: st.expect.iter().map(|e| self.inline(e)).collect(),
                    })
                    .collect(),
            },
            Section::Tips(t) => {
                let items: Vec<TipContext> = t
                    .items
                    .iter()
                    .map(|tip| {
                        let tip = &tip.value;
                        let (advice, text) = match (&tip.do_, &tip.avoid) {
                            (Some(d), _) => ("do", Some(d)),
                            (None, Some(a)) => ("avoid", Some(a)),
                            // Reported as an error while loading; the page is never written.
                            (None, None) => ("do", None),
                        };
                        TipContext {
                            advice,
                            text: text.map(|t| self.inline(t)).unwrap_or_default(),
                            when: tip
                                .when
                                .as_ref()
                                .and_then(|w| self.lang.strings.window_phrase(&w.value)),
                            why: tip.why.as_ref().map(|w| self.inline(w)),
                            ingredient: tip.ingredient.as_ref().map(|i| i.value.clone()),
                            ingredient_id: tip
                                .ingredient
                                .as_ref()
                                .map(|i| anchors::slugify(&i.value)),
                            ingredient_advice: tip.ingredient.as_ref().map(|_| {
                                plain_advice(
                                    &self.lang.strings,
                                    self.lang.strings.get(&format!("advice_{advice}")),
                                    tip.when.as_ref().map(|w| &w.value),
                                )
                            }),
                        }
                    })
                    .collect();
                SectionBody::Tips {
                    do_items: items.iter().filter(|t| t.advice == "do").cloned().collect(),
                    avoid_items: items
                        .iter()
                        .filter(|t| t.advice == "avoid")
                        .cloned()
                        .collect(),
                    items,
                }
            }
            Section::Ingredients(ing) => SectionBody::Ingredients {
                items: ing
                    .items
                    .iter()
                    .map(|item| {
                        let item = &item.value;
                        let status = match item.status {
                            Status::Safe => "safe",
                            Status::Avoid => "avoid",
                            Status::Caution => "caution",
                        };
                        let status_label = self
                            .lang
                            .strings
                            .get(&format!("status_{status}"))
                            .to_owned();
                        IngredientContext {
                            name: item.name.clone(),
                            id: anchors::slugify(&item.name),
                            status,
                            advice: plain_advice(
                                &self.lang.strings,
                                &status_label,
                                item.when.as_ref().map(|w| &w.value),
                            ),
                            status_label,
                            when: item
                                .when
                                .as_ref()
                                .and_then(|w| self.lang.strings.window_phrase(&w.value)),
                            note: item.note.as_ref().map(|n| self.inline(n)),
                        }
                    })
                    .collect(),
            },
            Section::WarningSigns(w) => SectionBody::WarningSigns {
                items: w.items.iter().map(|x| self.inline(x)).collect(),
            },
            Section::Faq(f) => SectionBody::Faq {
                items: f
                    .items
                    .iter()
                    .map(|x| QuestionContext {
                        q: x.q.clone(),
                        a: self.block(&x.a),
                        a_text: plain_text(&x.a.value),
                    })
                    .collect(),
            },
            Section::References(refs) => SectionBody::References {
                items: refs
                    .items
                    .iter()
                    .map(|x| ReferenceContext {
                        text: self.inline(&x.text),
                        url: x.url.as_ref().map(|u| match u.value.strip_prefix("@/") {
                            Some(target) => {
                                crate::markdown::Links::resolve(self.r, target, &self.page.lang)
                                    .unwrap_or_default()
                            }
                            None => u.value.clone(),
                        }),
                    })
                    .collect(),
            },
        };
        SectionContext {
            id: id.to_owned(),
            title,
            intro,
            body,
        }
    }
}
