"""A word followed by the explanation of each of its characters in order (安静 安全的安 静止的静)
is a name spelled right after it was said, also an everyday word (安静, 向前, 高山) and also as
an ASR writes it, a word at a time (安全 的 安): the word and every explanation are masked, so
no character can be read back."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "被保险人 写 我 女儿 安静 安全 的 安 静止 的 静",
            "被保险人 写 我 女儿 <PERSON> <PERSON> <PERSON>",
        ),
        ("我叫向前，方向的向，前进的前", "我叫<PERSON>，<PERSON>，<PERSON>"),
        (
            "受益人 改成 我 儿子 向前 方向 的 向 前进 的 前",
            "受益人 改成 我 儿子 <PERSON> <PERSON> <PERSON>",
        ),
        ("收款人 是 高山 高低 的 高 山水 的 山 谢谢", "收款人 是 <PERSON> <PERSON> <PERSON> 谢谢"),
        ("收款人是高山 高低的高 山水的山", "收款人是<PERSON> <PERSON> <PERSON>"),
        ("我叫李明亮 木子李的李 明天的明 亮光的亮", "我叫<PERSON> <PERSON> <PERSON> <PERSON>"),
    ],
)
def test_word_spelled_after_it(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "上个月的钱和这个月的钱都没到",
        "那 就是 我的 卡 和 他的 卡",
        "今天的事明天的事都要办",
        "我的卡是你们的卡吗",
    ],
)
def test_no_spelling(text: str) -> None:
    assert redact_text(text).text == text
