#!/usr/bin/env python3
"""translate-toolkit reading a TMX: parse the file and read every unit's source and target.

    pip install translate-toolkit
    /usr/bin/time -v python3 Benchmarks/peers/tt_tmx_bench.py FILE [--runs 1]
"""
import argparse
import os
import statistics
import time

from translate.storage import tmx


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    size = os.path.getsize(args.file)
    times = []
    units = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        with open(args.file, "rb") as handle:
            store = tmx.tmxfile(handle)
        units = 0
        characters = 0
        for unit in store.units:
            characters += len(unit.source or "") + len(unit.target or "")
            units += 1
        times.append(time.perf_counter() - start)
        del store
    seconds = statistics.median(times)
    print(f"translate-toolkit read: {units} units, {size / seconds / 1e6:.2f} MB/s "
          f"(median of {args.runs}, {seconds:.2f} s)")


if __name__ == "__main__":
    main()
