//! The Typst world of a build: fonts, standard library and the theme's handout
//! template loaded once, and one small world per handout that adds its `data.json`.
//! Virtual file paths are fixed (`/handout.typ`, `/data.json`, `/logo.EXT`) because
//! Typst interns file ids for the life of the process.

use std::path::PathBuf;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{DiagSpanKind, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diagnostics::Diagnostic;

/// The virtual path of the template.
pub const TEMPLATE_PATH: &str = "/handout.typ";
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
    /// folders (`/static/images/press.svg` in the template's world).
    root: Option<PathBuf>,
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
}

impl Engine {
    /// Loads the fonts and the template. `logo` is the clinic logo's file extension
    /// and bytes; the template finds it at `/logo.EXT` (the data says which).
    pub fn new(template: &str, origin: &str, logo: Option<(&str, Vec<u8>)>) -> Engine {
        let fonts: Vec<Font> = typst_assets::fonts()
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
    /// own, for scripts those do not cover (Arabic, Hebrew, Devanagari...).
    pub fn with_site_fonts(mut self, root: &std::path::Path) -> Engine {
        let dir = root.join("fonts");
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
            if let Ok(bytes) = std::fs::read(&path) {
                self.fonts.extend(Font::iter(Bytes::new(bytes)));
            }
        }
        self.book = LazyHash::new(FontBook::from_fonts(&self.fonts));
        self
    }

    /// Lets the template read the site's pictures (`/static/PATH` is static/PATH,
    /// else content/PATH): only files below those folders.
    pub fn with_site_files(mut self, root: &std::path::Path) -> Engine {
        self.root = Some(root.to_path_buf());
        self
    }

    /// Typesets one document from its `data.json`. `ident` names the document
    /// stably (its URL), so the PDF's identifier does not change between builds.
    ///
    /// Errors come with whether they point into the template (else they arose in the
    /// data, such as a prose field).
    pub fn render(&self, data: Vec<u8>, ident: &str) -> Result<Pdf, Vec<(Diagnostic, bool)>> {
        let world = HandoutWorld {
            engine: self,
            data: Bytes::new(data),
        };
        let document: PagedDocument = typst::compile(&world)
            .output
            .map_err(|errors| self.diagnostics(&world, &errors))?;
        if let Some(missing) = missing_glyphs(&document) {
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
        let bytes = typst_pdf::pdf(&document, &options)
            .map_err(|errors| self.diagnostics(&world, &errors))?;
        Ok(Pdf {
            bytes,
            pages: document.pages().len(),
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
        let (Some(root), Some(rel)) = (&e.root, vpath.strip_prefix("static/")) else {
            return Err(not_found(id));
        };
        let rel = std::path::Path::new(rel);
        if crate::fs::safe_relative(rel).is_err() {
            return Err(not_found(id));
        }
        ["static", "content"]
            .iter()
            .find_map(|dir| std::fs::read(root.join(dir).join(rel)).ok())
            .map(Bytes::new)
            .ok_or_else(|| not_found(id))
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
