"""In-process live-chat routing hook (SPEC §1 use 2, §8).

A chat platform that embeds the package calls :meth:`ChatHook.add_message` on
every new message and gets the current routing decision back at once; the HTTP
service (:mod:`triage.service`) is a thin layer over the same object.

How a message is scored:

1. The new message goes through the pipeline's stages up to and including
   ``redact`` (normalisation, redaction), preceded by the chat's last
   ``context_turns`` turns (already redacted; each cut to its last
   ``context_chars`` characters, where the cue words sit, to bound the cost; the words
   that say the identity check passed, :data:`TURN_FLAGS`, are kept before that end when
   they were cut off)
   when it may hold a number or an address part, so that context cues work across turns: the
   agent asks for the 验证码, the customer's next message is just the six
   digits; the earlier turns are left out when the redaction's test
   (:mod:`triage.redact.context`: a number split with the same speaker's
   earlier turn, the agent's code or address question, an address going on)
   says they cannot change what is found in the new one. The new turn's result
   is the answer; where the redaction now finds PII in an earlier turn (the
   first part of a number whose rest came in this message), that turn is masked
   in the chat's state too, so the final record never keeps it. Names work the
   same way across turns (哪个伟？, 是三个石头的磊吗 after the customer said 李伟, 石磊),
   but the stored turns only hold ``<PERSON>``: the chat keeps a keyed hash of each
   character of the names masked so far (HMAC-SHA256, 8 bytes, under a random key
   made by each hook and held in memory only; never the character, never written
   anywhere, dropped with the chat). A message with such characters is redacted
   after a context turn ``名字叫`` + those characters (in the message's order), so
   the name rules see the name; that turn is never stored or answered. Redaction fails
   closed: if it fails, nothing is stored and :class:`HookError` ``E202`` is raised.
2. Only the REDACTED turn (and its PII spans: offsets and types, no values) is
   added to the chat's state. The original text is dropped here.
3. The new redacted turn goes through the stages before ``redact`` again
   (normalisation is per turn: its result is kept with the turn, so
   ``doc.norm`` matches the redacted text the later stages see without
   re-normalising the whole chat), then the whole chat so far (redacted turns)
   goes through every stage after ``redact`` (intent, severity, QA, route,
   review flag): the decision uses the whole conversation, not just the last
   message. The fast classifiers keep per-chat n-gram counts
   (:mod:`triage.classify.fast_linear`), and the QA text matchers keep each
   turn's hits in the chat's memo (``Doc.cache``, dropped when the chat is
   trimmed or ends), so re-scoring the chat costs about what the new message adds.

State is bounded: at most ``max_chats`` chats (least recently used evicted),
a chat idle for ``idle_ttl_s`` is dropped, and a chat keeps its last
``max_turns`` turns. Safe to call from several threads: messages of one chat
are processed in order, and the stages run one record at a time (stages are
not required to be thread-safe).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import logging
import re
import secrets
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from triage.errors import Code, ConfigError, RecordError
from triage.output import to_output_record
from triage.pipeline import Pipeline
from triage.redact.recognizers.address import ADDRESS_TRIGGER
from triage.redact.recognizers.continued_number import LAST_PIECE, VERIFIED
from triage.redact.recognizers.email import READ_BACK_LOCAL
from triage.redact.recognizers.latin_name import PINYIN_OPENING
from triage.redact.recognizers.person_name import NAME_ANSWER
from triage.schema import INTENT_ZH, QUEUE_ZH, SEGMENTS, SEVERITY_ZH, Entity, Interaction, Turn
from triage.stage import Doc, Stage, StageError

log = logging.getLogger("triage.hook")

CHAT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$")
HOOK_SPEAKERS = ("customer", "agent", "system")
#: A message that may hold (part of) a number: a digit, two numerals in a row, maybe
#: with a space or comma between (幺三八, 两千, 九 三 幺), or a digit said with its repeat
#: count (六个八); 一下 or 十分 alone do not count.
NUMBERISH = re.compile(
    r"[0-9０-９]|[零〇一二三四五六七八九十百千万幺两洞拐][\s,，、]?[零〇一二三四五六七八九十百千万幺两洞拐]"
    r"|[一二三四五六七八九两]个[零〇一二三四五六七八九幺洞拐0-9０-９]"
)
#: A message that is only an e-mail's local part (lily.chen), answered to 邮箱是？
LOCAL_PART = re.compile(r"\s*[A-Za-z0-9][A-Za-z0-9._\-]{2,63}\s*")
#: Characters of a masked name whose keyed hashes a chat keeps (汉字).
NAME_CHAR = re.compile(r"[\u4e00-\u9fff]")
#: The cue of the context turn that gives the name characters of a new message.
NAME_CUE = "名字叫"
#: Most name-character hashes kept per chat.
MAX_NAME_MARKS = 256
#: Words that change what the redaction finds in the next turns wherever they stand in a turn,
#: kept when a context turn is cut to its end (the agent's 核实通过 at the start of a long
#: turn: the customer's next digits answer the next question, no rest of the number checked).
TURN_FLAGS = VERIFIED
#: Between the flag words kept and the end of a cut context turn.
FLAG_SEP = "，"
#: After each agent flag (code cue) kept: a sentence end, which no code rule reads across.
CUE_SEP = "。"


#: A value's tag in a stored turn (tag or pseudonym operator: <BANK_CARD>, <PERSON_1>).
TAG = re.compile(r"<[A-Z_]+(?:_\d+)?>")


def _tag_spans(stored: str, found: Sequence[Entity]) -> list[tuple[int, int]] | None:
    """Where the findings of a turn stand in its stored text: ``(tag end, original length
    minus tag length)`` in order, or None when a finding's tag is not where its (original)
    offsets put it."""
    out: list[tuple[int, int]] = []
    delta = 0
    for e in sorted(found, key=lambda e: e.start):
        m = TAG.match(stored, e.start - delta)
        if m is None:
            return None
        out.append((m.end(), (e.end - e.start) - (m.end() - m.start())))
        delta += out[-1][1]
    return out


def _nothing_new(given: str, e: Entity, cut_at: int) -> bool:
    """Whether a finding in a context turn (``given``, as the redactor read it) masks nothing
    to mask in the stored turn: it lies inside the tag of a value masked before (寄到<ADDRESS>
    read as an address again), or it is a name that starts where the turn was cut
    (``cut_at``; -1 when it was not): the redactor read it without the words before it
    (之前那张卡注销了 cut to 张卡注销了), while the stored turn was read whole when it came."""
    if e.type == "PERSON" and e.start == cut_at:
        return True
    return any(m.start() <= e.start and e.end <= m.end() for m in TAG.finditer(given))


def _retag(text: str, found: Sequence[Entity]) -> str:
    """``text`` with each finding replaced by its type's tag (the ``tag`` operator's text)."""
    parts: list[str] = []
    pos = 0
    for e in sorted(found, key=lambda e: e.start):
        parts += [text[pos : e.start], f"<{e.type}>"]
        pos = e.end
    return "".join(parts) + text[pos:]


def _original_offset(tags: Sequence[tuple[int, int]], pos: int) -> int:
    """The original turn's offset of position ``pos`` of its stored text (outside the tags)."""
    return pos + sum(d for end, d in tags if end <= pos)


@contextlib.contextmanager
def _fast_estimators() -> Iterator[None]:
    """Skip scikit-learn's per-call input/parameter validation while scoring one message.

    The fitted models are ours and their inputs are feature matrices built by our
    own stages, so the checks cannot fail; on a live message they cost more than
    the prediction itself. scikit-learn's config is thread-local, so it is set in
    the worker thread that runs the stages.
    """
    sklearn = sys.modules.get("sklearn")
    if sklearn is None:
        yield
        return
    with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
        yield


class KpiObserver:
    """Feeds decisions to the KPI live surge monitor (counts by intent/severity/queue).

    :meth:`chat_ended` lets the monitor forget an ended chat, so its memory
    follows the live chats, not every chat ever seen.
    """

    def __call__(self, decision: dict[str, Any]) -> None:
        from triage.kpi.live import observe_chat

        intent = decision.get("intent") or {}
        severity = decision.get("severity") or {}
        route = decision.get("route") or {}
        observe_chat(
            decision["chat_id"],
            intent.get("label"),
            severity.get("level"),
            route.get("queue"),
            decision.get("text", ""),
        )

    def chat_ended(self, chat_id: str) -> None:
        from triage.kpi.live import forget_chat

        forget_chat(chat_id)


kpi_observer = KpiObserver()


def default_observers() -> list[Callable[[dict[str, Any]], None]]:
    """The KPI live monitor when the ``triage.kpi`` package is installed, else none."""
    import importlib.util

    return [kpi_observer] if importlib.util.find_spec("triage.kpi.live") else []


def notify_observers(
    observers: Sequence[Callable[[dict[str, Any]], None]],
    chat_id: str,
    decision: dict[str, Any],
    logger: logging.Logger = log,
) -> None:
    """Pass ``decision`` (of chat ``chat_id``) to each observer; one that raises is logged.

    Observers never break the answer. The warning names the chat and the error
    type only, never the text.
    """
    for observe in observers:
        _call_observer(observe, decision, chat_id, logger)


def notify_chat_ended(
    observers: Sequence[Callable[[dict[str, Any]], None]],
    chat_id: str,
    logger: logging.Logger = log,
) -> None:
    """Tell the observers that have a ``chat_ended(chat_id)`` method that a chat ended.

    Like :func:`notify_observers`, a failure is logged by type and never spreads.
    """
    for observe in observers:
        ended = getattr(observe, "chat_ended", None)
        if ended is not None:
            _call_observer(ended, chat_id, chat_id, logger)


def _call_observer(
    call: Callable[[Any], None], arg: Any, chat_id: str, logger: logging.Logger
) -> None:
    """``call(arg)``; a failure is logged with the chat id and error type only, never spreads."""
    try:
        call(arg)
    except Exception as exc:  # noqa: BLE001 - observers never break the hook
        logger.warning(
            "hook.observer_failed",
            extra={"chat_id": chat_id, "error_type": type(exc).__name__},
        )


class HookError(ValueError):
    """A message could not be scored; ``code`` is an error code, ``reason`` holds no text.

    Attributes:
        code: ``E1xx`` for a bad request (the caller's fault), ``E2xx`` for a stage failure.
        reason: PII-free explanation (never quotes the message).
        status: Suggested HTTP status.
    """

    def __init__(self, code: str, reason: str, status: int = 422) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
        self.status = status


@dataclasses.dataclass
class _Chat:
    """State of one live chat: redacted turns only."""

    chat_id: str
    first_seen: float
    last_seen: float
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    turns: list[Turn] = dataclasses.field(default_factory=list)
    entities: list[Entity] = dataclasses.field(default_factory=list)
    norms: list[Any] = dataclasses.field(default_factory=list)  # per turn, or None
    customer: dict[str, Any] | None = None
    count: int = 0  # turns seen in total (numbering survives trimming)
    last_doc: Doc | None = None
    cache: dict[str, Any] = dataclasses.field(default_factory=dict)  # Doc.cache of the chat
    name_marks: set[bytes] = dataclasses.field(default_factory=set)  # keyed hashes, no chars


class ChatHook:
    """Keeps live chats and returns a routing decision for every new message.

    Args:
        pipeline: A pipeline whose stages include ``redact`` (set up here if needed).
        max_chats: Most chats kept at once (least recently used are evicted).
        idle_ttl_s: Seconds after which an idle chat is dropped.
        max_turns: Turns kept per chat (older ones are dropped from the window).
        max_text_chars: Longest message accepted.
        context_turns: Earlier (redacted) turns given to the redactor as context.
        context_chars: Characters kept from the end of each context turn.
        context_test: Leave the context turns out when the redact stage's
            ``context_needed`` says they cannot change what is found in the new
            message (:mod:`triage.redact.context`); False: always give them.
        observers: Called with every decision (the dict :meth:`add_message`
            returns; redacted text only), after the chat's lock is released;
            their errors are logged and never break the answer. An observer
            with a ``chat_ended(chat_id)`` method is also told when a chat ends.
            Default: the KPI live surge monitor (:class:`KpiObserver`).
        clock: Monotonic clock (seconds); injectable for tests of the TTL.
        wall_clock: Wall clock used to time messages sent without ``start``.
        stage_timer: Called with ``(stage name, seconds)`` after every stage run
            (the service feeds its per-stage latency histogram with it).
        stage_cpu_timer: Called with ``(stage name, CPU seconds of the running
            thread)`` after every stage run: unlike wall time, not inflated when
            other work competes for the cores (the service counts it per stage).

    Raises:
        ConfigError: if the pipeline has no ``redact`` stage (the hook never
            keeps unredacted text).
    """

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        max_chats: int = 10_000,
        idle_ttl_s: float = 1800.0,
        max_turns: int = 200,
        max_text_chars: int = 2000,
        context_turns: int = 5,
        context_chars: int = 40,
        context_test: bool = True,
        observers: Sequence[Callable[[dict[str, Any]], None]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        stage_timer: Callable[[str, float], None] | None = None,
        stage_cpu_timer: Callable[[str, float], None] | None = None,
    ) -> None:
        names = [s.name for s in pipeline.stages]
        if "redact" not in names:
            raise ConfigError("pipeline has no 'redact' stage: the chat hook refuses to run")
        cut = names.index("redact") + 1
        self.pipeline = pipeline
        self.max_chats = max_chats
        self.idle_ttl_s = idle_ttl_s
        self.max_turns = max_turns
        self.max_text_chars = max_text_chars
        self.context_turns = context_turns
        self.context_chars = context_chars
        self.context_test = context_test
        self.observers = list(default_observers() if observers is None else observers)
        self._clock = clock
        self._wall = wall_clock
        self._stage_timer = stage_timer
        self._stage_cpu_timer = stage_cpu_timer
        self._name_key = secrets.token_bytes(32)  # in memory only: the name marks' key
        self._message_stages: list[Stage] = pipeline.stages[:cut]
        self._redact_stage: Stage = pipeline.stages[cut - 1]
        self._turn_stages: list[Stage] = list(pipeline.stages[: cut - 1])
        self._chat_stages: list[Stage] = list(pipeline.stages[cut:])
        self._chats: OrderedDict[str, _Chat] = OrderedDict()
        self._lock = threading.Lock()
        self._stage_lock = threading.Lock()
        pipeline.setup()
        flags = getattr(self._redact_stage, "agent_flags", None)
        #: Words kept from the part cut off of an agent's context turn (a code cue), or None.
        self._agent_flags: re.Pattern[str] | None = flags() if flags is not None else None

    # -- public API -------------------------------------------------------

    def add_message(
        self,
        chat_id: str,
        speaker: str,
        text: str,
        start: float | None = None,
        customer: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Add one message to a chat and return the current decision.

        Args:
            chat_id: The platform's chat id (``[A-Za-z0-9._:@-]``, at most 128).
            speaker: ``customer``, ``agent`` or ``system``.
            text: The message (original; only its redacted form is kept).
            start: Seconds since the chat began; default: measured by the hook.
            customer: Customer facts; only ``segment`` is used and kept (other keys may
                be personal data and are dropped); the latest segment given is kept.

        Returns:
            ``{"chat_id", "turn", "text" (redacted), "pii", "intent", "severity",
            "route", "flags"}`` (see the README).

        Raises:
            HookError: bad arguments (``E1xx``, status 422/413) or a failed stage
                (``E2xx``, status 500); the reason never quotes the text.
        """
        self._validate(chat_id, speaker, text, start, customer)
        now = self._clock()
        chat = self._get_or_create(chat_id, now)
        with chat.lock:
            if start is None:
                start = round(self._wall() - chat.first_seen, 3)
            if customer is not None and customer.get("segment"):
                # Only the segment is kept: other customer fields may be personal data.
                chat.customer = {"segment": customer["segment"]}
            extra: dict[str, Any] = {"customer": chat.customer} if chat.customer else {}
            context = []
            if self.context_turns > 0 and (
                NUMBERISH.search(text)
                or ADDRESS_TRIGGER.search(text)
                or LOCAL_PART.fullmatch(text)
                or NAME_ANSWER.fullmatch(text)
                or PINYIN_OPENING.match(text)
                or LAST_PIECE.match(text)
                or (speaker == "agent" and READ_BACK_LOCAL.search(text))
            ):
                # Context only helps number-like PII (a code sent after the agent asked for
                # it, a card number split over two messages, its last digit said alone
                # after 最后一个是), address answers (几楼 — 三楼, 哪条路 — 松花江路) and an
                # e-mail's local part answered alone or read back: skip its cost otherwise.
                context = [self._context_turn(t) for t in chat.turns[-self.context_turns :]]
            names = self._known_name_chars(chat, text)
            with self._stage_lock, _fast_estimators():
                turn, entities, earlier = self._redact_one(
                    chat_id, context, Turn(speaker, text, float(start)), extra, names
                )
                if earlier:
                    self._mask_earlier(chat, len(context), earlier, extra)
                self._mark_names(chat, text, entities)
                norm = self._normalize_turn(chat_id, turn, extra)
                index = chat.count
                chat.count += 1
                base = len(chat.turns)
                chat.turns.append(turn)
                chat.norms.append(norm)
                chat.entities.extend(dataclasses.replace(e, turn=base) for e in entities)
                self._trim(chat)
                doc = self._score_chat(chat, extra)
            doc.norm = None  # not needed for the final record; keeps state small
            chat.last_doc = doc
        decision = self._response(chat_id, index, turn, entities, doc)
        # Observers (by default the KPI surge monitor, issue 9) see redacted decisions only.
        notify_observers(self.observers, chat_id, decision)
        return decision

    def score(self, record: Any) -> dict[str, Any]:
        """Score one whole SPEC §2 record (as parsed JSON) and return the SPEC §3 record.

        Raises:
            HookError: the record is invalid (``E1xx``, status 422/413) or a stage
                failed on it (``E2xx``, status 500).
        """
        from triage.io.options import ReaderOptions
        from triage.io.validate import InvalidRecord, to_interaction

        try:
            inter = to_interaction(record, ReaderOptions(limits=self.pipeline.config.limits))
        except InvalidRecord as exc:
            raise HookError(
                exc.code, exc.reason, status=413 if exc.code == Code.TOO_LARGE else 422
            ) from None
        with self._stage_lock, _fast_estimators():
            (result,) = self.pipeline.score_docs([Doc(inter, source="api")])
        if isinstance(result, RecordError):
            raise HookError(result.error, result.reason, status=500)
        return result.record

    def end_chat(self, chat_id: str) -> dict[str, Any] | None:
        """Forget a chat; returns its last scored record (SPEC §3) or None if unknown."""
        with self._lock:
            chat = self._chats.pop(chat_id, None)
        if chat is None:
            return None
        notify_chat_ended(self.observers, chat_id)
        with chat.lock:
            doc = chat.last_doc
            if doc is None:
                return None
            return to_output_record(doc, self.pipeline)

    def __len__(self) -> int:
        with self._lock:
            return len(self._chats)

    def __contains__(self, chat_id: object) -> bool:
        with self._lock:
            return chat_id in self._chats

    def purge_idle(self) -> int:
        """Drop chats idle longer than the TTL; returns how many were dropped."""
        with self._lock:
            return self._purge(self._clock())

    # -- internals --------------------------------------------------------

    def _validate(
        self,
        chat_id: Any,
        speaker: Any,
        text: Any,
        start: Any,
        customer: Any,
    ) -> None:
        if not isinstance(chat_id, str) or not CHAT_ID_PATTERN.match(chat_id):
            raise HookError(
                Code.MISSING_ID, "chat_id must be 1-128 characters of A-Z a-z 0-9 . _ : @ -"
            )
        if speaker not in HOOK_SPEAKERS:
            raise HookError(Code.BAD_SPEAKER, f"speaker must be one of {', '.join(HOOK_SPEAKERS)}")
        if not isinstance(text, str):
            raise HookError(Code.BAD_TURN, "text must be a string")
        if not text.strip():
            raise HookError(Code.EMPTY_INTERACTION, "text is empty")
        if len(text) > self.max_text_chars:
            raise HookError(
                Code.TOO_LARGE,
                f"text has {len(text)} characters; the limit is {self.max_text_chars}",
                status=413,
            )
        if start is not None and (
            isinstance(start, bool)
            or not isinstance(start, int | float)
            or start != start
            or start < 0
            or start == float("inf")
        ):
            raise HookError(Code.BAD_TURN, "start must be a finite number of seconds >= 0")
        if customer is not None:
            if not isinstance(customer, Mapping):
                raise HookError(Code.BAD_TURN, "customer must be an object")
            seg = customer.get("segment")
            if seg is not None and seg not in SEGMENTS:
                raise HookError(
                    Code.BAD_TURN, f"customer.segment must be one of {', '.join(SEGMENTS)}"
                )

    def _get_or_create(self, chat_id: str, now: float) -> _Chat:
        with self._lock:
            self._purge(now)
            chat = self._chats.get(chat_id)
            if chat is None:
                chat = _Chat(chat_id, first_seen=self._wall(), last_seen=now)
                self._chats[chat_id] = chat
                while len(self._chats) > self.max_chats:
                    evicted, _ = self._chats.popitem(last=False)
                    log.info("hook.chat_evicted", extra={"chat_id": evicted})
            else:
                chat.last_seen = now
                self._chats.move_to_end(chat_id)
            return chat

    def _purge(self, now: float) -> int:
        dropped = 0
        while self._chats:
            chat_id, chat = next(iter(self._chats.items()))
            if now - chat.last_seen <= self.idle_ttl_s:
                break
            del self._chats[chat_id]
            dropped += 1
        return dropped

    def _trim(self, chat: _Chat) -> None:
        excess = len(chat.turns) - self.max_turns
        if excess <= 0:
            return
        del chat.turns[:excess]
        del chat.norms[:excess]
        chat.cache.clear()  # per-turn memos are keyed by text: drop those of old turns
        chat.entities = [
            dataclasses.replace(e, turn=e.turn - excess) for e in chat.entities if e.turn >= excess
        ]

    def _run(self, stages: Sequence[Stage], doc: Doc) -> None:
        """Run ``stages`` on ``doc`` (the caller holds the stage lock)."""
        for stage in stages:
            try:
                t0 = time.perf_counter()
                c0 = time.thread_time()
                stage.process_batch([doc])
                if self._stage_timer is not None:
                    self._stage_timer(stage.name, time.perf_counter() - t0)
                if self._stage_cpu_timer is not None:
                    self._stage_cpu_timer(stage.name, time.thread_time() - c0)
            except Exception as exc:  # noqa: BLE001 - mapped to a PII-free error
                log.error(
                    "hook.stage_failed",
                    extra={
                        "stage": stage.name,
                        "chat_id": doc.id,
                        "error_type": type(exc).__name__,
                    },
                )
                if isinstance(exc, StageError):
                    raise HookError(exc.code, exc.reason, status=500) from None
                code = Code.REDACTION_FAILED if stage.name == "redact" else Code.STAGE_FAILED
                raise HookError(
                    code, f"stage {stage.name} failed ({type(exc).__name__})", status=500
                ) from None

    def _redact_one(
        self,
        chat_id: str,
        context: Sequence[Turn],
        turn: Turn,
        extra: dict[str, Any],
        names: str = "",
    ) -> tuple[Turn, tuple[Entity, ...], dict[int, tuple[Turn, list[Entity]]]]:
        """The new turn redacted, its entities, and the context turns where the redaction
        found more now (a number whose rest came in the new message): index -> (turn, entities).

        ``names``: characters of the message that were in names masked earlier; given in a
        context turn of their own before ``context`` (never returned).
        """
        lead = (Turn("customer", NAME_CUE + names),) if names else ()
        turns = (*lead, *context, turn)
        doc = Doc(Interaction(chat_id, "chat", turns, extra), source="hook")
        self._run(self._turn_stages, doc)  # normalisation: per turn
        if context and not names and not self._context_needed(doc):
            # The earlier turns cannot change what is found in this one: redact it alone.
            norm = doc.norm
            doc = Doc(Interaction(chat_id, "chat", (turn,), extra), source="hook")
            doc.norm = [norm[-1]] if isinstance(norm, list) else None
            turns = (turn,)
        self._run(self._message_stages[len(self._turn_stages) :], doc)
        last = len(turns) - 1
        if doc.redacted is None or doc.entities is None or len(doc.redacted) != len(turns):
            # Fail closed: never keep a message whose redaction did not complete.
            raise HookError(Code.REDACTION_FAILED, "redaction gave no result", status=500)
        entities = tuple(dataclasses.replace(e, turn=0) for e in doc.entities if e.turn == last)
        earlier: dict[int, tuple[Turn, list[Entity]]] = {}
        for e in doc.entities:
            k = e.turn - len(lead)
            if 0 <= k < last - len(lead):
                earlier.setdefault(k, (doc.redacted[e.turn], []))[1].append(
                    dataclasses.replace(e, turn=k)
                )
        return doc.redacted[last], entities, earlier

    def _name_mark(self, ch: str) -> bytes:
        return hmac.new(self._name_key, ch.encode("utf-8"), hashlib.sha256).digest()[:8]

    def _known_name_chars(self, chat: _Chat, text: str) -> str:
        """Characters of ``text`` that were in a name masked earlier in the chat (in order)."""
        if not chat.name_marks:
            return ""
        found = (ch for ch in NAME_CHAR.findall(text) if self._name_mark(ch) in chat.name_marks)
        return "".join(dict.fromkeys(found))

    def _mark_names(self, chat: _Chat, text: str, entities: Sequence[Entity]) -> None:
        """Keep the keyed hashes of the characters of the names masked in ``text``."""
        for e in entities:
            if e.type != "PERSON":
                continue
            for ch in NAME_CHAR.findall(text[e.start : e.end]):
                if len(chat.name_marks) >= MAX_NAME_MARKS:
                    return
                chat.name_marks.add(self._name_mark(ch))

    def _mask_earlier(
        self,
        chat: _Chat,
        n_context: int,
        earlier: dict[int, tuple[Turn, list[Entity]]],
        extra: dict[str, Any],
    ) -> None:
        """Mask in the chat's stored turns what the new message showed to be PII.

        A card number read out over two messages is only found when its second
        part arrives; the first part's answer has gone out, but the chat's state
        (and so the final record and the review store) must not keep it. The new
        offsets are the stored (redacted) text's; they are taken back to the original
        text's (SPEC §3) through the turn's earlier findings, each replaced by its tag
        (:func:`_tag_spans`); a turn whose tags cannot be placed (another operator)
        is left as it was. Findings that mask nothing new (inside a tag, or a name at
        the cut of a turn: :func:`_nothing_new`) are dropped.
        """
        first = len(chat.turns) - n_context
        for k, (redacted, found) in sorted(earlier.items()):
            at = first + k
            if at < 0:
                continue
            stored = chat.turns[at]
            tags = _tag_spans(stored.text, [e for e in chat.entities if e.turn == at])
            if tags is None:
                continue
            shift = len(stored.text) - len(stored.text[-self.context_chars :])
            lead = self._context_lead(stored.text, stored.speaker)
            given = lead + stored.text[shift:]  # the context turn the redactor read
            kept = [e for e in found if not _nothing_new(given, e, len(lead) if shift else -1)]
            if not kept:
                continue
            if len(kept) < len(found) and _retag(given, found) == redacted.text:
                redacted = dataclasses.replace(redacted, text=_retag(given, kept))
            else:
                kept = found  # another operator: the redactor's text as it is
            found = kept
            # the flag words put before the end kept are no part of the stored turn
            cut = len(lead) if redacted.text.startswith(lead) else 0
            chat.turns[at] = dataclasses.replace(
                stored, text=stored.text[:shift] + redacted.text[cut:]
            )
            chat.entities.extend(
                dataclasses.replace(
                    e,
                    turn=at,
                    start=_original_offset(tags, e.start - cut + shift),
                    end=_original_offset(tags, e.end - cut + shift),
                )
                for e in found
                if e.start >= cut
            )
            chat.norms[at] = self._normalize_turn(chat.chat_id, chat.turns[at], extra)
        chat.entities.sort(key=lambda e: (e.turn, e.start))
        chat.cache.clear()  # memos are keyed by text: drop those of the unmasked text

    def _context_turn(self, turn: Turn) -> Turn:
        """A stored turn as context: its last ``context_chars`` characters, after the flag
        words (:data:`TURN_FLAGS`) of the part cut off, if any (``核实通过，…两档，请问兑换哪档``),
        and, in an agent's turn, the redact stage's agent flags (a code cue: ``密码。…带身份证
        到营业部``, the customer's next digits answer it as in the whole chat).

        The stored turns are redacted; the flag words are fixed words, no part of a value.
        """
        if self.context_chars <= 0 or len(turn.text) <= self.context_chars:
            return turn
        tail = turn.text[-self.context_chars :]
        return dataclasses.replace(turn, text=self._context_lead(turn.text, turn.speaker) + tail)

    def _context_lead(self, text: str, speaker: str) -> str:
        """What :meth:`_context_turn` puts before the end it keeps of ``text`` (else "")."""
        if self.context_chars <= 0 or len(text) <= self.context_chars:
            return ""
        cut = len(text) - self.context_chars
        # the words that begin in the part cut off (核实通过 cut after its first character too)
        found = (m.group() for m in TURN_FLAGS.finditer(text) if m.start() < cut)
        flags = "".join(dict.fromkeys(found))
        lead = flags + FLAG_SEP if flags else ""
        if speaker == "agent" and self._agent_flags is not None:
            cues = (m.group() for m in self._agent_flags.finditer(text) if m.start() < cut)
            # a sentence end after them: no digits of the end kept read as the cue's code
            lead += "".join(f"{c}{CUE_SEP}" for c in dict.fromkeys(cues))
        return lead

    def _context_needed(self, doc: Doc) -> bool:
        """Whether the context turns may change the findings in the new (last) turn.

        Asks the redact stage (``context_needed``, :mod:`triage.redact.context`);
        a stage without that test, or turns without per-turn ``norm``, keep the context.
        """
        test = getattr(self._redact_stage, "context_needed", None) if self.context_test else None
        norms = doc.norm
        if test is None or not isinstance(norms, list) or len(norms) != len(doc.interaction.turns):
            return True
        return bool(test([t.speaker for t in doc.interaction.turns], norms))

    def _normalize_turn(self, chat_id: str, turn: Turn, extra: dict[str, Any]) -> Any:
        """The stages before ``redact`` on the redacted turn alone: its ``doc.norm`` entry.

        Returns None when those stages leave no per-turn ``norm``; the chat's
        pass then runs them on the whole chat instead.
        """
        if not self._turn_stages:
            return None
        doc = Doc(Interaction(chat_id, "chat", (turn,), dict(extra)), source="hook")
        self._run(self._turn_stages, doc)
        if isinstance(doc.norm, list) and len(doc.norm) == 1:
            return doc.norm[0]
        return None

    def _score_chat(self, chat: _Chat, extra: dict[str, Any]) -> Doc:
        turns = tuple(chat.turns)
        doc = Doc(Interaction(chat.chat_id, "chat", turns, dict(extra)), source="hook")
        doc.cache = chat.cache  # stages keep per-turn results of this chat there (QA hits)
        if self._turn_stages and any(n is None for n in chat.norms):
            self._run(self._turn_stages, doc)  # stages without a per-turn result
        elif self._turn_stages:
            doc.norm = list(chat.norms)
        doc.redacted = turns
        doc.entities = tuple(chat.entities)
        self._run(self._chat_stages, doc)
        return doc

    @staticmethod
    def _response(
        chat_id: str, index: int, turn: Turn, entities: tuple[Entity, ...], doc: Doc
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"chat_id": chat_id, "turn": index, "text": turn.text}
        out["pii"] = sorted({e.type for e in entities})
        if doc.intent is not None:
            out["intent"] = {
                "label": doc.intent.label,
                "label_zh": INTENT_ZH.get(doc.intent.label, doc.intent.label),
                "confidence": round(doc.intent.confidence, 4),
                "secondary": list(doc.intent.secondary),
            }
        else:
            out["intent"] = None
        if doc.severity is not None:
            out["severity"] = {
                "level": doc.severity.level,
                "level_zh": SEVERITY_ZH.get(doc.severity.level, doc.severity.level),
                "reasons": list(doc.severity.reasons),
            }
        else:
            out["severity"] = None
        r = doc.route
        out["route"] = (
            {
                "queue": r.queue,
                "queue_zh": QUEUE_ZH.get(r.queue, r.queue),
                "priority": r.priority,
                "sla_minutes": r.sla_minutes,
                "escalate": r.escalate,
                "rule": r.rule,
                "reason": r.reason,
            }
            if r is not None
            else None
        )
        flags: dict[str, Any] = {
            "review": bool(doc.review.flagged) if doc.review else False,
            "review_reasons": list(doc.review.reasons) if doc.review else [],
            "red_line": bool(doc.qa.red_line) if doc.qa else False,
            "qa_score": doc.qa.score if doc.qa else None,
        }
        out["flags"] = flags
        return out
