"""A Latin name written in capitals, as on a passport or a remittance form (ZHOU JIANHUA), is
masked whole after a naming cue, not only its first word."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("英文名是ZHOU JIANHUA 开户行在新加坡", "英文名是<PERSON> 开户行在新加坡"),
        ("我英文名叫 LIN YA 护照上也是", "我英文名叫 <PERSON> 护照上也是"),
    ],
)
def test_a_name_in_capitals_is_masked_whole(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


def test_a_capitals_word_after_the_name_that_is_no_name_stays() -> None:
    text = redact_text("英文名是GAO MING AND HIS WIFE").text
    assert text.startswith("英文名是<PERSON> AND"), text
