"""E-mail addresses, written (``a@b.com``) or spoken (``a艾特qq点com``).

Spoken addresses may be spelled out letter by letter, with pauses or 然后 around
the at: ``w a n g，然后at，qq点com``.

In a chat the address may come in two messages (``chen_xm2020`` then
``@outlook.com``): a local part ending one turn and ``@domain`` starting the next
are one address, a turn starting with ``@domain`` is masked on its own, and a turn
that is only a local-part-like token (with a digit, ``._-`` or six letters or more)
right after a turn with an e-mail cue (邮箱是？) is the local part, which the live
hook sends out before the domain arrives. The agent reading the local part back in
the turn after the customer's address (j u a n 六二 对吧, juan62 是吗) is masked too, and so is
the customer spelling it again right after the address (… dot com 就是 z h a n g w e i),
and the customer spelling it letter by letter in the turn right after an agent's turn with an
address (a correction of a read-back: 不对 不是两个p 是 z h a o l e i). A chat address typed
with a comma or a full stop for its last dot (li.na@sina,com) is one when it ends in a known
top-level domain.
"""

from __future__ import annotations

import re
from typing import ClassVar

from triage.redact.recognizers.base import (
    SPEAKER_MARKERS,
    Finding,
    NlpView,
    PatternSpec,
    RegexRecognizer,
)

_TLDS = "com|cn|net|org|edu|gov|info|biz|io|me|hk|tw|mo|co|top|vip|xyz|cc"
#: The top-level domain as the ASR or a caller writes it in 汉字 (点康姆: dot com).
_SPOKEN_TLDS = "康姆"
#: A written e-mail address (also used by other recognizers to stay out of one).
EMAIL_RX = (
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"\.[A-Za-z]{2,}"
)


#: A part of a spoken address: letters and digits, maybe spelled out one by one (w a n g);
#: digits may be said (l i m i n g 八八: runs shorter than the normaliser converts).
_SPELLED = r"[A-Za-z0-9](?: ?[A-Za-z0-9._\-零〇一二三四五六七八九幺两洞拐]){0,63}"
#: A dot, underscore or hyphen said between the words of a spoken local part
#: (li 点 ming 下划线 sh at 126 点 com).
_LOCAL_JOIN = r"\s?(?:点|dot|下划线|下滑线|底线|横杠|中划线|杠)\s?"
#: The case said before letters (大写的 J 小写的 o h n).
_CASE = r"(?:大写|小写)的?\s?"
#: A written domain after the at sign.
_DOMAIN = r"@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
#: A line start of the analysis text (a speaker marker: base.SPEAKER_MARKERS).
_LINE = "[\ue000-\ue002]"
#: Between the parts of a spoken address: a pause, a comma, 然后.
_PAUSE = r"[\s,，]{0,2}(?:然后[\s,，]{0,2})?"
#: Digits, written or said, after a local part read back (j u a n 六二).
_SAID_DIGITS = r"(?:\s?[0-9零〇一二三四五六七八九幺两洞拐]){1,12}"
#: A local part read back letter by letter (j u a n 六二), or a word of letters with digits
#: (juan62, wang_fei88); public: the live hook gives such a message its context.
READ_BACK_LOCAL = re.compile(
    rf"(?<![A-Za-z0-9])(?:[A-Za-z](?: [A-Za-z]){{2,}}(?:{_SAID_DIGITS})?"
    rf"|(?=[A-Za-z0-9._\-]*[0-9])[A-Za-z][A-Za-z0-9._\-]{{2,63}}(?:{_SAID_DIGITS})?)"
    r"(?![A-Za-z0-9])"
)
#: A typed address whose last dot is a comma or a full stop (li.na@sina,com, a@b。cn): only
#: before a known top-level domain.
_COMMA_TLD = (
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    rf"[,，。](?:{_TLDS})(?![A-Za-z])"
)
#: The agent asking the customer to confirm what was read back (对吧, 是吗, 核对一下).
_CONFIRM = re.compile(r"对吧|对吗|是吗|是吧|对不对|没错|核对|确认|复述")
#: What introduces the local part spelled again right after an address (就是 z h a n g).
_RESTATED = re.compile(r"[\s，,。]*(?:也就是|就是|拼写是?|字母是|spelled)[\s：:，,]*")
#: A customer turn with an e-mail address masked earlier (the live hook's stored turns).
EMAIL_TAG = "<EMAIL_ADDRESS>"


class EmailRecognizer(RegexRecognizer):
    """RFC 5322-ish local@domain, plus the spoken forms ASR writes."""

    ENTITY: ClassVar[str] = "EMAIL_ADDRESS"
    NAME: ClassVar[str] = "EmailRecognizer"
    CONTEXT: ClassVar[tuple[str, ...]] = ("邮箱", "邮件", "email", "e-mail", "电邮")
    PATTERNS: ClassVar[tuple[PatternSpec, ...]] = (
        PatternSpec("email", EMAIL_RX, 0.95, validate=False, needs="@"),
        PatternSpec(
            "email_spoken",
            rf"(?<![A-Za-z0-9._\-])(?<![A-Za-z0-9._\-] ){_SPELLED}"
            rf"(?:(?:{_LOCAL_JOIN}|\s?{_CASE}){_SPELLED})*"
            rf"{_PAUSE}(?:艾特|圈a|at|@){_PAUSE}"
            rf"{_SPELLED}(?:\s?(?:\.|点|dot)\s?{_SPELLED})*\s?(?:\.|点|dot)\s?(?:{_TLDS}|{_SPOKEN_TLDS})"
            r"(?![A-Za-z])",
            0.85,
            validate=False,
        ),
        PatternSpec(
            "email_split",
            rf"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*[\s。，,]*\n{_LINE}\s*{_DOMAIN}",
            0.85,
            validate=False,
            needs="@",
        ),
        PatternSpec("email_comma_tld", _COMMA_TLD, 0.85, validate=False, needs="@"),
        PatternSpec("email_domain_alone", rf"(?<={_LINE})\s*({_DOMAIN})", 0.85, 1, False, "@"),
        PatternSpec(
            "email_local_answered",
            r"{ctx}[^\n]*\n\ue001[\s，,：:]*"
            r"((?=[A-Za-z0-9._\-]*[0-9._\-]|[A-Za-z]{6})[A-Za-z0-9][A-Za-z0-9._\-]{2,63})"
            r"[\s。，,]*(?=\n|$)",
            0.85,
            1,
            False,
        ),
    )

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Addresses, and their local part read back in the agent's next turn.

        After a customer turn with an address, the agent spelling a local part back
        (j u a n 六二) or saying a word of letters with digits to confirm it (juan62 是吗)
        reads that address back: masked too, without comparing it with the address (the
        live hook's stored turns hold only ``<EMAIL_ADDRESS>``). After an agent turn with an
        address (a read-back), letters the customer spells one by one in the next turn
        (不对 是 z h a o l e i) are that address again.
        """
        out = super().find(text, nlp)
        if not (out or EMAIL_TAG in text) or not READ_BACK_LOCAL.search(text):
            return out
        agent, customer = SPEAKER_MARKERS["agent"], SPEAKER_MARKERS["customer"]
        found = [(f.start, f.end) for f in out]
        pos, after = 0, False  # the last customer turn held an address
        told = False  # the last agent turn held an address (a read-back to confirm)
        for line in text.split("\n"):
            end = pos + len(line)
            if line[:1] == customer:
                if told:
                    for m in READ_BACK_LOCAL.finditer(line, 1):
                        a, b = pos + m.start(), pos + m.end()
                        if " " in m.group() and not any(x < b and a < y for x, y in found):
                            out.append(Finding(a, b, self.ENTITY, 0.8, self.name + ":respelled"))
                told = False
                after = EMAIL_TAG in line or any(pos <= a < end for a, _ in found)
                for _, b in [f for f in found if pos <= f[0] < end]:
                    # zhang wei 一九八八 at 一六三 dot com 就是 z h a n g w e i: the local
                    # part spelled again right after the address
                    lead = _RESTATED.match(text, b, end)
                    again = READ_BACK_LOCAL.match(text, lead.end(), end) if lead else None
                    if again is not None and " " in again.group():
                        out.append(
                            Finding(
                                again.start(), again.end(), self.ENTITY, 0.8, self.name + ":again"
                            )
                        )
            elif line[:1] == agent:
                told = EMAIL_TAG in line or any(pos <= a < end for a, _ in found)
                if after:
                    confirm = bool(_CONFIRM.search(line))
                    for m in READ_BACK_LOCAL.finditer(line, 1):
                        if not (confirm or " " in m.group()):
                            continue  # a word with digits (订单 A12345) only to confirm
                        a, b = pos + m.start(), pos + m.end()
                        if not any(x < b and a < y for x, y in found):
                            out.append(Finding(a, b, self.ENTITY, 0.8, self.name + ":read_back"))
                            told = True
                after = False
            pos = end + 1
        return out

    @property
    def ask_cue(self) -> re.Pattern[str]:
        """Any context word (the live hook's context test reads it)."""
        return self._any_cue
