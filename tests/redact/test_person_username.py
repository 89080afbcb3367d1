"""用户名 (a login name) is no account-holder cue 户名: what follows it is a username, masked
only when something else reads a name in it; 户名 itself still is a cue."""

from __future__ import annotations

import pytest

from triage.redact import redact_text

#: Surname-first words that only the account-holder cue reads as names.
_HANDLES = ("林间风", "石头城")


@pytest.mark.parametrize("value", _HANDLES)
@pytest.mark.parametrize("cue", ["手机银行的用户名是 ", "用户名 "])
def test_what_follows_a_username_cue_stays(cue: str, value: str) -> None:
    text = f"{cue}{value} 密码忘了"
    assert redact_text(text).text == text


@pytest.mark.parametrize("value", _HANDLES)
@pytest.mark.parametrize("cue", ["户名是 ", "收款户名 "])
def test_the_account_holder_cue_still_masks(cue: str, value: str) -> None:
    assert value not in redact_text(f"{cue}{value} 对吧").text
