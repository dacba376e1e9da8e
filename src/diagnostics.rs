//! Content errors and warnings as data: collected across a whole build, then printed
//! together, rustc-style, with the offending source line.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a diagnostic is: errors fail the build, warnings only fail it with `--strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built as written.
    Error,
    /// Worth a look by the author or a clinical reviewer; the build goes on.
    Warning,
}

/// One problem in the content, with where it is and what would fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root (`content/microneedling.yaml`); `None` for
    /// problems that belong to no file.
    pub file: Option<PathBuf>,
    /// 1-based line in the whole file (front matter included); 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What would be right, when we can tell.
    pub hint: Option<String>,
    /// The kind of problem, for problems that can come by the thousand
    /// (`reading-level`): `build` shows the first few of a kind and counts the rest.
    #[serde(skip)]
    pub kind: Option<&'static str>,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub fn error(
        file: impl Into<PathBuf>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            file: Some(file.into()),
            line,
            column,
            message: message.into(),
            hint: None,
            kind: None,
        }
    }

    /// A warning at `file:line:column`.
    pub fn warning(
        file: impl Into<PathBuf>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, column, message)
        }
    }

    /// An error that belongs to no file (a bad command-line value, say).
    pub fn general(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            kind: None,
        }
    }

    /// Marks the kind of problem (`reading-level`), named in the count of those left
    /// out when there are many.
    #[must_use]
    pub fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Adds a hint ("did you mean `summary`?").
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column`, the way editors and terminals link to a place.
    pub fn location(&self) -> String {
        match &self.file {
            Some(file) if self.line > 0 => {
                format!(
                    "{}:{}:{}",
                    display_path(file),
                    self.line,
                    self.column.max(1)
                )
            }
            Some(file) => display_path(file),
            None => String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.file.is_some() {
            write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        } else {
            write!(f, "{kind}: {}", self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// A path with forward slashes, so messages read the same on every system.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The texts of the files diagnostics point into, so the report can quote the line.
#[derive(Default, Debug)]
pub struct Sources {
    texts: BTreeMap<PathBuf, String>,
}

impl Sources {
    /// Remembers the text of `file` (relative to the site root).
    pub fn insert(&mut self, file: PathBuf, text: String) {
        self.texts.insert(file, text);
    }

    /// Reads the files (relative to `root`) the diagnostics point into, for quoting
    /// their lines.
    pub fn load(root: &Path, diagnostics: &[Diagnostic]) -> Sources {
        let mut sources = Sources::default();
        let files: std::collections::HashSet<&PathBuf> =
            diagnostics.iter().filter_map(|d| d.file.as_ref()).collect();
        // Only files of the site are quoted: a link to a file elsewhere (a secret,
        // `/proc/self/environ`) is named in its error but never read.
        let site = crate::site_root::SiteRoot::new(root);
        for file in files {
            let text = site
                .read(&root.join(file), crate::site_root::MAX_FILE_BYTES)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            if let Some(text) = text {
                sources.insert(file.clone(), normalize_line_breaks(text));
            }
        }
        sources
    }

    /// Merges another set of sources into this one.
    pub fn extend(&mut self, other: Sources) {
        self.texts.extend(other.texts);
    }

    fn line(&self, file: &Path, line: u32) -> Option<&str> {
        let text = self.texts.get(file)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        text.split('\n')
            .nth(line.checked_sub(1)? as usize)
            .map(|l| l.trim_end_matches('\r'))
    }
}

/// Every problem a build finds, as it goes. It owns the two questions the pipeline
/// asks: has an error been found (so later stages are pointless), and does what was
/// found stop the output (any error, or any warning under `--strict`).
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    strict: bool,
}

impl Diagnostics {
    /// An empty collector; `strict` makes warnings stop the output too.
    pub fn new(strict: bool) -> Self {
        Self {
            list: Vec::new(),
            strict,
        }
    }

    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// Adds any number of problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(ds);
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, ds: I) {
        self.list.extend(ds);
    }
}

impl Diagnostics {
    /// Whether an error has been found.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// Whether the site must not be written: an error, or a warning under `--strict`.
    pub fn blocks_output(&self) -> bool {
        self.has_errors() || (self.strict && !self.list.is_empty())
    }

    /// The problems, sorted (see [`sort`]) with exact repeats removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        sort(&mut self.list);
        self.list.dedup();
        self.list
    }
}

/// Sorts diagnostics into a stable order: by file, then line, then column, errors
/// before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

/// Renders diagnostics the way rustc does: a title, `--> file:line:column`, the source
/// line with a marker under the column, and the hint.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    render_some(diagnostics, sources, color, None)
}

/// How many problems of one kind `build` shows before counting the rest.
pub const SHOWN_PER_KIND: usize = 20;

/// [`render`], showing at most `per_kind` problems of each kind (see
/// [`Diagnostic::kind`]) and a line counting the rest: "and 9,980 more reading-level
/// warnings; `careleaf check` lists them all".
pub fn render_some(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    color: bool,
    per_kind: Option<usize>,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut shown: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        if let (Some(limit), Some(kind)) = (per_kind, diagnostic.kind) {
            let n = shown.entry((kind, diagnostic.severity)).or_default();
            *n += 1;
            if *n > limit {
                continue;
            }
        }
        out.push_str(&render_one(diagnostic, sources, &renderer));
        out.push_str("\n\n");
    }
    for ((kind, severity), n) in shown {
        let limit = per_kind.unwrap_or(usize::MAX);
        if n > limit {
            let what = match (severity, n - limit) {
                (Severity::Error, 1) => "error",
                (Severity::Error, _) => "errors",
                (Severity::Warning, 1) => "warning",
                (Severity::Warning, _) => "warnings",
            };
            out.push_str(&format!(
                "... and {} more {kind} {what}; `careleaf check` lists them all.\n\n",
                thousands(n - limit)
            ));
        }
    }
    out
}

/// `9980` -> `9,980`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn render_one(d: &Diagnostic, sources: &Sources, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let location = visible(&d.location());
    let line_text = d
        .file
        .as_deref()
        .and_then(|f| sources.line(f, d.line))
        .map(pictured);
    let message = visible(&d.message);
    let title = level.primary_title(message.as_str());
    let path = d.file.as_deref().map(display_path).map(|p| visible(&p));
    let mut group = match (line_text.as_deref(), &d.file) {
        (Some(text), Some(_)) => {
            let start = char_to_byte(text, d.column.saturating_sub(1) as usize).min(text.len());
            let end = marker_end(text, start);
            title.element(
                Snippet::source(text)
                    .line_start(d.line as usize)
                    .path(path.unwrap_or_default())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        _ if !location.is_empty() => title.element(Level::NOTE.message(format!("in {location}"))),
        _ => Group::with_title(title),
    };
    let hint = d.hint.as_deref().map(visible);
    if let Some(hint) = &hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    renderer.render(&[group])
}

/// Text for the terminal with its control characters written out (`\x1b`): a file
/// name or a value holding an escape sequence is shown, never obeyed.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&format!("\\x{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A quoted source line with each control character shown by its picture (U+2401
/// for U+0001), one character for one, so the marker stays under its column.
fn pictured(line: &str) -> String {
    line.chars()
        .map(|c| match u32::from(c) {
            n @ 0..=0x1f if c != '\t' => char::from_u32(0x2400 + n).unwrap_or('?'),
            0x7f => '\u{2421}',
            _ if c.is_control() => '\u{fffd}',
            _ => c,
        })
        .collect()
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The marker covers the word at the column (a key, a value), at least one character.
fn marker_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let word = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}' | ')'))
        .map_or(rest.len(), |(i, _)| i);
    if word == 0 {
        rest.chars().next().map_or(start, |c| start + c.len_utf8())
    } else {
        start + word
    }
}

/// The nearest valid name to `unknown` among `candidates`, for "did you mean".
pub fn suggest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Close by sound (Jaro-Winkler) and by edits: a third of the letters at most, so
    // a shared start alone (`site_title`, `section_timeline`) is no suggestion.
    let most_edits = (unknown.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(unknown, c), c))
        .filter(|(score, c)| *score > 0.75 && strsim::damerau_levenshtein(unknown, c) <= most_edits)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod suggest_tests {
    use super::suggest;

    #[test]
    fn suggests_near_misses_not_shared_starts() {
        let keys = ["section_timeline", "summary", "items", "title", "default"];
        assert_eq!(suggest("site_title", keys), None);
        assert_eq!(suggest("summry", keys), Some("summary"));
        assert_eq!(suggest("itmes", keys), Some("items"));
        assert_eq!(suggest("tittle", keys), Some("title"));
        assert_eq!(suggest("defualt", keys), Some("default"));
    }
}

/// Line breaks as `\n` only. YAML and CommonMark both count a lone `\r` (old Mac
/// files, stray characters pasted from elsewhere) as a line break, as editors do; made
/// `\n` here, every line number careleaf reports and quotes counts it the same way.
pub fn normalize_line_breaks(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_source_line_with_marker_and_hint() {
        let mut sources = Sources::default();
        sources.insert("content/a.yaml".into(), "title: A\nsumary: x\n".into());
        let d = Diagnostic::error("content/a.yaml", 2, 1, "unknown key `sumary`")
            .with_hint("did you mean `summary`?");
        let text = render(&[d], &sources, false);
        assert!(text.contains("error: unknown key `sumary`"), "{text}");
        assert!(text.contains("--> content/a.yaml:2:1"), "{text}");
        assert!(text.contains("2 | sumary: x"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `summary`?"), "{text}");
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            suggest("sumary", ["title", "summary", "slug"]),
            Some("summary")
        );
        assert_eq!(suggest("zzz", ["title", "summary"]), None);
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut ds = vec![
            Diagnostic::error("b", 1, 1, "x"),
            Diagnostic::error("a", 9, 1, "x"),
            Diagnostic::error("a", 2, 1, "x"),
        ];
        sort(&mut ds);
        let order: Vec<_> = ds.iter().map(Diagnostic::location).collect();
        assert_eq!(order, ["a:2:1", "a:9:1", "b:1:1"]);
    }
}
