"""A small learned text classifier over the clauses of turns (fast path).

The model is a linear classifier over binary character n-grams, stored as
JSON (``{"ngram": [1, 3], "bias": b, "weights": {ngram: w}}``), trained by
``python -m triage.qa.train`` on generated data (see its model card). Scoring
a clause is a sum of weights, so it runs on every live message.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

from triage.qa.context import QAContext
from triage.qa.matchers.base import (
    TurnScope,
    TurnSpanMatcher,
    Where,
    boolean,
    check_keys,
    integer,
    mapping,
    number,
)
from triage.qa.matchers.textfilter import HitFilter

REPO = Path(__file__).resolve().parents[3]
# Clause ends as in textfilter.clause_at: punctuation, or a space between
# Chinese characters (unpunctuated ASR text).
_CLAUSE_END = re.compile(r"[，,。！？!?；;\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_SPACE = re.compile(r"\s+")


class LinearNgramModel:
    """Logistic regression over binary character n-grams.

    Attributes:
        lo: Shortest n-gram.
        hi: Longest n-gram.
        bias: Intercept.
        weights: n-gram -> weight (absent n-grams weigh 0).
    """

    def __init__(self, lo: int, hi: int, bias: float, weights: dict[str, float]) -> None:
        self.lo, self.hi, self.bias, self.weights = lo, hi, bias, weights

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearNgramModel:
        """Build from the JSON artefact."""
        lo, hi = data["ngram"]
        return cls(int(lo), int(hi), float(data["bias"]), dict(data["weights"]))

    def to_json(self) -> dict[str, Any]:
        """The JSON artefact."""
        return {"ngram": [self.lo, self.hi], "bias": self.bias, "weights": self.weights}

    def grams(self, text: str) -> frozenset[str]:
        """The distinct n-grams of ``text`` the model reads (normalised first)."""
        t = normalise(text)
        return frozenset(
            t[i : i + n] for n in range(self.lo, self.hi + 1) for i in range(len(t) - n + 1)
        )

    def score(self, text: str) -> float:
        """Probability that ``text`` belongs to the positive class."""
        return self.score_grams(self.grams(text))

    def score_grams(self, grams: frozenset[str]) -> float:
        """Probability from the n-grams of a text (:meth:`grams`)."""
        z = self.bias + sum(map(self.weights.get, grams, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def normalise(text: str) -> str:
    """Model input: folded text without spaces, framed by ``^``/``$`` clause marks."""
    return "^" + _SPACE.sub("", text) + "$"


def clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank clause of ``text``."""
    out = []
    pos = 0
    for m in _CLAUSE_END.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


@lru_cache(maxsize=16)
def load_model(path: str) -> LinearNgramModel:
    """Load (once per process) a model artefact."""
    with open(path, encoding="utf-8") as fh:
        return LinearNgramModel.from_json(json.load(fh))


class ClassifierMatcher(TurnSpanMatcher):
    """Clauses (and pairs of adjacent clauses) a learned model scores at or above a threshold.

    YAML::

        classifier:
          speaker: agent
          model: models/qa-norms/C05.json   # relative to the repository (or cwd)
          threshold: 0.9
          min_chars: 3                      # shorter clauses are not scored alone
          pairs: true                       # also score adjacent clause pairs …
          pair_max_chars: 18                # … of at most this many characters (default: any)
          exclude_clause: 您是说            # the usual hit filters apply

    Each clause of a turn in scope is scored alone and (``pairs``, default on)
    together with the next clause of the same turn where neither reached the
    threshold alone and the two are short (``pair_max_chars``: pairs are for
    phrases an ASR space cut in two; a linear model's pair of two long clauses
    adds up evidence that neither carries); a hit is the clause (or pair) that
    reaches the threshold.
    """

    kind = "classifier"
    # Scored like an expensive matcher: inside an ``any`` the model runs only where
    # no keyword/regex branch held, so the lists' tighter evidence is kept.
    cost = 1

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(
            body,
            TurnScope.KEYS
            | HitFilter.KEYS
            | {"model", "threshold", "min_chars", "pairs", "pair_max_chars"},
            where,
        )
        if "model" not in body or "threshold" not in body:
            raise where.error("needs model and threshold")
        if not isinstance(body["model"], str) or not body["model"]:
            raise where.at("model").error("must be a path to a model file")
        path = Path(body["model"])
        if not path.is_absolute():
            # the repository's models/ (editable install), else the working directory
            path = REPO / path if (REPO / path).is_file() else Path.cwd() / path
        if not path.is_file():
            raise where.at("model").error(f"model file not found: {body['model']}")
        try:
            self.model = load_model(str(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise where.at("model").error(f"not a classifier model: {exc}") from exc
        self.threshold = number(body["threshold"], where.at("threshold"), maximum=1.0)
        self.min_chars = integer(body.get("min_chars", 3), where.at("min_chars"), minimum=1)
        self.pairs = boolean(body.get("pairs", True), where.at("pairs"))
        self.pair_max = (
            integer(body["pair_max_chars"], where.at("pair_max_chars"), minimum=2)
            if "pair_max_chars" in body
            else None
        )
        self.scope = TurnScope.parse(body, where)
        self.filter = HitFilter.parse(body, where)

    def _score(self, ctx: QAContext, text: str) -> float:
        """The model's score of ``text``; its n-grams are shared by every model of the
        same n-gram range within one evaluation (``ctx.scratch``)."""
        model = self.model
        key = ("ngrams", model.lo, model.hi, text)
        grams = ctx.scratch.get(key)
        if grams is None:
            grams = ctx.scratch[key] = model.grams(text)
        return model.score_grams(grams)

    def _turn_hits(self, ctx: QAContext, i: int) -> tuple[tuple[int, int], ...]:
        text = ctx.folded[i]
        cl = clauses(text)
        alone = [
            len(text[s:e].strip()) >= self.min_chars
            and self._score(ctx, text[s:e]) >= self.threshold
            for s, e in cl
        ]
        out = []
        for k, (s, e) in enumerate(cl):
            end = e if alone[k] else None
            # A pair counts only where neither clause did alone.
            if end is None and self.pairs and k + 1 < len(cl) and not alone[k + 1]:
                pair = text[s : cl[k + 1][1]]
                short = self.pair_max is None or len(pair) <= self.pair_max
                if short and self._score(ctx, pair) >= self.threshold:
                    end = cl[k + 1][1]
            if end is not None and self.filter.keep(ctx, i, s, end):
                out.append((s, end))
        return tuple(out)
