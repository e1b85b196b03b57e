#!/usr/bin/env python3
"""Glossary matching peers on the benchmark data, as a second process.

    pip install pyahocorasick flashtext
    python3 Benchmarks/peers/glossary_peers.py english /tmp/g.tsv /tmp/g.txt
    python3 Benchmarks/peers/glossary_peers.py korean /tmp/k.tsv /tmp/k.txt /tmp/k.spans

english: terms are column 1 of the TSV; korean: column 2. For each tool prints build time,
MB/s (best of 3 runs... median), matches, and for Korean recall and precision against the
injected spans (a hit counts when its span equals an injected term's span).
- pyahocorasick: an automaton of the (lower-cased) terms; a hit is kept when it starts and ends
  at a word boundary (not a letter or digit on either side), then leftmost-longest.
- flashtext: KeywordProcessor with span_info.
"""
import statistics
import sys
import time

import ahocorasick
from flashtext import KeywordProcessor


def load(path, column):
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t")[column] for line in handle if line.strip()]


def aho_matches(automaton, text):
    hits = []
    for end, (length, term) in automaton.iter(text):
        start = end - length + 1
        if start > 0 and text[start - 1].isalnum():
            continue
        if end + 1 < len(text) and text[end + 1].isalnum():
            continue
        hits.append((start, end + 1))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    result, last = [], -1
    for start, end in hits:
        if start >= last:
            result.append((start, end))
            last = end
    return result


def measure(name, build, run, text, spans):
    start = time.perf_counter()
    matcher = build()
    build_seconds = time.perf_counter() - start
    times, found = [], []
    for _ in range(3):
        start = time.perf_counter()
        found = run(matcher)
        times.append(time.perf_counter() - start)
    mb = len(text.encode()) / 1e6
    line = f"{name}: build {build_seconds:.2f} s, {mb / statistics.median(times):.2f} MB/s, {len(found)} matches"
    if spans is not None:
        # Character offsets to UTF-8 byte offsets.
        offsets = [0]
        for character in text:
            offsets.append(offsets[-1] + len(character.encode()))
        got = {(offsets[s], offsets[e]) for s, e in found}
        true = sum(1 for span in got if span in spans)
        recall = sum(1 for span in spans if span in got) / len(spans)
        precision = true / len(got) if got else 0.0
        line += f", recall {recall:.3f}, precision {precision:.3f}"
    print(line)


def main():
    mode, tsv, text_path = sys.argv[1:4]
    terms = load(tsv, 0 if mode == "english" else 1)
    with open(text_path, encoding="utf-8") as handle:
        text = handle.read()
    spans = None
    if mode == "korean":
        with open(sys.argv[4], encoding="utf-8") as handle:
            spans = {(int(a), int(b)) for a, b, _ in (line.rstrip("\n").split("\t") for line in handle)}
    lowered = text.lower()

    def build_aho():
        automaton = ahocorasick.Automaton()
        for term in terms:
            key = term.lower()
            automaton.add_word(key, (len(key), term))
        automaton.make_automaton()
        return automaton

    def build_flash():
        processor = KeywordProcessor(case_sensitive=False)
        for term in terms:
            processor.add_keyword(term)
        return processor

    measure("pyahocorasick + word boundaries", build_aho, lambda a: aho_matches(a, lowered), text, spans)
    measure("flashtext", build_flash, lambda p: [(s, e) for _, s, e in p.extract_keywords(text, span_info=True)],
            text, spans)


if __name__ == "__main__":
    main()
