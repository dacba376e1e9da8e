//! Text a laid-out handout would print outside its pages: below the top of the
//! footer (over it, or off the paper) or beyond the side margins. The theme's
//! template breaks what is too long for a page, so this finds only what cannot
//! break (a word too long for its column, a picture taller than a page) or a
//! template that keeps too much together; the build refuses such a handout rather
//! than print it cut off.
//!
//! The template marks each section with `[#metadata(ID) <careleaf-section>]`, so
//! that the text found can be put down to the section it belongs to.

use typst::foundations::{StyleChain, Value};
use typst::introspection::{MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::pdf::{ArtifactElem, ArtifactKind};
use typst_layout::PagedDocument;

/// The label of the template's section marks.
const SECTION_MARK: &str = "careleaf-section";

/// How far (in points) text may reach past a limit before it counts: glyphs'
/// advances round, and an italic overhang is not lost.
const SLACK: f64 = 1.0;

/// Text outside a page's margins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    /// The page, from 1.
    pub page: usize,
    /// The id of the section the text is in (`takeaways` for the key points), if
    /// the template marks sections.
    pub section: Option<String>,
    /// The start of the text that falls outside, for the message.
    pub text: String,
    /// Whether it runs off the side of the page (else off its foot).
    pub side: bool,
}

/// Where a page's text was found, in page coordinates.
#[derive(Default)]
struct Found {
    /// Text of the content: its section, start and end on the baseline, and text.
    text: Vec<(Option<String>, Point, Point, String)>,
    /// The top left corner of everything in the footer.
    footer: Option<Point>,
}

struct Walk {
    section: Option<String>,
    /// The footers being walked, by location (their end tags name it).
    footers: Vec<typst::introspection::Location>,
    found: Found,
}

/// The first piece of text of each section (per page and direction) that lies
/// outside the margins of its page.
pub fn overflows(document: &PagedDocument) -> Vec<Overflow> {
    let mut out: Vec<Overflow> = Vec::new();
    let mut walk = Walk {
        section: None,
        footers: Vec::new(),
        found: Found::default(),
    };
    for (n, page) in document.pages().iter().enumerate() {
        walk.found = Found::default();
        walk.frame(&page.frame, Transform::identity());
        let size = page.frame.size();
        let (bottom, left) = match walk.found.footer {
            // The footer sits at the foot of the text's width: its top is where the
            // text must end, its left edge where the text starts.
            Some(corner) => (corner.y, corner.x),
            None => (size.y, Abs::zero()),
        };
        let right = size.x - left;
        for (section, start, end, text) in std::mem::take(&mut walk.found.text) {
            let below = start.y.to_pt() > bottom.to_pt() + SLACK;
            let side =
                start.x.to_pt() < left.to_pt() - SLACK || end.x.to_pt() > right.to_pt() + SLACK;
            if !(below || side) {
                continue;
            }
            let overflow = Overflow {
                page: n + 1,
                section,
                text,
                side: side && !below,
            };
            let seen = out.iter().any(|o| {
                o.page == overflow.page && o.section == overflow.section && o.side == overflow.side
            });
            if !seen {
                out.push(overflow);
            }
        }
    }
    out
}

impl Walk {
    fn frame(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(group) => {
                    self.frame(&group.frame, here.pre_concat(group.transform))
                }
                FrameItem::Tag(Tag::Start(element, _)) => self.start(element),
                FrameItem::Tag(Tag::End(location, ..)) if self.footers.last() == Some(location) => {
                    self.footers.pop();
                }
                FrameItem::Text(text) if self.footers.is_empty() => {
                    let start = Point::zero().transform(here);
                    let end = Point::with_x(text.width()).transform(here);
                    let sample: String = text.text.chars().take(40).collect();
                    self.found
                        .text
                        .push((self.section.clone(), start, end, sample));
                }
                // A picture counts by its bottom right corner, as a line of text.
                FrameItem::Image(image, size, _) if self.footers.is_empty() => {
                    let start = Point::zero().transform(here);
                    let end = Point::new(size.x, size.y).transform(here);
                    let alt = image.alt().unwrap_or_default();
                    self.found.text.push((
                        self.section.clone(),
                        Point::new(start.x, end.y),
                        end,
                        format!("a picture: {alt}"),
                    ));
                }
                _ if !self.footers.is_empty() => {
                    let corner = Point::zero().transform(here);
                    let footer = self.found.footer.get_or_insert(corner);
                    *footer = footer.min(corner);
                }
                _ => {}
            }
        }
    }

    fn start(&mut self, element: &typst::foundations::Content) {
        if let Some(artifact) = element.to_packed::<ArtifactElem>()
            && artifact.kind.get(StyleChain::default()) == ArtifactKind::Footer
            && let Some(location) = element.location()
        {
            self.footers.push(location);
        } else if let Some(meta) = element.to_packed::<MetadataElem>()
            && element
                .label()
                .is_some_and(|l| l.resolve().as_str() == SECTION_MARK)
        {
            self.section = match &meta.value {
                Value::Str(id) => Some(id.to_string()),
                _ => None,
            };
        }
    }
}
