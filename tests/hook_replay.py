"""Replay a chat through the live hook: every per-message answer and the final record's turns."""

from __future__ import annotations

from triage.hook import ChatHook


def replay(hook: ChatHook, chat: str, turns: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Send ``turns`` (speaker, text) as one chat; the answers' texts and the final turns' texts."""
    answers = [hook.add_message(chat, s, t, float(i))["text"] for i, (s, t) in enumerate(turns)]
    final = hook.end_chat(chat)
    assert final is not None
    return answers, [t["text"] for t in final["turns"]]
