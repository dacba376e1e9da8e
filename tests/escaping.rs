//! Property test: whatever text an author puts in a guide's title, summary, tip or FAQ,
//! it comes out escaped in the page's HTML, exact in its JSON-LD, and escaped on the
//! handout page — never as markup of its own.

mod common;

use common::TestSite;
use proptest::prelude::*;

/// Text with the characters that matter to HTML, JSON and YAML, and some non-ASCII.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 <>&\"'/=;:{}#*_`é✓-]{1,40}".prop_filter("not blank", |s| !s.trim().is_empty())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_escaped_everywhere(title in text(), summary in text(), tip in text(), answer in text()) {
        let site = TestSite::new("base");
        let q = |s: &str| serde_json::to_string(s).unwrap();
        site.write(
            "content/g.yaml",
            &format!(
                "title: {}\nsummary: {}\nreviewed: {{ by: Dr A, on: 2026-10-01 }}\nsections:\n  - type: tips\n    items:\n      - do: {}\n  - type: faq\n    items:\n      - q: Why?\n        a: {}\n  - type: warning-signs\n    items: [A fever]\n",
                q(&title), q(&summary), q(&tip), q(&answer)
            ),
        );
        let run = site.run(&["build", "--no-pdf"]);
        prop_assert_eq!(run.code, 0, "{}", run.stderr);
        let html = site.read("public/g/index.html");
        let title = title.trim();
        prop_assert!(html.contains(&format!("<h1>{}</h1>", escape(title))), "title not escaped in:\n{}", html);
        // The only scripts are careleaf's own: JSON-LD and the personal plan.
        prop_assert_eq!(html.matches("<script").count(), 2);
        prop_assert!(common::hashed_asset(&html, "/guides/", "plan", "js").is_some());
        prop_assert!(!html.contains("<script>") && !html.contains("onerror="));
        let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
        let end = start + html[start..].find("</script>").unwrap();
        let json: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        prop_assert_eq!(json[0]["name"].as_str(), Some(title));
        prop_assert_eq!(json[0]["description"].as_str(), Some(summary.trim()));
        let handout = site.read("public/g/handout/index.html");
        prop_assert!(handout.contains(&escape(title)));
        prop_assert_eq!(handout.matches("<script").count(), 1);
        prop_assert!(common::hashed_asset(&handout, "/guides/", "plan", "js").is_some());
    }
}

/// A control character in careleaf.yaml's title (pasted from elsewhere) does not make
/// the feed invalid XML: XML 1.0 cannot hold it, so it is left out.
#[test]
fn the_feed_holds_no_control_character() {
    let site = TestSite::new("base");
    let config = site.read("careleaf.yaml");
    site.write(
        "careleaf.yaml",
        &config.replace(
            "title: Test Clinic guides",
            "title: \"Test\\u0001 Clinic\\u001b guides\"",
        ),
    );
    site.write(
        "content/g.yaml",
        "title: \"Cast\\u0002 care\"\nsummary: Keep it dry.\nreviewed: { by: Dr A, on: 2026-10-01 }\nsections:\n  - type: warning-signs\n    items: [Blue toes]\n",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("Test Clinic guides"), "{feed}");
    assert!(feed.contains("Cast care"), "{feed}");
    let control = feed
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    assert_eq!(control, None, "{feed}");
}
