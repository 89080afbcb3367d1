"""Negation scope for Chinese keyword hits (不保本 is not a promise of 保本).

A hit is negated when a negator stands shortly before it inside the same
clause (clauses end at ，。！？；). Words that begin with a negator but do not
negate what follows (不管, 不论, 不过, 不用担心 …) are masked out first.
Double negation (不是不保本) is treated as negated: rare, and a reviewer sees it.
"""

from __future__ import annotations

import re

NEGATORS: tuple[str, ...] = (
    "不",
    "没",
    "沒",
    "无",
    "非",
    "未",
    "别",
    "莫",
    "勿",
    "否",
)
# Words starting with a negator character that do not negate the following words.
NON_NEGATING: tuple[str, ...] = (
    "不管",
    "不论",
    "无论",
    "不过",
    "不仅",
    "不但",
    "不光",
    "不只",
    "不止",
    "不得不",
    "不错",
    "不用担心",
    "别担心",
    "不要担心",
    "不必担心",
    "没关系",
    "没问题",
    "无需担心",
    "不好意思",
    "非常",
    "无法联系",
    "未来",
    "没想到",
    "莫名",
    "是否",
    "能否",
    "可否",
    "否则",
    "不然",
    "要不",
    "不久",
    "无忧",
    "不少",
    # self-contained negated words: their 不/没 ends with them
    # (您要是觉得不满意 那我也没招: 不满意 does not negate 没招)
    "不满意",
    "不满",
    "不高兴",
    "不开心",
    "不舒服",
    "不耐烦",
    "不愉快",
    "不合理",
    "不公平",
    "不对劲",
    "没事",
    "没错",
    "不会的",  # an answer (不会的 一分也不会少你的): the next words are not negated
    "不会啦",
)
_CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n]")
_MASK = re.compile(
    "|".join(sorted(map(re.escape, NON_NEGATING), key=len, reverse=True))
    # verb + 不 + complement (吃不掉, 伤不着, 跑不了, 看不到): the 不 stays inside the verb
    + r"|(?<=[\u4e00-\u9fff])不(?=[掉了到着完起动住成下上出开懂清见])"
)
_NEG = re.compile("|".join(map(re.escape, NEGATORS)))

_ASR_SPACE = re.compile(r"(?<=[\u4e00-\u9fff_])\s+(?=[\u4e00-\u9fff])")
#: Characters a negator's phrase may run on before an ASR space and still
#: negate across it (不会 / 没有 / 不可能 → 1-2).
_NEG_TAIL = 2

#: How many characters before a hit a negator may stand (不会向您索要: 4).
DEFAULT_REACH = 6


def is_negated(text: str, start: int, reach: int = DEFAULT_REACH) -> bool:
    """Whether the hit starting at ``start`` in ``text`` is negated.

    Args:
        text: The (folded) turn text.
        start: Start of the hit.
        reach: Maximum distance in characters between negator and hit.

    Returns:
        True when a negator stands within ``reach`` characters before the hit
        in the same clause.
    """
    lo = max(0, start - reach)
    # Mask with some context before the window, so a masked word or a verb + 不
    # + complement cut by the window's left edge is still recognised.
    ctx_lo = max(0, lo - 4)
    masked = _MASK.sub(lambda m: "_" * len(m.group(0)), text[ctx_lo:start])
    window = masked[lo - ctx_lo :]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    # Unpunctuated ASR text: a space between Chinese characters ends a phrase. A
    # negator before such a space still reaches past it only when the space
    # follows it closely (不 保本, 不会 向您索要); one further inside its phrase
    # (说句不好听的 想亏都难) negates nothing beyond it.
    # (the hit's first character lets a space right before the hit be seen)
    spaces = [m.start() for m in _ASR_SPACE.finditer(window + text[start : start + 1])]
    for m in _NEG.finditer(window):
        nxt = next((b for b in spaces if b > m.start()), None)
        if nxt is None or nxt - m.end() <= _NEG_TAIL:
            return True
    return False
