//! `type: warning-signs`: "Call us if" with the clinic's numbers (`items:`), or boxes
//! by urgency (`groups:`), each with its own contact and window.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::{Checks, PlanWindow, Prose, Reading, RenderCx, SectionKind, Walker, section};
use crate::config::{AFTER_HOURS_CONTACT, CLINIC_CONTACT};
use crate::duration::Window;

section!(
    /// `type: warning-signs`: `items` (call the clinic) or `groups` by urgency.
    WarningSignsSection {
        /// Each sign, in Markdown, under "Call us if" and the clinic's numbers.
        #[serde(default)]
        items: Vec<Prose>,
        /// Boxes by urgency, each with its own contact.
        #[serde(default)]
        groups: Vec<Spanned<SignGroup>>,
    }
);

/// How urgent a group of warning signs is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, schemars::JsonSchema, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Call an ambulance or go to the emergency department (red).
    Emergency,
    /// Call the same day (amber).
    Urgent,
    /// Get in touch soon (neutral).
    Soon,
}

impl Level {
    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            Level::Emergency => "emergency",
            Level::Urgent => "urgent",
            Level::Soon => "soon",
        }
    }
}

/// One name or a list of names from `contacts:` (`contact: gp` or `contact: [clinic,
/// after-hours]`).
#[derive(Debug, Clone, Default)]
pub struct ContactNames(pub Vec<String>);

impl schemars::JsonSchema for ContactNames {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ContactNames".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A contact's name from `contacts:` in careleaf.yaml, or a list of names: `gp`, `[clinic, after-hours]`.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ],
        })
    }
}

impl<'de> Deserialize<'de> for ContactNames {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ContactNames;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a contact's name, or a list of names, from `contacts:` in careleaf.yaml",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ContactNames, E> {
                Ok(ContactNames(vec![v.to_owned()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ContactNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(ContactNames(names))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A box of warning signs with one urgency and its own contact.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignGroup {
    /// emergency, urgent or soon.
    pub level: Level,
    /// Who to contact; default: the clinic and its after-hours line.
    #[serde(default)]
    pub contact: Option<Spanned<ContactNames>>,
    /// The box's heading; default per level from the strings.
    #[serde(default)]
    pub title: Option<String>,
    /// When these signs matter.
    #[serde(default)]
    pub when: Option<Spanned<Window>>,
    /// The signs, in Markdown.
    pub items: Vec<Prose>,
}

/// `warning-signs`: `boxes` in order of urgency (one "Call us if" box for `items:`),
/// and `items`, every sign of every box, rendered.
#[derive(Debug, Clone, Serialize)]
pub struct WarningSignsContext {
    /// The signs.
    pub items: Vec<String>,
    /// The boxes.
    pub boxes: Vec<SignBoxContext>,
}

/// One box of warning signs.
#[derive(Debug, Clone, Serialize)]
pub struct SignBoxContext {
    /// `emergency`, `urgent` or `soon`.
    pub level: Level,
    /// The box's heading ("Call us if", "Get emergency help now if").
    pub title: String,
    /// When the signs matter, in words, if only in a window.
    pub when: Option<String>,
    /// The window in minutes after the treatment, when it has dates (personal plan).
    pub window: Option<PlanWindow>,
    /// The signs, rendered.
    pub items: Vec<String>,
    /// Whom to contact.
    pub contacts: Vec<ContactContext>,
}

/// A contact as shown under a box of warning signs.
#[derive(Debug, Clone, Serialize)]
pub struct ContactContext {
    /// The contact's name in careleaf.yaml (`clinic`, `gp`).
    pub name: String,
    /// The words before the number ("Call the clinic on ", "Eye casualty: "), or the
    /// whole line when there is no number ("Your GP surgery").
    pub label: String,
    /// The number.
    pub phone: Option<String>,
    /// `tel:` form of the number.
    pub phone_href: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
}

impl SectionKind for WarningSignsSection {
    type Context = WarningSignsContext;

    fn check(&self, checks: &mut Checks<'_>) {
        match (self.items.is_empty(), self.groups.is_empty()) {
            (false, false) => checks.error_here(
                "warning signs have both `items:` and `groups:`",
                "move the items into a group (`level: urgent`, `contact: clinic`), or keep only `items:`",
            ),
            (true, true) => checks.error_here(
                "warning signs need `items:` or `groups:`",
                "list the signs under `items:`, or in `groups:` by how urgent they are",
            ),
            _ => {}
        }
        for g in &self.groups {
            checks.window(g.value.when.as_ref());
            if g.value.items.is_empty() {
                checks.error(
                    g,
                    "this group of warning signs has no `items:`",
                    "list the signs, or remove the group",
                );
            }
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        let groups = self.groups.iter().flat_map(|g| &g.value.items);
        for sign in self.items.iter().chain(groups) {
            w.prose(sign, Reading::Sentences);
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> WarningSignsContext {
        // The guide's own contact (a children's ward) stands for the clinic's lines.
        let clinic = |cx: &RenderCx<'_>| -> Vec<ContactContext> {
            match cx.convert.guide_contact() {
                Some(own) => cx.convert.contact(own).into_iter().collect(),
                None => [CLINIC_CONTACT, AFTER_HOURS_CONTACT]
                    .into_iter()
                    .filter_map(|name| cx.convert.contact(name))
                    .collect(),
            }
        };
        let mut boxes = Vec::new();
        if !self.items.is_empty() {
            boxes.push(SignBoxContext {
                level: Level::Urgent,
                title: cx.strings.get("call_us_if").to_owned(),
                when: None,
                window: None,
                items: self.items.iter().map(|x| cx.inline(x)).collect(),
                contacts: clinic(cx),
            });
        }
        let mut groups: Vec<&SignGroup> = self.groups.iter().map(|g| &g.value).collect();
        // In order of urgency; groups of one level keep their written order.
        groups.sort_by_key(|g| g.level);
        for g in groups {
            let contacts = match &g.contact {
                Some(names) => names
                    .value
                    .0
                    .iter()
                    .filter_map(|n| cx.convert.contact(n))
                    .collect(),
                None => clinic(cx),
            };
            let title = g.title.clone().unwrap_or_else(|| {
                cx.strings
                    .get(&format!("signs_{}", g.level.name()))
                    .to_owned()
            });
            boxes.push(SignBoxContext {
                level: g.level,
                title,
                when: cx.phrase(g.when.as_ref()),
                window: cx.plan(g.when.as_ref()),
                items: g.items.iter().map(|x| cx.inline(x)).collect(),
                contacts,
            });
        }
        WarningSignsContext {
            items: boxes.iter().flat_map(|b| b.items.clone()).collect(),
            boxes,
        }
    }
}
