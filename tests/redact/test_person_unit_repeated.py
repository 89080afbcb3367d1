"""A numeral's unit said twice (交了六年 年交) is no reduplicated nickname."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    [
        "您 这 份 重疾险 已经 交 了 四 年 年 交 三千 六百 现在 退保 损失 大",
        "已经 交 了 八 年 年 交 一万 二",
        "这 个 年金 交 了 三 年 年 缴 六千",
        "这个 理财 存 了 三 月 月 底 到期",
    ],
)
def test_unit_repeated_after_a_numeral_stays(text: str) -> None:
    assert not [e for e in redact_text(text).entities if e.type == "PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        "孩子 六 岁 小名 叫 年年",
        "我家 老大 叫 月月",
    ],
)
def test_reduplicated_nicknames_still_go(text: str) -> None:
    assert any(e.type == "PERSON" for e in redact_text(text).entities)
