"""A name in pinyin after any cue of a Latin name (英文名是, 英文名叫, 叫我) is masked whole, also
when its surname is an English function word (HE, as in He Lan): the cue and a pinyin given name
after it decide. Two English words after the cue stay."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("英文名是 HE LAN 护照上的", "英文名是 <PERSON> 护照上的"),
        ("我英文名叫he jun", "我英文名叫<PERSON>"),
        ("你叫我 He Qiang 就可以", "你叫我 <PERSON> 就可以"),
    ],
)
def test_a_pinyin_name_after_a_latin_name_cue_is_masked(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize("text", ["英文名是 he is 没有", "叫我 the end"])
def test_english_words_after_the_cue_stay(text: str) -> None:
    assert redact_text(text).text == text
