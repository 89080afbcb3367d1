"""Recognizer tables: (text, expected redacted values) incl. 汉字-adjacent, full-width, spoken."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.redact.checksums import id_check_char, luhn_check_digit, luhn_ok, valid_cn_id
from triage.schema import Turn

ID18 = "11010519491231002X"
CARD = "622202020000123" + luhn_check_digit("622202020000123")
GROUPED = f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}"
SPOKEN_ID = "幺幺洞幺洞五幺九四九幺二三幺洞洞二叉"


def _values(text: str) -> list[tuple[str, str]]:
    res = redact_text(text)
    return [(e.type, text[e.start : e.end]) for e in res.entities]


def test_checksums_known_values() -> None:
    assert valid_cn_id(ID18)
    assert not valid_cn_id("110105194912310021")
    assert id_check_char("11010519491231002") == "X"
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我的手机是13812345678谢谢", [("PHONE_NUMBER", "13812345678")]),
        ("手机号幺三八一二三四五六七八", [("PHONE_NUMBER", "幺三八一二三四五六七八")]),
        ("电话１３８１２３４５６７８", [("PHONE_NUMBER", "１３８１２３４５６７８")]),
        ("号码是138-1234-5678", [("PHONE_NUMBER", "138-1234-5678")]),
        ("号码是一三八 一二三四 五六七八", [("PHONE_NUMBER", "一三八 一二三四 五六七八")]),
        ("打+86 139 1234 5678", [("PHONE_NUMBER", "+86 139 1234 5678")]),
        ("座机010-87654321找我", [("PHONE_NUMBER", "010-87654321")]),
        ("座机洞幺洞八七六五四三二幺", [("PHONE_NUMBER", "洞幺洞八七六五四三二幺")]),
        (f"身份证{ID18}", [("CN_ID_CARD", ID18)]),
        (
            "身份证号幺幺洞幺洞五幺九四九幺二三幺洞洞二叉",
            [("CN_ID_CARD", "幺幺洞幺洞五幺九四九幺二三幺洞洞二叉")],
        ),
        (f"卡号是{CARD}", [("BANK_CARD", CARD)]),
        (
            f"就是{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}",
            [("BANK_CARD", f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}")],
        ),
        ("账号是1234567890123", [("BANK_CARD", "1234567890123")]),
        ("邮箱zhangsan@qq.com", [("EMAIL_ADDRESS", "zhangsan@qq.com")]),
        ("邮箱是zhang.san艾特163点com", [("EMAIL_ADDRESS", "zhang.san艾特163点com")]),
        ("我邮箱是小写的w a n g，然后at，qq点com", [("EMAIL_ADDRESS", "w a n g，然后at，qq点com")]),
        (
            "邮箱是 W A N G X M 艾特 gmail 点 com",
            [("EMAIL_ADDRESS", "W A N G X M 艾特 gmail 点 com")],
        ),
        ("验证码是385621", [("VERIFICATION_CODE", "385621")]),
        ("动态码三八五六二一", [("VERIFICATION_CODE", "三八五六二一")]),
        ("CVV是123", [("VERIFICATION_CODE", "123")]),
        ("卡背面安全码：六五四", [("VERIFICATION_CODE", "六五四")]),
        # hesitation sounds the ASR writes inside a number read out aloud
        ("号码一三八一二三四，嗯，五六七八", [("PHONE_NUMBER", "一三八一二三四，嗯，五六七八")]),
        ("一三八呃一二三四五六七八", [("PHONE_NUMBER", "一三八呃一二三四五六七八")]),
        ("手机幺三八 嗯 幺二三四 五六七八", [("PHONE_NUMBER", "幺三八 嗯 幺二三四 五六七八")]),
        (f"身份证{ID18[:6]}，呃，{ID18[6:]}", [("CN_ID_CARD", f"{ID18[:6]}，呃，{ID18[6:]}")]),
        (f"卡号{CARD[:8]}嗯{CARD[8:]}", [("BANK_CARD", f"{CARD[:8]}嗯{CARD[8:]}")]),
        ("电话是零二一杠六二三四五六七八", [("PHONE_NUMBER", "零二一杠六二三四五六七八")]),
        (
            "手机是一三八，对，一二三四，然后五六七八",
            [("PHONE_NUMBER", "一三八，对，一二三四，然后五六七八")],
        ),
        (
            "手机号码是一八六，两个零，一二三四五六",
            [("PHONE_NUMBER", "一八六，两个零，一二三四五六")],
        ),
        # a card number's groups that look like a landline (0202 0000 1234) stay part of the card
        (
            "卡号是六二二二，零二零二，零零零零，幺二三四",
            [("BANK_CARD", "六二二二，零二零二，零零零零，幺二三四")],
        ),
        # the code a few words after its cue, in the same sentence
        ("验证码我看一下啊，稍等一下，好像是三七九二四一", [("VERIFICATION_CODE", "三七九二四一")]),
        # the check character X read out as a word
        (
            "身份证号码是四四零三零五一九九零零一零一一二三艾克斯，对",
            [("CN_ID_CARD", "四四零三零五一九九零零一零一一二三艾克斯")],
        ),
        # a password said as repeats: 六个八 is 888888
        ("密码是六个八", [("VERIFICATION_CODE", "六个八")]),
        ("我密码设的三个六三个八", [("VERIFICATION_CODE", "三个六三个八")]),
        ("交易密码两个一，两个二，两个三", [("VERIFICATION_CODE", "两个一，两个二，两个三")]),
    ],
)
def test_recognizers_find_structured_values(text: str, expected: list[tuple[str, str]]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "统一零售价是一些",
        "两三个工作日，十五天内",
        "工号1023为您服务",
        "转了5000元，2026年11月20日",
        "请拨打95588或者400-820-5588",
        "验证码5分钟内有效，请勿泄露",
        "尾号1234的卡",
        "余额三千五百元",
        "13812345679012345678",  # 20 digits: no card/phone
        "订单12345678",
        "参考编号41022519380715695X",  # ID-shaped, wrong check digit; Luhn-valid on 17 digits
        # hesitation sounds between numbers that are not one number
        "转了三笔，嗯，一笔五千，一笔两千",
        "一共三百，呃，三百五十块",
        "我等了二十分钟，嗯，十五分钟吧",
        # repeats that are no code
        "密码输错了三次，被锁了两个小时",
        "我的密码有六个数字",
        "我要换两个一百的",
        "一对一服务，三三对五五分成",
        "我在 at 那个 app 上看到的，用 qq 点 com 注册的",
        # digits after a 号 label near a code cue are that label's, not a code
        "密码忘了，我想重置一下，卡是尾号8899那张",
        "密码重置了，工号1023的客服帮我弄的",
        "验证码收不到。我上个月还了3000",
    ],
)
def test_recognizers_leave_negatives(text: str) -> None:
    assert _values(text) == []


def test_recognizers_invalid_checksum_without_context_kept() -> None:
    bad = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert _values(f"参考编号{bad}") == []


@pytest.mark.parametrize(
    "text",
    [
        "身份证号110105194912310021",
        "证件号码是幺幺洞幺洞五幺九四九幺二三幺洞洞二幺",
        "身份证110105491231002",
    ],
)
def test_recognizers_id_after_context_redacted_even_with_bad_check_digit(text: str) -> None:
    # a misheard or mistyped ID is still personal: after 身份证/证件号 the digits go
    assert [t for t, _ in _values(text)] == ["CN_ID_CARD"]


@pytest.mark.parametrize("answer", ["六个八", "嗯，三个六三个八"])
def test_recognizers_repeated_digits_answered_after_agent_asked(answer: str) -> None:
    from triage.redact import redact_turns
    from triage.schema import Turn

    turns, entities = redact_turns(
        [Turn("agent", "请您报一下手机收到的验证码"), Turn("customer", answer)]
    )
    assert [e.type for e in entities] == ["VERIFICATION_CODE"]
    assert "个" not in turns[1].text


def test_recognizers_mobile_after_context_with_unallocated_prefix() -> None:
    # ASR may mishear one digit of the prefix; after 手机号 the 11 digits still go
    assert [t for t, _ in _values("手机号是一四零一二三四五六七八")] == ["PHONE_NUMBER"]


@pytest.mark.parametrize(
    "text",
    [
        "邮箱是 li 点 ming 下划线 sh at 126 点 com",
        "wang 下划线 fei 杠 88 at qq 点 com",
        "w x h 下划线 一九九零 at qq 点 com",
        "大写的 J 小写的 o h n 八八 艾特 一六三 点 com",
    ],
)
def test_email_spoken_local_part_with_said_dots_and_underscores(text: str) -> None:
    out = redact_text(text).text
    assert "<EMAIL_ADDRESS>" in out and not any(w in out for w in ("li", "ming", "wang", "fei"))
    assert "下划线" not in out and "J" not in out


@pytest.mark.parametrize(
    "text",
    [
        "我在 b 站 点 赞 at 了他",
        "利率是三点五 下划线 没有",
        "扣了 12 点 5 元",
        "请用大写的金额填写",
    ],
)
def test_email_spoken_joins_without_an_address_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_email_split_over_two_chat_turns_redacted() -> None:
    turns, _ = redact_turns(
        [
            Turn("agent", "您好，请问您要修改的邮箱是？"),
            Turn("customer", "chen_xm2020"),
            Turn("customer", "@outlook.com"),
        ]
    )
    assert [t.text for t in turns[1:]] == ["<EMAIL_ADDRESS>", "<EMAIL_ADDRESS>"]
    # without an e-mail question a bare word stays, the domain alone is still masked
    turns, _ = redact_turns([Turn("agent", "请问还有什么问题"), Turn("customer", "OK")])
    assert turns[1].text == "OK"
    turns, _ = redact_turns(
        [Turn("agent", "您的邮箱是？"), Turn("customer", "好的"), Turn("customer", "稍等")]
    )
    assert [t.text for t in turns[1:]] == ["好的", "稍等"]


def test_code_window_keeps_a_card_tail_and_hotline_not_an_account() -> None:
    turns, _ = redact_turns(
        [
            Turn("agent", "我们已向您手机发送验证码，请告诉我"),
            Turn("customer", "３８２９１７"),
            Turn("agent", "验证通过，请问需要办理什么业务"),
            Turn("customer", "查一下我尾号6621那张卡的积分"),
        ]
    )
    assert [t.text for t in turns[1:]] == [
        "<VERIFICATION_CODE>",
        "验证通过，请问需要办理什么业务",
        "查一下我尾号6621那张卡的积分",
    ]
    # a code of six digits after 尾号 in the answer is still masked
    turns, _ = redact_turns([Turn("agent", "请告诉我验证码"), Turn("customer", "尾号是 382917")])
    assert turns[1].text == "尾号是 <VERIFICATION_CODE>"
    assert redact_text("我的卡被冻结了，让我打400-820-8820").text.endswith("400-820-8820")
    assert redact_text("卡号 6222020200001234").text == "卡号 <BANK_CARD>"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("刚收到短信验证码", "是 482913 这个能说吗", "是 <VERIFICATION_CODE> 这个能说吗"),
        ("你们发的动态码我收到了", "七七三九零二", "<VERIFICATION_CODE>"),
        # the next turn without a code keeps its numbers
        ("验证码一直收不到", "我等了120秒了", "我等了120秒了"),
        ("验证码收不到", "我试了3次了", "我试了3次了"),
        ("验证码收不到", "我尾号6621那张卡", "我尾号6621那张卡"),
        # the code was in the cue turn itself: the next turn is not an answer
        ("验证码是382917", "我2025年换过手机号", "我2025年换过手机号"),
    ],
)
def test_code_in_the_customer_turn_after_the_customer_named_it(
    first: str, second: str, expected: str
) -> None:
    turns, _ = redact_turns([Turn("customer", first), Turn("customer", second)])
    assert turns[1].text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("座机 010 - 6552 8888", "座机 <PHONE_NUMBER>"),
        ("卡号 6222 - 0212 - 3456 - 7890 - 123", "卡号 <BANK_CARD>"),
        ("还款期限是 3 - 5 天", "还款期限是 3 - 5 天"),
    ],
)
def test_number_groups_joined_by_a_spaced_dash(text: str, expected: str) -> None:
    # a dash typed with a space on either side joins groups like a plain dash
    assert redact_text(text).text == expected


def test_code_after_the_customer_named_it_and_the_agent_asked_what_it_said() -> None:
    turns, _ = redact_turns(
        [
            Turn("customer", "我刚收到一个验证码 是不是你们发的"),
            Turn("agent", "是什么内容呢"),
            Turn("customer", "说是 五 八 二 九 一 六 让我别告诉别人"),
        ]
    )
    assert turns[2].text == "说是 <VERIFICATION_CODE> 让我别告诉别人"
    # two customer turns later the window is closed
    turns, _ = redact_turns(
        [
            Turn("customer", "验证码收不到"),
            Turn("customer", "算了"),
            Turn("customer", "再说吧"),
            Turn("customer", "我2025年开的卡 卡里有3笔"),
        ]
    )
    assert turns[3].text == "我2025年开的卡 卡里有3笔"
