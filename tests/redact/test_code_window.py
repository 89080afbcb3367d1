"""Verification codes answered after a wait, and the CVV named by where it is printed."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


def test_code_answered_after_the_customer_looked_for_it() -> None:
    # the customer's turns without digits (稍等, 怎么弄) and the agent's waiting (嗯 不着急)
    # do not use up the answer window
    turns, _ = redact_turns(
        [
            Turn("agent", "我给您手机发了一条验证码 是六位数字 您收到了报给我"),
            Turn("customer", "好 稍等啊 我看一下"),
            Turn("agent", "嗯 不着急"),
            Turn("customer", "呃 它这个 我切出去看 哎 怎么弄"),
            Turn("customer", "找到了 五八三幺九二"),
        ]
    )
    assert turns[-1].text == "找到了 <VERIFICATION_CODE>"


@pytest.mark.parametrize(
    "turns",
    [
        # the agent moved on (not a waiting turn): the window is used up as before
        [
            ("agent", "请报一下验证码"),
            ("customer", "382917"),
            ("agent", "验证通过 请问还要办理什么业务"),
            ("customer", "我想问一下"),
            ("agent", "您说"),
            ("customer", "转账限额能调到50000吗"),
            ("agent", "可以的 您稍等"),
            ("customer", "我那笔订单是20261129"),
        ],
        # many turns without digits after the request: the wait has a bound
        [
            ("agent", "请报一下验证码"),
            ("customer", "好"),
            ("agent", "嗯"),
            ("customer", "等一下"),
            ("agent", "好的"),
            ("customer", "我找找"),
            ("agent", "嗯 不着急"),
            ("customer", "算了 收不到"),
            ("agent", "好的"),
            ("customer", "我想问一下"),
            ("customer", "上个月那笔20261129的单子"),
        ],
    ],
)
def test_code_window_after_a_wait_still_ends(turns: list[tuple[str, str]]) -> None:
    out, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert out[-1].text == turns[-1][1]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("要不要报卡背后那三位 五二拐", "五二拐"),
        ("卡背面的三个数字是 306", "306"),
        ("背后那个三位数 418 要告诉你吗", "418"),
        ("卡背面上的3位数：725", "725"),
    ],
)
def test_cvv_named_by_where_it_is_printed(text: str, code: str) -> None:
    res = redact_text(text)
    assert [(e.type, text[e.start : e.end]) for e in res.entities] == [("VERIFICATION_CODE", code)]


@pytest.mark.parametrize(
    "text",
    ["卡背面有三个数字", "背面三位数不用报", "卡背后写着客服电话95555", "后面三位是多少来着 算了"],
)
def test_back_of_card_without_digits_or_other_numbers_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_cvv_asked_by_where_it_is_printed_then_answered() -> None:
    turns, _ = redact_turns(
        [Turn("agent", "麻烦您报一下卡背面的三位数字"), Turn("customer", "嗯 五幺九")]
    )
    assert turns[1].text == "嗯 <VERIFICATION_CODE>"


def test_code_window_ends_when_the_agent_asks_for_another_number() -> None:
    # the customer named the code earlier; the agent then asks for the card number: the
    # groups read out are the card (typed so), not a code
    turns, entities = redact_turns(
        [
            Turn("customer", "有人打电话让我把验证码告诉他"),
            Turn("agent", "请问您的卡号是多少"),
            Turn("customer", "六二二二 零二三五"),
            Turn("customer", "二二六七 五四零五"),
        ]
    )
    assert [t.text for t in turns[2:]] == ["<BANK_CARD>", "<BANK_CARD>"]
    assert {e.type for e in entities} == {"BANK_CARD"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("令牌上显示 836 512 输了说过期", "836 512"),
        ("动态令牌是 四零七 二九一", "四零七 二九一"),
    ],
)
def test_hardware_token_code_after_its_name(text: str, code: str) -> None:
    res = redact_text(text)
    assert [(e.type, text[e.start : e.end]) for e in res.entities] == [("VERIFICATION_CODE", code)]


@pytest.mark.parametrize(
    "text", ["令牌码60秒刷新一次", "令牌序列号2260188 丢了怎么办", "令牌要收费20元吗"]
)
def test_hardware_token_durations_serials_and_fees_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_code_said_in_two_digit_pieces_between_the_agents_nods() -> None:
    # two spoken digits alone are no digit string for the normaliser; in the answer window
    # a turn that is only such a pair (after the cue word, before 就这六位) is a piece
    turns, entities = redact_turns(
        [
            Turn("agent", "麻烦您报一下短信验证码"),
            Turn("customer", "验证码 三八"),
            Turn("agent", "嗯"),
            Turn("customer", "幺九"),
            Turn("agent", "嗯 好"),
            Turn("customer", "四洞 就这六位"),
            Turn("agent", "好的 核验通过了"),
        ]
    )
    assert [t.text for t in turns[1::2]] == [
        "验证码 <VERIFICATION_CODE>",
        "<VERIFICATION_CODE>",
        "<VERIFICATION_CODE> 就这六位",
    ]
    assert [e.type for e in entities] == ["VERIFICATION_CODE"] * 3


@pytest.mark.parametrize(
    "turns",
    [
        # no code asked: two digits alone are words
        [("agent", "您要分几期"), ("customer", "十二"), ("agent", "好的"), ("customer", "六五")],
        # a pair with other words in the window is not a piece (五六分钟前, 两三条)
        [("agent", "请报一下验证码"), ("customer", "五六分钟前收到的")],
        [("agent", "请报一下验证码"), ("customer", "收到两三条 哪一条")],
        # the window is used up
        [
            ("agent", "请报一下验证码"),
            ("customer", "382917"),
            ("agent", "验证通过 请问还要办理什么业务"),
            ("customer", "我想问一下"),
            ("agent", "您说"),
            ("customer", "额度的事"),
            ("agent", "可以的 您稍等"),
            ("customer", "六五"),
        ],
    ],
)
def test_two_spoken_digits_outside_a_code_answer_kept(turns: list[tuple[str, str]]) -> None:
    redacted, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert redacted[-1].text == turns[-1][1]


@pytest.mark.parametrize(
    "text",
    [
        "忘记密码可以拨打95597重置",
        "密码锁了的话 拨95588",
        "动态码收不到请致电 95533",
        "验证码有问题就打客服电话：95555",
        "密码重置请拨热线号码 95566",
    ],
)
def test_number_to_call_after_a_code_cue_kept(text: str) -> None:
    # one hotline cue (_CALLED_BEFORE) for the cue patterns and the answer window
    assert redact_text(text).text == text


def test_number_to_call_in_the_code_answer_window_kept() -> None:
    redacted, _ = redact_turns(
        [Turn("agent", "请报一下验证码"), Turn("customer", "没收到啊 我打 95588 问问")]
    )
    assert redacted[-1].text == "没收到啊 我打 95588 问问"


def test_code_last_two_digits_said_again_after_a_failed_check() -> None:
    redacted, entities = redact_turns(
        [
            Turn("agent", "验证码已经发送 请您读一下"),
            Turn("customer", "四七 呃 九三 八五"),
            Turn("agent", "验证失败 请您再核对一下"),
            Turn("customer", "哦 最后两位 是 五八 我念反了"),
        ]
    )
    assert redacted[-1].text == "哦 最后两位 是 <VERIFICATION_CODE> 我念反了"
