"""A caller giving the surname alone after 我是 at the end of a clause (我是蒋, 我是上官啊) is
masked without the full name found (the live hook holds earlier turns only redacted); surnames
that are everyday words too (我是白, 我是高) and other words after 我是 stay."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("认识 以前一个单位的 我是蒋", "认识 以前一个单位的 我是<PERSON>"),
        ("你好 我是上官啊 上次打过电话", "你好 我是<PERSON>啊 上次打过电话"),
    ],
)
def test_a_surname_alone_after_wo_shi_is_masked(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text", ["我是谁啊", "我是新来的", "我是高 三的学生家长", "我是白 跑一趟吗"]
)
def test_other_words_after_wo_shi_stay(text: str) -> None:
    assert redact_text(text).text == text


def test_a_surname_alone_after_wo_shi_is_masked_live(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    chat = [
        ("agent", "请问是蒋德华先生的家属吗 蒋德华 留了您的电话"),
        ("customer", "哦 老蒋啊 我们是邻居 我是鲁"),
    ]
    answers = [hook.add_message("self", s, t, float(i))["text"] for i, (s, t) in enumerate(chat)]
    hook.end_chat("self")
    assert answers[1].endswith("我是<PERSON>"), answers[1]
