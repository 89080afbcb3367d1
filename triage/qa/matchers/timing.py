"""Timing from timestamps: silence/hold, overlap, chat response delay, speech rate.

Turns without the timestamps a matcher needs are skipped (never guessed).
"""

from __future__ import annotations

import re
from typing import Any

from triage.qa.context import Match, QAContext
from triage.qa.matchers.base import (
    Condition,
    TurnScope,
    Where,
    boolean,
    check_keys,
    integer,
    mapping,
    number,
    str_list,
)
from triage.qa.matchers.textfilter import compile_regex
from triage.schema import Span

_NOT_SPOKEN = re.compile(r"[\s，。！？、；：,.!?;:\"'“”‘’（）()\[\]【】…—\-~～]|<[A-Z_]+>")


def _pause(body: dict, where: Where) -> re.Pattern[str] | None:
    """The optional ``customer_pause`` regex (the customer steps away)."""
    if "customer_pause" not in body:
        return None
    return compile_regex(body["customer_pause"], where.at("customer_pause"))


def _whole(ctx: QAContext, i: int) -> Span:
    return Span(i, 0, len(ctx.turns[i].text))


class SilenceMatcher(Condition):
    """Silence or hold between turns longer than ``min_seconds``.

    The gap runs from the end of a spoken turn to the start of the next one;
    system turns (hold music, IVR prompts) in between count as part of the
    gap. A gap is exempt when the last agent turn before it told the customer
    to wait (``exempt`` phrases, e.g. 请稍等), or when the turn right before it
    is the customer's and matches ``customer_pause`` (你等会儿 我去拿卡: the
    customer stepped away; the agent is not holding them). Text matching
    ``exempt_not`` is left out before the phrases are looked for: thanks for a
    wait that is over (感谢您耐心等待 … 查到了) tells the customer of no new one.

    YAML::

        silence:
          min_seconds: 30
          exempt: [请稍等, 稍等, 请您稍候]
          exempt_not: (感谢|谢谢)您?的?耐心等待   # optional
          exempt_max_seconds: 180   # optional: even with notice, no longer than this
          customer_pause: 等会儿|我去拿   # optional

    Evidence: the turn that ends the silence.
    """

    kind = "silence"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(
            body,
            {"min_seconds", "exempt", "exempt_not", "exempt_max_seconds", "customer_pause"},
            where,
        )
        if "min_seconds" not in body:
            raise where.error("needs min_seconds")
        self.customer_pause = _pause(body, where)
        self.min_seconds = number(body["min_seconds"], where.at("min_seconds"))
        self.exempt = (
            str_list(body["exempt"], where.at("exempt"), allow_empty=True)
            if "exempt" in body
            else ()
        )
        self.exempt_not = (
            compile_regex(body["exempt_not"], where.at("exempt_not"))
            if "exempt_not" in body
            else None
        )
        self.exempt_max = (
            number(body["exempt_max_seconds"], where.at("exempt_max_seconds"))
            if "exempt_max_seconds" in body
            else None
        )

    def _told(self, ctx: QAContext, i: int) -> bool:
        """Whether agent turn ``i`` tells the customer to wait (an ``exempt`` phrase)."""
        text = ctx.folded[i]
        if self.exempt_not is not None:
            text = self.exempt_not.sub("|", text)
        return any(w in text for w in self.exempt)

    def evaluate(self, ctx: QAContext) -> Match:
        # A blank turn (an ASR drop-out) is not speech: the silence runs on past it.
        spoken = [
            i
            for i, t in enumerate(ctx.turns)
            if t.speaker != "system" and t.start is not None and t.text.strip()
        ]
        hits = []
        last_agent: int | None = None
        for prev, nxt in zip(spoken, spoken[1:], strict=False):
            if ctx.turns[prev].speaker == "agent":
                last_agent = prev
            p = ctx.turns[prev]
            p_end = p.end if p.end is not None else p.start
            gap = ctx.turns[nxt].start - p_end  # type: ignore[operator]
            if gap < self.min_seconds:
                continue
            if p.speaker == "customer" and self._paused(ctx, prev):
                continue
            told = last_agent is not None and self._told(ctx, last_agent)
            if told and (self.exempt_max is None or gap <= self.exempt_max):
                continue
            hits.append(_whole(ctx, nxt))
        return Match.of(hits)

    def _paused(self, ctx: QAContext, i: int) -> bool:
        return self.customer_pause is not None and bool(self.customer_pause.search(ctx.folded[i]))


class OverlapMatcher(Condition):
    """One speaker starting to talk inside another's turn (interrupting).

    The interrupting turn must start at least ``min_delay_ms`` after the
    interrupted turn began (two people starting at once is not an
    interruption), and the overlap, from the interrupting turn's start to the
    end of the interrupted turn, must last at least ``min_ms``. Short
    back-channel turns (嗯、好的) are ignored via ``min_chars``.

    YAML::

        overlap:
          speaker: agent       # who interrupts
          over: customer       # whose turn is interrupted
          min_delay_ms: 500    # starts at least this long inside the other turn
          min_ms: 1000         # and talks over it at least this long
          min_chars: 4
    """

    kind = "overlap"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(body, {"speaker", "over", "min_ms", "min_delay_ms", "min_chars"}, where)
        self.scope = TurnScope.parse({"speaker": body.get("speaker", "agent")}, where)
        self.over = TurnScope.parse({"speaker": body.get("over", "customer")}, where)
        self.min_ms = number(body.get("min_ms", 500), where.at("min_ms"))
        self.min_delay_ms = number(body.get("min_delay_ms", 0), where.at("min_delay_ms"))
        self.min_chars = integer(body.get("min_chars", 1), where.at("min_chars"))

    def evaluate(self, ctx: QAContext) -> Match:
        others = [
            ctx.turns[j]
            for j in self.over.turns(ctx)
            if ctx.turns[j].start is not None and ctx.turns[j].end is not None
        ]
        hits = []
        for i in self.scope.turns(ctx):
            t = ctx.turns[i]
            if t.start is None or len(_NOT_SPOKEN.sub("", t.text)) < self.min_chars:
                continue
            for o in others:
                inside = o.start < t.start < o.end  # type: ignore[operator]
                if (
                    inside
                    and (t.start - o.start) * 1000 >= self.min_delay_ms  # type: ignore[operator]
                    and (o.end - t.start) * 1000 >= self.min_ms  # type: ignore[operator]
                ):
                    hits.append(_whole(ctx, i))
                    break
        return Match.of(hits)


class ResponseDelayMatcher(Condition):
    """Chat response times: the first agent reply and each later reply.

    The clock starts at the first customer message not yet answered and stops
    at the next agent message. A customer message left unanswered at the end
    of the log has no measurable delay and is not counted.

    With ``system_answers`` a system message (a chatbot before the hand-over to
    a human) also answers the customer messages before it, unless it matches
    ``system_notice`` (转接人工, 排队中, 请稍候: the customer is still waiting).
    The human's first reply is then measured from the customer's next message
    (the request for a human), with ``first_max_seconds``.

    A customer message matching ``customer_pause`` (等下 我找一下旧卡, 那我等一下吧:
    the customer steps away) starts no clock when nothing is waiting for an
    answer; the clock starts at their next message.

    YAML::

        response_delay:
          first_max_seconds: 30
          each_max_seconds: 60
          system_answers: true            # optional
          system_notice: 转接|排队|稍候    # optional, with system_answers
          customer_pause: 等一下|我去找    # optional

    Evidence: the late agent message.
    """

    kind = "response_delay"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(
            body,
            {
                "first_max_seconds",
                "each_max_seconds",
                "system_answers",
                "system_notice",
                "customer_pause",
            },
            where,
        )
        self.customer_pause = _pause(body, where)
        if "first_max_seconds" not in body and "each_max_seconds" not in body:
            raise where.error("give first_max_seconds and/or each_max_seconds")
        self.system_answers = (
            boolean(body["system_answers"], where.at("system_answers"))
            if "system_answers" in body
            else False
        )
        if "system_notice" in body and not self.system_answers:
            raise where.at("system_notice").error("needs system_answers: true")
        self.system_notice = (
            compile_regex(body["system_notice"], where.at("system_notice"))
            if "system_notice" in body
            else None
        )
        self.first_max = (
            number(body["first_max_seconds"], where.at("first_max_seconds"))
            if "first_max_seconds" in body
            else None
        )
        self.each_max = (
            number(body["each_max_seconds"], where.at("each_max_seconds"))
            if "each_max_seconds" in body
            else None
        )

    def evaluate(self, ctx: QAContext) -> Match:
        waiting: float | None = None
        replied = False
        hits = []
        for i, t in enumerate(ctx.turns):
            if t.start is None or not t.text.strip():  # a blank message is no reply
                continue
            if t.speaker == "customer" and waiting is None:
                if not (self.customer_pause and self.customer_pause.search(ctx.folded[i])):
                    waiting = t.start
            elif t.speaker == "agent" and waiting is not None:
                limit = self.each_max if replied else self.first_max
                if limit is not None and t.start - waiting > limit:
                    hits.append(_whole(ctx, i))
                replied = True
                waiting = None
            elif (
                t.speaker == "system"
                and self.system_answers
                and waiting is not None
                and not (self.system_notice and self.system_notice.search(ctx.folded[i]))
            ):
                waiting = None  # a bot's answer; the human's first reply is still to come
        return Match.of(hits)


class SpeechRateMatcher(Condition):
    """Speech rate in characters per minute outside [min_cpm, max_cpm].

    Characters exclude punctuation, spaces and PII tags. Turns shorter than
    ``min_chars`` or without start and end are skipped.

    YAML::

        speech_rate:
          speaker: agent
          max_cpm: 320
          min_cpm: 100     # optional
          min_chars: 15
    """

    kind = "speech_rate"

    def __init__(self, raw: Any, where: Where) -> None:
        body = mapping(raw, where)
        check_keys(body, TurnScope.KEYS | {"max_cpm", "min_cpm", "min_chars"}, where)
        self.scope = TurnScope.parse(body, where)
        self.max_cpm = number(body["max_cpm"], where.at("max_cpm")) if "max_cpm" in body else None
        self.min_cpm = number(body["min_cpm"], where.at("min_cpm")) if "min_cpm" in body else None
        if self.max_cpm is None and self.min_cpm is None:
            raise where.error("give max_cpm and/or min_cpm")
        self.min_chars = integer(body.get("min_chars", 10), where.at("min_chars"))

    def evaluate(self, ctx: QAContext) -> Match:
        hits = []
        for i in self.scope.turns(ctx):
            t = ctx.turns[i]
            if t.start is None or t.end is None or t.end <= t.start:
                continue
            chars = len(_NOT_SPOKEN.sub("", t.text))
            if chars < self.min_chars:
                continue
            cpm = chars * 60.0 / (t.end - t.start)
            if (self.max_cpm is not None and cpm > self.max_cpm) or (
                self.min_cpm is not None and cpm < self.min_cpm
            ):
                hits.append(_whole(ctx, i))
        return Match.of(hits)
