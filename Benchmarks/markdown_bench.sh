#!/usr/bin/env bash
# Markdown extract (issue 15): tmkit extract and merge beside translate-toolkit's md2po in one run,
# through the command lines, on the real Markdown files of ../shared/data/markdown (READMEs,
# blog posts, docs; not the CommonMark spec) repeated to SIZE_MB. From the repository root:
#
#   swift build -c release --product tmkit
#   pip install translate-toolkit
#   bash Benchmarks/markdown_bench.sh [SIZE_MB] [WORK_DIR]      (defaults: 1 MB, /dev/shm)
#
# The peer runs on the given size; tmkit also runs on ten times that.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmkit="$root/.build/release/tmkit"
size=${1:-1}
work=${2:-/dev/shm}/tmkit-markdown-bench
shared="$root/../shared/data/markdown"
[ -d "$shared" ] || { echo "needs ../shared/data/markdown beside the checkout" >&2; exit 2; }
mkdir -p "$work"
make_set() {  # MB FILE
    python3 - "$1" "$2" "$shared" <<'PY'
import glob, sys
size, out, folder = float(sys.argv[1]), sys.argv[2], sys.argv[3]
pages = [open(name, "rb").read().rstrip(b"\n") + b"\n\n" for name in sorted(glob.glob(f"{folder}/*.md")) if not name.endswith("SOURCES.md")]
data = b""
while len(data) < size * 1024 * 1024:
    for page in pages:
        data += page
open(out, "wb").write(data)
PY
}
make_set "$size" "$work/set.md"
make_set "$(echo "$size * 10" | bc)" "$work/set10.md"
cd "$work"
run() {  # label file command...
    local label=$1 file=$2; shift 2
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1
    read -r wall peak < "$work/time"
    printf '%-34s %8.2f s  %7.1f MB/s  peak %4d MB\n' "$label" "$wall" "$(echo "$(stat -c %s "$file") / 1048576 / $wall" | bc -l)" $((peak / 1024)) >&2
    echo "$wall"
}
t_tmkit=$(run "tmkit extract ($size MB)" set.md "$tmkit" extract set.md --from en --to ko -o set.xlf)
run "tmkit extract ($(echo "$size * 10" | bc) MB)" set10.md "$tmkit" extract set10.md --from en --to ko -o set10.xlf > /dev/null
run "tmkit merge ($(echo "$size * 10" | bc) MB)" set10.md "$tmkit" merge set10.xlf -o set10.back.md > /dev/null
cmp -s set10.back.md set10.md && echo "tmkit round trip: byte-identical" || echo "tmkit round trip: DIFFERS"
t_peer=$(run "translate-toolkit md2po ($size MB)" set.md md2po --progress=none set.md set.po)
printf 'tmkit extract %.2f s, md2po %.2f s on %s MB: tmkit %.0fx\n' "$t_tmkit" "$t_peer" "$size" "$(echo "$t_peer / $t_tmkit" | bc -l)"
