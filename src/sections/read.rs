//! Reading a section: its `type:` first, then the rest of the same mapping handed to
//! the `deny_unknown_fields` struct of that type, so every error keeps its line.

use std::fmt;

use serde::de::{self, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer};

use std::path::Path;

use super::{Section, SectionType};
use crate::diagnostics::Diagnostic;

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(SectionVisitor)
    }
}

struct SectionVisitor;

impl<'de> Visitor<'de> for SectionVisitor {
    type Value = Section;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a section: a mapping that starts with `type:`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Section, A::Error> {
        match map.next_key::<String>()?.as_deref() {
            Some("type") => {}
            Some(other) => {
                return Err(de::Error::custom(crate::yaml::with_hint(
                    format!("a section must start with `type:` (found `{other}:` first)"),
                    "move `type:` to the top of the section",
                )));
            }
            None => {
                return Err(de::Error::custom(crate::yaml::with_hint(
                    "empty section",
                    "start it with `type:` and one of the section types",
                )));
            }
        }
        let kind: SectionType = map.next_value()?;
        Section::read(kind, MapAccessDeserializer::new(map))
    }
}

/// The schema errors of each section of a guide read on its own, so that mistakes in
/// different sections are all reported in one run (serde stops at the first). Each
/// section is the text of one `- ` item under a top-level `sections:`, read as a
/// one-item list with the lines before it left blank, so lines and columns match the
/// file. Syntax errors are left to the whole-file read.
pub fn errors_in_each_section(text: &str, source: &Path) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (from, to) in section_lines(text) {
        let mut chunk = "\n".repeat(from);
        for line in &lines[from..to] {
            chunk.push_str(line);
            chunk.push('\n');
        }
        if let Err(d) = crate::yaml::parse::<Vec<crate::yaml::Spanned<Section>>>(&chunk, source)
            && !d.message.contains("indicator")
        {
            found.push(d);
        }
    }
    found
}

/// The lines of each `- ` item under a guide's top-level `sections:`, as ranges of
/// line indexes (from 0, end excluded).
pub fn section_lines(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim_end() == "sections:") else {
        return Vec::new();
    };
    // Where the sections end: the next line at the left margin.
    let end = lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .find(|(_, l)| !l.trim().is_empty() && !l.starts_with([' ', '#']))
        .map_or(lines.len(), |(i, _)| i);
    let indent = lines[start + 1..end]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map(|l| l.len() - l.trim_start().len());
    let Some(indent) = indent else {
        return Vec::new();
    };
    let starts: Vec<usize> = (start + 1..end)
        .filter(|&i| {
            let l = lines[i];
            l.len() - l.trim_start().len() == indent && l.trim_start().starts_with("- ")
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &from)| (from, starts.get(k + 1).copied().unwrap_or(end)))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::sections::*;
    use crate::yaml;
    use crate::yaml::Spanned;
    use std::path::Path;

    fn parse(text: &str) -> Result<Vec<Spanned<Section>>, crate::diagnostics::Diagnostic> {
        yaml::parse(text, Path::new("g.yaml"))
    }

    #[test]
    fn reads_each_type_with_its_fields() {
        let text = "\
- type: timeline
  stages:
    - label: Right after
      when: { to: 12h }
      expect: [Redness]
- type: tips
  items:
    - avoid: Sun
      when: { from: 0h, to: 3d }
      ingredient: Sunscreen
- type: warning-signs
  items: [Fever]
";
        let sections = parse(text).unwrap();
        let kinds: Vec<_> = sections.iter().map(|s| s.value.kind()).collect();
        assert_eq!(
            kinds,
            [
                SectionType::Timeline,
                SectionType::Tips,
                SectionType::WarningSigns
            ]
        );
        assert_eq!(sections[1].referenced.line(), 6);
    }

    #[test]
    fn unknown_key_inside_a_section_points_at_its_line() {
        let d = parse("- type: faq\n  items:\n    - q: Why?\n      answer: Because\n").unwrap_err();
        assert_eq!(d.line, 4, "{d:?}");
        assert_eq!(d.message, "unknown key `answer`");
    }

    #[test]
    fn misspelled_type_suggests_the_right_one() {
        let d = parse("- type: timline\n  stages: []\n").unwrap_err();
        assert_eq!(d.line, 1);
        assert!(d.hint.unwrap().contains("did you mean `timeline`?"));
    }

    #[test]
    fn type_must_come_first() {
        let d = parse("- title: X\n  type: text\n  body: y\n").unwrap_err();
        assert!(d.message.contains("must start with `type:`"), "{d:?}");
        assert_eq!(d.line, 1);
    }

    #[test]
    fn bad_duration_points_at_the_value() {
        let d =
            parse("- type: tips\n  items:\n    - do: X\n      when: { to: 3dayz }\n").unwrap_err();
        assert_eq!(d.line, 4, "{d:?}");
        assert!(d.message.contains("unknown unit"), "{d:?}");
    }
}
