//! A guide section's template context: what rendering lends each section type (prose
//! converted to HTML or Typst markup, pictures' addresses, contacts, `@/` pages); the
//! types themselves make their data (`crate::sections`).

use super::context::SectionContext;
use super::languages::tel;
use super::prepare::PageBuilder;
use crate::config::{AFTER_HOURS_CONTACT, CLINIC_CONTACT};
use crate::sections::warning_signs::ContactContext;
use crate::sections::{Convert, Prose, Reading, RenderCx, Section, Walker};

impl Convert for PageBuilder<'_, '_> {
    fn block(&mut self, p: &Prose) -> String {
        self.convert(p, false)
    }

    fn inline(&mut self, p: &Prose) -> String {
        self.convert(p, true)
    }

    fn image_src(&self, src: &str) -> String {
        PageBuilder::image_src(self, src)
    }

    fn contact(&self, name: &str) -> Option<ContactContext> {
        let audience = self.page.guide().map(|g| g.audience).unwrap_or_default();
        self.contact_of(name, self.lang.strings(audience))
    }

    fn page_url(&self, target: &str) -> Option<String> {
        crate::markdown::Links::resolve(self.resolved, target, &self.page.lang).ok()
    }

    fn guide_contact(&self) -> Option<&str> {
        self.page
            .guide()?
            .contact
            .as_ref()
            .map(|c| c.value.as_str())
    }
}

impl PageBuilder<'_, '_> {
    /// A contact of careleaf.yaml as a box of warning signs or a letterhead shows it.
    pub(super) fn contact_of(
        &self,
        name: &str,
        strings: &crate::i18n::Strings,
    ) -> Option<ContactContext> {
        contact_context(self.resolved, name, strings)
    }
}

/// A contact of careleaf.yaml as a box of warning signs or a letterhead shows it.
pub(super) fn contact_context(
    resolved: &crate::site::Resolved<'_>,
    name: &str,
    strings: &crate::i18n::Strings,
) -> Option<ContactContext> {
    {
        let c = resolved.site.config.contact_in(name, strings)?;
        let label = match name {
            CLINIC_CONTACT => strings.get("call_us_on").replace("{phone}", ""),
            AFTER_HOURS_CONTACT => strings.get("call_after_hours").replace("{phone}", ""),
            _ if c.phone.is_some() => strings.fill("contact_label", &[("label", &c.label)]),
            _ => c.label.clone(),
        };
        let phone_href = c.phone.as_deref().map(tel);
        // "Call 999" already holds its number: the label itself is the link.
        let (label, phone) = match c.phone {
            Some(p) if c.label.contains(p.as_str()) => (String::new(), Some(c.label.clone())),
            phone => (label, phone),
        };
        Some(ContactContext {
            name: name.to_owned(),
            label,
            phone_href,
            phone,
            hours: c.hours.filter(|_| name != CLINIC_CONTACT),
        })
    }
}

/// Converts through the builder and, in debug builds (every test), remembers which
/// fields it converted, so a section type that renders a field its walk leaves out
/// stops the tests.
struct Watched<'w, 'a, 'r> {
    builder: &'w mut PageBuilder<'a, 'r>,
    converted: Vec<usize>,
}

impl Watched<'_, '_, '_> {
    fn note(&mut self, p: &Prose) {
        if cfg!(debug_assertions) {
            self.converted.push(std::ptr::from_ref(p).addr());
        }
    }
}

impl Convert for Watched<'_, '_, '_> {
    fn block(&mut self, p: &Prose) -> String {
        self.note(p);
        self.builder.convert(p, false)
    }

    fn inline(&mut self, p: &Prose) -> String {
        self.note(p);
        self.builder.convert(p, true)
    }

    fn image_src(&self, src: &str) -> String {
        self.builder.image_src(src)
    }

    fn contact(&self, name: &str) -> Option<ContactContext> {
        self.builder.contact(name)
    }

    fn page_url(&self, target: &str) -> Option<String> {
        self.builder.page_url(target)
    }

    fn guide_contact(&self) -> Option<&str> {
        self.builder.guide_contact()
    }
}

/// The addresses of the fields a section's walk shows.
#[derive(Default)]
struct Addresses(Vec<usize>);

impl<'a> Walker<'a> for Addresses {
    fn prose(&mut self, text: &'a Prose, _reading: Reading) {
        self.0.push(std::ptr::from_ref(text).addr());
    }
}

impl PageBuilder<'_, '_> {
    /// The template context of section `s` with anchor `id`.
    pub(super) fn section(&mut self, id: &str, s: &Section) -> SectionContext {
        let no_events = crate::duration::Events::new();
        let guide = self.page.guide();
        let events = guide.map_or(&no_events, |g| &g.events);
        let strings = self
            .lang
            .strings(guide.map(|g| g.audience).unwrap_or_default());
        let label = match guide {
            Some(g) => g.label(strings),
            None => strings.get("counted_from_label"),
        };
        let title = s.title().map(str::to_owned).unwrap_or_else(|| {
            strings
                .get(&format!("section_{}", s.kind().name()))
                .to_owned()
        });
        let intro = s.intro().map(|p| self.convert(p, false));
        let mut watched = Watched {
            builder: self,
            converted: Vec::new(),
        };
        let body = s.body(&mut RenderCx {
            strings,
            events,
            label,
            convert: &mut watched,
        });
        if cfg!(debug_assertions) {
            let mut walked = Addresses::default();
            s.walk(&mut walked);
            let missing = watched.converted.iter().any(|p| !walked.0.contains(p));
            debug_assert!(
                !missing,
                "the `{}` section renders a Markdown field its walk leaves out, so its links are never checked",
                s.kind().name()
            );
        }
        SectionContext {
            id: id.to_owned(),
            title,
            intro,
            body,
        }
    }
}
