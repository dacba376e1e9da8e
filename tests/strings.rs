//! Every UI string careleaf or its templates ask for is in every language file of the
//! built-in theme: `Strings::get` falls back to the key itself, so a misspelt or
//! forgotten key would otherwise print as `section_tpis` on a patient's page.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use careleaf::sections::SectionType;

/// Keys that are not the theme's: careleaf.yaml's `strings:` sets them.
const NOT_THEME_KEYS: &[&str] = &["emergency_line"];

fn files(dir: &Path, ext: &[&str], out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if ext
            .iter()
            .any(|e| path.extension().is_some_and(|x| x == *e))
        {
            out.push(path);
        }
    }
}

/// The keys the Rust code asks for by name (`strings.get("call_us_if")`, `.fill`,
/// `.count`, which wants `KEY_one` and `KEY_other`), outside unit tests.
fn keys_in_code(root: &Path) -> BTreeSet<String> {
    let call = regex::Regex::new(r#"\.(get|fill|count)\("([a-z][a-z0-9_-]*)""#).unwrap();
    let mut paths = Vec::new();
    files(&root.join("src"), &["rs"], &mut paths);
    let mut keys = BTreeSet::new();
    for path in paths {
        // The browser editor's form reads JSON Schemas (`.get("description")`), no
        // string table.
        if path.ends_with("src/cms.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in text.lines().filter(|l| {
            // Maps of other things are read with `.get(` too: only string tables.
            l.contains("strings")
                || l.contains("s.get(")
                || l.contains("s.fill(")
                || l.contains("self.get(")
                || l.contains("self.fill(")
                || l.trim_start().starts_with(".get(")
        }) {
            for c in call.captures_iter(line) {
                if &c[1] == "count" {
                    // A count has a form per plural category.
                    keys.insert(format!("{}_one", &c[2]));
                    keys.insert(format!("{}_other", &c[2]));
                } else {
                    keys.insert(c[2].to_owned());
                }
            }
        }
    }
    keys
}

/// The keys templates read (`t.call_us`, `t["section_warning-signs"]`, `t.at("x")`).
fn keys_in_templates(root: &Path) -> BTreeSet<String> {
    let dot = regex::Regex::new(r"\bt\.([a-z][a-z0-9_]*)").unwrap();
    let index = regex::Regex::new(r#"\bt(?:\[|\.at\()"([a-z][a-z0-9_-]*)""#).unwrap();
    let mut paths = Vec::new();
    files(&root.join("themes"), &["html", "typ", "js"], &mut paths);
    let mut keys = BTreeSet::new();
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        if path.extension().is_some_and(|e| e == "js") {
            continue;
        }
        for c in dot.captures_iter(&text).chain(index.captures_iter(&text)) {
            keys.insert(c[1].to_owned());
        }
    }
    // Typst's own `t.at(...)` method is not a key.
    keys.remove("at");
    keys
}

#[test]
fn every_string_asked_for_is_in_every_language_of_the_theme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wanted = keys_in_code(root);
    wanted.extend(keys_in_templates(root));
    // Keys made from a type's name.
    for kind in SectionType::ALL {
        wanted.insert(format!("section_{}", kind.name()));
    }
    for name in ["safe", "avoid", "caution"] {
        wanted.insert(format!("status_{name}"));
    }
    for name in ["take", "avoid", "ask"] {
        wanted.insert(format!("medicine_{name}"));
    }
    for name in ["do", "avoid"] {
        wanted.insert(format!("advice_{name}"));
    }
    for name in ["emergency", "urgent", "soon"] {
        wanted.insert(format!("signs_{name}"));
    }
    for key in NOT_THEME_KEYS {
        wanted.remove(*key);
    }
    assert!(wanted.len() > 80, "the scan found too few keys: {wanted:?}");
    let mut i18n = Vec::new();
    files(&root.join("themes"), &["yaml"], &mut i18n);
    assert!(!i18n.is_empty());
    let mut missing = Vec::new();
    for file in &i18n {
        let text = fs::read_to_string(file).unwrap();
        let strings: BTreeMap<String, serde::de::IgnoredAny> =
            careleaf::yaml::parse(&text, file).unwrap();
        for key in &wanted {
            if !strings.contains_key(key) {
                missing.push(format!("{}: {key}", file.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "strings asked for but missing:\n{}",
        missing.join("\n")
    );
}
