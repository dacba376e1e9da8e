//! Glossary autolinking (DESIGN §4.3): on each page, the first mention of a glossary
//! term or one of its aliases becomes a link to the term's entry, with the definition
//! as its title. Matching is case-insensitive and on whole words; text inside
//! headings, links (Markdown or raw HTML), images and code is left alone.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use regex::Regex;

use super::escape;

/// One glossary entry as a link target.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `/glossary/#microneedling`.
    pub url: String,
    /// The definition as plain text, for the link's `title`.
    pub title: String,
}

/// The terms of one glossary, compiled into a matcher.
#[derive(Debug)]
pub struct Glossary {
    matcher: Option<Regex>,
    /// Lower-cased term or alias to its entry.
    words: HashMap<String, usize>,
    entries: Vec<Entry>,
}

impl Glossary {
    /// A glossary from `(entry, [term, alias...])` pairs. Empty words are ignored; a word
    /// claimed by two entries links to the first.
    pub fn new(terms: Vec<(Entry, Vec<String>)>) -> Self {
        let mut words = HashMap::new();
        let mut entries = Vec::with_capacity(terms.len());
        for (i, (entry, names)) in terms.into_iter().enumerate() {
            for name in names {
                let key = name.trim().to_lowercase();
                if !key.is_empty() {
                    words.entry(key).or_insert(i);
                }
            }
            entries.push(entry);
        }
        let mut alternatives: Vec<&String> = words.keys().collect();
        // Longest first, so "hyaluronic acid" wins over "acid" where both match.
        alternatives.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let matcher = (!alternatives.is_empty()).then(|| {
            let body: Vec<String> = alternatives
                .iter()
                .map(|w| regex::escape(w).replace(' ', r"\s+"))
                .collect();
            Regex::new(&format!(r"(?i)\b(?:{})\b", body.join("|")))
                .expect("escaped words always form a valid pattern")
        });
        Self {
            matcher,
            words,
            entries,
        }
    }

    fn entry_of(&self, matched: &str) -> Option<usize> {
        let key = matched.split_whitespace().collect::<Vec<_>>().join(" ");
        self.words.get(&key.to_lowercase()).copied()
    }
}

/// Autolinking state for one page: which entries are already linked.
#[derive(Debug)]
pub struct Autolink<'g> {
    glossary: &'g Glossary,
    linked: Vec<bool>,
}

impl<'g> Autolink<'g> {
    /// Fresh state for a page.
    pub fn new(glossary: &'g Glossary) -> Self {
        Self {
            glossary,
            linked: vec![false; glossary.entries.len()],
        }
    }

    /// Links first mentions in `events` (adjacent text events merged first).
    pub fn apply<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let Some(matcher) = &self.glossary.matcher else {
            return events;
        };
        let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
        // Nesting depth of places where nothing may be linked.
        let mut closed = 0usize;
        for event in merge_text(events) {
            match &event {
                Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }) => {
                    closed += 1
                }
                Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image) => {
                    closed = closed.saturating_sub(1)
                }
                Event::InlineHtml(html) | Event::Html(html) => {
                    closed = closed.saturating_add_signed(closed_depth_change(html));
                }
                Event::Text(text) if closed == 0 && self.linked.contains(&false) => {
                    self.link_text(matcher, text, &mut out);
                    continue;
                }
                _ => {}
            }
            out.push(event);
        }
        out
    }

    fn link_text<'a>(&mut self, matcher: &Regex, text: &CowStr<'a>, out: &mut Vec<Event<'a>>) {
        let mut last = 0;
        for m in matcher.find_iter(text) {
            let Some(i) = self.glossary.entry_of(m.as_str()) else {
                continue;
            };
            if self.linked[i] {
                continue;
            }
            self.linked[i] = true;
            if m.start() > last {
                out.push(Event::Text(text[last..m.start()].to_owned().into()));
            }
            let entry = &self.glossary.entries[i];
            out.push(Event::InlineHtml(
                format!(
                    "<a class=\"glossary-term\" href=\"{}\" title=\"{}\">{}</a>",
                    escape(&entry.url),
                    escape(&entry.title),
                    escape(m.as_str())
                )
                .into(),
            ));
            last = m.end();
        }
        if last == 0 {
            out.push(Event::Text(text.clone()));
        } else if last < text.len() {
            out.push(Event::Text(text[last..].to_owned().into()));
        }
    }
}

/// How much raw HTML changes the nesting of elements whose text must not be linked
/// (`<a>`, `<code>`, headings...): opening tags count up, closing tags down.
fn closed_depth_change(html: &str) -> isize {
    const CLOSED: [&str; 13] = [
        "a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6",
    ];
    let mut change = 0;
    for tag in html.split('<').skip(1) {
        let (closing, rest) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        let self_closing = rest.split('>').next().is_some_and(|t| t.ends_with('/'));
        if CLOSED.contains(&name.as_str()) && !self_closing {
            change += if closing { -1 } else { 1 };
        }
    }
    change
}

/// Joins runs of text events, which pulldown-cmark splits at punctuation, so a term of
/// two words is seen whole.
fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    for event in events {
        if let (Event::Text(next), Some(Event::Text(prev))) = (&event, out.last_mut()) {
            let mut joined = prev.to_string();
            joined.push_str(next);
            *prev = joined.into();
            continue;
        }
        out.push(event);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser, html};

    fn glossary() -> Glossary {
        let entry = |id: &str, title: &str| Entry {
            url: format!("/glossary/#{id}"),
            title: title.into(),
        };
        Glossary::new(vec![
            (
                entry("hyaluronic-acid", "A moisture-binding \"serum\""),
                vec!["hyaluronic acid".into(), "HA".into()],
            ),
            (entry("acid", "Anything sour"), vec!["acid".into()]),
            (
                entry("retinoid", "Vitamin A"),
                vec!["retinoid".into(), "retinol".into()],
            ),
            (entry("spf", "Sun protection factor"), vec!["SPF".into()]),
        ])
    }

    fn link(text: &str) -> String {
        let g = glossary();
        let mut state = Autolink::new(&g);
        let events: Vec<Event> = Parser::new_ext(text, Options::ENABLE_SMART_PUNCTUATION).collect();
        let mut out = String::new();
        html::push_html(&mut out, state.apply(events).into_iter());
        out
    }

    #[test]
    fn first_mention_only_case_insensitive_with_definition_as_title() {
        let html = link("Retinol is strong. Avoid retinol. Use SPF.");
        assert_eq!(
            html,
            "<p><a class=\"glossary-term\" href=\"/glossary/#retinoid\" title=\"Vitamin A\">Retinol</a> is strong. Avoid retinol. Use <a class=\"glossary-term\" href=\"/glossary/#spf\" title=\"Sun protection factor\">SPF</a>.</p>\n"
        );
    }

    #[test]
    fn aliases_share_their_entry_and_longest_match_wins() {
        let html = link("Hyaluronic   acid and HA, then acid.");
        assert!(html.contains(">Hyaluronic   acid</a>"), "{html}");
        assert!(html.contains("title=\"A moisture-binding &quot;serum&quot;\""));
        assert_eq!(html.matches("#hyaluronic-acid").count(), 1, "{html}");
        assert!(html.contains("href=\"/glossary/#acid\""), "{html}");
    }

    #[test]
    fn whole_words_only() {
        let html = link("Retinols, SPFs and acidic toners; sharp retinoid");
        assert!(!html.contains("#spf"), "{html}");
        assert!(!html.contains("href=\"/glossary/#acid\""), "{html}");
        assert!(html.contains(">retinoid</a>"), "{html}");
    }

    #[test]
    fn never_in_headings_links_code_or_raw_html_links() {
        let html = link(
            "# Retinol\n\n[about retinol](/x/) `SPF` <a href=\"/y/\">acid</a> <code>HA</code>\n\n<pre><code>retinol</code></pre>\n",
        );
        assert!(!html.contains("glossary-term"), "{html}");
        let html = link("# Retinol\n\n<pre><code>x</code></pre>\n\nThen retinol.");
        assert!(html.contains("Then <a class=\"glossary-term\""), "{html}");
    }

    #[test]
    fn an_empty_glossary_changes_nothing() {
        let g = Glossary::new(Vec::new());
        let mut state = Autolink::new(&g);
        let events: Vec<Event> = Parser::new("retinol").collect();
        assert_eq!(state.apply(events.clone()), events);
    }
}
