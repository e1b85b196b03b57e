#!/usr/bin/env python3
"""Translated HTML pages keep their markup (issue 15).

For each page: `tmkit extract` to XLIFF 1.2, every unit's target filled with a Korean stand-in
(each word of the source text replaced, inline codes kept where they were, state translated),
`tmkit merge`, then:
  - libxml2's HTML parser (`xmllint --html --noout`) reports no more errors on the merged page
    than on the source;
  - the merged page has the same start and end tags, in the same order and nesting, as the
    source (html.parser; the values of translated attributes aside; a page written as UTF-8
    because its character set cannot hold Korean may add its <meta charset>);
  - the merged page's <html> says lang="ko" (pages that have an <html> start tag).
Prints one line per page and exits 1 when any fails.

    apt-get install libxml2-utils
    python3 Benchmarks/interop/check_html_translated.py .build/debug/tmkit [PAGE.html ...]

Without pages: Examples/news.en.html and, when ../shared exists beside the checkout, every page
of ../shared/data/html.
"""
import glob
import html.parser
import os
import subprocess
import sys
import tempfile
from korean_standin import fill_targets
import prerequisites

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        self.tags.append("<" + tag)
        if tag == "html" and self.lang is None:
            self.lang = dict(attrs).get("lang")

    def handle_endtag(self, tag):
        self.tags.append("</" + tag)


def tags(path):
    with open(path, "rb") as f:
        data = f.read()
    parser = Tags()
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    parser.feed(data.decode(encoding, errors="replace"))
    parser.close()
    return parser


def libxml2_errors(path):
    run = subprocess.run(["xmllint", "--html", "--noout", path], capture_output=True)
    return sum(1 for line in run.stderr.decode("utf-8", "replace").splitlines() if " error : " in line)


def check(tmkit, page, work):
    base = os.path.join(work, os.path.basename(page))
    run = subprocess.run([tmkit, "extract", page, "--input-format", "html", "--from", "en", "--to", "ko", "-o", base + ".xlf"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return False, f"extract failed: {run.stderr.strip()}"
    units = fill_targets(base + ".xlf", base + ".ko.xlf")
    run = subprocess.run([tmkit, "merge", base + ".ko.xlf", "-o", base + ".ko.html"], capture_output=True, text=True)
    if run.returncode != 0:
        return False, f"merge failed: {run.stderr.strip()}"
    before, after = libxml2_errors(page), libxml2_errors(base + ".ko.html")
    if after > before:
        return False, f"{units} units; libxml2 errors {before} → {after}"
    source, merged = tags(page), tags(base + ".ko.html")
    note = ""
    if source.tags != merged.tags and "<meta" in merged.tags:
        # A page whose character set cannot hold Korean is written as UTF-8 and says so.
        without = list(merged.tags)
        without.remove("<meta")
        if without == source.tags:
            merged.tags, note = without, ", <meta charset=\"utf-8\"> added"
    if source.tags != merged.tags:
        for n, (a, b) in enumerate(zip(source.tags, merged.tags)):
            if a != b:
                return False, f"{units} units; tag {n} differs: {a} vs {b}"
        return False, f"{units} units; {len(source.tags)} tags vs {len(merged.tags)}"
    if "<html" in source.tags and merged.lang != "ko":
        return False, f"{units} units; lang is {merged.lang!r}"
    return True, f"{units} units, {len(source.tags)} tags in place, libxml2 errors {before} → {after}{note}"


def main():
    tmkit = prerequisites.tmkit_binary(sys.argv[1] if len(sys.argv) > 1 else None)
    prerequisites.require_command("xmllint", "apt-get install libxml2-utils")
    prerequisites.ready()
    pages = sys.argv[2:]
    if not pages:
        pages = [os.path.join(ROOT, "Examples", "news.en.html")]
        shared = os.path.join(os.path.dirname(ROOT), "shared", "data", "html")
        pages += sorted(glob.glob(os.path.join(shared, "*.htm*")))
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for page in pages:
            ok, message = check(tmkit, page, work)
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {os.path.basename(page)}: {message}")
    print(f"{len(pages) - failures} of {len(pages)} pages keep their markup")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
