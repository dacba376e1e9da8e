//! What a content file holds as written: the YAML of a structured page, or the front
//! matter of a Markdown page (one struct for both, so both report the same way).

use crate::yaml::Spanned;
use serde::Deserialize;

use crate::sections::{Prose, Section};

/// A date as the schemas check it: `YYYY-MM-DD` (whether the day exists is for
/// `careleaf check`).
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// What an editor says of a date that is not `YYYY-MM-DD`.
const DATE_MISTAKE: &str = "Not a date: write it as YYYY-MM-DD, like 2027-03-31.";

/// `type:` of a YAML content file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    /// A structured guide (the default).
    Guide,
    /// A glossary of terms.
    Glossary,
}

/// Every key a content file may hold. Which keys fit which kind of file is checked
/// after parsing, with a message naming the key.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFile {
    /// `guide` (default) or `glossary`; YAML files only.
    #[serde(rename = "type", default)]
    pub kind: Option<Spanned<FileType>>,
    /// The page title.
    pub title: Spanned<String>,
    /// One or two plain sentences; required for guides.
    #[serde(default)]
    pub summary: Option<Spanned<String>>,
    /// The URL name; default: the file stem.
    #[serde(default)]
    pub slug: Option<Spanned<String>>,
    /// A publication date, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(extend("pattern" = DATE_PATTERN, "patternErrorMessage" = DATE_MISTAKE))]
    pub date: Option<Spanned<String>>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Order within the section (lower first), then title.
    #[serde(default)]
    pub weight: i64,
    /// Tags taxonomy.
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// Concerns taxonomy.
    #[serde(default)]
    pub concerns: Vec<Spanned<String>>,
    /// Related pages: slugs or `@/` paths.
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    /// A template to use instead of the default for this kind of page.
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    /// Clinical review.
    #[serde(default)]
    pub reviewed: Option<Spanned<ReviewedFile>>,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Key points shown in a callout at the top (guides).
    #[serde(default)]
    pub takeaways: Vec<Prose>,
    /// Named events a window can start or end at (guides): `stitches-out: { label:
    /// your stitches are removed, about: 7d..10d }`.
    #[serde(default)]
    pub events: crate::duration::Events,
    /// What the guide's times count from (guides): `{ label: your colonoscopy, date:
    /// Date of your colonoscopy }`, or `none` for a guide with no times.
    #[serde(default)]
    pub counted_from: Option<Spanned<crate::duration::CountedFrom>>,
    /// Who reads the guide (guides): `patient` (default), `parent` or `carer`.
    #[serde(default)]
    pub audience: Option<Spanned<crate::i18n::Audience>>,
    /// The guide's own contact (guides): a name from careleaf.yaml `contacts`, on the
    /// letterhead and the default of its warning signs.
    #[serde(default)]
    pub contact: Option<Spanned<String>>,
    /// The leaflet's reference code (guides), unique in the site: `ORTH-023`.
    #[serde(default)]
    pub code: Option<Spanned<String>>,
    /// Which sections the handout holds (guides).
    #[serde(default)]
    pub handout: Option<Spanned<HandoutFile>>,
    /// The sections (guides).
    #[serde(default)]
    pub sections: Option<Vec<Spanned<Section>>>,
    /// The terms (glossaries).
    #[serde(default)]
    pub terms: Option<Vec<Spanned<TermFile>>>,
}

/// `reviewed:` as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewedFile {
    /// Who reviewed the page ("Dr. A. Example, MD").
    pub by: Spanned<String>,
    /// When, `YYYY-MM-DD`.
    #[schemars(extend("pattern" = DATE_PATTERN, "patternErrorMessage" = DATE_MISTAKE))]
    pub on: Spanned<String>,
    /// When the next review is due; default: `on` + `review.interval_days`.
    #[serde(default)]
    #[schemars(extend("pattern" = DATE_PATTERN, "patternErrorMessage" = DATE_MISTAKE))]
    pub next: Option<Spanned<String>>,
}

/// `handout:` of a guide as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoutFile {
    /// Section ids or types, in the order to print them.
    #[serde(default)]
    pub sections: Option<Vec<Spanned<String>>>,
    /// Warn when the printed handout is longer. Default: 2.
    #[serde(default)]
    pub max_pages: Option<u32>,
    /// Labelled blanks after "Treatment date" and "Your provider" ("Lie flat for").
    #[serde(default)]
    pub blanks: Vec<String>,
}

/// A glossary term as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermFile {
    /// The term.
    pub term: String,
    /// Other words for it, linked like the term.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The definition, in Markdown.
    pub definition: Prose,
}

/// Splits a Markdown file into its front matter (the leading `---` block, delimiters
/// included so YAML line numbers match the file) and its body with the body's first line.
pub fn split_front_matter(text: &str) -> Result<(&str, &str, u32), &'static str> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err("a Markdown page must start with front matter between `---` lines");
    }
    let mut offset = first.len();
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        let end = offset + line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok((&text[..offset], &text[end..], line_no + 1));
        }
        offset = end;
    }
    Err("the front matter starts on line 1 but has no closing `---` line")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_keeping_line_numbers() {
        let (fm, body, first) = split_front_matter("---\ntitle: A\n---\n# Hi\n").unwrap();
        assert_eq!(fm, "---\ntitle: A\n");
        assert_eq!(body, "# Hi\n");
        assert_eq!(first, 4);
        let (_, body, _) = split_front_matter("---\r\ntitle: A\r\n---\r\nx").unwrap();
        assert_eq!(body, "x");
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert!(split_front_matter("# Hi\n").is_err());
        assert!(split_front_matter("---\ntitle: A\n").is_err());
        assert!(split_front_matter("").is_err());
    }
}
