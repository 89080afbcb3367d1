"""Groups of a number joined by a filler word or an emoji; service numbers after 拨打 or 转."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


@pytest.mark.parametrize("filler", ["就是", "那个"])
def test_filler_word_between_spoken_phone_groups(filler: str) -> None:
    texts = _redact(
        ("agent", "请说一下您的手机号"),
        ("customer", f"我的是 幺三九 {filler} 二八四六 五七零三"),
    )
    assert texts[1] == "我的是 <PHONE_NUMBER>"
    assert not any(c in texts[1] for c in "幺三九二八四六五七零")


def test_filler_words_between_card_groups() -> None:
    texts = _redact(
        ("agent", "对方卡号是多少"),
        ("customer", "是 六二二二 零二幺二 就是 三四五六 那个 七八九零幺二三"),
    )
    assert texts[1] == "是 <BANK_CARD>"


def test_emoji_between_typed_card_groups() -> None:
    out = redact_text("我的卡 6222 0212 🙏 3456 7890 123 被扣款了").text
    assert out == "我的卡 <BANK_CARD> 被扣款了"


@pytest.mark.parametrize(
    "text",
    [
        "转了 五千 就是 三千块",  # amounts stay words
        "我们 三 那个 五个人 一起去",
        "额度 2万 😊 挺好",
    ],
)
def test_filler_between_quantities_is_no_number(text: str) -> None:
    assert redact_text(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "忘记密码可以点击重置 或拨打95566",
        "密码锁了请致电 95533 人工处理",
        "密码的问题您打客服热线95588",
    ],
)
def test_service_number_after_a_call_verb_is_no_code(text: str) -> None:
    assert redact_text(text).text == text


def test_code_after_cue_still_masked_near_a_hotline() -> None:
    out = redact_text("请拨打95566 您的验证码是 四八二九一六").text
    assert out == "请拨打95566 您的验证码是 <VERIFICATION_CODE>"


def test_extension_after_a_service_number_stays() -> None:
    texts = _redact(
        ("agent", "您也可以打我们营业部 九五五幺一 转 六零二"),
    )
    assert texts[0] == "您也可以打我们营业部 九五五幺一 转 六零二"


def test_extension_after_a_landline_still_masked() -> None:
    out = redact_text("您打我办公室 零二幺 六三八五 二幺四七 转 八零三").text
    assert out == "您打我办公室 <PHONE_NUMBER> 转 <PHONE_NUMBER>"


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("新手机 l3952846O71 麻烦改一下", "PHONE_NUMBER"),  # l for 1, O for 0
        ("预留手机l5827Ol3O49", "PHONE_NUMBER"),  # seven digits and four look-alikes
        ("身份证 l1010519491231002X", "CN_ID_CARD"),
        ("卡号 62220212345678901o3 谢谢", "BANK_CARD"),
    ],
)
def test_typed_number_with_lookalike_letters(text: str, tag: str) -> None:
    out = redact_text(text).text
    assert f"<{tag}>" in out
    assert not any(c.isdigit() for c in out)


@pytest.mark.parametrize(
    "text",
    [
        "顺丰单号 SF1234567890 明天到",
        "笑死 lol 2024年第一单",
        "型号 Iolo1234567 不是号码",  # read as 10101234567: no number of any type
        "型号 IoIoIoI12345 查不到",  # fewer than six digits: a word
    ],
)
def test_words_with_lookalike_letters_stay(text: str) -> None:
    assert redact_text(text).text == text


def _continued(*lines: str) -> list[tuple[str, str]]:
    from triage.redact.recognizers.base import NlpView
    from triage.redact.recognizers.continued_number import ContinuedNumberRecognizer

    text = "\n".join(lines)
    rec = ContinuedNumberRecognizer()
    return [(text[f.start : f.end], f.entity) for f in rec.find(text, NlpView())]


def test_ask_for_another_number_ends_a_masked_code() -> None:
    from triage.redact.recognizers.base import SPEAKER_MARKERS

    c, a = SPEAKER_MARKERS["customer"], SPEAKER_MARKERS["agent"]
    # the code is masked, then the agent asks for the phone's last four: no rest of the code
    assert (
        _continued(c + "是 <VERIFICATION_CODE>", a + "请问您预留的手机号后四位", c + "4417") == []
    )
    # the same number asked on: still its rest
    assert _continued(c + "卡号<BANK_CARD>", a + "卡号后面呢", c + "2345 6789 18") == [
        ("2345 6789 18", "BANK_CARD")
    ]
    assert _continued(c + "<PHONE_NUMBER>", a + "嗯", c + "8899") == [("8899", "PHONE_NUMBER")]
