//! Reading YAML into typed structs with serde-saphyr, turning its errors into
//! diagnostics that point at the right line with a hint.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Error, MessageFormatter, Options, Spanned, UserMessageFormatter};

use crate::diagnostics::{Diagnostic, suggest};

/// Parses `text` (a whole YAML file, or a file's leading front-matter block) into `T`.
///
/// A cheap first pass into `IgnoredAny` catches syntax mistakes (bad indentation, an
/// unclosed bracket) so they are reported as such rather than as type errors.
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(text, options())
        .map_err(|e| to_diagnostic(&e, file))?;
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| to_diagnostic(&e, file))
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

/// A value with no place in any file (a default).
pub fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(
        value,
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
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
