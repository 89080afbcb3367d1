"""Turning redacted turns into the texts the classifiers read.

Classification only sees redacted text. Placeholders (``<BANK_CARD>``) and
partial masks (``6222**********1234``, ``138****5678``) are folded into one
private-use character per PII type, so that n-grams see one symbol instead of
the letters of a tag. Word-segmented ASR turns are read joined. The customer's
turns and the agent's turns are kept apart: models weigh the customer most, the
agent's restatement helps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from triage.spacing import compact

# One private-use code point per PII type (stable: models are trained on them).
_PII_CHARS = {
    "PERSON": "\ue001",
    "PHONE_NUMBER": "\ue002",
    "CN_ID_CARD": "\ue003",
    "BANK_CARD": "\ue004",
    "EMAIL_ADDRESS": "\ue005",
    "ADDRESS": "\ue006",
    "VERIFICATION_CODE": "\ue007",
}
_TAG = re.compile(r"<([A-Z_]+)>")
_MASK_LONG = re.compile(r"\d{0,6}\*{4,}\d{0,4}")
_MASK_PHONE = re.compile(r"1\d{2}\*{4}\d{4}")
_SPACES = re.compile(r"\s+")
#: A complaint the customer denies before the real need (我不是要投诉啊，就想问问…, 也不算投诉吧,
#: 谈不上投诉): the words of a complaint that is not made are dropped, so the models read the
#: need that follows (negation scope, as in training and inference alike).
_DENIED_COMPLAINT = re.compile(
    r"(?:我|也|并|倒)?(?:不是|不算|算不上|谈不上|没想|没打算|不想)(?:要|想|说|是|在|来){0,2}"
    r"(?:投诉|告你们|举报)(?:你们|您)?(?:啊|哈|哦|吧|呀|的)?"
)


def _tag_char(m: re.Match[str]) -> str:
    return _PII_CHARS.get(m.group(1), "\ue000")


@lru_cache(maxsize=4096)
def normalize(text: str, keep_denials: bool = False) -> str:
    """Fold width and case, and turn PII placeholders and masks into single symbols.

    A word-segmented ASR turn (``我 想 问 下 余额``) is read joined, as running text
    (:func:`triage.spacing.compact`), in training and at inference alike. A denied
    complaint (我不是要投诉) is dropped unless ``keep_denials`` (a severity signal that
    reads the denial itself).

    Kept for the last 4,096 texts: the intent models and the severity signals read
    the same turns of a batch one stage after the other, and only the first
    normalises them.
    """
    joined = compact(text)
    if joined is not None:
        text = joined[0]
    text = unicodedata.normalize("NFKC", text).lower()
    if not keep_denials and ("投诉" in text or "告你们" in text or "举报" in text):
        text = _DENIED_COMPLAINT.sub("", text)
    text = _TAG.sub(_tag_char, text.upper()).lower() if "<" in text else text
    text = _MASK_PHONE.sub(_PII_CHARS["PHONE_NUMBER"], text)
    text = _MASK_LONG.sub(_PII_CHARS["BANK_CARD"], text)
    return _SPACES.sub(" ", text).strip()


def _speaker_text(turn: Any) -> tuple[str, str]:
    if isinstance(turn, dict):
        return str(turn.get("speaker", "")), str(turn.get("text", ""))
    return str(turn.speaker), str(turn.text)


def split_roles(turns: Iterable[Any]) -> tuple[str, str]:
    """Customer text and agent text of an interaction (system turns count as agent).

    Args:
        turns: :class:`triage.schema.Turn` objects or dicts with speaker/text.

    Returns:
        ``(customer, agent)``, each the normalised turns joined with ``。``.
    """
    cust: list[str] = []
    agent: list[str] = []
    for turn in turns:
        speaker, text = _speaker_text(turn)
        text = normalize(text)
        if not text:
            continue
        (cust if speaker == "customer" else agent).append(text)
    return "。".join(cust), "。".join(agent)


def as_rows(interactions: Sequence[Sequence[Any]]) -> list[list[str]]:
    """Model input rows ``[customer, agent]`` for a batch of turn lists."""
    return [list(split_roles(turns)) for turns in interactions]
