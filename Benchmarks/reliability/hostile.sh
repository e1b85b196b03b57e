#!/usr/bin/env bash
# Every hostile case of issue 12, at the sizes the issue reported, run through the tmkit binary.
# For each case: the exit code, whether a signal ended it, the peak memory (GNU time's maximum
# resident set), the wall time, and the first line tmkit wrote on standard error; a verdict
# against what tmkit promises (exit code, at most one error line, <= 256 MiB, <= 10 s, files
# left as they were). Prints a Markdown table and a summary; exits 1 if any case failed.
#
#   bash Benchmarks/reliability/hostile.sh [TMKIT_BINARY]
#
# Without an argument it builds `swift build -c release` and uses .build/release/tmkit. Needs
# python3 (generators, a second SQLite process), GNU time (/usr/bin/time) and, for the
# permission cases, runuser (skipped with a note when not root). Scratch files go to a
# temporary folder (TMPDIR), about 600 MB at most, removed at the end.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD

if [ $# -ge 1 ]; then
    tmkit=$(realpath "$1")
else
    swift build -c release --product tmkit >&2 || exit 2
    tmkit=$root/.build/release/tmkit
fi
[ -x /usr/bin/time ] || { echo "hostile.sh: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tmkit-hostile.XXXXXX")
chmod 755 "$work"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

passed=0
failed=0
printf '| item | case | exit | peak MiB | s | first error line | verdict |\n'
printf '| --- | --- | ---: | ---: | ---: | --- | --- |\n'

# row ITEM CASE VERDICT_NOTE: prints the last measured run ($code, $peak, $secs, $line).
row() {
    local verdict=$3
    case "$verdict" in
        ok*) passed=$((passed + 1)) ;;
        *) failed=$((failed + 1)) ;;
    esac
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$code" "$peak" "$secs" \
        "$(printf '%s' "$line" | cut -c1-110 | sed 's/|/\\|/g')" "$verdict"
}

# measure CMD...: runs it with stdout to out.txt (unless OUT is set), stderr to err.txt.
measure() {
    local out=${OUT:-out.txt}
    /usr/bin/time -f '%e %M' -o time.txt "$@" >"$out" 2>err.txt
    code=$?
    # GNU time writes "Command terminated by signal N" / "Command exited with non-zero status"
    # before the figures; the figures are the last line.
    read -r secs kib < <(tail -n 1 time.txt)
    peak=$((kib / 1024))
    line=$(grep -v '^Command ' err.txt | head -n 1)
    signal=""
    grep -q 'terminated by signal' time.txt && signal=$(grep -o 'signal [0-9]*' time.txt)
}

# judge EXPECTED_CODE [TEXT]: the standard verdict; with TEXT, the first error line must hold it.
judge() {
    local expected=$1 text=${2:-}
    local lines
    lines=$(grep -vc '^Command ' err.txt)
    if [ -n "$signal" ]; then echo "FAIL: $signal"; return; fi
    if [ "$code" != "$expected" ]; then echo "FAIL: exit $code, expected $expected"; return; fi
    if [ "$expected" = 2 ] && [ "$lines" -gt 1 ]; then echo "FAIL: $lines error lines"; return; fi
    if [ -n "$text" ] && [[ "$line" != *"$text"* ]]; then echo "FAIL: not the expected error"; return; fi
    if [ "$peak" -gt 256 ]; then echo "FAIL: $peak MiB"; return; fi
    if awk -v s="$secs" 'BEGIN { exit !(s > 10) }'; then echo "FAIL: $secs s"; return; fi
    echo ok
}

sum() { sha256sum "$1" | cut -c1-16; }

py() { python3 - "$@"; }

# ---------------------------------------------------------------------------------------------
# Inputs

py <<'EOF'
import os
header = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
          'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" '
          'datatype="plaintext"/><body>\n')
def unit(i, en, ko):
    return (f'<tu tuid="u{i}" usagecount="2"><tuv xml:lang="en"><seg>{en}</seg></tuv>'
            f'<tuv xml:lang="ko"><seg>{ko}</seg></tuv></tu>\n')
# 1: 200,000 units, a bpt without its ept in unit 150,000.
with open('bad200k.tmx', 'w') as f:
    f.write(header)
    for i in range(1, 200_001):
        en = f'Report <bpt i="1">[</bpt>number {i}' if i == 150_000 else f'Report number {i} says guards moved.'
        f.write(unit(i, en, f'{i}번 보고.'))
    f.write('</body></tmx>\n')
# 2, 4, 5, 6, 9, 10, 15-17: 20,000 good units.
with open('good20k.tmx', 'w') as f:
    f.write(header)
    for i in range(1, 20_001):
        f.write(unit(i, f'Report number {i} says guards moved on the border.', f'{i}번 보고: 국경 경비대가 이동했다.'))
    f.write('</body></tmx>\n')
# 3: 60,000 nested <hi>.
with open('deep-hi.tmx', 'w') as f:
    f.write(header + '<tu><tuv xml:lang="en"><seg>' + '<hi>' * 60_000 + 'x' + '</hi>' * 60_000
            + '</seg></tuv><tuv xml:lang="ko"><seg>x</seg></tuv></tu></body></tmx>\n')
# 11: 5 MB of text, a paragraph starting with FF FE after the first 4 MB.
para = ('Rice prices in Hyesan rose to 6,500 won per kilogram this week. '
        'Traders said the border was sealed.\n\n')
with open('ff-fe.txt', 'wb') as f:
    text = para.encode() * (4 * 1024 * 1024 // len(para) + 1)
    f.write(text + b'\xff\xfe' + para.encode() * 5000)
# 12: a quadratic blowup (one 40 KB entity referenced 10,000 times: 400 MB expanded) and a
# billion laughs, as TMX, TBX and SRX.
big = 'A' * 40_000
quad_doctype = f'<!DOCTYPE x [<!ENTITY a "{big}">]>\n'
refs = '&a;' * 10_000
laughs = '<!DOCTYPE x [<!ENTITY l0 "lol">' + ''.join(
    f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10)) + ']>\n'
def tmx(doctype, content):
    return ('<?xml version="1.0"?>\n' + doctype + header.split('\n', 1)[1]
            + f'<tu><tuv xml:lang="en"><seg>{content}</seg></tuv></tu></body></tmx>\n')
def tbx(doctype, content):
    return ('<?xml version="1.0"?>\n' + doctype + '<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            'xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c1"><langSec xml:lang="en">'
            f'<termSec><term>{content}</term></termSec></langSec></conceptEntry></body></text></tbx>\n')
def srx(doctype, content):
    return ('<?xml version="1.0"?>\n' + doctype + '<srx xmlns="http://www.lisa.org/srx20" version="2.0">'
            '<header cascade="yes"/><body><languagerules><languagerule languagerulename="en">'
            f'<rule break="no"><beforebreak>{content}</beforebreak></rule></languagerule></languagerules>'
            '<maprules><languagemap languagepattern=".*" languagerulename="en"/></maprules></body></srx>\n')
for name, make in (('tmx', tmx), ('tbx', tbx), ('srx', srx)):
    open(f'quadratic.{name}', 'w').write(make(quad_doctype, refs))
    open(f'laughs.{name}', 'w').write(make(laughs, '&l9;'))
# 13: SRX nested 100,000 deep (about 700 KB).
with open('deep.srx', 'w') as f:
    f.write('<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="yes"/><body>'
            + '<x>' * 100_000 + '</x>' * 100_000 + '</body></srx>\n')
# 14: one 50 MB <seg>; 100 MB and 4 MB of text without a newline; 10 and 30 MB of one paragraph.
with open('huge-seg.tmx', 'w') as f:
    f.write(header + '<tu><tuv xml:lang="en"><seg>' + 'word ' * 10_000_000
            + '</seg></tuv><tuv xml:lang="ko"><seg>말</seg></tuv></tu></body></tmx>\n')
sentence = 'The border was sealed and rice prices rose again this week in Hyesan. '
with open('oneline100.txt', 'w') as f:
    f.write(sentence * (100 * 1024 * 1024 // len(sentence)))
with open('oneline4.txt', 'w') as f:
    f.write(sentence * (4 * 1024 * 1024 // len(sentence)))
korean = '국경이 봉쇄되고 이번 주 혜산의 쌀값이 또 올랐다. '
with open('ko4.txt', 'w') as f:
    f.write(korean * (4 * 1024 * 1024 // len(korean.encode())))
with open('repeat10.txt', 'w') as f:
    f.write(para * (10 * 1024 * 1024 // len(para)))
with open('repeat30.txt', 'w') as f:
    f.write(para * (30 * 1024 * 1024 // len(para)))
# 18: a 1,000,000-character xml:lang; invalid UTF-8 inside a seg.
with open('long-lang.tmx', 'w') as f:
    f.write(header + f'<tu><tuv xml:lang="{"x" * 1_000_000}"><seg>Text.</seg></tuv></tu></body></tmx>\n')
with open('bad-utf8.tmx', 'wb') as f:
    f.write((header + '<tu><tuv xml:lang="en"><seg>a').encode() + b'\xff\xfe' + b'b</seg></tuv></tu></body></tmx>\n')
EOF
printf 'Rice prices in Hyesan rose to 6,500 won per kilogram this week.\n\nThe border was sealed.\n' >doc.txt
"$tmkit" tm import good20k.tmx --tm good.sqlite >/dev/null 2>&1
"$tmkit" segment doc.txt --format tmx >lockunits.tmx 2>/dev/null

# ---------------------------------------------------------------------------------------------
# 1. An invalid unit in a large TMX (200,000 units, the bad one at 150,000).

measure "$tmkit" tmx stats bad200k.tmx; row 1 "tmx stats, 200k units, bad unit 150,000" "$(judge 2)"
measure "$tmkit" tmx convert bad200k.tmx -o bad.tsv
v=$(judge 2); [ -e bad.tsv ] && v="FAIL: bad.tsv written"
row 1 "tmx convert -o bad.tsv (nothing written)" "$v"
measure "$tmkit" tm import bad200k.tmx --tm bad.sqlite
units=$("$tmkit" tm stats --tm bad.sqlite --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["units"])' 2>/dev/null)
row 1 "tm import (units kept: ${units:-none}, whole batches)" "$(judge 2)"

# 2. SQLite fails mid-import: a full disk (file size limit) and a write lock held by another process.
measure bash -c "trap '' XFSZ; ulimit -f 4096; exec \"\$0\" \"\$@\"" "$tmkit" tm import good20k.tmx --tm full.sqlite --batch-size 500
row 2 "tm import onto a full disk (RLIMIT_FSIZE 4 MB)" "$(judge 2)"
cp good.sqlite locked.sqlite
python3 -c '
import sqlite3, sys, time
db = sqlite3.connect("locked.sqlite", isolation_level=None)
db.execute("BEGIN IMMEDIATE"); print("locked", flush=True); time.sleep(8)' >lock.out &
holder=$!
while ! grep -q locked lock.out 2>/dev/null; do sleep 0.1; done
TMKIT_BUSY_TIMEOUT=2 measure "$tmkit" tm import lockunits.tmx --tm locked.sqlite
row 2 "tm import while another process holds the write lock (TMKIT_BUSY_TIMEOUT=2)" "$(judge 2)"

# 16. Reads neither wait for nor take the write lock (the lock is still held).
before=$(sum locked.sqlite)
measure "$tmkit" tm stats --tm locked.sqlite
v=$(judge 0); awk -v s="$secs" 'BEGIN { exit !(s > 1) }' && v="FAIL: waited $secs s"
row 16 "tm stats while the write lock is held" "$v"
measure "$tmkit" tm lookup --tm locked.sqlite "Report number 7 says guards moved on the border."
row 16 "tm lookup while the write lock is held" "$(judge 0)"
wait "$holder"

# 3. 60,000 nested <hi>.
measure "$tmkit" tmx stats deep-hi.tmx; row 3 "tmx stats, 60,000 nested <hi>" "$(judge 2)"
measure "$tmkit" tmx convert deep-hi.tmx -o deep.tsv --from en --to ko
v=$(judge 2); ls -a | grep -q 'deep.tsv' && v="FAIL: $(ls -a | grep deep.tsv | head -1) left"
row 3 "tmx convert -o deep.tsv (no temporary file left)" "$v"

# 4. --tm naming a directory, in every memory command.
mkdir -p adir
for command in "tm import good20k.tmx" "tm export -o x.tmx" "tm lookup Report" "tm concordance Report" "tm stats" "tm delete --tuid u1" "tm check" "pretranslate doc.txt --from en --to ko -o p.tmx"; do
    # shellcheck disable=SC2086
    measure "$tmkit" $command --tm adir
    row 4 "$command --tm DIRECTORY" "$(judge 2 'adir: not a tmkit memory (a directory)')"
done

# 5. Numbers out of range.
measure "$tmkit" tm concordance --tm good.sqlite --limit 4611686018427387904 Report
row 5 "tm concordance --limit 4611686018427387904" "$(judge 2)"
measure "$tmkit" tm import good20k.tmx --tm range.sqlite --batch-size 100000000000
row 5 "tm import --batch-size 100000000000" "$(judge 2)"

# 6. Write errors on standard output.
for command in "segment doc.txt" "tmx stats good20k.tmx" "tmx convert good20k.tmx -o - --output-format tsv" "tm export --tm good.sqlite -o -" "glossary lookup --glossary $root/Glossaries/north-korea-news.tbx DPRK" "align $root/Examples/article.en.txt $root/Examples/article.ko.txt --from en --to ko"; do
    # shellcheck disable=SC2086
    OUT=/dev/full measure "$tmkit" $command
    row 6 "$(echo "${command//$root\//}" | cut -d' ' -f1-2) … > /dev/full" "$(judge 2 'cannot write standard output: No space left on device')"
done
python3 - "$tmkit" >pipe.txt <<'EOF'
import signal, subprocess, sys
signal.signal(signal.SIGPIPE, signal.SIG_IGN)   # inherited by the child: writes fail with EPIPE
p = subprocess.Popen([sys.argv[1], 'tm', 'export', '--tm', 'good.sqlite', '-o', '-'],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, restore_signals=False)
p.stdout.read(1000); p.stdout.close()
err = p.stderr.read().decode(errors='replace'); code = p.wait()
print(code, err.splitlines()[0] if err else '')
EOF
read -r code line <pipe.txt; peak=-; secs=-
[ "$code" = 2 ] && v=ok || v="FAIL: exit $code"
row 6 "tm export -o - into a pipe closed after 1000 bytes, SIGPIPE ignored" "$v"

# 7. -o onto a FIFO, a device, a symlink, a 0600 file.
mkfifo fifo; cat fifo >fifo.txt &
reader=$!
convert=("$tmkit" tmx convert "$root/TMX/sample.en-ko.tmx" --output-format tsv -o)
measure "${convert[@]}" fifo; kill "$reader" 2>/dev/null; wait "$reader"
v=$(judge 0); [ -p fifo ] || v="FAIL: FIFO replaced"; [ -s fifo.txt ] || v="FAIL: nothing came through"
row 7 "tmx convert -o FIFO (written into, still a FIFO)" "$v"
measure "${convert[@]}" /dev/null
v=$(judge 0); [ -c /dev/null ] || v="FAIL: /dev/null replaced"
row 7 "tmx convert -o /dev/null" "$v"
echo old >target.tsv; ln -s target.tsv link.tsv
measure "${convert[@]}" link.tsv
v=$(judge 0); [ -L link.tsv ] || v="FAIL: symlink replaced"; [ "$(cat target.tsv)" != old ] || v="FAIL: target not written"
row 7 "tmx convert -o SYMLINK (target written, link kept)" "$v"
echo old >private.tsv; chmod 600 private.tsv
measure "${convert[@]}" private.tsv
v=$(judge 0); [ "$(stat -c %a private.tsv)" = 600 ] || v="FAIL: mode $(stat -c %a private.tsv)"
row 7 "tmx convert -o an existing 0600 file (mode kept)" "$v"

# 8. The output is never one of the inputs.
cp doc.txt src.txt; before=$(sum src.txt)
measure "$tmkit" pretranslate src.txt --tm good.sqlite --from en --to ko -o src.txt
v=$(judge 2 'is also an input'); [ "$(sum src.txt)" = "$before" ] || v="FAIL: source changed"
row 8 "pretranslate doc.txt -o doc.txt" "$v"
cp "$root/Examples/article.en.txt" en.txt; before=$(sum en.txt)
measure "$tmkit" align en.txt "$root/Examples/article.ko.txt" --from en --to ko -o en.txt
v=$(judge 2 'is also an input'); [ "$(sum en.txt)" = "$before" ] || v="FAIL: source changed"
row 8 "align en.txt ko.txt -o en.txt" "$v"
cp good.sqlite same.sqlite; before=$(sum same.sqlite)
measure "$tmkit" tm export --tm same.sqlite -o same.sqlite
v=$(judge 2 'is also an input'); [ "$(sum same.sqlite)" = "$before" ] || v="FAIL: memory changed"
row 8 "tm export --tm M -o M" "$v"

# 9. A damaged memory; reads change nothing.
cp good.sqlite damaged.sqlite
size=$(stat -c %s damaged.sqlite)
dd if=/dev/urandom of=damaged.sqlite bs=4096 seek=$((size / 4096 / 2)) count=8 conv=notrunc status=none
before=$(sum damaged.sqlite)
measure "$tmkit" tm check --tm damaged.sqlite
row 9 "tm check on a memory with 8 pages overwritten (exit 1, damaged)" "$(judge 1)"
measure "$tmkit" tm import lockunits.tmx --tm damaged.sqlite
v=$(judge 2); [ "$(sum damaged.sqlite)" = "$before" ] || v="FAIL: file changed"
row 9 "tm import into it (refused, file unchanged)" "$v"
cp good.sqlite healthy.sqlite; before="$(sum healthy.sqlite) $(stat -c '%s %Y' healthy.sqlite)"
for command in "tm stats" "tm lookup Report" "tm concordance Report" "tm export -o exported.tmx" "tm check"; do
    # shellcheck disable=SC2086
    measure "$tmkit" $command --tm healthy.sqlite
    v=$(judge 0); [ "$(sum healthy.sqlite) $(stat -c '%s %Y' healthy.sqlite)" = "$before" ] || v="FAIL: file changed"
    ls healthy.sqlite-* >/dev/null 2>&1 && v="FAIL: sidecars left"
    row 9 "${command%% *} ${command#* } leaves the memory byte for byte (no -wal/-shm)" "$v"
done

# 10. Re-importing the same file.
"$tmkit" tm import good20k.tmx --tm twice.sqlite >/dev/null 2>&1
measure "$tmkit" tm import good20k.tmx --tm twice.sqlite
usage=$(python3 -c 'import sqlite3; print(sqlite3.connect("twice.sqlite").execute("SELECT MIN(usage_count), MAX(usage_count), COUNT(*) FROM units").fetchone())')
v=$(judge 0); [ "$usage" = "(2, 2, 20000)" ] || v="FAIL: usage counts $usage"
row 10 "tm import of the same 20,000 units twice (usage count min, max, units: $usage)" "$v"

# 11. Invalid UTF-8 after the first 4 MB.
measure "$tmkit" segment ff-fe.txt --format tmx
v=$(judge 2); [ -s out.txt ] && v="FAIL: $(stat -c %s out.txt) bytes written"
row 11 "segment, FF FE opening a paragraph after 4 MB (nothing written)" "$v"

# 12. Entity expansion.
for kind in quadratic laughs; do
    measure "$tmkit" tmx stats $kind.tmx; row 12 "tmx stats $kind.tmx" "$(judge 2)"
    measure "$tmkit" glossary lookup --glossary $kind.tbx AAAA; row 12 "glossary lookup --glossary $kind.tbx" "$(judge 2)"
    measure "$tmkit" srx check $kind.srx; row 12 "srx check $kind.srx" "$(judge 2)"
done

# 13. Deep and endless XML.
measure "$tmkit" srx check deep.srx; row 13 "srx check, 100,000 nested elements" "$(judge 2)"
measure "$tmkit" srx check /dev/zero; row 13 "srx check /dev/zero" "$(judge 2)"
measure "$tmkit" segment doc.txt --srx /dev/zero; row 13 "segment --srx /dev/zero" "$(judge 2)"
ln -s /dev/zero zero.tbx
measure "$tmkit" glossary lookup --glossary zero.tbx DPRK; row 13 "glossary lookup --glossary zero.tbx (a link to /dev/zero)" "$(judge 2)"
measure "$tmkit" tmx stats /dev/zero; row 13 "tmx stats /dev/zero" "$(judge 2)"

# 14. Huge inputs.
measure "$tmkit" tm import huge-seg.tmx --tm huge.sqlite; row 14 "tm import, one 50 MB <seg>" "$(judge 2)"
measure "$tmkit" align oneline100.txt oneline100.txt --from en --to ko; row 14 "align, 100 MB without a newline (refused)" "$(judge 2)"
measure "$tmkit" pretranslate oneline100.txt --tm good.sqlite --from en --to ko -o -; row 14 "pretranslate, 100 MB without a newline (refused)" "$(judge 2)"
measure "$tmkit" align oneline4.txt ko4.txt --from en --to ko --format jsonl
v=$(judge 0); row 14 "align, 4 MB English and 4 MB Korean, one sentence repeated, no newline ($(wc -l <out.txt) beads)" "$v"
for size in 10 30; do
    measure "$tmkit" pretranslate repeat$size.txt --tm good.sqlite --from en --to ko --format json -o -
    row 14 "pretranslate, $size MB of one repeated paragraph" "$(judge 0)"
done

# 15. Two imports creating the same memory at once, 12 times.
bad=0
for i in $(seq 1 12); do
    "$tmkit" tm import good20k.tmx --tm race$i.sqlite >r1.txt 2>&1 &
    a=$!
    "$tmkit" tm import good20k.tmx --tm race$i.sqlite >r2.txt 2>&1 &
    b=$!
    wait $a || bad=$((bad + 1)); wait $b || bad=$((bad + 1))
    n=$("$tmkit" tm stats --tm race$i.sqlite --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["units"])')
    [ "$n" = 20000 ] || bad=$((bad + 1))
done
code=-; peak=-; secs=-; line="$bad failures"
[ $bad = 0 ] && v=ok || v="FAIL: $bad"
row 15 "2 concurrent imports into a new memory, 12 rounds (each ends with 20,000 units)" "$v"

# 17. Read-only memories, read as another user.
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
    mkdir ro; cp good.sqlite ro/m.sqlite; chmod 444 ro/m.sqlite; chmod 555 ro
    before=$(sum ro/m.sqlite)
    measure runuser -u nobody -- "$tmkit" tm stats --tm ro/m.sqlite
    v=$(judge 0); ls ro | grep -q -- '-wal\|-shm' && v="FAIL: sidecars left"
    row 17 "tm stats as nobody, 0444 memory in a 0555 folder" "$v"
    mkdir own; cp good.sqlite own/m.sqlite; chmod 777 own; chmod 644 own/m.sqlite
    measure runuser -u nobody -- "$tmkit" tm lookup --tm own/m.sqlite "Report number 7 says guards moved."
    v=$(judge 0); ls own | grep -q -- '-wal\|-shm' && v="FAIL: sidecars left by another user"
    row 17 "tm lookup as nobody on the owner's memory (no -wal/-shm left)" "$v"
    measure "$tmkit" tm import lockunits.tmx --tm own/m.sqlite
    row 17 "the owner imports afterwards" "$(judge 0)"
    chmod 755 ro
else
    code=-; peak=-; secs=-; line="not root or no runuser"; row 17 "read-only memories as another user" "skipped"
fi
mkdir -p notmem; printf 'not a memory' >notmem/x.sqlite
measure "$tmkit" tm stats --tm notmem/x.sqlite
v=$(judge 2); ls notmem | grep -q -- '-wal\|-shm' && v="FAIL: sidecars"
row 17 "tm stats on a file that is not a memory (refused, no sidecars)" "$v"

# 18. Error lines.
measure "$tmkit" tmx stats bad-utf8.tmx; row 18 "tmx stats, invalid UTF-8 in a seg" "$(judge 2)"
measure "$tmkit" tmx stats long-lang.tmx
v=$(judge 2); [ ${#line} -le 300 ] || v="FAIL: ${#line} characters"
row 18 "tmx stats, a 1,000,000-character xml:lang (line of ${#line} characters)" "$v"

echo
echo "$passed passed, $failed failed ($(date -u +%Y-%m-%d), $("$tmkit" --version 2>/dev/null))"
[ $failed = 0 ]
