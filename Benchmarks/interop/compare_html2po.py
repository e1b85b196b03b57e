#!/usr/bin/env python3
"""What tmkit and translate-toolkit's html2po offer for translation on the same pages (issue 15).

For each page, html2po's messages (inline tags and entities stripped, whitespace collapsed) and
tmkit's units (`tmkit segment --format jsonl`: the text of each sentence) are compared as word
sequences:
  - missed by tmkit: an html2po message whose words do not appear, in order, in tmkit's text;
  - missed by html2po: a tmkit unit whose words do not appear in html2po's text;
  - split by tmkit: html2po messages that tmkit cuts into two or more sentences.
Prints one line per page, the misses (up to --show of them), and totals.

    pip install translate-toolkit
    python3 Benchmarks/interop/compare_html2po.py .build/release/tmkit [PAGE.html ...] [--show N]

Without pages: Examples/news.en.html and, when ../shared exists beside the checkout, every
page of ../shared/data/html.
"""
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile

import prerequisites

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORD = re.compile(r"\w+", re.UNICODE)


def words(text):
    return [w.lower() for w in WORD.findall(text)]


def po_messages(path):
    """msgids of a PO file, header left out."""
    messages, current, key = [], [], None
    def flush():
        if key == "msgid" and current:
            messages.append("".join(current))
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("msgid "):
                flush()
                key, current = "msgid", [json.loads(line[6:])]
            elif line.startswith("msgstr") or line.startswith("msgctxt") or line.startswith("#") or not line:
                flush()
                key, current = None, []
            elif line.startswith('"') and key == "msgid":
                current.append(json.loads(line))
    flush()
    texts = []
    for message in messages:
        text = html.unescape(re.sub(r"<[^>]*>", " ", message))
        text = " ".join(text.split())
        if words(text):
            texts.append(text)
    return texts


def contains(haystack, needle):
    """Whether `needle` (a word list) occurs in `haystack` (a word list) contiguously."""
    if not needle:
        return True
    first, n = needle[0], len(needle)
    for i in range(len(haystack) - n + 1):
        if haystack[i] == first and haystack[i:i + n] == needle:
            return True
    return False


def compare(tmkit, page, work, show):
    po = os.path.join(work, os.path.basename(page) + ".po")
    run = subprocess.run(["html2po", "--progress=none", page, po], capture_output=True, text=True)
    if run.returncode != 0:
        return None, f"html2po failed: {run.stderr.strip()[-200:]}"
    theirs = po_messages(po)
    run = subprocess.run([tmkit, "segment", "--format", "jsonl", "--input-format", "html", page], capture_output=True, text=True)
    if run.returncode != 0:
        return None, f"tmkit failed: {run.stderr.strip()}"
    ours = [json.loads(line)["text"] for line in run.stdout.splitlines() if line]
    our_words = [w for text in ours for w in words(text)]
    their_words = [w for text in theirs for w in words(text)]
    missed_by_us = [t for t in theirs if not contains(our_words, words(t))]
    missed_by_them = [t for t in ours if not contains(their_words, words(t))]
    split = 0
    for text in theirs:
        w = words(text)
        inside = [u for u in ours if len(words(u)) < len(w) and contains(w, words(u))]
        if len(inside) >= 2:
            split += 1
    result = {"html2po": len(theirs), "tmkit": len(ours), "missed_by_tmkit": missed_by_us,
              "missed_by_html2po": missed_by_them, "split": split}
    return result, None


def main():
    args = sys.argv[1:]
    show = 5
    if "--show" in args:
        i = args.index("--show")
        show = int(args[i + 1])
        del args[i:i + 2]
    tmkit = prerequisites.tmkit_binary(args[0] if args else None)
    prerequisites.require_command("html2po", "pip install translate-toolkit")
    prerequisites.ready()
    pages = args[1:]
    if not pages:
        pages = [os.path.join(ROOT, "Examples", "news.en.html")]
        shared = os.path.join(os.path.dirname(ROOT), "shared", "data", "html")
        pages += sorted(glob.glob(os.path.join(shared, "*.htm*")))
    totals = {"html2po": 0, "tmkit": 0, "missed_by_tmkit": 0, "missed_by_html2po": 0, "split": 0}
    with tempfile.TemporaryDirectory() as work:
        for page in pages:
            result, error = compare(tmkit, page, work, show)
            name = os.path.basename(page)
            if error:
                print(f"skip {name}: {error}")
                continue
            for key in ("html2po", "tmkit", "split"):
                totals[key] += result[key]
            for key in ("missed_by_tmkit", "missed_by_html2po"):
                totals[key] += len(result[key])
            print(f"{name}: html2po {result['html2po']} messages, tmkit {result['tmkit']} sentences; "
                  f"{result['split']} messages split into sentences; missed by tmkit {len(result['missed_by_tmkit'])}, "
                  f"by html2po {len(result['missed_by_html2po'])}")
            for text in result["missed_by_tmkit"][:show]:
                print(f"    missed by tmkit:   {text[:110]}")
            for text in result["missed_by_html2po"][:show]:
                print(f"    missed by html2po: {text[:110]}")
    print(f"total: html2po {totals['html2po']} messages, tmkit {totals['tmkit']} sentences; {totals['split']} messages "
          f"split into sentences; missed by tmkit {totals['missed_by_tmkit']}, by html2po {totals['missed_by_html2po']}")


if __name__ == "__main__":
    main()
