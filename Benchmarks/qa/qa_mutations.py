#!/usr/bin/env python3
"""QA recall and false positives (issue 16): errors of every category injected into clean
translated files, found by `tmkit qa` and by translate-toolkit's `pofilter`, side by side.

For each clean English→Korean file (default: the sample article's pairs, TMX/sample.en-ko.tmx,
and the real OmegaT project memory ../shared/data/tmx/corpus/omegat-l10n_ko_project_save.tmx):
  1. both tools run on the untouched file: a unit flagged is a false positive unless it is one
     of the file's own defects, listed in DEFECTS below after reading every unit (a QA tool
     should flag those; how many of them each tool finds is printed too);
  2. per category, one mutated copy where each eligible unit gets one error of that category;
     an injected error counts as found when the tool flags that unit with a check of the
     category (tmkit's own check; pofilter's tests listed in POFILTER below).
Categories: numbers (a number changed), dates (a weekday or month changed), codes (an inline
code dropped from the target), punctuation (end punctuation dropped, a double space, an
unclosed bracket), untranslated (empty target, target = source), consistency (the same source
again with another target), urls (a URL dropped), length (a target four times too long),
terminology (with the bundled Glossaries/north-korea-news.tbx: a glossary term added to the
source with, in the target, its North Korean spelling where the file is South Korean, a
deprecated or forbidden term, or no allowed translation at all; pofilter has no glossary check).

    pip install translate-toolkit
    python3 Benchmarks/qa/qa_mutations.py .build/release/tmkit [FILE.tmx ...]
"""
import json
import os
import xml.etree.ElementTree as ET
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKS = "numbers,dates,codes,punctuation,untranslated,consistency,urls,length,terminology"
CATEGORIES = CHECKS.split(",")
GLOSSARY = os.path.join(ROOT, "Glossaries", "north-korea-news.tbx")
POFILTER = {
    "numbers": {"numbers"},
    "dates": set(),
    "codes": {"xmltags"},
    "punctuation": {"endpunc", "doublespacing", "brackets", "startwhitespace", "endwhitespace", "doublequoting", "startpunc"},
    "untranslated": {"untranslated", "unchanged"},
    "consistency": set(),
    "urls": {"urls", "emails"},
    "length": {"long", "short"},
    "terminology": set(),
}
POFILTER_TESTS = sorted(set().union(*POFILTER.values()))
# Real defects of the untouched files, found by reading each unit (keyed by the unit's source):
# units a QA tool is right to flag. The sample article's pairs have none.
DEFECTS = {
    "omegat-l10n_ko_project_save.tmx": {
        "Enter a source term, a target term and a comment:":
            "the target ends '입력합니다 .': a space before the full stop, which replaces the colon that introduces the fields",
        "Example - Search and Replace": "a double space in the target: '찾기 및  바꾸기'",
        "Simple search and replace script": "a space at the end of the target ('명령 '), none in the source",
    },
}
WEEKDAYS = [("Monday", "월요일"), ("Tuesday", "화요일"), ("Wednesday", "수요일"), ("Thursday", "목요일"),
            ("Friday", "금요일"), ("Saturday", "토요일"), ("Sunday", "일요일")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def load_pairs(tmkit, path, work):
    """(source, target) strings of the file's English–Korean units, in order."""
    out = os.path.join(work, "clean.jsonl")
    subprocess.run([tmkit, "tmx", "convert", path, "-o", out], check=True, capture_output=True)
    pairs = []
    for line in open(out, encoding="utf-8"):
        variants = json.loads(line)["variants"]
        en = next((v for k, v in variants.items() if k.lower().startswith("en")), None)
        ko = next((v for k, v in variants.items() if k.lower().startswith("ko")), None)
        if isinstance(en, str) and isinstance(ko, str) and en.strip() and ko.strip():
            pairs.append((en, ko))
    return pairs


def plain(content):
    if isinstance(content, str):
        return content
    return "".join(e if isinstance(e, str) else e.get("content", "") for e in content)


def write_jsonl(units, path):
    with open(path, "w", encoding="utf-8") as f:
        for n, (source, target) in enumerate(units, 1):
            f.write(json.dumps({"id": str(n), "variants": {"en": source, "ko": target}}, ensure_ascii=False) + "\n")


def write_po(units, path):
    def quote(text):
        return json.dumps(text, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as f:
        f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko\\n"\n\n')
        for n, (source, target) in enumerate(units, 1):
            f.write(f"msgctxt {quote(str(n))}\nmsgid {quote(plain(source))}\nmsgstr {quote(plain(target))}\n\n")


def tmkit_flags(tmkit, path):
    """unit → the checks that flagged it."""
    run = subprocess.run([tmkit, "qa", path, "--from", "en", "--to", "ko", "--format", "jsonl", "--checks", CHECKS,
                          "--glossary", GLOSSARY],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"tmkit qa failed: {run.stderr}")
    flags = {}
    for line in run.stdout.splitlines():
        finding = json.loads(line)
        flags.setdefault(finding["unit"], set()).add(finding["check"])
    return flags


def pofilter_flags(path, work):
    out = os.path.join(work, "filtered.po")
    args = ["pofilter", "--progress=none", "--nofuzzy", "-i", path, "-o", out]
    for test in POFILTER_TESTS:
        args += ["-t", test]
    subprocess.run(args, capture_output=True, text=True)
    flags, tests = {}, set()
    if not os.path.exists(out):
        return flags
    for line in open(out, encoding="utf-8"):
        match = re.match(r"# \(pofilter\) (\w+):", line)
        if match:
            tests.add(match.group(1))
        elif line.startswith("msgctxt "):
            flags[json.loads(line[8:])] = tests
            tests = set()
    return flags


def glossary_entries():
    """(English preferred term, {region or 'ko': [(term, status)]}) of every entry with both."""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = []
    for concept in ET.parse(GLOSSARY).getroot().iter():
        if not concept.tag.endswith("conceptEntry"):
            continue
        english, korean = None, {}
        for section in concept:
            if not section.tag.endswith("langSec"):
                continue
            lang = section.get(xml_lang, "")
            for term_section in section:
                term = next((t.text for t in term_section if t.tag.endswith("term")), None)
                status = next((t.text for t in term_section if t.tag.endswith("termNote")), "") or ""
                if not term:
                    continue
                if lang == "en" and english is None:
                    english = term
                elif lang.startswith("ko"):
                    korean.setdefault(lang, []).append((term, status))
        if english and korean:
            entries.append((english, korean))
    return entries


def terminology_error(rng, entries, target):
    """An English term and a Korean text the glossary check must flag in a ko-KR file whose
    unit already reads `target` (an entry with an allowed term in it already is passed over)."""
    while True:
        english, korean = rng.choice(entries)
        allowed = [t for lang in ("ko-KR", "ko") for t, status in korean.get(lang, [])
                   if "deprecated" not in status and "superseded" not in status]
        if allowed and not any(t in target for t in allowed):
            break
    north = [t for t, status in korean.get("ko-KP", []) if "deprecated" not in status and "superseded" not in status]
    south = {t for lang in ("ko-KR", "ko") for t, _ in korean.get(lang, [])}
    north = [t for t in north if t not in south]
    banned = [t for lang in korean for t, status in korean[lang] if "deprecated" in status or "superseded" in status]
    kind = rng.random()
    if north and kind < 0.4:
        return english, rng.choice(north)  # North Korean spelling in a South Korean file
    if banned and kind < 0.7:
        return english, rng.choice(banned)  # a deprecated or forbidden term
    return english, "그것"  # no allowed translation


ENTRIES = None


def mutate(category, pairs, rng):
    """The units with one error of `category` each, and the unit numbers (1-based) that have one."""
    units = [list(p) for p in pairs]
    injected = []
    for n, (source, target) in enumerate(pairs, 1):
        new_source, new_target = source, target
        if category == "numbers":
            shared = [m for m in re.finditer(r"\d+", target) if m.group(0) in source]
            if shared:
                m = rng.choice(shared)
                new_target = target[:m.start()] + str(int(m.group(0)) + 1) + target[m.end():]
            else:
                new_source, new_target = source + " (70 km)", target + " (60km)"
        elif category == "dates":
            english, korean = rng.choice(WEEKDAYS)
            other = WEEKDAYS[(WEEKDAYS.index((english, korean)) + 1) % 7][1]
            if rng.random() < 0.5:
                new_source, new_target = source + f" on {english}", target + f" {other}에"
            else:
                month = rng.randrange(12)
                new_source, new_target = source + f" in {MONTHS[month]}", target + f" {(month + 1) % 12 + 1}월에"
        elif category == "codes":
            b = {"code": "bpt", "attributes": {"i": "1"}, "content": "<b>"}
            e = {"code": "ept", "attributes": {"i": "1"}, "content": "</b>"}
            new_source = [b, source, e]
            new_target = [b, target] if rng.random() < 0.5 else [target, e]
        elif category == "punctuation":
            stripped = target.rstrip()
            if source.rstrip()[-1:] in ".?!" and stripped[-1:] in ".?!":
                new_target = stripped[:-1]
            elif " " in target and rng.random() < 0.5:
                i = target.index(" ")
                new_target = target[:i] + "  " + target[i + 1:]
            else:
                new_target = "(" + target
        elif category == "untranslated":
            new_target = "" if rng.random() < 0.5 else source
        elif category == "consistency":
            units.append([source, target + " (다른 번역)"])
            injected.append(len(units))
            continue
        elif category == "urls":
            new_source = source + " See https://example.com/report."
            new_target = target + " 참조."
        elif category == "terminology":
            global ENTRIES
            ENTRIES = ENTRIES or glossary_entries()
            english, korean = terminology_error(rng, ENTRIES, target)
            new_source, new_target = source + f" ({english})", target + f" ({korean})"
        elif category == "length":
            # A few units only: the file's usual ratio must stay the usual one.
            if len(source) < 20 or n % 4:
                continue
            new_target = " ".join([target] * 4)
        units[n - 1] = [new_source, new_target]
        injected.append(n)
    return [tuple(u) for u in units], injected


# Numbers and dates as English and Korean write them: right (no finding wanted) and wrong.
FORMS_RIGHT = [
    ("About 1.2 million people fled.", "약 120만 명이 피란했다."),
    ("The fund holds $3.5 billion.", "기금은 35억 달러를 보유하고 있다."),
    ("It cost 120 million won.", "1억 2천만 원이 들었다."),
    ("Some 35,000 troops moved.", "병력 3만 5000명이 이동했다."),
    ("The party marks its 70th anniversary on October 10.", "당은 10월 10일 창건 70주년을 맞는다."),
    ("Talks resume on Wednesday.", "회담은 수요일 재개된다."),
    ("Exports fell 2.5 trillion won in July.", "7월 수출이 2조 5천억 원 줄었다."),
    ("Rice costs 6,500 won a kilogram.", "쌀값은 킬로그램당 6,500원이다."),
]
FORMS_WRONG = [
    ("About 1.2 million people fled.", "약 12만 명이 피란했다."),
    ("The fund holds $3.5 billion.", "기금은 3억 5천만 달러를 보유하고 있다."),
    ("It cost 120 million won.", "1억 2만 원이 들었다."),
    ("Some 35,000 troops moved.", "병력 3만 명이 이동했다."),
    ("The party marks its 70th anniversary on October 10.", "당은 10월 11일 창건 70주년을 맞는다."),
    ("Talks resume on Wednesday.", "회담은 목요일 재개된다."),
    ("Exports fell 2.5 trillion won in July.", "8월 수출이 2조 5천억 원 줄었다."),
    ("Rice costs 6,500 won a kilogram.", "쌀값은 킬로그램당 5,600원이다."),
]


def forms(tmkit, work):
    print("== EN↔KO number and date forms (units flagged)")
    for label, units in (("right forms", FORMS_RIGHT), ("wrong forms", FORMS_WRONG)):
        jsonl, po = os.path.join(work, "forms.jsonl"), os.path.join(work, "forms.po")
        write_jsonl(units, jsonl)
        write_po(units, po)
        ours = tmkit_flags(tmkit, jsonl)
        theirs = pofilter_flags(po, work)
        ours_n = sum(1 for n in range(1, len(units) + 1) if ours.get(str(n), set()) & {"numbers", "dates"})
        theirs_n = sum(1 for n in range(1, len(units) + 1) if theirs.get(str(n), set()) & {"numbers"})
        want = "0 wanted" if label == "right forms" else f"{len(units)} wanted"
        print(f"{label:<14}{len(units):>3} units   tmkit {ours_n:>2}   pofilter {theirs_n:>2}   ({want})")


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    tmkit = os.path.abspath(args[0])
    files = args[1:] or [os.path.join(ROOT, "TMX", "sample.en-ko.tmx"),
                         os.path.join(os.path.dirname(ROOT), "shared", "data", "tmx", "corpus", "omegat-l10n_ko_project_save.tmx")]
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as work:
        forms(tmkit, work)
    for path in files:
        if not os.path.exists(path):
            print(f"skip {path}: not found")
            continue
        with tempfile.TemporaryDirectory() as work:
            pairs = load_pairs(tmkit, path, work)
            clean_jsonl, clean_po = os.path.join(work, "c.jsonl"), os.path.join(work, "c.po")
            write_jsonl(pairs, clean_jsonl)
            write_po(pairs, clean_po)
            ours, theirs = tmkit_flags(tmkit, clean_jsonl), pofilter_flags(clean_po, work)
            print(f"== {os.path.basename(path)}: {len(pairs)} units")
            defects = DEFECTS.get(os.path.basename(path), {})
            defective = {str(n) for n, (source, _) in enumerate(pairs, 1) if plain(source) in defects}
            assert len(defective) == len(defects), "a listed defect's source is not in the file"
            print(f"units flagged in the untouched file: tmkit {len(ours)}, pofilter {len(theirs)}; "
                  f"its own defects (listed in DEFECTS): {len(defective)}, found by tmkit {len(defective & set(ours))}, "
                  f"pofilter {len(defective & set(theirs))}")
            false_ours, false_theirs = set(ours) - defective, set(theirs) - defective
            print(f"false positives (units flagged without a defect): tmkit {len(false_ours)} ({100 * len(false_ours) / len(pairs):.1f}%), "
                  f"pofilter {len(false_theirs)} ({100 * len(false_theirs) / len(pairs):.1f}%)")
            for unit, checks in sorted(ours.items(), key=lambda item: int(item[0])):
                why = defects.get(plain(pairs[int(unit) - 1][0]))
                print(f"    tmkit flags unit {unit}: {', '.join(sorted(checks))}: " + (f"a defect: {why}" if why else "FALSE POSITIVE"))
            for unit in sorted(false_theirs, key=int):
                print(f"    pofilter flags unit {unit}: {', '.join(sorted(theirs[unit]))}: FALSE POSITIVE")
            print(f"{'category':<14}{'injected':>9}{'tmkit':>8}{'recall':>8}{'pofilter':>10}{'recall':>8}")
            for category in CATEGORIES:
                units, injected = mutate(category, pairs, rng)
                jsonl, po = os.path.join(work, f"{category}.jsonl"), os.path.join(work, f"{category}.po")
                write_jsonl(units, jsonl)
                write_po(units, po)
                ours, theirs = tmkit_flags(tmkit, jsonl), pofilter_flags(po, work)
                found = sum(1 for n in injected if category in ours.get(str(n), set()))
                tests = POFILTER[category]
                found_po = sum(1 for n in injected if theirs.get(str(n), set()) & tests) if tests else None
                total = len(injected)
                po_text = f"{found_po:>10}{100 * found_po / total:>7.0f}%" if found_po is not None else f"{'—':>10}{'—':>8}"
                print(f"{category:<14}{total:>9}{found:>8}{100 * found / max(total, 1):>7.0f}%{po_text}")
                missed = [n for n in injected if category not in ours.get(str(n), set())]
                for n in missed[:3]:
                    source, target = units[n - 1]
                    print(f"    tmkit missed unit {n}: {plain(source)[:70]!r} → {plain(target)[:50]!r}"
                          + (f" (… {plain(source)[-40:]!r} → … {plain(target)[-30:]!r})" if len(plain(source)) > 70 else ""))


if __name__ == "__main__":
    main()
