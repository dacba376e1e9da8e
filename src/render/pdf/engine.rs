//! The Typst world of a build: fonts, standard library and the theme's handout
//! template loaded once, and one small world per handout that adds its `data.json`.
//! Virtual file paths are fixed (`/handout.typ`, `/data.json`, `/logo.EXT`) because
//! Typst interns file ids for the life of the process. Laid-out handouts are put
//! together as a language's packet ([`packet`]) without being typeset again.

use std::path::PathBuf;
use std::sync::Arc;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::introspection::Tag;
use typst::layout::{Frame, FrameItem};
use typst::model::{Destination, Document};
use typst::syntax::{DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::{Page, PagedDocument};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diagnostics::Diagnostic;

/// The virtual path of the template.
pub const TEMPLATE_PATH: &str = "/handout.typ";
/// The most bytes of a picture a handout reads.
const MAX_PICTURE_BYTES: u64 = 64 * 1024 * 1024;

/// The virtual path of the handout data.
pub const DATA_PATH: &str = "/data.json";

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("fixed paths are valid"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// The parts of a Typst world that do not change within a build.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Source,
    /// Where the template came from, for messages.
    origin: String,
    data_id: FileId,
    logo: Option<(FileId, Bytes)>,
    /// The site root: pictures of items are read from its static/ and content/
    /// folders (`/static/images/press.svg` in the template's world), by the rule for
    /// site files (a picture an SVG names is read the same way).
    root: Option<(PathBuf, crate::fs::SiteRoot)>,
}

/// PDFs typeset by earlier builds of the same process (`serve`), by a hash of
/// everything that goes into them, so a rebuild typesets only what changed.
pub type PdfCache = crate::cache::LastBuild<u64, Pdf>;

/// A typeset handout.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// The laid-out pages, kept for the packet of the handout's language.
    pub document: Option<Arc<PagedDocument>>,
    /// Text that would print outside the pages' margins (cut off or over the
    /// footer): the handout must not be published.
    pub overflows: Vec<super::margins::Overflow>,
}

impl Engine {
    /// Loads the fonts and the template. `logo` is the clinic logo's file extension
    /// and bytes; the template finds it at `/logo.EXT` (the data says which).
    pub fn new(template: &str, origin: &str, logo: Option<(&str, Vec<u8>)>) -> Engine {
        let sans = [
            notosans::REGULAR_TTF,
            notosans::BOLD_TTF,
            notosans::ITALIC_TTF,
            notosans::BOLD_ITALIC_TTF,
        ];
        let fonts: Vec<Font> = sans
            .into_iter()
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            template: Source::new(file_id(TEMPLATE_PATH), template.to_owned()),
            origin: origin.to_owned(),
            data_id: file_id(DATA_PATH),
            logo: logo.map(|(ext, bytes)| (file_id(&logo_path(ext)), Bytes::new(bytes))),
            root: None,
        }
    }

    /// Adds the font files (.ttf, .otf, .ttc) of the site's `fonts/` folder to Typst's
    /// own, for scripts those do not cover (Arabic, Hebrew, Devanagari...). A font
    /// that is not a regular file of the site is an error in `problems`.
    pub fn with_site_fonts(
        mut self,
        root: &std::path::Path,
        problems: &mut Vec<Diagnostic>,
    ) -> Engine {
        let dir = root.join("fonts");
        let site = crate::fs::SiteRoot::new(root);
        if dir.symlink_metadata().is_ok()
            && let Err(r) = site.inside(&dir)
        {
            problems.push(
                Diagnostic::error("fonts", 0, 0, format!("this folder {}", r.reason()))
                    .with_hint(r.hint()),
            );
            return self;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return self;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc")
                })
            })
            .collect();
        files.sort();
        for path in files {
            match site.read(&path, crate::fs::MAX_FILE_BYTES) {
                Ok(bytes) => self.fonts.extend(Font::iter(Bytes::new(bytes))),
                Err(r) => {
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    problems.push(
                        Diagnostic::error(rel, 0, 0, format!("this font file {}", r.reason()))
                            .with_hint(r.hint()),
                    );
                }
            }
        }
        self.book = LazyHash::new(FontBook::from_fonts(&self.fonts));
        self
    }

    /// Lets the template read the site's pictures (`/static/PATH` is static/PATH,
    /// else content/PATH): only files below those folders.
    pub fn with_site_files(mut self, root: &std::path::Path) -> Engine {
        self.root = Some((root.to_path_buf(), crate::fs::SiteRoot::new(root)));
        self
    }

    /// Typesets one document from its `data.json`. `ident` names the document
    /// stably (its URL), so the PDF's identifier does not change between builds;
    /// with `keep`, the laid-out pages are kept in the result (for a packet).
    ///
    /// Errors come with whether they point into the template (else they arose in the
    /// data, such as a prose field).
    pub fn render(
        &self,
        data: Vec<u8>,
        ident: &str,
        keep: bool,
    ) -> Result<Pdf, Vec<(Diagnostic, bool)>> {
        let document = self.layout(data)?;
        let mut pdf = self.export(&document, ident)?;
        pdf.overflows = super::margins::overflows(&document);
        if keep {
            pdf.document = Some(Arc::new(document));
        }
        Ok(pdf)
    }

    /// Lays out one document from its `data.json`.
    fn layout(&self, data: Vec<u8>) -> Result<PagedDocument, Vec<(Diagnostic, bool)>> {
        let world = HandoutWorld {
            engine: self,
            data: Bytes::new(data),
        };
        let document: PagedDocument = typst::compile(&world)
            .output
            .map_err(|errors| self.diagnostics(&world, &errors))?;
        if let Some(missing) = missing_glyphs(&document) {
            if let Some(c) = missing.iter().find(|c| c.is_control()) {
                return Err(vec![(
                    Diagnostic::general(format!(
                        "the text holds a control character, U+{:04X}, which cannot be printed",
                        u32::from(*c)
                    ))
                    .with_hint("remove it: it is invisible, and usually comes from text pasted from another program"),
                    false,
                )]);
            }
            let chars: Vec<String> = missing
                .iter()
                .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
                .collect();
            return Err(vec![(
                Diagnostic::general(format!(
                    "no font can print {}: the handout would show empty boxes",
                    chars.join(", ")
                ))
                .with_hint("put a font file (.ttf or .otf) that has these characters in the site's fonts/ folder, for example a Noto font for the script"),
                false,
            )]);
        }
        Ok(document)
    }

    /// Writes a laid-out document as a tagged PDF/UA-1 file.
    pub fn export(
        &self,
        document: &PagedDocument,
        ident: &str,
    ) -> Result<Pdf, Vec<(Diagnostic, bool)>> {
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some("careleaf".to_owned())),
            timestamp: None,
            page_ranges: None,
            // PDF/UA-1 (DESIGN §10.4): declared in the file, checked by Typst as it
            // writes (a missing alt text or title is an error), and the viewer shows
            // the document title (DisplayDocTitle).
            standards: PdfStandards::new(&[PdfStandard::Ua_1])
                .unwrap_or_else(|_| unreachable!("PDF/UA-1 alone is a valid set of standards")),
            tagged: true,
            pretty: false,
        };
        let world = HandoutWorld {
            engine: self,
            data: Bytes::new(Vec::new()),
        };
        let bytes = typst_pdf::pdf(document, &options)
            .map_err(|errors| self.diagnostics(&world, &errors))?;
        Ok(Pdf {
            bytes,
            pages: document.pages().len(),
            document: None,
            overflows: Vec::new(),
        })
    }

    fn diagnostics(
        &self,
        world: &HandoutWorld<'_>,
        errors: &[SourceDiagnostic],
    ) -> Vec<(Diagnostic, bool)> {
        errors
            .iter()
            .map(|e| {
                let mut message = format!("the handout template failed: {}", e.message);
                let place = match e.span.get() {
                    DiagSpanKind::Number { id, .. } | DiagSpanKind::Range { id, .. }
                        if id == self.template.id() =>
                    {
                        world.range(e.span).and_then(|r| {
                            self.template.lines().byte_to_line_column(r.start)
                        })
                    }
                    _ => None,
                };
                let d = match place {
                    Some((line, column)) if !self.origin.starts_with("built-in") => {
                        Diagnostic::error(
                            PathBuf::from(&self.origin),
                            line as u32 + 1,
                            column as u32 + 1,
                            message,
                        )
                    }
                    Some((line, _)) => {
                        message.push_str(&format!(" ({}, line {})", self.origin, line + 1));
                        Diagnostic::general(message)
                    }
                    None => Diagnostic::general(message),
                };
                let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
                let d = if hints.is_empty() {
                    d.with_hint("fix handout.typ; the variables it receives are listed in docs/templates.md")
                } else {
                    d.with_hint(hints.join("; "))
                };
                (d, place.is_some())
            })
            .collect()
    }
}

/// Where the template finds the logo.
pub fn logo_path(ext: &str) -> String {
    format!("/logo.{}", ext.to_ascii_lowercase())
}

/// Forgets Typst's memoized layout results older than `max_age` builds.
pub fn evict(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// Puts laid-out handouts one after another in one document, the packet, titled
/// `title`; the other details (language, author) are the first handout's.
///
/// Typst derives an element's location from what it is and where it sits, so two
/// handouts made from one template share many (the same letterhead, the same
/// heading). The PDF writer finds the outline's headings, links, logical parents
/// and elements broken across pages by location, so each handout after the first
/// gets its own: every location in its pages is replaced by a variant numbered
/// after the handout, the same way throughout the handout.
pub fn packet(documents: &[&PagedDocument], title: &str) -> PagedDocument {
    let mut pages = Vec::new();
    for (n, document) in documents.iter().enumerate() {
        for page in document.pages() {
            let mut page: Page = page.clone();
            if n > 0 {
                relocate(&mut page.frame, n);
            }
            pages.push(page);
        }
    }
    let mut info = documents
        .first()
        .map(|d| d.info().clone())
        .unwrap_or_default();
    info.title = Some(title.into());
    PagedDocument::new(pages.into(), info)
}

/// Replaces every location in a frame (element tags, links to elements, logical
/// parents) by its variant `n`.
fn relocate(frame: &mut Frame, n: usize) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => {
                relocate(&mut group.frame, n);
                if let Some(parent) = &mut group.parent {
                    parent.location = parent.location.variant(n);
                }
            }
            FrameItem::Link(Destination::Location(location), _) => {
                *location = location.variant(n);
            }
            FrameItem::Tag(Tag::Start(element, _)) => {
                if let Some(location) = element.location() {
                    element.set_location(location.variant(n));
                }
            }
            FrameItem::Tag(Tag::End(location, ..)) => *location = location.variant(n),
            _ => {}
        }
        true
    });
}

struct HandoutWorld<'a> {
    engine: &'a Engine,
    data: Bytes,
}

impl World for HandoutWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.template.id() {
            Ok(self.engine.template.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let e = self.engine;
        if id == e.data_id {
            return Ok(self.data.clone());
        }
        if id == e.template.id() {
            return Ok(Bytes::from_string(e.template.clone()));
        }
        match &e.logo {
            Some((logo, bytes)) if *logo == id => return Ok(bytes.clone()),
            _ => {}
        }
        let vpath = id.get().vpath().get_without_slash().to_owned();
        let (Some((root, site)), Some(rel)) = (&e.root, vpath.strip_prefix("static/")) else {
            return Err(not_found(id));
        };
        let rel = std::path::Path::new(rel);
        if crate::fs::safe_relative(rel).is_err() {
            return Err(not_found(id));
        }
        // Only regular files of the site, after symbolic links, and not too large;
        // a picture's pixels are counted from its header before Typst decodes it.
        let bytes = ["static", "content"]
            .iter()
            .find_map(|dir| site.read(&root.join(dir).join(rel), MAX_PICTURE_BYTES).ok())
            .ok_or_else(|| not_found(id))?;
        if let Some((w, h)) = crate::site_root::too_many_pixels(&bytes) {
            return Err(FileError::Other(Some(
                format!(
                    "the picture /{} {}",
                    rel.display(),
                    crate::site_root::pixels_message(w, h)
                )
                .into(),
            )));
        }
        Ok(Bytes::new(bytes))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    /// No "today": the same input must give the same PDF.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_without_slash()))
}

/// The characters of a laid-out document that no font had a glyph for (shaped as
/// glyph 0, the empty box), in order of first appearance.
fn missing_glyphs(document: &PagedDocument) -> Option<Vec<char>> {
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, found: &mut Vec<char>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, found),
                FrameItem::Text(t) => {
                    for g in t.glyphs.iter().filter(|g| g.id == 0) {
                        for c in t.text[g.range()].chars().filter(|c| !c.is_whitespace()) {
                            if !found.contains(&c) {
                                found.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut found);
    }
    (!found.is_empty()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::foundations::NativeElement;
    use typst::introspection::Introspector;
    use typst::model::HeadingElem;

    /// The same handout twice (the worst case: every element has the same location
    /// in both): in the packet each heading is found on its own handout's pages,
    /// and the packet is written as PDF/UA-1.
    #[test]
    fn a_packet_gives_each_handout_its_own_locations() {
        let template = r#"#let data = json("/data.json")
#set document(title: data.title)
#set text(lang: "en")
= #data.title
#lorem(900)
== Call us
#lorem(20)
"#;
        let engine = Engine::new(template, "test", None);
        let data = br#"{"title":"Stitches"}"#.to_vec();
        let one = engine.layout(data.clone()).unwrap();
        let two = engine.layout(data).unwrap();
        let per = one.pages().len();
        assert!(per >= 2, "each handout should take more than a page");
        let packet = packet(&[&one, &two], "Handouts");
        assert_eq!(packet.pages().len(), 2 * per);
        let introspector = packet.introspector();
        let pages: Vec<usize> = introspector
            .query(&HeadingElem::ELEM.select())
            .iter()
            .map(|h| introspector.page(h.location().unwrap()).unwrap().get())
            .collect();
        let (first, last) = (pages[1], pages[3]);
        assert_eq!(pages, [1, first, per + 1, last]);
        assert_eq!(last, first + per);
        let pdf = engine.export(&packet, "test").unwrap();
        assert_eq!(pdf.pages, 2 * per);
    }
}
