"""A spoken e-mail address whose top-level domain is written in 汉字 (点康姆 for .com), with the
underscore said (下划线), typed in a chat or spelled out in a call, is masked whole."""

from __future__ import annotations

import pytest

from triage.redact import redact_text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("邮箱是 zhaoli下划线88艾特qq点康姆 谢谢", "邮箱是 <EMAIL_ADDRESS> 谢谢"),
        ("发到 m e i 下划线 l q 艾特 幺二六 点 康姆 吧", "发到 <EMAIL_ADDRESS> 吧"),
    ],
)
def test_a_spoken_address_ending_in_kangmu_is_masked(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


def test_a_website_said_the_same_way_is_no_address() -> None:
    # no at sign: a site, not an e-mail address
    assert "EMAIL_ADDRESS" not in redact_text("官网是 www 点 pingan 点 康姆 可以查").text
