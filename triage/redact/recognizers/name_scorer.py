"""A small learned scorer for name-like spans the other PERSON sources left out.

Two kinds of candidate span are proposed by cheap character patterns, then scored by a
logistic regression over sparse string features (weights in
``models/name-scorer/weights.json``, trained only on generated sentences by
:mod:`triage.redact.name_scorer_train`; see the model card there):

* ``rep``: a reduplicated character (兔兔, 圆圆, 解解), and ``srep`` a surname before
  one (宋晚晚): nicknames, which a rule cannot tell from 哈哈, 好好, 天天;
* ``sur3``: a single surname + two frequent given-name characters (曾若彤, 顾天池) that
  LAC glued to other words or read as an adverb.

Features: the span's characters and their given-name shares (``ngender``), jieba's
dictionary frequency and tag of the span (and of its given part), the characters and
LAC tags around it, and whether LAC's word boundaries agree with the span. Only spans
not already found, and not inside a LAC organisation or place span, are scored.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from triage.redact.recognizers.name_chars import GivenNameChars, given_name_chars
from triage.redact.recognizers.surnames import SINGLE_SURNAMES

WEIGHTS = Path(__file__).resolve().parents[3] / "models" / "name-scorer" / "weights.json"
_CJK = "\u4e00-\u9fff"
#: A reduplicated 汉字 (not part of a longer run: 哈哈哈 is laughter).
_REP = re.compile(rf"([{_CJK}])\1")
_SUR3 = re.compile("(?=([" + "".join(sorted(SINGLE_SURNAMES)) + f"][{_CJK}]{{2}}))")
#: Given-name share a candidate's given characters need (about the 2,500 most used).
CANDIDATE_SHARE = 1e-5


def _bucket(x: float) -> str:
    """Log-10 bucket of a share or frequency (``n`` for none)."""
    return "n" if x <= 0 else str(int(math.floor(math.log10(x))))


def _cls(ch: str) -> str:
    if not ch:
        return "^"
    if "\u4e00" <= ch <= "\u9fff":
        return "h"
    if ch.isdigit():
        return "d"
    if ch.isascii() and ch.isalpha():
        return "a"
    if ch in "\ue000\ue001\ue002\ue003\n":
        return "^"
    return "p"


def candidates(text: str, given: GivenNameChars) -> list[tuple[int, int, str]]:
    """Candidate spans ``(start, end, kind)`` in ``text`` (see the module docstring)."""
    out: list[tuple[int, int, str]] = []
    for m in _REP.finditer(text):
        s, e = m.start(1), m.end()
        c = text[s]
        if (s and text[s - 1] == c) or (e < len(text) and text[e] == c):
            continue  # 哈哈哈: a run
        if (s >= 2 and text[s - 2] == text[s - 1]) or text[e : e + 1] == text[e + 1 : e + 2] != "":
            continue  # 起起伏伏, 兢兢业业: an AABB word
        if not given.is_common(c, CANDIDATE_SHARE):
            continue
        out.append((s, e, "rep"))
        if s and text[s - 1] in SINGLE_SURNAMES:
            out.append((s - 1, e, "srep"))
    for m in _SUR3.finditer(text):
        s, e = m.span(1)
        if text[s + 1] == text[s + 2]:
            continue  # 宋晚晚: srep above
        if given.is_common(text[s + 1], 5e-5) and given.is_common(text[s + 2], 5e-5):
            out.append((s, e, "sur3"))
    return out


def one_word(
    ents: Sequence[tuple[int, int, str]], starts: Sequence[int], s: int, e: int, kind: str
) -> bool:
    """Whether LAC reads ``[s, e)`` inside one word (国家|和 crosses a word boundary).

    A ``sur3`` span must also start that word (历史辉煌 holds no 史辉煌). Without LAC
    words (``ents`` empty) every span passes.
    """
    if not ents:
        return True
    k = bisect_right(starts, s) - 1
    if k < 0 or not (ents[k][0] <= s and e <= ents[k][1]):
        return False
    return kind != "sur3" or ents[k][0] == s


class NameScorer:
    """Logistic regression over sparse features of a candidate span.

    Args:
        weights: Feature -> weight, plus ``"__bias__"``.
    """

    def __init__(self, weights: dict[str, float]) -> None:
        self.bias = weights.get("__bias__", 0.0)
        self.weights = weights
        self._given: GivenNameChars | None = None
        self._freq: dict[str, int] = {}
        self._tag: dict[str, str] = {}

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> NameScorer:
        """Read the weights JSON (``{"weights": {...}}``)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"])

    def setup(self) -> None:
        """Given-name shares (``ngender``) and jieba's dictionary (frequencies, tags)."""
        if self._given is None:
            import jieba
            import jieba.posseg

            jieba.setLogLevel(60)
            jieba.initialize()
            self._freq = jieba.dt.FREQ
            self._tag = jieba.posseg.dt.word_tag_tab
            self._given = given_name_chars()

    def features(
        self,
        text: str,
        s: int,
        e: int,
        kind: str,
        ents: Sequence[tuple[int, int, str]],
        starts: Sequence[int],
    ) -> list[str]:
        """Feature strings of candidate ``text[s:e]`` (``ents``: LAC words, ``starts`` theirs)."""
        assert self._given is not None
        span = text[s:e]
        given = span[1:] if kind in ("sur3", "srep") else span
        share = self._given.share
        f = [f"k:{kind}", f"len:{e - s}"]
        for c in set(given):
            f.append(f"g:{c}")
            f.append(f"gs:{_bucket(share.get(c, 0.0))}")
        if kind != "rep":
            f.append(f"s:{span[0]}")
            f.append(f"gf:{_bucket(self._freq.get(given, 0))}|{self._tag.get(given, '-')[:2]}")
        f.append(f"jf:{_bucket(self._freq.get(span, 0))}")
        f.append(f"jt:{self._tag.get(span, '-')[:2]}")
        left = text[s - 1] if s else ""
        right = text[e] if e < len(text) else ""
        f += [f"L:{left}", f"R:{right}", f"Lc:{_cls(left)}", f"Rc:{_cls(right)}"]
        # LAC words around: the word holding the first character, before and after the span
        k = bisect_right(starts, s) - 1
        if k >= 0 and ents[k][1] > s:
            ws, we, tag = ents[k]
            f.append(f"t:{tag}")
            f.append(f"b:{int(ws == s)}{int(we == e)}|{int(we >= e)}")
            if ws == s and we == e:
                f.append(f"tw:{tag}")  # LAC reads exactly the span as one word
        else:
            f.append("t:-")
        k2 = bisect_right(starts, e - 1) - 1
        if k2 >= 0 and ents[k2][1] == e and k2 + 1 < len(ents):
            f.append(f"tn:{ents[k2 + 1][2]}")
        if k > 0 and ents[k][0] == s:
            f.append(f"tp:{ents[k - 1][2]}")
        return f

    def _in_word(
        self, text: str, ents: Sequence[tuple[int, int, str]], starts: Sequence[int], s: int, e: int
    ) -> bool:
        """The span is part of a longer dictionary word (丰富多彩) or starts with one (许多|人).

        Applied to candidates before scoring, at training and at redaction time alike.
        """
        k = bisect_right(starts, s) - 1
        ws, we, _ = ents[k]
        if (ws, we) != (s, e) and self._freq.get(text[ws:we], 0) > 0:
            return True
        # 许多|人, 冷战|思: a sur3 span that starts with a dictionary word (not a name)
        head = text[s : s + 2]
        return (
            e - s == 3
            and self._freq.get(head, 0) >= 10
            and not self._tag.get(head, "").startswith("nr")
        )

    def score(self, feats: Iterable[str]) -> float:
        """Probability that the candidate is a name."""
        z = self.bias + sum(self.weights.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def find(
        self,
        text: str,
        ents: Sequence[tuple[int, int, str]],
        skip: Sequence[tuple[int, int]],
    ) -> list[tuple[int, int, float]]:
        """Scored candidates ``(start, end, p)`` not overlapping ``skip`` spans."""
        if not ents:
            return []  # trained on LAC words: without them (ner: none) nothing is scored
        self.setup()
        assert self._given is not None
        cands = candidates(text, self._given)
        if not cands:
            return []
        starts = [x[0] for x in ents]
        out = []
        for s, e, kind in cands:
            if any(a < e and s < b for a, b in skip) or not one_word(ents, starts, s, e, kind):
                continue
            if ents and self._in_word(text, ents, starts, s, e):
                continue
            out.append((s, e, self.score(self.features(text, s, e, kind, ents, starts))))
        return out


@lru_cache(maxsize=1)
def name_scorer() -> NameScorer | None:
    """The shared scorer (``None`` when the weights file is absent)."""
    if not WEIGHTS.exists():
        return None
    return NameScorer.load()
