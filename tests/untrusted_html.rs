//! Raw HTML from authors: with `raw_html: sanitize` (the default) scripts, event
//! handlers, `javascript:` URLs and frames never reach a published page, whether they
//! are written in a Markdown page or in a guide's prose. Each case is also built with
//! `raw_html: allow`, where the markup does come through: that proves the page really
//! carried it and the sanitizer is what stopped it.

mod common;

use common::TestSite;

/// Builds a site with `payload` in a Markdown page body and in a guide's tip and FAQ
/// answer, with `markdown.raw_html` set to `mode`; returns the two pages' HTML.
fn build_with(payload: &str, mode: &str) -> [String; 2] {
    let site = TestSite::new("base");
    let config = site.read("careleaf.yaml");
    site.write(
        "careleaf.yaml",
        &format!("{config}markdown: {{ raw_html: {mode} }}\n"),
    );
    site.write(
        "content/page.md",
        &format!("---\ntitle: A page\n---\nBefore.\n\n{payload}\n\nAfter with {payload} inline.\n"),
    );
    let quoted = serde_json::to_string(&format!("Rest. {payload}")).unwrap();
    site.write(
        "content/guide.yaml",
        &format!(
            "title: A guide\nsummary: Care.\nreviewed: {{ by: Dr A, on: 2026-10-01 }}\nsections:\n  - type: tips\n    items:\n      - do: {quoted}\n  - type: faq\n    items:\n      - q: Why?\n        a: {quoted}\n  - type: warning-signs\n    items: [A fever]\n"
        ),
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    [
        site.read("public/page/index.html"),
        site.read("public/guide/index.html"),
    ]
}

/// The part of a page the author wrote (careleaf's own JSON-LD script is outside it).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.rfind("</main>").expect("a </main>");
    &html[start..end]
}

/// Asserts that none of `forbidden` is in either page under `sanitize`, and that each
/// payload is there as written under `allow`.
fn refused(payloads: &[&str], forbidden: &[&str]) {
    for payload in payloads {
        for html in build_with(payload, "sanitize") {
            let main = main_of(&html).to_ascii_lowercase();
            for bad in forbidden {
                assert!(
                    !main.contains(bad),
                    "{bad} from {payload:?} reached:\n{main}"
                );
            }
            assert!(main.contains("rest.") || main.contains("before."));
        }
        let allowed = build_with(payload, "allow");
        assert!(
            allowed.iter().all(|html| main_of(html).contains(payload)),
            "with raw_html: allow, {payload:?} should come through"
        );
    }
}

#[test]
fn scripts_never_reach_the_page() {
    refused(
        &[
            "<script>alert(1)</script>",
            "<SCRIPT src=\"https://evil.example/x.js\"></SCRIPT>",
            "<svg><script>alert(1)</script></svg>",
        ],
        &["<script", "alert(1)", "evil.example"],
    );
}

#[test]
fn event_handlers_never_reach_the_page() {
    refused(
        &[
            "<img src=\"/x.png\" alt=\"x\" onerror=\"alert(1)\">",
            "<p onclick=\"steal()\">Tap</p>",
            "<b onmouseover=steal()>bold</b>",
            "<svg onload=\"alert(1)\"></svg>",
        ],
        &["onerror", "onclick", "onmouseover", "onload"],
    );
}

#[test]
fn javascript_urls_never_reach_the_page() {
    refused(
        &[
            "<a href=\"javascript:alert(1)\">call us</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">call us</a>",
            "<a href=\"&#106;avascript:alert(1)\">call us</a>",
            "<a href=\" javascript:alert(1)\">call us</a>",
        ],
        &["javascript:", "alert(1)"],
    );
    // Markdown's own link syntax is refused with an error, not published.
    let site = TestSite::new("base");
    site.write(
        "content/page.md",
        "---\ntitle: A page\n---\n[call us](javascript:alert(1))\n",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/page.md:4:"), "{}", run.stderr);
    assert!(!site.path("public/page/index.html").exists());
}

#[test]
fn frames_and_embedded_objects_never_reach_the_page() {
    refused(
        &[
            "<iframe src=\"https://evil.example/\"></iframe>",
            "<IFRAME srcdoc=\"<script>alert(1)</script>\"></IFRAME>",
            "<object data=\"https://evil.example/x.swf\"></object><embed src=\"https://evil.example/x.swf\">",
        ],
        &["<iframe", "<object", "<embed", "evil.example"],
    );
}

#[test]
fn escape_mode_shows_markup_as_text() {
    for html in build_with("<script>alert(1)</script>", "escape") {
        let main = main_of(&html);
        assert!(!main.contains("<script"), "{main}");
        assert!(main.contains("&lt;script&gt;"), "{main}");
    }
}

#[test]
fn heading_attributes_cannot_carry_event_handlers() {
    // Markdown's `{…}` after a heading sets its attributes; only `#id` and `.class`
    // are accepted from authors (a fuzzer found `{onclick=…}` came through).
    let site = TestSite::new("base");
    site.write(
        "content/page.md",
        "---\ntitle: A page\n---\nIntro.\n\n## Call us {#call .big onclick=alert(1)}\n",
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/page.md:6:")
            && run
                .stderr
                .contains("may only have an {#id} and {.classes}, not `onclick`"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public/page/index.html").exists());
    let config = site.read("careleaf.yaml");
    site.write(
        "careleaf.yaml",
        &format!("{config}markdown: {{ raw_html: allow }}\n"),
    );
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.read("public/page/index.html")
            .contains("onclick=\"alert(1)\"")
    );
}
