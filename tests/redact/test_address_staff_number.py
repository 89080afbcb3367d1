"""The agent's staff number in a greeting (…中心 二零八 号 为您服务) is no house number."""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    "greeting",
    [
        "您好 招商 银行 客服 中心 二零八 号 为 您 服务",
        "您好，光大银行信用卡中心 316号很高兴为您服务",
        "你好 这里 是 车险 理赔 中心 幺九 号 竭诚 为 您 服务",
        "您好，客户服务中心7305为您服务",
    ],
)
def test_staff_number_after_a_centre_stays(greeting: str) -> None:
    out, ents = redact_turns([Turn("agent", greeting), Turn("customer", "你好 我想问一下")])
    assert not [e for e in ents if e.type == "ADDRESS"]
    assert out[0].text == greeting


@pytest.mark.parametrize(
    "text",
    [
        "我的地址是 光明 中心 二零八 号",
        "寄到华贸中心3栋1201室 谢谢",
        "我住 金星 花园 十二 号",
    ],
)
def test_addresses_with_a_centre_still_go(text: str) -> None:
    assert any(e.type == "ADDRESS" for e in redact_text(text).entities)
