"""After the agent says the identity check with a number passed (核实通过), the customer's next
short digits answer the next question (an amount, a choice): no rest of that number. Without
such a turn the rest still continues it."""

from __future__ import annotations

from triage.redact import redact_turns
from triage.schema import Turn


def test_digits_after_the_check_passed_stay() -> None:
    turns, _ = redact_turns(
        [
            Turn("agent", "请报一下身份证后六位"),
            Turn("customer", "512036"),
            Turn("agent", "核实通过，本月可以兑换的有200元和300元，您要哪个"),
            Turn("customer", "300"),
        ]
    )
    assert turns[1].text == "<CN_ID_CARD>"
    assert turns[3].text == "300"


def test_the_rest_after_a_nod_still_continues() -> None:
    turns, _ = redact_turns(
        [
            Turn("agent", "请报一下身份证号码"),
            Turn("customer", "512036"),
            Turn("agent", "嗯 您继续"),
            Turn("customer", "19870412 3318"),
        ]
    )
    assert "3318" not in turns[3].text
