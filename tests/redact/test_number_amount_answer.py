"""Digits answering an ask for an amount are the amount, no number's first part."""

from __future__ import annotations

from triage.redact import redact_turns
from triage.schema import Turn


def _run(turns: list[tuple[str, str]]) -> list[str]:
    out, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in out]


def test_amount_after_a_name_is_not_joined_to_the_card_that_follows() -> None:
    out = _run(
        [
            ("agent", "请告诉我汇款人姓名和汇款金额"),
            ("customer", "刘子涵 13800"),
            ("agent", "请提供收款人账号"),
            ("customer", "稍等我找一下"),
            ("customer", "621483"),
            ("customer", "0912"),
            ("customer", "44718"),
            ("customer", "206"),
        ]
    )
    assert out[1].endswith(" 13800")
    assert all("<" in t for t in out[4:])


def test_amount_answered_alone_then_a_phone_in_pieces() -> None:
    out = _run(
        [
            ("agent", "这笔转了多少钱"),
            ("customer", "15600"),
            ("agent", "好的 留一个联系电话"),
            ("customer", "137"),
            ("customer", "2048 6613"),
        ]
    )
    assert out[1] == "15600"
    assert "2048" not in out[4] and "6613" not in out[4]


def test_a_number_named_with_the_amount_still_joins() -> None:
    # the ask names a phone number too: the trailing digits may be its first part
    out = _run(
        [
            ("agent", "请提供转账金额和您的手机号"),
            ("customer", "两千 手机 139"),
            ("customer", "0571 2268"),
        ]
    )
    assert "139" not in out[1]
    assert "0571" not in out[2] and "2268" not in out[2]


def test_a_number_named_in_the_answer_still_joins() -> None:
    out = _run(
        [
            ("agent", "金额是多少"),
            ("customer", "3000 我卡号 6214 8301"),
            ("customer", "5567 2290"),
        ]
    )
    assert "6214" not in out[1] and "8301" not in out[1]
    assert "5567" not in out[2] and "2290" not in out[2]
