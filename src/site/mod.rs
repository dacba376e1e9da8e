//! Resolution: everything that needs all pages at once. URLs, `@/` links, related
//! pages (both directions), section children, prev/next, translations, taxonomies.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::anchors;
use crate::config::Site;
use crate::content::{Content, Page};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::markdown::LinkError;
use crate::yaml::position;

pub mod ingredients;
mod links;
pub mod menu;

/// The two taxonomies of DESIGN §4.4.
pub const TAXONOMIES: [&str; 2] = ["tags", "concerns"];

/// One term of a taxonomy in one language, with its pages.
#[derive(Debug, Clone)]
pub struct TaxonomyTerm {
    /// The name as first written.
    pub name: String,
    /// Its URL segment.
    pub slug: String,
    /// The pages carrying it, by index, in title order.
    pub pages: Vec<usize>,
}

/// The resolved site: indexes over the pages and the relations between them.
pub struct Resolved<'a> {
    /// The configuration.
    pub site: &'a Site,
    /// All published pages.
    pub pages: &'a [std::sync::Arc<Page>],
    by_content_path: rustc_hash::FxHashMap<&'a str, usize>,
    /// Every page by its URL path (`/microneedling/`), for plain `/slug/` links.
    by_url: rustc_hash::FxHashSet<&'a str>,
    by_key: rustc_hash::FxHashMap<(&'a str, &'a str), usize>,
    unreadable: &'a HashSet<String>,
    drafts: &'a HashSet<String>,
    files: HashSet<String>,
    /// Related pages of each page, both directions, in the page's language where possible.
    pub related: Vec<Vec<usize>>,
    /// Children of each section page (`_index.md`), by weight then title.
    pub children: Vec<Vec<usize>>,
    /// Previous and next page within each page's section.
    pub prev_next: Vec<(Option<usize>, Option<usize>)>,
    /// The other language versions of each page.
    pub translations: Vec<Vec<usize>>,
    /// `(language, taxonomy)` to its terms by slug.
    pub taxonomies: BTreeMap<(String, &'static str), BTreeMap<String, TaxonomyTerm>>,
    /// The ingredient index of each language that has one (guides name ingredients
    /// and no content page sits at its path).
    pub ingredients: BTreeMap<String, Vec<ingredients::Ingredient>>,
    /// The medicines index of each language whose guides have medications sections
    /// (`/medicines/`).
    pub medicines: BTreeMap<String, Vec<ingredients::Ingredient>>,
    /// The main navigation of each language.
    menus: BTreeMap<String, Vec<menu::MenuEntry>>,
    /// A hash of everything an `@/` link or a root-relative file resolves against
    /// (every page's path and anchors, the files, drafts, the base path): prose
    /// rendered under an equal fingerprint links to the same places.
    pub links_fingerprint: u64,
}

impl<'a> Resolved<'a> {
    /// The site stage: builds every index over the pages; `statics` are the URL paths
    /// of the files copied as they are. Problems (two pages at one URL, unknown
    /// `related` pages) go to `found`.
    pub fn new(
        site: &'a Site,
        content: &'a Content,
        statics: HashSet<String>,
        found: &mut Diagnostics,
    ) -> Self {
        let pages = content.pages.as_slice();
        let mut problems = Vec::new();
        let by_content_path = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.content_path.as_str(), i))
            .collect();
        let mut by_key: rustc_hash::FxHashMap<(&str, &str), usize> = Default::default();
        for (i, p) in pages.iter().enumerate() {
            if let Some(&first) = by_key.get(&(p.key.as_str(), p.lang.as_str())) {
                let (line, _) = (p.meta.line, 0);
                problems.push(
                    Diagnostic::error(
                        &p.source,
                        line,
                        1,
                        format!(
                            "this page has the same name as {}",
                            pages[first].source.display()
                        ),
                    )
                    .with_hint("keep one of the two files"),
                );
                continue;
            }
            by_key.insert((p.key.as_str(), p.lang.as_str()), i);
        }
        let mut files = statics;
        files.extend(content.assets.iter().map(|a| format!("/{}", a.path)));
        let by_url = pages.iter().map(|p| p.path.as_str()).collect();
        let mut resolved = Resolved {
            site,
            pages,
            by_content_path,
            by_url,
            by_key,
            unreadable: &content.unreadable,
            drafts: &content.drafts,
            files,
            related: vec![Vec::new(); pages.len()],
            children: vec![Vec::new(); pages.len()],
            prev_next: vec![(None, None); pages.len()],
            translations: vec![Vec::new(); pages.len()],
            taxonomies: BTreeMap::new(),
            ingredients: BTreeMap::new(),
            medicines: BTreeMap::new(),
            menus: BTreeMap::new(),
            links_fingerprint: 0,
        };
        resolved.check_urls(&mut problems);
        resolved.resolve_related(&mut problems);
        resolved.sections();
        resolved.translations();
        resolved.taxonomies();
        resolved.ingredient_index();
        resolved.menus(&mut problems);
        resolved.links_fingerprint = resolved.fingerprint_links();
        found.extend(problems);
        resolved
    }

    /// A URL path with the base_url prefix (`/guides/microneedling/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site.base_url.prefix)
    }

    /// A full URL (`https://x.example/guides/microneedling/`).
    pub fn permalink(&self, path: &str) -> String {
        format!(
            "{}{}{path}",
            self.site.base_url.origin, self.site.base_url.prefix
        )
    }

    /// The version of page `i` in `lang`, or `i` itself when there is none.
    pub fn in_language(&self, i: usize, lang: &str) -> usize {
        self.by_key
            .get(&(self.pages[i].key.as_str(), lang))
            .copied()
            .unwrap_or(i)
    }

    /// The home page of `lang`, if the site has one written.
    pub fn page_by_key(&self, key: &str, lang: &str) -> Option<usize> {
        self.by_key.get(&(key, lang)).copied()
    }

    /// Two pages must not write to the same URL.
    fn check_urls(&self, problems: &mut Vec<Diagnostic>) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            if let Some(&first) = seen.get(p.path.as_str()) {
                problems.push(
                    Diagnostic::error(
                        &p.source,
                        p.meta.line,
                        1,
                        format!(
                            "this page has the same URL ({}) as {}",
                            p.path,
                            self.pages[first].source.display()
                        ),
                    )
                    .with_hint("change `slug:` on one of them"),
                );
            } else {
                seen.insert(&p.path, i);
            }
        }
    }

    fn resolve_related(&mut self, problems: &mut Vec<Diagnostic>) {
        let mut by_slug: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for p in self.pages.iter().filter(|p| !p.is_index) {
            by_slug
                .entry(p.meta.slug.as_str())
                .or_default()
                .insert(p.key.as_str());
        }
        let mut edges: BTreeSet<(&str, &str)> = BTreeSet::new();
        for p in self.pages {
            for entry in &p.meta.related {
                let (line, col) = position(entry);
                let target = entry.value.trim();
                let key = if let Some(path) = target.strip_prefix("@/") {
                    let path = path.split('#').next().unwrap_or(path);
                    match self.by_content_path.get(path) {
                        Some(&i) => Some(self.pages[i].key.as_str()),
                        None if self.unreadable.contains(path) => None,
                        None => {
                            problems.push(self.unknown_page(p, line, col, path));
                            None
                        }
                    }
                } else {
                    match by_slug.get(target) {
                        Some(keys) if keys.len() == 1 => keys.iter().next().copied(),
                        Some(keys) => {
                            let paths: Vec<String> = keys
                                .iter()
                                .map(|k| format!("@/{}", self.content_path_of(k)))
                                .collect();
                            problems.push(
                                Diagnostic::error(
                                    &p.source,
                                    line,
                                    col,
                                    format!("several pages have the slug `{target}`"),
                                )
                                .with_hint(format!(
                                    "name the one you mean by path: {}",
                                    paths.join(" or ")
                                )),
                            );
                            None
                        }
                        // A file that could not be read may well have this slug: its
                        // own error is reported, not a knock-on one here.
                        None if self.unreadable.iter().any(|path| {
                            let name = path.rsplit('/').next().unwrap_or(path);
                            let stem = name.split('.').next().unwrap_or(name);
                            stem == target
                        }) =>
                        {
                            None
                        }
                        None => {
                            let hint = match suggest(target, by_slug.keys().copied()) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "write the slug of a page, or its path as @/file.yaml"
                                    .to_owned(),
                            };
                            problems.push(
                                Diagnostic::error(
                                    &p.source,
                                    line,
                                    col,
                                    format!("no page has the slug `{target}`"),
                                )
                                .with_hint(hint),
                            );
                            None
                        }
                    }
                };
                if let Some(key) = key
                    && key != p.key
                {
                    edges.insert((p.key.as_str(), key));
                    edges.insert((key, p.key.as_str()));
                }
            }
        }
        for (i, p) in self.pages.iter().enumerate() {
            let mut list: Vec<usize> = edges
                .range((p.key.as_str(), "")..)
                .take_while(|(a, _)| *a == p.key)
                .filter_map(|(_, b)| {
                    self.by_key
                        .get(&(*b, p.lang.as_str()))
                        .or_else(|| self.by_key.get(&(*b, self.site.default_language())))
                })
                .copied()
                .collect();
            list.sort_by(|&a, &b| self.pages[a].meta.title.cmp(&self.pages[b].meta.title));
            list.dedup();
            self.related[i] = list;
        }
    }

    fn content_path_of<'s>(&'s self, key: &'s str) -> &'s str {
        self.by_key
            .get(&(key, self.site.default_language()))
            .map_or(key, |&i| self.pages[i].content_path.as_str())
    }

    fn unknown_page(&self, from: &Page, line: u32, col: u32, path: &str) -> Diagnostic {
        let e = self.no_page(path);
        Diagnostic::error(&from.source, line, col, e.message).with_hint(e.hint)
    }

    /// Why `@/path` leads nowhere: a draft left out of this build, or no such file.
    pub(crate) fn no_page(&self, path: &str) -> LinkError {
        if self.drafts.contains(path) {
            return LinkError {
                message: format!("`@/{path}` is a draft"),
                hint: "publish it (remove `draft: true`) or build with --drafts".into(),
            };
        }
        let hint = match suggest(path, self.by_content_path.keys().copied()) {
            Some(s) => format!("did you mean `@/{s}`?"),
            None => "write the path of a file under content/, like @/microneedling.yaml".to_owned(),
        };
        LinkError {
            message: format!("there is no page `@/{path}`"),
            hint,
        }
    }

    fn order(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let (pa, pb) = (&self.pages[a], &self.pages[b]);
        (pa.meta.weight, &pa.meta.title, &pa.path).cmp(&(pb.meta.weight, &pb.meta.title, &pb.path))
    }

    fn sections(&mut self) {
        let mut siblings: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        let mut subsections: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            if p.is_index {
                if !p.section.is_empty() {
                    let parent = p.section.rsplit_once('/').map_or("", |(a, _)| a);
                    subsections
                        .entry((parent, p.lang.as_str()))
                        .or_default()
                        .push(i);
                }
            } else {
                siblings
                    .entry((p.section.as_str(), p.lang.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        for list in siblings.values_mut().chain(subsections.values_mut()) {
            list.sort_by(|&a, &b| self.order(a, b));
        }
        for list in siblings.values() {
            for (n, &i) in list.iter().enumerate() {
                let prev = n.checked_sub(1).map(|m| list[m]);
                self.prev_next[i] = (prev, list.get(n + 1).copied());
            }
        }
        for (i, p) in self.pages.iter().enumerate().filter(|(_, p)| p.is_index) {
            let k = (p.section.as_str(), p.lang.as_str());
            let mut children: Vec<usize> = subsections.get(&k).cloned().unwrap_or_default();
            children.extend(siblings.get(&k).into_iter().flatten());
            self.children[i] = children;
        }
    }

    fn translations(&mut self) {
        for (i, p) in self.pages.iter().enumerate() {
            self.translations[i] = self
                .site
                .languages
                .iter()
                .filter(|l| **l != p.lang)
                .filter_map(|l| self.by_key.get(&(p.key.as_str(), l.as_str())).copied())
                .collect();
        }
    }

    fn taxonomies(&mut self) {
        for (i, p) in self.pages.iter().enumerate() {
            for (name, terms) in [("tags", &p.meta.tags), ("concerns", &p.meta.concerns)] {
                for term in terms {
                    let s = anchors::slugify(term);
                    if s.is_empty() {
                        continue;
                    }
                    let entry = self
                        .taxonomies
                        .entry((p.lang.clone(), name))
                        .or_default()
                        .entry(s.clone())
                        .or_insert_with(|| TaxonomyTerm {
                            name: term.clone(),
                            slug: s,
                            pages: Vec::new(),
                        });
                    if !entry.pages.contains(&i) {
                        entry.pages.push(i);
                    }
                }
            }
        }
        let pages = self.pages;
        for terms in self.taxonomies.values_mut() {
            for term in terms.values_mut() {
                term.pages
                    .sort_by(|&a, &b| pages[a].meta.title.cmp(&pages[b].meta.title));
            }
        }
    }

    /// The URL path of a taxonomy term page (`/tags/sun-care/`, `/es/tags/...`).
    pub fn taxonomy_path(&self, lang: &str, taxonomy: &str, term: Option<&str>) -> String {
        crate::urls::taxonomy(&self.home_path(lang), taxonomy, term)
    }

    fn fingerprint_links(&self) -> u64 {
        let pages: Vec<_> = self
            .pages
            .iter()
            .map(|p| (&p.content_path, &p.lang, &p.key, &p.path, &p.anchors))
            .collect();
        fn sorted(set: &HashSet<String>) -> Vec<&String> {
            let mut v: Vec<&String> = set.iter().collect();
            v.sort();
            v
        }
        crate::cache::key_of(&(
            pages,
            sorted(&self.files),
            sorted(self.drafts),
            sorted(self.unreadable),
            &self.site.base_url.prefix,
        ))
    }

    fn ingredient_index(&mut self) {
        for lang in &self.site.languages {
            let path = crate::urls::ingredients(&self.home_path(lang));
            let entries = ingredients::index(self.pages, lang, false);
            if !entries.is_empty() && !self.pages.iter().any(|p| p.path == path) {
                self.ingredients.insert(lang.clone(), entries);
            }
            let path = crate::urls::medicines(&self.home_path(lang));
            let entries = ingredients::index(self.pages, lang, true);
            if !entries.is_empty() && !self.pages.iter().any(|p| p.path == path) {
                self.medicines.insert(lang.clone(), entries);
            }
        }
    }

    /// The URL path of the home page of `lang`.
    pub fn home_path(&self, lang: &str) -> String {
        crate::urls::home(lang, self.site.default_language())
    }
}
