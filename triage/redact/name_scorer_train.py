"""Train the name scorer on generated sentences; writes ``models/name-scorer/weights.json``.

Usage (the committed weights were made with exactly this; the output is byte-identical
on a rerun)::

    .venv/bin/python -m triage.redact.name_scorer_train

Sentences come from :mod:`triage.redact.name_scorer_data` (no evaluation corpus). Each
is run through LAC (the same NLP engine as redaction, words from LAC); every candidate
span of :func:`~triage.redact.recognizers.name_scorer.candidates` becomes one example,
positive when it lies inside a generated name. A logistic regression (liblinear, L2)
over binary features; weights rounded to 4 decimals, near-zero ones dropped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from triage.redact.name_scorer_data import generate
from triage.redact.recognizers.name_scorer import WEIGHTS, NameScorer, candidates, one_word


def examples(n: int, seed: int) -> tuple[list[list[str]], list[int], Counter]:
    """Feature lists and labels of every candidate in ``n`` generated sentences."""
    from triage.redact.engine import ChineseNlpEngine

    samples = generate(n, seed)
    nlp = ChineseNlpEngine("lac", 64, words="lac", threads=1)
    nlp.load()
    views = nlp.views([s.text for s in samples])
    scorer = NameScorer({})
    scorer.setup()
    assert scorer._given is not None
    xs: list[list[str]] = []
    ys: list[int] = []
    stats: Counter = Counter()
    for smp, view in zip(samples, views, strict=True):
        starts = [x[0] for x in view.ents]
        for s, e, kind in candidates(smp.text, scorer._given):
            if not one_word(view.ents, starts, s, e, kind) or scorer._in_word(
                smp.text, view.ents, starts, s, e
            ):
                continue  # never scored at redaction time either
            y = int(any(a <= s and e <= b for a, b in smp.names))
            xs.append(scorer.features(smp.text, s, e, kind, view.ents, starts))
            ys.append(y)
            stats[f"{kind}:{y}"] += 1
    return xs, ys, stats


def train(n: int = 6000, seed: int = 20261127, c: float = 0.5) -> dict:
    """Fit the model; returns the JSON document written to the weights file."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs, ys, stats = examples(n, seed)
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f in xs]).tocsr()
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    model.fit(x, ys)
    acc = float(model.score(x, ys))
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    weights["__bias__"] = round(float(model.intercept_[0]), 4)
    return {
        "command": "python -m triage.redact.name_scorer_train",
        "sentences": n,
        "seed": seed,
        "C": c,
        "examples": dict(sorted(stats.items())),
        "train_accuracy": round(acc, 4),
        "weights": dict(sorted(weights.items())),
    }


def main(argv: list[str] | None = None) -> int:
    """Train and write the weights JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sentences", type=int, default=6000)
    p.add_argument("--seed", type=int, default=20261127)
    p.add_argument("--C", type=float, default=0.5)
    p.add_argument("--out", type=Path, default=WEIGHTS)
    args = p.parse_args(argv)
    doc = train(args.sentences, args.seed, args.C)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(
        f"name scorer: {len(doc['weights'])} weights, examples {doc['examples']}, "
        f"train accuracy {doc['train_accuracy']} -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
