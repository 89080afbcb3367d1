"""In the answer to an ask, a first part after other words, cut off by a request to wait that
ends the turn (我找下眼镜 呃 六二二八 四八 等一下 看不清), is masked in that turn: the live hook
answers it before the rest arrives. Digits after other words without such a request stay."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn

ASK = ("agent", "麻烦您把卡号念一下")


def test_first_part_before_a_wait_masked(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    turns = [
        ASK,
        ("customer", "好 我去拿下卡 嗯 六二一七 八五 稍等 我开个灯"),
        ("agent", "嗯 不着急"),
        ("customer", "零零 四三 二一 九八 七六 五四"),
    ]
    hook = ChatHook(default_pipeline, observers=[])
    answers = [hook.add_message("wait", s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    batch, _ = redact_turns([Turn(s, t) for s, t in turns])
    for text in (answers[1], batch[1].text):
        assert text == "好 我去拿下卡 嗯 <BANK_CARD> 稍等 我开个灯"


@pytest.mark.parametrize(
    "answer",
    [
        "我上个月还了 150000",  # no request to wait
        "我上个月还了 六千 等一下 我看看",  # an amount
        "卡是 二零二三年 办的 等一下",  # a date
    ],
)
def test_other_digits_after_words_stay(answer: str) -> None:
    turns, _ = redact_turns([Turn(*ASK), Turn("customer", answer)])
    assert turns[1].text == answer
