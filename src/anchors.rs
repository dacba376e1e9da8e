//! Slugs and anchors: the `[a-z0-9-]+` names that become URL segments, and the ids
//! of headings, sections and glossary terms. Content (to check `#anchor` links) and
//! Markdown (to write the ids) both use this one module, so they always agree.

use std::collections::HashMap;

/// The anchors of one page, held as one string (a site holds every page's anchors,
/// and most pages have a dozen: one allocation each, not thirteen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Anchors(Box<str>);

impl Anchors {
    /// Each anchor, in page order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|a| !a.is_empty())
    }

    /// Whether the page has anchor `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|a| a == name)
    }

    /// Whether the page has no anchor at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Anchors {
    /// Anchors are slugs or ids, so never hold a line break; one that did would only
    /// become two names, never a wrong page.
    fn from_iter<I: IntoIterator<Item = S>>(names: I) -> Self {
        let mut all = String::new();
        for name in names {
            if !all.is_empty() {
                all.push('\n');
            }
            all.push_str(name.as_ref());
        }
        Anchors(all.into_boxed_str())
    }
}

/// Whether `s` is a valid slug: lowercase ASCII letters, digits and single hyphens.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Turns a title into a slug: accents folded ("Días" -> "dias"), everything that is
/// not a letter or digit becomes one hyphen. Empty when nothing usable is left.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            pending_hyphen = true;
        }
    }
    out
}

/// Folds the accented Latin letters of Western European languages to ASCII.
fn fold(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => "u",
        'ñ' | 'Ñ' => "n",
        'ç' | 'Ç' => "c",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => "",
    };
    let single = folded.is_empty().then_some(c);
    folded.chars().chain(single)
}

/// The anchor of an ingredient's row on a guide page (`ingredient-retinol`), which
/// the ingredient index links to.
pub fn ingredient(id: &str) -> String {
    format!("ingredient-{id}")
}

/// The anchor of a medicine's row on a guide page (`medicine-paracetamol`), which the
/// medicines index links to.
pub fn medicine(id: &str) -> String {
    format!("medicine-{id}")
}

/// Unique heading ids within one text: explicit ids kept, others from the text.
#[derive(Default)]
pub(crate) struct HeadingIds {
    used: HashMap<String, u32>,
}

impl HeadingIds {
    pub(crate) fn assign(&mut self, explicit: Option<String>, text: &str) -> String {
        if let Some(id) = explicit {
            self.used.entry(id.clone()).or_insert(0);
            return id;
        }
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let n = self.used.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any title makes a valid slug (or none), and slugs are stable.
        #[test]
        fn slugs_are_valid_and_stable(text in "\\PC{0,40}") {
            let slug = slugify(&text);
            prop_assert!(slug.is_empty() || is_valid(&slug), "{slug:?}");
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
            prop_assert_eq!(slugify(&slug), slug.clone());
        }
    }

    #[test]
    fn slugify_table() {
        let cases = [
            ("What to expect day by day", "what-to-expect-day-by-day"),
            ("Días 1 a 3", "dias-1-a-3"),
            ("  Vitamin C  (serum)!", "vitamin-c-serum"),
            ("Don't scrub", "dont-scrub"),
            ("AHAs & BHAs", "ahas-bhas"),
            ("日本", ""),
            ("../../etc", "etc"),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "{input}");
        }
    }

    #[test]
    fn validity() {
        for ok in ["microneedling", "chemical-peel", "a1"] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in ["", "A", "a_b", "a--b", "-a", "a-", "../x", "a/b", "é"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
