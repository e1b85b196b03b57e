#!/usr/bin/env bash
# Translation QA (issue 16): tmkit qa beside translate-toolkit's pofilter, through the command
# lines, in one run. tmkit checks the whole TMX (all its checks); pofilter, much slower, runs on
# the first N units of the same memory converted to PO (the tests that match tmkit's checks), and
# the comparison is per unit. From the repository root:
#
#   python3 ../shared/tools/gen_tmx.py --n 1000000 --near-duplicates 0.2 --out /tmp/tm1m.tmx --queries /tmp/q1m.tsv
#   swift build -c release --product tmkit
#   pip install translate-toolkit
#   bash Benchmarks/qa_bench.sh /tmp/tm1m.tmx [N (default 20000)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmkit="$root/.build/release/tmkit"
tmx=${1:?usage: qa_bench.sh TMX [N]}
n=${2:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

units=$(grep -c '<tu ' "$tmx" || true)
/usr/bin/time -f "%e %M" -o "$work/time" "$tmkit" qa "$tmx" --format jsonl > "$work/findings.jsonl" 2> "$work/qa.err" || true
read -r t_tmkit peak < <(tail -1 "$work/time")
echo "tmkit qa: $units units in $t_tmkit s ($(echo "$units / $t_tmkit" | bc) units/s), peak $((peak / 1024)) MB; $(wc -l < "$work/findings.jsonl") findings"
tail -1 "$work/qa.err"

# The first N units as PO, for pofilter.
"$tmkit" tmx convert "$tmx" -o "$work/all.jsonl" 2>/dev/null
python3 - "$work/all.jsonl" "$work/part.po" "$n" <<'PY'
import json, sys
source, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(out, "w", encoding="utf-8") as po:
    po.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko\\n"\n\n')
    count = 0
    for line in open(source, encoding="utf-8"):
        variants = json.loads(line)["variants"]
        en = next((v for k, v in variants.items() if k.lower().startswith("en")), None)
        ko = next((v for k, v in variants.items() if k.lower().startswith("ko")), None)
        if not isinstance(en, str) or not isinstance(ko, str):
            continue
        count += 1
        po.write(f"msgctxt {json.dumps(str(count))}\nmsgid {json.dumps(en, ensure_ascii=False)}\nmsgstr {json.dumps(ko, ensure_ascii=False)}\n\n")
        if count == n:
            break
PY
tests=""
for t in numbers xmltags endpunc doublespacing brackets startwhitespace endwhitespace doublequoting startpunc untranslated unchanged urls emails long short; do
    tests="$tests -t $t"
done
/usr/bin/time -f "%e" -o "$work/time" pofilter --progress=none $tests -i "$work/part.po" -o "$work/filtered.po" > /dev/null 2>&1 || true
t_pofilter=$(tail -1 "$work/time")
echo "pofilter: $n units in $t_pofilter s ($(echo "$n / $t_pofilter" | bc) units/s)"
printf 'per unit: tmkit %.1f µs, pofilter %.1f µs: tmkit %.1fx\n' "$(echo "$t_tmkit / $units * 1000000" | bc -l)" \
    "$(echo "$t_pofilter / $n * 1000000" | bc -l)" "$(echo "($t_pofilter / $n) / ($t_tmkit / $units)" | bc -l)"
