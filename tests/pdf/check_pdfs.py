#!/usr/bin/env python3
"""Checks careleaf's handout PDFs against DESIGN §10.4 with independent tools.

Usage: check_pdfs.py SITE_OUTPUT_FOLDER...

For every PDF under each folder:
- body text size, measured from the characters (pdfplumber): at least three quarters
  of the characters at 12 pt or more (16 pt or more in `*-large-print.pdf`);
- body face: the font most characters are set in is a sans face (its name says "Sans"),
  the site's own, not a serif;
- PDF/UA-1 identification (pdfuaid:part 1 in the XMP metadata), DisplayDocTitle in the
  viewer preferences, a document title, and an outline of bookmarks (pikepdf);
- the `pdfua` checker (the machine-checkable subset of PDF/UA-1): no findings.
Prints one line per file with the measurements and exits 1 on any failure.
"""
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf


def sizes(pdf):
    counts = {}
    fonts = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                if ch["text"].strip():
                    size = round(ch["size"], 1)
                    counts[size] = counts.get(size, 0) + 1
                    # Subset fonts are named "ABCDEF+NotoSans-Bold".
                    face = ch["fontname"].split("+")[-1]
                    fonts[face] = fonts.get(face, 0) + 1
    return counts, fonts


def check(pdf):
    problems = []
    large = pdf.name.endswith("-large-print.pdf")
    least = 15.95 if large else 11.95
    counts, fonts = sizes(pdf)
    face = max(fonts, key=fonts.get) if fonts else ""
    if "Sans" not in face:
        problems.append(f"the body face is {face or 'missing'}, not a sans face")
    total = sum(counts.values())
    body = sum(n for s, n in counts.items() if s >= least)
    share = body / total if total else 0
    if share < 0.75:
        problems.append(f"only {share:.0%} of the text is at {least + 0.05:.0f} pt or more")
    with pikepdf.open(pdf) as doc:
        root = doc.Root
        prefs = root.get("/ViewerPreferences", {})
        if not bool(prefs.get("/DisplayDocTitle", False)):
            problems.append("no DisplayDocTitle")
        meta = doc.open_metadata()
        if str(meta.get("pdfuaid:part", "")) != "1":
            problems.append("not identified as PDF/UA-1")
        if not str(doc.docinfo.get("/Title", meta.get("dc:title", ""))):
            problems.append("no title")
        with doc.open_outline() as outline:
            if not outline.root:
                problems.append("no outline")
            bookmarks = len(outline.root)
        pages = len(doc.pages)
    ua = subprocess.run(["pdfua", "check", str(pdf)], capture_output=True, text=True)
    if ua.returncode != 0:
        problems.append("pdfua findings:\n" + ua.stdout)
    biggest = max(counts, key=counts.get) if counts else 0
    print(f"{pdf}: {pages} pages, body {biggest} pt {face}, {share:.0%} of {total} characters at "
          f">= {least + 0.05:.0f} pt, {bookmarks} bookmarks, PDF/UA-1 declared, "
          f"pdfua: {'no findings' if ua.returncode == 0 else 'FINDINGS'}")
    return problems


def main():
    failed = False
    pdfs = sorted(p for folder in sys.argv[1:] for p in Path(folder).rglob("*.pdf"))
    if not pdfs:
        print("no PDFs found", file=sys.stderr)
        return 1
    for pdf in pdfs:
        for problem in check(pdf):
            failed = True
            print(f"  FAIL {pdf}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
