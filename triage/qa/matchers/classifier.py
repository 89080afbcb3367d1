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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import add
from pathlib import Path
from typing import Any

import numpy as np

from triage.qa.context import QAContext
from triage.qa.matchers.base import (
    Condition,
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
        """The distinct n-grams of ``text`` the model reads (normalised first).

        Built shortest first, each length by start position (the n-grams of
        length n extend those of length n - 1 by one character, in C loops).
        """
        t = normalise(text)
        lengths = []
        prev: list[str] = list(t)
        for n in range(1, self.hi + 1):
            if n > 1:
                prev = list(map(add, prev, t[n - 1 :]))
            if n >= self.lo:
                lengths.append(prev)
        return frozenset(chain.from_iterable(lengths))

    def score(self, text: str) -> float:
        """Probability that ``text`` belongs to the positive class."""
        return self.score_grams(self.grams(text))

    def score_grams(self, grams: frozenset[str]) -> float:
        """Probability from the n-grams of a text (:meth:`grams`)."""
        return self.probability(sum(map(self.weights.get, grams, repeat(0.0))))

    def probability(self, total: float) -> float:
        """Probability from the summed weights of a text's n-grams."""
        z = self.bias + total
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class NgramBank:
    """Several models of one n-gram range scored together.

    One dictionary look-up per n-gram serves every model (the look-ups, not
    the arithmetic, are what a clause costs). The weights are summed in the
    n-grams' iteration order, one after the other (``np.add.accumulate``), as
    :meth:`LinearNgramModel.score_grams` sums them, so each model's sum is the
    same float. On the batch path (no per-turn memo) :meth:`fill` scores every
    clause an interaction's matchers may read in one :meth:`sums_many` call
    (numpy look-ups of all their n-grams at once).

    Args:
        models: Models with the same ``lo``/``hi``.
    """

    def __init__(self, models: Sequence[LinearNgramModel]) -> None:
        if len({(m.lo, m.hi) for m in models}) != 1:
            raise ValueError("a bank holds models of one n-gram range")
        self.models = list(models)
        vocab: dict[str, int] = {}
        for m in self.models:
            for g in m.weights:
                vocab.setdefault(g, len(vocab))
        weights = np.zeros((len(vocab) + 1, len(self.models)))  # last row: unknown n-gram
        for j, m in enumerate(self.models):
            rows = np.fromiter(map(vocab.__getitem__, m.weights), np.intp, len(m.weights))
            weights[rows, j] = np.fromiter(m.weights.values(), np.float64, len(m.weights))
        self.vocab = vocab
        self.weights = weights
        self._unknown = len(vocab)
        self._index = _GramIndex.build(vocab, models[0].lo, models[0].hi)
        #: What the bank's matchers read (set by :func:`share_models`): lets :meth:`fill`
        #: score every clause of an interaction at once.
        self.reads: _Reads | None = None

    def column(self, model: LinearNgramModel) -> int:
        """The column of ``model`` in :meth:`sums`."""
        return next(j for j, m in enumerate(self.models) if m is model)

    def sums(self, grams: frozenset[str]) -> list[float]:
        """Each model's summed weights over ``grams`` (absent n-grams weigh 0)."""
        if not grams:
            return [0.0] * len(self.models)
        rows = np.fromiter(map(self.vocab.get, grams, repeat(self._unknown)), np.intp, len(grams))
        return np.add.accumulate(self.weights[rows], axis=0)[-1].tolist()

    def sums_many(self, texts: Sequence[str]) -> np.ndarray:
        """Each model's summed weights over the n-grams of each text, ``(texts, models)``.

        The n-grams of every text are looked up at once (:class:`_GramIndex`, no
        per-n-gram Python call). Each text's distinct known n-grams are summed in
        the order of their rows, not in a frozenset's iteration order as
        :meth:`sums` does: the sums may differ from it in the last bits (as
        :meth:`sums` differs from itself between processes, whose string hashes
        differ). Without an index (n-grams longer than 3, a large alphabet) it
        calls :meth:`sums` per text.
        """
        index = self._index
        if index is None:
            model = self.models[0]
            return np.array([self.sums(model.grams(t)) for t in texts], dtype=np.float64).reshape(
                len(texts), len(self.models)
            )
        out = np.zeros((len(texts), len(self.models)))
        if not texts:
            return out
        owner, rows = index.rows([normalise(t) for t in texts])
        known = rows != self._unknown
        # distinct (text, row) pairs, sorted: each text's n-grams count once (binary features)
        pairs = np.sort(owner[known] * (self._unknown + 1) + rows[known])
        if pairs.size:
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
            of, row = np.divmod(pairs, self._unknown + 1)
            starts = np.flatnonzero(np.concatenate(([True], of[1:] != of[:-1])))
            out[of[starts]] = np.add.reduceat(self.weights[row], starts, axis=0)
        return out

    def fill(self, ctx: QAContext) -> None:
        """Put the sums of every clause and clause pair the bank's matchers may score in ``ctx``
        into ``ctx.scratch`` (as :meth:`ClassifierMatcher._score` keys them), in one
        :meth:`sums_many` call; once per evaluation."""
        reads = self.reads
        scratch = ctx.scratch
        if reads is None or (self, None) in scratch:
            return
        scratch[(self, None)] = True
        texts: dict[str, None] = {}
        folded = ctx.folded
        for i in ctx.turns_of(reads.speakers):
            text = folded[i]
            cl = clauses_of(ctx, text)
            for k, (s, e) in enumerate(cl):
                if len(text[s:e].strip()) >= reads.min_chars:
                    texts[text[s:e]] = None
                if reads.pairs and k + 1 < len(cl):
                    pair = text[s : cl[k + 1][1]]
                    if reads.pair_max is None or len(pair) <= reads.pair_max:
                        texts[pair] = None
        todo = [t for t in texts if (self, t) not in scratch]
        for t, row in zip(todo, self.sums_many(todo).tolist(), strict=True):
            scratch[(self, t)] = row


@dataclass(frozen=True, slots=True)
class _Reads:
    """The union of what a bank's matchers score: turns of ``speakers`` (None: all),
    clauses of at least ``min_chars`` characters, and (``pairs``) adjacent clause
    pairs of at most ``pair_max`` characters (None: any)."""

    speakers: frozenset[str] | None
    min_chars: int
    pairs: bool
    pair_max: int | None

    @classmethod
    def of(cls, matchers: Sequence[ClassifierMatcher]) -> _Reads:
        """What ``matchers`` read, together."""
        scopes = [m.scope.speakers for m in matchers]
        speakers = None if any(sp is None for sp in scopes) else frozenset().union(*scopes)
        paired = [m for m in matchers if m.pairs]
        pair_max = (
            None
            if any(m.pair_max is None for m in paired)
            else max((m.pair_max for m in paired if m.pair_max is not None), default=None)
        )
        return cls(speakers, min(m.min_chars for m in matchers), bool(paired), pair_max)


class _GramIndex:
    """Bank rows of the 1- to 3-character n-grams of many texts at once (numpy).

    Each character of the vocabulary gets an id 1..C (0: every other character,
    and the separator between texts, so no n-gram holding one is known);
    1- and 2-grams are read from dense tables indexed by the ids, 3-grams found
    by bisection over their integer keys (the ids side by side).
    """

    def __init__(
        self,
        codes: np.ndarray,
        bits: int,
        tables: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        lo: int,
        hi: int,
        unknown: int,
    ) -> None:
        #: code points of the vocabulary's characters (sorted; id = position + 1), id width
        self.codes, self.bits = codes, bits
        #: 1-gram rows by id, 2-gram rows by (id1 << bits) | id2, sorted 3-gram keys and their rows
        self.one, self.two, self.keys3, self.rows3 = tables
        self.lo, self.hi, self.unknown = lo, hi, unknown

    @classmethod
    def build(cls, vocab: dict[str, int], lo: int, hi: int) -> _GramIndex | None:
        """The index of a vocabulary (None: n-grams past 3 characters or too many characters)."""
        unknown = len(vocab)
        if not 1 <= lo <= hi <= 3:
            return None
        chars = sorted({c for g in vocab for c in g})
        if not chars or "\x00" in chars:
            return None
        bits = max(1, len(chars).bit_length())
        if bits > 11:  # the 2-gram table would pass 4M entries
            return None
        ids = {c: k + 1 for k, c in enumerate(chars)}
        codes = np.array([ord(c) for c in chars], dtype=np.int64)
        one = np.full(1 << bits, unknown, dtype=np.int64)
        two = np.full(1 << (2 * bits), unknown, dtype=np.int64 if unknown >= 1 << 16 else np.uint16)
        keys3, rows3 = [], []
        for g, row in vocab.items():
            if not lo <= len(g) <= hi:
                continue  # never read (LinearNgramModel.grams makes lo..hi only)
            a = [ids[c] for c in g]
            if len(g) == 1:
                one[a[0]] = row
            elif len(g) == 2:
                two[(a[0] << bits) | a[1]] = row
            else:
                keys3.append(a[0] | (a[1] << bits) | (a[2] << (2 * bits)))
                rows3.append(row)
        order = np.argsort(np.array(keys3, dtype=np.int64), kind="stable")
        tables = (
            one,
            two,
            np.array(keys3, dtype=np.int64)[order],
            np.array(rows3, dtype=np.int64)[order],
        )
        return cls(codes, bits, tables, lo, hi, unknown)

    def rows(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(text index, bank row)`` of every n-gram (lo..hi) of every text; unknown ones too."""
        joined = "\x00".join(texts)
        cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
        codes = self.codes
        pos = np.minimum(np.searchsorted(codes, cp), len(codes) - 1)
        ids = np.where(codes[pos] == cp, pos + 1, 0)
        lengths = np.fromiter(map(len, texts), np.int64, len(texts))
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(cp)]
        owners, rows = [], []
        bits = self.bits
        if self.lo <= 1:
            owners.append(owner)
            rows.append(self.one[ids])
        if self.lo <= 2 <= self.hi:
            owners.append(owner[:-1])
            rows.append(self.two[(ids[:-1] << bits) | ids[1:]].astype(np.int64))
        if self.hi >= 3:
            # a key with a 0 id (a character off the vocabulary, the separator) is no 3-gram's key
            keys = ids[:-2] | (ids[1:-1] << bits) | (ids[2:] << (2 * bits))
            k3 = self.keys3
            if k3.size:
                at = np.minimum(np.searchsorted(k3, keys), k3.size - 1)
                rows.append(np.where(k3[at] == keys, self.rows3[at], self.unknown))
            else:
                rows.append(np.full(keys.size, self.unknown, dtype=np.int64))
            owners.append(owner[:-2])
        return np.concatenate(owners), np.concatenate(rows)


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


def clauses_of(ctx: QAContext, text: str) -> list[tuple[int, int]]:
    """:func:`clauses` of ``text``, computed once per evaluation (``ctx.scratch``)."""
    key = ("clauses", text)
    got = ctx.scratch.get(key)
    if got is None:
        got = ctx.scratch[key] = clauses(text)
    return got


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
        #: (bank, column) once :func:`share_models` has put the model in a bank.
        self.shared: tuple[NgramBank, int] | None = None

    def _score(self, ctx: QAContext, text: str) -> float:
        """The model's score of ``text``.

        In a bank (:func:`share_models`) the summed weights of every model of the
        bank are computed at once and shared within one evaluation
        (``ctx.scratch``); else the n-grams are shared by every model of the same
        n-gram range.
        """
        model = self.model
        shared = self.shared
        if shared is not None:
            bank, col = shared
            key = (bank, text)
            sums = ctx.scratch.get(key)
            if sums is None and ctx.memo is None:
                # batch path: every clause the bank reads in this interaction, at once (the
                # live hook, with its per-turn memo, scores only the new turns' clauses)
                bank.fill(ctx)
                sums = ctx.scratch.get(key)
            if sums is None:
                sums = ctx.scratch[key] = bank.sums(model.grams(text))
            return model.probability(sums[col])
        key = ("ngrams", model.lo, model.hi, text)
        grams = ctx.scratch.get(key)
        if grams is None:
            grams = ctx.scratch[key] = model.grams(text)
        return model.score_grams(grams)

    def _turn_hits(self, ctx: QAContext, i: int) -> tuple[tuple[int, int], ...]:
        text = ctx.folded[i]
        cl = clauses_of(ctx, text)
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


def _walk(cond: Condition | None) -> Iterator[Condition]:
    """``cond`` and every condition nested in it."""
    if cond is None:
        return
    yield cond
    for child in getattr(cond, "children", None) or ():
        yield from _walk(child)
    for attr in ("child", "anchor", "find"):
        yield from _walk(getattr(cond, attr, None))


def share_models(conditions: Iterable[Condition | None]) -> list[NgramBank]:
    """Put the models of the classifier matchers found in ``conditions`` into banks.

    One bank per n-gram range with two or more distinct models; each matcher then
    scores through its bank (:meth:`ClassifierMatcher._score`). Same scores as
    without, less work when several rules read the same clauses.

    Returns:
        The banks made.
    """
    by_range: dict[tuple[int, int], list[ClassifierMatcher]] = {}
    for top in conditions:
        for cond in _walk(top):
            if isinstance(cond, ClassifierMatcher):
                by_range.setdefault((cond.model.lo, cond.model.hi), []).append(cond)
    banks = []
    for matchers in by_range.values():
        models = list({id(m.model): m.model for m in matchers}.values())
        if len(models) < 2:
            continue
        bank = NgramBank(models)
        bank.reads = _Reads.of(matchers)
        banks.append(bank)
        for m in matchers:
            m.shared = (bank, bank.column(m.model))
    return banks
