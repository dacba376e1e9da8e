//! `sitemap.xml` and `robots.txt`.

use super::prepare::Job;
use crate::markdown::escape;
use crate::output::OutputFile;
use crate::site::Resolved;
use crate::urls;

/// `sitemap.xml` (every page with its alternates) and `robots.txt`.
pub fn sitemap(resolved: &Resolved<'_>, jobs: &[Job]) -> Vec<OutputFile> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut entries: Vec<&Job> = jobs.iter().filter(|j| j.page.kind.in_sitemap()).collect();
    entries.sort_by(|a, b| a.page.permalink.cmp(&b.page.permalink));
    for job in entries {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape(&job.page.permalink)
        ));
        if let Some(rv) = &job.page.reviewed {
            xml.push_str(&format!("    <lastmod>{}</lastmod>\n", rv.on));
        }
        for t in &job.page.translations {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}{}\"/>\n",
                escape(&t.lang),
                escape(&resolved.site.base_url.origin),
                escape(&t.url)
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        resolved.permalink(urls::SITEMAP)
    );
    vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots.into_bytes(),
        },
    ]
}
