"""jieba POS segmentation with a vectorised HMM Viterbi (same words and tags as jieba).

``jieba.posseg`` tags the runs of characters its dictionary does not cover
with a pure-Python Viterbi over its 256 (position, POS) states: for every
character, every candidate state takes a ``max`` over every live state of
the character before (a generator of tuples). On the ``mixed`` lines of the
redaction engine that Viterbi was most of jieba's cost.

:class:`FastPOSTokenizer` is a ``jieba.posseg.POSTokenizer`` that shares the
dictionaries of an existing one and only swaps that Viterbi for
:func:`hmm_viterbi`, which follows jieba's algorithm step for step on numpy
arrays of the same live states: the same candidate states per character
(the character's states that some live state can reach, else every
reachable state), the same float64 sums in the same order
(``(score + transition) + emission``), and jieba's tie-break (on equal
scores the greatest state, as ``max`` over ``(score, state)`` tuples picks).
So words and tags are those of ``jieba.posseg`` (checked on corpus text in
``tests/redact/test_posseg.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from math import log
from typing import Any

import numpy as np
from jieba.posseg import POSTokenizer, pair
from jieba.posseg import char_state_tab_P as _CHAR_STATES
from jieba.posseg import emit_P as _EMIT
from jieba.posseg import start_P as _START
from jieba.posseg import trans_P as _TRANS
from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF


class _Model:
    """jieba's POS HMM as arrays; states indexed in ascending (tuple) order."""

    def __init__(self) -> None:
        states = sorted(_TRANS)
        self.states = states
        index = {s: i for i, s in enumerate(states)}
        n = len(states)
        self.all = np.arange(n)
        self.start = np.array([_START[s] for s in states], dtype=np.float64)
        self.trans = np.full((n, n), MIN_INF, dtype=np.float64)
        self.reach = np.zeros((n, n), dtype=bool)
        for s, nexts in _TRANS.items():
            for t, p in nexts.items():
                self.trans[index[s], index[t]] = p
                self.reach[index[s], index[t]] = True
        self.has_next = self.reach.any(axis=1)
        self.emit = [_EMIT[s] for s in states]
        # a character's possible states (jieba: every state for a character it has not seen)
        self.char_mask: dict[str, np.ndarray] = {}
        for c, ss in _CHAR_STATES.items():
            m = np.zeros(n, dtype=bool)
            m[[index[s] for s in ss]] = True
            self.char_mask[c] = m
        self.char_states = {c: np.flatnonzero(m) for c, m in self.char_mask.items()}

        self._emit_of: dict[str, np.ndarray] = {}

    def emission(self, c: str) -> np.ndarray:
        """Emission scores of ``c`` in every state (jieba: ``MIN_FLOAT`` where unseen)."""
        v = self._emit_of.get(c)
        if v is None:
            if len(self._emit_of) >= _EMIT_MEMO:
                self._emit_of.clear()
            v = np.array([e.get(c, MIN_FLOAT) for e in self.emit], dtype=np.float64)
            self._emit_of[c] = v
        return v


#: Characters whose emission vectors are kept (2 KB each; a model table, not text).
_EMIT_MEMO = 4096
_model: _Model | None = None


def _get_model() -> _Model:
    global _model
    if _model is None:
        _model = _Model()
    return _model


def hmm_viterbi(obs: str) -> list[tuple[str, str]]:
    """The state (``B/M/E/S``, POS) of each character, as ``jieba.posseg.viterbi`` returns it."""
    m = _get_model()
    c0 = obs[0]
    ys = m.char_states.get(c0, m.all)
    score = m.start[ys] + m.emission(c0)[ys]
    cands = [ys]
    backs: list[np.ndarray] = []
    for c in obs[1:]:
        live = m.has_next[ys]
        prev = ys[live]
        reachable = m.reach[prev].any(axis=0)
        mask = m.char_mask.get(c)
        ys = (reachable & mask).nonzero()[0] if mask is not None else reachable.nonzero()[0]
        if ys.size == 0:
            ys = reachable.nonzero()[0] if reachable.any() else m.all
        total = score[live][:, None] + m.trans[prev][:, ys]
        total += m.emission(c)[ys]
        # jieba's max over (score, state) tuples: on equal scores the greatest state (last row)
        best = (total.shape[0] - 1) - total[::-1].argmax(axis=0)
        score = total[best, m.all[: ys.size]]
        cands.append(ys)
        backs.append(prev[best])
    k = (ys.size - 1) - int(score[::-1].argmax())
    state = int(ys[k])
    route = [state]
    for t in range(len(backs) - 1, -1, -1):
        state = int(backs[t][k])
        k = int(cands[t].searchsorted(state))
        route.append(state)
    route.reverse()
    names = m.states
    return [names[s] for s in route]


def best_route(sentence: str, freq: dict[str, int], logtotal: float) -> list[int]:
    """jieba's ``get_DAG`` and ``calc`` in one backward pass: where each best word ends.

    Same arithmetic as ``jieba.Tokenizer.calc`` (``(log(freq) - logtotal) +
    score of the rest``, ``log(1)`` for a character on its own) and the same
    tie-break (``max`` over ``(score, end)`` tuples: the longest word), without
    building the DAG and route dictionaries.

    Args:
        sentence: A run of 汉字 (jieba's block).
        freq: jieba's prefix dictionary (``Tokenizer.FREQ``; 0 for a prefix only).
        logtotal: ``log(Tokenizer.total)``.

    Returns:
        For each start ``k``, the index of the last character of the word from ``k``.
    """
    n = len(sentence)
    get = freq.get
    scores = [0.0] * (n + 1)
    ends = [0] * n
    for k in range(n - 1, -1, -1):
        best = end = None
        i = k
        frag = sentence[k]
        f = get(frag)
        while f is not None:
            if f:
                score = log(f) - logtotal + scores[i + 1]
                if best is None or score >= best:  # ascending ends: on a tie the longer word
                    best, end = score, i
            i += 1
            if i >= n:
                break
            frag = sentence[k : i + 1]
            f = get(frag)
        if end is None:  # no word from k: the character alone, log(1)
            best, end = log(1) - logtotal + scores[k + 1], k
        scores[k] = best
        ends[k] = end
    return ends


class FastPOSTokenizer(POSTokenizer):
    """``jieba.posseg.POSTokenizer`` with :func:`hmm_viterbi`; shares ``base``'s dictionaries.

    Args:
        base: An initialised POS tokenizer (normally ``jieba.posseg.dt``).
    """

    def __init__(self, base: POSTokenizer) -> None:  # no super().__init__: reuse, not reload
        self.tokenizer = base.tokenizer
        self.word_tag_tab = base.word_tag_tab

    def _POSTokenizer__cut(self, sentence: str) -> Iterator[Any]:  # noqa: N802 - jieba's name
        """jieba's ``__cut`` (HMM words of one run of 汉字) with :func:`hmm_viterbi`."""
        pos_list = hmm_viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield pair(sentence[begin : i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield pair(sentence[nexti:], pos_list[nexti][1])

    def _POSTokenizer__cut_DAG(self, sentence: str) -> Iterator[Any]:  # noqa: N802 - jieba's
        """jieba's ``__cut_DAG`` (one block, HMM on) with the route of :func:`best_route`."""
        tokenizer = self.tokenizer
        tokenizer.check_initialized()
        freq = tokenizer.FREQ
        ends = best_route(sentence, freq, log(tokenizer.total))
        tags = self.word_tag_tab
        x = 0
        buf = ""
        n = len(sentence)
        while x < n:
            y = ends[x] + 1
            l_word = sentence[x:y]
            if y - x == 1:
                buf += l_word
            else:
                if buf:
                    yield from self._flush(buf)
                    buf = ""
                yield pair(l_word, tags.get(l_word, "x"))
            x = y
        if buf:
            yield from self._flush(buf)

    def _flush(self, buf: str) -> Iterator[Any]:
        """jieba's handling of a run of single characters in ``__cut_DAG``."""
        tags = self.word_tag_tab
        if len(buf) == 1:
            yield pair(buf, tags.get(buf, "x"))
        elif not self.tokenizer.FREQ.get(buf):
            yield from self._POSTokenizer__cut_detail(buf)
        else:
            for elem in buf:
                yield pair(elem, tags.get(elem, "x"))
