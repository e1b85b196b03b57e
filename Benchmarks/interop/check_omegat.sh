#!/usr/bin/env bash
# Interop check: OmegaT 3.6 (Debian package omegat) imports TMX written by tmkit, and
# `tmkit tmx normalize` makes it accept files it rejected or skipped.
#
#   apt-get install -y omegat
#   bash Benchmarks/interop/check_omegat.sh [TMKIT_BINARY [OMEGAT_CHECK_SCRIPT [CORPUS_DIR]]]
#
# OMEGAT_CHECK_SCRIPT is ../shared/tools/omegat_check.sh. Each case prints OmegaT's count of
# segments and of segments it translated from the TMX; a case passes when they are equal (or,
# for the "before normalize" rows, shows what OmegaT did with the raw file).
set -uo pipefail
source "$(dirname "$0")/prerequisites.sh"
tmkit=$(interop_tmkit "${1:-}") || exit 2
omegat_check=$(interop_omegat_check "${2:-}") || exit 2
interop_require_omegat
interop_ready
corpus=${3:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

run() {  # name expect(all|report|N) tmx source args...: N = that many segments must be translated
    local name=$1 expect=$2 memory=$3 source=$4; shift 4
    local out total translated
    out=$(bash "$omegat_check" "$memory" "$source" "$@" 2>&1)
    total=$(sed -n 's/^segments_total=//p' <<< "$out")
    translated=$(sed -n 's/^segments_translated_from_tmx=//p' <<< "$out")
    local verdict="ok  " want=$expect
    [ "$expect" = all ] && want=$total
    if [ "$expect" = report ]; then
        verdict="info"
    elif [ -z "$translated" ] || [ "$translated" != "$want" ]; then
        verdict="FAIL"; failed=1
    fi
    echo "$verdict $name: $translated of $total segments translated from the TMX ($*)"
}

# 1. Plain English → Korean pairs written by tmkit from a TSV; one source paragraph per unit.
"$tmkit" tmx convert "$root/TMX/sample.en-ko.tmx" -o "$work/pairs.tsv"
"$tmkit" tmx convert "$work/pairs.tsv" -o "$work/tmkit-en-ko.tmx" --from en --to ko
cut -f1 "$work/pairs.tsv" | awk '{ printf "%s\n\n", $0 }' > "$work/source.txt"
run "sample article, tmkit TMX" all "$work/tmkit-en-ko.tmx" "$work/source.txt" --src en --tgt ko --no-sentence-seg

# 2. Units with inline codes (bold, italic, link as bpt/ept), HTML source, OmegaT's Level 2 option.
cat > "$work/codes.jsonl" <<'JSONL'
{"id":"1","props":[],"notes":[],"variants":{"en":["Press ",{"code":"bpt","attributes":{"i":"1","x":"1","type":"bold"},"content":"<b>"},"Save",{"code":"ept","attributes":{"i":"1"},"content":"</b>"}," now."],"ko":["지금 ",{"code":"bpt","attributes":{"i":"1","x":"1","type":"bold"},"content":"<b>"},"저장",{"code":"ept","attributes":{"i":"1"},"content":"</b>"},"을 누르세요."]}}
{"id":"2","props":[],"notes":[],"variants":{"en":["See the ",{"code":"bpt","attributes":{"i":"1","x":"1","type":"italic"},"content":"<i>"},"report",{"code":"ept","attributes":{"i":"1"},"content":"</i>"}," today."],"ko":["오늘 ",{"code":"bpt","attributes":{"i":"1","x":"1","type":"italic"},"content":"<i>"},"보고서",{"code":"ept","attributes":{"i":"1"},"content":"</i>"},"를 보세요."]}}
{"id":"3","props":[],"notes":[],"variants":{"en":["Read ",{"code":"bpt","attributes":{"i":"1","x":"1","type":"link"},"content":"<a href=\"x.html\">"},"this",{"code":"ept","attributes":{"i":"1"},"content":"</a>"}," first."],"ko":["먼저 ",{"code":"bpt","attributes":{"i":"1","x":"1","type":"link"},"content":"<a href=\"x.html\">"},"이것",{"code":"ept","attributes":{"i":"1"},"content":"</a>"},"을 읽으세요."]}}
{"id":"4","props":[],"notes":[],"variants":{"en":"A sentence without codes.","ko":"코드 없는 문장."}}
JSONL
"$tmkit" tmx convert "$work/codes.jsonl" -o "$work/codes.tmx" --from en --to ko
printf '<html><body>\n<p>Press <b>Save</b> now.</p>\n<p>See the <i>report</i> today.</p>\n<p>Read <a href="x.html">this</a> first.</p>\n<p>A sentence without codes.</p>\n</body></html>\n' > "$work/source.html"
# OmegaT's HTML filter also offers the link target (x.html) as a segment: 4 of 5 is every unit.
run "inline codes, tmkit TMX" 4 "$work/codes.tmx" "$work/source.html" --src en --tgt ko --no-sentence-seg --level2
run "inline codes, tmkit TMX, without Level 2" report "$work/codes.tmx" "$work/source.html" --src en --tgt ko --no-sentence-seg

# 3. A TMX without a header srclang: OmegaT rejects it whole; normalize adds one.
sed 's/ srclang="en"//' "$work/tmkit-en-ko.tmx" > "$work/no-srclang.tmx"
run "no header srclang, before normalize" report "$work/no-srclang.tmx" "$work/source.txt" --src en --tgt ko --no-sentence-seg
"$tmkit" tmx normalize "$work/no-srclang.tmx" -o "$work/no-srclang.normalized.tmx" > /dev/null
run "no header srclang, after normalize" all "$work/no-srclang.normalized.tmx" "$work/source.txt" --src en --tgt ko --no-sentence-seg

# 4. Line breaks and spaces at the edges of <seg>: OmegaT finds no match; normalize trims them.
sed -e 's|<seg>|<seg>\n          |' -e 's|</seg>|  \n        </seg>|' "$work/tmkit-en-ko.tmx" > "$work/padded.tmx"
run "whitespace inside seg, before normalize" report "$work/padded.tmx" "$work/source.txt" --src en --tgt ko --no-sentence-seg
"$tmkit" tmx normalize "$work/padded.tmx" -o "$work/padded.normalized.tmx" > /dev/null
run "whitespace inside seg, after normalize" all "$work/padded.normalized.tmx" "$work/source.txt" --src en --tgt ko --no-sentence-seg

# 5. en_US-style codes (Zanata): OmegaT skips every unit; normalize fixes the codes.
if [ -n "$corpus" ] && [ -f "$corpus/zanata_dubious-underscore-locales.tmx" ]; then
    zanata="$corpus/zanata_dubious-underscore-locales.tmx"
    "$tmkit" tmx convert "$zanata" -o "$work/zanata.tsv" --from en-US --to fr-FR 2> /dev/null
    cut -f1 "$work/zanata.tsv" | awk '{ printf "%s\n\n", $0 }' > "$work/zanata.txt"
    run "zanata en_US codes, before normalize" report "$zanata" "$work/zanata.txt" --src en-US --tgt fr-FR --no-sentence-seg
    "$tmkit" tmx normalize "$zanata" -o "$work/zanata.normalized.tmx" > /dev/null
    run "zanata en_US codes, after normalize" all "$work/zanata.normalized.tmx" "$work/zanata.txt" --src en-US --tgt fr-FR --no-sentence-seg
fi
# 6. A TMX written by `tmkit align` from a translated article: every aligned source sentence,
# as a segment of its own, is translated by OmegaT from it.
for doc in 02-rice-prices 05-defector-remittances; do
    eval_dir="$root/Tests/AlignmentTests/Fixtures/eval"
    "$tmkit" align "$eval_dir/$doc.en.txt" "$eval_dir/$doc.ko.txt" --from en --to ko -o "$work/aligned-$doc.tmx" 2> /dev/null
    "$tmkit" tmx convert "$work/aligned-$doc.tmx" -o "$work/aligned-$doc.tsv"
    cut -f1 "$work/aligned-$doc.tsv" | awk '{ printf "%s\n\n", $0 }' > "$work/aligned-$doc.txt"
    run "tmkit align $doc" all "$work/aligned-$doc.tmx" "$work/aligned-$doc.txt" --src en --tgt ko --no-sentence-seg
done
exit $failed
