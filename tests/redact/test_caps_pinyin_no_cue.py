"""A name in pinyin written in capitals, surname first, as on a passport or a remittance form
(SUN JIAHUI, SUN JIA HUI), is masked without a cue when it is the whole run of capitals words;
English in capitals stays."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("SUN JIA HUI", "<PERSON>"),
        ("表格上写的是SUN JIAHUI 没有空格", "表格上写的是<PERSON> 没有空格"),
        ("收款人 ZHOU YAN 对不对", "收款人 <PERSON> 对不对"),
    ],
)
def test_a_capitals_pinyin_name_is_masked(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text",
    ["LONG TIME NO SEE", "HE SAID NO", "我要办 VIP CARD", "屏幕上显示 GAO SPEED MODE"],
)
def test_english_in_capitals_stays(text: str) -> None:
    assert redact_text(text).text == text
