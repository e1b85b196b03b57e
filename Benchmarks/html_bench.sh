#!/usr/bin/env bash
# HTML extract and merge beside html2po: see document_bench.sh.
#   bash Benchmarks/html_bench.sh [SIZE_MB] [WORK_DIR]
exec bash "$(dirname "$0")/document_bench.sh" html "$@"
