"""A shop of another trade named after its owner, with its shop word (老孙五金店) or said as the
shop's name (店叫秀兰服装), holds no name; the owner named as a person still goes."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    [
        "查到了，老孙五金店的终端，型号A8",
        "店叫秀兰服装",
        "店名是阿明汽修 在城东",
        "老陈烟酒行 要 换 机器",
    ],
)
def test_shop_named_after_its_owner_stays(text: str) -> None:
    assert not [e for e in redact_text(text).entities if e.type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我 姓 周 周德海 开 五金店 的", "德海"),
        ("我叫张伟 在超市上班", "张伟"),
        ("我们店是王丽 负责", "王丽"),
        ("店主叫王建国", "建国"),
    ],
)
def test_owner_named_as_a_person_still_goes(text: str, name: str) -> None:
    assert name not in redact_text(text).text
