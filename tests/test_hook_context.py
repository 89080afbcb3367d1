"""The hook redacts a message without the chat's earlier turns only when they cannot matter.

Real default pipeline, in process: two hooks on the same pipeline, one with the
redaction's context test (:mod:`triage.redact.context`, the default) and one that
always gives the earlier turns (``context_test=False``). Every message of the
bench and sample chats and of the generated split-number and code-answer cases
must get the same decision, and every chat the same final record. A third hook
that never gives the earlier turns shows that the cases do depend on them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from triage.hook import ChatHook
from triage.redact.context import ContextTest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _records() -> list[dict]:
    out = []
    for path in (REPO / "eval/bench/chats.jsonl", REPO / "data_samples/chats.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                rec["turns"] = [t for t in rec["turns"] if t.get("text")]
                out.append(rec)
    sys.path.insert(0, str(REPO))
    try:
        from eval.pii.generate import generate
    finally:
        sys.path.remove(str(REPO))
    for case in generate(n_per_form=6, n_negative=10):
        if len(case.turns) > 1:  # split numbers, codes and addresses answered after the ask
            out.append({"turns": [{"speaker": s, "text": t} for s, t in case.turns]})
    return out


def _replay(hook: ChatHook, records: list[dict]) -> list:
    out = []
    for i, rec in enumerate(records):
        chat = f"ctx-{i}"
        for turn in rec["turns"]:
            out.append(
                hook.add_message(chat, turn["speaker"], turn["text"], 1.0, rec.get("customer"))
            )
        out.append(hook.end_chat(chat))
    return out


class _Always:
    """The redact stage, with the context test forced to one answer."""

    def __init__(self, stage, answer: bool) -> None:  # type: ignore[no-untyped-def]
        self.stage, self.answer = stage, answer

    def context_needed(self, speakers, norms) -> bool:  # type: ignore[no-untyped-def]
        return self.answer


def test_hook_context_skipped_only_when_it_cannot_matter(default_pipeline):
    records = _records()
    assert sum(len(r["turns"]) for r in records) > 250
    tested = ChatHook(default_pipeline, observers=[])
    always = ChatHook(default_pipeline, observers=[], context_test=False)
    never = ChatHook(default_pipeline, observers=[])
    never._redact_stage = _Always(never._redact_stage, False)  # type: ignore[assignment]
    calls: list[bool] = []
    real = tested._redact_stage.context_needed  # type: ignore[attr-defined]

    def spy(speakers, norms):  # type: ignore[no-untyped-def]
        calls.append(real(speakers, norms))
        return calls[-1]

    tested._redact_stage.context_needed = spy  # type: ignore[attr-defined]
    try:
        got = _replay(tested, records)
    finally:
        del tested._redact_stage.context_needed  # type: ignore[attr-defined]
    assert got == _replay(always, records)
    # both ways, often (a coverage check of this replay, not a quality figure; 49 of the
    # answers are no since the hook gives 3 context turns, where the agent's ask can sit)
    assert calls.count(False) > 40 and calls.count(True) > 20
    assert got != _replay(never, records)  # the generated cases need the earlier turns


def _norms(texts):  # type: ignore[no-untyped-def]
    from triage.normalize import normalize_text

    return [normalize_text(t, 3) for t in texts]


@pytest.mark.parametrize(
    "turns,needed",
    [
        ((("customer", "卡号是6222 0212"), ("agent", "嗯"), ("customer", "3456 7890")), True),
        ((("customer", "卡号是6222 0212"), ("agent", "嗯"), ("agent", "3456 7890")), False),
        ((("agent", "请您报一下收到的短信验证码"), ("customer", "384756")), True),
        ((("agent", "请问您住哪个小区，几栋几单元？"), ("customer", "三栋二单元502")), True),
        ((("customer", "我住在阳光花园"), ("agent", "嗯好的"), ("customer", "三栋502")), True),
        ((("customer", "我住在阳光花园"), ("agent", "还有别的吗"), ("customer", "三栋502")), False),
        ((("agent", "请您报一下收到的短信验证码"), ("agent", "384756")), False),
        ((("customer", "刚收到短信验证码"), ("customer", "是 482913")), True),
        ((("agent", "您好，请问有什么可以帮您"), ("customer", "我那笔五千块的转账还没到")), False),
        ((("customer", "我想问下账单"),), False),
        # the stored turn holds the tag of the number's first part; the rest follows
        ((("customer", "卡号<BANK_CARD>"), ("agent", "嗯"), ("customer", "3456 7890")), True),
        ((("customer", "<BANK_CARD>"), ("agent", "嗯"), ("customer", "谢谢")), False),
        ((("customer", "<PERSON>"), ("agent", "嗯"), ("customer", "3456 7890")), False),
    ],
)
def test_hook_context_test_rules(turns, needed):
    from triage.redact.settings import load_redact_settings

    test = ContextTest(load_redact_settings())
    speakers = [s for s, _ in turns]
    assert test.needed(speakers, _norms([t for _, t in turns])) is needed


def test_hook_masks_the_first_part_of_a_split_number_in_the_chat_state(default_pipeline):
    # the first part follows the customer's own 卡号 (asked_number): masked at once; the
    # stored chat (the final record) holds both parts masked
    hook = ChatHook(default_pipeline, observers=[])
    first = hook.add_message("split", "customer", "我卡号六二二二 零二零二")
    assert first["text"] == "我卡号<BANK_CARD>"
    second = hook.add_message("split", "customer", "零零零零 幺二三四")
    assert second["text"] == "<BANK_CARD>"
    hook.add_message("split", "agent", "好的，我帮您查一下")
    record = hook.end_chat("split")
    assert [t["text"] for t in record["turns"]] == [
        "我卡号<BANK_CARD>",
        "<BANK_CARD>",
        "好的，我帮您查一下",
    ]
    assert [(p["turn"], p["start"], p["end"], p["type"]) for p in record["pii"]] == [
        (0, 3, 12, "BANK_CARD"),
        (1, 0, 9, "BANK_CARD"),
    ]


@pytest.mark.parametrize("local", ["lily.chen", "lilychen", "chen_xm"])
def test_hook_masks_an_email_local_part_answered_alone_at_once(default_pipeline, local):
    # no digit and no address word in the answer: the context still goes with it
    hook = ChatHook(default_pipeline, observers=[])
    hook.add_message("mail", "agent", "请问您注册的邮箱是")
    answer = hook.add_message("mail", "customer", local)
    assert answer["text"] == "<EMAIL_ADDRESS>"


def test_hook_masks_a_room_number_the_agent_reads_back(default_pipeline):
    # the customer's turn is stored masked; the agent's read-back still gets the context
    hook = ChatHook(default_pipeline, observers=[])
    hook.add_message("room", "agent", "您的地址")
    assert hook.add_message("room", "customer", "阳光花园5栋1003")["text"] == "<ADDRESS>"
    assert hook.add_message("room", "agent", "1003是吗")["text"] == "<ADDRESS>是吗"


def test_hook_masks_a_name_answered_alone_at_once(default_pipeline):
    # no digit and no address word: the name question still goes with it as context
    hook = ChatHook(default_pipeline, observers=[])
    hook.add_message("name", "agent", "麻烦说下您的全名")
    assert hook.add_message("name", "customer", "买买提 艾力")["text"] == "<PERSON> <PERSON>"


def test_hook_masks_the_agent_echo_of_a_group_just_given(default_pipeline):
    hook = ChatHook(default_pipeline, observers=[])
    hook.add_message("echo", "agent", "联系电话多少")
    assert hook.add_message("echo", "customer", "幺五拐 二六")["text"] == "<PHONE_NUMBER>"
    assert hook.add_message("echo", "agent", "二六 然后呢")["text"] == "<PHONE_NUMBER> 然后呢"
