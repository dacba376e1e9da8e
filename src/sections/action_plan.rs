//! `type: action-plan` (DESIGN §11.4): green, amber and red zones, each with the signs
//! that put the patient in it, what to do, lines to fill in and whom to contact. A
//! zone shows its colour, its name in words and a symbol, never colour alone.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::warning_signs::{ContactContext, ContactNames};
use super::{Checks, Prose, Reading, RenderCx, SectionKind, Walker, section};

section!(
    /// `type: action-plan`.
    ActionPlanSection {
        /// The zones, green to red.
        zones: Vec<Spanned<Zone>>,
    }
);

/// How serious a zone is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, schemars::JsonSchema, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ZoneLevel {
    /// All is well: keep going.
    Green,
    /// Getting worse: act now.
    Amber,
    /// An emergency.
    Red,
}

impl ZoneLevel {
    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            ZoneLevel::Green => "green",
            ZoneLevel::Amber => "amber",
            ZoneLevel::Red => "red",
        }
    }
}

/// One zone as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// green, amber or red.
    pub level: ZoneLevel,
    /// What the zone means ("Your asthma is getting worse").
    pub title: String,
    /// The signs that put the patient in this zone.
    #[serde(default)]
    pub signs: Vec<Prose>,
    /// What to do.
    #[serde(rename = "do", default)]
    pub do_: Vec<Prose>,
    /// Lines to fill in by hand ("My best peak flow").
    #[serde(default)]
    pub blanks: Vec<String>,
    /// Whom to contact: a name or names from careleaf.yaml `contacts`.
    #[serde(default)]
    pub contact: Option<Spanned<ContactNames>>,
}

/// `action-plan`: `zones`.
#[derive(Debug, Clone, Serialize)]
pub struct ActionPlanContext {
    /// The zones, in the order written.
    pub zones: Vec<ZoneContext>,
}

/// A zone, as templates get it.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneContext {
    /// `green`, `amber` or `red`.
    pub level: ZoneLevel,
    /// The zone's name in words: "Green zone".
    pub level_label: String,
    /// Its symbol: "✓", "!", "‼".
    pub symbol: String,
    /// What it means.
    pub title: String,
    /// The signs, rendered inline.
    pub signs: Vec<String>,
    /// What to do, rendered inline (`do` in templates).
    #[serde(rename = "do")]
    pub do_: Vec<String>,
    /// Lines to fill in.
    pub blanks: Vec<String>,
    /// Whom to contact.
    pub contacts: Vec<ContactContext>,
}

impl ActionPlanSection {
    /// The contact names its zones give, with where they are written (checked against
    /// careleaf.yaml by the checks stage).
    pub fn contacts(&self) -> impl Iterator<Item = &Spanned<ContactNames>> {
        self.zones.iter().filter_map(|z| z.value.contact.as_ref())
    }
}

impl SectionKind for ActionPlanSection {
    type Context = ActionPlanContext;

    fn check(&self, checks: &mut Checks<'_>) {
        if self.zones.is_empty() {
            checks.error_here(
                "the action plan has no zones",
                "add `zones:` with a `level: green`, an `amber` and a `red` zone",
            );
        }
        let mut last: Option<ZoneLevel> = None;
        for zone in &self.zones {
            let z = &zone.value;
            if z.signs.is_empty() && z.do_.is_empty() {
                checks.error(
                    zone,
                    format!("the {} zone has no `signs:` and no `do:`", z.level.name()),
                    "say how the patient knows they are in this zone (`signs:`) and what to do (`do:`)",
                );
            }
            if let Some(prev) = last
                && z.level <= prev
            {
                checks.error(
                    zone,
                    format!(
                        "the {} zone comes after the {} zone",
                        z.level.name(),
                        prev.name()
                    ),
                    "write the zones in order, once each: green, then amber, then red",
                );
            }
            last = Some(z.level);
        }
    }

    fn walk<'a>(&'a self, w: &mut dyn Walker<'a>) {
        for zone in &self.zones {
            for p in zone.value.signs.iter().chain(&zone.value.do_) {
                w.prose(p, Reading::Sentences);
            }
        }
    }

    fn context(&self, cx: &mut RenderCx<'_>) -> ActionPlanContext {
        let zones = self
            .zones
            .iter()
            .map(|zone| {
                let z = &zone.value;
                let level = z.level.name();
                ZoneContext {
                    level: z.level,
                    level_label: cx.strings.get(&format!("zone_{level}")).to_owned(),
                    symbol: cx.strings.get(&format!("zone_symbol_{level}")).to_owned(),
                    title: z.title.clone(),
                    signs: z.signs.iter().map(|s| cx.inline(s)).collect(),
                    do_: z.do_.iter().map(|s| cx.inline(s)).collect(),
                    blanks: z.blanks.clone(),
                    contacts: z
                        .contact
                        .iter()
                        .flat_map(|names| &names.value.0)
                        .filter_map(|n| cx.convert.contact(n))
                        .collect(),
                }
            })
            .collect();
        ActionPlanContext { zones }
    }
}
