//! Content: discovering content/, reading each file into a typed [`Page`], and the
//! checks that need nothing but the file itself (schema, slugs, windows, ids).

pub mod discover;
pub mod file;
mod guide_checks;
mod page;
mod parts;
pub mod prose;

pub use discover::{Asset, Content, discover};
pub use page::load_page;
pub use parts::fingerprint_bytes;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::yaml::Spanned;
use jiff::civil::Date;

use crate::diagnostics::Diagnostic;
use crate::sections::{Prose, Section};

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
    pub anchors: crate::anchors::Anchors,
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
    /// Whether `reviewed:` is written, even with a date that could not be read (an
    /// error of its own, so "the guide has no `reviewed:`" would only mislead).
    pub review_written: bool,
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
    Guide(Box<Guide>),
    /// A glossary.
    Glossary(Vec<Term>),
}

/// The Markdown after the front matter.
#[derive(Debug, Clone)]
pub struct MarkdownBody {
    /// The text, or where to read it again.
    text: BodyText,
    /// The line of the file the text starts on.
    pub first_line: u32,
}

/// A Markdown page's text: held, or let go once the page was read (`build` and
/// `check` of a large site do not hold every page's text from reading to writing) and
/// read again from the file when the checks and the renderer need it.
#[derive(Debug, Clone)]
enum BodyText {
    Held(String),
    LetGo {
        /// The site root the page's `source` is relative to.
        root: Arc<Path>,
        /// The text's length in bytes: it ends the file.
        len: usize,
        /// A hash of the text: the file must still hold exactly it.
        hash: u64,
    },
}

impl Page {
    /// The page with its Markdown text in hand: itself, or, when the text was let go, a
    /// copy holding the text read again (see [`MarkdownBody::text`]).
    pub fn with_text(&self) -> Result<std::borrow::Cow<'_, Page>, Diagnostic> {
        match &self.body {
            Body::Markdown(m) if matches!(m.text, BodyText::LetGo { .. }) => {
                let text = m.text(&self.source)?.into_owned();
                let mut page = self.clone();
                page.body = Body::Markdown(MarkdownBody::new(text, m.first_line));
                Ok(std::borrow::Cow::Owned(page))
            }
            _ => Ok(std::borrow::Cow::Borrowed(self)),
        }
    }
}

impl MarkdownBody {
    /// A body holding `text`, which starts on line `first_line` of its file.
    pub fn new(text: String, first_line: u32) -> Self {
        Self {
            text: BodyText::Held(text),
            first_line,
        }
    }

    /// Lets the text go; [`MarkdownBody::text`] reads it again from `root/source`.
    pub fn let_go(&mut self, root: &Arc<Path>) {
        if let BodyText::Held(text) = &self.text {
            self.text = BodyText::LetGo {
                root: Arc::clone(root),
                len: text.len(),
                hash: crate::cache::key_of(&text.as_str()),
            };
        }
    }

    /// The text of the page whose file is `source`: the one held, or the one read
    /// again, which must be what was read first (the checks saw that text, and only
    /// that text may be published). An error when the file changed or went since.
    pub fn text(&self, source: &Path) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let (root, len, hash) = match &self.text {
            BodyText::Held(text) => return Ok(std::borrow::Cow::Borrowed(text)),
            BodyText::LetGo { root, len, hash } => (root, *len, *hash),
        };
        let changed = || {
            Diagnostic::error(
                source,
                0,
                0,
                "the page changed while the site was being built",
            )
            .with_hint("build again once your edits are saved")
        };
        let mut text = crate::fs::read_text(&root.join(source), source).map_err(|_| changed())?;
        let start = text.len().checked_sub(len).ok_or_else(changed)?;
        if !text.is_char_boundary(start) || crate::cache::key_of(&&text[start..]) != hash {
            return Err(changed());
        }
        text.drain(..start);
        Ok(std::borrow::Cow::Owned(text))
    }
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
    pub events: crate::duration::Events,
    /// The handout's own labelled blanks (`handout.blanks`).
    pub blanks: Vec<String>,
    /// What the guide's times count from, as written (`None`: a treatment).
    pub counted_from: Option<crate::duration::CountedFrom>,
    /// Whether anything in the guide has a time (a `when:` or an event's `about:`),
    /// so that the page offers a personal plan.
    pub timed: bool,
    /// Who reads the guide.
    pub audience: crate::i18n::Audience,
    /// The guide's own contact, a name from careleaf.yaml `contacts`.
    pub contact: Option<Spanned<String>>,
    /// The leaflet's reference code (`ORTH-023`), unique in the site.
    pub code: Option<Spanned<String>>,
}

impl Guide {
    /// Whether the guide's times count from a day (everything but `counted_from: none`).
    pub fn is_dated(&self) -> bool {
        !matches!(
            self.counted_from,
            Some(crate::duration::CountedFrom::Nothing)
        )
    }

    /// What the guide's times count from, in a sentence: "your colonoscopy"; the
    /// theme's `counted_from_label` ("your treatment") by default.
    pub fn label<'a>(&'a self, strings: &'a crate::i18n::Strings) -> &'a str {
        match &self.counted_from {
            Some(crate::duration::CountedFrom::Day(d)) => &d.label,
            _ => strings.get("counted_from_label"),
        }
    }

    /// The label of the date to fill in ("Date of your colonoscopy"), when the guide
    /// names what it counts from; otherwise the theme's own labels stand.
    pub fn date_label(&self, strings: &crate::i18n::Strings) -> Option<String> {
        match &self.counted_from {
            Some(crate::duration::CountedFrom::Day(d)) => Some(
                d.date
                    .clone()
                    .unwrap_or_else(|| strings.fill("counted_from_date", &[("l", &d.label)])),
            ),
            _ => None,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A page file under a fresh site root, and its body let go the way `build` does.
    fn let_go(file: &str, body: &str) -> (tempfile::TempDir, MarkdownBody) {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        std::fs::write(root.path().join("content/p.md"), file).unwrap();
        let mut m = MarkdownBody::new(body.to_owned(), 4);
        m.let_go(&Arc::from(root.path()));
        assert!(matches!(m.text, BodyText::LetGo { .. }));
        (root, m)
    }

    #[test]
    fn a_let_go_text_is_read_again_as_it_was() {
        let source = Path::new("content/p.md");
        let (_root, m) = let_go("---\ntitle: A\n---\n# Hi\n\nText é.\n", "# Hi\n\nText é.\n");
        assert_eq!(m.text(source).unwrap(), "# Hi\n\nText é.\n");
        // Line breaks are made `\n` on every reading, and a byte-order mark is not text.
        let (_root, m) = let_go(
            "\u{feff}---\r\ntitle: A\r\n---\r\nOne\r\ntwo\r\n",
            "One\ntwo\n",
        );
        assert_eq!(m.text(source).unwrap(), "One\ntwo\n");
    }

    #[test]
    fn a_page_edited_or_removed_after_it_was_read_is_never_published() {
        let source = Path::new("content/p.md");
        let file = "---\ntitle: A\n---\nRest for a day.\n";
        let body = "Rest for a day.\n";
        let edits = [
            "---\ntitle: A\n---\nRest for a week.\n",
            "---\ntitle: A\n---\nRest for a dax.\n",
            "---\ntitle: A\n---\nRest for a day.\nAnd more.\n",
            "day.\n",
            "",
        ];
        for edit in edits {
            let (root, m) = let_go(file, body);
            std::fs::write(root.path().join(source), edit).unwrap();
            let e = m.text(source).unwrap_err();
            assert_eq!(e.message, "the page changed while the site was being built");
            assert_eq!(e.file.as_deref(), Some(source));
            assert_eq!(
                e.hint.as_deref(),
                Some("build again once your edits are saved")
            );
        }
        // A new front matter over the same text leaves the text that was checked, and
        // the front matter read first is the one published.
        let (root, m) = let_go(file, body);
        std::fs::write(
            root.path().join(source),
            "---\ntitle: B\n---\nRest for a day.\n",
        )
        .unwrap();
        assert_eq!(m.text(source).unwrap(), body);
        std::fs::remove_file(root.path().join(source)).unwrap();
        assert!(m.text(source).is_err());
    }
}
