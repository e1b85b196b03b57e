#!/usr/bin/env python3
"""Recall and precision of Korean term matching against a hand-checked gold list (issue 18).

    python3 Benchmarks/glossary/score_korean_terms.py .build/release/tmkit [--show]

Runs `tmkit glossary annotate --format jsonl --lang ko` (the bundled glossary) on each
document of Benchmarks/glossary/korean-terms.gold.tsv: five news-dev documents from
../shared/data/align/news-dev (skipped when ../shared is not beside the checkout) and
Examples/article.ko.txt. A found term is right when its byte span equals a gold span; spans
marked other-sense in the gold count neither way. --show lists misses and false alarms.
"""
import collections, json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/tmkit")
show = "--show" in sys.argv
news = os.path.join(root, "..", "shared", "data", "align", "news-dev", "docs")

gold, neutral = collections.defaultdict(dict), collections.defaultdict(set)
for line in open(os.path.join(root, "Benchmarks/glossary/korean-terms.gold.tsv"), encoding="utf-8"):
    if line.startswith("#") or line.startswith("document\t"):
        continue
    document, start, end, text, entry, note = line.rstrip("\n").split("\t")
    span = (int(start), int(end))
    if note == "other-sense":
        neutral[document].add(span)
    else:
        gold[document][span] = (text, entry, note)

totals = collections.Counter()
for document in gold:
    path = os.path.join(root, "Examples/article.ko.txt") if document == "article" else os.path.join(news, document, "easy", "ko.txt")
    if not os.path.exists(path):
        print(f"{document}: skipped ({path} is not here)")
        continue
    run = subprocess.run([binary, "glossary", "annotate", "--format", "jsonl", "--lang", "ko", path], capture_output=True, text=True, cwd=root)
    if run.returncode != 0:
        sys.exit(f"{document}: tmkit failed: {run.stderr.strip()}")
    found = {}
    for line in run.stdout.splitlines():
        for term in json.loads(line)["terms"]:
            found[(term["start"], term["end"])] = term
    raw = open(path, "rb").read()
    hits = [s for s in found if s in gold[document]]
    alarms = [s for s in found if s not in gold[document] and s not in neutral[document]]
    misses = [s for s in gold[document] if s not in found]
    totals.update(gold=len(gold[document]), hits=len(hits), found=len(hits) + len(alarms))
    print(f"{document}: {len(gold[document])} gold, {len(hits)} found, {len(misses)} missed, {len(alarms)} false alarms")
    if show:
        for s in sorted(misses):
            print(f"    missed {s[0]}-{s[1]} {gold[document][s][0]!r} ({gold[document][s][1]}; {gold[document][s][2] or 'in the glossary'})")
        for s in sorted(alarms):
            print(f"    false alarm {s[0]}-{s[1]} {raw[s[0]:s[1]].decode()!r} (entry {found[s].get('entry')})")
recall = totals["hits"] / max(1, totals["gold"])
precision = totals["hits"] / max(1, totals["found"])
print(f"all: recall {recall:.3f} ({totals['hits']}/{totals['gold']}), precision {precision:.3f} ({totals['hits']}/{totals['found']})")
