"""A Latin name after the word 英文 said as a naming cue (英文就 …, 英文是 …: the English name the
agent asked for), and a name of three Latin words, as a Cantonese name is romanised on a
passport (surname and a two-word given name: CHEUNG WING SUM, Ho Pui Yan), masked whole."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "中文名 我发给你了 英文就 CHEUNG WING SUM 跟证件一样",
            "中文名 我发给你了 英文就 <PERSON> 跟证件一样",
        ),
        ("英文是 Ho Pui Yan，护照也是这个", "英文是 <PERSON>，护照也是这个"),
        ("英文名叫 KWOK CHI KIN 有问题吗", "英文名叫 <PERSON> 有问题吗"),
        ("英文就是Jessica 平时都这么叫", "英文就是<PERSON> 平时都这么叫"),
    ],
)
def test_latin_name_after_the_english_cue(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "英文就 OK 了，中文的也要填吗",
        "英文是 PDF 的那份账单",
        "英文版 Statement 能发我邮箱吗",
    ],
)
def test_no_name_after_the_english_cue(text: str) -> None:
    assert redact_text(text).text == text


def test_the_name_stops_before_a_word_that_is_no_name() -> None:
    assert redact_text("英文名是 TSANG KA HO AND HIS SON").text == "英文名是 <PERSON> AND HIS SON"
