# Sourced by the interop scripts: what each needs, found or named in one line (exit 2), so
# that every script runs as the README writes it, arguments or not.
#
#   interop_tmkit [BINARY]        the tmkit binary: BINARY, else $TMKIT, else the newer of
#                                 .build/debug/tmkit and .build/release/tmkit
#   interop_omegat_check [SCRIPT] OmegaT's headless driver: SCRIPT, else ../shared/tools/omegat_check.sh
#   interop_require_omegat        OmegaT 3.6 installed (Debian package omegat)
#   interop_ready                 with TMKIT_INTEROP_CHECK=1: say so and stop before the work
interop_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

interop_missing() {  # MESSAGE: one line on stderr, exit 2
    echo "$(basename "$0"): $1" >&2
    exit 2
}

interop_tmkit() {
    local given=${1:-${TMKIT:-}}
    if [ -z "$given" ]; then
        local debug="$interop_root/.build/debug/tmkit" release="$interop_root/.build/release/tmkit"
        if [ -x "$debug" ] && { [ ! -x "$release" ] || [ "$debug" -nt "$release" ]; }; then
            given=$debug
        elif [ -x "$release" ]; then
            given=$release
        else
            interop_missing "no tmkit binary: run 'swift build' first, or give the binary as the first argument"
        fi
    fi
    [ -x "$given" ] || interop_missing "$given: not an executable tmkit binary"
    readlink -f "$given"
}

interop_omegat_check() {
    local given=${1:-$interop_root/../shared/tools/omegat_check.sh}
    [ -f "$given" ] || interop_missing "$given: OmegaT's headless driver is missing (it is ../shared/tools/omegat_check.sh beside the checkout)"
    readlink -f "$given"
}

interop_require_omegat() {
    [ -f /usr/share/omegat/OmegaT.jar ] || command -v omegat > /dev/null \
        || interop_missing "OmegaT 3.6 is not installed: apt-get install omegat"
}

interop_ready() {
    if [ "${TMKIT_INTEROP_CHECK:-}" = 1 ]; then
        echo "$(basename "$0"): ready"
        exit 0
    fi
}
