//! The layers of the library (docs/architecture.md, "Layers"): no top-level module
//! imports one that imports it back, directly or through others. Read from the source,
//! so a `use crate::render` added to `content/` fails here, not in review.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Each top-level module of `src/` and the top-level modules its code (tests left
/// out) names as `crate::NAME`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules = BTreeSet::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && path.join("mod.rs").is_file()
            || path.extension().is_some_and(|e| e == "rs")
                && !["lib", "main", "build_tests"].contains(&name.as_str())
        {
            modules.insert(name);
        }
    }
    let path_use = regex::Regex::new(r"crate::([a-z0-9_]+)").unwrap();
    let group_use = regex::Regex::new(r"crate::\{([^}]*)\}").unwrap();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = first.trim_end_matches(".rs").to_owned();
            if !modules.contains(&module) {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let code = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default();
            let mut named: BTreeSet<String> = path_use
                .captures_iter(code)
                .map(|c| c[1].to_owned())
                .collect();
            for group in group_use.captures_iter(code) {
                named.extend(
                    group[1]
                        .split(',')
                        .map(|p| p.trim().split("::").next().unwrap_or_default().to_owned()),
                );
            }
            let deps = graph.entry(module.clone()).or_default();
            deps.extend(
                named
                    .into_iter()
                    .filter(|m| modules.contains(m) && *m != module),
            );
        }
    }
    graph
}

/// A cycle through `from`, if there is one: the modules in order.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(from.to_owned());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_top_level_module_imports_one_that_imports_it_back() {
    let graph = imports(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        graph.len() > 15,
        "the scan found too few modules: {graph:?}"
    );
    assert!(
        graph["render"].contains("sections"),
        "the scan misses imports"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}
