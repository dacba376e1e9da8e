//! `careleaf init` (a new site holding the example guides) and `careleaf new guide`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use include_dir::{Dir, include_dir};

use crate::anchors;

/// The example site's pages and static files, embedded so `init` works anywhere.
static EXAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
const EXAMPLE_CONFIG: &str = include_str!("../careleaf.yaml");

/// Creates a new site in `dir` (created if missing); refuses a non-empty folder.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("{} is a file; give a folder name", dir.display());
        }
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; careleaf init only writes into a new or empty folder",
                dir.display()
            );
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = vec![PathBuf::from(crate::config::CONFIG_FILE)];
    fs::write(dir.join(crate::config::CONFIG_FILE), EXAMPLE_CONFIG)
        .context("writing careleaf.yaml")?;
    for (name, tree) in [("content", &EXAMPLE_CONTENT), ("static", &EXAMPLE_STATIC)] {
        extract(tree, &dir.join(name), &mut written, name)?;
    }
    written.sort();
    Ok(written)
}

fn extract(tree: &Dir<'_>, target: &Path, written: &mut Vec<PathBuf>, prefix: &str) -> Result<()> {
    let mut stack = vec![tree];
    while let Some(d) = stack.pop() {
        stack.extend(d.dirs());
        for file in d.files() {
            let path = target.join(file.path());
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            fs::write(&path, file.contents())
                .with_context(|| format!("writing {}", path.display()))?;
            written.push(Path::new(prefix).join(file.path()));
        }
    }
    Ok(())
}

/// Writes `content/SLUG.yaml` with every section type stubbed; refuses to overwrite.
pub fn new_guide(root: &Path, name: &str) -> Result<PathBuf> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        bail!(
            "no careleaf.yaml in {}; run this in a site folder or pass --root",
            root.display()
        );
    }
    if !anchors::is_valid(name) {
        bail!(
            "`{name}` is not a valid slug: use lowercase letters, digits and hyphens, like `{}`",
            anchors::slugify(name)
        );
    }
    let rel = PathBuf::from("content").join(format!("{name}.yaml"));
    let path = root.join(&rel);
    if path.exists() {
        bail!("{} already exists", rel.display());
    }
    fs::create_dir_all(root.join("content")).context("creating content/")?;
    let title = name.replace('-', " ");
    let title = title[..1].to_uppercase() + &title[1..];
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let text = GUIDE_TEMPLATE
        .replace("{title}", &title)
        .replace("{today}", &today.to_string());
    fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(rel)
}

const GUIDE_TEMPLATE: &str = r#"# A structured guide. Every section type is stubbed below: fill in the ones you need
# and delete the others. Prose fields are Markdown. Windows (`when:`) are times after
# the treatment: 30min, 4h, 3d, 2w, 2mo (a bare `m` is refused: minutes or months?); `from` defaults to 0h, a missing `to` means "from then on".
title: {title} aftercare
summary: What to expect after your treatment and how to look after yourself.
reviewed: { by: "Your clinician's name", on: {today} }
tags: []
concerns: []
related: []
takeaways:
  - Write the two to four things a patient must remember.
handout: { sections: [timeline, tips, ingredients, warning-signs], max_pages: 2 }
sections:
  - type: text
    title: About the treatment
    body: |
      Explain the treatment in plain words.
  - type: benefits
    items:
      - title: A benefit
        body: Why it helps.
  - type: comparison
    options: [At home, At the clinic]
    rows:
      - aspect: Who does it
        values: [You, A trained clinician]
  - type: steps
    items:
      - title: Before
        body: How to prepare.
  - type: timeline
    stages:
      - label: Right after
        when: { to: 24h }
        body: What happens first.
        expect: [Some redness]
  - type: tips
    items:
      - do: Something helpful
        when: { to: 3d }
        why: The reason.
      - avoid: Something harmful
        when: { to: 24h }
  - type: ingredients
    items:
      - name: An ingredient
        status: safe
        note: How to use it.
  - type: warning-signs
    items:
      - A sign that means the patient should call the clinic
  - type: faq
    items:
      - q: A common question?
        a: Its answer.
  - type: references
    items:
      - text: A source for the advice above.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x"), "").unwrap();
        assert!(
            init(dir.path())
                .unwrap_err()
                .to_string()
                .contains("not empty")
        );
    }

    #[test]
    fn new_guide_validates_the_slug_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("careleaf.yaml"), "").unwrap();
        assert!(new_guide(dir.path(), "Bad Name").is_err());
        new_guide(dir.path(), "chemical-peel").unwrap();
        let text = fs::read_to_string(dir.path().join("content/chemical-peel.yaml")).unwrap();
        for t in crate::content::guide::SectionType::ALL {
            assert!(
                text.contains(&format!("type: {}", t.name())),
                "{} not stubbed",
                t.name()
            );
        }
        assert!(
            new_guide(dir.path(), "chemical-peel")
                .unwrap_err()
                .to_string()
                .contains("already exists")
        );
    }
}
