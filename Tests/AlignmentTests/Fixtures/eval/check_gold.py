#!/usr/bin/env python3
"""Verify gold.jsonl against tmkit's own segmentation of the eval documents.

Usage: check_gold.py TMKIT [--dir DIR]

TMKIT is the path to a tmkit binary (e.g. .build/debug/tmkit). DIR defaults to
the folder holding this script. Every NN-slug.en.txt / NN-slug.ko.txt pair is
segmented with `tmkit segment FILE --lang en|ko --format jsonl` and gold.jsonl
is checked:

  * every line is an object with exactly the keys doc, bead, source_indices,
    target_indices, source, target;
  * every document in the folder has beads, and every doc in gold has files;
  * beads of a document are contiguous in gold.jsonl and in document order;
  * per document, the beads cover every source and every target sentence exactly
    once, in order (monotone, no gaps, no overlaps), and no bead is empty (0-0);
  * bead equals "<len(source_indices)>-<len(target_indices)>";
  * source/target equal the segmenter's sentence texts joined by one space
    ("" for an empty side).

Prints the totals, then every error found; exits 1 if there was any error.
Standard library only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

KEYS = {"doc", "bead", "source_indices", "target_indices", "source", "target"}


def segment(tmkit, path, lang):
    proc = subprocess.run(
        [tmkit, "segment", path, "--lang", lang, "--format", "jsonl"],
        capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        sys.exit(f"tmkit segment {path} failed ({proc.returncode}): {proc.stderr.strip()}")
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if [r["index"] for r in rows] != list(range(len(rows))):
        sys.exit(f"{path}: segment indices are not 0..n-1")
    return [r["text"] for r in rows]


def check_side(where, side, indices, sentences, text):
    """Errors for one side of a bead: indices in range, text equal to the segmentation's."""
    if indices and indices[-1] < len(sentences) and indices[0] >= 0:
        want = " ".join(sentences[k] for k in indices)
        if text != want:
            return [f"{where}: {side} text differs from segmentation:\n  gold: {text!r}\n  seg:  {want!r}"]
    elif indices:
        return [f"{where}: {side}_indices {indices} out of range (0..{len(sentences) - 1})"]
    elif text != "":
        return [f"{where}: empty {side} side must have {side} \"\""]
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tmkit", help="path to a tmkit binary")
    ap.add_argument("--dir", default=os.path.dirname(os.path.abspath(__file__)),
                    help="the eval folder (default: this script's folder)")
    args = ap.parse_args()
    folder = args.dir

    docs = sorted(name[: -len(".en.txt")] for name in os.listdir(folder) if name.endswith(".en.txt"))
    errors = []
    for doc in docs:
        if not os.path.exists(os.path.join(folder, doc + ".ko.txt")):
            errors.append(f"{doc}: no {doc}.ko.txt")

    beads = collections.OrderedDict()  # doc -> list of (line number, bead)
    seen_order = []
    with open(os.path.join(folder, "gold.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"gold.jsonl:{n}: empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"gold.jsonl:{n}: bad JSON: {e}")
                continue
            if not isinstance(obj, dict) or set(obj) != KEYS:
                errors.append(f"gold.jsonl:{n}: keys must be {sorted(KEYS)}")
                continue
            doc = obj["doc"]
            if seen_order and seen_order[-1] != doc and doc in beads:
                errors.append(f"gold.jsonl:{n}: beads of {doc} are not contiguous")
            if not seen_order or seen_order[-1] != doc:
                seen_order.append(doc)
            beads.setdefault(doc, []).append((n, obj))

    for doc in beads:
        if doc not in docs:
            errors.append(f"gold.jsonl: doc {doc!r} has no {doc}.en.txt")
    for doc in docs:
        if doc not in beads:
            errors.append(f"{doc}: no beads in gold.jsonl")

    by_type = collections.Counter()
    per_doc = []
    total_src = total_tgt = 0
    for doc in docs:
        if doc not in beads:
            continue
        src = segment(args.tmkit, os.path.join(folder, doc + ".en.txt"), "en")
        tgt = segment(args.tmkit, os.path.join(folder, doc + ".ko.txt"), "ko")
        i = j = 0
        doc_types = collections.Counter()
        for n, b in beads[doc]:
            where = f"gold.jsonl:{n} ({doc})"
            si, ti = b["source_indices"], b["target_indices"]
            if not (isinstance(si, list) and isinstance(ti, list)
                    and all(type(k) is int for k in si + ti)):
                errors.append(f"{where}: indices must be lists of integers")
                continue
            if not si and not ti:
                errors.append(f"{where}: empty 0-0 bead")
            label = f"{len(si)}-{len(ti)}"
            if b["bead"] != label:
                errors.append(f"{where}: bead {b['bead']!r} but indices say {label!r}")
            if si != list(range(i, i + len(si))):
                errors.append(f"{where}: source_indices {si}, expected to continue at {i}")
            if ti != list(range(j, j + len(ti))):
                errors.append(f"{where}: target_indices {ti}, expected to continue at {j}")
            for side, indices, sentences in (("source", si, src), ("target", ti, tgt)):
                errors += check_side(where, side, indices, sentences, b[side])
            if si:
                i = si[-1] + 1
            if ti:
                j = ti[-1] + 1
            doc_types[label] += 1
        if i != len(src):
            errors.append(f"{doc}: beads cover source sentences 0..{i - 1} of {len(src)}")
        if j != len(tgt):
            errors.append(f"{doc}: beads cover target sentences 0..{j - 1} of {len(tgt)}")
        by_type.update(doc_types)
        total_src += len(src)
        total_tgt += len(tgt)
        non11 = sum(c for t, c in doc_types.items() if t != "1-1")
        per_doc.append((doc, len(src), len(tgt), sum(doc_types.values()), non11))

    print(f"{'doc':<26} {'en':>4} {'ko':>4} {'beads':>6} {'non-1-1':>8}")
    for doc, ns, nt, nb, non11 in per_doc:
        print(f"{doc:<26} {ns:>4} {nt:>4} {nb:>6} {non11:>8}")
    total_beads = sum(by_type.values())
    non11 = total_beads - by_type["1-1"]
    omit = by_type["1-0"] + by_type["0-1"]
    print(f"{'total':<26} {total_src:>4} {total_tgt:>4} {total_beads:>6} {non11:>8}")
    print(f"docs: {len(per_doc)}  beads: {total_beads}  non-1-1: {non11}  "
          f"omissions/insertions (1-0 + 0-1): {omit}")
    print("by bead type: " + ", ".join(
        f"{t}: {c}" for t, c in sorted(by_type.items(),
                                       key=lambda tc: (-tc[1], tc[0]))))
    print(f"sentences: en {total_src}, ko {total_tgt}")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
