#!/usr/bin/env python3
"""A glossary annotator written with a peer library, end to end as a user would run one: read the
TSV (terms in column 1, translations in column 2), build the matcher, read the text, find every
term (leftmost-longest, whole words, case-insensitive), and write one JSON line per line of text
that has terms ({"line", "terms": [{"text", "start", "end", "target"}]}, offsets in characters of
the line). The peer of `tmkit glossary annotate --format jsonl` in Benchmarks/annotate_bench.sh.

    pip install pyahocorasick flashtext
    python3 Benchmarks/peers/annotate_peer.py aho|flashtext GLOSSARY.tsv TEXT > OUT.jsonl
"""
import json
import sys


def main():
    tool, tsv, text_path = sys.argv[1:4]
    targets = {}
    with open(tsv, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[0].strip():
                targets.setdefault(fields[0].strip().lower(), fields[1].strip() if len(fields) > 1 else "")
    out = sys.stdout
    if tool == "aho":
        import ahocorasick
        from glossary_peers import aho_matches  # whole words, leftmost-longest: as in the matching benchmark
        automaton = ahocorasick.Automaton()
        for key in targets:
            automaton.add_word(key, (len(key), key))
        automaton.make_automaton()

        def find(text):
            return aho_matches(automaton, text.lower())
    else:
        from flashtext import KeywordProcessor
        processor = KeywordProcessor(case_sensitive=False)
        for key in targets:
            processor.add_keyword(key)

        def find(text):
            return [(start, end) for _, start, end in processor.extract_keywords(text, span_info=True)]
    with open(text_path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            spans = find(line)
            if spans:
                terms = [{"text": line[s:e], "start": s, "end": e, "target": targets.get(line[s:e].lower(), "")}
                         for s, e in spans]
                out.write(json.dumps({"line": number, "terms": terms}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
