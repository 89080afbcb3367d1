"""Whether earlier turns can change what is found in the last one (the live hook's test).

The live-chat hook (:mod:`triage.hook`) redacts a new message that may hold a
number together with the chat's last turns, so that cues across turns work.
Analysing those turns again costs as much as the message itself, and most of
the time they change nothing in it. :class:`ContextTest` says when they may:
the recognizers' cross-turn rules, read from the same settings:

* a number split over two turns of the same speaker: the analysis text
  (:func:`~triage.redact.analysis.build_analysis_text`) has a join line with
  the last turn, or the earlier turn (stored redacted) ends with a number's tag
  and the last one starts with digits (the continued-number recognizer's test);
* the customer answers after the agent asked: an agent turn with a code cue
  (the verification-code recognizer's cue words, or a request for what an SMS says), a
  request for an ID, card or phone number (the asked-number recognizer's ask words) or an
  address question (``address._ASK``) before a customer's message;
* the customer named the number type in an earlier turn (我的卡号是 …) and goes on;
* the agent reads back digits after a request for a number (the read-back rule);
* an agent turn with an e-mail cue before a customer's message (a local part alone);
* an agent's message that may read back an e-mail's local part (j u a n 六二, juan62) after
  a customer turn holding an e-mail address (stored as its tag);
* an address going on over the customer's turns: an earlier customer turn that
  may hold an address (``address._TRIGGER``) with only back-channel agent turns
  (``address._BACKCHANNEL``) after it, before a customer's message.

Each test is wider than the rule it stands for (a cue anywhere in the turn, an
address trigger rather than a found address), so a "no" is safe for these
rules. Person names said in an earlier turn are not tested here: the stored
turns only hold ``<PERSON>``, so the hook gives their characters found in the new
message in a context turn of their own (:mod:`triage.hook`, keyed hashes).
Measured: the same answers with and without the earlier turns on every message
where the test says no (``tests/test_hook_context.py``; 5.8k messages of the bench
chats, samples and labelled QA interactions, and the generated split-number cases,
in the report).
"""

from __future__ import annotations

from collections.abc import Sequence

from triage.redact.analysis import build_analysis_text
from triage.redact.recognizers import address as _address
from triage.redact.recognizers import load_recognizer_class
from triage.redact.recognizers.asked_number import ECHO, NUMBER_TAG, common_run
from triage.redact.recognizers.base import JOIN_MARKER, SPEAKER_MARKERS
from triage.redact.recognizers.email import EMAIL_TAG, READ_BACK_LOCAL
from triage.redact.recognizers.latin_name import PINYIN_OPENING
from triage.redact.recognizers.person_name import NAME_ANSWER, NAME_ASK
from triage.redact.settings import RedactSettings
from triage.stage import NormText


class ContextTest:
    """Says whether earlier turns may change the findings in the last turn.

    Args:
        settings: The redaction settings the analysis runs with.
    """

    def __init__(self, settings: RedactSettings) -> None:
        self.join_window = settings.join_window
        options = {r.name: r.options for r in settings.recognizers}
        self._code_cue = None
        self._code_ask = None
        if "verification_code" in options:
            code = load_recognizer_class("verification_code")(**options["verification_code"])
            self._code_cue = code.ask_cue
            self._code_ask = code.agent_cue
        #: Words that open an answer window wherever they stand in an agent's turn (the
        #: verification-code recognizer's cue: 密码重置需要…, the customer's next digits are
        #: a code); the live hook keeps them when it cuts a context turn to its end.
        self.agent_flags = self._code_ask
        self._number_ask = None
        self.read_back_digits = 7
        if "asked_number" in options:
            asked = load_recognizer_class("asked_number")(**options["asked_number"])
            self._number_ask = asked.ask_cue
            self.read_back_digits = asked.min_digits
        self._email_cue = None
        if "email" in options:
            self._email_cue = load_recognizer_class("email")(**options["email"]).ask_cue
        self._address = "address" in options
        self._names = "person_name" in options
        self._continued = None
        if "continued_number" in options:
            self._continued = load_recognizer_class("continued_number")(
                **options["continued_number"]
            )

    def _read_back(self, speakers: Sequence[str], norms: Sequence[NormText]) -> bool:
        """The agent may read back a number the customer gave after a request (or named)."""
        said = "".join(c for c in norms[-1].text if c.isdigit())
        if self._number_ask is None or len(said) < self.read_back_digits:
            return False
        if not any(self._number_ask.search(nt.text) for nt in norms[:-1]):
            return False
        for speaker, nt in zip(speakers[:-1], norms[:-1], strict=True):
            if speaker != "customer":
                continue
            if NUMBER_TAG.search(nt.text):
                return True  # stored masked: the digits are gone
            heard = "".join(c for c in nt.text if c.isdigit())
            need = min(self.read_back_digits, len(heard))
            if need and common_run(said, heard) >= need:
                return True
        return False

    def needed(self, speakers: Sequence[str], norms: Sequence[NormText]) -> bool:
        """True when the turns before the last may change what is found in it.

        Args:
            speakers: Speaker of each turn (the new one last).
            norms: Normalised text of each turn (what the analysis reads).
        """
        last = len(norms) - 1
        if last <= 0:
            return False
        at = build_analysis_text(speakers, norms, self.join_window)
        join = at.text.find("\n" + JOIN_MARKER)
        if join >= 0 and last in at.turn_of[join:]:
            return True  # a number split over this turn and an earlier one
        if self._continued is not None and (
            self._continued.continues(list(speakers), [nt.text for nt in norms]) is not None
        ):
            return True  # the rest of a number whose first part a stored turn masked
        if speakers[last] == "agent":
            said = norms[last].text
            if "customer" in speakers[:last] and (
                (self._address and _address._READ_BACK.fullmatch(said))  # 是一千零三对吧
                or (self._number_ask is not None and ECHO.fullmatch(said))  # 嗯 一五九
            ):
                return True  # the agent reads back a room number or echoes a group just given
            if (
                self._email_cue is not None
                and READ_BACK_LOCAL.search(said)
                and any(
                    sp == "customer" and (EMAIL_TAG in nt.text or "@" in nt.text)
                    for sp, nt in zip(speakers[:last], norms[:last], strict=True)
                )
            ):
                return True  # j u a n 六二 对吧: an e-mail's local part read back
            return self._read_back(speakers, norms)
        if speakers[last] != "customer":
            return False  # the answer rules only apply to customer turns
        cont = False
        for speaker, nt in zip(speakers[:last], norms[:last], strict=True):
            line = SPEAKER_MARKERS.get(speaker, SPEAKER_MARKERS["system"]) + nt.text.replace(
                "\n", " "
            ).replace("\r", " ")
            if (
                speaker == "customer"
                and self._number_ask is not None
                and self._number_ask.search(line)
            ):
                return True  # the customer named the number type in an earlier turn
            if speaker == "customer" and self._code_cue is not None and self._code_cue.search(line):
                return True  # 收到验证码了 / 是482913: the code in the customer's next turn
            if speaker == "agent" and self._email_cue is not None and self._email_cue.search(line):
                return True  # an e-mail's local part answered alone
            if (
                speaker == "agent"
                and self._names
                and NAME_ASK.search(line)
                and (
                    NAME_ANSWER.fullmatch(norms[last].text)
                    or PINYIN_OPENING.match(norms[last].text)
                )
            ):
                return True  # 您的全名是？— 买买提 艾力 / gao jian: the answer is the name
            if speaker == "agent":
                if self._code_ask is not None and self._code_ask.search(line):
                    return True
                if self._number_ask is not None and self._number_ask.search(line):
                    return True
                if self._address and _address._ASK.search(line):
                    return True
                cont = cont and bool(_address._BACKCHANNEL.fullmatch(line, 1))
            elif speaker == "customer":
                cont = self._address and bool(
                    _address._TRIGGER.search(line) or _address.TAG_AT_END.search(line)
                )
        return cont
