//! Markdown rendering with `@/` link resolution, glossary autolinking and raw HTML
//! sanitised (the default): never a panic, and whatever the text, the HTML has no
//! script, no frame, no event handler and no `javascript:` URL. Problems point at a
//! line of the text.
#![no_main]

use std::path::Path;

use careleaf::config::RawHtml;
use careleaf::markdown::glossary::Entry;
use careleaf::markdown::{Autolink, CalloutLabels, Glossary, LinkError, Links, Markdown, Origin};
use libfuzzer_sys::fuzz_target;

/// A site with two pages (one with a `#timeline` anchor) and one image.
struct Site;

impl Links for Site {
    fn resolve(&self, target: &str, lang: &str) -> Result<String, LinkError> {
        let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
        let url = match path {
            "aftercare/microneedling.yaml" => "/aftercare/microneedling/",
            "about.md" => "/about/",
            _ => {
                return Err(LinkError {
                    message: format!("no page {path}"),
                    hint: "check the path".into(),
                });
            }
        };
        let prefix = if lang == "es" { "/es" } else { "" };
        match anchor {
            "" => Ok(format!("{prefix}{url}")),
            "timeline" => Ok(format!("{prefix}{url}#timeline")),
            _ => Err(LinkError {
                message: format!("no anchor {anchor}"),
                hint: "check the anchor".into(),
            }),
        }
    }

    fn file_exists(&self, path: &str) -> bool {
        path == "/images/face.png"
    }
}

thread_local! {
    /// Built once: syntect's syntaxes and the glossary's matcher are slow to make.
    static MARKDOWN: Markdown = Markdown::new(RawHtml::Sanitize, true);
    static GLOSSARY: Glossary = {
        let entry = |id: &str| Entry {
            url: format!("/glossary/#{id}"),
            title: format!("What {id} means"),
        };
        Glossary::new(vec![
            (entry("sun"), vec!["sun".into(), "SPF".into()]),
            (entry("hyaluronic-acid"), vec!["hyaluronic acid".into(), "HA".into()]),
            (entry("retinol"), vec!["retinol".into(), "retinoids".into()]),
        ])
    };
}

fuzz_target!(|text: &str| {
    MARKDOWN.with(|md| GLOSSARY.with(|glossary| check(md, glossary, text)));
});

fn check(md: &Markdown, glossary: &Glossary, text: &str) {
    let labels = CalloutLabels::default();
    let origin = Origin {
        file: Path::new("content/about.md"),
        line: 5,
        lang: "en",
        labels: &labels,
    };
    let mut autolink = Autolink::new(glossary);
    let problems = md.check(text, &origin, &Site);
    let html = md.render(text, &origin, &Site, Some(&mut autolink));
    careleaf_fuzz_check(&html, text);
    let inline = md.render_inline(text, &origin, &Site, None);
    careleaf_fuzz_check(&inline, text);
    let lines = text.lines().count().max(1) as u32;
    for p in &problems {
        assert!(p.line >= 5 && p.line <= 5 + lines, "line {} of {lines}: {p:?}", p.line);
    }
}

/// Walks the tags of `html` (a `<` outside a tag is always escaped in our output, so
/// every `<` starts one) and checks their names and attributes.
fn careleaf_fuzz_check(html: &str, text: &str) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|s| s + i) {
        let tag_end = tag_end(bytes, start);
        let tag = &html[start + 1..tag_end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        for banned in ["script", "iframe", "object", "embed", "frame", "style", "form", "meta", "base"] {
            assert_ne!(name, banned, "<{name}> in the output of {text:?}:\n{html}");
        }
        for (attr, value) in attributes(tag) {
            assert!(!attr.starts_with("on"), "{attr}= in the output of {text:?}:\n{html}");
            if matches!(attr.as_str(), "href" | "src" | "action" | "formaction" | "srcset") {
                // As a browser reads a URL (WHATWG URL standard): C0 controls and
                // spaces trimmed from both ends, tabs and newlines removed anywhere.
                // Other controls inside stay, and make the URL a relative one.
                let v: String = decode(&value)
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:text/html"] {
                    assert!(!v.starts_with(scheme), "{attr}={value:?} in the output of {text:?}:\n{html}");
                }
            }
        }
        i = tag_end.max(start + 1);
    }
}

/// The index of the `>` that ends the tag starting at `start`, minding quotes.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (k, &b) in bytes.iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return k,
            _ => {}
        }
    }
    bytes.len()
}

/// `name=value` pairs of a tag's text (after its name).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let rest = tag.trim_start_matches('/');
    let mut chars = rest
        .char_indices()
        .skip_while(|(_, c)| c.is_ascii_alphanumeric())
        .peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace() || *c == '/').is_some() {}
        let mut name = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=' && *c != '/') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            match chars.next() {
                Some((_, q @ ('"' | '\''))) => {
                    for (_, c) in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                Some((_, c)) => {
                    value.push(c);
                    while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
                None => {}
            }
        }
        out.push((name, value));
    }
    out
}

/// Enough HTML entity decoding to see through `&#106;avascript:` tricks.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let end = rest.find(';').unwrap_or(rest.len());
        let entity = &rest[..end];
        let decoded = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match entity {
                "colon" => Some(':'),
                "amp" => Some('&'),
                "Tab" | "NewLine" => Some(' '),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[(end + 1).min(rest.len())..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}
