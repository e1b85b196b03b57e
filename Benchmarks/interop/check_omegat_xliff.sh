#!/usr/bin/env bash
# The XLIFF round trip in OmegaT 3.6 (Debian package omegat), as a translator runs it:
#   tmkit extract (the raw hard-wrapped article, exactly as shipped) → OmegaT project with the
#   XLIFF in source/, a memory of the article's sentence pairs in tm/auto/, sentence
#   segmentation off → OmegaT console-translate → tmkit merge of OmegaT's target XLIFF.
# Passes when OmegaT shows exactly tmkit's segments and translates every one, and the merged
# Korean article holds every sentence of Examples/article.ko.txt, in order.
#
#   apt-get install -y omegat
#   swift build
#   bash Benchmarks/interop/check_omegat_xliff.sh .build/debug/tmkit ../shared/tools/omegat_check.sh
set -uo pipefail
source "$(dirname "$0")/prerequisites.sh"
tmkit=$(interop_tmkit "${1:-}") || exit 2
omegat_check=$(interop_omegat_check "${2:-}") || exit 2
interop_require_omegat
interop_ready
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tmkit" extract "$root/Examples/article.en.txt" --from en --to ko -o "$work/article.en.xlf" || exit 1
segments=$("$tmkit" segment "$root/Examples/article.en.txt" | grep -c .)
out=$(bash "$omegat_check" "$root/TMX/sample.en-ko.tmx" "$work/article.en.xlf" --src en --tgt ko --no-sentence-seg --keep "$work/omegat" 2>&1)
total=$(sed -n 's/^segments_total=//p' <<< "$out")
translated=$(sed -n 's/^segments_translated_from_tmx=//p' <<< "$out")
echo "tmkit segments: $segments; OmegaT segments: ${total:-?}; translated from tm/auto: ${translated:-?}"
"$tmkit" merge "$work/omegat/proj/target/article.en.xlf" -o "$work/article.ko.txt" || exit 1
# Every Korean sentence, whitespace collapsed, in order.
missing=$(python3 - "$tmkit" "$root/Examples/article.ko.txt" "$work/article.ko.txt" <<'PY'
import subprocess, sys
tmkit, reference, merged = sys.argv[1:]
sentences = [line for line in subprocess.run([tmkit, "segment", "--lang", "ko", reference], capture_output=True, text=True, check=True).stdout.splitlines() if line]
text = " ".join(open(merged, encoding="utf-8").read().split())
position, missing = 0, 0
for sentence in sentences:
    found = text.find(" ".join(sentence.split()), position)
    if found < 0:
        missing += 1
        print("missing or out of order:", sentence[:60], file=sys.stderr)
    else:
        position = found
print(missing)
PY
)
echo "Korean sentences missing or out of order in the merged article: $missing"
if [ "$total" = "$segments" ] && [ "$translated" = "$segments" ] && [ "$missing" = 0 ]; then
    echo "ok   OmegaT 3.6 XLIFF round trip: $translated of $segments segments, merged article complete"
else
    echo "FAIL OmegaT 3.6 XLIFF round trip"
    exit 1
fi
