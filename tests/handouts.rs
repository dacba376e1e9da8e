//! Handouts: the print page beside each guide, the PDF made by the Typst engine, the
//! combined packet and the handout list. PDFs are read back with poppler's tools
//! (pdftotext, pdfinfo, pdffonts, pdftoppm; .ci/run installs them) and the QR code is
//! decoded from the rendered page.

#![cfg(feature = "pdf")]

mod common;

use std::path::Path;

use common::{TestSite, run_in, tool};

/// The example site at the repository root, built into a temporary folder.
struct Example {
    out: tempfile::TempDir,
}

impl Example {
    fn build(extra: &[&str]) -> Example {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("public");
        let root = env!("CARGO_MANIFEST_DIR");
        let mut args = vec![
            "build",
            "--root",
            root,
            "--output",
            target.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let run = run_in(Path::new(root), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        Example { out }
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.out.path().join("public").join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// `pdfinfo` as key → value.
fn pdf_info(pdf: &Path) -> std::collections::BTreeMap<String, String> {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// Renders page 1 to a greyscale image and decodes every QR code on it.
fn qr_codes_on_first_page(pdf: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let pgm = std::fs::read(dir.path().join("page.pgm")).unwrap();
    // Binary PGM: "P5", width, height, maxval, one whitespace, then one byte a pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[i + 1..];
    assert_eq!(pixels.len(), w * h);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

#[test]
fn handout_page_holds_letterhead_fill_ins_chosen_sections_and_qr_code() {
    let site = Example::build(&[]);
    let html = site.read("microneedling/handout/index.html");
    for expected in [
        "Radiant Skin Clinic",
        "+1 555 0100",
        "+1 555 0199",
        "12 Example Street",
        "Treatment date:",
        "Your provider:",
        "Key points",
        "size: letter",
        "id=\"timeline\"",
        "id=\"tips\"",
        "id=\"ingredients\"",
        "id=\"warning-signs\"",
        "class=\"box\" role=\"img\"",
        "Reviewed on October 15, 2026 by Dr. A. Example, MD · Next review due October 15, 2027",
        "<link rel=\"canonical\" href=\"https://guides.radiant.example/microneedling/\">",
        "<meta name=\"robots\" content=\"noindex\">",
    ] {
        assert!(html.contains(expected), "handout page lacks {expected:?}");
    }
    for excluded in [
        "id=\"faq\"",
        "id=\"benefits\"",
        "id=\"comparison\"",
        "id=\"references\"",
    ] {
        assert!(
            !html.contains(excluded),
            "{excluded} is not a handout section"
        );
    }
    // Do and avoid are told apart by words and symbols.
    assert!(html.contains("✓</span> Do</h3>") && html.contains("✗</span> Avoid</h3>"));
    // The QR code is an image beside the page, described for screen readers.
    assert!(html.contains(
        "<img src=\"/microneedling/handout/qr.svg\" alt=\"QR code linking to https://guides.radiant.example/microneedling/\""
    ));
    assert!(
        site.read("microneedling/handout/qr.svg")
            .starts_with("<?xml")
    );
    // The guide page links to both.
    let guide = site.read("microneedling/index.html");
    assert!(guide.contains("href=\"/microneedling/handout/\""));
    assert!(guide.contains("href=\"/microneedling/microneedling.pdf\""));
    // Handout pages stay out of the sitemap; the guide is there.
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("/handout/"));
    assert!(sitemap.contains("/handouts/"));
}

#[test]
fn pdf_has_the_letterhead_chosen_sections_and_metadata() {
    let site = Example::build(&[]);
    let pdf = site.path("microneedling/microneedling.pdf");
    let text = pdf_text(&pdf);
    for expected in [
        "Radiant Skin Clinic",
        "+1 555 0100",
        "+1 555 0199",
        "12 Example Street",
        "Treatment date:",
        "Your provider:",
        "Microneedling aftercare",
        "Key points",
        "What to expect day by day",
        "Do",
        "Avoid",
        "Which skin care products are safe",
        "When to call us",
        "Call the clinic on +1 555 0100",
        "Reviewed on October 15, 2026 by Dr. A. Example, MD · Next review due October 15, 2027",
        "https://guides.radiant.example/microneedling/",
        // At 12 pt body text (DESIGN §10.4) the example's handout takes three pages.
        "Page 1 of 3",
        "Page 3 of 3",
    ] {
        assert!(
            text.contains(expected),
            "PDF text lacks {expected:?}:\n{text}"
        );
    }
    for excluded in ["Common questions", "How it can help your skin", "Sources"] {
        assert!(
            !text.contains(excluded),
            "{excluded:?} is not a handout section"
        );
    }
    let info = pdf_info(&pdf);
    assert_eq!(info["Title"], "Microneedling aftercare");
    assert_eq!(info["Author"], "Radiant Skin Clinic");
    assert_eq!(info["Creator"], "careleaf");
    assert_eq!(info["Tagged"], "yes");
    assert_eq!(info["Pages"], "3");
    assert!(info["Page size"].starts_with("612 x 792 pts"), "{info:?}");
    // The document language is in the catalog.
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.windows(9).any(|w| w == b"/Lang(en)"),
        "no /Lang in the catalog"
    );
    // Every font is embedded.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
}

#[test]
fn qr_code_scans_to_the_guide_url() {
    let site = Example::build(&[]);
    let codes = qr_codes_on_first_page(&site.path("microneedling/microneedling.pdf"));
    assert_eq!(codes, ["https://guides.radiant.example/microneedling/"]);
}

#[test]
fn packet_and_list_hold_every_guide() {
    let site = TestSite::new("valid");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let guide = site.path("public/guide/guide.pdf");
    let peel = site.path("public/procedures/peel/peel.pdf");
    let packet = site.path("public/handouts.pdf");
    let pages = |p: &Path| pdf_info(p)["Pages"].parse::<u32>().unwrap();
    assert_eq!(pages(&packet), pages(&guide) + pages(&peel));
    // The packet is the handouts as they were laid out, one after the other, with a
    // title of its own.
    let text = pdf_text(&packet);
    let (g, p) = (pdf_text(&guide), pdf_text(&peel));
    assert!(
        text == format!("{g}{p}") || text == format!("{p}{g}"),
        "{text}"
    );
    assert_eq!(
        pdf_info(&packet)["Title"],
        "Printable handouts · Test Clinic"
    );
    assert!(text.contains("Every section guide") && text.contains("Chemical peel aftercare"));
    // Page numbers count within each handout.
    assert!(text.contains("Page 1 of 1") && text.contains(&format!("Page 1 of {}", pages(&peel))));
    let list = site.read("public/handouts/index.html");
    assert!(list.contains("href=\"/guides/handouts.pdf\""));
    assert!(list.contains("href=\"/guides/guide/handout/\""));
    assert!(list.contains("href=\"/guides/procedures/peel/peel.pdf\""));
    // The chosen sections only: timeline and tips.
    let guide_text = pdf_text(&guide);
    assert!(!guide_text.contains("Intro text"), "{guide_text}");
    assert!(
        !site
            .read("public/guide/handout/index.html")
            .contains("id=\"faq\"")
    );
}

#[test]
fn a4_paper_sets_the_page_size_of_pdf_and_page() {
    let site = TestSite::new("valid");
    let config = site.read("careleaf.yaml");
    site.write(
        "careleaf.yaml",
        &format!("{config}handout: {{ paper: a4 }}\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let info = pdf_info(&site.path("public/guide/guide.pdf"));
    assert!(
        info["Page size"].starts_with("595.276 x 841.89 pts"),
        "{info:?}"
    );
    assert!(
        site.read("public/guide/handout/index.html")
            .contains("size: A4;")
    );
}

#[test]
fn a_handout_longer_than_max_pages_is_a_warning() {
    let site = TestSite::new("valid");
    let guide = site.read("content/guide.yaml").replace(
        "handout: { sections: [timeline, tips], max_pages: 1 }",
        "handout: { sections: [timeline, tips, long], max_pages: 1 }",
    );
    let paragraphs: String = (1..60)
        .map(|n| format!("      Paragraph {n} of a section far too long for one printed page.\n\n"))
        .collect();
    site.write(
        "content/guide.yaml",
        &format!("{guide}  - type: text\n    id: long\n    title: Long\n    body: |\n{paragraphs}"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: the handout of `Every section guide` has")
            && run.stderr.contains("pages; its handout.max_pages is 1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/guide.yaml"), "{}", run.stderr);
    let strict = site.run(&["build", "--strict"]);
    assert_eq!(strict.code, 1);
    // `check` typesets the handouts too, to measure them.
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("pages; its handout.max_pages is 1"),
        "{}",
        check.stderr
    );
}

#[test]
fn no_pdf_flag_and_config_skip_pdfs_but_keep_handout_pages() {
    let site = TestSite::new("valid");
    let run = site.run(&["build", "--no-pdf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path("public/guide/guide.pdf").exists());
    assert!(!site.path("public/handouts.pdf").exists());
    let page = site.read("public/guide/handout/index.html");
    assert!(page.contains("Treatment date") && !page.contains(".pdf"));
    assert!(!site.read("public/guide/index.html").contains("guide.pdf"));

    let config = site.read("careleaf.yaml");
    site.write(
        "careleaf.yaml",
        &format!("{config}handout: {{ pdf: false, qr: false }}\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path("public/guide/guide.pdf").exists());
    assert!(!site.path("public/guide/handout/qr.svg").exists());
    assert!(
        !site
            .read("public/guide/handout/index.html")
            .contains("qr.svg")
    );
}

/// `handout.packet: false`: every guide keeps both its PDFs; no packet is written
/// or linked, and the summary line does not speak of one.
#[test]
fn packet_false_keeps_each_guides_pdfs_and_leaves_the_packet_out() {
    let site = TestSite::new("valid");
    let config = site.read("careleaf.yaml");
    site.write(
        "careleaf.yaml",
        &format!("{config}handout: {{ packet: false }}\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for pdf in [
        "public/guide/guide.pdf",
        "public/guide/guide-large-print.pdf",
        "public/procedures/peel/peel.pdf",
    ] {
        assert!(
            pdf_info(&site.path(pdf))["Pages"].parse::<u32>().unwrap() >= 1,
            "{pdf}"
        );
    }
    assert!(!site.path("public/handouts.pdf").exists());
    let list = site.read("public/handouts/index.html");
    assert!(list.contains("href=\"/guides/procedures/peel/peel.pdf\""));
    assert!(!list.contains("handouts.pdf"), "{list}");
    assert!(
        run.stdout.contains("typesetting 2 handouts took") && !run.stdout.contains("packet"),
        "{}",
        run.stdout
    );
}

#[test]
fn site_can_override_the_typst_template_and_its_errors_name_the_line() {
    let site = TestSite::new("valid");
    site.write(
        "templates/handout.typ",
        "#let data = json(\"/data.json\")\n#set document(title: data.handouts.first().title)\n#for h in data.handouts [= #h.title\nOur own layout for #data.site.clinic.name.\n#pagebreak(weak: true)]\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&site.path("public/guide/guide.pdf"));
    assert!(text.contains("Our own layout for Test Clinic."), "{text}");

    site.write(
        "templates/handout.typ",
        "#let data = json(\"/data.json\")\n\n#data.nothing\n",
    );
    let before = site.read("public/guide/index.html");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("templates/handout.typ:3:")
            && run.stderr.contains("the handout template failed"),
        "{}",
        run.stderr
    );
    // A failed build leaves the previous output alone.
    assert_eq!(site.read("public/guide/index.html"), before);
}

#[test]
fn markdown_cannot_run_typst_code() {
    let site = TestSite::new("valid");
    let guide = site.read("content/guide.yaml");
    site.write(
        "content/guide.yaml",
        &guide.replace(
            "takeaways: [\"Read the [FAQ](#faq).\"]",
            "takeaways: [\"Read #panic(\\\"boom\\\") and $x$ and `#strong[x]` and ]; #set page(width: 1pt)\"]",
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&site.path("public/guide/guide.pdf"));
    assert!(text.contains("#panic(“boom”)"), "{text}");
    assert!(text.contains("#set page(width: 1pt)"), "{text}");
}

/// A site of more handouts than are typeset in one batch (Typst's memoized work is
/// forgotten between batches, so thousands of guides fit in memory): every guide
/// still gets both PDFs with its own title, and the packet holds every handout, in
/// order, page for page.
#[test]
fn many_guides_typeset_in_batches_each_get_their_pdfs_and_all_are_in_the_packet() {
    let site = TestSite::new("specialties");
    let stitches = site.read("content/stitches.yaml");
    let copies = 40;
    for n in 1..=copies {
        let text = stitches.replacen(
            "title: Caring for your stitches",
            &format!("title: Caring for your stitches, copy {n:02}"),
            1,
        );
        assert_ne!(text, stitches);
        site.write(&format!("content/stitches-{n:02}.yaml"), &text);
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = |p: &Path| pdf_info(p)["Pages"].parse::<usize>().unwrap();
    let mut handout_pages = 0;
    for n in 1..=copies {
        let dir = format!("public/stitches-{n:02}");
        let pdf = site.path(&format!("{dir}/stitches-{n:02}.pdf"));
        let large = site.path(&format!("{dir}/stitches-{n:02}-large-print.pdf"));
        let title = format!("Caring for your stitches, copy {n:02}");
        let info = pdf_info(&pdf);
        assert!(info["Title"].contains(&title), "{dir}: {info:?}");
        // Large print may wrap the title: words, not lines.
        let words = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words(pdf_text(&large)).contains(&title), "{dir}");
        handout_pages += pages(&pdf);
    }
    for (dir, name) in [
        ("cataract", "cataract"),
        ("knee-replacement", "knee-replacement"),
        ("stitches", "stitches"),
        ("tooth-extraction", "tooth-extraction"),
    ] {
        handout_pages += pages(&site.path(&format!("public/{dir}/{name}.pdf")));
    }
    let packet = site.path("public/handouts.pdf");
    assert_eq!(pages(&packet), handout_pages);
    let text = pdf_text(&packet)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut at = 0;
    for n in 1..=copies {
        let title = format!("Caring for your stitches, copy {n:02}");
        let found = text[at..]
            .find(&title)
            .unwrap_or_else(|| panic!("{title} is not in the packet after the one before"));
        at += found;
    }
}
