"""The full name said after the surname was given and spelled (我姓蒋 草头蒋 蒋文博, 我 姓 上官
上官婉清) is masked whole: the same surname later in the turn with frequent given-name
characters after it. The surname inside a spelling word stays the spelling's business."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我姓蒋 草头蒋 蒋文博", "文博"),
        ("我 姓 上官 上官 婉清", "婉清"),
        ("免贵姓 鲁 鲁国强 您查一下", "国强"),
    ],
)
def test_the_full_name_after_the_surname_is_masked(text: str, name: str) -> None:
    out = redact_text(text).text
    assert name not in out, out


def test_other_words_after_the_surname_stay() -> None:
    out = redact_text("我姓蒋 蒋是草头蒋 谢谢").text
    assert out.endswith("谢谢"), out
