"""A number typed in groups over three or more messages of the same speaker.

Hand-written turns (blind14 b14-28 was the case: a card typed as 6225 / 8807 / 3296 /
9333, no cue anywhere). Pairwise join lines only ever held two groups; the middle
messages hold nothing but their group, so the whole chain goes on one join line
(``analysis._chains``) and the Luhn-valid card is found whole, in every message.
"""

from __future__ import annotations

from triage.redact import redact_turns
from triage.redact.analysis import build_analysis_text
from triage.redact.recognizers.base import JOIN_MARKER
from triage.schema import Turn
from triage.stage import NormText


def _norms(texts: list[str]) -> list[NormText]:
    from triage.normalize import normalize_text

    return [normalize_text(t) for t in texts]


def test_card_typed_over_four_messages_is_masked_in_each() -> None:
    turns = [Turn("customer", t) for t in ("6258", "0911", "8269", "0037 这张卡扣了我2,000年费")]
    redacted, entities = redact_turns(turns)
    for t in redacted:
        assert not any(g in t.text for g in ("6258", "0911", "8269", "0037"))
    assert "2,000" in redacted[3].text
    assert {e.type for e in entities} == {"BANK_CARD"}


def test_chain_stops_at_a_message_with_more_than_its_group() -> None:
    texts = ["6258", "0911 然后呢 8269", "0037"]
    at = build_analysis_text(["customer"] * 3, _norms(texts))
    lines = [ln for ln in at.text.split("\n") if ln.startswith(JOIN_MARKER)]
    assert all(len([c for c in ln if c.isdigit()]) <= 12 for ln in lines)


def test_separate_short_answers_stay() -> None:
    turns = [
        Turn("agent", "请问您要办哪项业务 按1查询 按2转账"),
        Turn("customer", "1"),
        Turn("customer", "2"),
        Turn("customer", "3000"),
    ]
    redacted, entities = redact_turns(turns)
    assert [t.text for t in redacted[1:]] == ["1", "2", "3000"]
    assert not entities


def test_a_short_pause_message_does_not_end_a_number_typed_in_bursts() -> None:
    # WeChat style: the mobile in three messages, 等下 and emoji in between
    turns = [
        Turn("agent", "亲您好，请提供新的手机号哦"),
        Turn("customer", "153"),
        Turn("customer", "等下"),
        Turn("customer", "6392🙏"),
        Turn("customer", "3321 就这个"),
    ]
    redacted, entities = redact_turns(turns)
    assert [t.text for t in redacted[1:]] == [
        "<PHONE_NUMBER>",
        "等下",
        "<PHONE_NUMBER>🙏",
        "<PHONE_NUMBER> 就这个",
    ]
    assert {e.type for e in entities} == {"PHONE_NUMBER"}


def test_a_long_message_between_numbers_ends_the_number() -> None:
    texts = ["6258 0911", "这张卡是我去年在网点办的 一直没怎么用过", "8269 0037"]
    at = build_analysis_text(["customer"] * 3, _norms(texts))
    assert not [ln for ln in at.text.split("\n") if ln.startswith(JOIN_MARKER)]


def test_amount_after_a_pause_message_stays() -> None:
    turns = [Turn("customer", "尾号 6621"), Turn("customer", "等下😅"), Turn("customer", "3000元")]
    redacted, _ = redact_turns(turns)
    assert redacted[2].text == "3000元"


def test_live_continuation_skips_a_pause_message_and_emoji() -> None:
    # the live hook's stored turns are redacted: the tag, then 等下, then the next group
    from triage.redact.recognizers.continued_number import ContinuedNumberRecognizer

    rec = ContinuedNumberRecognizer()
    who = ["customer"] * 3
    assert rec.continues(who, ["<PHONE_NUMBER>", "等下", "7787🙏"]) == 0
    assert rec.continues(who[:2], ["<PHONE_NUMBER>🙏", "3442 就这个"]) == 0
    assert (
        rec.continues(who, ["<PHONE_NUMBER>", "这张卡是我去年在网点办的 一直没怎么用", "7787"])
        is None
    )
    assert rec.continues(who, ["<PHONE_NUMBER>", "等下", "3000元"]) is None
