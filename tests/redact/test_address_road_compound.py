"""A residential compound named after its road in an answer to the address question, also when a
word of its name reads as a verb (…路 好运家园); an area's name between a road and a compound
(…街 东沙湖 景城花园); a development zone before the road (苏州 工业园区) is kept like a
district (SPEC §4)."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(texts: list[tuple[str, str]]) -> list[str]:
    turns, _ = redact_turns([Turn(s, t) for s, t in texts])
    return [t.text for t in turns]


@pytest.mark.parametrize(("road", "compound"), [("白鹭路", "发财家园"), ("飞鸟路", "来福小区")])
def test_a_compound_after_its_road_in_an_answer_is_masked(road: str, compound: str) -> None:
    out = _redact(
        [
            ("agent", "请提供新的详细地址"),
            ("customer", "临平区 东湖街道"),
            ("customer", f"{road} {compound}"),
        ]
    )
    assert road not in out[2] and compound[:2] not in out[2], out


def test_an_area_name_between_a_road_and_a_compound_is_masked() -> None:
    out = _redact([("customer", "我家在 无锡 新吴区 长江路 湖滨 春潮花园 8栋 502 你们寄这里")])[0]
    assert "湖滨" not in out and "春潮花园" not in out and "新吴区" in out, out


def test_a_development_zone_before_the_road_stays() -> None:
    out = _redact([("customer", "公司在 成都 高新区 天府大道 1700号")])[0]
    assert "高新区" in out and "天府大道" not in out and "1700" not in out, out


def test_a_question_after_a_road_stays() -> None:
    text = "我在解放路 请问小区 怎么走"
    out = _redact([("agent", "您的地址是"), ("customer", text)])[1]
    assert "请问小区" in out, out


def test_the_office_a_house_comes_under_stays() -> None:
    out = _redact([("customer", "地址是 沛县 河口镇 王庄村 三组 十八号归河口供电所管")])[0]
    assert "十八号" not in out and "河口供电所管" in out, out
