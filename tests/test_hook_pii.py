"""The live hook keeps no PII across messages: split numbers and names referred back to.

Real default pipeline, in process. The chat's stored turns are already redacted, so
a later message cannot see the value itself: the rest of a number whose first part
was masked, and an agent asking which character of a name (哪个伟？) after the
customer said it, must still be masked, and the chat's state must hold neither.
"""

from __future__ import annotations

import pytest
from hook_replay import replay

from triage.hook import ChatHook


@pytest.fixture()
def hook(default_pipeline) -> ChatHook:  # type: ignore[no-untyped-def]
    return ChatHook(default_pipeline, observers=[])


def test_hook_pii_number_rest_after_masked_part(hook: ChatHook) -> None:
    answers, final = replay(
        hook,
        "split-card",
        [
            ("agent", "请问您的卡号是多少"),
            ("customer", "六二二八 四八零幺"),
            ("agent", "嗯 您继续"),
            ("customer", "二三四五 六七八九 幺八"),
        ],
    )
    assert answers[1] == answers[3] == "<BANK_CARD>"
    assert final[1] == final[3] == "<BANK_CARD>"


def test_hook_pii_code_answered_three_turns_after_the_ask(hook: ChatHook) -> None:
    answers, _ = replay(
        hook,
        "code",
        [
            ("agent", "请报一下收到的验证码"),
            ("customer", "稍等啊 我看一下"),
            ("agent", "好的"),
            ("customer", "六幺八 三二九"),
        ],
    )
    assert answers[3] == "<VERIFICATION_CODE>"


@pytest.mark.parametrize(
    "turns,masked",
    [
        ([("customer", "我叫李伟"), ("agent", "哪个伟？")], "哪个<PERSON>？"),
        ([("customer", "我姓石 叫石磊"), ("agent", "是三个石头的磊吗")], "<PERSON>"),
    ],
)
def test_hook_pii_name_referred_back_masked(hook: ChatHook, turns, masked: str) -> None:  # type: ignore[no-untyped-def]
    answers, final = replay(hook, "name", turns)
    assert answers[-1] == masked and final[-1] == masked


def test_hook_pii_name_marks_keep_no_characters(hook: ChatHook) -> None:
    hook.add_message("marks", "customer", "我叫李伟", 0.0)
    chat = hook._chats["marks"]
    assert chat.name_marks and all(isinstance(m, bytes) and len(m) == 8 for m in chat.name_marks)
    state = repr(chat.turns) + repr(chat.name_marks)
    assert "李" not in state and "伟" not in state
    # another hook (another key) gives other marks for the same characters
    other = ChatHook(hook.pipeline, observers=[])
    other.add_message("marks", "customer", "我叫李伟", 0.0)
    assert other._chats["marks"].name_marks.isdisjoint(chat.name_marks)


def test_hook_pii_name_characters_elsewhere_not_masked(hook: ChatHook) -> None:
    answers, _ = replay(
        hook,
        "name-neg",
        [
            ("customer", "我叫李明"),
            ("agent", "李先生您好，请问有什么可以帮您"),
            ("customer", "我明天想去网点办理业务，几点开门"),
        ],
    )
    assert answers[2] == "我明天想去网点办理业务，几点开门"


@pytest.mark.parametrize(
    ("ask", "answer", "masked"),
    [
        ("几楼", "三楼", "<ADDRESS>"),
        ("请问您在哪条路", "松花江路", "<ADDRESS>"),
        ("请问有分机吗", "有的 八八一", "有的 <PHONE_NUMBER>"),
        ("请问有什么可以帮您", "嗯，七楼", "嗯，七楼"),  # no question: kept
    ],
)
def test_hook_pii_short_answer_after_the_question(  # type: ignore[no-untyped-def]
    hook: ChatHook, ask, answer, masked
) -> None:
    chat = f"answer-{len(ask)}-{len(answer)}"
    answers, final = replay(hook, chat, [("agent", ask), ("customer", answer)])
    assert answers[1] == masked and final[1] == masked


def test_hook_pii_code_answered_after_the_customer_looked_for_it(hook: ChatHook) -> None:
    # the request is four turns back: the hook's context reaches it
    answers, final = replay(
        hook,
        "code-wait",
        [
            ("agent", "我给您发了验证码 您收到了报给我"),
            ("customer", "好 稍等啊 我看一下"),
            ("agent", "嗯 不着急"),
            ("customer", "呃 它这个 怎么弄"),
            ("customer", "找到了 四七二九幺六"),
        ],
    )
    assert answers[4] == final[4] == "找到了 <VERIFICATION_CODE>"


def test_hook_pii_email_local_part_read_back(hook: ChatHook) -> None:
    # the stored customer turn holds only <EMAIL_ADDRESS>: the read-back is masked on its form
    answers, final = replay(
        hook,
        "email-read-back",
        [
            ("agent", "请您说一下邮箱地址"),
            ("customer", "邮箱是 juan六二 艾特 example 点com"),
            ("agent", "j u a n 六二 对吧"),
        ],
    )
    assert answers[2] == final[2] == "<EMAIL_ADDRESS> 对吧"
