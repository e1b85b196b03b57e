#!/usr/bin/env bash
# HTML extract (issue 15): tmkit extract and merge beside translate-toolkit's html2po in one run,
# through the command lines, on news pages from ../shared/data/html (Wikipedia, BBC, Le Monde,
# heise) repeated to SIZE_MB. From the repository root:
#
#   swift build -c release --product tmkit
#   pip install translate-toolkit
#   bash Benchmarks/html_bench.sh [SIZE_MB] [WORK_DIR]      (defaults: 1 MB, /dev/shm)
#
# html2po slows down sharply with the input's size (10 MB took 705 s), so the peer runs on the
# given size; tmkit also runs on ten times that.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmkit="$root/.build/release/tmkit"
size=${1:-1}
work=${2:-/dev/shm}/tmkit-html-bench
shared="$root/../shared/data/html"
[ -d "$shared" ] || { echo "needs ../shared/data/html beside the checkout" >&2; exit 2; }
mkdir -p "$work"
make_set() {  # MB FILE
    python3 - "$1" "$2" "$shared" <<'PY'
import sys
size, out, folder = float(sys.argv[1]), sys.argv[2], sys.argv[3]
names = ["readability_wikipedia.html", "readability_bbc-1.html", "readability_lemonde-1.html", "readability_heise.html"]
pages = [open(f"{folder}/{name}", "rb").read() for name in names]
data = b""
while len(data) < size * 1024 * 1024:
    for page in pages:
        data += page
open(out, "wb").write(data[: int(size * 1024 * 1024)])
PY
}
make_set "$size" "$work/set.html"
make_set "$(echo "$size * 10" | bc)" "$work/set10.html"
cd "$work"
run() {  # label file command...
    local label=$1 file=$2; shift 2
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1
    read -r wall peak < "$work/time"
    printf '%-34s %8.2f s  %7.1f MB/s  peak %4d MB\n' "$label" "$wall" "$(echo "$(stat -c %s "$file") / 1048576 / $wall" | bc -l)" $((peak / 1024)) >&2
    echo "$wall"
}
t_tmkit=$(run "tmkit extract ($size MB)" set.html "$tmkit" extract set.html --from en --to ko -o set.xlf)
run "tmkit extract ($(echo "$size * 10" | bc) MB)" set10.html "$tmkit" extract set10.html --from en --to ko -o set10.xlf > /dev/null
run "tmkit merge ($(echo "$size * 10" | bc) MB)" set10.html "$tmkit" merge set10.xlf -o set10.back.html > /dev/null
cmp -s set10.back.html set10.html && echo "tmkit round trip: byte-identical" || echo "tmkit round trip: DIFFERS"
t_peer=$(run "translate-toolkit html2po ($size MB)" set.html html2po --progress=none set.html set.po)
printf 'tmkit extract %.2f s, html2po %.2f s on %s MB: tmkit %.0fx\n' "$t_tmkit" "$t_peer" "$size" "$(echo "$t_peer / $t_tmkit" | bc -l)"
