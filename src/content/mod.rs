//! Content: discovering content/, reading each file into a typed [`Page`], and the
//! checks that need nothing but the file itself (schema, slugs, windows, ids).

pub mod discover;
pub mod duration;
pub mod file;
pub mod guide;
mod guide_checks;
mod page;
pub mod prose;

pub use discover::{Asset, Content, discover};
pub use page::{fingerprint_bytes, load_page};

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde_saphyr::Spanned;

use guide::{Prose, Section};

/// The content stage: finds and reads every content file and leaves drafts out
/// (unless `drafts`), remembering them so links to them get their own message.
pub fn load(
    root: &Path,
    site: &crate::config::Site,
    drafts: bool,
    cache: Option<&discover::PageCache>,
    problems: &mut crate::diagnostics::Diagnostics,
) -> Content {
    let (mut content, found) = discover(root, &site.languages, site.config.max_page_kb, cache);
    problems.extend(found);
    if !drafts {
        content.drafts = content
            .pages
            .iter()
            .filter(|p| p.meta.draft)
            .map(|p| p.content_path.clone())
            .collect();
        let left_out = &content.drafts;
        content
            .pages
            .retain(|p| !left_out.contains(&p.content_path));
    }
    content
}

/// One page of the site, in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the site root (`content/procedures/peel.yaml`).
    pub source: PathBuf,
    /// The file relative to content/, with `/` separators: what `@/` links name.
    pub content_path: String,
    /// The language-free identity shared by translations (`procedures/peel`).
    pub key: String,
    /// The page's language.
    pub lang: String,
    /// The folder relative to content/ (`procedures`, or empty at the top).
    pub section: String,
    /// Whether this is a section page (`_index.md`).
    pub is_index: bool,
    /// The URL path below the base URL, with a trailing slash (`/es/procedures/peel/`).
    pub path: String,
    /// The anchors other pages may link to (`#timeline`).
    pub anchors: Vec<String>,
    /// Title, summary, taxonomy and review data.
    pub meta: Meta,
    /// What the page holds.
    pub body: Body,
    /// A hash of the file it was read from (path, text, the site's languages): equal
    /// fingerprints, equal pages.
    pub fingerprint: u64,
    /// A fingerprint of each part a translation must follow (a guide's sections by
    /// id and its `takeaways`, a Markdown page's `body`, a glossary's `terms`), blind
    /// to changes of whitespace and comments: what `translations.lock` records.
    pub parts: std::collections::BTreeMap<String, String>,
}

/// The data every page has, whatever its kind.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The title.
    pub title: String,
    /// One or two plain sentences.
    pub summary: Option<String>,
    /// The last URL segment.
    pub slug: String,
    /// A publication date.
    pub date: Option<Date>,
    /// Whether the page is a draft.
    pub draft: bool,
    /// Order within the section.
    pub weight: i64,
    /// Tags, as written.
    pub tags: Vec<String>,
    /// Concerns, as written.
    pub concerns: Vec<String>,
    /// Related pages as written (slugs or `@/` paths), resolved by the site stage.
    pub related: Vec<Spanned<String>>,
    /// A template name overriding the default.
    pub template: Option<String>,
    /// Clinical review.
    pub reviewed: Option<Reviewed>,
    /// Old URL paths that redirect here.
    pub aliases: Vec<String>,
    /// The line of `title:` (for messages about the page as a whole).
    pub line: u32,
}

/// Who reviewed a page and when.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// The reviewer.
    pub by: String,
    /// The review date.
    pub on: Date,
    /// When the next review is due, if written.
    pub next: Option<Date>,
    /// Where `reviewed:` was written.
    pub line: u32,
}

impl Reviewed {
    /// When the next review is due: `next` as written, else `on` + `interval_days`.
    pub fn due(&self, interval_days: u32) -> Date {
        self.next.unwrap_or_else(|| {
            self.on
                .checked_add(jiff::Span::new().days(i64::from(interval_days)))
                .unwrap_or(self.on)
        })
    }
}

/// What a page holds.
#[derive(Debug, Clone)]
pub enum Body {
    /// A Markdown page.
    Markdown(MarkdownBody),
    /// A structured guide.
    Guide(Guide),
    /// A glossary.
    Glossary(Vec<Term>),
}

/// The Markdown after the front matter.
#[derive(Debug, Clone)]
pub struct MarkdownBody {
    /// The text.
    pub text: String,
    /// The line of the file the text starts on.
    pub first_line: u32,
}

/// A structured guide, validated.
#[derive(Debug, Clone)]
pub struct Guide {
    /// Key points for the top callout.
    pub takeaways: Vec<Prose>,
    /// The ids of the sections the handout holds, in order.
    pub handout_sections: Vec<String>,
    /// The handout length above which a warning is given.
    pub max_pages: u32,
    /// The sections in page order.
    pub sections: Vec<GuideSection>,
    /// Named events windows may start or end at.
    pub events: duration::Events,
    /// The handout's own labelled blanks (`handout.blanks`).
    pub blanks: Vec<String>,
}

/// A section with its resolved anchor.
#[derive(Debug, Clone)]
pub struct GuideSection {
    /// The anchor, unique within the page.
    pub id: String,
    /// Where the section starts in the file.
    pub line: u32,
    /// The section as written.
    pub section: Section,
}

/// A glossary term, validated.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term.
    pub term: String,
    /// Its anchor on the glossary page.
    pub id: String,
    /// Other words for it.
    pub aliases: Vec<String>,
    /// The definition in Markdown.
    pub definition: Prose,
}

impl Page {
    /// Whether the page is a structured guide.
    pub fn guide(&self) -> Option<&Guide> {
        match &self.body {
            Body::Guide(g) => Some(g),
            _ => None,
        }
    }
}
