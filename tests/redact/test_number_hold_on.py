"""A number's first part said before a request to wait that ends the turn (六二一七 零零 等一下
这个看不清), its rest in the same speaker's next turn after the agent's back-channel: the join
line glues the two, so a card or ID number found whole is masked in both turns."""

from __future__ import annotations

from triage.redact import redact_turns
from triage.schema import Turn


def _redact(texts: list[tuple[str, str]]) -> list[str]:
    turns, _ = redact_turns([Turn(s, t) for s, t in texts])
    return [t.text for t in turns]


def test_a_card_paused_with_a_request_to_wait_is_masked_in_both_turns() -> None:
    out = _redact(
        [
            ("agent", "请把卡号念一下"),
            ("customer", "嗯 我找找 六二一七 零零 稍等 我拿一下老花镜"),
            ("agent", "好的 您慢慢来"),
            ("customer", "一八 四四 五二 零九 三六 好了"),
        ]
    )
    assert "六二一七" not in out[1] and "<BANK_CARD>" in out[1], out[1]
    assert "五二 零九" not in out[3], out[3]


def test_an_id_number_paused_with_a_request_to_wait_is_masked_in_both_turns() -> None:
    out = _redact(
        [
            ("customer", "我身份证 在这 四四零三零四 等一下 孩子在哭"),
            ("agent", "嗯 没事"),
            ("customer", "一九八八零六一二七三一九"),
        ]
    )
    assert "四四零三零四" not in out[0], out[0]
    assert "一九八八" not in out[2], out[2]


def test_a_tail_before_a_request_to_wait_and_an_amount_next_stays() -> None:
    texts = [
        ("customer", "尾号 3316 的那张 等一下 我看看"),
        ("agent", "嗯"),
        ("customer", "500块 是昨天扣的"),
    ]
    out = _redact(texts)
    assert "3316" in out[0] and "500块" in out[2], out
