#!/usr/bin/env python3
"""XLIFF interop with translate-toolkit (pip install translate-toolkit; checked with 3.20).

1. translate-toolkit loads tmkit's XLIFF 1.2 (translate.storage.xliff) and 2.1
   (translate.storage.xliff2) with the same units, sources and targets as tmkit wrote, and
   puts at "translated" exactly the units tmkit filled from exact memory matches (the others
   hold a copy of the source at needs-translation, for OmegaT). translate-toolkit calls a
   1.2 unit "translated" only when approved="yes"; tmkit never approves a memory match, so
   the comparison is on translate-toolkit's state (get_state_n).
2. translate-toolkit translates units in tmkit's XLIFF and saves it; `tmkit merge` takes
   those translations and `tmkit tmx convert` imports the same pairs translate-toolkit reports.
3. An XLIFF translate-toolkit writes from scratch (po2xliff) reads in tmkit with the pairs
   translate-toolkit reports.

    swift build
    python3 Benchmarks/interop/check_translate_toolkit_xliff.py .build/debug/tmkit
"""
import os
import subprocess
import sys
import tempfile

import prerequisites

po = prerequisites.require("translate.storage.po", "pip install translate-toolkit")
xliff = prerequisites.require("translate.storage.xliff", "pip install translate-toolkit")
xliff2 = prerequisites.require("translate.storage.xliff2", "pip install translate-toolkit")

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tmkit = prerequisites.tmkit_binary(sys.argv[1] if len(sys.argv) > 1 else None)
prerequisites.ready()
work = tempfile.mkdtemp()
failures = 0


def run(*args):
    return subprocess.run([tmkit, *args], capture_output=True, text=True, check=True)


def check(name, ok, detail=""):
    global failures
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    failures += 0 if ok else 1


def at_least_translated(unit):
    """translate-toolkit's state of a unit, on XLIFF's scale: translated or beyond."""
    if isinstance(unit, xliff.xliffunit):
        return unit.get_state_n() >= unit.S_TRANSLATED
    return unit.istranslated()


def tsv_pairs(path):
    pairs = []
    for line in open(path, encoding="utf-8"):
        cells = line.rstrip("\n").split("\t")
        pairs.append((cells[0], cells[1] if len(cells) > 1 else ""))
    return pairs


article = os.path.join(root, "Examples/article.en.txt")
memory = os.path.join(root, "TMX/news.en-ko.tmx")
sentences = [line for line in run("segment", article).stdout.splitlines() if line]

# 1. tmkit's XLIFF in translate-toolkit.
for version, module, store_class in (("1.2", xliff, "xlifffile"), ("2.1", xliff2, "Xliff2File")):
    path = os.path.join(work, f"article.{version}.xlf")
    run("extract", article, "--tm", memory, "--xliff", version, "-o", path)
    with open(path, "rb") as handle:
        store = getattr(module, store_class).parsestring(handle.read())
    units = [unit for unit in store.units if not unit.isheader()]
    check(f"XLIFF {version}: translate-toolkit sees tmkit's {len(sentences)} units", len(units) == len(sentences), len(units))
    check(f"XLIFF {version}: same sources", [str(unit.source) for unit in units] == sentences)
    translated = [unit for unit in units if at_least_translated(unit)]
    check(f"XLIFF {version}: 8 units translated (the exact matches), the rest not",
          len(translated) == 8, [str(unit.getid()) for unit in translated])
    run("tmx", "convert", path, "-o", os.path.join(work, f"exact.{version}.tsv"))
    ours = tsv_pairs(os.path.join(work, f"exact.{version}.tsv"))
    theirs = [(str(unit.source), str(unit.target)) for unit in translated]
    check(f"XLIFF {version}: tmkit and translate-toolkit agree on the translated pairs", ours == theirs, (ours[:2], theirs[:2]))

# 2. translate-toolkit translates two more units and saves; tmkit merges and imports them.
path = os.path.join(work, "article.1.2.xlf")
with open(path, "rb") as handle:
    store = xliff.xlifffile.parsestring(handle.read())
units = [unit for unit in store.units if not unit.isheader() and not at_least_translated(unit)]
for unit, text in zip(units[:2], ["번역 하나.", "번역 둘."]):
    unit.target = text
    unit.markfuzzy(False)
    unit.setid(unit.getid())
saved = os.path.join(work, "ttk-saved.xlf")
store.savefile(saved)
merged = os.path.join(work, "article.ko.txt")
result = subprocess.run([tmkit, "merge", saved, "-o", merged], capture_output=True, text=True)
text = open(merged, encoding="utf-8").read() if result.returncode == 0 else ""
check("merge takes translate-toolkit's translations", "번역 하나." in text and "번역 둘." in text, result.stderr.strip())
run("tmx", "convert", saved, "-o", os.path.join(work, "saved.tsv"))
with open(saved, "rb") as handle:
    reread = xliff.xlifffile.parsestring(handle.read())
theirs = [(str(unit.source), str(unit.target)) for unit in reread.units if not unit.isheader() and at_least_translated(unit)]
check("tmkit imports the pairs translate-toolkit reports as translated", tsv_pairs(os.path.join(work, "saved.tsv")) == theirs,
      (len(tsv_pairs(os.path.join(work, "saved.tsv"))), len(theirs)))

# 3. XLIFF written by translate-toolkit from a PO file.
catalog = po.pofile()
for source, target in [("North Korea fired a missile.", "북한이 미사일을 발사했다."), ("It flew 70 km.", "70km를 날았다."),
                       ("Not translated yet.", "")]:
    unit = catalog.addsourceunit(source)
    unit.target = target
po_path, xlf_path = os.path.join(work, "pairs.po"), os.path.join(work, "pairs.xlf")
catalog.savefile(po_path)
subprocess.run(["po2xliff", "--progress=none", po_path, xlf_path], check=True)
with open(xlf_path, "rb") as handle:
    store = xliff.xlifffile.parsestring(handle.read())
theirs = [(str(unit.source), str(unit.target)) for unit in store.units if not unit.isheader() and at_least_translated(unit)]
run("tmx", "convert", xlf_path, "-o", os.path.join(work, "pairs.tsv"), "--from", "en", "--to", "ko")
check("po2xliff's XLIFF reads in tmkit with translate-toolkit's translated pairs",
      tsv_pairs(os.path.join(work, "pairs.tsv")) == theirs, (tsv_pairs(os.path.join(work, "pairs.tsv")), theirs))

print("all passed" if failures == 0 else f"{failures} failed")
sys.exit(1 if failures else 0)
