//! Reading YAML into typed structs with serde-saphyr, turning its errors into
//! diagnostics that point at the right line with a hint.

use std::path::Path;

use serde::de::DeserializeOwned;
pub use serde_saphyr::Location;
use serde_saphyr::{Budget, Error, MessageFormatter, Options, UserMessageFormatter};

use crate::diagnostics::{Diagnostic, suggest};

/// Parses `text` (a whole YAML file, or a file's leading front-matter block) into `T`.
///
/// A cheap first pass into `IgnoredAny` catches syntax mistakes (bad indentation, an
/// unclosed bracket) so they are reported as such rather than as type errors.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(text, options())
        .map_err(|e| tab_or(text, file, to_diagnostic(&e, file)))?;
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| tab_or(text, file, to_diagnostic(&e, file)))
}

/// A file that fails to read and has a key or a list item indented with a tab: the
/// tab is the mistake (YAML forbids tabs in indentation, and a tab can also move a key
/// out of its block, which then reads as "missing required key"), else `other`.
fn tab_or(text: &str, file: &Path, other: Diagnostic) -> Diagnostic {
    let tabbed = text.lines().enumerate().find_map(|(n, line)| {
        let body = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - body.len()];
        let looks_like_yaml = body.starts_with("- ")
            || body == "-"
            || body.split_once(':').is_some_and(|(key, rest)| {
                !key.is_empty() && !key.contains(' ') && (rest.is_empty() || rest.starts_with(' '))
            });
        let tab = indent.find('\t')?;
        looks_like_yaml.then_some((n + 1, tab + 1))
    });
    match tabbed {
        Some((line, column)) => Diagnostic::error(
            file,
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
            "this line is indented with a tab",
        )
        .with_hint("use spaces, not tabs, at the start of a line (YAML does not allow tabs there); most editors can be set to type spaces when you press Tab"),
        None => other,
    }
}

/// Reads a lock file careleaf writes at the site's root (`translations.lock`,
/// `versions.lock`): none, or an empty one, is the default; anything else (a link, a
/// pipe) is read by the rule for site files, which refuses what is not a regular file
/// of the site.
pub fn read_lock<T: DeserializeOwned + Default>(root: &Path, name: &str) -> Result<T, Diagnostic> {
    if root.join(name).symlink_metadata().is_err() {
        return Ok(T::default());
    }
    let text = crate::fs::SiteRoot::new(root).read_text(Path::new(name))?;
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    parse::<T>(&text, Path::new(name))
}

/// Tight limits: guides are small, and an alias bomb must stop with a location.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_depth = 32;
    budget.max_nodes = 100_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = 8 * 1024 * 1024;
    budget.max_recorded_anchor_events = 100_000;
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    let mut options = Options::default();
    options.budget = Some(budget);
    options
}

/// Separates the message from the hint in careleaf's own deserialization errors
/// (`serde::de::Error::custom(yaml::with_hint(message, hint))`).
pub(crate) const HINT_MARK: &str = "\nhint: ";

/// A custom deserialization error text carrying a hint.
pub fn with_hint(message: impl std::fmt::Display, hint: &str) -> String {
    format!("{message}{HINT_MARK}{hint}")
}

/// A serde-saphyr error as a diagnostic with a hint an author can act on.
pub fn to_diagnostic(error: &Error, file: &Path) -> Diagnostic {
    let (line, column) = error
        .location()
        .map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
    let inner = error.without_snippet();
    let message = UserMessageFormatter.format_message(error).into_owned();
    if let Some((own, hint)) = message.split_once(HINT_MARK) {
        let own = own.trim_end().to_owned();
        return Diagnostic::error(file, line.max(1), column.max(1), own).with_hint(hint.trim());
    }
    let (message, hint) = match inner {
        // `{ body: If it sticks, wet it first. }`: the comma ends the text, and the
        // rest reads as a key. No key has a space in it.
        Error::SerdeUnknownField { field, .. } if field.trim().contains(' ') => (
            format!("`{}` reads as a key: a comma in text inside `{{ }}` ends the text there", field.trim()),
            Some("put the whole text in quotes, or write each key on its own line instead of inside `{ }`".into()),
        ),
        Error::SerdeUnknownField { field, expected, .. } => (
            format!("unknown key `{field}`"),
            Some(match suggest(field, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("valid keys here: {}", expected.join(", ")),
            }),
        ),
        Error::SerdeUnknownVariant { variant, expected, .. } => (
            format!("unknown value `{variant}`"),
            Some(match suggest(variant, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? valid values: {}", expected.join(", ")),
                None => format!("valid values: {}", expected.join(", ")),
            }),
        ),
        Error::SerdeMissingField { field, .. } => (
            format!("missing required key `{field}`"),
            Some(format!("add `{field}:` to this block")),
        ),
        Error::DuplicateMappingKey { .. } => (message, Some("each key may appear only once; remove one of them".into())),
        Error::Budget { .. } => (
            message,
            Some("the file is too large or too deeply nested (aliases are limited too); split it up".into()),
        ),
        _ if ["i64", "u64", "i32", "u32", "u16", "u8", "f64"]
            .iter()
            .any(|t| message.trim() == format!("invalid {t}")) =>
        {
            (
                "expected a number here".to_owned(),
                Some("write a plain number, like 10, without quotes or words".into()),
            )
        }
        _ if message.contains("limits breached") || message.contains("too large") => (
            message,
            Some("the file is too large or too deeply nested (aliases are limited too); split it up".into()),
        ),
        // Text with `word: more` in it reads as a key and a value.
        _ if message.contains("expected string") => (
            "this should be text, but it reads as `key: value`".to_owned(),
            Some("put the whole line in quotes when it has a colon followed by a space: \"Bleeding: press on it and call us\"".into()),
        ),
        // `weight 1`: a key without its colon.
        _ if message.contains("simple key expected ':'")
            || message.contains("could not find expected ':'") =>
        {
            (
                "this line has a key without a colon after it".to_owned(),
                Some("write the key, a colon and a space, then the value: `weight: 1`".into()),
            )
        }
        // A key indented further than the keys above it, or text holding `: `.
        _ if message.contains("mapping values are not allowed") => (
            "this line is indented differently from the lines around it, or holds `: ` in text".to_owned(),
            Some("if it is a key, start it at the same column as the keys above it; if it is text with `: ` in it, put the whole text in quotes".into()),
        ),
        // A key or list item indented less (or more) than the block it belongs to.
        _ if message.contains("did not find expected key")
            || message.contains("did not find expected '-' indicator")
            || message.contains("did not find expected node content") =>
        {
            (
                "this line is not lined up with the lines above it".to_owned(),
                Some("keys of one block start at the same column, and so do the `- ` of one list: count the spaces at the start of this line and of the line above".into()),
            )
        }
        _ if message.contains("invalid") || message.contains("expected") => {
            (message, Some("check the value's type: text, a number, true/false, a list or a mapping".into()))
        }
        _ if message.contains("indent") || message.contains("block mapping") || message.contains("did not find") => (
            message,
            Some("check the indentation: keys of one mapping line up, list items start with `- `".into()),
        ),
        _ => (
            message,
            Some("check the punctuation: text holding `: `, or starting with [ { * & # or a quote, needs quotes around it, and every [ or { needs its closing ] or }".into()),
        ),
    };
    let diagnostic = Diagnostic::error(file, line.max(1), column.max(1), message);
    match hint {
        Some(h) => diagnostic.with_hint(h),
        None => diagnostic,
    }
}

/// A value with the place it was written, so a problem with it points at its line.
///
/// serde-saphyr's own `Spanned`, moved into a type of careleaf's so that the JSON
/// Schemas (`careleaf schema`) can describe it: its schema is the value's own.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value is used (an alias's place, for an aliased value).
    pub referenced: Location,
    /// Where the value is written.
    pub defined: Location,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            value: s.value,
            referenced: s.referenced,
            defined: s.defined,
        })
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// The JSON Schema of text a hand-written reader reads (a time, a time of day): a string
/// matching `pattern` (ECMAScript syntax, as JSON Schema has it), described for the
/// editor's tooltip, with what an editor says of text that does not match
/// (`patternErrorMessage`, read by yaml-language-server and VS Code) instead of the
/// pattern itself.
pub fn text_schema(description: &str, pattern: &str, mistake: &str) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "description": description,
        "pattern": pattern,
        "patternErrorMessage": mistake,
    })
}

/// `word` as a regular expression matching it in any case (`day` -> `[dD][aA][yY]`):
/// JSON Schema's patterns have no case-insensitive flag.
pub fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A value with no place in any file (a default).
pub fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned {
        value,
        referenced: Location::UNKNOWN,
        defined: Location::UNKNOWN,
    }
}

/// The 1-based line and column where a spanned value was written.
pub fn position<T>(spanned: &Spanned<T>) -> (u32, u32) {
    (
        spanned.referenced.line() as u32,
        spanned.referenced.column() as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        title: String,
        summary: Option<String>,
    }

    fn err(text: &str) -> Diagnostic {
        parse::<Probe>(text, Path::new("f.yaml")).unwrap_err()
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let d = err("title: a\nsumary: b\n");
        assert_eq!((d.line, d.column), (2, 1));
        assert_eq!(d.message, "unknown key `sumary`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn missing_key_and_duplicates_and_syntax() {
        assert_eq!(err("summary: b\n").message, "missing required key `title`");
        assert_eq!(err("title: a\ntitle: b\n").line, 2);
        let d = err("title: a\n summary: [b\n");
        assert!(d.line >= 1, "{d:?}");
    }

    #[test]
    fn a_non_programmers_mistakes_get_plain_messages() {
        // A tab before a key (issue 28: once "missing required key `items`").
        let d = err("title: a\n\tsummary: b\n");
        assert_eq!(
            (d.message.as_str(), d.line, d.column),
            ("this line is indented with a tab", 2, 1)
        );
        assert!(d.hint.unwrap().contains("spaces, not tabs"));
        // A missing colon.
        let d = err("title: a\nsummary b\nweight: 1\n");
        assert_eq!(d.message, "this line has a key without a colon after it");
        assert_eq!(d.line, 2);
        // A key indented too far, and a list item not lined up.
        let d = err("title: a\nsummary: b\n  weight: 1\n");
        assert!(d.message.contains("indented differently"), "{d:?}");
        let d = err("title: a\ntags:\n  - x\n - y\n");
        assert!(d.message.contains("not lined up"), "{d:?}");
        // A comma in prose inside a flow mapping.
        let d = err("{ title: a, summary: If it sticks, wet it with clean water. }\n");
        assert!(d.message.contains("a comma in text inside `{ }`"), "{d:?}");
        assert!(d.message.contains("`wet it with clean water.`"), "{d:?}");
        // A tab inside quoted text is no mistake.
        let p: Probe = parse("title: a\nsummary: \"x\ty\"\n", Path::new("f")).unwrap();
        assert_eq!(p.summary.as_deref(), Some("x\ty"));
    }

    #[test]
    fn bom_and_crlf_parse() {
        let p: Probe = parse("\u{feff}title: a\r\nsummary: b\r\n", Path::new("f")).unwrap();
        assert_eq!(p.summary.as_deref(), Some("b"));
    }

    #[test]
    fn alias_bomb_stops_with_a_location() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .windows(2)
            .map(|w| (w[0], w[1]))
        {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(",")
            ));
        }
        let d = err(&text);
        assert!(d.line >= 1);
    }
}
