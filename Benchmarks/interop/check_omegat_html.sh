#!/usr/bin/env bash
# An HTML news page through OmegaT 3.6 (Debian package omegat), as a translator runs it:
#   tmkit extract Examples/news.en.html (bold, italic, strong, a link, a time element) → OmegaT
#   project with the XLIFF in source/, a memory of the page's sentences translated into Korean
#   with their tags in tm/auto/ (read with its inline codes: --level2), sentence segmentation
#   off → OmegaT console-translate → tmkit merge of OmegaT's target XLIFF.
# Passes when OmegaT shows exactly tmkit's segments and translates every one, and the merged
# page holds every Korean sentence with the source's tags as written, in the same order, and
# lang="ko".
#
#   apt-get install -y omegat
#   swift build
#   bash Benchmarks/interop/check_omegat_html.sh .build/debug/tmkit ../shared/tools/omegat_check.sh
set -uo pipefail
source "$(dirname "$0")/prerequisites.sh"
tmkit=$(interop_tmkit "${1:-}") || exit 2
omegat_check=$(interop_omegat_check "${2:-}") || exit 2
interop_require_omegat
interop_ready
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tmkit" extract "$root/Examples/news.en.html" --from en --to ko -o "$work/news.en.xlf" 2>/dev/null || exit 1
segments=$(grep -c '<trans-unit ' "$work/news.en.xlf")
# The memory: the page's units translated, tags where Korean puts them, through tmkit's own XLIFF → TMX.
python3 - "$work/news.en.xlf" "$work/translated.xlf" <<'PY'
import re, sys
korean = {
    "1": "북한, 신형 미사일 시험",
    "2": "평양은 발사가 성공했다고 밝혔다.",
    "3": "북한, 신형 미사일 시험",
    "4": 'SEOUL_PLACEHOLDER',
    "5": '발사 장면은 <bpt id="1">&lt;a href="https://example.com/seoul"&gt;</bpt>서울<ept id="1">&lt;/a&gt;</ept>에서도 보였다.',
    "6": "관계자들은 미사일이 70km를 날아 바다에 떨어졌다고 말했다.",
    "7": '<bpt id="1">&lt;strong&gt;</bpt>국가보위성<ept id="1">&lt;/strong&gt;</ept>은 국경경비대에 당 창건일인 <bpt id="2">&lt;em&gt;</bpt>10월 10일<ept id="2">&lt;/em&gt;</ept>까지 경계 태세를 유지하라고 지시했다.',
    "8": "혜산의 상인들은 쌀값이 킬로그램당 6,500원으로 올랐다고 말한다.",
    "9": "발사 현장",
    "10": "남쪽에서 본 발사 현장.",
}
korean["4"] = '서울, <bpt id="1">&lt;time datetime="2026-11-30"&gt;</bpt>11월 30일<ept id="1">&lt;/time&gt;</ept> — 평양은 <bpt id="2">&lt;b&gt;</bpt>화요일<ept id="2">&lt;/b&gt;</ept> 신형 미사일을 시험했다고 밝혔다.'
xliff = open(sys.argv[1], encoding="utf-8").read()
def fill(match):
    unit = match.group(0)
    uid = re.search(r'<trans-unit id="([^"]+)"', unit).group(1)
    return re.sub(r'<target state="[^"]*">.*?</target>', f'<target state="translated">{korean[uid]}</target>', unit, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r"<trans-unit .*?</trans-unit>", fill, xliff, flags=re.S))
PY
"$tmkit" tmx convert "$work/translated.xlf" -o "$work/memory.tmx" 2>/dev/null || exit 1
out=$(bash "$omegat_check" "$work/memory.tmx" "$work/news.en.xlf" --src en --tgt ko --no-sentence-seg --level2 --keep "$work/omegat" 2>&1)
total=$(sed -n 's/^segments_total=//p' <<< "$out")
translated=$(sed -n 's/^segments_translated_from_tmx=//p' <<< "$out")
echo "tmkit segments: $segments; OmegaT segments: ${total:-?}; translated from tm/auto: ${translated:-?}"
"$tmkit" merge "$work/omegat/proj/target/news.en.xlf" -o "$work/news.ko.html" || exit 1
"$tmkit" merge "$work/translated.xlf" -o "$work/expected.ko.html" || exit 1
# OmegaT's page must be the page tmkit makes from the same translations: every tag as written.
if cmp -s "$work/news.ko.html" "$work/expected.ko.html"; then same=yes; else same=no; diff "$work/expected.ko.html" "$work/news.ko.html" | head -20; fi
lang=$(grep -c '<html lang="ko">' "$work/news.ko.html")
echo "merged page equals tmkit's own merge of the translations: $same; lang=\"ko\": $lang"
if [ "$total" = "$segments" ] && [ "$translated" = "$segments" ] && [ "$same" = yes ] && [ "$lang" = 1 ]; then
    sed -n '/<body>/,/<\/body>/p' "$work/news.ko.html"
    echo "ok   OmegaT 3.6 HTML round trip: $translated of $segments segments, every tag kept"
else
    echo "FAIL OmegaT 3.6 HTML round trip"
    sed -n '1,40p' <<< "$out" >&2
    exit 1
fi
