//! `careleaf init` (a new site holding the example guides) and `careleaf new guide`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use include_dir::{Dir, include_dir};

use crate::anchors;
use crate::config::Paper;

/// The example site's pages and static files, embedded so `init` works anywhere.
static EXAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
const EXAMPLE_CONFIG: &str = include_str!("../careleaf.yaml");
const EXAMPLE_LOCK: &str = include_str!("../translations.lock");

/// The paper of a new site's handouts: A4 unless the region of the locale (`LC_ALL`,
/// `LC_PAPER`, `LANG`, as `en_GB.UTF-8`) is one of those that use US letter; letter
/// when the locale names no region (the example's).
pub fn paper_from_locale(vars: impl Fn(&str) -> Option<String>) -> Paper {
    /// Where US letter is the usual paper.
    const LETTER: [&str; 14] = [
        "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "PR", "SV", "DO", "NI",
    ];
    let locale = ["LC_ALL", "LC_PAPER", "LANG"]
        .into_iter()
        .filter_map(&vars)
        .find(|v| !v.is_empty());
    let region = locale.as_deref().and_then(|l| {
        let l = l.split(['.', '@']).next()?;
        let (_, region) = l.split_once('_')?;
        (region.len() == 2).then(|| region.to_ascii_uppercase())
    });
    match region {
        Some(r) if !LETTER.contains(&r.as_str()) => Paper::A4,
        _ => Paper::Letter,
    }
}

/// Creates a new site in `dir` (created if missing) whose handouts print on `paper`;
/// refuses a non-empty folder. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, paper: Paper) -> Result<Vec<PathBuf>> {
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
    let config = match paper {
        Paper::Letter => EXAMPLE_CONFIG.to_owned(),
        Paper::A4 => EXAMPLE_CONFIG.replacen("paper: letter", "paper: a4", 1),
    };
    fs::write(dir.join(crate::config::CONFIG_FILE), config).context("writing careleaf.yaml")?;
    // The example's translations were checked against their sources: say so.
    fs::write(dir.join(crate::translations::LOCK_FILE), EXAMPLE_LOCK)
        .context("writing translations.lock")?;
    written.push(PathBuf::from(crate::translations::LOCK_FILE));
    for (name, tree) in [("content", &EXAMPLE_CONTENT), ("static", &EXAMPLE_STATIC)] {
        extract(tree, &dir.join(name), &mut written, name)?;
    }
    for file in editor_setup(dir)? {
        written.push(file.strip_prefix(dir).unwrap_or(&file).to_path_buf());
    }
    written.sort();
    Ok(written)
}

/// Writes the JSON Schemas (schemas/) and, unless the site has its own,
/// `.vscode/settings.json` pointing at them; returns the files written.
pub fn editor_setup(root: &Path) -> Result<Vec<PathBuf>> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        bail!(
            "no careleaf.yaml in {}; run this in a site folder or pass --root",
            root.display()
        );
    }
    let mut written = crate::schema::write(&root.join(crate::schema::FOLDER))?;
    let settings = root.join(".vscode/settings.json");
    if settings.symlink_metadata().is_err() {
        fs::create_dir_all(root.join(".vscode")).context("creating .vscode/")?;
        fs::write(&settings, crate::schema::vscode_settings())
            .with_context(|| format!("writing {}", settings.display()))?;
        written.push(settings);
    }
    Ok(written)
}

/// Files as a short list for a message: "a, b and c".
pub fn list(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    match names.split_last() {
        None => "nothing".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
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

/// Writes `content/SLUG.yaml` from the skeleton of `kind` (every section type stubbed
/// for `general`), reviewed `today`; refuses to overwrite.
pub fn new_guide(
    root: &Path,
    name: &str,
    kind: GuideKind,
    today: jiff::civil::Date,
) -> Result<PathBuf> {
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
    // A link (even one that leads nowhere) is there too: never written through.
    if path.symlink_metadata().is_ok() {
        bail!("{} already exists", rel.display());
    }
    fs::create_dir_all(root.join("content")).context("creating content/")?;
    let title = name.replace('-', " ");
    let title = title[..1].to_uppercase() + &title[1..];
    let text = kind
        .skeleton()
        .replace("{title}", &title)
        .replace("{today}", &today.to_string());
    let text = crate::schema::modeline(&rel) + &text;
    // `create_new` refuses whatever appeared at the path meanwhile, a link included.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    // The schema the new guide's first line names: a site made before careleaf wrote
    // schemas gets them now.
    let schema = root
        .join(crate::schema::FOLDER)
        .join(crate::schema::GUIDE_FILE);
    if schema.symlink_metadata().is_err() {
        editor_setup(root)?;
    }
    Ok(rel)
}

/// The skeletons `careleaf new guide --kind` starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GuideKind {
    /// Every section type and key, with placeholder words.
    #[default]
    General,
    /// After a tooth is taken out: tips by topic, medicines, first aid.
    Dental,
    /// After eye surgery: eye drops, months without swimming, urgent signs.
    Eye,
    /// Stitches after skin surgery: "until your stitches are removed".
    Wound,
    /// After a skin treatment: ingredients and sun care.
    Skin,
    /// Getting ready for a test: times before it, and on the day at a time of day.
    Preparation,
    /// A child's guide, written to the parent: doses by age, the ward's number.
    Child,
    /// Exercises with sets, repetitions and a tick log.
    Exercises,
    /// Green, amber and red zones; no times.
    ActionPlan,
}

impl GuideKind {
    fn skeleton(self) -> &'static str {
        match self {
            GuideKind::General => include_str!("scaffold_guides/general.yaml"),
            GuideKind::Dental => include_str!("scaffold_guides/dental.yaml"),
            GuideKind::Eye => include_str!("scaffold_guides/eye.yaml"),
            GuideKind::Wound => include_str!("scaffold_guides/wound.yaml"),
            GuideKind::Skin => include_str!("scaffold_guides/skin.yaml"),
            GuideKind::Preparation => include_str!("scaffold_guides/preparation.yaml"),
            GuideKind::Child => include_str!("scaffold_guides/child.yaml"),
            GuideKind::Exercises => include_str!("scaffold_guides/exercises.yaml"),
            GuideKind::ActionPlan => include_str!("scaffold_guides/action-plan.yaml"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_refuses_a_non_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x"), "").unwrap();
        assert!(
            init(dir.path(), Paper::Letter)
                .unwrap_err()
                .to_string()
                .contains("not empty")
        );
    }

    #[test]
    fn the_locales_region_chooses_the_paper() {
        let with = |lang: &'static str| move |name: &str| (name == "LANG").then(|| lang.to_owned());
        assert_eq!(paper_from_locale(with("en_GB.UTF-8")), Paper::A4);
        assert_eq!(paper_from_locale(with("es_ES.UTF-8")), Paper::A4);
        assert_eq!(paper_from_locale(with("en_US.UTF-8")), Paper::Letter);
        assert_eq!(paper_from_locale(with("es_MX")), Paper::Letter);
        assert_eq!(paper_from_locale(with("C.UTF-8")), Paper::Letter);
        assert_eq!(paper_from_locale(|_| None), Paper::Letter);
    }

    #[test]
    fn init_writes_the_paper_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        init(&dir.path().join("site"), Paper::A4).unwrap();
        let config = fs::read_to_string(dir.path().join("site/careleaf.yaml")).unwrap();
        assert!(config.contains("paper: a4"), "{config}");
        assert!(!config.contains("paper: letter"));
    }

    #[test]
    fn new_guide_validates_the_slug_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("careleaf.yaml"), "").unwrap();
        assert!(
            new_guide(
                dir.path(),
                "Bad Name",
                GuideKind::General,
                crate::today_utc()
            )
            .is_err()
        );
        new_guide(
            dir.path(),
            "chemical-peel",
            GuideKind::General,
            crate::today_utc(),
        )
        .unwrap();
        let text = fs::read_to_string(dir.path().join("content/chemical-peel.yaml")).unwrap();
        for t in crate::sections::SectionType::ALL {
            assert!(
                text.contains(&format!("type: {}", t.name())),
                "{} not stubbed",
                t.name()
            );
        }
        assert!(
            new_guide(
                dir.path(),
                "chemical-peel",
                GuideKind::General,
                crate::today_utc()
            )
            .unwrap_err()
            .to_string()
            .contains("already exists")
        );
    }

    /// A link at the new guide's path, even one that leads nowhere, is never written
    /// through: the file it names stays uncreated.
    #[cfg(unix)]
    #[test]
    fn new_guide_never_writes_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("planted.yaml");
        fs::write(dir.path().join("careleaf.yaml"), "").unwrap();
        fs::create_dir(dir.path().join("content")).unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("content/cast-care.yaml")).unwrap();
        let err = new_guide(
            dir.path(),
            "cast-care",
            GuideKind::General,
            crate::today_utc(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert!(!target.exists(), "wrote outside the site");
    }
}
