"""Clause breaks for unpunctuated ASR turns, as the QA rules read them.

The rule pack reads clauses and sentences: an exclusion such as C06's 您是说
covers its own clause only, a learned matcher scores one clause at a time.
An ASR engine without a punctuation model writes a whole turn as one run
(``您是说APP登录不上对吧我帮您在后台重置一下您把APP的登录密码告诉我``), so that
clause reaches across everything the agent said and an exclusion at its
start hides a red line at its end.

:func:`with_breaks` puts a comma where spoken Chinese almost always ends a
clause: after a question or sentence-final particle (…对吧, …吗, …呢, …嘛,
…呀) or a closing formula (您好, 好的, 没问题, 核实通过, 谢谢, 再见), and
before words that open one (请问, 麻烦您, 所以, 但是, 不过, 然后, 另外, 如果,
我帮您, 我这边, 稍等, 非常抱歉, 您是说, 您把, 建议您…). Only turns with no
punctuation at all and no pauses written as spaces, at least
:data:`MIN_CHARS` long, are touched; every other turn is read as given.
Inserted commas take the original index of the character before them, so
spans map back to the turn as given (see :mod:`triage.spacing`).
"""

from __future__ import annotations

import re

#: Shortest unpunctuated turn that gets clause breaks.
MIN_CHARS = 12

# any punctuation, or a space between two 汉字 (a pause the transcript already marks)
_MARKED = re.compile(r"[，,。！？!?；;、：:…]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_ENDS = (
    "对吧|是吧|好吗|行吗|是吗|对吗|可以吗|吗|呢|嘛|呀|"
    "您好|你好|好的|没问题|核实通过|明白了|了解了|谢谢|感谢您的来电|再见"
)
_OPENS = (
    "请问|您好|好的|麻烦您|所以|但是|不过|然后|另外|如果|我帮您|我这边|我给您|稍等|"
    "感谢|谢谢|非常抱歉|抱歉|您是说|您看|您把|您可以|您这边|建议您|这个产品|这款"
)
_AFTER = re.compile(rf"(?:{_ENDS})(?=[\u4e00-\u9fff])")
# not right after a word that takes 您/我 as its object (帮您看一下, 给您办理, 请您把…),
# nor after a negator, which belongs to the words it negates (我不建议您买, 没抱歉)
_BEFORE = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?<![帮给为让请替和跟对向叫把被不没别未勿莫])(?={_OPENS})"
)


def with_breaks(text: str) -> tuple[str, tuple[int, ...]] | None:
    """``text`` with commas at likely clause ends and the source index of each character.

    Returns None when the turn keeps its own punctuation or pauses, is short,
    or has no likely clause end.
    """
    if len(text) < MIN_CHARS or _MARKED.search(text):
        return None
    cuts = sorted(
        {m.end() for m in _AFTER.finditer(text)} | {m.start() for m in _BEFORE.finditer(text)}
    )
    cuts = [c for c in cuts if 0 < c < len(text)]
    if not cuts:
        return None
    out: list[str] = []
    index: list[int] = []
    prev = 0
    for c in cuts:
        out.append(text[prev:c] + "，")
        index.extend(range(prev, c))
        index.append(c - 1)  # the comma stands for the character before it
        prev = c
    out.append(text[prev:])
    index.extend(range(prev, len(text)))
    return "".join(out), tuple(index)
