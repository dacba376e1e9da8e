//! The kinds of page careleaf writes, with what each kind implies.

use serde::Serialize;

/// What kind of page a page is: decides its default template and whether it is listed
/// in the sitemap, indexed for search and carried in the feed. Templates see it as
/// `page.kind` (and `link.kind`), in kebab-case: `home`, `not-found`...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// A language's home page (written or generated).
    Home,
    /// A section page (`_index.md` of a folder).
    Section,
    /// A structured guide.
    Guide,
    /// A Markdown page.
    Page,
    /// The glossary.
    Glossary,
    /// The search page.
    Search,
    /// A taxonomy's list of terms (`/tags/`).
    Taxonomy,
    /// One taxonomy term's pages (`/tags/sun-care/`), also a link to it.
    Term,
    /// The ingredient index.
    Ingredients,
    /// The medicines index.
    Medicines,
    /// A guide's print handout page.
    Handout,
    /// The list of handouts for the front desk.
    Handouts,
    /// The 404 page.
    NotFound,
    /// An alias that sends readers to the page's real address.
    Redirect,
}

impl PageKind {
    /// Its name as templates see it.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Guide => "guide",
            PageKind::Page => "page",
            PageKind::Glossary => "glossary",
            PageKind::Search => "search",
            PageKind::Taxonomy => "taxonomy",
            PageKind::Term => "term",
            PageKind::Ingredients => "ingredients",
            PageKind::Medicines => "medicines",
            PageKind::Handout => "handout",
            PageKind::Handouts => "handouts",
            PageKind::NotFound => "not-found",
            PageKind::Redirect => "redirect",
        }
    }

    /// The template a page of this kind is rendered with, unless it names its own.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Section => "section.html",
            PageKind::Guide => "guide.html",
            PageKind::Page => "page.html",
            PageKind::Glossary => "glossary.html",
            PageKind::Search => "search.html",
            PageKind::Taxonomy | PageKind::Term => "taxonomy.html",
            PageKind::Ingredients => "ingredients.html",
            PageKind::Medicines => "medicines.html",
            PageKind::Handout => "handout.html",
            PageKind::Handouts => "handouts.html",
            PageKind::NotFound => "404.html",
            PageKind::Redirect => "redirect.html",
        }
    }

    /// Listed in sitemap.xml.
    pub fn in_sitemap(self) -> bool {
        !matches!(
            self,
            PageKind::NotFound | PageKind::Redirect | PageKind::Handout | PageKind::Search
        )
    }

    /// Worth finding in search: content, not lists of links or machinery.
    pub fn searchable(self) -> bool {
        matches!(
            self,
            PageKind::Home
                | PageKind::Section
                | PageKind::Guide
                | PageKind::Page
                | PageKind::Glossary
                | PageKind::Ingredients
                | PageKind::Medicines
        )
    }

    /// Carried in the Atom feed.
    pub fn in_feed(self) -> bool {
        self == PageKind::Guide
    }
}
