//! What a host should send with the site (DESIGN §10.9): `_headers` (Netlify,
//! Cloudflare Pages) with a Content-Security-Policy that lets a page run only the
//! site's own scripts (Pagefind's WebAssembly included), and long cache lifetimes for
//! the stylesheets and scripts whose names carry a content hash. The same policy is
//! in every page's `<meta http-equiv>` for hosts that cannot set headers.

use crate::output::OutputFile;
use crate::site::Resolved;

/// The policy: the site's own scripts, styles, images and fonts only; Pagefind's
/// search compiles WebAssembly (`wasm-unsafe-eval`); inline styles are allowed (the
/// handout page's `@page` rules), inline scripts are not (JSON-LD is data, not run).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'";

/// What only a header can say (a `<meta>` policy may not hold `frame-ancestors`).
const HEADER_ONLY: &str = "; frame-ancestors 'none'";

/// The other security headers, for every path.
pub const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
    ("X-Frame-Options", "DENY"),
];

/// The cache lifetime of a file whose name changes with its content.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `_headers`: the policy and security headers for every path, then a year's cache
/// for each hashed stylesheet and script (`hashed`: their URL paths); with `admin`
/// (the site has `careleaf cms`'s static/admin/), the admin page's own policy for
/// `/admin/*` (Netlify sends a later rule's value of a header for its paths).
pub fn headers_file(resolved: &Resolved<'_>, hashed: &[String], admin: bool) -> OutputFile {
    let mut text = String::from(
        "# Written by careleaf: the headers a host sends with this site (Netlify, Cloudflare Pages).\n",
    );
    text.push_str(&format!("{}*\n", resolved.url("/")));
    text.push_str(&format!(
        "  Content-Security-Policy: {CONTENT_SECURITY_POLICY}{HEADER_ONLY}\n"
    ));
    for (name, value) in SECURITY_HEADERS {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    if admin {
        text.push_str(&format!(
            "{}*\n  Content-Security-Policy: {}{HEADER_ONLY}\n",
            resolved.url(&format!("/{}/", crate::cms::FOLDER)),
            crate::cms::CONTENT_SECURITY_POLICY
        ));
    }
    for path in hashed {
        text.push_str(&format!(
            "{}\n  Cache-Control: {IMMUTABLE}\n",
            resolved.url(path)
        ));
    }
    OutputFile {
        path: "_headers".to_owned(),
        bytes: text.into_bytes(),
    }
}
