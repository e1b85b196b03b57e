#!/usr/bin/env python3
"""Boundary errors of `tmkit segment` on the UD dev sets, by class (issue 17).

usage (from the repository root, with ../shared beside it):
  python3 Benchmarks/segmentation/ud_errors.py .build/release/tmkit [en|ko] [--show N] [--kiwi]

Writes every paragraph of the set as one blank-line block, segments the whole set with one
`tmkit segment - --format jsonl` run, and scores boundaries the way ../shared/tools/score_seg_ud.py
does (positions in the paragraph with whitespace removed; paragraph ends not counted), split into
boundaries after end punctuation and boundaries without it, with examples of misses (FN) and false
splits (FP). --kiwi scores kiwipiepy's split_into_sents on the Korean set side by side."""
import json, os, subprocess, sys, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
UD = os.path.join(ROOT, "..", "shared", "data", "segmentation", "ud")
END = set(".!?。．！？…\"'”’)]}»」』〉》~^ㅋㅎㅠㅜ")


def squash(s):
    return "".join(s.split())


def boundaries(sentences):
    out, pos = {}, 0
    for s in sentences[:-1]:
        pos += len(squash(s))
        out[pos] = s
    return out


def punctuated(sentence):
    s = sentence.rstrip()
    if not s:
        return False
    c = s[-1]
    return c in ".!?。．！？…" or (c in "\"'”’)]}»」』" and any(p in s[-4:] for p in ".!?…"))


def main():
    args = sys.argv[1:]
    binary = args.pop(0)
    lang = args.pop(0) if args and args[0] in ("en", "ko") else "en"
    show = int(args[args.index("--show") + 1]) if "--show" in args else 10
    name = "en_ewt-dev.json" if lang == "en" else "ko_gsd-dev.json"
    docs = json.load(open(os.path.join(UD, name), encoding="utf-8"))["documents"]
    gold = [[" ".join(s.split()) for s in p] for d in docs for p in d["paragraphs"] if p]
    text = "\n\n".join(" ".join(p) for p in gold) + "\n"
    started = time.perf_counter()
    r = subprocess.run([binary, "segment", "-", "--lang", lang, "--format", "jsonl"],
                       input=text.encode(), capture_output=True, check=True)
    seconds = time.perf_counter() - started
    paras = {}
    for line in r.stdout.decode().splitlines():
        o = json.loads(line)
        paras.setdefault(o["paragraph"], []).append(" ".join(o["text"].split()))
    pred = [paras[k] for k in sorted(paras)]
    assert len(pred) == len(gold), (len(pred), len(gold))
    report(f"tmkit ({seconds:.2f} s, one process)", gold, pred, show)
    if "--kiwi" in args and lang == "ko":
        from kiwipiepy import Kiwi
        started = time.perf_counter()
        kiwi = Kiwi()
        loaded = time.perf_counter()
        kpred = [[" ".join(s.text.split()) for s in kiwi.split_into_sents(" ".join(p))] for p in gold]
        done = time.perf_counter()
        report(f"kiwipiepy {kiwi_version()} ({done - loaded:.2f} s after {loaded - started:.2f} s loading its model)", gold, kpred, 0)


def kiwi_version():
    import kiwipiepy
    return getattr(kiwipiepy, "__version__", "")


def report(name, gold, pred, show):
    counts = {True: [0, 0], False: [0, 0]}  # punctuated: [tp, fn]
    fp = 0
    misses, false_splits = [], []
    for g, p in zip(gold, pred):
        gb, pb = boundaries(g), boundaries(p)
        flat = squash(" ".join(g))
        for pos, sentence in gb.items():
            hit = pos in pb
            counts[punctuated(sentence)][0 if hit else 1] += 1
            if not hit:
                misses.append((punctuated(sentence), flat[max(0, pos - 40):pos] + " ‖ " + flat[pos:pos + 30]))
        for pos in pb:
            if pos not in gb:
                fp += 1
                false_splits.append(flat[max(0, pos - 40):pos] + " ‖ " + flat[pos:pos + 30])
    tp = counts[True][0] + counts[False][0]
    fn = counts[True][1] + counts[False][1]
    P, R = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    F = 2 * P * R / max(P + R, 1e-9)
    print(f"{name}: boundary P {P:.3f} R {R:.3f} F1 {F:.3f} (tp {tp}, fp {fp}, fn {fn})")
    for kind in (True, False):
        t, n = counts[kind]
        print(f"  {'after end punctuation' if kind else 'without end punctuation':24} {t}/{t + n} found (recall {t / max(t + n, 1):.3f})")
    if show:
        print(f"  misses (first {show} of each kind):")
        for kind in (True, False):
            for _, m in [m for m in misses if m[0] == kind][:show]:
                print(f"    {'P' if kind else 'U'}  {m}")
        print(f"  false splits (first {show}):")
        for m in false_splits[:show]:
            print(f"    {m}")


if __name__ == "__main__":
    main()
