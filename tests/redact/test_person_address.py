"""PERSON and ADDRESS recognizers: names, cues, titles, organisations kept, address detail."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


def _values(text: str, etype: str) -> list[str]:
    return [text[e.start : e.end] for e in redact_text(text).entities if e.type == etype]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("我叫王伟，想查一下账单", ["王伟"]),
        ("欧阳娜娜和李建国一起来的", ["欧阳娜娜", "李建国"]),
        ("您好王先生，请问有什么可以帮您", ["王"]),
        ("李女士您好", ["李"]),
        ("我姓张，弓长张", ["张", "弓长张"]),
        ("我的名字叫司马光明", ["司马光明"]),
        ("持卡人是刘洋", ["刘洋"]),
        ("我叫王 伟", ["王 伟"]),
        ("我叫王 小 明", ["王 小 明"]),
        ("我叫王 小明", ["王 小明"]),
        ("免贵姓欧阳", ["欧阳"]),
    ],
)
def test_person_name_found(text: str, names: list[str]) -> None:
    found = _values(text, "PERSON")
    for n in names:
        assert any(n in f for f in found), (n, found)


@pytest.mark.parametrize(
    "text",
    [
        "这里是招商银行信用卡中心",
        "我买的是平安保险的产品",
        "谢谢女士，感谢先生的耐心",
        "他在张家港工作",
        "用支付宝还是微信付款",
        "请提供一下您的姓名和身份证号码后四位",
        "麻烦报一下姓名和卡号后四位",
        "核对一下姓名跟预留手机号",
    ],
)
def test_person_name_keeps_organisations_and_words(text: str) -> None:
    assert _values(text, "PERSON") == []


@pytest.mark.parametrize(
    ("text", "address", "kept"),
    [
        (
            "住在北京市朝阳区建国路88号华贸中心3栋2单元1201室",
            "建国路88号华贸中心3栋2单元1201室",
            "北京市朝阳区",
        ),
        (
            "我家在杭州西湖区文三路一百二十号浙大宿舍3幢2单元501",
            "文三路一百二十号浙大宿舍3幢2单元501",
            "西湖区",
        ),
        ("寄到我住的幸福小区5号楼3单元402室", "幸福小区5号楼3单元402室", "寄到"),
        ("地址是上海市浦东新区科苑路399号", "科苑路399号", "上海市浦东新区"),
    ],
)
def test_address_detail_redacted_division_kept(text: str, address: str, kept: str) -> None:
    res = redact_text(text)
    found = [text[e.start : e.end] for e in res.entities if e.type == "ADDRESS"]
    assert address in found or any(address in f for f in found), found
    assert kept in res.text


@pytest.mark.parametrize(
    "text", ["我在河北省石家庄市", "广东省深圳市南山区的网点", "共3栋楼", "建国路那边有网点吗"]
)
def test_address_province_city_alone_kept(text: str) -> None:
    assert _values(text, "ADDRESS") == []


@pytest.mark.parametrize(
    ("text", "name"), [("我叫阿杰 朋友都这么叫", "阿杰"), ("我叫张伟 朋友都叫我", "张伟")]
)
def test_person_name_after_a_cue_stops_at_a_space_before_the_next_word(
    text: str, name: str
) -> None:
    # the span is the name, not the name and the first character of the next word
    assert _values(text, "PERSON") == [name]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("买买提 艾力", "<PERSON> <PERSON>"),  # a Uyghur name: no surname of the list
        ("阿不都热合曼", "<PERSON>"),
        ("古丽娜扎", "<PERSON>"),
        ("稍等一下", "稍等一下"),
        ("信用卡还款", "信用卡还款"),
        ("查余额", "查余额"),
        ("为什么要告诉你", "为什么要告诉你"),
    ],
)
def test_person_name_answered_to_the_name_question(answer: str, expected: str) -> None:
    turns, _ = redact_turns([Turn("agent", "麻烦说下您的全名"), Turn("customer", answer)])
    assert turns[1].text == expected


@pytest.mark.parametrize(
    "text", ["花呗能多次分期吗", "我以前用另一个号码绑定了花呗 现在登不了", "现在花呗能使用吗"]
)
def test_person_name_product_names_are_no_names(text: str) -> None:
    # LAC reads 花呗 (or 花 alone) as a name; the configured product names stay
    assert _values(text, "PERSON") == []


def test_person_name_product_list_does_not_hide_a_name_around_it() -> None:
    assert _values("我叫华为民", "PERSON") == ["华为民"]


def test_person_name_form_separators_are_no_handles() -> None:
    # a ticket's @~field: separators; a real handle still goes
    text = "问卷名称:人工举报@~客户问题号码:******@~导航结束，请选择提交方式"
    assert _values(text, "PERSON") == []
    assert _values("转发@王小明 的微博", "PERSON") == ["王小明"]
