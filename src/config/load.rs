//! Reading and validating careleaf.yaml, and the checks on what it names (logos,
//! the theme), before any content is read.

use std::path::Path;

use super::{BaseUrl, CONFIG_FILE, Config, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use crate::yaml;

/// The config stage: reads careleaf.yaml, validates it, checks the files it names and
/// loads the theme. `None` when the site cannot be built at all (the problems say why).
pub fn load_site(
    root: &Path,
    base_url_override: Option<&str>,
    problems: &mut Diagnostics,
) -> Option<(Site, Theme)> {
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        problems.push(
            Diagnostic::general(format!("no {} in {}", CONFIG_FILE, root.display())).with_hint(
                "run careleaf in a site folder, pass --root, or create a site with `careleaf init`",
            ),
        );
        return None;
    }
    let text = match crate::fs::SiteRoot::new(root).read_text(Path::new(CONFIG_FILE)) {
        Ok(t) => t,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let site = match load(root, &text, base_url_override) {
        Ok(s) => s,
        Err(ds) => {
            problems.extend(ds);
            return None;
        }
    };
    problems.extend(warnings(&site.config));
    problems.extend(super::example::leftovers(root, &site.config, &text));
    let (line, col) = yaml::position(&site.config.theme);
    let theme = match Theme::load(root, &site.config.theme.value, (CONFIG_FILE, line, col)) {
        Ok(t) => t,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    problems.extend(missing_logos(root, &site.config));
    problems.extend(unknown_strings(&site, &theme));
    Some((site, theme))
}

/// Errors for `strings:` overrides of a language the site does not have, or of a key
/// the theme does not know (a typo would otherwise change nothing, silently).
fn unknown_strings(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut ignored = Vec::new();
    let english = theme.strings("en", &mut ignored);
    let contact_keys: Vec<String> = site
        .config
        .contacts
        .keys()
        .chain([
            &super::CLINIC_CONTACT.to_owned(),
            &super::AFTER_HOURS_CONTACT.to_owned(),
        ])
        .flat_map(|name| [format!("contact_{name}"), format!("contact_{name}_hours")])
        .collect();
    // Every theme string is overridable for each audience too (`section_tips_parent`).
    let audience_keys: Vec<String> = english
        .all()
        .keys()
        .filter(|k| !k.ends_with("_parent") && !k.ends_with("_carer"))
        .flat_map(|k| [format!("{k}_parent"), format!("{k}_carer")])
        .collect();
    let known: Vec<&str> = english
        .all()
        .keys()
        .map(String::as_str)
        .chain(super::SITE_STRINGS.iter().copied())
        .chain(contact_keys.iter().map(String::as_str))
        .chain(audience_keys.iter().map(String::as_str))
        .collect();
    for (lang, strings) in &site.config.strings {
        if !site.languages.contains(lang) {
            let first = strings.values().next().map_or((0, 0), yaml::position);
            found.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    first.0.saturating_sub(1),
                    1,
                    format!("`strings` has `{lang}`, which is not one of the site's languages"),
                )
                .with_hint(format!(
                    "use one of: {} (add the language to `translations:` first)",
                    site.languages.join(", ")
                )),
            );
            continue;
        }
        for (key, value) in strings {
            if known.contains(&key.as_str()) {
                continue;
            }
            let (line, col) = yaml::position(value);
            let hint = match crate::diagnostics::suggest(key, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "the keys are those of the theme's i18n/en.yaml".to_owned(),
            };
            found.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    line,
                    col,
                    format!("unknown string `{key}` for `{lang}`"),
                )
                .with_hint(hint),
            );
        }
    }
    found
}

/// Errors for logo files careleaf.yaml names that do not exist, or are not files of
/// the site (after symbolic links, inside its folder).
fn missing_logos(root: &Path, config: &Config) -> Vec<Diagnostic> {
    let site = crate::fs::SiteRoot::new(root);
    let check = |what: &str, logo: &str, (line, column): (u32, u32), example: &str| {
        let refused = site.file(&root.join(logo)).err()?;
        let hint = match refused {
            crate::fs::Refused::Missing => {
                format!("give the path from the site root, e.g. {example}")
            }
            ref r => format!("{}; give a path inside the site, e.g. {example}", r.hint()),
        };
        Some(
            Diagnostic::error(
                CONFIG_FILE,
                line,
                column,
                format!("the {what} `{logo}` {}", refused.reason()),
            )
            .with_hint(hint),
        )
    };
    let mut found = Vec::new();
    if let Some(logo) = &config.clinic.logo {
        found.extend(check("logo", logo, (0, 0), "static/logo.svg"));
    }
    if let Some(logo) = config.header_logo() {
        let at = yaml::position(logo);
        found.extend(check(
            "header logo",
            &logo.value,
            at,
            "static/logo-white.svg",
        ));
    }
    found
}

/// Reads and validates careleaf.yaml; all problems found are returned together.
pub fn load(
    root: &Path,
    text: &str,
    base_url_override: Option<&str>,
) -> Result<Site, Vec<Diagnostic>> {
    let file = Path::new(CONFIG_FILE);
    let config: Config = yaml::parse(text, file).map_err(|d| vec![d])?;
    let mut problems = Vec::new();

    let base_url = base_url_of(&config, base_url_override, &mut problems);

    let languages = languages_of(&config, &mut problems);

    if let Some(value) = config.accent()
        && !is_hex_color(&value.value)
    {
        let (line, col) = yaml::position(value);
        problems.push(
            Diagnostic::error(
                file,
                line,
                col,
                format!("`{}` is not a colour", value.value),
            )
            .with_hint("write the accent colour as #rrggbb, for example \"#0a6e6e\""),
        );
    }
    if config.listing.per_page.value == 0 {
        let (line, col) = yaml::position(&config.listing.per_page);
        problems.push(
            Diagnostic::error(file, line, col, "`per_page` must be at least 1")
                .with_hint("write how many guides a list shows on one page, for example 50"),
        );
    }
    if let Some(zone) = &config.time_zone
        && !is_time_zone_name(&zone.value)
    {
        let (line, col) = yaml::position(zone);
        problems.push(
            Diagnostic::error(file, line, col, format!("`{}` is not a time zone name", zone.value))
                .with_hint("write the clinic's time zone as its IANA name, for example `Europe/London`, `America/New_York` or `UTC`"),
        );
    }
    problems.extend(super::navigation::menu_problems(&config));
    problems.extend(super::contacts::contact_problems(&config));
    if config.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(file, 1, 1, "`title` is empty").with_hint("give the site a name"),
        );
    }

    match base_url {
        Some(base_url) if problems.is_empty() => Ok(Site {
            root: root.to_path_buf(),
            config,
            fingerprint: crate::cache::key_of(&(text, base_url_override)),
            base_url,
            languages,
        }),
        _ => Err(problems),
    }
}

/// The base URL (`--base-url` over careleaf.yaml's), or why it cannot be read.
fn base_url_of(
    config: &Config,
    base_url_override: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Option<BaseUrl> {
    let file = Path::new(CONFIG_FILE);
    let base = base_url_override.unwrap_or(&config.base_url.value);
    match BaseUrl::parse(base) {
        Ok(b) => Some(b),
        Err(message) => {
            let (line, col) = if base_url_override.is_some() {
                (0, 0)
            } else {
                yaml::position(&config.base_url)
            };
            let d = if base_url_override.is_some() {
                Diagnostic::general(format!("--base-url: {message}"))
            } else {
                Diagnostic::error(file, line, col, format!("invalid base_url: {message}"))
            };
            problems.push(d.with_hint(
                "write it like https://guides.example.org or https://example.org/guides",
            ));
            None
        }
    }
}

/// The site's languages, default first; bad and repeated codes go to `problems`.
fn languages_of(config: &Config, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    let file = Path::new(CONFIG_FILE);
    let mut languages = Vec::new();
    for lang in std::iter::once(&config.language).chain(&config.translations) {
        let (line, col) = yaml::position(lang);
        if !is_language_tag(&lang.value) {
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    col,
                    format!("`{}` is not a language code", lang.value),
                )
                .with_hint("use a BCP 47 code such as `en`, `es` or `pt-BR`"),
            );
        } else if languages.contains(&lang.value) {
            problems.push(Diagnostic::error(
                file,
                line,
                col,
                format!("language `{}` is listed twice", lang.value),
            ));
        } else {
            languages.push(lang.value.clone());
        }
    }
    languages
}

/// A plausible BCP 47 tag: a 2–3 letter language, optional subtags of 2–8 letters/digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `#rgb` or `#rrggbb`.
/// The WCAG contrast ratio of a `#rgb`/`#rrggbb` colour against white (1 to 21).
pub fn contrast_with_white(value: &str) -> Option<f64> {
    let hex = value.strip_prefix('#')?;
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_owned(),
        _ => return None,
    };
    let channel = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    let luminance = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    Some(1.05 / (luminance + 0.05))
}

/// Warnings about valid settings that will hurt readers: an accent colour too light for
/// the white text on it and for links on white (WCAG AA asks for 4.5:1).
pub fn warnings(config: &Config) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(accent) = config.accent()
        && let Some(ratio) = contrast_with_white(&accent.value)
        && ratio < 4.5
    {
        let (line, col) = yaml::position(accent);
        found.push(
            Diagnostic::warning(
                CONFIG_FILE,
                line,
                col,
                format!(
                    "the accent colour `{}` has a contrast of {ratio:.1}:1 with white; headers and links in it are hard to read",
                    accent.value
                ),
            )
            .with_hint("choose a darker colour: WCAG AA asks for at least 4.5:1 (e.g. \"#0a6e6e\" has 6.0:1)"),
        );
    }
    found
}

pub fn is_hex_color(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|h| matches!(h.len(), 3 | 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether `name` is written as an IANA time zone name is (`UTC`, `Europe/London`,
/// `America/Argentina/Buenos_Aires`, `Etc/GMT+5`); the browser knows which exist.
fn is_time_zone_name(name: &str) -> bool {
    let part = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_uppercase())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
    };
    matches!(name, "UTC" | "GMT") || (name.contains('/') && name.split('/').all(part))
}
