#!/usr/bin/env python3
"""Interop check: translate-toolkit reads TMX written by tmkit with the same sources and targets.

    pip install translate-toolkit
    python3 Benchmarks/interop/check_translate_toolkit.py [TMKIT_BINARY [GEN_TMX_SCRIPT]]

For each test memory, tmkit writes a TMX (`tmkit tmx convert ... -o X.tmx`) and a JSON Lines
export of the same units (`-o X.jsonl`); translate-toolkit loads the TMX with the pair's
languages, and every unit's source and target must equal tmkit's text. translate-toolkit
flattens inline codes into their native code text, so tmkit's text is flattened the same way
(text runs plus the content of each code). Prints one line per memory; exits 1 on a mismatch.
"""
import json
import os
import subprocess
import sys
import tempfile

import prerequisites

tmx = prerequisites.require("translate.storage.tmx", "pip install translate-toolkit")

CODES = [
    {"id": "1", "props": [], "notes": [], "variants": {
        "en": ["Press ", {"code": "bpt", "attributes": {"i": "1", "x": "1", "type": "bold"}, "content": "<b>"}, "Save",
               {"code": "ept", "attributes": {"i": "1"}, "content": "</b>"}, " now & then."],
        "ko": ["지금 ", {"code": "bpt", "attributes": {"i": "1", "x": "1", "type": "bold"}, "content": "<b>"}, "저장",
               {"code": "ept", "attributes": {"i": "1"}, "content": "</b>"}, "을 누르세요."]}},
    {"id": "2", "props": [], "notes": ["quotes \" and <angle> brackets"], "variants": {
        "en": "He said \"no\" <twice>.\tTabbed.", "ko": "그는 \"아니\"라고 <두 번> 말했다."}},
    {"id": "3", "props": [], "notes": [], "variants": {
        "en": ["See ", {"code": "ph", "attributes": {"x": "2", "type": "image"}, "content": "<img src=\"a.png\"/>"}, " here."],
        "ko": ["여기 ", {"code": "ph", "attributes": {"x": "2", "type": "image"}, "content": "<img src=\"a.png\"/>"}, "를 보세요."]}},
]


def flatten(content):
    if isinstance(content, str):
        return content
    return "".join(part if isinstance(part, str) else flatten(part.get("content", "")) for part in content)


def check(tmkit, name, source_file, source_lang, target_lang, workdir):
    tmx_path = os.path.join(workdir, name + ".tmx")
    jsonl_path = os.path.join(workdir, name + ".jsonl")
    subprocess.run([tmkit, "tmx", "convert", source_file, "-o", tmx_path, "--from", source_lang, "--to", target_lang],
                   check=True)
    subprocess.run([tmkit, "tmx", "convert", tmx_path, "-o", jsonl_path], check=True)
    expected = []
    with open(jsonl_path, encoding="utf-8") as handle:
        for line in handle:
            unit = json.loads(line)
            variants = unit["variants"]
            expected.append((flatten(variants.get(source_lang, "")), flatten(variants.get(target_lang, ""))))
    with open(tmx_path, "rb") as handle:
        store = tmx.tmxfile(handle, sourcelanguage=source_lang, targetlanguage=target_lang)
    got = [(unit.source or "", unit.target or "") for unit in store.units]
    same = sum(1 for a, b in zip(expected, got) if a == b)
    ok = len(got) == len(expected) and same == len(expected)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: tmkit wrote {len(expected)} units; translate-toolkit read {len(got)}, "
          f"{same} with identical source and target")
    if not ok:
        for a, b in zip(expected, got):
            if a != b:
                print(f"     tmkit {a!r}\n     tt    {b!r}")
                break
    return ok


def main():
    tmkit = prerequisites.tmkit_binary(sys.argv[1] if len(sys.argv) > 1 else None)
    generator = sys.argv[2] if len(sys.argv) > 2 else None
    prerequisites.ready()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import translate
    print(f"translate-toolkit {translate.__version__.sver}")
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        results.append(check(tmkit, "sample-en-ko", os.path.join(root, "TMX/sample.en-ko.tmx"), "en", "ko", workdir))
        codes = os.path.join(workdir, "codes.jsonl")
        with open(codes, "w", encoding="utf-8") as handle:
            for unit in CODES:
                handle.write(json.dumps(unit, ensure_ascii=False) + "\n")
        results.append(check(tmkit, "inline-codes-en-ko", codes, "en", "ko", workdir))
        if generator:
            generated = os.path.join(workdir, "generated.tmx")
            subprocess.run([sys.executable, generator, "--n", "5000", "--out", generated], check=True,
                           stdout=subprocess.DEVNULL)
            results.append(check(tmkit, "gen_tmx-5000-en-US-ko-KR", generated, "en-US", "ko-KR", workdir))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
