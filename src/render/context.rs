//! The plain serializable structs templates receive. Every field is documented in
//! docs/templates.md; HTML fields hold rendered, safe markup (use `| safe`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::PageKind;
use crate::config::Clinic;
pub use crate::sections::warning_signs::ContactContext;
pub use crate::sections::{ImageContext, PlanWindow, SectionBody};

/// `site`: the same on every page of one language.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    /// The clinic's time zone (`time_zone`, default `UTC`), for calendar files.
    pub time_zone: String,
    /// careleaf.yaml `title`.
    pub title: String,
    /// careleaf.yaml `description`.
    pub description: Option<String>,
    /// The base URL without a trailing slash.
    pub base_url: String,
    /// The base URL's path prefix (`/guides`, or empty); prepend it to root-relative paths.
    pub prefix: String,
    /// The default language.
    pub default_language: String,
    /// The clinic (name, phone, after_hours, email, address, hours, logo).
    pub clinic: Clinic,
    /// The header logo's URL: `theme_options.logo`, else `clinic.logo`.
    pub logo_url: Option<String>,
    /// The clinic logo's URL (`clinic.logo`), as printed on handouts.
    pub clinic_logo_url: Option<String>,
    /// `tel:` form of the phone numbers.
    pub phone_href: String,
    /// `tel:` form of the after-hours number.
    pub after_hours_href: Option<String>,
    /// careleaf.yaml `theme_options`.
    pub theme_options: BTreeMap<String, String>,
    /// `theme_options.accent`, if set (a `#rrggbb` colour).
    pub accent: Option<String>,
    /// Top-level navigation in this language.
    pub menu: Vec<LinkContext>,
    /// URL of this language's home page.
    pub home_url: String,
    /// URL of the glossary in this language, if the site has one.
    pub glossary_url: Option<String>,
    /// URL of the ingredient index in this language, if the guides name ingredients.
    pub ingredients_url: Option<String>,
    /// URL of the search page in this language, when search is on.
    pub search_url: Option<String>,
    /// URL of the folder holding Pagefind's index and scripts (`/pagefind/`).
    pub search_bundle_url: String,
    /// URL of the Atom feed of this language's guides, when there is one.
    pub feed_url: Option<String>,
    /// URLs of the theme's stylesheets.
    pub stylesheet_url: String,
    /// URL of the theme's own additions (`static/theme.css`), loaded after the base
    /// stylesheet, when the theme has one (the `high-contrast` theme does).
    pub theme_stylesheet_url: Option<String>,
    /// URL of the print stylesheet.
    pub print_stylesheet_url: String,
    /// The Content-Security-Policy, for a `<meta http-equiv>` (hosts that cannot send
    /// headers).
    pub csp: &'static str,
    /// URLs of the theme's stylesheets and scripts by file name, with their content
    /// hash (`site.assets["plan.js"]` -> `/plan.3f2a9c1e4b5d6e7f.js`).
    pub assets: BTreeMap<String, String>,
    /// URL of the medicines index in this language, if the guides name medicines.
    pub medicines_url: Option<String>,
    /// The language's text direction: `ltr`, or `rtl` (Arabic, Hebrew, Persian, Urdu...).
    pub dir: &'static str,
    /// `emergency_line`: the one emergency sentence, with its contact; none unless
    /// careleaf.yaml sets it.
    pub emergency: Option<EmergencyContext>,
    /// Labelled blanks on every handout (`handout.blanks`).
    pub blanks: Vec<String>,
}

/// The emergency sentence and whom it names.
#[derive(Debug, Clone, Serialize)]
pub struct EmergencyContext {
    /// The sentence in the page's language.
    pub text: String,
    /// Whether the sentence already holds the contact's number ("Call 999 if...");
    /// else themes show the contact's label and number after it.
    pub phone_in_text: bool,
    /// The sentence as HTML, escaped, with the contact's number in it (if it is) a
    /// `tel:` link.
    pub html: String,
    /// The contact it names.
    pub contact: ContactContext,
}

/// "This guide is not available in Español yet", in that language.
#[derive(Debug, Clone, Serialize)]
pub struct UntranslatedNote {
    /// The reader's language.
    pub lang: String,
    /// Its text direction (`ltr`, `rtl`).
    pub dir: &'static str,
    /// The anchor links from that language use (`untranslated-es`).
    pub id: String,
    /// The note.
    pub text: String,
    /// "If you have questions, call us on", before the clinic's number.
    pub help: String,
}

/// A guide event placed in time (`about:`), for the personal plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanEvent {
    /// How it reads ("your stitches are removed").
    pub label: String,
    /// When it happens, in minutes after the treatment: `from` the earliest, `to` the
    /// latest (none when `about` is one time).
    pub window: PlanWindow,
}

/// A link to another page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkContext {
    /// The page title.
    pub title: String,
    /// Its URL.
    pub url: String,
    /// Its summary, if any.
    pub summary: Option<String>,
    /// What kind of page it links to.
    pub kind: PageKind,
    /// Whether this link is the current page or one of its ancestors (for menus).
    pub current: bool,
}

/// Another language version of the page.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationContext {
    /// BCP 47 code.
    pub lang: String,
    /// The language's own name ("Español").
    pub name: String,
    /// The URL of that version.
    pub url: String,
    /// The full URL of that version (for hreflang).
    pub permalink: String,
    /// Whether this is the page being rendered.
    pub current: bool,
}

/// Review data in words.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewContext {
    /// The reviewer.
    pub by: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    /// The date in words.
    pub on_text: String,
    /// `YYYY-MM-DD` of the next review (written or `on` + `review.interval_days`).
    pub next: String,
    /// The next review date in words.
    pub next_text: String,
}

/// A taxonomy term on a page.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    /// The name.
    pub name: String,
    /// The term page's URL.
    pub url: String,
}

/// What a guide's times count from, as templates get it (DESIGN §11.1).
#[derive(Debug, Clone, Serialize)]
pub struct DatesContext {
    /// In a sentence: "your colonoscopy".
    pub label: String,
    /// The handout's date blank: "Date of your colonoscopy" (default: `t.treatment_date`).
    pub blank: String,
    /// The personal plan's date field: "Date of your colonoscopy".
    pub field: String,
    /// The personal plan's introduction, with the label.
    pub intro: String,
    /// "Dates shown for your colonoscopy on {date}."
    pub shown: String,
}

/// `page`: the page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext {
    /// What kind of page this is.
    pub kind: PageKind,
    /// The title.
    pub title: String,
    /// The summary (plain text).
    pub summary: Option<String>,
    /// The language.
    pub lang: String,
    /// Root-relative URL with the base prefix.
    pub url: String,
    /// Full URL.
    pub permalink: String,
    /// The file it came from (relative to the site root), empty for generated pages.
    pub source: String,
    /// Rendered Markdown body (Markdown pages, sections, home).
    pub content: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Clinical review (boxed, as the other parts most pages lack: every page's
    /// context is held until the pages are rendered).
    pub reviewed: Option<Box<ReviewContext>>,
    /// Tags.
    pub tags: Vec<TermLink>,
    /// Concerns.
    pub concerns: Vec<TermLink>,
    /// Related pages, both directions.
    pub related: Vec<LinkContext>,
    /// Previous page in the section.
    pub prev: Option<LinkContext>,
    /// Next page in the section.
    pub next: Option<LinkContext>,
    /// Children (sections, home, taxonomy terms).
    pub children: Vec<LinkContext>,
    /// Other language versions.
    pub translations: Vec<TranslationContext>,
    /// Guides only: key points, rendered.
    pub takeaways: Vec<String>,
    /// Guides only: the sections.
    pub sections: Vec<SectionContext>,
    /// Glossaries only: the terms.
    pub terms: Vec<TermContext>,
    /// Guides only: JSON-LD (`MedicalWebPage`, and `FAQPage` when there is an FAQ),
    /// ready to put in a `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
    /// Guides only: the URL of the printable handout page.
    pub handout_url: Option<String>,
    /// Guides only: the URL of the handout PDF, when PDFs are written.
    pub pdf_url: Option<String>,
    /// Guides only: the URL of the large-print PDF (16 pt), when PDFs are written.
    pub large_print_url: Option<String>,
    /// Guides only: the guide's events that have an `about`, for the personal plan.
    pub plan_events: Vec<PlanEvent>,
    /// Who the guide speaks to (`patient`, `parent`, `carer`); `t` holds the strings
    /// for them.
    pub audience: crate::i18n::Audience,
    /// Guides whose times count from a day: what they count from and the labels of
    /// the date to fill in; none for pages with no times (`counted_from: none`).
    pub dates: Option<Box<DatesContext>>,
    /// Guides with their own `contact:`: that contact, for the letterhead and the
    /// "call us" line of the page (the clinic's number otherwise).
    pub contact: Option<crate::sections::warning_signs::ContactContext>,
    /// Guides only: whether the page offers a personal plan (something in it has a
    /// date once the day is known).
    pub plan: bool,
    /// Guides only: the anchor of the section that says when to get help (the first
    /// `warning-signs` section, else the first `action-plan`), for the "When to get
    /// help" link above the advice.
    pub help_id: Option<String>,
    /// Guides (and their versions pages): the leaflet's version, "ORTH-023 · Version 3 ·
    /// 20 April 2026" or "ORTH-023 · Draft", and its versions page; none on a site
    /// that uses neither `code:` nor `careleaf versions mark` (DESIGN §11.7).
    pub version: Option<Box<PageVersion>>,
    /// Pages in the default language: a note for the readers of each language the page
    /// has no translation in (they are sent to `URL#ID`; themes show it with `:target`).
    pub untranslated: Vec<UntranslatedNote>,
    /// Listings split over several pages (`listing.per_page`): where this one stands.
    pub pagination: Option<Box<PaginationContext>>,
}

/// `page.pagination`: one page of a long list of pages.
#[derive(Debug, Clone, Serialize)]
pub struct PaginationContext {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub total: usize,
    /// "Page 2 of 5", in the page's language.
    pub label: String,
    /// The page before, if any.
    pub prev_url: Option<String>,
    /// The page after, if any.
    pub next_url: Option<String>,
}

/// `handout`: on a guide's handout page (`handout.html`).
#[derive(Debug, Clone, Serialize)]
pub struct HandoutContext {
    /// The guide page's URL.
    pub guide_url: String,
    /// The guide page's full URL: what the QR code holds.
    pub guide_permalink: String,
    /// The PDF's URL, when PDFs are written.
    pub pdf_url: Option<String>,
    /// The large-print PDF's URL, when PDFs are written.
    pub large_print_url: Option<String>,
    /// The QR code's URL (an SVG beside the page), when `handout.qr` is on.
    pub qr_url: Option<String>,
    /// `letter` or `a4`.
    pub paper: &'static str,
    /// The CSS `@page` size for that paper (`letter` or `A4`).
    pub page_size: &'static str,
    /// The sections chosen with `handout.sections`, in order, shaped like `page.sections`.
    pub sections: Vec<SectionContext>,
    /// `handout.max_pages` of the guide.
    pub max_pages: u32,
    /// Labelled blanks after "Treatment date" and "Your provider": careleaf.yaml's
    /// `handout.blanks`, then the guide's.
    pub blanks: Vec<String>,
    /// The printed footer (review line and address) as a CSS string, for `@page` margin boxes.
    pub footer_css: String,
    /// "Page N of M" as a CSS `content` value using the `page` and `pages` counters.
    pub page_number_css: String,
}

/// `handouts`: on the list of every handout (`handouts.html`).
#[derive(Debug, Clone, Serialize)]
pub struct HandoutsContext {
    /// One entry per guide, in the home page's order.
    pub items: Vec<HandoutLink>,
    /// The URL of the PDF holding every handout of this language, when PDFs are written.
    pub packet_url: Option<String>,
}

/// A guide in the handout list.
#[derive(Debug, Clone, Serialize)]
pub struct HandoutLink {
    /// The guide's title.
    pub title: String,
    /// Its summary.
    pub summary: Option<String>,
    /// The guide page's URL.
    pub guide_url: String,
    /// The handout page's URL.
    pub handout_url: String,
    /// The PDF's URL, when PDFs are written.
    pub pdf_url: Option<String>,
    /// The large-print PDF's URL, when PDFs are written.
    pub large_print_url: Option<String>,
}

/// A guide section: the common fields plus `type` and the fields of that type.
#[derive(Debug, Clone, Serialize)]
pub struct SectionContext {
    /// The anchor.
    pub id: String,
    /// The heading (written, or the theme's default for the type; may be empty for text).
    pub title: String,
    /// The intro paragraph, rendered.
    pub intro: Option<String>,
    /// The type's fields.
    #[serde(flatten)]
    pub body: SectionBody,
}

/// A guide's version, as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct PageVersion {
    /// "ORTH-023 · Version 3 · 20 April 2026".
    pub label: String,
    /// The guide's versions page, when it has versions.
    pub url: Option<String>,
}

/// A glossary term.
#[derive(Debug, Clone, Serialize)]
pub struct TermContext {
    /// The term.
    pub term: String,
    /// Its anchor.
    pub id: String,
    /// Other words for it.
    pub aliases: Vec<String>,
    /// Rendered definition.
    pub definition: String,
}

/// `ingredients`: on the ingredient index (`ingredients.html`), sorted by name.
#[derive(Debug, Clone, Serialize)]
pub struct IngredientIndexEntry {
    /// The name as first written.
    pub name: String,
    /// Its anchor on the index.
    pub id: String,
    /// What each guide says about it.
    pub uses: Vec<IngredientUse>,
}

/// What one guide says about an ingredient.
#[derive(Debug, Clone, Serialize)]
pub struct IngredientUse {
    /// The guide's title.
    pub guide: String,
    /// Where in the guide it is said (the ingredient's row, or the tips section).
    pub url: String,
    /// `safe`, `avoid`, `caution` (ingredients sections) or `do`, `avoid` (tips).
    pub status: String,
    /// The advice in plain words ("Avoid for 7 days after treatment").
    pub advice: String,
    /// The note or the tip, rendered (HTML).
    pub note: Option<String>,
}
