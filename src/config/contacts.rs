//! Whom a patient can contact (DESIGN §10.2): `contacts:`, the two every site has
//! (`clinic`, `after-hours`), each in the page's language, and the emergency line.

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

use super::Config;

/// Someone a patient can contact.
#[derive(Debug, Deserialize, schemars::JsonSchema, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// How the contact is named on the page ("Call 999", "Your GP surgery").
    pub label: String,
    /// The number to call, if there is one.
    #[serde(default)]
    pub phone: Option<String>,
    /// When it is open ("Open 24 hours").
    #[serde(default)]
    pub hours: Option<String>,
}

/// `emergency_line:` the one emergency sentence.
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct EmergencyLine {
    /// The contact it names (its phone is shown after the text).
    pub contact: Spanned<String>,
    /// The sentence, in the site's language; translations come from `strings:`
    /// (`emergency_line: ...` under the language).
    pub text: String,
}

/// The contact names careleaf always defines.
pub const CLINIC_CONTACT: &str = "clinic";
/// See [`CLINIC_CONTACT`].
pub const AFTER_HOURS_CONTACT: &str = "after-hours";

impl Config {
    /// Whether `name` is a contact: one of `contacts:`, `clinic`, or `after-hours`
    /// when the clinic has an after-hours number.
    pub fn has_contact(&self, name: &str) -> bool {
        self.contact(name).is_some()
    }

    /// The contact of that name (`clinic` and `after-hours` made from `clinic:`).
    pub fn contact(&self, name: &str) -> Option<Contact> {
        match name {
            CLINIC_CONTACT => Some(Contact {
                label: self.clinic.name.clone(),
                phone: Some(self.clinic.phone.clone()),
                hours: self.clinic.hours.clone(),
            }),
            AFTER_HOURS_CONTACT => self.clinic.after_hours.as_ref().map(|phone| Contact {
                label: String::new(),
                phone: Some(phone.clone()),
                hours: None,
            }),
            _ => self.contacts.get(name).map(|c| c.value.clone()),
        }
    }

    /// The contact in the language of `strings`: its label and hours from the
    /// `contact_NAME` and `contact_NAME_hours` strings when careleaf.yaml's `strings:`
    /// gives them.
    pub fn contact_in(&self, name: &str, strings: &crate::i18n::Strings) -> Option<Contact> {
        let mut c = self.contact(name)?;
        if let Some(label) = strings.find(&format!("contact_{name}")) {
            c.label = label.to_owned();
        }
        if let Some(hours) = strings.find(&format!("contact_{name}_hours")) {
            c.hours = Some(hours.to_owned());
        }
        Some(c)
    }

    /// "did you mean" for an unknown contact name, or the names there are.
    pub fn contact_hint(&self, name: &str) -> String {
        let mut names: Vec<&str> = vec![CLINIC_CONTACT];
        if self.clinic.after_hours.is_some() {
            names.push(AFTER_HOURS_CONTACT);
        }
        names.extend(self.contacts.keys().map(String::as_str));
        match crate::diagnostics::suggest(name, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if name == AFTER_HOURS_CONTACT => {
                "`after-hours` needs `clinic: { after_hours: ... }` in careleaf.yaml".to_owned()
            }
            None => format!(
                "the contacts are: {}; add others under `contacts:` in careleaf.yaml",
                names.join(", ")
            ),
        }
    }
}

/// Errors in `contacts:` (names careleaf keeps for itself, bad names, empty labels)
/// and an `emergency_line` naming an unknown contact.
pub(super) fn contact_problems(config: &Config) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::Diagnostic;
    use crate::yaml;
    let file = super::CONFIG_FILE;
    let mut problems = Vec::new();
    for (name, contact) in &config.contacts {
        let (line, col) = yaml::position(contact);
        if name == CLINIC_CONTACT || name == AFTER_HOURS_CONTACT {
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    col,
                    format!("`{name}` is a contact careleaf makes itself"),
                )
                .with_hint(if name == CLINIC_CONTACT {
                    "it comes from `clinic: { name, phone }`; give this contact another name"
                } else {
                    "it comes from `clinic: { after_hours }`; give this contact another name"
                }),
            );
        } else if !crate::anchors::is_valid(name) {
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    col,
                    format!("`{name}` is not a valid contact name"),
                )
                .with_hint("use lowercase letters, digits and hyphens, like `eye-casualty`"),
            );
        }
        if contact.value.label.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    col,
                    format!("contact `{name}` has an empty label"),
                )
                .with_hint("write how patients know it, like `Your GP surgery`"),
            );
        }
    }
    if let Some(line_) = &config.emergency_line {
        let contact = &line_.value.contact;
        if !config.has_contact(&contact.value) {
            let (line, col) = yaml::position(contact);
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    col,
                    format!("unknown contact `{}`", contact.value),
                )
                .with_hint(config.contact_hint(&contact.value)),
            );
        }
    }
    problems
}
