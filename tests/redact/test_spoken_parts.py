"""Parts of values said on the phone: extensions, spelled e-mails with said digits, CVV cues."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("座机010-62345678转8012", "座机<PHONE_NUMBER>转<PHONE_NUMBER>"),
        ("分机号是二零五", "分机号是<PHONE_NUMBER>"),
        ("内线 三三零八", "内线 <PHONE_NUMBER>"),
        ("邮箱 l i m i n g 八八 at 一二六 点 com", "邮箱 <EMAIL_ADDRESS>"),
        ("卡背面的三位数，我填了739", "卡背面的三位数，我填了<VERIFICATION_CODE>"),
    ],
)
def test_spoken_parts_redacted(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "我要转5000到我老婆卡上",  # 转 a sum, not an extension
        "打过去转人工",
        "转了三次还没人接",
        "分机号是多少",
        "我在八八 at 商场",  # no domain: no e-mail
        "卡背面有签名栏",
    ],
)
def test_spoken_parts_negatives_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_spoken_parts_extension_in_its_own_turn_after_the_ask() -> None:
    turns, _ = redact_turns(
        [
            Turn("customer", "办公室座机 零二幺 六幺二三 四五六七"),
            Turn("agent", "有分机号吗"),
            Turn("customer", "分机号是二零五"),
        ]
    )
    assert [t.text for t in turns] == [
        "办公室座机 <PHONE_NUMBER>",
        "有分机号吗",
        "分机号是<PHONE_NUMBER>",
    ]


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("二腰零二二四 幺九五六零四 二二七七八八", "<CN_ID_CARD>"),
        ("卡号是 六二三零 五八幺零 期零七八 五是三八 二零八", "卡号是 <BANK_CARD>"),
        ("五幺零六八二 幺九就二 零二幺九 二零二叉", "<CN_ID_CARD>"),
    ],
)
def test_numbers_with_an_asr_homophone_for_a_digit(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


@pytest.mark.parametrize("text", ["第六期扣款失败了 我马上存两千五", "分六期 每期要还一千二"])
def test_instalments_near_numbers_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_amount_after_a_card_and_ranhou_stays_readable() -> None:
    text = "卡号 六二二八 四八九二 七七八九 三九五九 零六九 然后 三千块钱 就这么没了"
    assert redact_text(text).text == "卡号 <BANK_CARD> 然后 三千块钱 就这么没了"
