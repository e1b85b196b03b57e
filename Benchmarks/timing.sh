# Sourced by the benchmark scripts (xliff_bench.sh, annotate_bench.sh); they set $work (a
# folder for scratch files) and $bytes (the input's size) first.
#
# `timed LABEL COMMAND...` runs COMMAND three times (its standard output to $TIMED_OUTPUT,
# /dev/null unless set; its standard error dropped), prints LABEL with the median wall time, the
# MB/s (MiB) of $bytes and the median peak RSS on standard error, and echoes the median time.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timed() {
    local label=$1; shift
    local times=() peaks=() wall peak run
    for run in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "${TIMED_OUTPUT:-/dev/null}" 2> /dev/null
        read -r wall peak < "$work/time"
        times+=("$wall"); peaks+=("$peak")
    done
    local t p
    t=$(printf '%s\n' "${times[@]}" | median)
    p=$(printf '%s\n' "${peaks[@]}" | median)
    printf '%-46s %6.2f s  %6.1f MB/s  peak %4d MB\n' "$label" "$t" "$(echo "$bytes / 1048576 / $t" | bc -l)" $((p / 1024)) >&2
    echo "$t"
}
