#!/usr/bin/env bash
# Team memory (issue 20): tmkit on PostgreSQL beside the SQLite file and beside amaGama's query
# and pg_trgm on the same server and data, in one run. From the repository root:
#
#   python3 ../shared/tools/gen_tmx.py --n 1000000 --near-duplicates 0.2 --out /tmp/tm1m.tmx --queries /tmp/q1m.tsv
#   swift build -c release --product tmkit
#   swift build -c release --package-path Benchmarks --product TeamMemoryBenchmark
#   bash Benchmarks/team_memory_bench.sh /tmp/tm1m.tmx /tmp/q1m.tsv [URL]
#
# Without URL a throw-away server is started (Scripts/postgres-cluster.sh, without a standby)
# and stopped after;
# a URL must name a database without a tmkit memory in it.
# Imports the TMX through the CLI into the server and into a SQLite file beside the TMX, then
# runs TeamMemoryBenchmark (latency, recall@5 against the file, 1/4/16 clients, the peers).
set -euo pipefail
tmx=$1
queries=$2
url=${3:-}
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
tmkit="$root/.build/release/tmkit"
bench="$here/.build/release/TeamMemoryBenchmark"
memory="${tmx%.tmx}.team-bench.sqlite"

if [ -z "$url" ]; then
    cluster="$(mktemp -d /tmp/tmkit-bench-postgres.XXXXXX)"
    chmod 755 "$cluster"
    trap 'bash "$root/Scripts/postgres-cluster.sh" stop "$cluster"; rm -rf "$cluster"' EXIT
    eval "$(STANDBY=no bash "$root/Scripts/postgres-cluster.sh" start "$cluster")"
    # Client and server share this machine: no TLS, as the peers' connections (TLS costs tmkit
    # about 3 ms a lookup at 1M units: its posting lists cross the socket).
    url="$TMKIT_TEST_POSTGRES?sslmode=disable"
fi

# The comparison needs the same units on both sides: a database that holds a memory already
# would give other ids and other matches.
if "$tmkit" tm stats --tm "$url" > /dev/null 2>&1; then
    echo "the database at the URL already holds a tmkit memory; give an empty one (or no URL)" >&2
    exit 2
fi
echo "== $tmx ($(stat -c %s "$tmx") bytes)"
rm -f "$memory" "$memory-wal" "$memory-shm"
/usr/bin/time -f "tmkit tm import into a SQLite file: wall %e s, peak RSS %M KB" "$tmkit" tm import "$tmx" --tm "$memory" --quiet
/usr/bin/time -f "tmkit tm import into PostgreSQL: wall %e s, peak RSS %M KB" "$tmkit" tm import "$tmx" --tm "$url" --quiet
"$tmkit" tm stats --tm "$url"
"$bench" "$url" "$memory" "$queries" --peers "${@:4}"
