"""Word-segmented ASR turns, written back together for the recognizers and the QA rules.

Some ASR engines (Kaldi-style Chinese recipes among them) print every word
apart: ``请问 还有 其他 可以 帮 您 的 吗``, ``网点 电话 是 零 二八 八六 幺 二 三四``.
Patterns written for running text miss on such turns: the QA rule pack's
phrases (``还有(其他|别的)…(吗|么)``: on a word-segmented copy of the labelled
QA set violation recall fell from 0.99 to 0.89 and the false-alarm rate rose
from 0.00 to 0.07, ``eval/qa/asr_text.py``) and the redaction's cues and
number runs (a landline read out in word-sized groups, ``背面 的 码 是 739``,
``天府 大道 北段 一千七百 号`` leaked). :func:`triage.normalize.normalize_text`
and :class:`triage.qa.context.QAContext` read such turns joined.

A turn counts as word-segmented when it has at least :data:`MIN_WORDS`
space-separated tokens holding 汉字 and those tokens average at most
:data:`MAX_MEAN_WORD` 汉字: words, not phrases. Transcripts that use a space
as a pause between phrases (``您好 嘉禾银行信用卡中心 工号4415 很高兴为您服务``)
keep their spaces: the rules read those spaces as clause boundaries.

In a word-segmented turn every run of whitespace next to a 汉字 or a Chinese
punctuation mark goes; spaces between two Latin/digit tokens (``apple pay``,
``6222 0202``) stay. :func:`compact` returns the new text and, for each of its
characters, the index of the same character in the original, so spans found
in the compact text (PII, QA evidence) point into the turn as given.
"""

from __future__ import annotations

import re

#: Fewest 汉字 tokens before a turn can count as word-segmented.
MIN_WORDS = 3
#: Most 汉字 per token, on average, of a word-segmented turn.
MAX_MEAN_WORD = 2.5

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: A token that is a number said in 汉字, maybe with digits and a unit after it.
_SPOKEN_NUMBER = re.compile(
    r"[零〇一二三四五六七八九十百千万幺两洞拐\d]{2,}(?:号楼|单元|[号楼栋幢座室层])?"
)
_SPACE = re.compile(r"\s")
# 汉字, CJK symbols and punctuation (、。「」…), full-width forms (，！？：；)
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_GAP = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def word_segmented(text: str) -> bool:
    """Whether ``text`` reads as one word per space-separated token.

    A number said in 汉字 with its unit (四百七十八号, 三百一十二号楼, 一零零三) is one
    ASR token however long: it counts as a token but not towards the mean word length.
    """
    if not _SPACE.search(text):
        return False
    tokens = [tok for tok in text.split() if _HAN.search(tok)]
    words = [len(_HAN.findall(tok)) for tok in tokens if not _SPOKEN_NUMBER.fullmatch(tok)]
    return len(tokens) >= MIN_WORDS and bool(words) and sum(words) <= MAX_MEAN_WORD * len(words)


def compact(text: str) -> tuple[str, tuple[int, ...]] | None:
    """``text`` without its word spaces and the original index of each kept character.

    Returns None when the turn is not word-segmented (nothing to change).
    """
    if not word_segmented(text):
        return None
    keep: list[int] = []
    pos = 0
    for m in _GAP.finditer(text):
        keep.extend(range(pos, m.start()))
        pos = m.end()
    keep.extend(range(pos, len(text)))
    return "".join(text[i] for i in keep), tuple(keep)


def original_span(index: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
    """Map ``[start, end)`` of a compacted text back to the original text."""
    if end <= start:
        at = index[start] if start < len(index) else (index[-1] + 1 if index else 0)
        return at, at
    return index[start], index[end - 1] + 1
