#!/usr/bin/env python3
"""Writes one synthetic corpus of N Markdown pages as three sites: careleaf, Hugo and
mdBook. Every page has front matter (careleaf, Hugo), headings, lists, a table, links to
three other pages and about 700 words of plain sentences. Deterministic for a given N.

    python3 bench/gen.py 1000 /tmp/bench-1000
    python3 bench/gen.py 100000 /tmp/bench-100000 --careleaf-only
    python3 bench/gen.py 10000 /tmp/bench-flat --shape flat

Shapes: `sections` (20 folders, the default), `flat` (every page in content/, the
shape that hurt) and `nested` (10 sections of 10 subsections of pages). Every 7th page
has a paragraph of long words that trips careleaf's reading-level warning.
"""
import os
import random
import sys

WORDS = (
    "skin care wash water gentle soap cream sun hat shade day week night morning rest "
    "clean dry cool warm red calm soft light clear fresh new old small large hand face "
    "arm leg back neck hair eye nose lip cheek chin brow pore spot mark line scar tone "
    "heal keep use avoid ask call read note check plan wait start stop help care feel "
    "look see touch rub pat rinse apply spread dab hold press lift the a an and or but "
    "for with from to in on at by of your our this that each every some most many few"
).split()
SECTIONS = 20


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(7, 13))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, n, hard=False):
    if hard:
        return " ".join([HARD] * max(1, n // 3))
    return " ".join(sentence(rng) for _ in range(n))


def body(rng, i, n, link):
    """About 700 words of Markdown; link(j) is how the tool spells a link to page j."""
    others = [rng.randrange(n) for _ in range(3)]
    hard = i % 7 == 0
    parts = [
        paragraph(rng, 8, hard),
        "## What to expect",
        paragraph(rng, 9, hard),
        "- " + sentence(rng) + "\n- " + sentence(rng) + "\n- " + sentence(rng) + "\n- " + sentence(rng),
        "## Care at home",
        paragraph(rng, 9, hard),
        "| When | What to do | Why |\n| --- | --- | --- |\n"
        + "\n".join(f"| Day {d} | {sentence(rng)} | {sentence(rng)} |" for d in range(1, 5)),
        "### Related",
        "See " + ", ".join(f"[page {j}]({link(j)})" for j in others) + ".",
        "## More",
        paragraph(rng, 8),
        "1. " + sentence(rng) + "\n2. " + sentence(rng) + "\n3. " + sentence(rng),
        paragraph(rng, 8),
        paragraph(rng, 5, hard),
    ]
    return "\n\n".join(parts) + "\n"


HARD = (
    "Postoperative inflammatory manifestations notwithstanding, individuals experiencing "
    "considerable discomfort should consider administering pharmacological analgesic "
    "interventions appropriately, particularly following extensive dermatological procedures."
)
SHAPE = "sections"


def place(j):
    """The folder (under content/) and file name of page j in the current shape."""
    if SHAPE == "flat":
        return "", f"page-{j:06d}"
    if SHAPE == "nested":
        return f"sec-{j % 10:02d}/sub-{(j // 10) % 10:02d}", f"page-{j:06d}"
    return f"sec-{j % SECTIONS:02d}", f"page-{j:06d}"


def joined(*parts):
    return "/".join(p for p in parts if p)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    global SHAPE
    n = int(sys.argv[1])
    out = sys.argv[2]
    peers = "--careleaf-only" not in sys.argv[3:]
    if "--shape" in sys.argv:
        SHAPE = sys.argv[sys.argv.index("--shape") + 1]
    zola = os.path.join(out, "zola")
    careleaf = os.path.join(out, "careleaf")
    hugo = os.path.join(out, "hugo")
    mdbook = os.path.join(out, "mdbook")
    write(os.path.join(careleaf, "careleaf.yaml"),
          "title: Bench\nbase_url: https://bench.example\nclinic: { name: Bench Clinic, phone: \"+1 555 0100\" }\n"
          "search: false\nfeed: false\nglossary: { autolink: false }\n")
    write(os.path.join(hugo, "config.toml"),
          'baseURL = "https://bench.example/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    write(os.path.join(hugo, "layouts", "_default", "baseof.html"),
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
          "<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n")
    write(os.path.join(hugo, "layouts", "_default", "single.html"),
          '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n')
    write(os.path.join(hugo, "layouts", "_default", "list.html"),
          '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
    # Zola: the same minimal templates; every folder needs an _index.md to be a section.
    write(os.path.join(zola, "config.toml"),
          'base_url = "https://bench.example"\ntitle = "Bench"\ncompile_sass = false\nbuild_search_index = false\n')
    write(os.path.join(zola, "templates", "base.html"),
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ page.title | default(value=section.title | default(value="Bench")) }}</title></head>'
          '<body><main>{% block main %}{% endblock main %}</main></body></html>\n')
    write(os.path.join(zola, "templates", "page.html"),
          '{% extends "base.html" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock main %}\n')
    write(os.path.join(zola, "templates", "section.html"),
          '{% extends "base.html" %}{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in section.pages %}'
          '<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock main %}\n')
    write(os.path.join(zola, "templates", "index.html"),
          '{% extends "base.html" %}{% block main %}<h1>Bench</h1>{% endblock main %}\n')
    if peers:
        folders = {place(i)[0] for i in range(n)}
        for folder in sorted(folders):
            parts = folder.split("/") if folder else []
            for k in range(1, len(parts) + 1):
                write(os.path.join(zola, "content", *parts[:k], "_index.md"),
                      f"+++\ntitle = \"{parts[k - 1]}\"\n+++\n")
        write(os.path.join(zola, "content", "_index.md"), "+++\ntitle = \"Bench\"\n+++\n")
    write(os.path.join(mdbook, "book.toml"), '[book]\ntitle = "Bench"\nsrc = "src"\n\n[output.html]\n')
    summary = ["# Summary\n"]
    for i in range(n):
        rng = random.Random(i)
        sec, name = place(i)
        title = f"Guide {i}: " + " ".join(rng.choice(WORDS) for _ in range(3))
        front = f"---\ntitle: \"{title}\"\nweight: {i}\n---\n"
        write(os.path.join(careleaf, "content", sec, name + ".md"),
              front + body(random.Random(i), i, n, lambda j: "@/" + joined(*place(j)) + ".md"))
        if not peers:
            continue
        up = "../" * (len(sec.split("/")) if sec else 0)
        write(os.path.join(hugo, "content", sec, name + ".md"),
              front + body(random.Random(i), i, n, lambda j: "/" + joined(*place(j)) + "/"))
        write(os.path.join(zola, "content", sec, name + ".md"),
              front.replace("---", "+++").replace("title: ", "title = ").replace("weight: ", "weight = ")
              + body(random.Random(i), i, n, lambda j: "@/" + joined(*place(j)) + ".md"))
        write(os.path.join(mdbook, "src", sec, name + ".md"),
              f"# {title}\n\n" + body(random.Random(i), i, n,
                                       lambda j: up + joined(*place(j)) + ".md"))
        summary.append(f"- [{title}]({joined(sec, name)}.md)")
    write(os.path.join(mdbook, "src", "SUMMARY.md"), "\n".join(summary) + "\n")


if __name__ == "__main__":
    main()
