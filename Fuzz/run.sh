#!/usr/bin/env bash
# Builds tmkit's libFuzzer harnesses and runs each for SECONDS (default 60), one at a time.
#
#   bash Fuzz/run.sh [SECONDS] [TARGET...]     (targets: FuzzTMX FuzzTBX FuzzSRX
#                                               FuzzMemoryFormats FuzzTextDocument FuzzSegmenter
#                                               FuzzXLIFF FuzzHTML FuzzMarkdown FuzzAlign)
#
# Each target starts from a scratch corpus: copies of the repository's own fixtures and of
# Fuzz/corpus/<target>/ (the few inputs worth keeping that the fixtures lack). New inputs
# found stay in the scratch corpus (Fuzz/.build-fuzz/work/<target>/corpus), never in git.
# Prints, per target, the executions, exec/s, coverage (cov, ft), corpus size and time.
# Exits non-zero when any target crashed, leaked, hung (-timeout), ran out of memory
# (-rss_limit_mb) or failed one of the harness's checks, after printing where the
# reproducer is (Fuzz/.build-fuzz/work/<target>/findings/) and the top of the stack.
# Known crashes (Fuzz/known-crashes) are reported as such and do not fail the run.
#
# Environment: FUZZ_WORK (scratch folder), FUZZ_FLAGS (more libFuzzer flags, e.g.
# "-fork=1 -ignore_crashes=1" to go on past crashes), FUZZ_NO_BUILD=1 (use the last build),
# FUZZ_KEEP=N (after a clean run, copy into Fuzz/corpus/<target>/ up to N of the smallest
# inputs, 4 KB at most, that add coverage beyond the fixtures and the corpus kept so far;
# with FUZZ_KEEP_ONLY=1, from the last run's corpus without fuzzing).
set -uo pipefail
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz_dir")"
cd "$root"

seconds="${1:-60}"
shift || true
all_targets=(FuzzTMX FuzzTBX FuzzSRX FuzzMemoryFormats FuzzTextDocument FuzzSegmenter FuzzXLIFF FuzzHTML FuzzMarkdown FuzzAlign)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
scratch="$fuzz_dir/.build-fuzz"
work="${FUZZ_WORK:-$scratch/work}"
bin="$scratch/release"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

mkdir -p "$work"
times="$work/times.txt"   # each stage's time, for .ci/run
: > "$times"

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
    echo "== fuzz build (swift build -c release, -sanitize=fuzzer,address)"
    start=$(now)
    # The C targets (CICU, CLibXML2, FuzzDriver) get coverage and ASan without libFuzzer's
    # main; the Swift modules get both from -sanitize.
    swift build -c release --package-path "$fuzz_dir" --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address \
        || { echo "fuzz build failed" >&2; exit 1; }
    echo "fuzz build: $(elapsed "$start") s" | tee -a "$times"
fi

# The real files of other projects (../shared/data beside the checkout) seed too when present.
shared=../shared/data
# seeds TARGET DIR: copies the fixtures that suit TARGET into DIR.
seeds() {
    local target="$1" dir="$2" file
    case "$target" in
    FuzzTMX)
        cp Tests/TMXTests/Fixtures/*.tmx Tests/TMXTests/Fixtures/*.xml Tests/TMXTests/Fixtures/corpus/*.tmx TMX/*.tmx "$dir"/
        [ ! -d "$shared/tmx/corpus" ] || cp "$shared"/tmx/corpus/okapi_*.tmx "$shared"/tmx/corpus/trados-*.tmx "$dir"/ ;;
    FuzzTBX)
        cp Glossaries/*.tbx "$dir"/
        [ ! -d "$shared/tbx" ] || cp "$shared"/tbx/okapi_*.tbx "$shared"/tbx/sprakradet_*.tbx "$shared"/tbx/tbxv3_*.tbx "$dir"/ ;;
    FuzzSRX)
        cp Tests/SegmentationTests/Fixtures/*.srx "$dir"/
        [ ! -f "$shared/segmentation/okapi_default_icu4j.srx" ] || cp "$shared/segmentation/okapi_default_icu4j.srx" "$dir"/ ;;
    FuzzMemoryFormats)
        # The first byte chooses the format (see FuzzMemoryFormats.swift).
        for file in Examples/*.tsv Glossaries/*.tsv; do
            { printf '\000'; cat "$file"; } > "$dir/memory-tsv.$(basename "$file")"
            { printf '\003'; cat "$file"; } > "$dir/glossary-tsv.$(basename "$file")"
        done
        { printf '\002'; head -c 60000 Tests/AlignmentTests/Fixtures/eval/gold.jsonl; } > "$dir/memory-jsonl.gold.jsonl" ;;
    FuzzHTML)
        cp Examples/*.html "$dir"/
        [ ! -d "$shared/html" ] || cp "$shared"/html/*.htm* "$dir"/ ;;
    FuzzMarkdown)
        cp Examples/*.md "$dir"/
        [ ! -d "$shared/markdown" ] || cp "$shared"/markdown/*.md "$dir"/ ;;
    FuzzXLIFF)
        # XLIFF tmkit writes (with skeletons, matches, copies), and other tools' from ../shared.
        ./.build/debug/tmkit extract Examples/article.en.txt --tm TMX/news.en-ko.tmx -o "$dir/article.12.xlf" 2>/dev/null || true
        ./.build/debug/tmkit extract Examples/article.en.txt --tm TMX/news.en-ko.tmx --xliff 2.1 -o "$dir/article.21.xlf" 2>/dev/null || true
        [ ! -d "$shared/xliff/files" ] || cp "$shared"/xliff/files/*.xlf "$dir"/ ;;
    FuzzAlign)
        # An article and its translation, cut by a form feed (see FuzzAlign.swift).
        for file in Tests/AlignmentTests/Fixtures/eval/*.en.txt; do
            { cat "$file"; printf '\f'; cat "${file%.en.txt}.ko.txt"; } > "$dir/eval.$(basename "${file%.en.txt}")"
        done
        { cat Examples/article.en.txt; printf '\f'; cat Examples/article.ko.txt; } > "$dir/article" ;;
    FuzzTextDocument | FuzzSegmenter)
        cp Examples/*.txt "$dir"/
        for file in Tests/AlignmentTests/Fixtures/eval/*.txt; do cp "$file" "$dir/eval.$(basename "$file")"; done
        [ ! -f "$shared/segmentation/golden_rules_en.json" ] || cp "$shared/segmentation/golden_rules_en.json" "$dir"/ ;;
    esac
    if [ -d "$fuzz_dir/corpus/$target" ]; then
        cp "$fuzz_dir/corpus/$target"/* "$dir"/ 2>/dev/null || true
    fi
}

max_len() {
    case "$1" in
    # XML files: one TMXReader chunk (256 KB); the harnesses re-read in smaller chunks.
    FuzzTMX | FuzzSRX | FuzzTBX | FuzzXLIFF | FuzzHTML) echo 262144 ;;
    *) echo 65536 ;;
    esac
}

dictionary() {
    case "$1" in
    FuzzTMX | FuzzTBX | FuzzSRX | FuzzXLIFF | FuzzHTML) echo "$fuzz_dir/dict/xml.dict" ;;
    FuzzMemoryFormats) echo "$fuzz_dir/dict/tables.dict" ;;
    FuzzMarkdown) echo "$fuzz_dir/dict/markdown.dict" ;;
    *) echo "$fuzz_dir/dict/text.dict" ;;
    esac
}

# known_crash LOG: the line of Fuzz/known-crashes whose pattern the log matches, if any.
known_crash() {
    local log="$1" pattern description
    while IFS='|' read -r pattern description; do
        case "$pattern" in '' | '#'*) continue ;; esac
        if grep -qE -- "$pattern" "$log"; then echo "$description"; return 0; fi
    done < "$fuzz_dir/known-crashes"
    return 1
}

# keep TARGET DIR: what is worth keeping of DIR/corpus goes to Fuzz/corpus/TARGET.
keep() {
    local target="$1" dir="$2" base="$2/keep" file kept=0
    rm -rf "$base" && mkdir -p "$base"
    seeds "$target" "$base"
    ls "$base" > "$dir/keep.before"
    # -merge=1 adds to the first folder the inputs of the others that add coverage to it.
    LSAN_OPTIONS="leak_check_at_exit=0" "$bin/$target" -merge=1 -max_len="$(max_len "$target")" \
        -rss_limit_mb=512 -timeout=10 "$base" "$dir/corpus" > "$dir/keep.log" 2>&1 || return 0
    mkdir -p "$fuzz_dir/corpus/$target"
    while read -r file; do
        [ "$kept" -lt "${FUZZ_KEEP}" ] || break
        cp "$base/$file" "$fuzz_dir/corpus/$target/$file" && kept=$((kept + 1))
    done < <(ls "$base" | grep -vxF -f "$dir/keep.before" | while read -r f; do
                 printf '%s %s\n' "$(stat -c %s "$base/$f")" "$f"; done | sort -n | awk '$1 <= 4096 { print $2 }')
    echo "$target: kept $kept inputs in Fuzz/corpus/$target"
}

failures=0
summary=()
for target in "${targets[@]}"; do
    [ -x "$bin/$target" ] || { echo "no such target: $target" >&2; failures=$((failures + 1)); continue; }
    dir="$work/$target"
    if [ "${FUZZ_KEEP_ONLY:-0}" = 1 ]; then   # keep from the last run's corpus, fuzz nothing
        keep "$target" "$dir"
        continue
    fi
    rm -rf "$dir/corpus"
    mkdir -p "$dir/corpus" "$dir/findings"
    seeds "$target" "$dir/corpus"
    log="$dir/fuzz.log"
    touch "$log.start"
    echo "== fuzz $target (${seconds} s)"
    start=$(now)
    # Leaks are checked after each input (libFuzzer's -detect_leaks). Not at exit: what the
    # harness sets up once and keeps in a global for the whole run (FuzzSegmenter's
    # segmenters) is then reported as leaked, though it is held to the end.
    # shellcheck disable=SC2086
    ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=64:${ASAN_OPTIONS:-}" \
    LSAN_OPTIONS="leak_check_at_exit=0:${LSAN_OPTIONS:-}" "$bin/$target" "$dir/corpus" \
        -max_total_time="$seconds" -rss_limit_mb=512 -timeout=10 \
        -max_len="$(max_len "$target")" -dict="$(dictionary "$target")" -detect_leaks=1 \
        -print_final_stats=1 -artifact_prefix="$dir/findings/" ${FUZZ_FLAGS:-} > "$log" 2>&1
    status=$?
    took=$(elapsed "$start")
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
    rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | tail -1 | awk '{print $2}')
    # "#N DONE cov: C ft: F corp: K/SIZE …", or with -fork "#N: cov: C ft: F corp: K …".
    last=$(grep -E '^#[0-9]+' "$log" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+(/[0-9a-zA-Z]+)?' | tail -1)
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    [ -n "$rate" ] || rate=$(grep -oE 'exec/s: [0-9]+' "$log" | tail -1 | awk '{print $2}')
    line="$target: ${execs:-?} execs, ${rate:-?} exec/s, ${last:-no coverage line}, ${took} s"
    # With -fork=1 -ignore_crashes=1 the run goes on past crashes and may exit 0: what it
    # found is in findings/.
    found=$(find "$dir/findings" -type f -newer "$log.start" 2>/dev/null | head -1)
    [ -z "$found" ] || [ $status -ne 0 ] || status=1
    if [ $status -ne 0 ]; then
        reproducer=$(grep -oE '(Test unit|artifact) written to [^ ]+' "$log" | tail -1 | awk '{print $NF}')
        [ -n "$reproducer" ] || reproducer="$found"
        kind=$(grep -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [^ ]+( [^ ]+)?' "$log" | head -1)
        [ -n "$kind" ] || kind=$(grep -m1 -E 'FUZZ PROPERTY FAILED|Fatal error|deadly signal' "$log" || true)
        if known=$(known_crash "$log"); then
            line="$line, stopped by a KNOWN crash: $known"
            echo "$target: known crash ($known); reproducer ${reproducer:-?}"
        else
            failures=$((failures + 1))
            line="$line, FAILED ($kind)"
            echo "$target FAILED: $kind" >&2
            echo "  reproducer: ${reproducer:-none written} (log: $log)" >&2
            echo "  replay: $bin/$target ${reproducer:-FILE}" >&2
            grep -m12 -E '^ *#[0-9]+ 0x' "$log" | grep -v -E 'libFuzzer|fuzzer::|__sanitizer|asan_|libc\.so' | head -8 >&2
        fi
    fi
    echo "$line"
    [ "${FUZZ_KEEP:-0}" -gt 0 ] && [ $status -eq 0 ] && keep "$target" "$dir"
    summary+=("$line")
    echo "fuzz $target: $took s" >> "$times"
done

echo "== fuzz summary"
[ ${#summary[@]} -eq 0 ] || printf '%s\n' "${summary[@]}"
# The closing line CI reads: targets that ran clean (known crashes included) and the rest.
echo "fuzz: $(( ${#targets[@]} - failures )) passed, $failures failed"
exit $(( failures > 0 ))
