//! `careleaf.yaml`: the site configuration, typed, with every default documented.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};

pub use crate::markdown::RawHtml;
use crate::yaml;

mod contacts;
pub mod example;
mod load;
mod navigation;
pub use contacts::{AFTER_HOURS_CONTACT, CLINIC_CONTACT, Contact, EmergencyLine};
pub use load::{contrast_with_white, is_hex_color, is_language_tag, load, load_site, warnings};
pub use navigation::{Listing, MenuItem};

/// The config file's name; its folder is the site root.
pub const CONFIG_FILE: &str = "careleaf.yaml";

/// The whole of `careleaf.yaml` (DESIGN §3). Unknown keys are errors.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's title, shown in the header and the browser tab. Required.
    pub title: String,
    /// One line about the site, used in meta descriptions and feeds. Default: none.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the site is published; may carry a path prefix (`https://x.example/guides`).
    pub base_url: Spanned<String>,
    /// The default language (BCP 47). Default: `en`.
    #[serde(default = "default_language")]
    pub language: Spanned<String>,
    /// Other languages with translations under `/LANG/`. Default: none.
    #[serde(default)]
    pub translations: Vec<Spanned<String>>,
    /// A built-in theme name (`default`, `high-contrast`) or a folder under themes/.
    #[serde(default = "default_theme")]
    pub theme: Spanned<String>,
    /// Free-form options for the theme (`accent`, `logo_height`...), passed to templates.
    #[serde(default)]
    pub theme_options: BTreeMap<String, Spanned<String>>,
    /// The clinic, printed on every page and handout.
    pub clinic: Clinic,
    /// Printable handouts.
    #[serde(default)]
    pub handout: HandoutConfig,
    /// Markdown rendering.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// The reading-level check.
    #[serde(default)]
    pub readability: Readability,
    /// Clinical review governance.
    #[serde(default)]
    pub review: Review,
    /// The glossary.
    #[serde(default)]
    pub glossary: GlossaryConfig,
    /// Whether to build the offline search index. Default: true.
    #[serde(default = "yes")]
    pub search: bool,
    /// Whether to write the Atom feed `atom.xml`. Default: true.
    #[serde(default = "yes")]
    pub feed: bool,
    /// The largest content page careleaf reads, in KB; larger ones are refused.
    /// Default: 4096 (4 MB).
    #[serde(default = "default_max_page_kb")]
    pub max_page_kb: u64,
    /// The main navigation, in order. Default: the home page, the section pages, the
    /// glossary and at most five more top-level pages by weight.
    #[serde(default)]
    pub menu: Option<Vec<Spanned<MenuItem>>>,
    /// Lists of pages (home, sections, taxonomy terms).
    #[serde(default)]
    pub listing: Listing,
    /// Named contacts for warning-sign boxes (DESIGN §10.2); `clinic` and
    /// `after-hours` always exist, from `clinic.phone` and `clinic.after_hours`.
    #[serde(default)]
    pub contacts: BTreeMap<String, Spanned<Contact>>,
    /// The one emergency sentence careleaf prints (under the warning signs and on
    /// every handout). Default: none.
    #[serde(default)]
    pub emergency_line: Option<Spanned<EmergencyLine>>,
    /// Every link relative, so the output works from a folder (`file://`). Default:
    /// false.
    #[serde(default)]
    pub relative_urls: bool,
    /// The clinic's time zone, an IANA name (`Europe/London`), for times of day in
    /// calendar files. Default: `UTC`.
    #[serde(default)]
    pub time_zone: Option<Spanned<String>>,
    /// UI strings per language, over the theme's `i18n/LANG.yaml`.
    #[serde(default)]
    pub strings: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
}

impl Config {
    /// `theme_options.accent`: the brand colour (`#rrggbb`), checked when read.
    pub fn accent(&self) -> Option<&Spanned<String>> {
        self.theme_options.get(THEME_ACCENT)
    }

    /// `theme_options.logo`: the header logo, a file from the site root.
    pub fn header_logo(&self) -> Option<&Spanned<String>> {
        self.theme_options.get(THEME_LOGO)
    }
}

/// The `strings:` keys that translate careleaf.yaml's own words (DESIGN §11.2), besides
/// each contact's `contact_NAME` and `contact_NAME_hours`.
pub const SITE_STRINGS: &[&str] = &[
    "emergency_line",
    "site_title",
    "site_description",
    "clinic_address",
    "clinic_hours",
];

/// The `theme_options` careleaf itself reads; a theme may read any others.
pub const THEME_ACCENT: &str = "accent";
/// See [`THEME_ACCENT`].
pub const THEME_LOGO: &str = "logo";

/// The largest content page careleaf reads unless careleaf.yaml `max_page_kb` says
/// otherwise; a larger one is refused with a message.
pub const DEFAULT_MAX_PAGE_KB: u64 = 4096;

fn default_max_page_kb() -> u64 {
    DEFAULT_MAX_PAGE_KB
}

/// The clinic behind the site.
#[derive(Debug, Deserialize, schemars::JsonSchema, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    /// The clinic's name. Required.
    pub name: String,
    /// The main phone number. Required.
    pub phone: String,
    /// The number to call out of hours.
    #[serde(default)]
    pub after_hours: Option<String>,
    /// A contact e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The postal address, one line.
    #[serde(default)]
    pub address: Option<String>,
    /// Opening hours, one line ("Mon–Fri 8:00–18:00").
    #[serde(default)]
    pub hours: Option<String>,
    /// A logo file, relative to the site root (usually under static/).
    #[serde(default)]
    pub logo: Option<String>,
}

/// Paper size of printed handouts.
#[derive(
    Debug, Deserialize, schemars::JsonSchema, Serialize, Clone, Copy, PartialEq, Eq, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

/// `handout:` settings.
#[derive(Debug, Deserialize, schemars::JsonSchema, Serialize, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct HandoutConfig {
    /// `letter` (default) or `a4`.
    pub paper: Paper,
    /// Print a QR code to the online page. Default: true.
    pub qr: bool,
    /// Write a PDF beside each handout page. Default: true.
    pub pdf: bool,
    /// Write each language's packet (`/handouts.pdf`, every handout in one PDF) with
    /// the PDFs. Default: true.
    pub packet: bool,
    /// Labelled blanks every handout adds after "Treatment date" and "Your provider".
    pub blanks: Vec<String>,
}

impl Default for HandoutConfig {
    fn default() -> Self {
        Self {
            paper: Paper::Letter,
            qr: true,
            pdf: true,
            packet: true,
            blanks: Vec::new(),
        }
    }
}

/// `markdown:` settings.
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// `sanitize` (default), `allow` or `escape`.
    pub raw_html: RawHtml,
    /// Highlight fenced code blocks with CSS classes. Default: true.
    pub highlight: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            raw_html: RawHtml::Sanitize,
            highlight: true,
        }
    }
}

/// `readability:` settings.
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct Readability {
    /// Warn when a page reads above this school grade. Default: 8.
    pub max_grade: f64,
}

impl Default for Readability {
    fn default() -> Self {
        Self { max_grade: 8.0 }
    }
}

/// `review:` settings.
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct Review {
    /// Days from `reviewed.on` to the next review when `next` is not given. Default: 365.
    pub interval_days: u32,
    /// Warn this many days before a review falls due. Default: 30.
    pub warn_within_days: u32,
}

impl Default for Review {
    fn default() -> Self {
        Self {
            interval_days: 365,
            warn_within_days: 30,
        }
    }
}

/// `glossary:` settings.
#[derive(Debug, Deserialize, schemars::JsonSchema, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct GlossaryConfig {
    /// Link the first mention of each glossary term on a page. Default: true.
    pub autolink: bool,
}

impl Default for GlossaryConfig {
    fn default() -> Self {
        Self { autolink: true }
    }
}

fn default_language() -> Spanned<String> {
    yaml::unspanned("en".to_owned())
}

fn default_theme() -> Spanned<String> {
    yaml::unspanned("default".to_owned())
}

fn yes() -> bool {
    true
}

/// The parts of a validated base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, no trailing slash: `https://guides.example`.
    pub origin: String,
    /// The path prefix, empty or starting with `/` and without a trailing slash: `/guides`.
    pub prefix: String,
}

impl BaseUrl {
    /// Splits and checks a base URL; the error says what is wrong.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("`{url}` must start with https:// or http://"))?;
        let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
        // A host name, IPv4 or [IPv6] address, and port: nothing that could end an
        // attribute or start a query when pasted into a page.
        let host_char =
            |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']');
        if host.is_empty() || !host.chars().all(host_char) {
            return Err(format!("`{url}` has no valid host"));
        }
        // A port after the last `:` outside an [IPv6] address: 1 to 65535.
        if let Some((_, port)) = host.rsplit_once(':')
            && !port.contains(']')
            && !port.parse::<u16>().is_ok_and(|p| p > 0)
        {
            return Err(format!("`{url}` has no valid port (1 to 65535)"));
        }
        let folder_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%');
        let folders: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        // `%2e%2e` is `..` once a browser or server decodes it.
        let dots = |f: &str| {
            let decoded = f.to_ascii_lowercase().replace("%2e", ".");
            decoded == "." || decoded == ".."
        };
        if folders
            .iter()
            .any(|f| dots(f) || !f.chars().all(folder_char))
        {
            return Err(format!(
                "the path of `{url}` may only hold plain folder names"
            ));
        }
        let scheme_len = url.len() - rest.len();
        let origin = format!("{}{host}", &url[..scheme_len]);
        let prefix = folders.iter().map(|f| format!("/{f}")).collect();
        Ok(Self { origin, prefix })
    }
}

/// A loaded configuration with what was derived from it.
#[derive(Debug)]
pub struct Site {
    /// The site root (the folder holding careleaf.yaml).
    pub root: PathBuf,
    /// The configuration as written.
    pub config: Config,
    /// A hash of careleaf.yaml's text and the base URL override: what `serve` keys
    /// work on that depends on the configuration.
    pub fingerprint: u64,
    /// The checked base URL (or the `--base-url` override).
    pub base_url: BaseUrl,
    /// The default language followed by the translations.
    pub languages: Vec<String>,
}

impl Site {
    /// The default language.
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    proptest! {
        /// A base URL made of a host and plain folder names splits into exactly those
        /// parts, however many slashes surround the folders.
        #[test]
        fn base_urls_split_into_origin_and_prefix(
            https in any::<bool>(),
            host in "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,5}){1,2}(:[1-9][0-9]{1,3})?",
            folders in proptest::collection::vec("[a-zA-Z0-9_.~-]{1,8}", 0..4),
            slashes in proptest::collection::vec(1usize..3, 0..5),
        ) {
            prop_assume!(folders.iter().all(|f| f != "." && f != ".."));
            let scheme = if https { "https://" } else { "http://" };
            let mut url = format!("{scheme}{host}");
            for (i, f) in folders.iter().enumerate() {
                url.push_str(&"/".repeat(slashes.get(i).copied().unwrap_or(1)));
                url.push_str(f);
            }
            url.push_str(&"/".repeat(slashes.last().copied().unwrap_or(0)));
            let base = BaseUrl::parse(&url).unwrap();
            prop_assert_eq!(base.origin, format!("{scheme}{host}"));
            let prefix: String = folders.iter().map(|f| format!("/{f}")).collect();
            prop_assert_eq!(base.prefix, prefix);
        }

        /// Whatever is written, a base URL either is refused or gives an origin and a
        /// prefix that are safe to join with page paths and to put in an attribute.
        #[test]
        fn any_base_url_is_refused_or_safe(url in "(https?://)?\\PC{0,30}") {
            if let Ok(base) = BaseUrl::parse(&url) {
                let unsafe_char = |c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '\'');
                prop_assert!(!base.origin.contains(unsafe_char), "{:?}", base);
                prop_assert!(!base.prefix.contains(unsafe_char), "{:?}", base);
                prop_assert!(!base.origin.split_once("://").unwrap().1.contains('/'), "{:?}", base);
                prop_assert!(base.prefix.is_empty() || base.prefix.starts_with('/'));
                prop_assert!(!base.prefix.ends_with('/') && !base.prefix.contains("//"), "{:?}", base);
                prop_assert!(
                    base.prefix.split('/').skip(1).all(|s| s != "." && s != ".."),
                    "{:?}",
                    base
                );
            }
        }
    }

    #[test]
    fn contrast_ratios_follow_wcag() {
        assert_eq!(contrast_with_white("#000"), Some(21.0));
        assert_eq!(contrast_with_white("#ffffff"), Some(1.0));
        let teal = contrast_with_white("#0a6e6e").unwrap();
        assert!((5.9..6.1).contains(&teal), "{teal}");
        let grey = contrast_with_white("#767676").unwrap();
        assert!((4.5..4.6).contains(&grey), "{grey}");
        assert_eq!(contrast_with_white("red"), None);
    }

    const MINIMAL: &str =
        "title: T\nbase_url: https://x.example/guides/\nclinic: { name: C, phone: \"1\" }\n";

    #[test]
    fn defaults_apply() {
        let site = load(Path::new("."), MINIMAL, None).unwrap();
        assert_eq!(site.languages, ["en"]);
        assert_eq!(site.base_url.prefix, "/guides");
        assert_eq!(site.base_url.origin, "https://x.example");
        assert!(site.config.search && site.config.feed && site.config.handout.pdf);
        assert_eq!(site.config.handout.paper, Paper::Letter);
        assert_eq!(site.config.review.interval_days, 365);
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(BaseUrl::parse("https://a.b").unwrap().prefix, "");
        assert_eq!(BaseUrl::parse("http://a.b/x/y/").unwrap().prefix, "/x/y");
        assert!(BaseUrl::parse("a.b").is_err());
        assert!(BaseUrl::parse("https://a.b/../x").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("https://a.b:99999").is_err());
        assert!(BaseUrl::parse("https://a.b:0/x").is_err());
        assert!(BaseUrl::parse("https://a.b:x").is_err());
        assert_eq!(
            BaseUrl::parse("http://a.b:8080/x").unwrap().origin,
            "http://a.b:8080"
        );
        assert!(BaseUrl::parse("http://[::1]:8080").is_ok());
        assert!(BaseUrl::parse("http://[::1]").is_ok());
        assert!(BaseUrl::parse("https://a.b/%2e%2e/x").is_err());
        assert!(BaseUrl::parse("https://a.b/%2E./x").is_err());
    }

    #[test]
    fn all_value_problems_reported_together() {
        let text = "title: T\nbase_url: nope\nlanguage: English\ntheme_options: { accent: red }\nclinic: { name: C, phone: \"1\" }\n";
        let problems = load(Path::new("."), text, None).unwrap_err();
        let lines: Vec<u32> = problems.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 3, 4], "{problems:?}");
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let problems = load(Path::new("."), &format!("{MINIMAL}serch: true\n"), None).unwrap_err();
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `search`?"));
        assert_eq!(problems[0].line, 4);
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "es", "pt-BR", "zh-Hant"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "English", "EN", "es_ES", "../x"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
