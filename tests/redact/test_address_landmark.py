"""A home located by a landmark (a side of a place, then where along a row it is), a hospital
bed, and which home on a floor: addresses; a public place described alone stays."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("我家 就在 卫生院 西边 第二家", ["卫生院", "第二家"]),
        ("住 粮站 后面 第三排 二楼", ["粮站", "第三排", "二楼"]),
        ("我 摆摊 在 农贸 市场 南门 三排 十二号 摊位", ["市场", "三排", "摊位"]),
        ("我爸 在 人民医院 住院部 九楼 二十三床", ["九楼", "二十三"]),
        ("寄到 幸福路 十八号 四楼 右边那户", ["十八", "右边那户"]),
        ("发到 解放路 20号 3栋 门面", ["解放路", "门面"]),
    ],
)
def test_located_homes_go(text: str, gone: list[str]) -> None:
    out = redact_text(text).text
    assert "<ADDRESS>" in out
    for word in gone:
        assert word not in out


def test_floor_after_a_side_goes_when_the_address_was_asked() -> None:
    out, _ = redact_turns(
        [Turn("agent", "请问您的详细地址是哪里"), Turn("customer", "就 建设路 那个 邮局 对面 五楼")]
    )
    assert "邮局" not in out[1].text and "五楼" not in out[1].text


def test_hospital_name_alone_stays() -> None:
    out = redact_text("我爸 在 人民医院 住院部 九楼 二十三床").text
    assert "人民医院" in out


@pytest.mark.parametrize(
    "text",
    [
        "工商银行对面那个商场三楼有个餐厅",
        "您可以去 地铁站 旁边 第二个 路口 左转 就是 我们 网点",
        "您到医院门诊楼三楼挂号",
        "我买了两床被子",
        "大家 在 银行 对面 排队",
        "我们 网点 在 万达 广场 北门 对面",
    ],
)
def test_public_places_stay(text: str) -> None:
    assert redact_text(text).text == text


@pytest.mark.parametrize("ask", ["您的对账单寄到哪个地址", "好的 快递 给您 寄到哪里"])
def test_where_to_send_asks_for_the_address(ask: str) -> None:
    out, _ = redact_turns([Turn("agent", ask), Turn("customer", "就 邮局 对面 小卖部 楼上 二楼")])
    assert "邮局" not in out[1].text and "二楼" not in out[1].text


def test_where_to_send_answered_with_a_public_place_name_alone_stays() -> None:
    out, _ = redact_turns(
        [Turn("agent", "卡片寄到哪里"), Turn("customer", "寄到网点吧 我自己去拿")]
    )
    assert out[1].text == "寄到网点吧 我自己去拿"
