#!/usr/bin/env python3
"""pySBD throughput on the same corpus as SegmentationBenchmark, as a second process.

    pip install pysbd
    python3 Benchmarks/peers/pysbd_bench.py CORPUS [--runs 3] [--golden-rules FILE]

Segments each blank-line paragraph with pysbd.Segmenter(language="en", clean=False) and
prints Unicode scalars per second (median of the runs). With --golden-rules it also scores
the Golden Rules JSON (a case passes when the segments equal the expected list).
"""
import argparse
import json
import statistics
import time

import pysbd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--golden-rules")
    args = parser.parse_args()

    text = open(args.corpus, encoding="utf-8").read()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    segmenter = pysbd.Segmenter(language="en", clean=False)
    times = []
    count = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        count = 0
        for paragraph in paragraphs:
            count += len(segmenter.segment(paragraph))
        times.append(time.perf_counter() - start)
    rate = len(text) / statistics.median(times) / 1e6
    print(f"pySBD {pysbd.__version__}  {rate:.3f} M chars/s  {count} segments  "
          f"({args.runs} runs, median {statistics.median(times):.1f} s)")

    if args.golden_rules:
        rules = json.load(open(args.golden_rules, encoding="utf-8"))
        passed = sum(1 for r in rules
                     if [s.strip() for s in segmenter.segment(r["text"])] == r["expected"])
        print(f"pySBD Golden Rules: {passed}/{len(rules)}")


if __name__ == "__main__":
    main()
