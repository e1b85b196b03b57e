#!/usr/bin/env python3
"""Concordance through the CLI, as a translator runs it: `tmkit tm concordance` in a new process
for each phrase, on a memory made by `tmkit tm import`. From the repository root:

    swift build -c release --product tmkit
    .build/release/tmkit tm import /tmp/tm1m.tmx --tm /tmp/tm1m.sqlite
    python3 Benchmarks/concordance_bench.py /tmp/tm1m.sqlite /tmp/q1m.tsv [--per-kind N] [TMKIT ...]

Phrases (N of each kind, default 50): English two-word phrases (two words from the middle of every fourth query, as
TMBenchmark's concordance mode takes them), and from N Korean segments of the memory one
character, two characters and three characters from the middle. Prints the median and p95 per
kind (milliseconds, process start included) for each tmkit binary given (default: this
checkout's release build), side by side in one run.
"""
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time

memory, queries = sys.argv[1], sys.argv[2]
rest = sys.argv[3:]
count = 50
if rest[:1] == ["--per-kind"]:
    count, rest = int(rest[1]), rest[2:]
binaries = rest or [os.path.join(os.path.dirname(__file__), "..", ".build", "release", "tmkit")]

english = []
with open(queries, encoding="utf-8") as lines:
    for index, line in enumerate(lines):
        fields = line.rstrip("\n").split("\t", 3)
        if len(fields) != 4 or index % 4 or len(english) >= count:
            continue
        words = [word.strip(".,;:!?\"'()") for word in fields[3].split(" ")]
        if len(words) >= 4:
            english.append(words[len(words) // 2 - 1] + " " + words[len(words) // 2])

database = sqlite3.connect(f"file:{memory}?mode=ro", uri=True)
korean_texts = [row[0] for row in database.execute(
    "SELECT s.text FROM segments s JOIN languages l ON l.id = s.lang "
    "WHERE l.tag LIKE 'ko%' AND s.unit_id % 997 = 13 LIMIT ?", (count,))]
database.close()


def cut(text, length):
    middle = text[len(text) // 2:].lstrip()
    return middle[:length]


kinds = {
    "English, two words": english,
    "Korean, 1 character": [cut(text, 1) for text in korean_texts],
    "Korean, 2 characters": [cut(text, 2) for text in korean_texts],
    "Korean, 3 characters": [cut(text, 3) for text in korean_texts],
}

for binary in binaries:
    subprocess.run([binary, "tm", "concordance", "--tm", memory, english[0]], capture_output=True)
    print(f"== {binary}")
    for kind, phrases in kinds.items():
        times, hits = [], 0
        for phrase in phrases:
            start = time.perf_counter()
            run = subprocess.run([binary, "tm", "concordance", "--tm", memory, "--format", "json", phrase],
                                 capture_output=True, text=True)
            times.append((time.perf_counter() - start) * 1000)
            if run.returncode not in (0, 1):
                sys.exit(f"{binary} failed on {phrase!r}: {run.stderr.strip()}")
            hits += len(json.loads(run.stdout)) if run.returncode == 0 else 0
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{kind:24} {len(phrases)} phrases, {hits} hits: median {statistics.median(times):7.1f} ms, p95 {p95:7.1f} ms")
