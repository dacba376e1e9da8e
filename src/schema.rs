//! JSON Schemas (draft 2020-12) of careleaf.yaml and of a content YAML file (DESIGN
//! §11.9), made from the types that read them, so the schema an editor checks against
//! cannot drift from what `careleaf check` accepts: unknown keys, wrong values and
//! missing required keys are underlined as the guide is typed.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The folder, at the site's root, `careleaf schema` and `careleaf init` write to.
pub const FOLDER: &str = "schemas";
/// The schema of careleaf.yaml.
pub const CONFIG_FILE: &str = "careleaf.schema.json";
/// The schema of a YAML file in content/ (a guide or a glossary).
pub const GUIDE_FILE: &str = "guide.schema.json";

/// The schema of careleaf.yaml.
pub fn config() -> serde_json::Value {
    let mut schema = schemars::schema_for!(crate::config::Config);
    schema.insert("title".into(), "careleaf.yaml".into());
    schema.into()
}

/// The schema of a YAML file in content/: a guide (the default) or a glossary.
pub fn guide() -> serde_json::Value {
    let mut schema = schemars::schema_for!(crate::content::file::PageFile);
    schema.insert("title".into(), "A careleaf guide".into());
    // A guide (any file but a glossary) must say who reviewed it: `check` refuses one
    // without `reviewed:` (a Markdown page's front matter, read by no editor, need not).
    schema.insert(
        "if".into(),
        serde_json::json!({
            "properties": { "type": { "const": "glossary" } },
            "required": ["type"],
        }),
    );
    schema.insert(
        "else".into(),
        serde_json::json!({ "required": ["reviewed"] }),
    );
    schema.into()
}

/// The text careleaf writes for each schema file.
fn files() -> [(&'static str, String); 2] {
    [(CONFIG_FILE, config()), (GUIDE_FILE, guide())].map(|(name, schema)| {
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        (name, text)
    })
}

/// A warning for each schema in the site's schemas/ that this careleaf would write
/// differently (written by another version): an editor would underline what careleaf
/// accepts, or miss what it refuses. None when the site has no schemas.
pub fn stale(root: &Path) -> Vec<crate::diagnostics::Diagnostic> {
    let folder = root.join(FOLDER);
    if !folder.is_dir() {
        return Vec::new();
    }
    files()
        .into_iter()
        .filter_map(|(name, text)| {
            let rel = Path::new(FOLDER).join(name);
            let written = std::fs::read_to_string(root.join(&rel)).ok()?;
            (written != text).then(|| {
                crate::diagnostics::Diagnostic::warning(
                    rel,
                    1,
                    1,
                    format!("{FOLDER}/{name} was written by another version of careleaf"),
                )
                .with_hint("run `careleaf schema` so editors check guides by this version's rules")
            })
        })
        .collect()
}

/// Writes both schemas into `folder` (made if missing); returns the files written.
/// The same careleaf writes the same bytes.
pub fn write(folder: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(folder).with_context(|| format!("creating {}", folder.display()))?;
    let mut written = Vec::new();
    for (name, text) in files() {
        crate::fs::write_atomically(folder, name, |tmp| std::fs::write(tmp, &text))?;
        written.push(folder.join(name));
    }
    Ok(written)
}

/// The first line of a guide that points an editor (yaml-language-server: VS Code, Zed,
/// Neovim, JetBrains) at the guide schema, from `file` (relative to the site root).
pub fn modeline(file: &Path) -> String {
    let depth = file.parent().map_or(0, |p| p.components().count());
    format!(
        "# yaml-language-server: $schema={}{FOLDER}/{GUIDE_FILE}\n",
        "../".repeat(depth)
    )
}

/// `.vscode/settings.json` for a site: both schemas by file pattern, so a guide without
/// the first line (one saved by the browser editor) is checked too.
pub fn vscode_settings() -> String {
    let settings = serde_json::json!({
        "yaml.schemas": {
            format!("./{FOLDER}/{CONFIG_FILE}"): ["careleaf.yaml"],
            format!("./{FOLDER}/{GUIDE_FILE}"): ["content/**/*.yaml"],
        },
        "files.associations": { "*.lock": "yaml" },
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelines_climb_to_the_site_root() {
        assert_eq!(
            modeline(Path::new("content/knee.yaml")),
            "# yaml-language-server: $schema=../schemas/guide.schema.json\n"
        );
        assert_eq!(
            modeline(Path::new("content/ortho/knee.yaml")),
            "# yaml-language-server: $schema=../../schemas/guide.schema.json\n"
        );
    }

    #[test]
    fn every_section_type_has_its_branch() {
        let text = guide().to_string();
        for t in crate::sections::SectionType::ALL {
            assert!(
                text.contains(&format!("{{\"const\":\"{}\"}}", t.name())),
                "{}",
                t.name()
            );
        }
        assert!(text.contains("2020-12"));
    }
}
