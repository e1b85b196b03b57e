#!/usr/bin/env bash
# `tmkit tmx stats` end to end through the CLI beside `xmllint --stream --noout` (issue 19), in
# one run, in alternating rounds (the machine is noisy: medians and their ratio). From the
# repository root:
#
#   python3 ../shared/tools/gen_tmx.py --n 500000 --near-duplicates 0.2 --out /tmp/tm500k.tmx --queries /tmp/q500k.tsv
#   swift build -c release --product tmkit
#   bash Benchmarks/tmx_stats_bench.sh /tmp/tm500k.tmx [ROUNDS (default 5)] [OTHER_TMKIT]
#
# OTHER_TMKIT, another tmkit binary (an earlier build), joins the rounds for an A/B comparison.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmx=${1:?usage: tmx_stats_bench.sh TMX [ROUNDS] [OTHER_TMKIT]}
rounds=${2:-5}
other=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
names=(tmkit xmllint)
[ -n "$other" ] && names+=(other)
for ((round = 0; round < rounds; round++)); do
    for name in "${names[@]}"; do
        case $name in
            tmkit) command=("$root/.build/release/tmkit" tmx stats "$tmx") ;;
            other) command=("$other" tmx stats "$tmx") ;;
            xmllint) command=(xmllint --stream --noout "$tmx") ;;
        esac
        /usr/bin/time -f "%e %M" -o "$work/time" "${command[@]}" > "$work/$name.out"
        echo "$(cat "$work/time")" >> "$work/$name.times"
    done
done
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
size=$(stat -c %s "$tmx")
echo "$tmx: $size bytes, $rounds alternating rounds, medians"
for name in "${names[@]}"; do
    t=$(median "$work/$name.times")
    peak=$(awk '{print $2}' "$work/$name.times" | sort -g | tail -1)
    printf '%-8s %6.2f s  %6.1f MB/s  peak %4d MB  all: %s\n' "$name" "$t" "$(echo "$size / 1000000 / $t" | bc -l)" $((peak / 1024)) \
        "$(awk '{printf "%s ", $1}' "$work/$name.times")"
done
printf 'tmx stats / xmllint --stream: %.2fx\n' "$(echo "$(median "$work/xmllint.times") / $(median "$work/tmkit.times")" | bc -l)"
[ -n "$other" ] && { cmp -s "$work/tmkit.out" "$work/other.out" && echo "same output as $other" || echo "output DIFFERS from $other"; }
exit 0
