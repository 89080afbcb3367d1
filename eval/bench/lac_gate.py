"""How much LAC could a surname gate skip? Shares of the NER's input (issue 8, eleventh session).

The idea measured: run LAC only on the lines that can hold a person name
(a surname character, single or compound; or a transliteration character).
No model runs here; the script reads the text LAC would read:

* bench: the analysis lines of ``--n`` benchmark interactions
  (:mod:`eval.bench.batch_data`, normalised and joined as the redaction stage
  does), cut into LAC's pieces the way ``ChineseNlpEngine._ner`` cuts them
  (lines with 汉字, speaker marker left out); the share of their characters in
  pieces (and in clauses) a gate would still send to LAC;
* corpora (``--data-dir``, the four name corpora of ``eval.pii.run``): the
  same share per sentence, and the gold names a gate would leave to LAC alone
  (names in sentences without any surname character; names holding none).

Usage::

    .venv/bin/python eval/bench/lac_gate.py --n 128 --data-dir ../shared/datasets
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import batch_data  # noqa: E402

from triage.normalize import normalize_text  # noqa: E402
from triage.redact.analysis import build_analysis_text  # noqa: E402
from triage.redact.engine import _HAN, _MARKERS, _chunks  # noqa: E402
from triage.redact.recognizers.person_name import TRANSLIT  # noqa: E402
from triage.redact.recognizers.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES  # noqa: E402

_CLAUSE = re.compile(r"[。！？!?；;，,、\s]")
_COMPOUND = re.compile("|".join(sorted(COMPOUND_SURNAMES)))


def has_surname(text: str) -> bool:
    """Whether ``text`` holds a single or a compound surname character."""
    return any(c in SINGLE_SURNAMES for c in text) or bool(_COMPOUND.search(text))


def has_name_char(text: str) -> bool:
    """A surname or a transliteration character (克林顿: LAC's PER without a surname)."""
    return has_surname(text) or any(c in TRANSLIT for c in text)


def lac_pieces(n: int) -> list[str]:
    """The texts LAC tags for the first ``n`` bench interactions."""
    pieces: list[str] = []
    for rec in batch_data.generate(n):
        turns = rec["turns"]
        norms = [normalize_text(t["text"]) for t in turns]
        at = build_analysis_text([t["speaker"] for t in turns], norms)
        for line in at.text.split("\n"):
            if _HAN.search(line):
                skip = 1 if line[:1] in _MARKERS else 0
                pieces.extend(chunk for _, chunk in _chunks(line[skip:]))
    return pieces


def share(texts: list[str], gate) -> float:  # noqa: ANN001 - a predicate
    """Share of the characters of ``texts`` in texts the gate lets through."""
    total = sum(map(len, texts))
    return sum(len(t) for t in texts if gate(t)) / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=128, help="bench interactions")
    p.add_argument("--data-dir", type=Path, default=None, help="name corpora (eval.pii.run's)")
    args = p.parse_args(argv)

    pieces = lac_pieces(args.n)
    clauses = [c for t in pieces for c in _CLAUSE.split(t) if _HAN.search(c)]
    print(f"bench: {args.n} interactions, {len(pieces)} LAC pieces, {sum(map(len, pieces))} chars")
    for label, texts in (("pieces", pieces), ("clauses", clauses)):
        print(f"  chars in {label} with a surname character: {share(texts, has_surname):.1%}")
        print(f"  ... or a transliteration character: {share(texts, has_name_char):.1%}")
    top = Counter(c for t in pieces for c in t if c in SINGLE_SURNAMES).most_common(10)
    print("  most frequent surname characters:", " ".join(f"{c} {k}" for c, k in top))
    if args.data_dir is None:
        return 0
    from eval.pii.run import CORPORA

    for name, (reader, person, _keep) in CORPORA.items():
        try:
            sents = reader(args.data_dir)
        except FileNotFoundError:
            print(f"{name}: not found")
            continue
        texts = [s.text for s in sents]
        names = [(s.text, a, b) for s in sents for a, b, lab in s.spans if lab in person]
        no_sur_sentence = sum(1 for t, _, _ in names if not has_surname(t))
        no_sur_name = sum(1 for t, a, b in names if not has_surname(t[a:b]))
        print(
            f"{name}: {len(sents)} sentences, chars in sentences with a surname character "
            f"{share(texts, has_surname):.1%}; gold names {len(names)}, in sentences without "
            f"any surname character {no_sur_sentence}, holding none themselves {no_sur_name}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
