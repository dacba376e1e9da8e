//! Every input the fuzzers (fuzz/) found a fault with, and every seed they start
//! from, built as part of a real site: the build ends with exit 0 or 1, never a panic,
//! and every problem points at a line that exists in the file and is quoted from it (a
//! lone `\r` counts as a line break, as in YAML, CommonMark and editors).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::TestSite;

/// Where a file found by a target goes in the test site, and how it is wrapped.
fn place(target: &str, bytes: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    match target {
        "guide" => Some(("content/aftercare/microneedling.yaml", bytes.to_vec())),
        "front_matter" => Some(("content/aftercare/peel.md", bytes.to_vec())),
        "markdown" => {
            let mut page = b"---\ntitle: Fuzzed\n---\n".to_vec();
            page.extend_from_slice(bytes);
            Some(("content/fuzzed.md", page))
        }
        "duration" => {
            let when = serde_json::to_string(&String::from_utf8_lossy(bytes)).ok()?;
            let guide = format!(
                "title: G\nsummary: S\nreviewed: {{ by: Dr A, on: 2026-10-01 }}\nsections:\n  - type: tips\n    items:\n      - do: Rest.\n        when: {when}\n  - type: warning-signs\n    items: [A fever]\n"
            );
            Some(("content/g.yaml", guide.into_bytes()))
        }
        _ => None,
    }
}

fn inputs() -> Vec<(String, PathBuf)> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for kind in ["regressions", "seeds"] {
        for target in fs::read_dir(fuzz.join(kind)).unwrap() {
            let target = target.unwrap();
            let name = target.file_name().to_string_lossy().into_owned();
            for file in fs::read_dir(target.path()).unwrap() {
                out.push((name.clone(), file.unwrap().path()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fuzz_findings_and_seeds_build_or_fail_cleanly() {
    let inputs = inputs();
    assert!(
        inputs
            .iter()
            .any(|(_, p)| p.to_string_lossy().contains("regressions")),
        "the regression inputs are there"
    );
    for (target, path) in inputs {
        let bytes = fs::read(&path).unwrap();
        let (file, text) = place(&target, &bytes).unwrap_or_else(|| panic!("target {target}"));
        let site = TestSite::new("base");
        fs::create_dir_all(site.path(file).parent().unwrap()).unwrap();
        fs::write(site.path(file), &text).unwrap();
        let run = site.run(&["check"]);
        let shown = path.display();
        assert!(
            run.code == 0 || run.code == 1,
            "{shown}: exit {}\n{}",
            run.code,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{shown}:\n{}", run.stderr);
        let normalized = String::from_utf8_lossy(&text)
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let lines = normalized.split('\n').count();
        let at = regex::Regex::new(&format!(r"{}:(\d+):\d+", regex::escape(file))).unwrap();
        for found in at.captures_iter(&run.stderr) {
            let line: usize = found[1].parse().unwrap();
            assert!(
                (1..=lines).contains(&line),
                "{shown}: line {line} of {lines}\n{}",
                run.stderr
            );
        }
        // A line that exists is quoted, not just named.
        assert!(
            !run.stderr.contains(&format!("note: in {file}:")),
            "{shown}: a problem's line is not quoted\n{}",
            run.stderr
        );
    }
}
