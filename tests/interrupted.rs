//! A build killed with `kill -9` at any moment, even halfway through writing, leaves
//! the output folder holding either the whole old site or the whole new one, never a
//! mix and never nothing; the next build clears what the killed one left behind.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, snapshot};

/// Writes `pages` Markdown pages saying `version`.
fn write_pages(site: &TestSite, pages: usize, version: &str) {
    for i in 0..pages {
        site.write(
            &format!("content/part-{}/page-{i}.md", i % 20),
            &format!(
                "---\ntitle: Page {i} {version}\n---\nThis is version {version} of page {i}.\n\n## Care\n\nKeep the skin clean.\n"
            ),
        );
    }
}

fn build(root: &Path, output: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_careleaf"))
        .args(["build", "--no-pdf", "--output", output])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Hidden folders a build leaves beside `public/` while it works.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.careleaf-"))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    const PAGES: usize = 600;
    let site = TestSite::new("base");
    let config = site.read("careleaf.yaml");
    site.write("careleaf.yaml", &format!("{config}search: false\n"));

    // The two complete sites, built without interruption.
    write_pages(&site, PAGES, "one");
    assert!(build(site.root(), "public").wait().unwrap().success());
    let one = snapshot(&site.path("public"));
    write_pages(&site, PAGES, "two");
    assert!(build(site.root(), "expected-two").wait().unwrap().success());
    let two = snapshot(&site.path("expected-two"));
    assert_ne!(one, two);
    assert!(one.len() > PAGES);

    let mut killed_while_writing = 0;
    let mut saw = [false, false];
    // Kill at growing delays after the build starts writing (its staging folder
    // appears), and a few times before it gets that far.
    let delays_ms = [0u64, 1, 2, 4, 8, 15, 25, 40, 60, 90, 130];
    for (round, &delay) in delays_ms.iter().enumerate() {
        // Alternate the content so every round has a new site to write.
        let version = if round % 2 == 0 { "one" } else { "two" };
        write_pages(&site, PAGES, version);
        let mut child = build(site.root(), "public");
        let staging = format!(".public.careleaf-new-{}", child.id());
        let started = Instant::now();
        let mut writing = false;
        while started.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if round % 4 == 3 || site.path(&staging).exists() {
                writing = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if writing && site.path(&staging).exists() {
            killed_while_writing += 1;
        }

        let now = snapshot(&site.path("public"));
        if now == one {
            saw[0] = true;
        } else if now == two {
            saw[1] = true;
        } else {
            let files: Vec<&String> = now.iter().map(|(p, _)| p).take(5).collect();
            panic!(
                "after a kill {delay} ms into writing, public/ is neither the old site nor the new one ({} files: {files:?}...)",
                now.len()
            );
        }
    }
    assert!(
        killed_while_writing >= 3,
        "only {killed_while_writing} kills landed while the site was being written"
    );
    assert!(saw[0] || saw[1]);

    // The next build finishes, and clears what killed builds left (each round's build
    // already cleared the rounds before it; one more, of a process that is surely
    // gone, is made here).
    site.write(".public.careleaf-new-4194305/index.html", "half a site");
    write_pages(&site, PAGES, "two");
    assert!(build(site.root(), "public").wait().unwrap().success());
    assert_eq!(snapshot(&site.path("public")), two);
    // The old site and the leftovers are removed by a process of their own, off the
    // build's time: they are gone within moments.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !leftovers(site.root()).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}
