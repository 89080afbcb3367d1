"""Trains the QA pack's clause classifiers on generated data and writes them as JSON.

Usage::

    .venv/bin/python -m triage.qa.train_ngram C05 [C02 …] [--seed 11] [--n 30000]

Each rule's generator is :mod:`triage.qa.gen.<rule>` (``generate(rng, n, extra)``, and
optionally ``FIT``, a dict of :func:`fit` options); ``models/qa-norms/agent_lines.txt``
(distinct clauses of agent turns of the intent generator's data as it was when these models
were trained, frozen so that a change of that data does not move them) is mixed in as
further neutral agent speech. Writes ``models/qa-norms/<rule>.json`` (the model read by the
``classifier`` matcher) and ``models/qa-norms/<rule>.meta.json`` (settings and
figures on a generated validation split, which is not a held-out figure).
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
from pathlib import Path

from triage.qa.context import fold
from triage.qa.matchers.classifier import LinearNgramModel, normalise

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "models" / "qa-norms"


def agent_lines() -> list[str]:
    """The neutral agent clauses mixed into every rule's training data (one per line)."""
    return (OUT / "agent_lines.txt").read_text(encoding="utf-8").splitlines()


def fit(
    texts: list[str],
    labels: list[int],
    *,
    lo: int = 1,
    hi: int = 3,
    c: float = 0.5,
    negative_weight: float = 3.0,
    min_weight: float = 0.05,
) -> LinearNgramModel:
    """Logistic regression over binary char n-grams, exported with small weights pruned."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = CountVectorizer(
        analyzer="char", ngram_range=(lo, hi), binary=True, preprocessor=normalise, min_df=2
    )
    x = vec.fit_transform([fold(t) for t in texts])
    # Negatives weigh more: a false alarm on a compliant agent costs more than a miss
    # the phrase lists may still catch.
    clf = LogisticRegression(C=c, max_iter=3000, class_weight={0: negative_weight, 1: 1.0})
    clf.fit(x, labels)
    weights = {
        g: round(float(w), 3)
        for g, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= min_weight
    }
    return LinearNgramModel(lo, hi, round(float(clf.intercept_[0]), 3), weights)


def evaluate(model: LinearNgramModel, texts: list[str], labels: list[int]) -> dict:
    """Recall and false-positive rate at a few thresholds."""
    scores = [model.score(fold(t)) for t in texts]
    out = {}
    for th in (0.5, 0.7, 0.8, 0.9, 0.95):
        tp = sum(s >= th and y for s, y in zip(scores, labels, strict=True))
        fp = sum(s >= th and not y for s, y in zip(scores, labels, strict=True))
        pos = sum(labels)
        out[str(th)] = {"recall": round(tp / pos, 4), "fp_rate": round(fp / (len(labels) - pos), 4)}
    return out


def train(rule: str, seed: int, n: int, out: Path = OUT) -> dict:
    """Generate, fit, write (into ``out``) and return the meta record of one rule's model."""
    gen = importlib.import_module(f"triage.qa.gen.{rule.lower()}")
    extra = agent_lines()
    rng = random.Random(seed)
    texts, labels = gen.generate(rng, n, extra)
    val_t, val_y = gen.generate(random.Random(seed + 1000), n // 10, extra)
    settings = dict(getattr(gen, "FIT", {}))  # a generator may set fit() options
    model = fit(texts, labels, **settings)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / f"{rule}.json", "w", encoding="utf-8") as fh:
        json.dump(model.to_json(), fh, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    meta = {
        "rule": rule,
        "command": f"python -m triage.qa.train_ngram {rule} --seed {seed} --n {n}",
        "seed": seed,
        "train": n,
        "positives": sum(labels),
        "extra_negative_pool": len(extra),
        "fit": settings,
        "features": len(model.weights),
        "validation_generated": evaluate(model, val_t, val_y),
    }
    with open(out / f"{rule}.meta.json", "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1)
    return meta


def main(argv: list[str] | None = None) -> int:
    """Train the named rules' classifiers."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rules", nargs="+")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--n", type=int, default=30000)
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (models/qa-norms)")
    args = ap.parse_args(argv)
    for rule in args.rules:
        print(json.dumps(train(rule, args.seed, args.n, args.out), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
