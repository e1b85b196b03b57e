#!/usr/bin/env python3
"""Deterministic Korean glossary and text with recorded term spans, for the matcher benchmark.

    python3 Benchmarks/peers/gen_korean_glossary.py --terms 100000 --mb 5 \
        --tsv /tmp/k.tsv --text /tmp/k.txt --spans /tmp/k.spans

Terms are noun compounds of 2–4 two-syllable stems (a fifth have a space inside, like
'국가 기관'); the text is sentences of filler words with terms injected, three quarters of them
with a particle attached (인민보안부가, 기관들에서). --spans gets one line per injected term:
UTF-8 byte start, end (the term without its particle) and the term. Three sentences in ten also
carry a distractor: a term inside a longer compound (stem + term or term + stem), which a
matcher must not report.
"""
import argparse
import random

PARTICLES = ["가", "이", "는", "은", "를", "을", "에", "에서", "의", "와", "과", "도", "로", "으로", "에게", "까지",
             "부터", "만", "들이", "들은", "들을", "들에", "들에서", "들의", "에서는", "에게는", "으로부터", "이나", "처럼", "보다"]
FILLER = ("그는 그녀는 이번 지난 당시 최근 현지 주민 사이 매우 많은 모든 다른 새로운 이미 다시 함께 직접 계속 "
          "말했다 전했다 밝혔다 설명했다 강조했다 보도했다 알려졌다 있다 없다 했다 됐다 한다 된다 있었다 "
          "오늘 어제 내일 올해 지난해 오전 오후 가운데 이후 이전 동안 위해 따라 관련 대해 통해 대한").split()
# Stems from syllables that filler words do not start with, so that a hit is a real injection.
SYLLABLES = list("갸걔겨계고교구규그기나냐너녀노뇨누뉴느니다댜더뎌도됴두듀드디라랴러려로료루류르리마먀머며모묘무뮤므미"
                 "바뱌버벼보뵤부뷰브비샤셔쇼슈스시아야어여오요우유으자쟈저져조죠주쥬즈지차챠처쳐초쵸추츄츠치카캬커켜코쿄쿠큐크키"
                 "타탸터텨토툐투튜트티파퍄퍼펴포표푸퓨프피하햐허혀호효후휴흐히")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--terms", type=int, default=100000)
    parser.add_argument("--mb", type=float, default=5)
    parser.add_argument("--tsv", required=True)
    parser.add_argument("--text", required=True)
    parser.add_argument("--spans", required=True)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    stems = set()
    while len(stems) < 4000:
        stems.add(rnd.choice(SYLLABLES) + rnd.choice(SYLLABLES))
    stems = sorted(stems)
    terms = set()
    while len(terms) < args.terms:
        parts = [rnd.choice(stems) for _ in range(rnd.choice([2, 2, 3, 3, 4]))]
        if rnd.random() < 0.2 and len(parts) >= 3:
            cut = rnd.randrange(1, len(parts))
            term = "".join(parts[:cut]) + " " + "".join(parts[cut:])
        else:
            term = "".join(parts)
        terms.add(term)
    terms = sorted(terms)
    # A term may not end where another begins with a particle: drop terms that are another term + particle.
    term_set = set(terms)
    terms = [t for t in terms if not any(t.endswith(p) and t[: -len(p)] in term_set for p in PARTICLES)]
    with open(args.tsv, "w", encoding="utf-8") as handle:
        for index, term in enumerate(terms):
            handle.write(f"term{index}\t{term}\n")
    target = int(args.mb * 1e6)
    size = 0
    with open(args.text, "w", encoding="utf-8") as text, open(args.spans, "w", encoding="utf-8") as spans:
        while size < target:
            words = [rnd.choice(FILLER) for _ in range(rnd.randint(6, 14))]
            injected = rnd.randrange(len(words))
            term = rnd.choice(terms)
            particle = rnd.choice(PARTICLES) if rnd.random() < 0.75 else ""
            before = " ".join(words[:injected])
            prefix = (before + " ") if before else ""
            sentence = prefix + term + particle + " " + " ".join(words[injected:])
            if rnd.random() < 0.3:
                # A distractor: a term inside a longer compound, which must not match.
                other = rnd.choice(terms).replace(" ", "")
                stem = rnd.choice(stems)
                compound = stem + other if rnd.random() < 0.5 else other + stem
                if compound not in term_set:
                    sentence += " " + compound
            sentence += ". "
            start = size + len(prefix.encode())
            spans.write(f"{start}\t{start + len(term.encode())}\t{term}\n")
            text.write(sentence)
            size += len(sentence.encode())


if __name__ == "__main__":
    main()
