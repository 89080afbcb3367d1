"""Names the NER reads only in part: a compound surname without its given name, a name after
他叫/她叫 read as an organisation, and a part of a dotted name said alone."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请问是 欧阳建平 先生吗", "请问是 <PERSON> 先生吗"),
        ("紧急联系人 是 司马国强 电话打不通", "紧急联系人 是 <PERSON> 电话打不通"),
    ],
)
def test_compound_surname_with_its_given_name(text: str, expected: str) -> None:
    assert _redact(("agent", text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("改成我老公 他叫 岳东方", "改成我老公 他叫 <PERSON>"),
        ("我女儿 她叫黄丽 今年上大学", "我女儿 她叫<PERSON> 今年上大学"),
    ],
)
def test_name_after_he_or_she_is_called(text: str, expected: str) -> None:
    assert _redact(("customer", text)) == [expected]


@pytest.mark.parametrize(
    "text",
    ["他叫车了 马上到", "她叫什么来着", "他叫我明天去网点"],
)
def test_no_name_after_he_is_called(text: str) -> None:
    assert _redact(("customer", text)) == [text]


def test_part_of_a_dotted_name_said_alone() -> None:
    text = "热依拉·吐尔逊 热依拉 中间一个点 吐尔逊"
    assert _redact(("customer", text)) == ["<PERSON> <PERSON> 中间一个点 <PERSON>"]


def test_name_said_again_before_de_still_masked() -> None:
    assert _redact(("customer", "我叫王小明 王小明的卡丢了")) == ["我叫<PERSON> <PERSON>的卡丢了"]


@pytest.mark.parametrize(
    "text",
    [
        "晚上在诸葛烤鱼吃饭 被扣了两次钱",  # a shop named after a person
        "我老婆那张 李宁 联名卡 也有积分没到",
        "那存折里 人民币伍万叁仟元整 能取吗",  # capital numerals: 伍 is a surname too
        "大写 陆仟柒佰元整",
    ],
)
def test_brands_shops_and_capital_amounts_stay(text: str) -> None:
    assert _redact(("customer", text)) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被保险人 叫 格桑卓玛 我是她儿子 旦增达瓦", "被保险人 叫 <PERSON> 我是她儿子 <PERSON>"),
        ("我是他儿子 王建强 他住院了", "我是他儿子 <PERSON> 他住院了"),
    ],
)
def test_name_after_whose_relative_the_caller_is(text: str, expected: str) -> None:
    assert _redact(("customer", text)) == [expected]


@pytest.mark.parametrize("text", ["我是她老公 周末能去办吗", "我是他女儿 帮他问问"])
def test_no_name_after_a_relative_without_one(text: str) -> None:
    assert _redact(("customer", text)) == [text]


def test_name_before_a_landline_with_a_dash_is_no_team() -> None:
    # 021-63851234 is no match score (3:1): the name before it stays a name
    red = _redact(("agent", "收件人和电话"), ("customer", "柏丽 021-63851234"))
    assert red[1] == "<PERSON> <PHONE_NUMBER>"


def test_surname_of_a_named_person_said_alone() -> None:
    red = _redact(
        ("agent", "这个号码是 周国平 留的紧急联系人电话 您认识 周国平 吗"),
        ("customer", "哦 老周啊 认识 我们以前一个厂的"),
        ("agent", "请问您是"),
        ("customer", "我是宋 宋志强"),
    )
    assert red[1] == "哦 老<PERSON>啊 认识 我们以前一个厂的"
    assert "宋" not in red[3]


def test_surname_alone_needs_a_name_found_first() -> None:
    assert _redact(("customer", "我叫周明 周末再来")) == ["我叫<PERSON> 周末再来"]


def test_names_listed_with_their_numbers_after_the_ask() -> None:
    red = _redact(
        ("agent", "请报一下没到账的员工姓名和卡号"),
        ("customer", "还有一个 柳小军 卡号 六二二八四八零四零二五六四八九零零一八"),
        ("agent", "查到了 柳小军 的卡 户名不符"),
    )
    assert red[1] == "还有一个 <PERSON> 卡号 <BANK_CARD>"
    assert red[2] == "查到了 <PERSON> 的卡 户名不符"


def test_bank_before_a_card_label_is_no_name() -> None:
    red = _redact(
        ("agent", "请问您的姓名和卡号"), ("customer", "我用 农行 卡号是 6228480402564890018")
    )
    assert red[1] == "我用 农行 卡号是 <BANK_CARD>"
