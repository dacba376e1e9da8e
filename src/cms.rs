//! `careleaf cms` (DESIGN §11.9): static/admin/ for Decap CMS, so clinic staff edit
//! guides and pages in a browser form. The form's fields are made from the same JSON
//! Schema as the editors' (`crate::schema`), so a key, its hint, its choices and the
//! pattern of its value are written once, in the Rust type that reads it.
//!
//! Decap is loaded the way its documentation recommends (one script from unpkg), at a
//! pinned version with its Subresource Integrity hash; the admin page has its own
//! Content-Security-Policy (Decap needs `unsafe-eval` and the CDN), which `_headers`
//! gives `/admin/*` alone.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

/// The Decap CMS release the admin page loads (npm `decap-cms`; browser/package.json
/// pins the same version, and a test checks the hash against its file).
pub const DECAP_VERSION: &str = "3.16.3";
/// The Subresource Integrity hash of `dist/decap-cms.js` of that release.
pub const DECAP_INTEGRITY: &str =
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";

/// Where the admin page is written, under static/.
pub const FOLDER: &str = "admin";

/// The admin page's Content-Security-Policy: Decap from unpkg (which compiles its
/// validators at run time: `unsafe-eval`), its styles inline, pictures from anywhere
/// (previews), and the places it saves to: this site (git-gateway), GitHub, GitLab, and
/// `decap-server` on this machine for trying it locally.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-eval' https://unpkg.com https://identity.netlify.com; style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data: blob: https:; font-src 'self' data: https:; connect-src 'self' blob: https://api.github.com https://gitlab.com https://*.netlify.com https://*.netlify.app http://localhost:8081 http://127.0.0.1:8081; frame-src 'self' https://*.netlify.com; worker-src 'self' blob:; object-src 'none'; base-uri 'self'";

/// Where edits are saved (`careleaf cms --backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Backend {
    /// Netlify's Git Gateway (Netlify Identity signs people in).
    #[default]
    GitGateway,
    /// A GitHub repository (sign-in through an OAuth service: Netlify's or your own).
    Github,
    /// A GitLab repository.
    Gitlab,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Backend::GitGateway => "git-gateway",
            Backend::Github => "github",
            Backend::Gitlab => "gitlab",
        }
    }
}

/// What `careleaf cms` writes into.
#[derive(Debug, Clone)]
pub struct CmsOptions {
    /// Where edits are saved.
    pub backend: Backend,
    /// `owner/name` of the repository (GitHub and GitLab).
    pub repo: Option<String>,
    /// The branch edits are saved to.
    pub branch: String,
}

/// Writes static/admin/index.html and static/admin/config.yml for the site at `root`;
/// returns the files written. Run again after adding folders or languages.
pub fn write(root: &Path, options: &CmsOptions) -> Result<Vec<PathBuf>> {
    let config_text =
        std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).with_context(|| {
            format!(
                "no careleaf.yaml in {}; run this in a site folder or pass --root",
                root.display()
            )
        })?;
    let config: crate::config::Config =
        crate::yaml::parse(&config_text, Path::new(crate::config::CONFIG_FILE)).map_err(|d| {
            anyhow::anyhow!(
                "careleaf.yaml has a mistake ({}); `careleaf check` shows it",
                d.message
            )
        })?;
    if options.backend != Backend::GitGateway && options.repo.is_none() {
        bail!(
            "the {} backend needs the repository: add `--repo owner/name`",
            options.backend.name()
        );
    }
    let mut languages = vec![config.language.value.clone()];
    languages.extend(config.translations.iter().map(|t| t.value.clone()));
    let folders = content_folders(&root.join("content"))?;
    let site = SiteShape {
        languages,
        folders,
        base_url: config.base_url.value.clone(),
    };
    let decap = decap_config(&site, options);
    let dir = root.join("static").join(FOLDER);
    let mut text = String::from(
        "# Written by `careleaf cms` for Decap CMS (docs/editing.md). Run `careleaf cms` again\n# after adding a folder or a language; the form's fields follow careleaf's own schema.\n",
    );
    text.push_str(&serde_json::to_string_pretty(&decap).context("writing config.yml")?);
    text.push('\n');
    let index = index_html();
    crate::fs::write_atomically(&dir, "config.yml", |tmp| std::fs::write(tmp, &text))?;
    crate::fs::write_atomically(&dir, "index.html", |tmp| std::fs::write(tmp, &index))?;
    Ok(vec![dir.join("config.yml"), dir.join("index.html")])
}

/// What the Decap configuration is made from.
struct SiteShape {
    /// The default language, then the translations.
    languages: Vec<String>,
    /// Each folder of content/ (relative, `""` for content/ itself) with its glossary
    /// files (relative to content/).
    folders: Vec<(String, Vec<String>)>,
    base_url: String,
}

/// content/ and each folder under it (links are not followed), with the glossaries
/// (`type: glossary`) in each.
fn content_folders(content: &Path) -> Result<Vec<(String, Vec<String>)>> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("reading {}", content.display()))?;
        if !entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let mut glossaries = Vec::new();
        for file in std::fs::read_dir(entry.path())?.flatten() {
            let path = file.path();
            let is_yaml = path.extension().is_some_and(|e| e == "yaml");
            if is_yaml
                && file.file_type().is_ok_and(|t| t.is_file())
                && std::fs::read_to_string(&path).is_ok_and(|t| {
                    t.lines().any(|l| {
                        l.trim_end() == "type: glossary" || l.trim_end() == "type: \"glossary\""
                    })
                })
            {
                let name = path.strip_prefix(content).unwrap_or(&path);
                glossaries.push(name.to_string_lossy().replace('\\', "/"));
            }
        }
        glossaries.sort();
        folders.push((rel, glossaries));
    }
    Ok(folders)
}

/// Decap's configuration: the backend, then for each folder and language a collection
/// of guides and one of Markdown pages, then the glossaries.
fn decap_config(site: &SiteShape, options: &CmsOptions) -> Value {
    let schema = crate::schema::guide();
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let forms = Forms { defs: &defs };
    let mut backend = json!({ "name": options.backend.name(), "branch": options.branch });
    if let Some(repo) = &options.repo {
        backend["repo"] = json!(repo);
    }
    let mut collections = Vec::new();
    let default_language = &site.languages[0];
    for (folder, _) in &site.folders {
        let path = if folder.is_empty() {
            "content".to_owned()
        } else {
            format!("content/{folder}")
        };
        let place = if folder.is_empty() {
            String::new()
        } else {
            format!(" in {folder}/")
        };
        let key = folder.replace(['/', '.', ' '], "-");
        for language in &site.languages {
            let (suffix, in_language) = if language == default_language {
                (String::new(), String::new())
            } else {
                (format!("{language}."), format!(" ({language})"))
            };
            let name = |kind: &str| {
                [kind, &key, if suffix.is_empty() { "" } else { language }]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("-")
            };
            collections.push(json!({
                "name": name("guides"),
                "label": format!("Guides{place}{in_language}"),
                "label_singular": format!("Guide{in_language}"),
                "description": if suffix.is_empty() && site.languages.len() > 1 {
                    "Every guide in this folder: translations are listed too, with their language in the file name (name.es.yaml)."
                } else {
                    "Structured guides: the sections a patient reads, the handout and the PDF are made from them."
                },
                "folder": path,
                "extension": format!("{suffix}yaml"),
                "format": "yaml",
                "create": true,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}} ({{filename}}.{{extension}})",
                "editor": { "preview": false },
                "fields": forms.guide(&schema),
            }));
            collections.push(json!({
                "name": name("pages"),
                "label": format!("Pages{place}{in_language}"),
                "label_singular": format!("Page{in_language}"),
                "folder": path,
                "extension": format!("{suffix}md"),
                "format": "frontmatter",
                "create": true,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}} ({{filename}}.{{extension}})",
                "editor": { "preview": false },
                "fields": forms.page(&schema),
            }));
        }
    }
    let glossaries: Vec<Value> = site
        .folders
        .iter()
        .flat_map(|(_, g)| g.iter())
        .map(|file| {
            json!({
                "name": file.trim_end_matches(".yaml").replace(['/', '.'], "-"),
                "label": format!("Glossary ({file})"),
                "file": format!("content/{file}"),
                "fields": forms.glossary(&schema),
            })
        })
        .collect();
    if !glossaries.is_empty() {
        collections.push(json!({
            "name": "glossaries",
            "label": "Glossary",
            "files": glossaries,
        }));
    }
    json!({
        "backend": backend,
        "local_backend": true,
        "site_url": site.base_url,
        "display_url": site.base_url,
        "media_folder": "static/images",
        "public_folder": "/images",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    })
}

/// Turns the guide schema into Decap fields.
struct Forms<'a> {
    defs: &'a Value,
}

/// Keys whose text is a short line (a name, a label, a date); every other text is
/// Markdown a patient reads, in a box of several lines.
const SHORT_TEXT: [&str; 27] = [
    "title",
    "label",
    "name",
    "term",
    "slug",
    "id",
    "date",
    "on",
    "next",
    "by",
    "code",
    "contact",
    "template",
    "aspect",
    "q",
    "src",
    "alt",
    "url",
    "ingredient",
    "from",
    "to",
    "about",
    "at",
    "sets",
    "reps",
    "hold",
    "rest",
];

/// Keys a page of each kind does not show in its form: what the description marks as
/// another kind's, and what only the file says (`type`).
fn belongs(description: &str, kind: &str) -> bool {
    let guide_only = description.contains("(guides)");
    let glossary_only = description.contains("(glossaries)");
    match kind {
        "guide" => !glossary_only,
        "glossary" => !guide_only,
        _ => !guide_only && !glossary_only,
    }
}

impl Forms<'_> {
    fn guide(&self, schema: &Value) -> Vec<Value> {
        self.top_fields(schema, "guide", &["title", "summary", "reviewed"])
    }

    fn page(&self, schema: &Value) -> Vec<Value> {
        let mut fields = self.top_fields(schema, "page", &["title"]);
        fields.push(json!({
            "name": "body",
            "label": "Text",
            "widget": "markdown",
            "modes": ["raw"],
            "hint": "The page's text in Markdown.",
        }));
        fields
    }

    fn glossary(&self, schema: &Value) -> Vec<Value> {
        let mut fields = vec![json!({ "name": "type", "widget": "hidden", "default": "glossary" })];
        fields.extend(self.top_fields(schema, "glossary", &["title"]));
        fields
    }

    /// The fields of a content file of `kind`, in a reading order; `required` are
    /// required in the form (a guide without a summary or a review builds with a
    /// warning or an error).
    fn top_fields(&self, schema: &Value, kind: &str, required: &[&str]) -> Vec<Value> {
        let mut fields = Vec::new();
        for (key, property) in ordered(schema.get("properties")) {
            let description = property
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("");
            if key == "type" || !belongs(description, kind) {
                continue;
            }
            if let Some(field) = self.field(key, property, required.contains(&key.as_str())) {
                fields.push(field);
            }
        }
        fields
    }

    /// The schema `$ref` points at, or the schema itself.
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => r
                .strip_prefix("#/$defs/")
                .and_then(|name| self.defs.get(name))
                .unwrap_or(schema),
            None => schema,
        }
    }

    /// A field for `key`, or `None` for values a form cannot show (named events, "a name
    /// or a list"): Decap keeps them as they are in the file.
    fn field(&self, key: &str, schema: &Value, required: bool) -> Option<Value> {
        // The key's own words first (a property's description), else its type's.
        let own = schema.get("description").and_then(Value::as_str);
        let mut schema = self.resolve(schema);
        // `T` or null (an optional key): the form leaves it out when empty.
        if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
            let not_null: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if not_null.len() != 1 {
                return None;
            }
            schema = self.resolve(not_null[0]);
        }
        let description = own
            .or_else(|| schema.get("description").and_then(Value::as_str))
            .unwrap_or("");
        let mut field = json!({
            "name": key,
            "label": label(key),
            "required": required,
        });
        if !description.is_empty() {
            field["hint"] = json!(hint(description));
        }
        let kind = match schema.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(types)) => {
                let types: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                if types.len() != 1 {
                    return None;
                }
                types[0].to_owned()
            }
            _ if choices(schema).is_some() => "string".to_owned(),
            _ => return None,
        };
        match kind.as_str() {
            "string" => {
                if let Some(options) = choices(schema) {
                    field["widget"] = json!("select");
                    field["options"] = json!(options);
                } else {
                    let short = SHORT_TEXT.contains(&key);
                    field["widget"] = json!(if short { "string" } else { "text" });
                    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                        let message = schema
                            .get("patternErrorMessage")
                            .and_then(Value::as_str)
                            .unwrap_or(description);
                        field["pattern"] = json!([pattern, message]);
                    }
                }
            }
            "boolean" => field["widget"] = json!("boolean"),
            "integer" => {
                field["widget"] = json!("number");
                field["value_type"] = json!("int");
            }
            "number" => field["widget"] = json!("number"),
            "array" => {
                let items = self.resolve(schema.get("items")?);
                field["widget"] = json!("list");
                field["collapsed"] = json!(true);
                if items.get("allOf").is_some() {
                    // Sections: one typed item a section type, `type:` first.
                    field["typeKey"] = json!("type");
                    field["types"] = json!(self.section_types(items));
                    field["label_singular"] = json!("section");
                } else if items.get("properties").is_some() {
                    field["fields"] = json!(self.object_fields(items));
                } else {
                    let mut item = self.field("item", items, true)?;
                    if let Some(item) = item.as_object_mut() {
                        item.remove("hint");
                    }
                    field["field"] = item;
                }
            }
            "object" => {
                schema.get("properties")?;
                field["widget"] = json!("object");
                field["collapsed"] = json!(false);
                // Decap checks an optional object's required keys even when it is left
                // empty (a picture nobody added): they are required only with it.
                let mut fields = self.object_fields(schema);
                if !required {
                    for f in &mut fields {
                        f["required"] = json!(false);
                    }
                }
                field["fields"] = json!(fields);
            }
            _ => return None,
        }
        Some(field)
    }

    fn object_fields(&self, schema: &Value) -> Vec<Value> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        ordered(schema.get("properties"))
            .into_iter()
            .filter(|(key, _)| key.as_str() != "type")
            .filter_map(|(key, property)| {
                self.field(key, property, required.contains(&key.as_str()))
            })
            .collect()
    }

    /// One Decap type a section type, from the schema's `if`/`then` branches.
    fn section_types(&self, section: &Value) -> Vec<Value> {
        let descriptions: Map<String, Value> = self
            .resolve(section.pointer("/properties/type").unwrap_or(&Value::Null))
            .get("oneOf")
            .and_then(Value::as_array)
            .map(|options| {
                options
                    .iter()
                    .filter_map(|o| {
                        Some((
                            o.get("const")?.as_str()?.to_owned(),
                            o.get("description").cloned().unwrap_or(Value::Null),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        section
            .get("allOf")
            .and_then(Value::as_array)
            .map(|branches| {
                branches
                    .iter()
                    .filter_map(|branch| {
                        let name = branch.pointer("/if/properties/type/const")?.as_str()?;
                        let body = branch.get("then")?;
                        let mut kind = json!({
                            "name": name,
                            "label": label(name),
                            "widget": "object",
                            "summary": "{{fields.title}}",
                            "fields": self.object_fields(body),
                        });
                        if let Some(d) = descriptions.get(name).and_then(Value::as_str) {
                            kind["hint"] = json!(d);
                        }
                        Some(kind)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A key's documentation as a hint under its field: one paragraph, without the marks
/// of which kind of file the key belongs to (the form shows only the right ones).
fn hint(description: &str) -> String {
    description
        .replace('\n', " ")
        .replace(" (guides)", "")
        .replace(" (glossaries)", "")
        .replace("; YAML files only", "")
}

/// The allowed values of a string, from `enum` or a `oneOf` of constants.
fn choices(schema: &Value) -> Option<Vec<Value>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    let options = schema.get("oneOf")?.as_array()?;
    options
        .iter()
        .map(|o| {
            let value = o.get("const")?.as_str()?;
            let description = o.get("description").and_then(Value::as_str);
            Some(match description {
                Some(d) => json!({ "label": format!("{value}: {d}"), "value": value }),
                None => json!(value),
            })
        })
        .collect()
}

/// The keys of a schema's properties in the order a person fills them in: the name of
/// the thing first, its words next, the rest by name.
fn ordered(properties: Option<&Value>) -> Vec<(&String, &Value)> {
    const FIRST: [&str; 20] = [
        "title",
        "summary",
        "name",
        "label",
        "term",
        "q",
        "do",
        "avoid",
        "problem",
        "id",
        "intro",
        "takeaways",
        "sections",
        "reviewed",
        "by",
        "when",
        "from",
        "to",
        "on",
        "code",
    ];
    let mut keys: Vec<(&String, &Value)> = properties
        .and_then(Value::as_object)
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    keys.sort_by_key(|(k, _)| {
        (
            FIRST.iter().position(|f| f == k).unwrap_or(FIRST.len()),
            (*k).clone(),
        )
    });
    keys
}

/// A key as a label: `max_pages` -> "Max pages", `warning-signs` -> "Warning signs".
fn label(key: &str) -> String {
    let words = key.replace(['_', '-'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The admin page: Decap from unpkg at the pinned version, checked by its hash, under
/// the admin page's own policy.
fn index_html() -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<title>Edit the guides</title>
</head>
<body>
<noscript>The guide editor needs JavaScript. Guides can also be edited as files: see docs/editing.md.</noscript>
<script src="https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js" integrity="{DECAP_INTEGRITY}" crossorigin="anonymous"></script>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> SiteShape {
        SiteShape {
            languages: vec!["en".into(), "es".into()],
            folders: vec![
                (String::new(), vec!["glossary.yaml".into()]),
                ("ortho".into(), vec![]),
            ],
            base_url: "https://guides.example".into(),
        }
    }

    #[test]
    fn a_collection_of_guides_and_of_pages_for_each_folder_and_language() {
        let config = decap_config(
            &shape(),
            &CmsOptions {
                backend: Backend::GitGateway,
                repo: None,
                branch: "main".into(),
            },
        );
        let names: Vec<&str> = config["collections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "guides",
                "pages",
                "guides-es",
                "pages-es",
                "guides-ortho",
                "pages-ortho",
                "guides-ortho-es",
                "pages-ortho-es",
                "glossaries"
            ]
        );
        let guides = &config["collections"][2];
        assert_eq!(guides["extension"], "es.yaml");
        assert_eq!(guides["folder"], "content");
        assert_eq!(config["local_backend"], true);
    }

    #[test]
    fn every_section_type_is_a_typed_list_item() {
        let schema = crate::schema::guide();
        let forms = Forms {
            defs: &schema["$defs"],
        };
        let fields = forms.guide(&schema);
        let sections = fields.iter().find(|f| f["name"] == "sections").unwrap();
        assert_eq!(sections["typeKey"], "type");
        let types: Vec<&str> = sections["types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        let all: Vec<&str> = crate::sections::SectionType::ALL
            .iter()
            .map(|t| t.name())
            .collect();
        assert_eq!(types, all);
        // Choices, patterns and hints come from the schema.
        let text = sections.to_string();
        assert!(
            text.contains(r#""options":["safe","avoid","caution"]"#) || text.contains("\"safe\"")
        );
        assert!(text.contains("\"pattern\""));
        let reviewed = fields.iter().find(|f| f["name"] == "reviewed").unwrap();
        assert_eq!(reviewed["required"], true);
        assert_eq!(fields[0]["name"], "title");
    }

    #[test]
    fn pages_leave_out_the_keys_of_guides() {
        let schema = crate::schema::guide();
        let forms = Forms {
            defs: &schema["$defs"],
        };
        let names: Vec<String> = forms
            .page(&schema)
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect();
        assert!(names.contains(&"body".to_owned()));
        assert!(!names.contains(&"sections".to_owned()));
        assert!(!names.contains(&"terms".to_owned()));
    }
}
