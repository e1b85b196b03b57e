#!/usr/bin/env bash
# glossary annotate end to end (issue 19): `tmkit glossary annotate --format jsonl` with a
# 100,000-term glossary on 20 MB of news-like English, beside the same job written with
# pyahocorasick and with flashtext (Benchmarks/peers/annotate_peer.py: read the TSV, build,
# match every line, write JSON Lines), each a whole process, in one run. From the repository root:
#
#   swift build -c release --product tmkit
#   pip install pyahocorasick flashtext
#   bash Benchmarks/annotate_bench.sh [WORK_DIR]
#
# WORK_DIR (default /dev/shm) receives the generated glossary and text (../shared/tools/gen_glossary.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmkit="$root/.build/release/tmkit"
work=${1:-/dev/shm}/tmkit-annotate-bench
mkdir -p "$work"
if [ ! -s "$work/g.tsv" ] || [ ! -s "$work/g.txt" ]; then
    python3 "$root/../shared/tools/gen_glossary.py" --terms 100000 --mb 20 --tsv "$work/g.tsv" --text "$work/g.txt"
fi
bytes=$(stat -c %s "$work/g.txt")
echo "input: $bytes bytes of text, $(wc -l < "$work/g.tsv") glossary lines"

source "$root/Benchmarks/timing.sh"  # timed LABEL COMMAND...: three runs, the medians
export TIMED_OUTPUT="$work/out.jsonl"
lines() { echo "  $(wc -l < "$work/out.jsonl") lines out" >&2; }
t_tmkit=$(timed "tmkit glossary annotate --format jsonl" "$tmkit" glossary annotate "$work/g.txt" --glossary "$work/g.tsv" --format jsonl)
lines
t_load=$(timed "  (the same on a one-line text: start and load)" bash -c "echo 'North Korea' | '$tmkit' glossary annotate - --glossary '$work/g.tsv' --format jsonl")
t_aho=$(timed "pyahocorasick (annotate_peer.py aho)" python3 "$root/Benchmarks/peers/annotate_peer.py" aho "$work/g.tsv" "$work/g.txt")
lines
t_flash=$(timed "flashtext (annotate_peer.py flashtext)" python3 "$root/Benchmarks/peers/annotate_peer.py" flashtext "$work/g.tsv" "$work/g.txt")
lines
echo "tmkit / pyahocorasick: $(echo "$t_aho / $t_tmkit" | bc -l | cut -c1-5)x; tmkit / flashtext: $(echo "$t_flash / $t_tmkit" | bc -l | cut -c1-5)x"
echo "tmkit: $(echo "$bytes / 1000000 / $t_tmkit" | bc -l | cut -c1-5) MB/s ($(echo "$bytes / 1048576 / $t_tmkit" | bc -l | cut -c1-5) MiB/s; the lines above are MiB/s) end to end (issue 19 asks >= 30 MB/s)"
