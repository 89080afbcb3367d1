"""The customer spelling an e-mail's local part letter by letter in the turn right after the
agent's turn with the address (a read-back being corrected) gives the address again; an
address typed with a comma or a full stop for its last dot, before a known top-level domain,
is one."""

from __future__ import annotations

import pytest

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(turns: list[tuple[str, str]]) -> list[str]:
    out, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in out]


@pytest.mark.parametrize(
    "read_back",
    ["我核对一下 zhaoleei77@163.com 对吗", "好的 z h a o l e e i 七七 at 一六三 点 com 是吗"],
)
def test_the_local_part_spelled_again_after_a_read_back_is_masked(read_back: str) -> None:
    out = _redact(
        [
            ("agent", "请问您的邮箱"),
            ("customer", "z h a o l e i 七七 at 一六三 点 com"),
            ("agent", read_back),
            ("customer", "不是 多了一个e 是 z h a o l e i 然后七七"),
        ]
    )
    assert "z h a o" not in out[3] and "<EMAIL_ADDRESS>" in out[3], out[3]


def test_letters_after_an_agent_turn_without_an_address_stay() -> None:
    text = "就是 A T M 那个机器"
    out = _redact([("agent", "您在哪里取的钱"), ("customer", text)])
    assert out[1] == text


@pytest.mark.parametrize(
    "text",
    ["邮箱是 li.na_88@sina,com", "zhou.wen@outlook，com 谢谢", "发我 mz2024@qq。cn"],
)
def test_an_address_typed_with_a_comma_for_its_last_dot_is_masked(text: str) -> None:
    out = _redact([("customer", text)])[0]
    assert "@" not in out and "<EMAIL_ADDRESS>" in out, out


@pytest.mark.parametrize("text", ["价格是 a@b,c 这种写法不对", "格式写成 abc@home,然后就报错了"])
def test_no_known_domain_after_the_comma_stays(text: str) -> None:
    assert _redact([("customer", text)])[0] == text
