"""A name whose surname is a capital numeral (伍, 陆) typed right after a number (资金账号
6217 0038 1245 陆家明) is a name, not the number's last digit: the number and the name are both
masked, neither given name left readable."""

from __future__ import annotations

from triage.redact import redact_text


def test_a_numeral_surname_after_a_number_starts_a_name() -> None:
    out = redact_text("资金账号 6217 0038 1245 陆家明").text
    assert "家明" not in out and "1245" not in out, out
