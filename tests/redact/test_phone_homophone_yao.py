"""妖, as a voice-to-text app writes 幺, reads as that digit inside a spoken number, as 腰 does."""

from __future__ import annotations

from triage.redact import redact_text


def test_a_mobile_with_yao_for_one_is_masked() -> None:
    text = redact_text("我的手机 妖五八 二二妖七 零四六三 你记一下").text
    assert text == "我的手机 <PHONE_NUMBER> 你记一下", text


def test_yao_in_words_stays() -> None:
    text = "孩子说有妖怪 三点钟再打过来"
    assert redact_text(text).text == text
