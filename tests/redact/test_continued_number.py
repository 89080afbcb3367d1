"""The rest of a number read out over several turns, after its first part was found."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.redact.recognizers.base import SPEAKER_MARKERS, NlpView
from triage.redact.recognizers.continued_number import ContinuedNumberRecognizer
from triage.schema import Turn

C, A = SPEAKER_MARKERS["customer"], SPEAKER_MARKERS["agent"]


def _found(*lines: str) -> list[tuple[str, str]]:
    text = "\n".join(lines)
    rec = ContinuedNumberRecognizer()
    return [(text[f.start : f.end], f.entity) for f in rec.find(text, NlpView())]


def test_continued_number_after_stored_tag_found() -> None:
    assert _found(C + "卡号<BANK_CARD>", A + "嗯 您继续", C + "2345 6789 18") == [
        ("2345 6789 18", "BANK_CARD")
    ]
    assert _found(C + "<PHONE_NUMBER_1>。", C + "嗯，8899") == [("8899", "PHONE_NUMBER")]


@pytest.mark.parametrize(
    "lines",
    [
        (C + "卡号<BANK_CARD>", C + "5000元能转吗"),  # an amount, not digits of the card
        (C + "卡号<BANK_CARD>", A + "1234"),  # another speaker
        (C + "卡号<BANK_CARD>，丢了", C + "1234"),  # the tag does not end the turn
        (C + "<PERSON>", C + "1234 5678"),  # no number tag
        (C + "卡号<BANK_CARD>", C + "12"),  # too short
    ],
)
def test_continued_number_negatives(lines: tuple[str, ...]) -> None:
    assert _found(*lines) == []


def _redact(*pairs: tuple[str, str]) -> list[str]:
    return [t.text for t in redact_turns([Turn(s, t) for s, t in pairs])[0]]


def test_continued_number_batch_id_over_three_turns_with_interruptions() -> None:
    texts = _redact(
        ("agent", "请问您的证件号码"),
        ("customer", "三二零五零二"),
        ("agent", "嗯"),
        ("customer", "幺九八五零九三零"),
        ("agent", "嗯"),
        ("customer", "四四六三"),
    )
    assert texts[1:] == ["<CN_ID_CARD>", "嗯", "<CN_ID_CARD>", "嗯", "<CN_ID_CARD>"]


def test_continued_number_batch_stops_after_a_whole_number() -> None:
    # a whole number ends the turn: the next digits of the same speaker are not its rest
    texts = _redact(
        ("customer", "手机13812345678"), ("agent", "好的"), ("customer", "幺幺九是什么电话")
    )
    assert texts == ["手机<PHONE_NUMBER>", "好的", "幺幺九是什么电话"]
    texts = _redact(("customer", "手机13812345678"), ("customer", "幺幺九 是吧"))
    assert texts == ["手机<PHONE_NUMBER>", "幺幺九 是吧"]
    # a part of one does go on
    texts = _redact(("customer", "手机幺三八 幺二三四"), ("customer", "嗯 五六七八"))
    assert texts == ["手机<PHONE_NUMBER>", "嗯 <PHONE_NUMBER>"]
