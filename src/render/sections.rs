//! A guide section's template context: its prose converted (HTML for pages, Typst
//! markup for PDFs), windows in words, statuses and labels from the UI strings.

use super::context::*;
use super::languages::tel;
use super::meta::plain_advice;
use super::prepare::Builder;
use crate::anchors;
use crate::config::{AFTER_HOURS_CONTACT, CLINIC_CONTACT};
use crate::content::duration::{Events, Window};
use crate::content::guide::{
    Image, Level, Medication, Section, SignGroup, Status, WarningSignsSection,
};
use crate::markdown::plain_text;
use serde_saphyr::Spanned;

impl Builder<'_, '_> {
    fn titled(&mut self, items: &[crate::content::guide::TitledItem]) -> Vec<TitledContext> {
        items
            .iter()
            .map(|x| TitledContext {
                title: x.title.clone(),
                body: self.opt_block(x.body.as_ref()),
                image: self.image(x.image.as_ref()),
            })
            .collect()
    }

    fn image(&self, image: Option<&Spanned<Image>>) -> Option<ImageContext> {
        let image = &image?.value;
        Some(ImageContext {
            src: self.image_src(&image.src),
            alt: image.alt.clone(),
        })
    }

    fn medication(&mut self, m: &Medication, events: &Events) -> MedicationContext {
        let strings = &self.lang.strings;
        let use_ = m.use_.name();
        let use_label = strings.get(&format!("medicine_{use_}")).to_owned();
        let how_often = match (&m.every, &m.schedule) {
            (Some(every), _) => {
                Some(strings.fill("medicine_every", &[("d", &strings.duration(every.value))]))
            }
            (None, Some(schedule)) => Some(schedule.clone()),
            (None, None) => None,
        };
        MedicationContext {
            name: m.name.clone(),
            id: anchors::slugify(&m.name),
            use_,
            advice: plain_advice(
                strings,
                &use_label,
                m.when.as_ref().map(|w| &w.value),
                events,
            ),
            use_label,
            dose: m.dose.clone(),
            how_often,
            when: m
                .when
                .as_ref()
                .and_then(|w| strings.window_phrase(&w.value, events)),
            window: plan_window(m.when.as_ref(), events),
            note: m.note.as_ref().map(|n| self.inline(n)),
        }
    }

    fn warning_signs(&mut self, w: &WarningSignsSection, events: &Events) -> SectionBody {
        let config = &self.r.site.config;
        let contact = |name: &str| -> Option<ContactContext> {
            let strings = &self.lang.strings;
            let c = config.contact_in(name, strings)?;
            let label = match name {
                CLINIC_CONTACT => strings.get("call_us_on").replace("{phone}", ""),
                AFTER_HOURS_CONTACT => strings.get("call_after_hours").replace("{phone}", ""),
                _ if c.phone.is_some() => strings.fill("contact_label", &[("label", &c.label)]),
                _ => c.label.clone(),
            };
            let phone_href = c.phone.as_deref().map(tel);
            // "Call 999" already holds its number: the label itself is the link.
            let (label, phone) = match c.phone {
                Some(p) if c.label.contains(p.as_str()) => (String::new(), Some(c.label.clone())),
                phone => (label, phone),
            };
            Some(ContactContext {
                name: name.to_owned(),
                label,
                phone_href,
                phone,
                hours: c.hours.filter(|_| name != CLINIC_CONTACT),
            })
        };
        let clinic = || -> Vec<ContactContext> {
            [CLINIC_CONTACT, AFTER_HOURS_CONTACT]
                .into_iter()
                .filter_map(contact)
                .collect()
        };
        let mut boxes = Vec::new();
        if !w.items.is_empty() {
            boxes.push(SignBoxContext {
                level: Level::Urgent.name(),
                title: self.lang.strings.get("call_us_if").to_owned(),
                when: None,
                window: None,
                items: w.items.iter().map(|x| self.inline(x)).collect(),
                contacts: clinic(),
            });
        }
        let mut groups: Vec<&SignGroup> = w.groups.iter().map(|g| &g.value).collect();
        // In order of urgency; groups of one level keep their written order.
        groups.sort_by_key(|g| g.level);
        for g in groups {
            let contacts = match &g.contact {
                Some(names) => names.value.0.iter().filter_map(|n| contact(n)).collect(),
                None => clinic(),
            };
            let title = g.title.clone().unwrap_or_else(|| {
                self.lang
                    .strings
                    .get(&format!("signs_{}", g.level.name()))
                    .to_owned()
            });
            boxes.push(SignBoxContext {
                level: g.level.name(),
                title,
                when: g
                    .when
                    .as_ref()
                    .and_then(|w| self.lang.strings.window_phrase(&w.value, events)),
                window: plan_window(g.when.as_ref(), events),
                items: g.items.iter().map(|x| self.inline(x)).collect(),
                contacts,
            });
        }
        SectionBody::WarningSigns {
            items: boxes.iter().flat_map(|b| b.items.clone()).collect(),
            boxes,
        }
    }

    pub(super) fn section(&mut self, id: &str, s: &Section) -> SectionContext {
        let events = match &self.page.body {
            crate::content::Body::Guide(g) => &g.events,
            _ => &crate::content::duration::Events::new(),
        };
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
                            .map(|w| self.lang.strings.window_heading(&w.value, events)),
                        window: plan_window(st.when.as_ref(), events),
                        body: self.opt_block(st.body.as_ref()),
                        expect: st.expect.iter().map(|e| self.inline(e)).collect(),
                        image: self.image(st.image.as_ref()),
                    })
                    .collect(),
            },
            Section::Tips(t) => {
                let items: Vec<TipContext> =
                    t.items
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
                                plain: text.map(|t| plain_text(&t.value)).unwrap_or_default(),
                                when: tip.when.as_ref().and_then(|w| {
                                    self.lang.strings.window_phrase(&w.value, events)
                                }),
                                window: plan_window(tip.when.as_ref(), events),
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
                                        events,
                                    )
                                }),
                            }
                        })
                        .collect();
                let mut topics: Vec<TipTopicContext> = Vec::new();
                if t.items.iter().any(|tip| tip.value.topic.is_some()) {
                    for (tip, ctx) in t.items.iter().zip(&items) {
                        let topic = tip.value.topic.clone().unwrap_or_default();
                        let at = match topics.iter().position(|g| g.topic == topic) {
                            Some(at) => at,
                            None => {
                                topics.push(TipTopicContext {
                                    topic,
                                    do_items: Vec::new(),
                                    avoid_items: Vec::new(),
                                });
                                topics.len() - 1
                            }
                        };
                        let group = &mut topics[at];
                        if ctx.advice == "do" {
                            group.do_items.push(ctx.clone());
                        } else {
                            group.avoid_items.push(ctx.clone());
                        }
                    }
                }
                SectionBody::Tips {
                    topics,
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
                                events,
                            ),
                            status_label,
                            when: item
                                .when
                                .as_ref()
                                .and_then(|w| self.lang.strings.window_phrase(&w.value, events)),
                            window: plan_window(item.when.as_ref(), events),
                            note: item.note.as_ref().map(|n| self.inline(n)),
                        }
                    })
                    .collect(),
            },
            Section::WarningSigns(w) => self.warning_signs(w, events),
            Section::Medications(m) => SectionBody::Medications {
                items: m
                    .items
                    .iter()
                    .map(|item| self.medication(&item.value, events))
                    .collect(),
            },
            Section::IfThisHappens(f) => SectionBody::IfThisHappens {
                items: f
                    .items
                    .iter()
                    .map(|item| {
                        let item = &item.value;
                        FirstAidContext {
                            problem: item.problem.clone(),
                            do_: self.block(&item.do_),
                            then: self.opt_block(item.then.as_ref()),
                            image: self.image(item.image.as_ref()),
                        }
                    })
                    .collect(),
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

/// A written window in minutes, for the personal plan (none when it holds an event
/// with no `about`, which has no date).
fn plan_window(when: Option<&Spanned<Window>>, events: &Events) -> Option<PlanWindow> {
    let (from, to) = when?.value.minutes(events)?;
    Some(PlanWindow { from, to })
}
