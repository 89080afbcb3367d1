"""老/小 and the surname right after the full name restate it (韩立新 老韩)."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    [
        "司机 是 韩立新 老 韩 电话 等下 发你",
        "联系人 是 彭晓东 老彭 手机 一直 开着",
        "找 我们 会计 邵红梅 就是 小邵 她 管 这个",
    ],
)
def test_surname_restated_after_the_full_name_goes(text: str) -> None:
    out = redact_text(text).text
    for ch in "韩彭邵":
        assert ch not in out


@pytest.mark.parametrize(
    "text",
    [
        "我们 老板 人 很好 小店 开 了 十年",
        "司机 是 新来 的 老 司机 了",
    ],
)
def test_old_and_young_without_a_name_stay(text: str) -> None:
    assert not [e for e in redact_text(text).entities if e.type == "PERSON"]
