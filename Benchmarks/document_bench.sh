#!/usr/bin/env bash
# HTML and Markdown extract (issue 15): tmkit extract and merge beside translate-toolkit's
# html2po or md2po in one run, through the command lines, on real documents repeated to SIZE_MB:
# news pages from ../shared/data/html (Wikipedia, BBC, Le Monde, heise) or the Markdown files of
# ../shared/data/markdown (READMEs, blog posts, docs; not the CommonMark spec). From the
# repository root:
#
#   swift build -c release --product tmkit
#   pip install translate-toolkit mistletoe
#   bash Benchmarks/document_bench.sh html|markdown [SIZE_MB] [WORK_DIR]   (defaults: 1 MB, /dev/shm)
#
# The peer slows down sharply with the input's size (html2po took 705 s on 10 MB), so it runs on
# the given size; tmkit also runs on ten times that.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmkit="$root/.build/release/tmkit"
format=${1:?usage: document_bench.sh html|markdown [SIZE_MB] [WORK_DIR]}
case "$format" in
html) ext=html; peer=html2po ;;
markdown) ext=md; peer=md2po ;;
*) echo "format: html or markdown" >&2; exit 2 ;;
esac
size=${2:-1}
work=${3:-/dev/shm}/tmkit-$format-bench
shared="$root/../shared/data/$format"
[ -d "$shared" ] || { echo "needs ../shared/data/$format beside the checkout" >&2; exit 2; }
mkdir -p "$work"
make_set() {  # MB FILE
    python3 - "$1" "$2" "$shared" "$format" <<'PY'
import glob, sys
size, out, folder, format = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
if format == "html":
    names = ["readability_wikipedia.html", "readability_bbc-1.html", "readability_lemonde-1.html", "readability_heise.html"]
    pages = [open(f"{folder}/{name}", "rb").read() for name in names]
else:
    pages = [open(name, "rb").read().rstrip(b"\n") + b"\n\n" for name in sorted(glob.glob(f"{folder}/*.md"))
             if not name.endswith("SOURCES.md")]
data = b""
while len(data) < size * 1024 * 1024:
    for page in pages:
        data += page
# HTML is cut at the size; Markdown keeps whole files (a cut could end inside a fence).
open(out, "wb").write(data[: int(size * 1024 * 1024)] if format == "html" else data)
PY
}
big=$(echo "$size * 10" | bc)
make_set "$size" "$work/set.$ext"
make_set "$big" "$work/set10.$ext"
cd "$work"
run() {  # label file command...
    local label=$1 file=$2; shift 2
    # A command that fails has no time worth printing (a peer without its modules fails at once).
    if ! /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/errors"; then
        echo "$label failed: $(tail -1 "$work/errors")" >&2
        exit 2
    fi
    read -r wall peak < <(tail -1 "$work/time")
    printf '%-34s %8.2f s  %7.1f MB/s  peak %4d MB\n' "$label" "$wall" "$(echo "$(stat -c %s "$file") / 1048576 / $wall" | bc -l)" $((peak / 1024)) >&2
    echo "$wall"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# The machine is noisy: tmkit runs three times on each size, and the median is what counts.
t_tmkit=$(for k in 1 2 3; do run "tmkit extract ($size MB), run $k" "set.$ext" "$tmkit" extract "set.$ext" --from en --to ko -o set.xlf; done | median)
t_big=$(for k in 1 2 3; do run "tmkit extract ($big MB), run $k" "set10.$ext" "$tmkit" extract "set10.$ext" --from en --to ko -o set10.xlf; done | median)
t_merge=$(for k in 1 2 3; do run "tmkit merge ($big MB), run $k" "set10.$ext" "$tmkit" merge set10.xlf -o "set10.back.$ext"; done | median)
size_big=$(stat -c %s "set10.$ext")
printf 'medians: tmkit extract %.2f s on %s MB, %.2f s on %s MB (%.1f MB/s); merge %.2f s (%.1f MB/s)\n' "$t_tmkit" "$size" \
    "$t_big" "$big" "$(echo "$size_big / 1048576 / $t_big" | bc -l)" "$t_merge" "$(echo "$size_big / 1048576 / $t_merge" | bc -l)"
cmp -s "set10.back.$ext" "set10.$ext" && echo "tmkit round trip: byte-identical" || echo "tmkit round trip: DIFFERS"
t_peer=$(run "translate-toolkit $peer ($size MB)" "set.$ext" "$peer" --progress=none "set.$ext" set.po)
printf 'tmkit extract %.2f s, %s %.2f s on %s MB: tmkit %.0fx\n' "$t_tmkit" "$peer" "$t_peer" "$size" "$(echo "$t_peer / $t_tmkit" | bc -l)"
