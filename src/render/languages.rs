//! What every page of one language shares: its UI strings, the `site` context (menu,
//! clinic, URLs of the generated pages) and the glossary its prose is autolinked to.

use std::collections::BTreeMap;

use super::PageKind;
use super::context::{ContactContext, EmergencyContext, LinkContext, SiteContext};
use super::feed;
use super::prepare::{Language, link};
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::glossary::Entry as GlossaryEntry;
use crate::markdown::{Glossary, plain_text};
use crate::site::Resolved;
use crate::site::menu::MenuTarget;
use crate::theme::Theme;
use crate::urls;

/// The `site` context and strings of each language, and any problem with the
/// theme's UI strings.
pub fn languages(
    resolved: &Resolved<'_>,
    theme: &Theme,
    assets: &BTreeMap<String, String>,
) -> (BTreeMap<String, Language>, Vec<Diagnostic>) {
    let site = resolved.site;
    let mut problems = Vec::new();
    let mut map = BTreeMap::new();
    for lang in &site.languages {
        let mut strings = theme.strings(lang, &mut problems);
        if let Some(own) = site.config.strings.get(lang) {
            strings.set_all(own.iter().map(|(k, v)| (k.clone(), v.value.clone())));
        }
        if let Some(d) = missing_strings(theme, site, lang) {
            problems.push(d);
        }
        let labels = strings.callout_labels();
        let site_ctx = site_context(resolved, assets, lang, &strings);
        let glossary = if site.config.glossary.autolink {
            glossary(resolved, lang)
        } else {
            None
        };
        let fingerprint = crate::cache::key_of(&(
            strings.all(),
            glossary.as_ref().map(|(_, f)| *f),
            &site.config.clinic.name,
            site.config.review.interval_days,
        ));
        map.insert(
            lang.clone(),
            Language {
                parent: strings.for_audience(crate::i18n::Audience::Parent),
                carer: strings.for_audience(crate::i18n::Audience::Carer),
                strings,
                labels,
                site: site_ctx,
                glossary: glossary.map(|(g, _)| g),
                fingerprint,
            },
        );
    }
    (map, problems)
}

/// The URL of a file named from the site root (`static/logo.svg` is served at `/logo.svg`).
fn static_url(resolved: &Resolved<'_>, path: &str) -> String {
    resolved.url(&urls::static_file(path))
}

/// The glossary shown to readers of `lang`: the one in that language, else the first.
pub(super) fn glossary_page(resolved: &Resolved<'_>, lang: &str) -> Option<usize> {
    let is_glossary =
        |p: &crate::content::Page| matches!(p.body, crate::content::Body::Glossary(_));
    resolved
        .pages
        .iter()
        .position(|p| p.lang == lang && is_glossary(p))
        .or_else(|| resolved.pages.iter().position(|p| is_glossary(p)))
}

/// The autolinking matcher for pages in `lang`, if the site has a glossary.
/// The autolinking matcher for pages in `lang`, and a hash of what it was made from.
fn glossary(resolved: &Resolved<'_>, lang: &str) -> Option<(Glossary, u64)> {
    let i = glossary_page(resolved, lang)?;
    let page = &resolved.pages[i];
    let crate::content::Body::Glossary(terms) = &page.body else {
        return None;
    };
    let url = resolved.url(&page.path);
    let terms: Vec<(GlossaryEntry, Vec<String>)> = terms
        .iter()
        .map(|t| {
            let entry = GlossaryEntry {
                url: format!("{url}#{}", t.id),
                title: plain_text(&t.definition.value),
            };
            let mut names = vec![t.term.clone()];
            names.extend(t.aliases.iter().cloned());
            (entry, names)
        })
        .collect();
    let fingerprint = crate::cache::key_of(
        &terms
            .iter()
            .map(|(e, names)| (&e.url, &e.title, names))
            .collect::<Vec<_>>(),
    );
    Some((Glossary::new(terms), fingerprint))
}

pub(super) fn tel(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// The emergency sentence in the language of `strings` (its `emergency_line` string,
/// else careleaf.yaml's text), with its contact.
fn emergency(c: &crate::config::Config, strings: &Strings) -> Option<EmergencyContext> {
    let line = &c.emergency_line.as_ref()?.value;
    let contact = c.contact_in(&line.contact.value, strings)?;
    let text = match strings.all().get("emergency_line") {
        Some(text) if !text.trim().is_empty() => text.clone(),
        _ => line.text.clone(),
    };
    let phone_in_text = contact
        .phone
        .as_ref()
        .is_some_and(|p| text.contains(p.as_str()));
    let html = match contact.phone.as_deref() {
        Some(phone) if phone_in_text => crate::markdown::escape(&text).replacen(
            &crate::markdown::escape(phone),
            &format!(
                "<a href=\"{}\">{}</a>",
                tel(phone),
                crate::markdown::escape(phone)
            ),
            1,
        ),
        _ => crate::markdown::escape(&text),
    };
    Some(EmergencyContext {
        phone_in_text,
        html,
        text,
        contact: ContactContext {
            name: line.contact.value.clone(),
            label: contact.label,
            phone_href: contact.phone.as_deref().map(tel),
            phone: contact.phone,
            hours: contact.hours,
        },
    })
}

fn site_context(
    resolved: &Resolved<'_>,
    assets: &BTreeMap<String, String>,
    lang: &str,
    strings: &Strings,
) -> SiteContext {
    let asset = |name: &str| assets.get(name).map(|path| resolved.url(path));
    let site = resolved.site;
    let c = &site.config;
    let menu: Vec<LinkContext> = resolved
        .menu(lang)
        .iter()
        .map(|entry| match &entry.target {
            MenuTarget::Page(i, anchor) => {
                let mut l = link(resolved, *i);
                if let Some(a) = anchor {
                    l.url = format!("{}#{a}", l.url);
                }
                if let Some(t) = &entry.title {
                    l.title = t.clone();
                }
                l
            }
            MenuTarget::Url(url) => LinkContext {
                title: entry.title.clone().unwrap_or_else(|| url.clone()),
                url: url.clone(),
                summary: None,
                kind: PageKind::Page,
                current: false,
            },
        })
        .collect();
    let glossary_url = glossary_page(resolved, lang).map(|i| resolved.url(&resolved.pages[i].path));
    // careleaf.yaml's own words, in this language when `strings:` translates them.
    let own = |key: &str, value: Option<&String>| {
        strings
            .find(key)
            .map(str::to_owned)
            .or_else(|| value.cloned())
    };
    let mut clinic = c.clinic.clone();
    clinic.address = own("clinic_address", c.clinic.address.as_ref());
    clinic.hours =
        own("clinic_hours", None).or_else(|| own("contact_clinic_hours", c.clinic.hours.as_ref()));
    SiteContext {
        title: own("site_title", Some(&c.title)).unwrap_or_default(),
        description: own("site_description", c.description.as_ref()),
        time_zone: c
            .time_zone
            .as_ref()
            .map_or_else(|| "UTC".to_owned(), |z| z.value.clone()),
        base_url: format!("{}{}", site.base_url.origin, site.base_url.prefix),
        prefix: site.base_url.prefix.clone(),
        default_language: site.default_language().to_owned(),
        clinic,
        logo_url: c
            .header_logo()
            .map(|l| &l.value)
            .or(c.clinic.logo.as_ref())
            .map(|l| static_url(resolved, l)),
        clinic_logo_url: c.clinic.logo.as_ref().map(|l| static_url(resolved, l)),
        phone_href: tel(&c.clinic.phone),
        after_hours_href: c.clinic.after_hours.as_deref().map(tel),
        theme_options: c
            .theme_options
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
        accent: c.accent().map(|a| a.value.clone()),
        menu,
        home_url: resolved.url(&resolved.home_path(lang)),
        glossary_url,
        ingredients_url: resolved
            .ingredients
            .contains_key(lang)
            .then(|| resolved.url(&urls::ingredients(&resolved.home_path(lang)))),
        search_url: (cfg!(feature = "search") && c.search)
            .then(|| resolved.url(&urls::search(&resolved.home_path(lang)))),
        search_bundle_url: resolved.url(urls::SEARCH_BUNDLE),
        feed_url: (c.feed && feed::has_entries(resolved, lang))
            .then(|| resolved.url(&urls::feed(&resolved.home_path(lang)))),
        stylesheet_url: asset("style.css").unwrap_or_else(|| resolved.url(urls::STYLESHEET)),
        theme_stylesheet_url: asset("theme.css"),
        print_stylesheet_url: asset("print.css")
            .unwrap_or_else(|| resolved.url(urls::PRINT_STYLESHEET)),
        csp: super::headers::CONTENT_SECURITY_POLICY,
        assets: assets
            .iter()
            .map(|(name, path)| (name.clone(), resolved.url(path)))
            .collect(),
        medicines_url: resolved
            .medicines
            .contains_key(lang)
            .then(|| resolved.url(&urls::medicines(&resolved.home_path(lang)))),
        emergency: emergency(c, strings),
        dir: crate::language::Language::of(lang).direction().name(),
        blanks: c.handout.blanks.clone(),
    }
}

/// One warning for a language whose UI strings the theme and careleaf.yaml leave
/// partly untranslated (those show in English), naming the keys.
fn missing_strings(theme: &Theme, site: &crate::config::Site, lang: &str) -> Option<Diagnostic> {
    if lang == "en" || lang.starts_with("en-") {
        return None;
    }
    let mut ignored = Vec::new();
    let english = theme.own_strings("en", &mut ignored)?;
    let own = theme.own_strings(lang, &mut ignored).unwrap_or_default();
    let config = site.config.strings.get(lang);
    let missing: Vec<&str> = english
        .keys()
        .filter(|k| !own.contains_key(*k) && !config.is_some_and(|c| c.contains_key(*k)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let shown: Vec<&str> = missing.iter().take(12).copied().collect();
    Some(
        Diagnostic::warning(crate::config::CONFIG_FILE, 0, 0, format!(
            "{} UI string{} of `{lang}` {} no translation and {} in English: {}{}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            if missing.len() == 1 { "has" } else { "have" },
            if missing.len() == 1 { "shows" } else { "show" },
            shown.join(", "),
            if missing.len() > shown.len() { ", ..." } else { "" }
        ))
        .with_hint(format!(
            "add them to i18n/{lang}.yaml in your theme (templates/i18n/{lang}.yaml or themes/NAME/i18n/{lang}.yaml), or under `strings: {{ {lang}: ... }}` in careleaf.yaml"
        )),
    )
}
