#!/usr/bin/env bash
# XLIFF round trip (issue 14): tmkit extract and merge beside translate-toolkit's chain
# (txt2po + po2xliff out, xliff2po + po2txt back: Okapi Tikal is not installable here), in
# one run, through the command lines, on the same 10 MB article set. From the repository root:
#
#   swift build -c release --product tmkit
#   pip install translate-toolkit
#   bash Benchmarks/xliff_bench.sh [WORK_DIR]
#
# WORK_DIR (default /dev/shm, so that the disk does not decide) receives the inputs and outputs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmkit="$root/.build/release/tmkit"
work=${1:-/dev/shm}/tmkit-xliff-bench
mkdir -p "$work"
python3 - "$root/Examples/article.en.txt" "$work/set.txt" <<'PY'
import sys
article = open(sys.argv[1], encoding="utf-8").read()
parts, size = [], 0
while size < 10 * 1024 * 1024:
    parts.append(article)
    size += len(article.encode()) + 2
open(sys.argv[2], "w", encoding="utf-8").write("\n\n".join(parts))
PY
bytes=$(stat -c %s "$work/set.txt")
echo "input: $bytes bytes (Examples/article.en.txt repeated, hard wraps and no-break-space lines)"

source "$root/Benchmarks/timing.sh"  # timed LABEL COMMAND...: three runs, the medians

# Extract alone (--no-glossary: the release binary finds the checkout's bundled glossary from
# any folder); then with the bundled glossary (every term found becomes a note), as users run it.
cd "$work"
t_extract=$(timed "tmkit extract --no-glossary" "$tmkit" extract "$work/set.txt" --from en --to ko --no-glossary -o "$work/set.xlf")
timed "tmkit extract --glossary (bundled, notes)" "$tmkit" extract "$work/set.txt" --from en --to ko \
    --glossary "$root/Glossaries/north-korea-news.tbx" -o "$work/set.terms.xlf" > /dev/null
t_merge=$(timed "tmkit merge" "$tmkit" merge "$work/set.xlf" -o "$work/set.back.txt")
cmp -s "$work/set.back.txt" "$work/set.txt" && echo "tmkit round trip: byte-identical" || echo "tmkit round trip: DIFFERS"
# The floor for merge: libxml2 alone streaming through the same XLIFF (this machine's speed varies
# from hour to hour; the ratio to xmllint says more than seconds).
t_xmllint=$(timed "xmllint --stream --noout (the XLIFF)" xmllint --stream --noout "$work/set.xlf")
t_txt2po=$(timed "translate-toolkit txt2po" txt2po --progress=none "$work/set.txt" "$work/set.po")
t_po2xliff=$(timed "translate-toolkit po2xliff" po2xliff --progress=none "$work/set.po" "$work/set.ttk.xlf")
t_xliff2po=$(timed "translate-toolkit xliff2po" xliff2po --progress=none "$work/set.ttk.xlf" "$work/set.back.po")
t_po2txt=$(timed "translate-toolkit po2txt" po2txt --progress=none "$work/set.back.po" "$work/set.ttk.back.txt" -t "$work/set.txt")
cmp -s "$work/set.ttk.back.txt" "$work/set.txt" && echo "translate-toolkit round trip: byte-identical" || echo "translate-toolkit round trip: differs from the input"
out=$(echo "$t_txt2po + $t_po2xliff" | bc -l)
back=$(echo "$t_xliff2po + $t_po2txt" | bc -l)
printf 'out:  tmkit extract %.2f s, translate-toolkit txt2po+po2xliff %.2f s: tmkit %.1fx\n' "$t_extract" "$out" "$(echo "$out / $t_extract" | bc -l)"
printf 'back: tmkit merge %.2f s, translate-toolkit xliff2po+po2txt %.2f s: tmkit %.1fx\n' "$t_merge" "$back" "$(echo "$back / $t_merge" | bc -l)"
printf 'merge / xmllint --stream on the same XLIFF: %.2f\n' "$(echo "$t_merge / $t_xmllint" | bc -l)"
printf 'extract / xmllint --stream on its XLIFF: %.2f\n' "$(echo "$t_extract / $t_xmllint" | bc -l)"
