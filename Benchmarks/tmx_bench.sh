#!/usr/bin/env bash
# TMX reading and writing, side by side in one run, each engine in its own process so that
# /usr/bin/time -v reports its peak RSS. Usage (from the repository root):
#
#   python3 ../shared/tools/gen_tmx.py --n 500000 --out /tmp/en-ko-500k.tmx
#   swift build -c release --package-path Benchmarks
#   bash Benchmarks/tmx_bench.sh /tmp/en-ko-500k.tmx [runs]
#
# Needs xmllint (libxml2-utils) and translate-toolkit (pip install translate-toolkit).
set -euo pipefail
file=$1
runs=${2:-3}
bin="$(dirname "$0")/.build/release/TMXBenchmark"
size=$(stat -c %s "$file")

measure() {  # name, command...: runs it, prints "name seconds rss_kb" and the command's output
    local name=$1; shift
    local log; log=$(mktemp)
    /usr/bin/time -v "$@" > "$log.out" 2> "$log"
    local rss; rss=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$log")
    local wall; wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$log")
    echo "$name|$wall|$rss|$(tr '\n' ' ' < "$log.out")"
    rm -f "$log" "$log.out"
}

seconds() {  # m:ss.ss or h:mm:ss → seconds
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<< "$1"
}

echo "file: $file ($size bytes), $runs runs each, medians"
declare -A wall rss
for engine in tmkit xmllint tt; do
    times=(); peak=0; out=""
    for ((i = 0; i < runs; i++)); do
        case $engine in
            tmkit) line=$(measure tmkit "$bin" read "$file" --runs 1) ;;
            xmllint) line=$(measure xmllint xmllint --stream --noout "$file") ;;
            tt) line=$(measure translate-toolkit python3 "$(dirname "$0")/peers/tt_tmx_bench.py" "$file") ;;
        esac
        IFS='|' read -r _ w r o <<< "$line"
        times+=("$(seconds "$w")"); out=$o
        (( r > peak )) && peak=$r
        [ "$engine" = tt ] && break  # translate-toolkit is slow and huge: one run
    done
    wall[$engine]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
    rss[$engine]=$peak
    echo "  $engine: ${out}"
done
mbs() { awk -v s="$size" -v t="$1" 'BEGIN { printf "%.1f", s / t / 1e6 }'; }
echo
echo "| reader | wall s (median) | MB/s | peak RSS MB | ratio to xmllint --stream |"
echo "|---|---|---|---|---|"
for engine in tmkit xmllint tt; do
    name=$engine; [ $engine = tt ] && name="translate-toolkit"; [ $engine = xmllint ] && name="xmllint --stream --noout"
    ratio=$(awk -v a="${wall[xmllint]}" -v b="${wall[$engine]}" 'BEGIN { printf "%.2f", a / b }')
    echo "| $name | ${wall[$engine]} | $(mbs "${wall[$engine]}") | $(( ${rss[$engine]} / 1024 )) | ${ratio}× |"
done
echo
"$bin" write "$file" --runs "$runs"
