//! What a page context carries about the page itself: review dates in words, its
//! language versions, structured data for search engines, advice in plain words.

use std::collections::BTreeMap;

use super::context::*;
use super::prepare::Language;
use crate::content::Reviewed;
use crate::i18n::Strings;
use crate::site::Resolved;

/// Review data in words; `next` defaults to `on` + `interval_days`.
pub fn review(rv: &Reviewed, interval_days: u32, strings: &Strings) -> ReviewContext {
    let next = rv.due(interval_days);
    ReviewContext {
        by: rv.by.clone(),
        on: rv.on.to_string(),
        on_text: strings.date(rv.on),
        next: next.to_string(),
        next_text: strings.date(next),
    }
}

/// Every language version of page `i`, itself included (marked current).
/// Each is named in its own language (`language_name` of its UI strings).
pub fn translations(
    resolved: &Resolved<'_>,
    i: usize,
    langs: &BTreeMap<String, Language>,
) -> Vec<TranslationContext> {
    let mut versions: Vec<usize> = resolved.translations[i].clone();
    versions.push(i);
    if versions.len() < 2 {
        return Vec::new();
    }
    resolved
        .site
        .languages
        .iter()
        .filter_map(|lang| versions.iter().find(|&&j| resolved.pages[j].lang == *lang))
        .map(|&j| TranslationContext {
            lang: resolved.pages[j].lang.clone(),
            name: langs[&resolved.pages[j].lang]
                .strings
                .get("language_name")
                .to_owned(),
            url: resolved.url(&resolved.pages[j].path),
            permalink: resolved.permalink(&resolved.pages[j].path),
            current: j == i,
        })
        .collect()
}

/// Structured data for search engines: the guide as a `MedicalWebPage` reviewed by a
/// clinician for patients, plus an `FAQPage` for its questions.
pub fn json_ld(page: &PageContext, clinic: &str) -> String {
    use serde_json::json;
    let mut web_page = json!({
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "url": page.permalink,
        "inLanguage": page.lang,
        "medicalAudience": { "@type": "MedicalAudience", "audienceType": "Patient" },
        "publisher": { "@type": "MedicalOrganization", "name": clinic },
    });
    if let Some(summary) = &page.summary {
        web_page["description"] = json!(summary);
    }
    if let Some(rv) = &page.reviewed {
        web_page["lastReviewed"] = json!(rv.on);
        web_page["reviewedBy"] = json!({ "@type": "Person", "name": rv.by });
    }
    let questions: Vec<serde_json::Value> = page
        .sections
        .iter()
        .filter_map(|s| match &s.body {
            SectionBody::Faq(c) => Some(&c.items),
            _ => None,
        })
        .flatten()
        .map(|q| json!({ "@type": "Question", "name": q.q, "acceptedAnswer": { "@type": "Answer", "text": q.a_text } }))
        .collect();
    let graph = if questions.is_empty() {
        web_page
    } else {
        json!([web_page, { "@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions }])
    };
    // `</` must not appear inside a <script> element.
    script_json(&serde_json::to_string(&graph).unwrap_or_default())
}

/// JSON made safe inside an HTML `<script>` element: `<`, `>` and `&` (which occur
/// only inside JSON strings) written as `\u003c`, `\u003e`, `\u0026`, so no text can
/// end the element or open a comment (`<!--` would hide the rest of the page).
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// A title with `<!--<script>` cannot end the JSON-LD element or open a comment,
    /// and reads back as written.
    #[test]
    fn script_json_escapes_what_html_reads() {
        let json = serde_json::to_string("<!--<script></script> & >").unwrap();
        let safe = super::script_json(&json);
        assert!(
            !safe.contains('<') && !safe.contains('>') && !safe.contains('&'),
            "{safe}"
        );
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "<!--<script></script> & >");
    }
}
