"""Redaction of whole interactions: analyse once, map back, merge, replace.

:class:`Redactor` is what both :class:`~triage.redact.stage.RedactStage` and
the Python API (:func:`triage.redact.redact_text`) use. Offsets of the
returned entities refer to the ORIGINAL turn text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.normalize import normalize_text
from triage.redact.analysis import build_analysis_text
from triage.redact.operators import Pseudonymizer, replace
from triage.redact.recognizers.base import HOTLINE_SHORT, ID_X, NOT_A_QUANTITY, SEP
from triage.redact.recognizers.continued_number import (
    CONNECTIVE,
    CORRECTION,
    FILLERS,
    TAKEN_BACK,
    ends_number,
)
from triage.redact.settings import RedactSettings, load_redact_settings
from triage.schema import Entity, Turn
from triage.stage import NormText

#: Tie-break between overlapping types with equal scores (more specific first).
_TYPE_RANK: dict[str, int] = {
    "VERIFICATION_CODE": 0,
    "CN_ID_CARD": 1,
    "BANK_CARD": 2,
    "PHONE_NUMBER": 3,
    "EMAIL_ADDRESS": 4,
    "ADDRESS": 5,
    "PERSON": 6,
}

#: Numbers that may hold one another's digit groups (a landline-shaped group of a card).
_NUMBER_TYPES = frozenset({"CN_ID_CARD", "BANK_CARD", "PHONE_NUMBER"})
#: What may follow a number that ends its turn (punctuation, fillers).
_TURN_END = re.compile(f"[{FILLERS}]*")
#: Digits of a whole number of each type (fewer: it may go on in the next turn).
_WHOLE_DIGITS = {"CN_ID_CARD": 18, "PHONE_NUMBER": 11, "BANK_CARD": 16, "VERIFICATION_CODE": 6}
#: A connective word between two pieces of a number in the same turn.
_CONNECTIVE = re.compile(CONNECTIVE)
#: Most digits of a number of each type (a piece that would pass it is something else).
_MAX_DIGITS = {"CN_ID_CARD": 18, "PHONE_NUMBER": 13, "BANK_CARD": 19, "VERIFICATION_CODE": 8}
#: A year said as one inside an ID number read out in pieces (四二零六八四 然后是 一九五四年的
#: 呃 幺幺二五…): the birth date's year, four digits from 19 or 20, with 年 (的).
_ID_YEAR = re.compile(r"(?:19|20)\d\d")
#: Which bank a card is, said between its pieces (六二一六六一 就是那个 中国银行 的 六八二四…):
#: only a card's pieces are joined across it.
_BANK_ASIDE = r"那个|[\u4e00-\u9fff]{1,6}(?:银行|信用社|农信)"
_BANK_WORD = re.compile("银行|信用社|农信")
#: The birth date explained between the pieces of an ID number (零五零六 是 五月六号的生日 然后
#: 四六五四): only an ID number's pieces are joined across it.
_BIRTH_ASIDE = (
    r"[\d一二三四五六七八九十两]{1,3}月[\d一二三四五六七八九十两]{1,3}[号日]的?(?:生日|出生)?"
)
_BIRTH_WORD = re.compile(_BIRTH_ASIDE)
#: An earlier piece of a number right before a part found in the same turn: digits, then
#: what joins them (幺幺零幺零五，后边是…, 八四六四 是 六四二四; for an ID number also the
#: birth year with 年: 一九五四年的 呃 …). Groups: digits, 年, the gap.
_BEFORE_PIECE = re.compile(
    rf"(?<![\dA-Za-z])(\d(?:{SEP}\d){{3,}})(年的?)?((?:[{FILLERS}是对的]|{CONNECTIVE}|{_BANK_ASIDE})*)$"
)
#: The next piece of a number after a part found in the same turn: what joins them, then
#: digits (an ID number's X included); for an ID number also the birth year with 年 (的).
#: Groups: the gap, digits, 年.
_AFTER_PIECE = re.compile(
    rf"((?:[{FILLERS}是对的]|{CONNECTIVE}|{_BANK_ASIDE}|{_BIRTH_ASIDE})*)"
    rf"(\d(?:{SEP}\d){{2,}}(?:{SEP}{ID_X}(?![A-Za-z]))?)(?![\dA-Za-z])"
    rf"(?:(年的?)|{NOT_A_QUANTITY})"
)
#: A false start right before a number found in the same turn: the caller begins, then
#: restates or corrects it (一 七 七 就是 幺七七…, 幺三九 不对不对 是幺三八…).
_RESTART = re.compile(
    rf"(?<![\dA-Za-z])(\d(?:{SEP}\d){{1,6}})[{FILLERS}]*"
    rf"(?:(就是|也就是|我是说|我说的是)|{TAKEN_BACK}+)[{FILLERS}是的]*$"
)
#: 是 or 对 in a gap between two pieces (八四六四 是 六四二四): the caller going on.
_GOES_ON = re.compile("[是对]")


@dataclass(frozen=True, slots=True)
class RedactedInteraction:
    """Redaction of one interaction: entities (original offsets) and redacted turns."""

    entities: tuple[Entity, ...]
    turns: tuple[Turn, ...]


def merge_entities(items: Sequence[Entity]) -> list[Entity]:
    """Merge overlapping spans of one turn into one entity (union of spans).

    The merged entity keeps the type of its highest-scoring part (C3 first on
    ties, so a code inside a longer match is never shown partially), except that
    a number inside a longer number is part of it: a card or account number
    holds digit groups that look like a landline (``卡号是6222，0202，0000，1234``).
    """
    out: list[Entity] = []
    for e in sorted(items, key=lambda x: (x.turn, x.start, -x.end)):
        if out and out[-1].turn == e.turn and e.start < out[-1].end:
            prev = out[-1]
            key_prev = (prev.score, -_TYPE_RANK.get(prev.type, 9), prev.end - prev.start)
            key_new = (e.score, -_TYPE_RANK.get(e.type, 9), e.end - e.start)
            best = prev if key_prev >= key_new else e
            if (
                prev.type in _NUMBER_TYPES
                and e.type in _NUMBER_TYPES
                and (prev.start, prev.end) != (e.start, e.end)
            ):
                if prev.start <= e.start and e.end <= prev.end:
                    best = prev
                elif e.start <= prev.start and prev.end <= e.end:
                    best = e
            if "VERIFICATION_CODE" in (prev.type, e.type):
                best = prev if prev.type == "VERIFICATION_CODE" else e
            out[-1] = Entity(
                prev.turn, prev.start, max(prev.end, e.end), best.type, max(prev.score, e.score)
            )
        else:
            out.append(e)
    return out


class Redactor:
    """Finds and replaces PII in interactions.

    Args:
        settings: Parsed redaction settings (default: ``pipelines/redact.yaml``).
    """

    def __init__(self, settings: RedactSettings | None = None) -> None:
        self.settings = settings if settings is not None else load_redact_settings()
        self._engine = None
        self._continued: Any = None
        for rec in self.settings.recognizers:
            if rec.name == "continued_number":
                from triage.redact.recognizers import load_recognizer_class

                self._continued = load_recognizer_class(rec.name)(**rec.options)

    @classmethod
    def from_config(cls, path: Path | str | None = None) -> Redactor:
        """A redactor configured from a ``redact.yaml`` file."""
        return cls(load_redact_settings(path))

    def setup(self) -> None:
        """Build the presidio engine and load NER (once)."""
        if self._engine is None:
            from triage.redact.engine import PresidioEngine

            engine = PresidioEngine(self.settings)
            engine.setup()
            self._engine = engine

    def supported_entities(self) -> list[str]:
        """Entity types with an enabled ``zh`` recognizer."""
        self.setup()
        assert self._engine is not None
        return self._engine.supported_entities()

    def normalize(self, turns: Sequence[Turn]) -> list[NormText]:
        """Normalise turns (for callers without a normalize stage)."""
        return [normalize_text(t.text, self.settings.min_spoken_run) for t in turns]

    def redact_batch(
        self, items: Sequence[tuple[Sequence[Turn], Sequence[NormText] | None]]
    ) -> list[RedactedInteraction]:
        """Redact many interactions (batched NER, one analyzer pass per interaction).

        Args:
            items: ``(turns, norms)`` per interaction; ``norms`` may be None.

        Returns:
            One :class:`RedactedInteraction` per input, in order.
        """
        self.setup()
        assert self._engine is not None
        prepared = []
        for turns, norms in items:
            norms = list(norms) if norms is not None else self.normalize(turns)
            if len(norms) != len(turns):
                raise ValueError("normalised turns do not match the turns")
            at = build_analysis_text([t.speaker for t in turns], norms, self.settings.join_window)
            prepared.append((turns, norms, at))
        findings = self._engine.analyze_batch([at.text for _, _, at in prepared])
        return [
            self._apply(turns, norms, at, found)
            for (turns, norms, at), found in zip(prepared, findings, strict=True)
        ]

    def _continue_numbers(
        self, turns: Sequence[Turn], norms: Sequence[NormText], entities: list[Entity]
    ) -> list[Entity]:
        """The rest of numbers read out over several turns, after the part found.

        A number found at the end of a turn (a card after 卡号, the part given after the
        agent asked) with fewer digits than a whole one of its type goes on in the
        leading digits of the same speaker's next turn within the continued-number
        recognizer's ``join_window`` (at least its ``min_digits``), whatever their
        checksum: the batch form of :mod:`~triage.redact.recognizers.continued_number`,
        which does this in the live hook from the stored turn's tag. In the same turn, a
        false start right before the number and a group said again right after it (不对
        后面是 零七八五) are part of it; so is a group said again after a correction that
        opens the same speaker's next turn (哎 不对 最后三位是 四七三), whole number or not.
        """
        rec = self._continued
        ends: dict[int, str] = {}
        added: list[Entity] = []
        for e in entities:
            if e.type not in rec.entities:
                continue
            value = _norm_slice(norms[e.turn], e.start, e.end)
            m = _RESTART.search(norms[e.turn].text, 0, bisect_left(norms[e.turn].starts, e.start))
            if m is not None:
                said = "".join(c for c in m.group(1) if c.isdigit())
                digits_found = "".join(c for c in value if c.isdigit())
                # a restatement (就是) repeats the number's start; a correction replaces a
                # digit or two of it (幺五八 不对 是幺五九): the same first two digits
                if (
                    digits_found.startswith(said)
                    if m.group(2)
                    else len(said) >= 3 and digits_found[:2] == said[:2]
                ):
                    s0, e0 = norms[e.turn].to_original(*m.span(1))
                    added.append(Entity(e.turn, s0, e0, e.type, rec.score))
            nt = norms[e.turn]
            fix = _correction(nt.text, bisect_left(nt.starts, e.end))
            if fix is not None:
                # 不对 后面是 零七八五: the group said again is part of the number
                fs, fe = nt.to_original(*fix.span(1))
                added.append(Entity(e.turn, fs, fe, e.type, rec.score))
                # … and the pieces after it (不是 零五零六 是五月六号的生日 然后 四六五四)
                said = sum(c.isdigit() for c in value)
                pieces, _ = _pieces_around(nt, e.type, said, fs, fe)
                added.extend(
                    Entity(e.turn, *nt.to_original(s, t), e.type, rec.score) for s, t in pieces
                )
            elif _TURN_END.fullmatch(turns[e.turn].text, e.end):
                added.extend(self._corrected_next(turns, norms, e))
            n = sum(c.isdigit() for c in value)
            if n >= _WHOLE_DIGITS.get(e.type, 0):
                continue
            pieces, n = _pieces_around(nt, e.type, n, e.start, e.end)
            added.extend(
                Entity(e.turn, *nt.to_original(s, t), e.type, rec.score) for s, t in pieces
            )
            if n < _WHOLE_DIGITS.get(e.type, 0) and _TURN_END.fullmatch(
                turns[e.turn].text, max([e.end, *(nt.ends[t - 1] for _, t in pieces)])
            ):
                ends[e.turn] = e.type
        if not ends:
            return merge_entities([*entities, *added]) if added else entities
        for i in range(len(turns)):
            if i not in ends:
                continue
            for j in range(i + 1, min(len(turns), i + 1 + rec.join_window)):
                if turns[j].speaker != turns[i].speaker:
                    if ends_number(turns[j].text, ends[i]):
                        break  # 核实通过 / 您的手机号呢: the number was whole, or another asked
                    continue
                m = rec.piece(norms[j].text)
                if m is not None:
                    s, e = norms[j].to_original(*m.span(1))
                    added.append(Entity(j, s, e, ends[i], rec.score))
                    # and a further piece after a connective in that turn (…四二三零 最后是幺七九)
                    m = rec.head.match(norms[j].text, m.end(1))
                    if m is not None and _CONNECTIVE.search(norms[j].text, m.start(), m.start(1)):
                        s, e = norms[j].to_original(*m.span(1))
                        added.append(Entity(j, s, e, ends[i], rec.score))
                    # the digits so far may still be short of a whole number
                    if _TURN_END.fullmatch(turns[j].text, e):
                        ends.setdefault(j, ends[i])
                break
        return merge_entities([*entities, *added]) if added else entities

    def _corrected_next(
        self, turns: Sequence[Turn], norms: Sequence[NormText], e: Entity
    ) -> list[Entity]:
        """The group said again after a correction opening the same speaker's next turn within
        the join window (… 四七八 / 哎 不对 最后三位是 四七三), unless the other speaker asked
        for a number of another type in between."""
        rec = self._continued
        for j in range(e.turn + 1, min(len(turns), e.turn + 1 + rec.join_window)):
            if turns[j].speaker != turns[e.turn].speaker:
                if ends_number(turns[j].text, e.type):
                    return []
                continue
            m = _correction(norms[j].text, 0)
            if m is None:
                return []
            return [Entity(j, *norms[j].to_original(*m.span(1)), e.type, rec.score)]
        return []

    def _apply(self, turns, norms, at, found) -> RedactedInteraction:  # type: ignore[no-untyped-def]
        raw: list[Entity] = []
        for f in found:
            for turn, ns, ne in at.spans(f.start, f.end):
                s, e = norms[turn].to_original(ns, ne)
                raw.append(Entity(turn, s, e, f.entity, f.score))
        entities = merge_entities(raw)
        if self._continued is not None:
            entities = self._continue_numbers(turns, norms, entities)
        pseudo = Pseudonymizer()
        by_turn: dict[int, list[Entity]] = {}
        for ent in entities:
            by_turn.setdefault(ent.turn, []).append(ent)
        red_turns = []
        for i, t in enumerate(turns):
            text = t.text
            if i in by_turn:
                parts: list[str] = []
                pos = 0
                for ent in by_turn[i]:
                    parts.append(text[pos : ent.start])
                    norm_value = _norm_slice(norms[i], ent.start, ent.end)
                    op = self.settings.operators.get(ent.type, "tag")
                    parts.append(replace(ent.type, op, norm_value, pseudo))
                    pos = ent.end
                parts.append(text[pos:])
                text = "".join(parts)
            red_turns.append(Turn(t.speaker, text, t.start, t.end))
        return RedactedInteraction(tuple(entities), tuple(red_turns))


def _correction(text: str, pos: int) -> re.Match[str] | None:
    """A group said again after a correction at ``pos`` (不对 后面是 零七八五), not a service
    number set against the number (他的号码是 … 不是 九五五八八 打来的: 95588 is no piece)."""
    m = CORRECTION.match(text, pos)
    if m is None:
        return None
    said = "".join(c for c in m.group(1) if c.isdigit())
    return None if HOTLINE_SHORT.fullmatch(said) else m


def _pieces_around(
    nt: NormText, kind: str, n: int, start: int, end: int
) -> tuple[list[tuple[int, int]], int]:
    """Other pieces of a short number found at original ``[start, end)`` of one turn.

    A number read out in pieces within one turn (四二零六八四 然后是 一九五四年的 呃
    幺幺二五…, 六二二二 对 零二六九 然后 八四六四 是 六四二四 最后 五七幺) may be found only in
    part. Pieces right before and after it go with it while the digits so far are short
    of a whole number of its type (``n`` digits found): joined by a connective (然后,
    后面是, 最后) or 是/对, or, in an ID number, the birth year said as one (一九五四年的);
    after a piece, an ID number's birth date explained (是五月六号的生日 然后 …) may stand in
    the gap.
    A piece after 最后/剩下 goes on past a whole number (a 19-digit card). None may take
    the digits past the most a number of the type has.

    Returns:
        The pieces (normalised spans) and the digit count with them.
    """
    whole, most = _WHOLE_DIGITS.get(kind, 0), _MAX_DIGITS.get(kind, 0)
    text = nt.text
    out: list[tuple[int, int]] = []

    def joined(gap: str, year: str | None, value: str) -> bool:
        if year is not None:
            # the year ends the piece (三三零幺零六 然后 一九八七年: one digit string)
            said = "".join(c for c in value if c.isdigit())
            return kind == "CN_ID_CARD" and _ID_YEAR.fullmatch(said[-4:]) is not None
        if _BANK_WORD.search(gap):
            return kind == "BANK_CARD"  # 六二二八四八 农业银行的 零三九一…: the card goes on
        if _BIRTH_WORD.search(gap) and kind != "CN_ID_CARD":
            return False  # 是五月六号的生日 然后 四六五四: an ID number's birth date explained
        return _CONNECTIVE.search(gap) is not None or _GOES_ON.search(gap) is not None

    k = bisect_left(nt.starts, start)
    while n < whole:
        m = _BEFORE_PIECE.search(text, 0, k)
        if m is None or not joined(m.group(3), m.group(2), m.group(1)):
            break
        d = _count_digits(m.group(1))
        if n + d > most:
            break
        out.append(m.span(1))
        n += d
        k = m.start(1)
    k = bisect_left(nt.starts, end)
    while True:
        m = _AFTER_PIECE.match(text, k)
        if m is None or not joined(m.group(1), m.group(3), m.group(2)):
            break
        last = re.search(r"最后|剩下", m.group(1)) is not None
        d = _count_digits(m.group(2))
        if n >= whole and not last or n + d > most:
            break
        out.append(m.span(2))
        n += d
        k = m.end()
    return out, n


def _count_digits(value: str) -> int:
    """Digits of a piece, an ID number's check character X counted as one."""
    return sum(c.isdigit() for c in value) + (re.search(ID_X, value) is not None)


def _norm_slice(nt: NormText, start: int, end: int) -> str:
    """The normalised characters whose source lies inside original ``[start, end)``."""
    return "".join(
        c for c, s, e in zip(nt.text, nt.starts, nt.ends, strict=True) if s >= start and e <= end
    )
