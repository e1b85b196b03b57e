#!/usr/bin/env python3
"""Translated Markdown keeps its structure (issue 15).

For each Markdown file: `tmkit extract` to XLIFF 1.2, every unit's target filled with a Korean
stand-in (each word of the source text replaced, inline codes kept where they were, state
translated), `tmkit merge`, then both the source and the merged file rendered with
markdown-it-py (CommonMark, plus GFM tables and strikethrough) and compared: the same block
tokens in the same nesting, and per block the same inline markup (emphasis, links, images,
code spans, inline HTML). Prints one line per file and exits 1 when any differs.

    pip install markdown-it-py
    python3 Benchmarks/interop/check_markdown_structure.py .build/debug/tmkit [FILE.md ...]

Without files: Examples/news.en.md and, when ../shared exists beside the checkout, every
Markdown file of ../shared/data/markdown.
"""
import collections
import glob
import os
import re
import subprocess
import sys
import tempfile
from korean_standin import fill_targets
import prerequisites

try:
    from markdown_it import MarkdownIt
except ImportError:
    MarkdownIt = None  # named in main, after the arguments

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def structure(markdown):
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    blocks, inline = [], []
    for token in md.parse(markdown):
        if token.type == "inline":
            kinds = collections.Counter(child.type for child in token.children or []
                                        if child.type not in ("text", "softbreak", "hardbreak"))
            inline.append(sorted(kinds.items()))
        else:
            blocks.append((token.type, token.tag, token.nesting))
    return blocks, inline


def check(tmkit, path, work):
    base = os.path.join(work, os.path.basename(path))
    run = subprocess.run([tmkit, "extract", path, "--input-format", "markdown", "--from", "en", "--to", "ko",
                          "-o", base + ".xlf"], capture_output=True, text=True)
    if run.returncode != 0:
        return False, f"extract failed: {run.stderr.strip()}"
    units = fill_targets(base + ".xlf", base + ".ko.xlf")
    run = subprocess.run([tmkit, "merge", base + ".ko.xlf", "-o", base + ".ko.md"], capture_output=True, text=True)
    if run.returncode != 0:
        return False, f"merge failed: {run.stderr.strip()}"
    with open(path, encoding="utf-8-sig") as f:
        source = f.read()
    with open(base + ".ko.md", encoding="utf-8-sig") as f:
        merged = f.read()
    source_blocks, source_inline = structure(source)
    merged_blocks, merged_inline = structure(merged)
    if source_blocks != merged_blocks:
        for n, (a, b) in enumerate(zip(source_blocks, merged_blocks)):
            if a != b:
                return False, f"{units} units; block token {n} differs: {a} vs {b}"
        return False, f"{units} units; {len(source_blocks)} block tokens vs {len(merged_blocks)}"
    for n, (a, b) in enumerate(zip(source_inline, merged_inline)):
        if a != b:
            return False, f"{units} units; inline markup of block {n} differs: {a} vs {b}"
    hangul = len(re.findall("한국어", merged))
    return True, f"{units} units, {len(source_blocks)} block tokens, same structure ({hangul} words translated)"


def main():
    tmkit = prerequisites.tmkit_binary(sys.argv[1] if len(sys.argv) > 1 else None)
    if MarkdownIt is None:
        prerequisites.missing("markdown-it-py is not installed: pip install markdown-it-py")
    prerequisites.ready()
    files = sys.argv[2:]
    if not files:
        files = [os.path.join(ROOT, "Examples", "news.en.md")]
        shared = os.path.join(os.path.dirname(ROOT), "shared", "data", "markdown")
        files += sorted(f for f in glob.glob(os.path.join(shared, "*.md")) if not f.endswith("SOURCES.md"))
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for path in files:
            ok, message = check(tmkit, path, work)
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {os.path.basename(path)}: {message}")
    print(f"{len(files) - failures} of {len(files)} files keep their structure")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
