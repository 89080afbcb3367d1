"""The rest of a number whose first part is already masked (the live hook's stored turns).

In a whole interaction a number read out over two turns of the same speaker is
seen whole through the analysis text's join lines
(:func:`~triage.redact.analysis.build_analysis_text`). The live hook
(:mod:`triage.hook`) redacts message by message with the chat's stored turns as
context, and those are already redacted: when the first part was enough to be
found (after the agent asked for the number, or after 卡号 in the same message),
the stored turn ends with its tag (``<BANK_CARD>``) and the join line has no
digits to glue the rest to, so the rest would leak. Here a turn whose text ends
with a number tag (type tag or pseudonym operator: ``<TYPE>``, ``<TYPE_1>``; emoji after
it) makes the leading digit string of the same speaker's next turn (a short message
without digits in between, 等下, skipped), within ``join_window``
turns, the rest of that number (same type), whatever its length from
``min_digits`` on, or the last one or two digits said alone after 最后一个是 or 后面是 (the
caller completing a number), or a group said again after a correction (不对 最后三位是
四七三), or one or two digits sent with what they are (80 少打两位). Amounts, dates and counts
(a unit right after the digits) are left alone. Raw transcripts never hold such tags, so
batch results do not change. (With the partial-mask operator a stored turn ends with digits
and asterisks; that case is not handled here.)
"""

from __future__ import annotations

import re
from typing import ClassVar

from triage.redact.recognizers.base import (
    ID_X,
    MARKER_SPEAKER,
    NOT_A_QUANTITY,
    SEP,
    Finding,
    NlpView,
)

#: Number types whose tag at the end of a turn may be continued in the next one.
NUMBER_TYPES: tuple[str, ...] = ("PHONE_NUMBER", "CN_ID_CARD", "BANK_CARD", "VERIFICATION_CODE")
#: What may stand around the parts of a number read out in pieces: punctuation and
#: fillers (a regex character-class body).
FILLERS = r"\s。，,.…!！?？~～嗯啊呃哦"
#: Words a caller says before the next piece of a number (后面是, 然后, 接着, 还有, 最后是,
#: 最后三位是, 剩下的是).
CONNECTIVE = "后面|后边|然后|接着|还有|再|最后(?:[一两二三四五六几]?[个位](?:数字?)?)?|剩下的?"
#: A caller taking back what was just said: 不对, 说错了, or how it was wrong (我念反了, 读倒了,
#: 看错了).
TAKEN_BACK = r"(?:不对|说错了|错了|搞错了|不是|我?[念说读报看记][反错倒]了)"
#: A correction right after a number: the caller takes a group back and says it again, in the
#: same turn (一三零 九幺零七 零八七五 哦不对不对 后面是 零七八五, 零八零三 二二八 不对 我念反了
#: 最后是 八二二) or opening the same speaker's next turn (… 四七八 / 哎 不对 最后三位是 四七三).
#: Group: the digits.
CORRECTION = re.compile(
    rf"[{FILLERS}哎诶唉]*(?:{TAKEN_BACK}[{FILLERS}]*)+"
    rf"(?:(?:后面|后边|最后|中间|前面|开头)(?:的|那|那个|一组|[两二三四五六几][个位](?:数字?)?)?)?"
    rf"[是为的{FILLERS}]*(?<![\dA-Za-z])(\d(?:{SEP}\d){{1,7}})(?![\dA-Za-z]){NOT_A_QUANTITY}"
)
#: Digits the normaliser leaves as words when said alone (四, 幺).
_SPOKEN_ONE = "零〇一二三四五六七八九幺两洞拐"
#: The last one or two digits of a number said alone after 最后一个是 / 最后一位是 / 最后两位
#: or 后面是 (the caller completing a number or a code read out short: 七幺 四九 — 还有两位 —
#: 后面是 洞拐), then the end of the turn or a pause.
LAST_PIECE = re.compile(
    rf"[{FILLERS}]*(?:(?:最后|剩下的?)(?:[一两二]?[个位](?:数字?)?)|后[面边头])[{FILLERS}是就]*"
    rf"((?:\d|[{_SPOKEN_ONE}])(?:\s?(?:\d|[{_SPOKEN_ONE}]))?|{ID_X}(?![A-Za-z]))"
    rf"(?=[\s，。,.!！?？~～]|$)"
)
#: One or two digits sent with what they are: the ones left out of the number before (80 少打
#: 两位, 7 漏了一位).
MISSED_PIECE = re.compile(
    rf"[{FILLERS}]*(\d{{1,2}})(?!\d)[{FILLERS}是]*(?:刚才|前面|上面)?"
    r"(?:少打|漏打|少输|漏输|少写|漏写|少发|漏发|忘打|少了|漏了)"
)
#: A turn that ends with a number's tag (trailing punctuation and fillers allowed).
#: Emoji and pictographs a chat message may end with after a number (7787🙏).
EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f"
TAG_TAIL = re.compile(rf"<({'|'.join(NUMBER_TYPES)})(?:_\d+)?>[{FILLERS}{EMOJI}]*$")
#: Longest message that may only ask to wait between two pieces of a number (等下, 稍等 信号不好).
PAUSE_MAX = 12
_DIGIT_OR_TAG = re.compile(r"[\d<]")
#: The other speaker asking for a number by name, and the type it names: an ask for a number
#: of another type (the code masked, then 请问您预留的手机号后四位) ends the masked number;
#: its answer is no rest of it.
_ASKED_TYPE = (
    (re.compile(r"卡号|账号|帐号"), "BANK_CARD"),
    (re.compile(r"手机|电话"), "PHONE_NUMBER"),
    (re.compile(r"身份证|证件号"), "CN_ID_CARD"),
    (re.compile(r"验证码|动态码|校验码"), "VERIFICATION_CODE"),
)


#: The other speaker saying the identity check passed (核实通过): the number given was whole.
#: Public: the live hook keeps these words of a context turn it cuts (:mod:`triage.hook`).
VERIFIED = re.compile("核实通过|验证通过|核对通过|核对无误|核实无误|身份已核实|已核实")


def ends_number(text: str, entity: str) -> bool:
    """The other speaker's turn names a number of another type than ``entity``, or says the
    check with the number passed (核实通过, …兑换哪档: the next digits are an answer to that)."""
    return VERIFIED.search(text) is not None or any(
        rx.search(text) and kind != entity for rx, kind in _ASKED_TYPE
    )


def is_pause(text: str) -> bool:
    """A short message without digits or tags between two pieces of a number (等下, 稍等哈😅):
    the number goes on after it."""
    return len(text.strip()) <= PAUSE_MAX and _DIGIT_OR_TAG.search(text) is None


class ContinuedNumberRecognizer:
    """Leading digits of a turn that continue a masked number of the same speaker.

    Args:
        join_window: Turns ahead searched for the same speaker's continuation.
        min_digits: Fewest digits of the continuation.
        score: Score of a finding.
    """

    NAME: ClassVar[str] = "ContinuedNumberRecognizer"

    def __init__(self, join_window: int = 3, min_digits: int = 3, score: float = 0.7) -> None:
        self.join_window = join_window
        self.score = score
        #: The leading digit string of a turn (fillers and connectives before it).
        self.head = re.compile(
            rf"(?:[{FILLERS}是]|{CONNECTIVE})*"
            rf"(\d(?:{SEP}\d){{{min_digits - 1},}}(?:{SEP}{ID_X}(?![A-Za-z]))?)"
            rf"(?![\dA-Za-z]){NOT_A_QUANTITY}"
        )

    @property
    def name(self) -> str:
        """Recognizer name."""
        return self.NAME

    @property
    def entities(self) -> tuple[str, ...]:
        """Entity types this recognizer can return."""
        return NUMBER_TYPES

    def piece(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The leading piece of a number in ``text`` from ``pos``: digits, a last digit, or a
        group said again after a correction (不对 最后三位是 473)."""
        return (
            self.head.match(text, pos)
            or LAST_PIECE.match(text, pos)
            or CORRECTION.match(text, pos)
            or MISSED_PIECE.match(text, pos)
        )

    def continues(self, speakers: list[str], texts: list[str]) -> int | None:
        """Index of the earlier turn whose masked number the last turn's head continues."""
        last = len(texts) - 1
        if last <= 0 or not self.piece(texts[last]):
            return None
        others: list[str] = []  # the other speakers' turns in between
        for j in range(last - 1, max(-1, last - 1 - self.join_window), -1):
            if speakers[j] == speakers[last]:
                if is_pause(texts[j]):
                    continue  # 等下: the number goes on after it
                tag = TAG_TAIL.search(texts[j])
                if tag is None or any(ends_number(t, tag.group(1)) for t in others):
                    return None
                return j
            others.append(texts[j])
        return None

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Heads of turns that continue a tagged number of the same speaker."""
        if "<" not in text:
            return []
        out: list[Finding] = []
        speakers: list[str] = []
        lines: list[str] = []
        pos = 0
        for line in text.split("\n"):
            speaker = MARKER_SPEAKER.get(line[:1])
            if speaker is None:
                break  # the join lines follow the turns' lines
            speakers.append(speaker)
            lines.append(line[1:])
            j = self.continues(speakers, lines)
            if j is not None:
                m = self.piece(line, 1)
                assert m is not None
                entity = TAG_TAIL.search(lines[j]).group(1)  # type: ignore[union-attr]
                out.append(Finding(pos + m.start(1), pos + m.end(1), entity, self.score, self.name))
            pos += len(line) + 1
        return out
