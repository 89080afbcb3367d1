"""The analysis text of one interaction and the map back to turns.

Presidio runs once per interaction (not once per turn) over a single text:
one line per turn, each starting with a speaker marker, followed by *join
lines* that glue the trailing digits of a turn to the leading digits of the
same speaker's next turn, so a number read out over two turns is seen whole (a short
message without digits in between, 等下, does not end it).
Every character of the analysis text knows the turn and the normalised
position it came from (markers, newlines and glue map to nothing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from triage.redact.recognizers.asked_number import HOLD_ON
from triage.redact.recognizers.base import ID_X, JOIN_MARKER, NOT_A_QUANTITY, SEP, SPEAKER_MARKERS
from triage.redact.recognizers.continued_number import EMOJI, is_pause
from triage.stage import NormText

#: The trailing digits of a turn (fillers, punctuation or emoji after them: 7787🙏), or the
#: last ones before a request to wait that ends it (6258 09 等一下 这个字太小了, 幺三九 稍等
#: 我找下卡: the rest comes in a later turn, as the asked-number recognizer reads a first group).
_TAIL = re.compile(
    rf"(\d(?:{SEP}\d)*)[\s。，,.…!！?？~～嗯啊呃哦{EMOJI}]*(?:{HOLD_ON}[^\d\n<]{{0,12}})?$"
)
#: The leading digits of a turn that may go on with the same speaker's earlier number; an
#: amount, a date or a count (12000元, 15号) goes on with nothing.
_HEAD = re.compile(
    rf"^[\s。，,…嗯啊呃哦然后是后面接着还有再]*(\d(?:{SEP}\d)*(?:{SEP}{ID_X}(?![A-Za-z]))?)"
    rf"(?!{SEP}?\d){NOT_A_QUANTITY}"
)
#: Characters of the earlier turn kept before its trailing digits in a join line (cue words).
_JOIN_CONTEXT = 12
#: The other speaker asking for an amount (请提供付款人姓名和转账金额, 转了多少钱): the trailing
#: digits of the answer are that amount, no number's first part (刘某 13800 / 账号 / 621483 …),
#: unless the ask or the answer names a number too (金额和卡号, … 卡号 6222).
_AMOUNT_ASK = re.compile(r"金额|多少钱|几块钱|[转付扣交还汇存取]了?多少")
_NUMBER_NAMED = re.compile(r"卡号|账号|帐号|账户|手机|电话|号码|身份证|证件|验证码|尾号")


@dataclass(slots=True)
class AnalysisText:
    """Text given to the analyzer plus, per character, its turn and normalised offset."""

    text: str
    turn_of: list[int]
    pos_of: list[int]

    def spans(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Map ``[start, end)`` of the analysis text to ``(turn, norm_start, norm_end)`` runs."""
        out: list[tuple[int, int, int]] = []
        for k in range(start, end):
            t, p = self.turn_of[k], self.pos_of[k]
            if t < 0:
                continue
            if out and out[-1][0] == t and out[-1][2] == p:
                out[-1] = (t, out[-1][1], p + 1)
            else:
                out.append((t, p, p + 1))
        return out


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.turn_of: list[int] = []
        self.pos_of: list[int] = []

    def glue(self, s: str) -> None:
        self.parts.append(s)
        self.turn_of.extend([-1] * len(s))
        self.pos_of.extend([-1] * len(s))

    def copy(self, turn: int, text: str, start: int, end: int) -> None:
        # line breaks inside a turn would break the one-line-per-turn protocol
        self.parts.append(text[start:end].replace("\n", " ").replace("\r", " "))
        self.turn_of.extend([turn] * (end - start))
        self.pos_of.extend(range(start, end))

    def build(self) -> AnalysisText:
        return AnalysisText("".join(self.parts), self.turn_of, self.pos_of)


def build_analysis_text(
    speakers: Sequence[str], norms: Sequence[NormText], join_window: int = 3
) -> AnalysisText:
    """Build the analysis text of one interaction.

    Args:
        speakers: Speaker of each turn.
        norms: Normalised text of each turn.
        join_window: How many turns ahead to look for the same speaker's
            continuation of a number (0 disables join lines).

    Returns:
        The analysis text with its per-character map.
    """
    b = _Builder()
    for i, (spk, nt) in enumerate(zip(speakers, norms, strict=True)):
        if i:
            b.glue("\n")
        b.glue(SPEAKER_MARKERS.get(spk, SPEAKER_MARKERS["system"]))
        b.copy(i, nt.text, 0, len(nt.text))
    if join_window > 0:
        nxt: dict[int, tuple[int, re.Match[str]]] = {}  # turn -> (next piece's turn, its head)
        for i, nt in enumerate(norms):
            tail = _TAIL.search(nt.text)
            if not tail or _amount_answer(speakers, norms, i, tail.start(1)):
                continue
            for j in range(i + 1, min(len(norms), i + 1 + join_window)):
                if speakers[j] != speakers[i]:
                    continue
                head = _HEAD.match(norms[j].text)
                if head:
                    nxt[i] = (j, head)
                    ctx_start = max(0, tail.start(1) - _JOIN_CONTEXT)
                    b.glue("\n" + JOIN_MARKER)
                    b.copy(i, nt.text, ctx_start, tail.end(1))
                    b.glue(" ")
                    b.copy(j, norms[j].text, head.start(1), head.end(1))
                elif is_pause(norms[j].text):
                    continue  # 等下: the number goes on in the next message
                break
        _chains(b, norms, nxt)
    return b.build()


def _amount_answer(speakers: Sequence[str], norms: Sequence[NormText], i: int, at: int) -> bool:
    """Whether the digits at ``at`` of turn ``i`` answer the other speaker's ask for an amount
    (and neither the ask nor the words before them name a number)."""
    k = i - 1
    while k >= 0 and speakers[k] == speakers[i]:
        k -= 1
    if k < 0 or not _AMOUNT_ASK.search(norms[k].text) or _NUMBER_NAMED.search(norms[k].text):
        return False
    return not _NUMBER_NAMED.search(norms[i].text, max(0, at - _JOIN_CONTEXT), at)


def _whole(text: str, head: re.Match[str]) -> bool:
    """The turn is nothing but the digit group its head matched (and fillers)."""
    tail = _TAIL.search(text)
    return tail is not None and tail.start(1) == head.start(1)


def _chains(
    b: _Builder, norms: Sequence[NormText], nxt: dict[int, tuple[int, re.Match[str]]]
) -> None:
    """One join line per number read out over three or more turns of the same speaker.

    A chat number typed in groups, one message each (6225 / 8807 / 3296 / 9333), gives
    pairwise join lines of two groups only; when the middle turns hold nothing but
    their group, the whole chain goes on one more join line so it is seen whole.
    """
    inner = {j for j, head in nxt.values() if _whole(norms[j].text, head)}
    for i in sorted(nxt):
        if i in inner:
            continue  # a middle piece: its chain starts earlier
        pieces = [(i, None)]
        k = i
        while k in nxt:
            j, head = nxt[k]
            pieces.append((j, head))
            if j not in nxt or not _whole(norms[j].text, head):
                break
            k = j
        if len(pieces) < 3:
            continue
        tail = _TAIL.search(norms[i].text)
        assert tail is not None
        b.glue("\n" + JOIN_MARKER)
        b.copy(i, norms[i].text, max(0, tail.start(1) - _JOIN_CONTEXT), tail.end(1))
        for j, head in pieces[1:]:
            assert head is not None
            b.glue(" ")
            b.copy(j, norms[j].text, head.start(1), head.end(1))
