//! Nothing is lost on paper: every word of every printed section of a guide's web
//! handout is in the text of its PDF (regular and large print), where pdftotext
//! finds only what lies on the page; and a part too long or too wide for a page is
//! an error at its section's line, never cut off.
//!
//! The example, every valid fixture, and guides made up by proptest with random
//! lengths of every field.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{TestSite, copy_tree, fixtures, run_in, tool};
use proptest::prelude::*;

/// The words (of three letters or more, lower case) of the sections a web handout
/// prints: its key points and every `<section>`, less the web page's own parts (its
/// tables' column headings, which the PDF names its own way, and the links to the
/// site's indexes).
fn printed_words(handout_html: &str) -> BTreeSet<String> {
    let sections = regex::Regex::new(r"(?s)<section[^>]*>(.*?)</section>").unwrap();
    let web_only =
        regex::Regex::new(r#"(?s)<thead>.*?</thead>|<p class="all-ingredients">.*?</p>"#).unwrap();
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    let mut words = BTreeSet::new();
    for c in sections.captures_iter(handout_html) {
        let text = web_only.replace_all(&c[1], " ");
        let text = tags.replace_all(&text, " ");
        let text = text
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        words.extend(words_of(&text));
    }
    words
}

fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
}

/// The words of a PDF's text, as pdftotext finds them on its pages: words broken
/// at the end of a line (hyphenated, or anywhere for a run without spaces) are
/// counted both whole and in parts.
fn pdf_words(pdf: &Path) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    // As laid out, and in the order of the PDF's content (a table cell's lines one
    // after another); each also with the words broken at a hyphen put back together,
    // and with every line joined to the next (a run broken anywhere), also across
    // pages (a table row broken across two).
    let hyphen = regex::Regex::new(r"[-\u{ad}]\n").unwrap();
    let line = regex::Regex::new(r"([^\s])\n([^\s])").unwrap();
    for mode in ["-layout", "-raw"] {
        let text = tool("pdftotext", &[mode, pdf.to_str().unwrap(), "-"]).replace('\u{200b}', "");
        let stitched = stitched(&text);
        for text in [text, stitched] {
            words.extend(words_of(&text));
            words.extend(words_of(&hyphen.replace_all(&text, "")));
            words.extend(words_of(&line.replace_all(&text, "$1$2")));
        }
    }
    words
}

/// The words (lower case) that start or end a line of a PDF's text, without the
/// hyphen a word broken there ends with.
fn line_ends(pdf: &Path) -> BTreeSet<String> {
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]).replace('\u{200b}', "");
    let end = regex::Regex::new(r"(?m)(\p{L}+)[-\u{ad}]?$").unwrap();
    let start = regex::Regex::new(r"(?m)^(\p{L}+)").unwrap();
    [end, start]
        .iter()
        .flat_map(|re| {
            re.captures_iter(&text)
                .map(|c| c[1].to_lowercase())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether `word` is some of `pieces` one after another.
fn made_of(word: &str, pieces: &BTreeSet<String>) -> bool {
    let ends: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain([word.len()])
        .collect();
    let mut reached = vec![false; word.len() + 1];
    reached[0] = true;
    for i in std::iter::once(0).chain(ends.iter().copied()) {
        if !reached[i] {
            continue;
        }
        for &j in ends.iter().filter(|&&j| j > i) {
            if pieces.contains(&word[i..j]) {
                reached[j] = true;
            }
        }
    }
    reached[word.len()]
}

/// A PDF's text with its pages put together as one: each page's footer (its last
/// three lines) left out, and the lines a page starts with that repeat a table's
/// or a box's heading ("Medicine Status Notes", "Avoid (continued)").
fn stitched(text: &str) -> String {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out: Vec<&str> = Vec::new();
    for page in text.split('\u{c}') {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let body = &lines[..lines.len().saturating_sub(3)];
        let repeated = body
            .iter()
            .take_while(|l| seen.contains(l.trim()) || l.contains("(continued)"))
            .count();
        seen.extend(body.iter().map(|l| l.trim()));
        out.extend(&body[repeated..]);
    }
    out.join("\n")
}

/// Checks every guide of a built site: the words of its web handout's sections are
/// in both its PDFs. Returns how many PDFs it read.
fn every_printed_word_is_in_the_pdfs(public: &Path) -> usize {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.file_name().is_none_or(|n| n != "index.html")
            || path
                .parent()
                .and_then(|p| p.file_name())
                .is_none_or(|n| n != "handout")
        {
            continue;
        }
        let guide = path.parent().unwrap().parent().unwrap();
        let words = printed_words(&std::fs::read_to_string(path).unwrap());
        assert!(!words.is_empty(), "{}: no printed section", path.display());
        let pdfs: Vec<_> = std::fs::read_dir(guide)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
            .collect();
        assert_eq!(
            pdfs.len(),
            2,
            "{}: a PDF and a large-print one",
            guide.display()
        );
        for pdf in pdfs {
            let found = pdf_words(&pdf);
            // A word broken across lines that other text comes between (the other
            // columns of its table row, a page's footer) is found in pieces: the
            // words that end and start the lines, put back together.
            let pieces = line_ends(&pdf);
            let missing: Vec<_> = words
                .difference(&found)
                .filter(|w| !made_of(w, &pieces))
                .collect();
            assert!(
                missing.is_empty(),
                "{}: words of the printed sections not on its pages: {missing:?}",
                pdf.display()
            );
            checked += 1;
        }
    }
    checked
}

fn build(root: &Path) {
    let run = run_in(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn every_guide_of_the_example_and_the_fixtures_prints_every_word() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for rel in ["careleaf.yaml", "content", "static", "translations.lock"] {
        let from = example.join(rel);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(rel));
        } else if from.exists() {
            std::fs::copy(&from, dir.path().join(rel)).unwrap();
        }
    }
    build(dir.path());
    let mut checked = every_printed_word_is_in_the_pdfs(&dir.path().join("public"));
    for fixture in ["valid", "specialties", "arabic"] {
        let site = TestSite::new(fixture);
        build(site.root());
        checked += every_printed_word_is_in_the_pdfs(&site.path("public"));
    }
    assert!(checked >= 20, "only {checked} PDFs read");
    assert!(fixtures().join("specialties").is_dir());
}

/// Unique words: `wq` and a number written in letters, so that a word missing from
/// the PDF is seen (numbers are not words to the comparison).
struct Words(usize);

impl Words {
    fn next(&mut self) -> String {
        let mut n = self.0;
        self.0 += 1;
        let mut word = String::from("wq");
        loop {
            word.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
            if n == 0 {
                break word;
            }
        }
    }

    /// `n` words with spaces.
    fn text(&mut self, n: usize) -> String {
        (0..n.max(1))
            .map(|_| self.next())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// One run of `n` letters without a space (a long name or address).
    fn run(&mut self, n: usize) -> String {
        let word = self.next();
        word.repeat(n / word.len() + 1)[..n.max(word.len())].to_owned()
    }
}

/// How long each part of a generated guide is.
#[derive(Debug, Clone)]
struct Lengths {
    signs: usize,
    sign_words: usize,
    stages: usize,
    stage_words: usize,
    tips: usize,
    tip_words: usize,
    medicines: usize,
    name_letters: usize,
    note_words: usize,
    answer_words: usize,
    callout_words: usize,
    rows: usize,
    cell_words: usize,
}

fn lengths() -> impl Strategy<Value = Lengths> {
    (
        (1..150usize, 1..40usize, 1..6usize, 1..1200usize, 1..60usize),
        (1..80usize, 1..8usize, 3..90usize, 1..300usize, 1..900usize),
        (1..700usize, 1..12usize, 1..200usize),
    )
        .prop_map(
            |(
                (signs, sign_words, stages, stage_words, tips),
                (tip_words, medicines, name_letters, note_words, answer_words),
                (callout_words, rows, cell_words),
            )| Lengths {
                signs,
                sign_words,
                stages,
                stage_words,
                tips,
                tip_words,
                medicines,
                name_letters,
                note_words,
                answer_words,
                callout_words,
                rows,
                cell_words,
            },
        )
}

/// A guide with a section of each printed kind, its parts as long as `l` says.
fn guide(l: &Lengths) -> String {
    let mut w = Words(0);
    let mut yaml = format!(
        "title: Generated\nreviewed: {{ by: Nurse, on: 2026-11-01 }}\nsummary: {}\nhandout: {{ max_pages: 200, sections: [signs, stages, tips, medicines, questions, first-aid, choices, notes] }}\nsections:\n",
        w.text(5)
    );
    yaml += "  - type: warning-signs\n    id: signs\n    title: Call us if\n    items:\n";
    for _ in 0..l.signs {
        yaml += &format!("      - \"{}\"\n", w.text(l.sign_words));
    }
    yaml += "  - type: timeline\n    id: stages\n    stages:\n";
    for d in 0..l.stages {
        yaml += &format!(
            "      - label: {}\n        when: {{ from: {}d, to: {}d }}\n        body: \"{}\"\n",
            w.text(2),
            d,
            d + 1,
            w.text(l.stage_words / (d + 1))
        );
    }
    yaml += "  - type: tips\n    id: tips\n    items:\n";
    for i in 0..l.tips {
        let kind = if i % 3 == 0 { "avoid" } else { "do" };
        yaml += &format!("      - {kind}: \"{}\"\n", w.text(l.tip_words / (i + 1)));
    }
    yaml += "  - type: medications\n    id: medicines\n    items:\n";
    for i in 0..l.medicines {
        yaml += &format!(
            "      - {{ name: \"{} {}\", use: take, note: \"{}\" }}\n",
            w.next(),
            w.run(l.name_letters / (i + 1)),
            w.text(l.note_words / (i + 1))
        );
    }
    yaml += "  - type: faq\n    id: questions\n    items:\n";
    yaml += &format!(
        "      - {{ q: \"{}\", a: \"{}\" }}\n      - {{ q: \"{}\", a: \"{}\" }}\n",
        w.text(6),
        w.text(l.answer_words),
        w.text(3),
        w.text(4)
    );
    yaml += "  - type: if-this-happens\n    id: first-aid\n    items:\n";
    yaml += &format!(
        "      - {{ problem: \"{}\", do: \"{}\", then: \"{}\" }}\n",
        w.text(4),
        w.text(l.answer_words / 2),
        w.text(9)
    );
    yaml += &format!(
        "  - type: comparison\n    id: choices\n    options: [{}, {}]\n    rows:\n",
        w.next(),
        w.next()
    );
    for _ in 0..l.rows {
        yaml += &format!(
            "      - {{ aspect: \"{}\", values: [\"{}\", \"{}\"] }}\n",
            w.text(2),
            w.text(l.cell_words),
            w.text(l.cell_words / 3)
        );
    }
    yaml += &format!(
        "  - type: text\n    id: notes\n    title: Notes\n    body: \"{}\\n\\n> [!WARNING]\\n> {}\"\n",
        w.text(20),
        w.text(l.callout_words)
    );
    yaml
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Generated guides with random lengths of every field: the build succeeds and
    /// every word of every printed section is on the pages of both PDFs.
    #[test]
    fn a_guide_of_any_length_prints_every_word(l in lengths()) {
        let site = TestSite::new("base");
        site.write("content/generated.yaml", &guide(&l));
        build(site.root());
        prop_assert_eq!(every_printed_word_is_in_the_pdfs(&site.path("public")), 2);
    }
}

/// What cannot break (a picture taller than a page, a word wider than it) is an
/// error at the line of its section, naming the page; no PDF is written.
#[test]
fn a_part_that_cannot_fit_a_page_is_an_error_at_its_section() {
    let site = TestSite::new("base");
    site.write(
        "static/tall.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 400"><rect width="10" height="400"/></svg>"#,
    );
    let long_word = "a".repeat(400);
    site.write(
        "content/tall.yaml",
        &format!(
            "title: Tall\nsummary: A sling.\nreviewed: {{ by: Nurse, on: 2026-11-01 }}\nhandout: {{ sections: [signs, sling, notes] }}\nsections:\n  - type: warning-signs\n    id: signs\n    items: [Fever]\n  - type: steps\n    id: sling\n    title: Putting the sling on\n    items:\n      - title: Arm in\n        image: {{ src: /tall.svg, alt: A sling }}\n  - type: text\n    id: notes\n    title: Notes\n    body: {long_word}\n"
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/tall.yaml:9")
            && run.stderr.contains(
                "the handout would cut off the section \"Putting the sling on\" (`steps`): on page"
            )
            && run.stderr.contains("runs below the foot of the page"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/tall.yaml:15")
            && run
                .stderr
                .contains("would cut off the section \"Notes\" (`text`)")
            && run.stderr.contains("off the side of the page"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("large-print handout would cut off"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

/// Markdown the typesetter could not read once (issue 26) is printed, or is an error
/// at the guide's line, never a "theme error".
#[test]
fn markdown_is_printed_or_reported_at_its_line_never_as_a_theme_error() {
    let guide = |intro: &str| {
        format!(
            "title: G\nsummary: A guide.\nreviewed: {{ by: Nurse, on: 2026-11-01 }}\nsections:\n  - type: warning-signs\n    intro: \"{intro}\"\n    items: [Fever]\n"
        )
    };
    let site = TestSite::new("base");
    site.write(
        "static/x.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#,
    );
    for printed in ["![![a](/x.svg)](/x.svg) Nested", "![x](/x.svg?.png) Query"] {
        site.write("content/g.yaml", &guide(printed));
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{printed}: {}", run.stderr);
        let text = common::tool(
            "pdftotext",
            &[site.path("public/g/g.pdf").to_str().unwrap(), "-"],
        );
        let word = printed.rsplit(' ').next().unwrap();
        assert!(text.contains(word), "{printed}: {text}");
    }
    for (intro, message, at) in [
        (
            ">".repeat(10_000) + " deep",
            "sit more than 32 deep inside each other",
            "content/g.yaml:6",
        ),
        (
            "Rest. ".repeat(5_000),
            "this paragraph is 30000 characters long; a paragraph may have at most 20000",
            "content/g.yaml:6",
        ),
    ] {
        site.write("content/g.yaml", &guide(&intro));
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(message)
                && run.stderr.contains(at)
                && !run.stderr.contains("template"),
            "{}",
            run.stderr
        );
    }
    // A control character in a plain field (in prose, Markdown drops it).
    site.write(
        "content/g.yaml",
        &guide("Text").replace("title: G", "title: \"S\\x01 care\""),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the text holds a control character, U+0001, which cannot be printed")
            && run.stderr.contains("content/g.yaml:1:10"),
        "{}",
        run.stderr
    );
}
