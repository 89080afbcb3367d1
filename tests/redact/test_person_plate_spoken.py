"""A licence plate read out with spoken digits (苏 E 六 N 八 二 Q) holds no name."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    [
        "先 核对 一下 车牌 皖 A 七 幺 K 三 二 对吗",
        "我 的 车牌 是 豫 C 洞 八 P 五 五",
        "车牌 湘 D 二 六 M 九 九 车 停 在 门口",
    ],
)
def test_spoken_plate_is_no_name(text: str) -> None:
    assert not [e for e in redact_text(text).entities if e.type == "PERSON"]


def test_a_name_before_a_plate_still_goes() -> None:
    out = redact_text("车主 范国庆 车牌 冀 F 三 幺 K 八 二").text
    assert "国庆" not in out


@pytest.mark.parametrize("plate", ["皖A七幺K三二", "豫C洞八P五五", "湘D二六M九九"])
def test_spoken_plate_is_a_span_never_read_as_a_name(plate: str) -> None:
    # NER reads such a plate as a name only in some contexts: the span rule itself is checked
    from triage.redact.recognizers.person_name import _NOT_NAME_SPANS

    assert _NOT_NAME_SPANS.fullmatch(plate)
