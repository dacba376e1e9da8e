//! What a translation follows: a fingerprint of each part of a page (a guide's
//! sections by id, its key points, a Markdown page's body, a glossary's terms), and
//! the fixed fingerprint `translations.lock` and asset names use.

use super::Page;

/// The fingerprint of each part of a page that a translation follows (see
/// [`Page::parts`]): a guide's sections (the lines from each `- type:` to the next, by
/// id) and its key points, a Markdown page's body, a glossary's terms.
pub(super) fn parts(
    page: &Page,
    yaml: &str,
    body: Option<&str>,
) -> std::collections::BTreeMap<String, String> {
    use crate::content::Body;
    let lines: Vec<&str> = yaml.lines().collect();
    let span = |from: usize, to: usize| -> String {
        lines
            .get(from.min(lines.len())..to.min(lines.len()))
            .unwrap_or_default()
            .join("\n")
    };
    let mut out = std::collections::BTreeMap::new();
    match &page.body {
        Body::Guide(g) => {
            // A top-level key (or the end) closes the last section.
            let end_of = |from: usize| {
                (from..lines.len())
                    .find(|&i| {
                        let l = lines[i];
                        !l.trim().is_empty() && !l.starts_with([' ', '#', '-'])
                    })
                    .unwrap_or(lines.len())
            };
            for (k, s) in g.sections.iter().enumerate() {
                let from = (s.line as usize).saturating_sub(1);
                let to = match g.sections.get(k + 1) {
                    Some(next) => (next.line as usize).saturating_sub(1),
                    None => end_of(from + 1),
                };
                out.insert(s.id.clone(), print(&span(from, to)));
            }
            if !g.takeaways.is_empty() {
                let text: Vec<&str> = g.takeaways.iter().map(|t| t.value.as_str()).collect();
                out.insert("takeaways".to_owned(), print(&text.join("\n")));
            }
        }
        Body::Markdown(_) => {
            out.insert("body".to_owned(), print(body.unwrap_or_default()));
        }
        Body::Glossary(_) => {
            // The editor's schema line is no part of the terms: adding it (`careleaf
            // schema`, `init`) leaves translations and versions as they were.
            let text: Vec<&str> = yaml
                .lines()
                .filter(|l| !l.starts_with("# yaml-language-server:"))
                .collect();
            out.insert("terms".to_owned(), print(&text.join("\n")));
        }
    }
    out
}

/// A fingerprint of text that ignores changes of whitespace (a comment is text: in a
/// block of Markdown `#` starts a heading): 16 hex digits of FNV-1a (64-bit), a fixed
/// algorithm, so a lock file written by one careleaf reads the same in the next.
pub fn print(text: &str) -> String {
    let mut fnv = Fnv::default();
    for word in text.split_whitespace() {
        fnv.eat(word.as_bytes());
        fnv.eat(b" ");
    }
    format!("{:016x}", fnv.0)
}

/// The same fingerprint of exact bytes (asset file names).
pub fn fingerprint_bytes(bytes: &[u8]) -> String {
    let mut fnv = Fnv::default();
    fnv.eat(bytes);
    format!("{:016x}", fnv.0)
}

/// FNV-1a, 64-bit.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn eat(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
