//! Themes: the built-in ones embedded in the binary, overridden file by file by a
//! theme on disk (`themes/NAME/`) and then by the site's `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, suggest};
use crate::i18n::Strings;

/// Every built-in theme, one folder each.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// The theme every other theme falls back to for files it does not have.
pub const BASE_THEME: &str = "default";

/// A theme file with where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// `built-in default theme`, `themes/x/templates/a.html` or `templates/a.html`.
    pub origin: String,
}

/// The merged view of a theme: path inside the theme (`templates/guide.html`) to file.
#[derive(Debug, Default)]
pub struct Theme {
    files: BTreeMap<String, ThemeFile>,
}

/// The names of the built-in themes.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN
        .dirs()
        .filter_map(|d| d.path().file_name().and_then(|n| n.to_str()))
        .collect()
}

impl Theme {
    /// Loads theme `name` for the site at `root`; `at` is the file, line and column
    /// that name it (careleaf.yaml's `theme:`).
    pub fn load(root: &Path, name: &str, at: (&str, u32, u32)) -> Result<Theme, Diagnostic> {
        let mut theme = Theme::default();
        theme.add_builtin(BASE_THEME);
        let plain = !name.is_empty()
            && Path::new(name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
            && !name.contains(['/', '\\']);
        if !plain {
            return Err(Diagnostic::error(
                at.0,
                at.1,
                at.2,
                format!("`{name}` is not a theme name: a theme is a folder of the site's themes/ folder, or a built-in theme"),
            )
            .with_hint("give the folder's name alone (`theme: clinic` for themes/clinic/)"));
        }
        let on_disk = root.join("themes").join(name);
        let builtin = builtin_names().contains(&name);
        if !builtin && !on_disk.is_dir() {
            let mut names = builtin_names();
            let hint = match suggest(name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    names.sort_unstable();
                    format!(
                        "use a built-in theme ({}) or create themes/{name}/",
                        names.join(", ")
                    )
                }
            };
            return Err(
                Diagnostic::error(at.0, at.1, at.2, format!("there is no theme `{name}`"))
                    .with_hint(hint),
            );
        }
        if builtin && name != BASE_THEME {
            theme.add_builtin(name);
        }
        let site = crate::fs::SiteRoot::new(root);
        theme.add_folder(&site, &on_disk, "", &format!("themes/{name}/"))?;
        theme.add_folder(&site, &root.join("templates"), "templates/", "templates/")?;
        Ok(theme)
    }

    fn add_builtin(&mut self, name: &str) {
        let Some(dir) = BUILTIN.get_dir(name) else {
            return;
        };
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            stack.extend(dir.dirs());
            for file in dir.files() {
                let path = file.path().strip_prefix(name).unwrap_or(file.path());
                let path = path.to_string_lossy().replace('\\', "/");
                self.files.insert(
                    path,
                    ThemeFile {
                        bytes: file.contents().to_vec(),
                        origin: format!("built-in {name} theme"),
                    },
                );
            }
        }
    }

    /// Adds the files of a theme folder of the site: each must be, after symbolic
    /// links, a regular file inside the site (the first that is not is the error).
    fn add_folder(
        &mut self,
        site: &crate::fs::SiteRoot,
        dir: &Path,
        prefix: &str,
        origin_prefix: &str,
    ) -> Result<(), Diagnostic> {
        if dir.symlink_metadata().is_err() {
            return Ok(());
        }
        let refused = |rel: &str, r: crate::fs::Refused| {
            Diagnostic::error(
                format!("{origin_prefix}{rel}"),
                0,
                0,
                format!("this theme file {}", r.reason()),
            )
            .with_hint(r.hint())
        };
        site.inside(dir).map_err(|r| refused("", r))?;
        for entry in WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        {
            let Ok(entry) = entry else { continue };
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_type().is_dir() {
                site.inside(entry.path()).map_err(|r| refused(&rel, r))?;
                continue;
            }
            let bytes = site
                .read(entry.path(), crate::fs::MAX_FILE_BYTES)
                .map_err(|r| refused(&rel, r))?;
            self.files.insert(
                format!("{prefix}{rel}"),
                ThemeFile {
                    bytes,
                    origin: format!("{origin_prefix}{rel}"),
                },
            );
        }
        Ok(())
    }

    /// Templates: name relative to `templates/` (`guide.html`) and file.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.under("templates/")
    }

    /// Static files copied to the output root: path relative to `static/` and file.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.under("static/")
    }

    fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> {
        self.files
            .range(prefix.to_owned()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(move |(k, v)| (&k[prefix.len()..], v))
    }

    /// One file by its path in the theme.
    pub fn file(&self, path: &str) -> Option<&ThemeFile> {
        self.files.get(path)
    }

    /// The UI strings for `lang`, English underneath; problems are reported, not fatal.
    pub fn strings(&self, lang: &str, problems: &mut Vec<Diagnostic>) -> Strings {
        let english = self.read_strings("en", problems).unwrap_or_default();
        let own = if lang == "en" {
            BTreeMap::new()
        } else {
            self.own_strings(lang, problems).unwrap_or_default()
        };
        Strings::new(own, &english).in_language(crate::language::Language::of(lang))
    }

    /// The strings the theme itself gives `lang` (no English underneath), if it has
    /// an `i18n/LANG.yaml`.
    /// A regional variant (`es-MX`) has its language's strings (`es`) underneath.
    pub fn own_strings(
        &self,
        lang: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<BTreeMap<String, String>> {
        let primary = lang.split('-').next().unwrap_or(lang);
        let base = (primary != lang)
            .then(|| self.read_strings(primary, problems))
            .flatten();
        match (base, self.read_strings(lang, problems)) {
            (Some(mut base), Some(own)) => {
                base.extend(own);
                Some(base)
            }
            (base, own) => own.or(base),
        }
    }

    /// The theme's `i18n/LANG.yaml`, with the site's own `templates/i18n/LANG.yaml`
    /// over it (a site may add a language its theme does not ship).
    fn read_strings(
        &self,
        lang: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<BTreeMap<String, String>> {
        let mut found: Option<BTreeMap<String, String>> = None;
        for path in [
            format!("i18n/{lang}.yaml"),
            format!("templates/i18n/{lang}.yaml"),
        ] {
            let Some(file) = self.file(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&file.bytes);
            match crate::yaml::parse::<BTreeMap<String, String>>(
                &text,
                &PathBuf::from(&file.origin),
            ) {
                Ok(map) => found.get_or_insert_with(BTreeMap::new).extend(map),
                Err(d) => problems.push(d),
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_default_has_templates_styles_and_strings() {
        let theme = Theme::load(
            Path::new("/nonexistent"),
            "default",
            ("careleaf.yaml", 1, 1),
        )
        .unwrap();
        let names: Vec<&str> = theme.templates().map(|(n, _)| n).collect();
        for want in [
            "base.html",
            "guide.html",
            "page.html",
            "section.html",
            "404.html",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        assert!(theme.statics().any(|(n, _)| n == "style.css"));
        let mut problems = Vec::new();
        assert_eq!(theme.strings("en", &mut problems).get("call_us"), "Call us");
        assert!(problems.is_empty());
    }

    #[test]
    fn unknown_theme_suggests_a_builtin() {
        let d = Theme::load(
            Path::new("/nonexistent"),
            "defualt",
            ("careleaf.yaml", 6, 8),
        )
        .unwrap_err();
        assert_eq!((d.line, d.column), (6, 8));
        assert_eq!(d.hint.as_deref(), Some("did you mean `default`?"));
    }

    #[test]
    fn site_templates_override_the_theme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/page.html"), "mine").unwrap();
        let theme = Theme::load(dir.path(), "default", ("careleaf.yaml", 1, 1)).unwrap();
        let page = theme.file("templates/page.html").unwrap();
        assert_eq!(page.bytes, b"mine");
        assert_eq!(page.origin, "templates/page.html");
    }
}
