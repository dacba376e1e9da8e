//! `relative_urls` / `build --relative` (DESIGN §10.9): every link of a page made
//! relative to the page's own file, and folder links given their `index.html`, so
//! the output works opened from a folder (`file://`), a shared drive or a USB stick.

use std::sync::LazyLock;

use regex::Regex;

static POLICY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?"#)
        .expect("the pattern is valid")
});

static LOCAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(href|src|action|data-bundle)="(/[^"/][^"]*|/)""#)
        .expect("the pattern is valid")
});

/// `html` (the page written at `file`, relative to the output folder) with every
/// root-relative link (`/guides/about/#x`, under the base path `prefix`) rewritten
/// relative to it (`../about/index.html#x`).
pub fn relative_links(html: &str, file: &str, prefix: &str) -> String {
    // Opened from a folder a page has no origin that `'self'` could name: its policy
    // would block its own stylesheets. The policy belongs to hosted copies.
    let html = POLICY.replace(html, "");
    let depth = file.matches('/').count();
    let up = "../".repeat(depth);
    LOCAL
        .replace_all(&html, |c: &regex::Captures<'_>| {
            let url = &c[2];
            let url = url
                .strip_prefix(prefix)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
                .unwrap_or(url);
            let url = url.trim_start_matches('/');
            let split = url.find(['#', '?']).unwrap_or(url.len());
            let (path, rest) = url.split_at(split);
            let path = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_owned()
            };
            format!("{}=\"{up}{path}{rest}\"", &c[1])
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::relative_links;

    #[test]
    fn links_become_relative_to_the_page() {
        let html = r##"<a href="/guides/about/#team">x</a><link href="/guides/style.1.css"><img src="/guides/logo.svg"><a href="/guides/">home</a><a href="https://x.example/a/">out</a><a href="#faq">in</a><form action="/guides/search/">"##;
        let out = relative_links(html, "es/microneedling/index.html", "/guides");
        assert_eq!(
            out,
            r##"<a href="../../about/index.html#team">x</a><link href="../../style.1.css"><img src="../../logo.svg"><a href="../../index.html">home</a><a href="https://x.example/a/">out</a><a href="#faq">in</a><form action="../../search/index.html">"##
        );
        assert_eq!(
            relative_links(
                r#"<a href="/">h</a><a href="/tags/a/?q=1">t</a>"#,
                "index.html",
                ""
            ),
            r#"<a href="index.html">h</a><a href="tags/a/index.html?q=1">t</a>"#
        );
    }
}
