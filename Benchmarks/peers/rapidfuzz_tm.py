#!/usr/bin/env python3
"""The peer for tmkit's fuzzy lookup (issue 6): rapidfuzz brute force, what a scripting user picks.

    python3 rapidfuzz_tm.py MEMORY.sqlite QUERIES.tsv [--queries N]

Loads every English source segment of a tmkit memory (the same sources tmkit searches), then
for the first N queries of gen_tmx.py's query file runs
process.extract(query, sources, scorer=fuzz.ratio, limit=5, score_cutoff=70)
and prints the median and p95 milliseconds per query.
"""
import sqlite3, statistics, sys, time

from rapidfuzz import fuzz, process


def main():
    args = sys.argv[1:]
    count = 20
    if "--queries" in args:
        i = args.index("--queries")
        count = int(args[i + 1])
        del args[i:i + 2]
    database, queries_path = args
    start = time.perf_counter()
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    sources = [row[0] for row in db.execute(
        "SELECT text FROM segments WHERE lang = (SELECT id FROM languages WHERE tag = 'en' OR tag LIKE 'en-%' LIMIT 1)")]
    loaded = time.perf_counter() - start
    queries = []
    with open(queries_path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t", 3)
            if len(fields) == 4:
                queries.append(fields[3])
    # Spread the sample over both halves (edited variants, fresh sentences).
    step = max(1, len(queries) // count)
    sample = queries[::step][:count]
    times, matched = [], 0
    for query in sample:
        t = time.perf_counter()
        hits = process.extract(query, sources, scorer=fuzz.ratio, limit=5, score_cutoff=70)
        times.append((time.perf_counter() - t) * 1000)
        matched += 1 if hits else 0
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"rapidfuzz process.extract fuzz.ratio: {len(sources)} sources loaded in {loaded:.2f} s; "
          f"{len(sample)} queries ({matched} with a match >= 70), median {statistics.median(times):.2f} ms, "
          f"p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
