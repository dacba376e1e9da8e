//! The theme's Tera templates: compiled once per build, then every page rendered with
//! its template in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use super::prepare::{Extra, Job, Language};
use crate::cache::{LastBuild, key_of, key_of_serialized};
use crate::diagnostics::Diagnostic;
use crate::output::OutputFile;
use crate::theme::Theme;

/// Pages rendered by the last build, by a hash of everything that went into them.
pub type RenderCache = LastBuild<u64, std::sync::Arc<Vec<u8>>>;

/// The compiled templates of a theme.
pub struct Templates {
    tera: Tera,
    /// A hash of every template's source: rendered pages kept by `serve` are reused
    /// only under the same templates.
    fingerprint: u64,
}

impl Templates {
    /// Compiles every template of the theme; syntax errors name the template file.
    pub fn compile(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        for (name, file) in theme.templates() {
            match std::str::from_utf8(&file.bytes) {
                Ok(text)
                    if name.ends_with(".html")
                        || name.ends_with(".xml")
                        || name.ends_with(".txt") =>
                {
                    sources.push((name.to_owned(), text.to_owned(), file.origin.clone()));
                }
                Ok(_) => {}
                Err(_) => problems.push(Diagnostic::general(format!(
                    "{}: the template is not UTF-8 text",
                    file.origin
                ))),
            }
        }
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            problems.push(template_error(&e, &sources));
        }
        if problems.is_empty() {
            let fingerprint = crate::cache::key_of(&sources);
            Ok(Templates { tera, fingerprint })
        } else {
            Err(problems)
        }
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub(super) fn render(&self, template: &str, ctx: &Context) -> Result<String, String> {
        self.tera.render(template, ctx).map_err(|e| error_chain(&e))
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn template_error(e: &tera::Error, sources: &[(String, String, String)]) -> Diagnostic {
    let text = error_chain(e);
    let origin = sources
        .iter()
        .find(|(name, _, _)| text.contains(name.as_str()))
        .map_or("templates", |(_, _, o)| o.as_str());
    Diagnostic::general(format!("template error in {origin}: {text}")).with_hint(
        "fix the template; careleaf's built-in templates are in themes/default/templates/",
    )
}

/// An error when two pages would be written to one file (a content page at a path
/// careleaf writes itself, such as `/search/` or `/ingredients/`).
pub fn same_output(jobs: &[Job]) -> Option<Diagnostic> {
    let mut seen: BTreeMap<&str, &Job> = BTreeMap::new();
    for job in jobs {
        if let Some(first) = seen.insert(&job.output, job) {
            let who = |j: &Job| match j.index {
                Some(_) => j.page.source.clone(),
                None => format!("careleaf's {} page", j.page.kind.name()),
            };
            let message = format!(
                "two pages would be written to {}: {} and {}",
                job.page.url,
                who(first),
                who(job)
            );
            let hint = "give one of them another `slug` (or rename the file)";
            let file = [first, job]
                .into_iter()
                .find(|j| j.index.is_some())
                .map(|j| j.page.source.clone());
            return Some(
                match file {
                    Some(file) => Diagnostic::error(file, 1, 1, message),
                    None => Diagnostic::general(message),
                }
                .with_hint(hint),
            );
        }
    }
    None
}

/// Renders every job with its template, in parallel. Template errors (a site's own
/// template using a variable that does not exist) are returned as problems.
/// With a cache (`serve`), a page whose whole input (template, `site`, `t`, `page` and
/// the rest of its context) is the same as in the last build is taken from it: an edit
/// renders again exactly the pages whose context it changed.
///
/// Each rendered page goes through `finish` as soon as it is made (which may write it
/// and drop it, so a large site is never held whole); the pages it hands back are
/// returned, with how many pages were rendered.
pub fn render(
    templates: &Templates,
    jobs: &[Job],
    langs: &BTreeMap<String, Language>,
    cache: Option<&RenderCache>,
    content: &(dyn Fn(usize) -> Result<String, Diagnostic> + Sync),
    finish: &(dyn Fn(OutputFile) -> Option<OutputFile> + Sync),
) -> (Vec<OutputFile>, usize, Vec<Diagnostic>) {
    let memo = crate::cache::Memo::new(cache);
    let salts: BTreeMap<&str, u64> = match cache {
        Some(_) => langs
            .iter()
            .map(|(lang, l)| {
                let shared = key_of_serialized(&(&l.site, l.strings.all()));
                (lang.as_str(), key_of(&(shared, templates.fingerprint)))
            })
            .collect(),
        None => BTreeMap::new(),
    };
    // What every page of a language shares is made into template values once: a
    // value's maps are shared, so each page's context only points at them.
    let shared: BTreeMap<&str, (tera::Value, [tera::Value; 3])> = langs
        .iter()
        .map(|(lang, l)| {
            let site = tera::Value::from_serializable(&l.site);
            let strings = crate::i18n::Audience::ALL
                .map(|a| tera::Value::from_serializable(l.strings(a).all()));
            (lang.as_str(), (site, strings))
        })
        .collect();
    let results: Vec<Result<Option<OutputFile>, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let key = memo.is_on().then(|| job_key(job, salts[job.lang.as_str()]));
            if let Some(k) = key
                && let Some(bytes) = memo.previous(&k)
            {
                memo.keep(k, bytes.clone());
                return Ok(finish(OutputFile {
                    path: job.output.clone(),
                    bytes: Vec::clone(bytes),
                }));
            }
            let ctx = context_of(job, &shared[job.lang.as_str()], content)?;
            if !templates.has(&job.template) {
                return Err(Diagnostic::general(format!(
                    "there is no template `{}` (asked for by {})",
                    job.template, job.page.source
                ))
                .with_hint("add it to templates/ or remove `template:`"));
            }
            templates
                .render(&job.template, &ctx)
                .map(|html| {
                    if let Some(k) = key {
                        memo.keep(k, std::sync::Arc::new(html.as_bytes().to_vec()));
                    }
                    finish(OutputFile {
                        path: job.output.clone(),
                        bytes: html.into_bytes(),
                    })
                })
                .map_err(|e| {
                    Diagnostic::general(format!(
                        "rendering {} with {}: {e}",
                        job.page.url, job.template
                    ))
                })
        })
        .collect();
    drop(memo);
    let mut files = Vec::with_capacity(results.len());
    let mut rendered = 0;
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(f) => {
                rendered += 1;
                files.extend(f);
            }
            Err(d) => {
                if !problems.contains(&d) {
                    problems.push(d);
                }
            }
        }
    }
    (files, rendered, problems)
}

/// What a page's rendered HTML depends on: its language's shared values and the
/// templates (`salt`), its template, path, context and extra variables.
fn job_key(job: &Job, salt: u64) -> u64 {
    let extra = match &job.extra {
        Extra::None => 0,
        Extra::Handout(h) => key_of_serialized(h),
        Extra::Handouts(h) => key_of_serialized(h),
        Extra::Ingredients(list) | Extra::Medicines(list) => key_of_serialized(list),
        Extra::Versions(list) => key_of_serialized(list),
    };
    let page = key_of_serialized(&job.page);
    key_of(&(salt, &job.template, &job.output, page, extra))
}

/// The template context of a job: `site` and `t` shared by its language, `page`
/// (with a Markdown body converted now when it was left for now), `lang` and the
/// extra variables of its kind of page.
fn context_of(
    job: &Job,
    (site, strings): &(tera::Value, [tera::Value; 3]),
    content: &(dyn Fn(usize) -> Result<String, Diagnostic> + Sync),
) -> Result<Context, Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert_value("site", site.clone());
    match job.index.filter(|_| job.lazy_content) {
        Some(i) => {
            let mut page = job.page.clone();
            page.content = content(i)?;
            ctx.insert("page", &page);
        }
        None => ctx.insert("page", &job.page),
    }
    // A guide for a parent or a carer speaks to them (DESIGN §11.2).
    let audience = crate::i18n::Audience::ALL
        .iter()
        .position(|a| *a == job.page.audience)
        .unwrap_or_default();
    ctx.insert_value("t", strings[audience].clone());
    ctx.insert("lang", &job.lang);
    match &job.extra {
        Extra::None => {}
        Extra::Handout(h) => ctx.insert("handout", h),
        Extra::Handouts(h) => ctx.insert("handouts", h),
        Extra::Ingredients(list) => ctx.insert("ingredients", list),
        Extra::Medicines(list) => ctx.insert("medicines", list),
        Extra::Versions(list) => ctx.insert("versions", list),
    }
    Ok(ctx)
}
