"""Fast inference for :class:`~triage.classify.sklearn_model.SklearnTextClassifier`.

At load time the fitted scikit-learn objects (TF-IDF column transformer,
calibrated linear SVM, one-vs-rest logistic presence heads) are converted into
plain dictionaries and stacked numpy arrays; scoring an interaction is then a
few dictionary look-ups and one small dense product, with none of
scikit-learn's per-call validation. The probabilities equal scikit-learn's
``predict_proba`` (up to floating-point rounding; ``tests/classify`` checks it).

Incremental: a live chat is re-scored after every message, and the texts the
models read are the customer's (and the agent's) turns joined with ``。``.
The n-gram counts of a chat are kept in a small LRU keyed by its turns, so the
next call with one more turn only counts the n-grams that touch the new text
(and segments only the new turn with jieba): the cost of a message no longer
grows with the length of the chat. A cache miss counts from scratch, with the
same code, so results never depend on the cache.

Models that read the same features (same blocks: columns, n-gram ranges and
vocabularies; the intent and severity models do) share that LRU: the counts
depend on the features alone, so the second model of an interaction finds
them counted by the first (idf, weights and norms are applied afterwards, per
model). The key is the whole interaction, so nothing is shared between
different interactions.

Only configurations written by ``triage train`` are compiled (char n-grams,
jieba word n-grams, no lower-casing or preprocessing, sigmoid calibration);
:func:`compile_model` returns None for anything else and the caller keeps
using scikit-learn.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add
from typing import Any

import numpy as np
from scipy.special import expit

from triage.classify.features import _segment, jieba_tokenize
from triage.classify.text import normalize

_JOIN = "。"  # split_roles joins a role's turns with it
_WHITE_SPACES = re.compile(r"\s\s+")  # TfidfVectorizer's whitespace folding for char n-grams


@dataclass(frozen=True)
class _Block:
    """One fitted TF-IDF vectorizer of the column transformer."""

    column: int  # 0: customer text, 1: agent text
    word: bool  # jieba word n-grams (else char n-grams)
    min_n: int
    max_n: int
    vocab: dict[str, int]  # n-gram -> global feature index
    idf: np.ndarray | None  # per global feature index (None: no idf)
    sublinear: bool
    binary: bool
    norm: str | None
    weight: float


class _Role:
    """N-gram counts of one role's joined text, per block reading it."""

    __slots__ = ("tail_chars", "tail_tokens", "counts", "empty")

    def __init__(self, n_blocks: int) -> None:
        self.tail_chars = ""
        self.tail_tokens: tuple[str, ...] = ()
        # Counter: its update() counts in C; keys in first-seen order, as a dict
        self.counts: list[Counter[int]] = [Counter() for _ in range(n_blocks)]
        self.empty = True


class _Counts(list):  # type: ignore[type-arg]
    """The two roles' counts of one interaction (customer, agent), as cached.

    ``vectors`` keeps the TF-IDF row computed from these counts, per vector
    group (models with identical blocks, idf and weights compute the same row:
    the intent and severity models), and is emptied whenever the counts grow.
    """

    __slots__ = ("vectors",)

    def __init__(self, roles: list[_Role]) -> None:
        super().__init__(roles)
        self.vectors: dict[object, tuple[np.ndarray, np.ndarray]] = {}


def _word_ngrams(tokens: Sequence[str], start: int, min_n: int, max_n: int) -> list[str]:
    """Word n-grams (joined with a space, as scikit-learn) that end at or after ``start``.

    By length, then by end position (the order the counts are first seen in).
    """
    out: list[str] = []
    size = len(tokens)
    for n in range(min_n, max_n + 1):
        first = max(start, n - 1) - n + 1  # start of the first n-gram
        if n == 1:
            out += tokens[first:]
            continue
        grams = map(add, tokens[first:], repeat(" "))
        for k in range(1, n - 1):
            grams = map(add, map(add, grams, tokens[first + k :]), repeat(" "))
        out += map(add, grams, tokens[first + n - 1 : size])
    return out


def _char_ngrams(text: str, start: int, min_n: int, max_n: int) -> list[str]:
    """Char n-grams of ``text`` that end at or after index ``start``.

    By length, then by end position (the order the counts are first seen in);
    each length built by C-level ``map`` over shifted copies of the text.
    """
    out: list[str] = []
    for n in range(min_n, max_n + 1):
        first = max(start, n - 1) - n + 1  # start of the first n-gram
        grams: Any = text[first:]
        for k in range(1, n):
            grams = map(add, grams, text[first + k :])
        out += grams
    return out


#: The compiled models of this process (weak: a dropped model leaves), to share count caches.
_SHARED: list[weakref.ref[FastLinear]] = []
_SHARED_LOCK = threading.Lock()


class FastLinear:
    """Stacked-array version of a fitted ``SklearnTextClassifier``.

    Args:
        blocks: The TF-IDF blocks (see :func:`compile_model`).
        n_features: Width of the joined feature vector.
        svm_coef: ``(n_features, n_svm)`` per calibrated classifier (transposed).
        svm_intercept: ``(n_svm,)`` per calibrated classifier.
        cal_a: Sigmoid slope per calibrated classifier and class.
        cal_b: Sigmoid offset per calibrated classifier and class.
        cal_index: Column of each calibrator in the output, per calibrated classifier.
        n_classes: Number of classes.
        presence_coef: ``(n_features, n_labels)`` presence heads, or None.
        presence_intercept: ``(n_labels,)``, or None.
        cache_size: Chats whose n-gram counts are kept (LRU).
    """

    def __init__(
        self,
        blocks: list[_Block],
        n_features: int,
        svm_coef: list[np.ndarray],
        svm_intercept: list[np.ndarray],
        cal_a: list[np.ndarray],
        cal_b: list[np.ndarray],
        cal_index: list[np.ndarray],
        n_classes: int,
        presence_coef: np.ndarray | None,
        presence_intercept: np.ndarray | None,
        cache_size: int = 512,
    ) -> None:
        self.blocks = blocks
        self.n_features = n_features
        self.svm_coef = svm_coef
        self.svm_intercept = svm_intercept
        self.cal_a = cal_a
        self.cal_b = cal_b
        self.cal_index = cal_index
        self.n_classes = n_classes
        self.presence_coef = presence_coef
        self.presence_intercept = presence_intercept
        self.cache_size = cache_size
        self._by_column = [[i for i, b in enumerate(blocks) if b.column == c] for c in (0, 1)]
        self._max_char = [max([b.max_n for b in blocks if b.column == c and not b.word] or [1])
                          for c in (0, 1)]
        self._max_word = [max([b.max_n for b in blocks if b.column == c and b.word] or [1])
                          for c in (0, 1)]
        self._cache: OrderedDict[tuple[tuple[bool, str], ...], _Counts] = OrderedDict()
        self._keys: OrderedDict[int, tuple[Any, tuple[tuple[bool, str], ...]]] = OrderedDict()
        self._lock = threading.Lock()
        self._vec_group: object = object()
        self._derive()
        self._join_shared_cache()

    def __getstate__(self) -> dict[str, Any]:
        # Copies and pickles (e.g. to engine workers) start with an empty cache.
        state = dict(self.__dict__)
        state["_cache"] = OrderedDict()
        state["_keys"] = OrderedDict()
        del state["_lock"]
        for name in ("_vec_group", "_fast_vec", "_single", "_neg_a", "_neg_b"):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._keys = OrderedDict()
        self._lock = threading.Lock()
        self._vec_group = object()
        self._derive()
        self._join_shared_cache()

    def _derive(self) -> None:
        """Values computed once from the arrays, for the fast paths of scoring."""
        self._fast_vec = self._fast_vector_plan()
        # one calibrated classifier whose calibrators cover the classes in order
        self._single = (
            len(self.svm_coef) == 1
            and self.n_classes > 2
            and np.array_equal(self.cal_index[0], np.arange(self.n_classes))
        )
        self._neg_a = -self.cal_a[0] if self._single else None
        self._neg_b = -self.cal_b[0] if self._single else None

    def _features(self) -> list[tuple[int, bool, int, int, dict[str, int]]]:
        """What the n-gram counts depend on: each block's column, kind, range and vocabulary."""
        return [(b.column, b.word, b.min_n, b.max_n, b.vocab) for b in self.blocks]

    def _same_vectors(self, other: FastLinear) -> bool:
        """Whether ``other`` turns the same counts into the same TF-IDF row (by value)."""
        if len(self.blocks) != len(other.blocks) or self.n_features != other.n_features:
            return False
        for a, b in zip(self.blocks, other.blocks, strict=True):
            if (a.sublinear, a.binary, a.norm, a.weight) != (
                b.sublinear, b.binary, b.norm, b.weight
            ):
                return False
            if (a.idf is None) != (b.idf is None) or (
                a.idf is not None and not np.array_equal(a.idf, b.idf)
            ):
                return False
        return True

    def _join_shared_cache(self) -> None:
        """Use the count cache of a live model in this process with the same features.

        A model that also weighs the counts the same way (idf, norms, block
        weights) shares the TF-IDF rows too (same vector group).
        """
        features = self._features()
        with _SHARED_LOCK:
            _SHARED[:] = [ref for ref in _SHARED if ref() is not None]
            for ref in _SHARED:
                other = ref()
                if other is not None and other._features() == features:  # vocabularies by value
                    self._cache, self._lock, self._keys = other._cache, other._lock, other._keys
                    if self._same_vectors(other):
                        self._vec_group = other._vec_group
                    break
            _SHARED.append(weakref.ref(self))

    # -- features ---------------------------------------------------------

    def _add(self, roles: list[_Role], column: int, text: str) -> None:
        """Append one normalised, non-empty turn text to a role's joined text."""
        role = roles[column]
        text = _WHITE_SPACES.sub(" ", text)
        if role.empty:
            chars, c_start = text, 0
        else:
            chars = role.tail_chars + _JOIN + text
            c_start = len(role.tail_chars)
        tokens: tuple[str, ...] = ()
        t_start = 0
        if any(self.blocks[i].word for i in self._by_column[column]):
            new = _segment(text)
            tokens = role.tail_tokens + new
            t_start = len(role.tail_tokens)
        for i in self._by_column[column]:
            block = self.blocks[i]
            if block.word:
                grams = _word_ngrams(tokens, t_start, block.min_n, block.max_n)
            else:
                grams = _char_ngrams(chars, c_start, block.min_n, block.max_n)
            counts = role.counts[i]
            # -1: not in the vocabulary (counted, then dropped: the other keys keep
            # their first-seen order, which fixes the float sums of _vector)
            counts.update(map(block.vocab.get, grams, repeat(-1)))
            counts.pop(-1, None)
        keep_c = self._max_char[column] - 1
        role.tail_chars = chars[-keep_c:] if keep_c > 0 else ""
        keep_t = self._max_word[column] - 1
        role.tail_tokens = tokens[-keep_t:] if keep_t > 0 else ()
        role.empty = False

    def _roles(self, key: tuple[tuple[bool, str], ...]) -> _Counts:
        """N-gram counts for a chat, from the cache extended by its new turns when possible."""
        with self._lock:
            roles = self._cache.pop(key, None)
            done = len(key)
            if roles is None:
                for cut in (1, 2):
                    if len(key) > cut:
                        roles = self._cache.pop(key[:-cut], None)
                        if roles is not None:
                            done = len(key) - cut
                            break
        if roles is None:
            roles = _Counts([_Role(len(self.blocks)), _Role(len(self.blocks))])
            done = 0
        elif done < len(key):
            roles.vectors.clear()  # the counts grow: rows computed from them are stale
        for is_customer, text in key[done:]:
            if text:
                self._add(roles, 0 if is_customer else 1, text)
        with self._lock:
            self._cache[key] = roles
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return roles

    def _fast_vector_plan(self) -> tuple[np.ndarray | None, bool, bool] | None:
        """How to weigh every block's counts in one pass, or None (block by block).

        Possible when the blocks share ``sublinear``/``binary`` and all or none
        have idf: the idf arrays are zero outside their own block's columns, so
        their sum holds each block's idf in its columns, exactly. Norms (l2 or
        none) stay per block.
        """
        blocks = self.blocks
        if not blocks or any(b.norm not in ("l2", None) for b in blocks):
            return None
        if len({(b.sublinear, b.binary, b.idf is None) for b in blocks}) != 1:
            return None
        idf = None
        if blocks[0].idf is not None:
            idf = np.zeros(self.n_features)
            for b in blocks:
                assert b.idf is not None
                idf += b.idf  # columns do not overlap: each sum is one idf value (or 0)
        return idf, blocks[0].sublinear, blocks[0].binary

    def _vector(self, roles: list[_Role]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row (indices, values) of one interaction (do not modify it).

        Kept with the counts (``_Counts.vectors``) for the models of the same
        vector group, so the severity model reuses the intent model's row.
        """
        vectors = getattr(roles, "vectors", None)
        if vectors is not None:
            got = vectors.get(self._vec_group)
            if got is not None:
                return got
        got = self._vector_fast(roles) if self._fast_vec is not None else self._vector_blocks(roles)
        if vectors is not None:
            vectors[self._vec_group] = got
        return got

    def _vector_fast(self, roles: list[_Role]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_vector_blocks` with the element-wise steps done once over all blocks.

        The same float operations on every element; the norms are taken per
        block over the same values in the same order, so the row is identical.
        """
        assert self._fast_vec is not None
        idf, sublinear, binary = self._fast_vec
        parts = [
            (block, counts)
            for i, block in enumerate(self.blocks)
            if (counts := roles[block.column].counts[i])
        ]
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        total = sum(len(c) for _, c in parts)
        idx = np.fromiter(chain.from_iterable(c.keys() for _, c in parts), np.int64, total)
        val = np.fromiter(chain.from_iterable(c.values() for _, c in parts), np.float64, total)
        if binary:
            val[:] = 1.0
        if sublinear:
            np.log(val, out=val)
            val += 1.0
        if idf is not None:
            val *= idf[idx]
        start = 0
        for block, counts in parts:
            end = start + len(counts)
            part = val[start:end]
            if block.norm == "l2":
                part /= np.sqrt(np.dot(part, part))
            if block.weight != 1.0:
                part *= block.weight
            start = end
        return idx, val

    def _vector_blocks(self, roles: list[_Role]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row (indices, values), block by block."""
        idx_parts: list[np.ndarray] = []
        val_parts: list[np.ndarray] = []
        for i, block in enumerate(self.blocks):
            counts = roles[block.column].counts[i]
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            val = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            if block.binary:
                val[:] = 1.0
            if block.sublinear:
                np.log(val, out=val)
                val += 1.0
            if block.idf is not None:
                val *= block.idf[idx]
            if block.norm == "l2":
                val /= np.sqrt(np.dot(val, val))
            elif block.norm == "l1":
                val /= np.abs(val).sum()
            if block.weight != 1.0:
                val *= block.weight
            idx_parts.append(idx)
            val_parts.append(val)
        if not idx_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(idx_parts), np.concatenate(val_parts)

    # -- models -----------------------------------------------------------

    def _proba(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        if self._single:
            # One calibrated classifier whose calibrators cover the classes in order
            # (the shipped multi-class models): the loop below, less the steps that
            # leave the values unchanged (scatter into zeros, 0 + p, p / 1; the clamp:
            # each p is at most the sum of the non-negative p's, so p / sum <= 1),
            # in place, with -(a * s + b) as (-a) * s + (-b) (negation is exact).
            if len(idx):
                scores = val.dot(self.svm_coef[0].take(idx, axis=0))
                scores += self.svm_intercept[0]
            else:
                scores = self.svm_intercept[0].copy()
            scores *= self._neg_a
            scores += self._neg_b
            proba = expit(scores)
            total = proba.sum()
            if total != 0:
                proba /= total
                return proba
            return np.full(self.n_classes, 1 / self.n_classes)
        mean = np.zeros(self.n_classes)
        for coef, intercept, a, b, where in zip(
            self.svm_coef, self.svm_intercept, self.cal_a, self.cal_b, self.cal_index, strict=True
        ):
            scores = val @ coef[idx] + intercept if len(idx) else intercept.copy()
            proba = np.zeros(self.n_classes)
            proba[where] = expit(-(a * scores + b))
            if self.n_classes == 2:
                proba[0] = 1.0 - proba[1]
            else:
                total = proba.sum()
                proba = proba / total if total != 0 else np.full(self.n_classes, 1 / self.n_classes)
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            mean += proba
        return mean / len(self.svm_coef)

    def _presence(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        assert self.presence_coef is not None and self.presence_intercept is not None
        if not len(idx):
            return expit(0.0 + self.presence_intercept)
        scores = val.dot(self.presence_coef.take(idx, axis=0))
        scores += self.presence_intercept
        return expit(scores, out=scores)

    def predict_turns(
        self, batch: Sequence[Sequence[Any]]
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Class probabilities (and presence probabilities) per interaction (turn lists)."""
        proba = np.zeros((len(batch), self.n_classes))
        presence = None if self.presence_coef is None else np.zeros(
            (len(batch), self.presence_coef.shape[1]))
        for row, turns in enumerate(batch):
            idx, val = self._vector(self._roles(self._key(turns)))
            proba[row] = self._proba(idx, val)
            if presence is not None:
                presence[row] = self._presence(idx, val)
        return proba, presence


    def _key(self, turns: Sequence[Any]) -> tuple[tuple[bool, str], ...]:
        """The count-cache key of an interaction: (is customer, normalised text) per turn.

        Kept for a tuple of (immutable) turns, found by the identity of its last
        turn and shared by the models of the same features: the second model of
        a record does not build it again, and a live chat's next message (the
        same turn objects and one more) only adds the new turn's entry.
        """
        if type(turns) is not tuple or not turns or any(isinstance(t, dict) for t in turns):
            return tuple(_role_text(t) for t in turns)
        with self._lock:
            got = self._keys.get(id(turns[-1]))
            if got is not None and (got[0] is turns or got[0] == turns):
                return got[1]
            before = self._keys.get(id(turns[-2])) if len(turns) > 1 else None
        if before is not None and before[0] == turns[:-1]:
            key = (*before[1], _role_text(turns[-1]))
        else:
            key = tuple(_role_text(t) for t in turns)
        with self._lock:
            # holds ``turns``: the ids of its turns are not reused meanwhile
            self._keys[id(turns[-1])] = (turns, key)
            while len(self._keys) > self.cache_size:
                self._keys.popitem(last=False)
        return key


def _role_text(turn: Any) -> tuple[bool, str]:
    """(is customer, normalised text) of a turn, as :func:`triage.classify.text.split_roles`."""
    if isinstance(turn, dict):
        speaker, text = str(turn.get("speaker", "")), str(turn.get("text", ""))
    else:
        speaker, text = str(turn.speaker), str(turn.text)
    return speaker == "customer", _normalize_cached(text)


_NORM_CACHE: OrderedDict[str, str] = OrderedDict()
_NORM_LOCK = threading.Lock()
_NORM_CACHE_SIZE = 4096


def _normalize_cached(text: str) -> str:
    """:func:`triage.classify.text.normalize` with a small LRU (old turns recur every message)."""
    with _NORM_LOCK:
        hit = _NORM_CACHE.get(text)
        if hit is not None:
            _NORM_CACHE.move_to_end(text)
            return hit
    out = normalize(text)
    with _NORM_LOCK:
        _NORM_CACHE[text] = out
        while len(_NORM_CACHE) > _NORM_CACHE_SIZE:
            _NORM_CACHE.popitem(last=False)
    return out


def _compile_block(vec: Any, column: Any, weight: float, offset: int) -> _Block | None:
    params = vec.get_params()
    if (
        type(vec).__name__ != "TfidfVectorizer"
        or not isinstance(column, int | np.integer)
        or int(column) not in (0, 1)
        or params.get("input") != "content"
        or params.get("lowercase")
        or params.get("preprocessor") is not None
        or params.get("strip_accents") is not None
        or params.get("stop_words") is not None
    ):
        return None
    analyzer = params.get("analyzer")
    if analyzer == "char":
        word = False
    elif analyzer == "word" and params.get("tokenizer") is jieba_tokenize:
        word = True
    else:
        return None
    min_n, max_n = params["ngram_range"]
    vocab = {str(k): int(v) + offset for k, v in vec.vocabulary_.items()}
    idf = None
    if params.get("use_idf"):
        idf = np.zeros(offset + len(vec.vocabulary_))
        idf[offset:] = vec.idf_
    norm = params.get("norm")
    if norm not in ("l1", "l2", None):
        return None
    return _Block(
        column=int(column), word=word, min_n=int(min_n), max_n=int(max_n), vocab=vocab,
        idf=idf, sublinear=bool(params.get("sublinear_tf")), binary=bool(params.get("binary")),
        norm=norm, weight=float(weight),
    )


def compile_model(model: Any, cache_size: int = 512) -> FastLinear | None:
    """Convert a fitted ``SklearnTextClassifier`` into a :class:`FastLinear`.

    Returns:
        The fast model, or None when the artefact uses a configuration this
        module does not reproduce exactly (the caller then keeps scikit-learn).
    """
    ct = model.features_
    if type(ct).__name__ != "ColumnTransformer" or getattr(ct, "remainder", "drop") != "drop":
        return None
    weights = ct.transformer_weights or {}
    blocks: list[_Block] = []
    n_features = 0
    for name, vec, column in ct.transformers_:
        if name == "remainder":
            continue
        where = ct.output_indices_[name]
        block = _compile_block(vec, column, weights.get(name, 1.0), where.start)
        if block is None or where.stop - where.start != len(vec.vocabulary_):
            return None
        blocks.append(block)
        n_features = max(n_features, where.stop)
    # idf arrays are indexed by global feature index: widen them to the full width.
    blocks = [
        b if b.idf is None
        else dataclasses.replace(b, idf=np.pad(b.idf, (0, n_features - len(b.idf))))
        for b in blocks
    ]
    clf = model.classifier_
    if type(clf).__name__ != "CalibratedClassifierCV":
        return None
    classes = list(clf.classes_)
    svm_coef, svm_intercept, cal_a, cal_b, cal_index = [], [], [], [], []
    for cal in clf.calibrated_classifiers_:
        est = cal.estimator
        if cal.method != "sigmoid" or not hasattr(est, "coef_"):
            return None
        if any(type(c).__name__ != "_SigmoidCalibration" for c in cal.calibrators):
            return None
        coef = np.asarray(est.coef_, dtype=np.float64)
        if coef.shape[1] != n_features:
            return None
        if len(classes) == 2:
            pos = np.array([1])  # binary: one score and one calibrator, for classes_[1]
        else:  # as scikit-learn: LabelEncoder positions of the estimator's classes
            pos = np.searchsorted(np.unique(np.asarray(cal.classes)), np.asarray(est.classes_))
        svm_coef.append(np.ascontiguousarray(coef.T))
        svm_intercept.append(np.atleast_1d(np.asarray(est.intercept_, dtype=np.float64)))
        cal_a.append(np.array([c.a_ for c in cal.calibrators], dtype=np.float64))
        cal_b.append(np.array([c.b_ for c in cal.calibrators], dtype=np.float64))
        cal_index.append(pos[: len(cal.calibrators)])
    presence_coef = presence_intercept = None
    if model.presence_ is not None:
        pres = model.presence_
        ests = pres.estimators_
        if not pres.multilabel_ or len(ests) < 2 or any(
            type(e).__name__ != "LogisticRegression" or len(e.classes_) != 2 for e in ests
        ):
            return None
        presence_coef = np.ascontiguousarray(
            np.vstack([np.asarray(e.coef_, dtype=np.float64).ravel() for e in ests]).T)
        presence_intercept = np.array([float(np.ravel(e.intercept_)[0]) for e in ests])
        if presence_coef.shape[0] != n_features:
            return None
    return FastLinear(
        blocks, n_features, svm_coef, svm_intercept, cal_a, cal_b, cal_index, len(classes),
        presence_coef, presence_intercept, cache_size=cache_size,
    )
