"""Numbers given after the agent asked for them are redacted whatever their checksum."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn

BAD_ID = "幺幺零幺零五幺九四九幺二三幺零零二幺"  # check digit wrong (misheard)
BAD_CARD = "六二二二 零二零二 零零零零 幺二三四"  # Luhn fails


def _redact(*pairs: tuple[str, str]) -> tuple[list[str], list[tuple[int, str]]]:
    turns, entities = redact_turns([Turn(s, t) for s, t in pairs])
    return [t.text for t in turns], [(e.turn, e.type) for e in entities]


@pytest.mark.parametrize(
    ("ask", "answer", "entity"),
    [
        ("请报一下您的身份证号码", BAD_ID, "CN_ID_CARD"),
        ("麻烦提供一下证件号", "好的，" + BAD_ID, "CN_ID_CARD"),
        ("请提供一下您的卡号", BAD_CARD, "BANK_CARD"),
        ("您的手机号是多少", "一四零一二三四五六七八", "PHONE_NUMBER"),
        ("您方便留个联系电话吗", "可以，一二三四五六七八九零一", "PHONE_NUMBER"),
    ],
)
def test_asked_number_answer_redacted_without_checksum(ask: str, answer: str, entity: str) -> None:
    texts, entities = _redact(("agent", ask), ("customer", answer))
    assert entities == [(1, entity)]
    assert not any(c.isdigit() or c in "零一二三四五六七八九幺" for c in texts[1])


def test_asked_number_read_out_over_two_turns() -> None:
    texts, entities = _redact(
        ("agent", "请提供一下您的卡号"),
        ("customer", "六二二二 零二零二"),
        ("customer", "嗯，零零零零 幺二三四"),
    )
    assert entities == [(1, "BANK_CARD"), (2, "BANK_CARD")]
    assert texts[1:] == ["<BANK_CARD>", "嗯，<BANK_CARD>"]


def test_asked_number_type_follows_the_length_when_several_asked() -> None:
    _, entities = _redact(
        ("agent", "请提供一下您的身份证号和手机号"),
        ("customer", BAD_ID),
        ("customer", "一四零一二三四五六七八"),
    )
    assert entities == [(1, "CN_ID_CARD"), (2, "PHONE_NUMBER")]


@pytest.mark.parametrize(
    "pairs",
    [
        # only the last digits were asked for (the usual identity check)
        (("agent", "请提供身份证后四位和预留手机号后四位"), ("customer", "2231 7780")),
        # nobody asked for a number
        (("agent", "请问还有什么可以帮您"), ("customer", "参考编号一二三四五六七八九零一")),
        # amounts, dates and counts in the answer
        (("agent", "请提供一下您的卡号"), ("customer", "我先问一下，那笔五千元和2023年的账单")),
        (("agent", "您的手机号是多少"), ("customer", "我等了30分钟了")),
        # the window closes after three customer turns
        (
            ("agent", "请提供一下您的卡号"),
            ("customer", "稍等"),
            ("customer", "我找找"),
            ("customer", "找不到"),
            ("customer", "参考编号一二三四五六七八九零一"),
        ),
        # the agent moved on to another question
        (
            ("agent", "请提供一下您的卡号"),
            ("customer", "我没带卡"),
            ("agent", "好的那我们换个方式验证"),
            ("agent", "请问您上次登录是什么时候"),
            ("agent", "还记得吗"),
            ("customer", "订单一二三四五六七八九零一"),
        ),
    ],
)
def test_asked_number_leaves_other_numbers(pairs: tuple[tuple[str, str], ...]) -> None:
    texts, entities = _redact(*pairs)
    assert entities == [] and texts == [t for _, t in pairs]


@pytest.mark.parametrize(
    ("ask", "answer", "masked"),
    [
        ("请报一下卡号后六位", "一二三四五六", "<BANK_CARD>"),
        ("好的 请问借款人身份证后六位", "零七八零零五", "<CN_ID_CARD>"),
        ("您卡号后五位是多少", "是 三四五六七", "是 <BANK_CARD>"),
    ],
)
def test_asked_number_more_than_four_last_digits_redacted(
    ask: str, answer: str, masked: str
) -> None:
    # more than the last four a bank prints: the answer is part of the number, still personal
    texts, _ = _redact(("agent", ask), ("customer", answer))
    assert texts[1] == masked


def test_asked_number_first_group_alone_in_its_turn_redacted() -> None:
    texts, entities = _redact(
        ("agent", "请问您的证件号码"), ("customer", "三二零五零二"), ("agent", "嗯")
    )
    assert texts[1] == "<CN_ID_CARD>" and entities == [(1, "CN_ID_CARD")]


@pytest.mark.parametrize(
    ("ask", "answer"),
    [
        ("请报一下身份证后四位", "二幺三九"),  # only the tail was asked for
        ("请问身份证后几位是多少", "二幺三九"),  # a tail, count unsaid
        ("修改预留手机号需要先核实身份，请提供身份证号码后四位", "是3187"),  # a tail too
        ("请问您的卡号", "我有3张卡"),  # not a turn that is only digits
        ("请问您的卡号", "五千块"),  # an amount
        ("请问您的卡号", "幺二三"),  # shorter than a group
    ],
)
def test_asked_number_short_answers_kept(ask: str, answer: str) -> None:
    texts, _ = _redact(("agent", ask), ("customer", answer))
    assert texts[1] == answer


def test_asked_number_code_cue_is_public() -> None:
    from triage.redact.recognizers.verification_code import VerificationCodeRecognizer

    rec = VerificationCodeRecognizer(["验证码"])
    assert rec.ask_cue.search("请报一下验证码") and not rec.ask_cue.search("请报一下卡号")


@pytest.mark.parametrize(
    ("ask", "answer", "masked"),
    [
        ("请问有分机吗", "三幺五", "<PHONE_NUMBER>"),
        ("您好 有分机吗", "有的 八八一", "有的 <PHONE_NUMBER>"),
        ("分机号是多少", "分机是2218", "分机是<PHONE_NUMBER>"),
    ],
)
def test_asked_number_extension_in_its_own_turn_redacted(
    ask: str, answer: str, masked: str
) -> None:
    texts, entities = _redact(("agent", ask), ("customer", answer))
    assert texts[1] == masked and entities == [(1, "PHONE_NUMBER")]


@pytest.mark.parametrize(
    ("ask", "answer"),
    [
        ("请问有分机吗", "没有"),  # no extension
        ("请问有分机吗", "没有 直接打就行 一般八点到"),  # digits in a sentence, not alone
        ("分机转人工后请稍等", "好的 等了五分钟"),  # a duration
        ("请问有分机吗", "两百块"),  # an amount
        ("请问您的手机号", "你们95588打来的"),  # not a turn that is only digits
        ("请问您的卡号", "一三八"),  # a mobile prefix only counts when a phone was asked
    ],
)
def test_asked_number_extension_and_prefix_negatives_kept(ask: str, answer: str) -> None:
    texts, _ = _redact(("agent", ask), ("customer", answer))
    assert texts[1] == answer


def test_asked_number_phone_prefix_alone_in_its_turn_redacted() -> None:
    texts, entities = _redact(
        ("agent", "请告诉我您的手机号"),
        ("customer", "158"),
        ("customer", "0021"),
        ("customer", "7733"),
    )
    assert texts[1:] == ["<PHONE_NUMBER>"] * 3
    assert [t for t, _ in entities] == [1, 2, 3]


def test_asked_number_landline_ask_and_corrected_groups_redacted() -> None:
    texts, _ = _redact(
        ("agent", "请问电话"),
        ("customer", "一八五 嗯 四四二一 哦不对 是 四四一二 然后 零六六零"),
    )
    assert not any(c in "零一二三四五六七八九幺" for c in texts[1])
    texts, _ = _redact(("agent", "您的座机是多少"), ("customer", "零二幺 五八三二 六六九零"))
    assert texts[1] == "<PHONE_NUMBER>"
    texts, _ = _redact(("agent", "留一个能联系到您的号码"), ("customer", "一三幺 两两零 八六九四"))
    assert texts[1] == "<PHONE_NUMBER>"
    texts, _ = _redact(("agent", "您的电话"), ("customer", "幺五零 那个 零一二三 四五六七"))
    assert not any(c in "零一二三四五六七八九幺" for c in texts[1])


def test_asked_number_corrected_middle_group_and_rest_redacted() -> None:
    texts, _ = _redact(
        ("agent", "您的手机号"),
        ("customer", "135"),
        ("agent", "嗯"),
        ("customer", "6789 等一下 不是 6798"),
        ("agent", "嗯 您继续"),
        ("customer", "1122"),
    )
    assert not any(c.isdigit() for t in texts[1::2] for c in t)


@pytest.mark.parametrize(
    "answer",
    [
        "等一下 不是 五百块",  # an amount
        "是 2023 不对 是 2024年",  # too few digits, and a year
        "就是 123 对",  # one group only, shorter than a number's part
    ],
)
def test_asked_number_corrections_without_a_number_kept(answer: str) -> None:
    texts, _ = _redact(("agent", "请问您的卡号"), ("customer", answer))
    assert texts[1] == answer


@pytest.mark.parametrize(
    ("turns", "masked"),
    [
        # the customer names the number in the same turn, then corrects a group
        ((("customer", "我的手机号 一三八 零零一三 不对 是 零零三一 八八二七"),), [0]),
        # a first part alone after the customer's own 卡号 (the live hook sends it at once)
        ((("customer", "对 卡号是 六二一七 零零零八"),), [0]),
        # short spoken groups the normaliser leaves as words (零二)
        ((("customer", "我要挂失 身份证号是 三二零一 零二 一九八七"),), [0]),
        # the customer's own 卡号 opens the answer window: a corrected rest next turn
        (
            (
                ("customer", "卡号是 六二一七 零零零八"),
                ("agent", "嗯"),
                ("customer", "三二一零 不对不对 是 三二幺五 四四八七 六零二"),
            ),
            [0, 2],
        ),
        # 号码 asks: a repeated first group; a part after 好像是; a rest with 对 after it
        (
            (("agent", "请您再确认一下号码"), ("customer", "幺三八 对 幺三八 洞洞幺三 八八八八")),
            [1],
        ),
        ((("agent", "您之前预留的号码是多少"), ("customer", "好像是 一七三")), [1]),
        (
            (
                ("agent", "请问收货人电话"),
                ("customer", "一三九"),
                ("agent", "嗯"),
                ("customer", "八八零一"),
                ("agent", "嗯"),
                ("customer", "四二四四 对 就是这个"),
            ),
            [1, 3, 5],
        ),
    ],
)
def test_asked_number_own_ask_and_number_asks_redacted(
    turns: tuple[tuple[str, str], ...], masked: list[int]
) -> None:
    texts, _ = _redact(*turns)
    for k in masked:
        assert not any(c.isdigit() or c in "零一二三四五六七八九幺洞" for c in texts[k]), texts[k]


def test_asked_number_agent_read_back_redacted() -> None:
    texts, entities = _redact(
        ("customer", "开通手机银行 卡号是 六二二六 幺幺八八"),
        ("agent", "嗯 请继续"),
        ("customer", "零二零二 三四四四"),
        ("agent", "好的 我跟您核对一下 六二二六 幺幺八八 零二零二 三四四四"),
    )
    assert texts[3] == "好的 我跟您核对一下 <BANK_CARD>"
    assert (3, "BANK_CARD") in entities
    # the live hook's context holds the answer masked: a read-back still goes
    texts, _ = _redact(
        ("customer", "卡号是 <BANK_CARD>"),
        ("agent", "嗯"),
        ("customer", "<BANK_CARD>"),
        ("agent", "我跟您核对一下 六二二六 幺幺八八 零二零二 三四四四"),
    )
    assert texts[3] == "我跟您核对一下 <BANK_CARD>"


@pytest.mark.parametrize(
    "turns",
    [
        # the agent's own numbers after an answer: not what the customer said
        (
            ("agent", "身份证号码您方便提供一下吗"),
            ("customer", "四四零三零六 幺九九二 零三零五 六七幺五"),
            ("agent", "好的 已经为您办理临时挂失 工单号是二零二六幺幺二八零零四五"),
        ),
        # stored masked (live hook), no read-back words: a case number stays
        (
            ("customer", "我的新手机号是<PHONE_NUMBER>"),
            ("agent", "好的，请问您的姓名是？"),
            ("customer", "<PERSON>"),
            ("agent", "已为您提交，工单号WO-2026-118842"),
        ),
        # the customer's own 卡号 with no digits after it, amounts and tails
        (("customer", "我卡号忘了 上次还了五千块"), ("agent", "好的"), ("customer", "2000元左右")),
        (("customer", "我手机号尾号是六六二一"),),
        (("customer", "身份证号码是多少我得找找 你们热线95588对吧"),),
    ],
)
def test_asked_number_own_ask_and_read_back_negatives_kept(
    turns: tuple[tuple[str, str], ...],
) -> None:
    texts, _ = _redact(*turns)
    assert texts[-1] == turns[-1][1]


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # an amount in the answer window is no account number
        (
            (("agent", "请提供收款账号"), ("customer", "3100 1234 5678 0500 123，金额¥85,000.00")),
            "<BANK_CARD>，金额¥85,000.00",
        ),
        ((("agent", "请提供收款账号"), ("customer", "金额是1,250,000")), "金额是1,250,000"),
        # a later amount of the same speaker does not go on with the card said before
        (
            (
                ("customer", "她的卡号6217 0012 3456 7890 122"),
                ("agent", "好的，请问转账金额多少？"),
                ("customer", "12000元"),
            ),
            "12000元",
        ),
    ],
)
def test_asked_number_amounts_stay(turns, expected: str) -> None:
    redacted, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert redacted[-1].text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "我手机 幺三八 零零",
            "我手机 <PHONE_NUMBER>",
        ),  # the first part of a number said in two turns
        ("我手机是 138 00", "我手机是 <PHONE_NUMBER>"),
        ("我手机丢了", "我手机丢了"),
        ("我手机银行登不上去", "我手机银行登不上去"),
        ("我手机尾号5566", "我手机尾号5566"),
    ],
)
def test_asked_number_customer_names_the_phone_before_its_first_part(
    text: str, expected: str
) -> None:
    redacted, _ = redact_turns([Turn("customer", text)])
    assert redacted[0].text == expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # the agent echoes the group just given to hear the rest
        (
            (("agent", "您的联系方式"), ("customer", "一五九"), ("agent", "嗯 一五九")),
            "嗯 <PHONE_NUMBER>",
        ),
        (
            (("agent", "联系电话多少"), ("customer", "幺五拐 二六"), ("agent", "二六 然后呢")),
            "<PHONE_NUMBER> 然后呢",
        ),
        # digits that are not the customer's last group stay
        ((("agent", "您的联系方式"), ("customer", "一五九"), ("agent", "嗯 二零")), "嗯 二零"),
        (
            (("agent", "您的联系方式"), ("customer", "一五九"), ("agent", "嗯 五点前给您回电")),
            "嗯 五点前给您回电",
        ),
    ],
)
def test_asked_number_agent_echo_of_the_last_group(turns, expected: str) -> None:
    redacted, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert redacted[-1].text == expected


CARD_SPOKEN = "六二二二 零二零二 零零零零 幺二三四"


@pytest.mark.parametrize(
    ("answer", "masked"),
    [
        # an amount said right after the number is not its last group
        (CARD_SPOKEN + " 然后 三千块钱是昨天扣的", "<BANK_CARD> 然后 三千块钱是昨天扣的"),
        (CARD_SPOKEN + " 三千块钱是昨天扣的", "<BANK_CARD> 三千块钱是昨天扣的"),
        ("6222 0202 0000 1234 3000块", "<BANK_CARD> 3000块"),
        # a date word after a pause starts the next words: the digits before it are the number
        (CARD_SPOKEN + " 五六七 月底到期", "<BANK_CARD> 月底到期"),
    ],
)
def test_asked_number_ends_before_an_amount(answer: str, masked: str) -> None:
    texts, entities = _redact(("agent", "请提供一下您的卡号"), ("customer", answer))
    assert texts[1] == masked and entities == [(1, "BANK_CARD")]


@pytest.mark.parametrize(
    ("ask", "first", "rest", "entity"),
    [
        ("新的号码是多少", "幺五八 呃 等我戴个眼镜", "二六六七 然后 零九三幺", "PHONE_NUMBER"),
        ("请报一下卡号", "六二二二 稍等 我找下卡", "零二零二 零零零零 幺二三四", "BANK_CARD"),
        ("身份证号码多少", "三二零五零二 等一下", "幺九八五零三幺二零零幺X", "CN_ID_CARD"),
    ],
)
def test_asked_number_first_group_before_a_request_to_wait(
    ask: str, first: str, rest: str, entity: str
) -> None:
    # the caller gives a first group, asks to wait, then reads the rest in a later turn
    texts, entities = _redact(
        ("agent", ask), ("customer", first), ("agent", "好 不着急"), ("customer", rest)
    )
    assert texts[1].startswith(f"<{entity}> ")
    assert first.split(" ")[0] not in texts[1]
    assert (1, entity) in entities


@pytest.mark.parametrize(
    "answer",
    ["十五号 等一下 我看看", "两个 等我问问", "等一下 我看看"],
)
def test_asked_number_short_words_before_a_wait_stay(answer: str) -> None:
    texts, entities = _redact(("agent", "新的号码是多少"), ("customer", answer))
    assert texts[1] == answer
    assert entities == []


def test_asked_number_one_or_two_spoken_digits_going_on() -> None:
    # the caller reads the number in small pieces, the agent only nods in between; two
    # spoken digits alone are words for the normaliser
    texts, entities = _redact(
        ("agent", "请问新的号码"),
        ("customer", "幺三六"),
        ("agent", "嗯"),
        ("customer", "二七"),
        ("agent", "嗯 嗯"),
        ("customer", "五八零"),
        ("agent", "嗯"),
        ("customer", "四幺九 这是我爱人的"),
    )
    assert texts[3] == "<PHONE_NUMBER>"
    assert entities.count((3, "PHONE_NUMBER")) == 1


@pytest.mark.parametrize(
    "pairs",
    [
        # the agent asked something else in between: 六五 is an answer to it
        (
            ("agent", "请问新的号码"),
            ("customer", "幺三六"),
            ("agent", "您今年多大了"),
            ("customer", "六五"),
        ),
        # only the last digits were asked for
        (
            ("agent", "请问您的手机号后四位"),
            ("customer", "幺九"),
            ("agent", "嗯"),
            ("customer", "二三"),
        ),
        # no digits given yet
        (("agent", "请问新的号码"), ("customer", "一"), ("agent", "嗯"), ("customer", "好")),
    ],
)
def test_asked_number_short_words_not_a_piece(pairs: tuple[tuple[str, str], ...]) -> None:
    texts, _ = _redact(*pairs)
    assert texts[-1] == pairs[-1][1]


def test_asked_number_named_by_the_customer_takes_no_later_numbers() -> None:
    # an app screen pasted: the account is shown masked; the time and the serial number
    # further on are not the account named
    screen = (
        "交易详情\n对方户名 赵*\n对方账号 6228 **** **** 5521\n交易金额 -1,200.00\n"
        "交易时间 2026-11-02 21:05:44\n交易流水号 20261102210544917305"
    )
    texts, entities = _redact(("customer", screen))
    assert texts == [screen]
    assert entities == []


def test_asked_number_window_ends_when_another_kind_of_number_is_asked() -> None:
    texts, entities = _redact(
        ("agent", "请您提供一下对公账户的账号"),
        ("customer", "账号是 六二一七 零零九九 二七七七 五六八二 九一六"),
        ("agent", "稍等 我这边还需要核实一下 公司的统一社会信用代码"),
        ("customer", "呃 统一社会信用代码 九幺三幺零幺零五 M A 四七二三六三X R"),
    )
    assert texts[3] == "呃 统一社会信用代码 九幺三幺零幺零五 M A 四七二三六三X R"
    assert entities == [(1, "BANK_CARD")]


def test_asked_number_digits_after_another_numbers_label_stay() -> None:
    texts, _ = _redact(
        ("agent", "您好，需要营业执照正本、法人身份证"),
        ("customer", "我们还是老的营业执照 注册号 330106123456789 能用吗"),
    )
    assert texts[1] == "我们还是老的营业执照 注册号 330106123456789 能用吗"
