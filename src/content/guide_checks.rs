//! The checks on a guide and a glossary as they are read: section ids, windows, the
//! handout's sections, glossary terms. Part of reading one content file (`page.rs`).

use std::collections::HashMap;

use crate::yaml::Spanned;

use super::file::PageFile;
use super::page::{Checker, fallback_slug};
use super::{Guide, GuideSection, Term};
use crate::anchors;
use crate::diagnostics::Diagnostic;
use crate::duration::CountedFrom;
use crate::sections::{Checks, SectionType};
use crate::yaml::position;

impl Checker<'_> {
    pub(super) fn guide(&mut self, file: PageFile) -> Guide {
        let written = file.sections.unwrap_or_default();
        if written.is_empty() {
            self.error(
                &file.title,
                "the guide has no sections",
                "add `sections:` with at least one section",
            );
        }
        let counted_from = file.counted_from.as_ref().map(|c| c.value.clone());
        let dated = !matches!(counted_from, Some(CountedFrom::Nothing));
        if !dated {
            for (name, event) in &file.events {
                if event.about.is_some() {
                    self.problems.push(
                        Diagnostic::error(
                            self.source,
                            file.title.referenced.line() as u32,
                            1,
                            format!("the event `{name}` has a time (`about:`), but the guide counts from nothing (`counted_from: none`)"),
                        )
                        .with_hint("remove `about:`, or give the guide a `counted_from:` such as `{ label: your colonoscopy, date: Date of your colonoscopy }`"),
                    );
                }
            }
        }
        let mut timed = file.events.values().any(|e| e.about.is_some());
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut sections = Vec::with_capacity(written.len());
        for spanned in written {
            let (line, col) = position(&spanned);
            let section = spanned.value;
            let id = match section.id() {
                Some(id) if !anchors::is_valid(&id.value) => {
                    self.error(
                        id,
                        format!("`{}` is not a valid id", id.value),
                        "use lowercase letters, digits and hyphens",
                    );
                    fallback_slug(&id.value)
                }
                Some(id) => id.value.clone(),
                None => section
                    .title()
                    .map(anchors::slugify)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| section.kind().name().to_owned()),
            };
            self.once(&mut seen, &id, (line, col), |first| {
                (
                    format!("duplicate section id `{id}` (first used on line {first})"),
                    "give one of the sections a different `id:` or `title:`",
                )
            });
            section.check(&mut Checks {
                source: self.source,
                events: &file.events,
                dated,
                timed: &mut timed,
                at: (line, col),
                problems: &mut self.problems,
            });
            sections.push(GuideSection { id, line, section });
        }
        let (handout_sections, max_pages) = self.handout(file.handout.as_ref(), &sections);
        Guide {
            takeaways: file.takeaways,
            handout_sections,
            max_pages,
            sections,
            events: file.events,
            blanks: file.handout.map(|h| h.value.blanks).unwrap_or_default(),
            counted_from,
            timed: timed && dated,
            audience: file.audience.map(|a| a.value).unwrap_or_default(),
            contact: file.contact,
            code: file.code,
        }
    }

    fn handout(
        &mut self,
        spec: Option<&Spanned<super::file::HandoutFile>>,
        sections: &[GuideSection],
    ) -> (Vec<String>, u32) {
        let max_pages = spec.and_then(|h| h.value.max_pages).unwrap_or(2);
        if max_pages == 0
            && let Some(h) = spec
        {
            self.error(
                h,
                "`max_pages` must be at least 1",
                "a handout has at least one page",
            );
        }
        let names: Vec<Spanned<String>> = match spec.and_then(|h| h.value.sections.clone()) {
            Some(names) => names,
            None => {
                let ids = sections
                    .iter()
                    .filter(|s| s.section.kind().on_handout_by_default())
                    .map(|s| s.id.clone())
                    .collect();
                return (ids, max_pages);
            }
        };
        let mut chosen: Vec<String> = Vec::new();
        for name in &names {
            let by_id: Vec<&GuideSection> =
                sections.iter().filter(|s| s.id == name.value).collect();
            let picked: Vec<&GuideSection> = if by_id.is_empty() {
                match SectionType::from_name(&name.value) {
                    Some(kind) => sections
                        .iter()
                        .filter(|s| s.section.kind() == kind)
                        .collect(),
                    None => Vec::new(),
                }
            } else {
                by_id
            };
            if picked.is_empty() && SectionType::from_name(&name.value).is_some() {
                self.error(
                    name,
                    format!("the handout asks for `{}`, but this guide has no such section", name.value),
                    format!(
                        "add a `type: {}` section to this file (a translation needs every section of its source), or leave it out of `handout.sections`",
                        name.value
                    ),
                );
                continue;
            }
            if picked.is_empty() {
                let candidates: Vec<&str> = sections
                    .iter()
                    .map(|s| s.id.as_str())
                    .chain(SectionType::ALL.iter().map(|t| t.name()))
                    .collect();
                let hint =
                    match crate::diagnostics::suggest(&name.value, candidates.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "name a section id or type; this guide has: {}",
                            sections
                                .iter()
                                .map(|s| s.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                self.error(
                    name,
                    format!("`{}` names no section of this guide", name.value),
                    hint,
                );
            }
            for s in picked {
                if !chosen.contains(&s.id) {
                    chosen.push(s.id.clone());
                }
            }
        }
        (chosen, max_pages)
    }

    pub(super) fn terms(&mut self, written: Vec<Spanned<super::file::TermFile>>) -> Vec<Term> {
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut terms = Vec::new();
        for spanned in written {
            let (line, col) = position(&spanned);
            let t = spanned.value;
            let id = anchors::slugify(&t.term);
            if id.is_empty() {
                self.problems.push(
                    Diagnostic::error(self.source, line, col, "a term needs letters or digits")
                        .with_hint("write the term as a word"),
                );
                continue;
            }
            let first_time = self.once(&mut seen, &id, (line, col), |first| {
                (
                    format!(
                        "the term `{}` is defined twice (first on line {first})",
                        t.term
                    ),
                    "merge the two definitions",
                )
            });
            if !first_time {
                continue;
            }
            terms.push(Term {
                term: t.term.trim().to_owned(),
                id,
                aliases: t
                    .aliases
                    .iter()
                    .map(|a| a.trim().to_owned())
                    .filter(|a| !a.is_empty())
                    .collect(),
                definition: t.definition,
            });
        }
        terms
    }

    /// Remembers `id` as used at `at`; if it was used before, reports the error
    /// `twice` makes from the first line (message and hint) and returns false.
    fn once(
        &mut self,
        seen: &mut HashMap<String, u32>,
        id: &str,
        at: (u32, u32),
        twice: impl FnOnce(u32) -> (String, &'static str),
    ) -> bool {
        match seen.get(id) {
            Some(&first) => {
                let (message, hint) = twice(first);
                let (line, col) = at;
                self.problems
                    .push(Diagnostic::error(self.source, line, col, message).with_hint(hint));
                false
            }
            None => {
                seen.insert(id.to_owned(), at.0);
                true
            }
        }
    }
}
