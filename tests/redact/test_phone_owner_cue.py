"""A phone number after whose it is (我的电话, 他自己的电话, 老婆的电话): the first group typed
alone in a chat message is masked before the rest arrives (blind16 b16-26)."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    "text",
    ["他自己的电话 1 5 3 6 3 9", "我老婆的电话 一五三 六三九", "她的电话是 153639", "我的电话 138"],
)
def test_first_part_after_an_owner_cue_is_masked(text: str) -> None:
    red = redact_text(text)
    assert [e.type for e in red.entities] == ["PHONE_NUMBER"]


@pytest.mark.parametrize(
    "text",
    [
        "客服的电话 95588",
        "银行的电话是 400 820 5555",
        "我的电话 2019年换的",
        "我的电话打不通 试了三次",
    ],
)
def test_hotlines_years_and_counts_after_such_cues_stay(text: str) -> None:
    assert redact_text(text).text == text
