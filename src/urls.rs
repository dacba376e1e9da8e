//! Every path careleaf writes (DESIGN §7), in one place. Paths are site paths: they
//! start and end with `/` for pages (`/es/microneedling/`) and carry no base URL
//! prefix; `Resolved::url` and `Resolved::permalink` add that.

/// Why an address a clinic wrote cannot be published: the one rule for every URL in
/// careleaf.yaml and the content (DESIGN §11, issue "nothing reaches outside"). Allowed:
/// `http:`, `https:`, `mailto:`, `tel:`, and addresses within the site (`/path`,
/// `page.md`, `../x`, `#anchor`, `@/path`). Refused: any other scheme, however it is
/// spelt (`JavaScript:`, ` javascript:`, `java\tscript:` as browsers read them), and
/// `//host` addresses with no scheme.
pub fn refused(url: &str) -> Option<(String, &'static str)> {
    // Browsers drop tabs and line breaks anywhere and C0 controls and spaces at the
    // start before they read a scheme.
    let read: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let read = read.trim_start_matches(|c: char| c <= ' ');
    if read.starts_with("//") || read.starts_with("\\") {
        return Some((
            format!("`{url}` has no scheme"),
            "write the whole address, starting with https://",
        ));
    }
    let end = read.find([':', '/', '?', '#'])?;
    let scheme = &read[..end];
    let is_scheme = read[end..].starts_with(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return None;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "mailto" | "tel" => None,
        _ => Some((
            format!("`{url}` is not a safe link"),
            "link to a web page (https://), an e-mail address (mailto:), a phone number (tel:) or a page or file of the site",
        )),
    }
}

/// The home page of a language: `/` for the default language, `/es/` for others.
pub fn home(lang: &str, default_language: &str) -> String {
    if lang == default_language {
        "/".to_owned()
    } else {
        format!("/{lang}/")
    }
}

/// A content page: `/LANG/` (translations only), then its section's folders, then
/// its slug unless it is a section's `_index` page.
pub fn page(translated_lang: Option<&str>, section: &str, slug: Option<&str>) -> String {
    let mut path = String::from("/");
    let segments = translated_lang
        .into_iter()
        .chain(section.split('/'))
        .chain(slug);
    for segment in segments.filter(|s| !s.is_empty()) {
        path.push_str(segment);
        path.push('/');
    }
    path
}

/// A taxonomy's index (`/tags/`) or one term's page (`/tags/sun-care/`), under the
/// language's `home`.
pub fn taxonomy(home: &str, taxonomy: &str, term: Option<&str>) -> String {
    match term {
        Some(t) => format!("{home}{taxonomy}/{t}/"),
        None => format!("{home}{taxonomy}/"),
    }
}

/// The search page of a language: `/search/`, `/es/search/`.
pub fn search(home: &str) -> String {
    format!("{home}search/")
}

/// The ingredient index of a language: `/ingredients/`, `/es/ingredients/`.
pub fn ingredients(home: &str) -> String {
    format!("{home}ingredients/")
}

/// The anchor of the note a page in the default language shows readers of `lang`
/// when it has no translation for them: `untranslated-es`.
pub fn untranslated_id(lang: &str) -> String {
    format!("untranslated-{lang}")
}

/// The medicines index of a language: `/medicines/`, `/es/medicines/`.
pub fn medicines(home: &str) -> String {
    format!("{home}medicines/")
}

/// The Atom feed of a language: `/atom.xml`, `/es/atom.xml`.
pub fn feed(home: &str) -> String {
    format!("{home}atom.xml")
}

/// The handout list of a language: `/handouts/`, `/es/handouts/`.
pub fn handouts(home: &str) -> String {
    format!("{home}handouts/")
}

/// The PDF with every handout of a language: `/handouts.pdf`, `/es/handouts.pdf`.
pub fn packet(home: &str) -> String {
    format!("{home}handouts.pdf")
}

/// Page `n` (from 2) of a list at `list`: `/procedures/` -> `/procedures/page/2/`.
pub fn pager(list: &str, n: usize) -> String {
    format!("{list}page/{n}/")
}

/// A guide's print page: `/microneedling/` -> `/microneedling/handout/`.
pub fn handout(guide: &str) -> String {
    format!("{guide}handout/")
}

/// A guide's QR code, beside its print page.
pub fn qr_code(guide: &str) -> String {
    format!("{}qr.svg", handout(guide))
}

/// A guide's PDF: `/microneedling/` -> `/microneedling/microneedling.pdf`.
/// A guide's large-print handout PDF: `/microneedling/microneedling-large-print.pdf`.
pub fn large_print_pdf(guide: &str) -> String {
    pdf(guide).replace_suffix(".pdf", "-large-print.pdf")
}

trait ReplaceSuffix {
    fn replace_suffix(&self, suffix: &str, with: &str) -> String;
}

impl ReplaceSuffix for String {
    fn replace_suffix(&self, suffix: &str, with: &str) -> String {
        match self.strip_suffix(suffix) {
            Some(stem) => format!("{stem}{with}"),
            None => format!("{self}{with}"),
        }
    }
}

/// A guide's handout PDF: `/microneedling/microneedling.pdf`.
pub fn pdf(guide: &str) -> String {
    let slug = guide
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("handout");
    format!("{guide}{slug}.pdf")
}

/// The output file of a page path: `/a/b/` -> `a/b/index.html`.
pub fn output_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

/// The 404 page (one, in the default language).
pub const NOT_FOUND: &str = "/404.html";
/// The sitemap.
pub const SITEMAP: &str = "/sitemap.xml";
/// The robots file.
pub const ROBOTS: &str = "/robots.txt";
/// Pagefind's index and scripts.
pub const SEARCH_BUNDLE: &str = "/pagefind/";
/// The theme's stylesheet.
pub const STYLESHEET: &str = "/style.css";
/// A theme's own additions to the stylesheet (`static/theme.css` in the theme).
pub const THEME_STYLESHEET: &str = "/theme.css";
/// The print stylesheet.
pub const PRINT_STYLESHEET: &str = "/print.css";

/// A file named from the site root as it is served: `static/logo.svg` -> `/logo.svg`.
pub fn static_file(path: &str) -> String {
    format!(
        "/{}",
        path.trim_start_matches("static/").trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_of_design_section_7() {
        assert_eq!(home("en", "en"), "/");
        assert_eq!(home("es", "en"), "/es/");
        assert_eq!(page(None, "", Some("microneedling")), "/microneedling/");
        assert_eq!(
            page(Some("es"), "procedures", Some("peel")),
            "/es/procedures/peel/"
        );
        assert_eq!(page(None, "procedures", None), "/procedures/");
        assert_eq!(page(None, "", None), "/");
        assert_eq!(taxonomy("/es/", "tags", Some("sun")), "/es/tags/sun/");
        assert_eq!(handout("/microneedling/"), "/microneedling/handout/");
        assert_eq!(pdf("/procedures/peel/"), "/procedures/peel/peel.pdf");
        assert_eq!(packet("/es/"), "/es/handouts.pdf");
        assert_eq!(output_file("/a/b/"), "a/b/index.html");
        assert_eq!(static_file("static/logo.svg"), "/logo.svg");
    }

    #[test]
    fn only_web_mail_phone_and_site_addresses_are_published() {
        for ok in [
            "https://nhs.uk/x",
            "HTTP://example.org",
            "mailto:care@clinic.example",
            "tel:+441234567890",
            "/images/a.png",
            "aftercare.md",
            "../x.md#a",
            "#when-to-call",
            "@/about.md",
            "page?x=1:2",
            "",
        ] {
            assert_eq!(refused(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "data:image/svg+xml,<svg/onload=alert(1)>",
            "file:///etc/passwd",
            "//evil.example/x",
        ] {
            assert!(refused(bad).is_some(), "{bad:?}");
        }
    }
}
