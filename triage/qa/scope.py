"""The reach of an exclusion or a negator: the stretch of a turn a hit belongs to.

A rule's ``exclude`` regex and a negator clear a hit only when they stand in
the hit's own stretch of speech. Punctuation ends a stretch at 。！？；, but an
ASR turn often has none: a whole turn is one "sentence", and one excluded
phrase (保本的我们这边没有, the customer's 保本吗 quoted back) or one negator
(不保本但是稳赚) would clear every other claim in it. So a stretch also ends
where spoken Chinese turns to a new point whether or not anything is written:

- before a connective that opens a new point (但是, 可是, 不过, 然而, 然后,
  而且, 并且, 另外, 再说, 此外, 况且); 可是 and 不过 only after a pause or
  comma (这可是保本的 is emphasis, 不过期 a verb);
- after a question handed to the customer (…吗, …么, …嘛, …呢, 对吧, 是吧,
  好吗 …) followed by a pause, a comma or more speech;
- before a new topic named after a pause or comma (理财的话 …, 至于 …, 说到 …);
- after a warning closed by its dismissal (…的都别理, 不用信, 银行不会问这些)
  followed by more speech: the warning is done, what comes next is a new
  point (…都别理 现在您把验证码报给我 asks for the code);

and, as before, at 。！？；and line ends. Commas and single pauses do not end
a stretch: 当初理财经理跟您说，这款保本 is still a report, 存款 是保本的 still
about deposits. An exclusion match counts when it overlaps the hit's stretch
(利息是少一点 但是稳当: the trade-off runs over 但是 to the hit), see
:func:`excluded`. :func:`clause_at` (the comma- and pause-scoped clause of
``exclude_clause`` and the learned matchers' filters) ends at the same
connectives and questions.
"""

from __future__ import annotations

import re
from functools import lru_cache

# a sentence end (ASCII kept: turns are read as given or folded)
_SENTENCE_END = r"[。！？!?；;\n]+"
# a pause or a comma: what may stand before 可是 / 不过 for them to open a point
_PAUSE = r"(?:(?<=[，,：:\s])|^)"
# connectives that open a new point; the first group may also stand glued to the
# previous words (不保本但是稳赚), the second only after a pause or comma
_OPEN_GLUED = "但是|然而|然后|而且|并且|另外|再说|此外|况且"
_OPEN_PAUSED = "可是|不过|但(?![凡愿])"
# a question or tag handed to the customer, then a pause, comma or more speech
# (not the 么 of 什么 / 怎么 / 这么 / 那么 / 多么)
_QUESTION = (
    r"(?:对吧|是吧|对吗|是吗|好吗|行吗|可以吗|吗|(?<![什怎这那多要])么|嘛|呢)"
    r"(?=[，,\s]*[\u4e00-\u9fff])"
)

# a new topic named after a pause or comma (理财的话 …, 至于 …, 说到 …): the talk turns to
# another thing (大额存单是存款 保本保息 理财的话收益高一点 …)
_TOPIC = (
    r"(?<=[，,\s])(?=(?:至于|说到|关于)|[\u4e00-\u9fff]{1,6}的话(?![\u4e00-\u9fff]{0,2}[吗呢吧]))"
)

# a warning closed by its dismissal (…的都别理, 您别信, 不用搭理他, 银行不会问这些), then a
# pause, comma or more speech (not 理财 / 理解 / 信用卡 / 信息: no dismissal)
_DISMISSED = (
    r"(?:(?:别|不要|不用|甭)(?:搭理|理会|理睬|理(?![财解由论赔])|信(?![用息号箱件誉托贷任心封]))"
    r"(?:他们|她们|他|她|它|对方)?(?:就行了|就行|就好|就是了)?"
    r"|不会(?:主动)?(?:向您|跟您|找您)?(?:问|要|索要|询问|索取)(?:这些|这个|这种|这类)"
    r"(?:信息|东西|问题)?(?:的)?)"
    r"(?=[，,\s]*[\u4e00-\u9fff])"
)

_BREAK = re.compile(
    rf"(?P<topic>{_TOPIC})"
    rf"|(?P<end>{_SENTENCE_END})"
    rf"|(?P<dismissed>{_DISMISSED})[，,\s]*"
    rf"|(?<=[\u4e00-\u9fff，,\s])(?P<glued>{_OPEN_GLUED})"
    rf"|{_PAUSE}(?P<paused>{_OPEN_PAUSED})"
    rf"|(?P<question>{_QUESTION})[，,\s]*"
)


@lru_cache(maxsize=4096)
def breaks(text: str) -> tuple[int, ...]:
    """Where a new stretch of ``text`` begins (sorted; 0 and len(text) not included)."""
    cuts: set[int] = set()
    for m in _BREAK.finditer(text):
        # a stretch ends after a sentence end, a question or a dismissal, before the rest
        if any(m.group(g) is not None for g in ("end", "question", "dismissed")):
            cuts.add(m.end())
        else:
            cuts.add(m.start())
    return tuple(sorted(c for c in cuts if 0 < c < len(text)))


def scope_at(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """Bounds of the stretch of ``text`` holding the hit ``start:end``.

    A hit running over a break (a scored pair of clauses) gets every stretch it
    touches.
    """
    stop = max(start + 1, end or 0)
    lo, hi = 0, len(text)
    for c in breaks(text):
        if c <= start:
            lo = c
        elif c >= stop:
            hi = c
            break
    return lo, hi


def scope_start(text: str, pos: int) -> int:
    """Where the stretch holding ``pos`` begins (a negator's reach stops there)."""
    lo = 0
    for c in breaks(text):
        if c > pos:
            break
        lo = c
    return lo


def excluded(pattern: re.Pattern[str], text: str, start: int, end: int | None = None) -> bool:
    """Whether ``pattern`` matches text overlapping the stretch of the hit ``start:end``.

    A match may run in from a neighbouring stretch of the same sentence (利息是少一点
    但是稳当) but not stand wholly outside the hit's (保本的我们没有 但是这款稳赚: 稳赚
    stays).
    """
    lo, hi = scope_at(text, start, end)
    s, e = _sentence(text, lo, hi)
    m = pattern.search(text, lo, e)
    if m is not None and m.start() < hi:
        return True
    if s < lo:  # a match starting before the stretch and running into it
        for m in pattern.finditer(text, s, e):
            if m.start() >= lo:
                break
            if m.end() > lo:
                return True
    return False


_SENTENCE_STOP = re.compile(_SENTENCE_END)


def _sentence(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Bounds of the sentence (up to 。！？；or a line end) holding ``lo:hi``."""
    s = 0
    for m in _SENTENCE_STOP.finditer(text, 0, lo):
        s = m.end()
    m = _SENTENCE_STOP.search(text, max(lo, hi - 1))
    return s, (m.start() if m else len(text))
