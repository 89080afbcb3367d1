"""Pieces of an ID number across an explanation of its birth date (零五零六 是五月六号的生日
然后 四六五四), also after a group corrected in the same turn; one or two digits sent in the
live hook with what they are (80 少打两位) complete the number stored as its tag. A card's
pieces are not joined across a birth date, and a date alone stays."""

from __future__ import annotations

from triage.hook import ChatHook
from triage.redact import redact_turns
from triage.schema import Turn


def _turns(*pairs: tuple[str, str]) -> list[str]:
    out, _ = redact_turns([Turn(s, t) for s, t in pairs])
    return [t.text for t in out]


def test_id_pieces_across_a_birth_date_after_a_correction() -> None:
    out = _turns(
        ("agent", "请提供身份证号码"),
        ("customer", "三 七 零 二 八 三"),
        ("agent", "嗯 您说"),
        ("customer", "幺九八八 一二零三 不是 不是 一二零四 是 十二月四号的生日 然后 七七一二"),
    )
    assert out[3].endswith("然后 <CN_ID_CARD>"), out[3]
    assert "七七一二" not in out[3]


def test_a_birth_date_does_not_join_a_card() -> None:
    out = _turns(
        ("customer", "卡号 六二二二 零二零二 零零幺幺 二二三三 四四五"),
        ("customer", "不对 后面是 四四六 是 十二月 四号 的 生日 然后 八八块钱"),
    )
    assert "八八块钱" in out[1]


def test_digits_sent_with_what_they_are_complete_the_number_live(default_pipeline) -> None:  # type: ignore[no-untyped-def]
    hook = ChatHook(default_pipeline, observers=[])
    chat = [
        ("agent", "请提供持卡人姓名和身份证号"),
        ("customer", "刘洋 3301061990121537"),
        ("customer", "26 少打两位"),
    ]
    answers = [hook.add_message("missed", s, t, float(i))["text"] for i, (s, t) in enumerate(chat)]
    final = hook.end_chat("missed")
    assert final is not None
    assert "26" not in answers[2]
    assert "26" not in final["turns"][2]["text"]
