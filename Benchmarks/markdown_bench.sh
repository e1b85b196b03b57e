#!/usr/bin/env bash
# Markdown extract and merge beside md2po: see document_bench.sh.
#   bash Benchmarks/markdown_bench.sh [SIZE_MB] [WORK_DIR]
exec bash "$(dirname "$0")/document_bench.sh" markdown "$@"
