#!/usr/bin/env bash
# Translation memory (issue 6), tmkit beside rapidfuzz in one run. From the repository root:
#
#   python3 ../shared/tools/gen_tmx.py --n 1000000 --near-duplicates 0.2 --out /tmp/tm1m.tmx --queries /tmp/q1m.tsv
#   python3 ../shared/tools/gen_tmx.py --n 1000000 --near-duplicates 0.2 --templates 30 --template-share 0.3 \
#       --seed 2 --out /tmp/tm1m-tpl.tmx --queries /tmp/q1m-tpl.tsv
#   swift build -c release --package-path Benchmarks --product TMBenchmark
#   swift build -c release --product tmkit
#   bash Benchmarks/tm_bench.sh /tmp/tm1m.tmx /tmp/q1m.tsv [--skip-import]
#
# Needs rapidfuzz (pip install rapidfuzz). The memory is written beside the TMX (.sqlite).
set -euo pipefail
tmx=$1
queries=$2
memory="${tmx%.tmx}.sqlite"
here="$(cd "$(dirname "$0")" && pwd)"
bench="$here/.build/release/TMBenchmark"
tmkit="$here/../.build/release/tmkit"

echo "== $tmx ($(stat -c %s "$tmx") bytes), queries $queries"
if [[ "${3:-}" != "--skip-import" ]]; then
    /usr/bin/time -f "import wall %e s, peak RSS %M KB" "$bench" import "$tmx" "$memory"
fi
"$bench" lookup "$memory" "$queries" --brute 2
"$bench" concordance "$memory" "$queries"

# A new process each time: open the memory, look up one segment, print JSON, exit. The page
# cache is warm after the runs above (dropping it needs root); the process is cold.
times=()
for n in 1 2 3 4 5 6 7 8 9 10 11; do
    text=$(sed -n "$((n * 17))p" "$queries" | cut -f4)
    start=$(date +%s.%N)
    "$tmkit" tm lookup --tm "$memory" --format json "$text" > /dev/null
    end=$(date +%s.%N)
    times+=("$(echo "($end - $start) * 1000" | bc -l)")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "tmkit tm lookup (new process, open + lookup): median %.1f ms, max %.1f ms over %d runs\n", a[int((NR + 1) / 2)], a[NR], NR }'

python3 "$here/peers/rapidfuzz_tm.py" "$memory" "$queries" --queries 20
