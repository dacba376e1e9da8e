//! What `careleaf init` copies from the example clinic, and the warnings for a site that
//! made itself its own (changed the clinic's name or phone) but still carries some of
//! it: the example's address, e-mail, base_url, logo, or its name in the home and
//! about pages. A QR code on every handout pointing at the example clinic is the harm.

use std::path::Path;

use super::{Config, Paper};
use crate::diagnostics::Diagnostic;

/// The example clinic (careleaf.yaml at the repository root; a test keeps them equal).
pub const NAME: &str = "Radiant Skin Clinic";
const PHONE: &str = "+1 555 0100";
const AFTER_HOURS: &str = "+1 555 0199";
const DOMAIN: &str = "radiant.example";
const ADDRESS: &str = "12 Example Street, Springfield";
/// The example's logo, as `init` writes it.
const LOGO: &[u8] = include_bytes!("../../static/logo.svg");
/// The pages `init` writes that name the clinic in their text.
const PAGES: [&str; 4] = [
    "content/_index.md",
    "content/_index.es.md",
    "content/about.md",
    "content/about.es.md",
];

/// Warnings for what is left of the example clinic once the site has a name or phone of
/// its own; nothing while it is still the example. `text` is careleaf.yaml as written.
pub fn leftovers(root: &Path, config: &Config, text: &str) -> Vec<Diagnostic> {
    let clinic = &config.clinic;
    if clinic.name == NAME && clinic.phone == PHONE {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut config_warning = |key: &str, message: String, hint: &str| {
        let (line, column) = line_of_key(text, key);
        found.push(Diagnostic::warning(super::CONFIG_FILE, line, column, message).with_hint(hint));
    };
    if config.base_url.value.contains(DOMAIN) {
        config_warning(
            "base_url",
            format!(
                "base_url is still the example clinic's (`{}`)",
                config.base_url.value
            ),
            "set base_url to the address your site will have: every handout's QR code and the sitemap point there",
        );
    }
    if clinic.email.as_deref().is_some_and(|e| e.contains(DOMAIN)) {
        config_warning(
            "email",
            "the clinic's e-mail is still the example clinic's".to_owned(),
            "set clinic.email to your own address, or remove the line",
        );
    }
    if clinic.address.as_deref() == Some(ADDRESS) {
        config_warning(
            "address",
            "the clinic's address is still the example clinic's".to_owned(),
            "set clinic.address to your own address; it is printed on every page and handout",
        );
    }
    if clinic.after_hours.as_deref() == Some(AFTER_HOURS) {
        config_warning(
            "after_hours",
            "the out-of-hours number is still the example clinic's".to_owned(),
            "set clinic.after_hours to your own out-of-hours number, or remove the line",
        );
    }
    for (key, value) in [
        ("title", Some(config.title.as_str())),
        ("description", config.description.as_deref()),
    ] {
        if value.is_some_and(|v| v.contains(NAME)) {
            config_warning(
                key,
                format!("the site's {key} still names the example clinic ({NAME})"),
                "write your clinic's name in it",
            );
        }
    }
    if let Some(logo) = &clinic.logo
        && crate::fs::read_text(&root.join(logo), Path::new(logo))
            .is_ok_and(|t| t.as_bytes() == LOGO)
    {
        config_warning(
            "logo",
            "the logo is still the example clinic's".to_owned(),
            "put your clinic's logo (SVG or PNG) in static/ and name it in clinic.logo, or remove the line",
        );
    }
    if paper_differs(&clinic.phone, config.handout.paper) {
        config_warning(
            "paper",
            format!(
                "handouts print on US letter, but the clinic's phone number ({}) is not North American",
                clinic.phone
            ),
            "set `handout: { paper: a4 }` if your printers use A4 paper",
        );
    }
    for page in PAGES {
        let Ok(page_text) = crate::fs::read_text(&root.join(page), Path::new(page)) else {
            continue;
        };
        if page_text.contains(NAME) {
            let (line, column) = line_of(&page_text, NAME);
            found.push(
                Diagnostic::warning(
                    page,
                    line,
                    column,
                    format!("this page still names the example clinic ({NAME})"),
                )
                .with_hint("write about your own clinic here, or delete the page"),
            );
        }
    }
    found
}

/// Whether a phone number written with a country code outside North America (+1) goes
/// with US letter paper, which only North America and a few others use.
fn paper_differs(phone: &str, paper: Paper) -> bool {
    let phone = phone.trim_start();
    paper == Paper::Letter && phone.starts_with('+') && !phone.starts_with("+1")
}

/// The line and column (1-based) of the value of the first line written `key: ...`
/// (at any indent) in `text`, else 1:1.
fn line_of_key(text: &str, key: &str) -> (u32, u32) {
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(rest) = line.trim_start().strip_prefix(key)
            && let Some(value) = rest.strip_prefix(':')
        {
            let column = indent + key.len() + 1 + (value.len() - value.trim_start().len()) + 1;
            return (
                u32::try_from(n + 1).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            );
        }
    }
    // `paper` inside `handout: { paper: letter }`: the line that holds it.
    line_of(text, &format!("{key}:"))
}

/// The line and column (1-based) where `needle` first appears in `text`, else 1:1.
fn line_of(text: &str, needle: &str) -> (u32, u32) {
    let Some(at) = text.find(needle) else {
        return (1, 1);
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_are_the_example_sites() {
        let yaml = include_str!("../../careleaf.yaml");
        for value in [NAME, PHONE, AFTER_HOURS, ADDRESS, DOMAIN, "static/logo.svg"] {
            assert!(
                yaml.contains(value),
                "careleaf.yaml no longer holds {value}"
            );
        }
        for page in PAGES.iter().filter(|p| !p.contains(".es.")) {
            let text =
                std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(page)).unwrap();
            assert!(
                text.contains(NAME),
                "{page} no longer names the example clinic"
            );
        }
    }

    #[test]
    fn paper_follows_the_phones_country_code() {
        assert!(paper_differs("+44 20 7946 0000", Paper::Letter));
        assert!(!paper_differs("+44 20 7946 0000", Paper::A4));
        assert!(!paper_differs("+1 555 0100", Paper::Letter));
        assert!(!paper_differs("020 7946 0000", Paper::Letter));
    }

    #[test]
    fn lines_and_columns_count_from_one() {
        assert_eq!(line_of("a: 1\nb: two", "two"), (2, 4));
        assert_eq!(line_of("x", "y"), (1, 1));
        assert_eq!(
            line_of_key("clinic:\n  email: a@b.example\n", "email"),
            (2, 10)
        );
        assert_eq!(line_of_key("handout: { paper: letter }", "paper"), (1, 12));
    }
}
