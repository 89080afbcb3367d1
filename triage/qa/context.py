"""What a QA rule sees of one interaction: redacted turns plus metadata.

The context is built once per interaction and shared by every rule, so
per-turn work (case folding, sentence splits, sentence embeddings) happens
once. Matchers read only redacted text; word-segmented ASR turns are read
with their word spaces removed (:mod:`triage.spacing`) and unpunctuated ones
with commas at likely clause ends (:mod:`triage.qa.breaks`), and
:meth:`QAContext.original_spans` maps spans found there back, so evidence
indexes the redacted turn as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triage.qa.breaks import with_breaks
from triage.schema import Span, Turn
from triage.spacing import compact, original_span

# Length-preserving fold, so spans found in folded text index the redacted text:
# full-width letters and digits to ASCII, lower case, ideographic space to space,
# and ASCII clause punctuation to the Chinese marks (rules write ，。！？；： only).
_FOLD = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD.update({ord(a): ord(b) for a, b in zip(",?!;:", "，？！；：", strict=True)})
_FOLD[0x3000] = 0x20

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")  # ASCII kept: sentence_bounds sees raw text too
_TAG = re.compile(r"<([A-Z_]+)>")


def _reading(
    text: str, join_words: bool, clause_breaks: bool
) -> tuple[str, tuple[int, ...] | None]:
    """How the rules read one turn: its text and the original index of each character.

    The index is None when the turn is read as given.
    """
    index: tuple[int, ...] | None = None
    joined = compact(text) if join_words else None
    if joined is not None:
        text, index = joined
    broken = with_breaks(text) if clause_breaks else None
    if broken is not None:
        text = broken[0]
        index = broken[1] if index is None else tuple(index[k] for k in broken[1])
    return text, index


def fold(text: str) -> str:
    """Fold width, case and clause punctuation without changing the length."""
    out = text.translate(_FOLD).lower()
    return out if len(out) == len(text) else text.translate(_FOLD)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (split on 。！？；and newlines)."""
    bounds = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > pos and text[pos : m.end()].strip():
            bounds.append((pos, m.end()))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        bounds.append((pos, len(text)))
    return bounds


@dataclass(frozen=True, slots=True)
class Match:
    """Outcome of a condition: whether it holds and the spans that show it.

    A condition may hold without spans (metadata conditions, ``not``).
    """

    matched: bool
    hits: tuple[Span, ...] = ()

    @staticmethod
    def of(hits: Iterable[Span]) -> Match:
        """A match that holds exactly when ``hits`` is non-empty."""
        if isinstance(hits, list | tuple) and len(hits) < 2:
            return Match(True, (hits[0],)) if hits else NO_MATCH  # nothing to sort or merge
        merged: list[Span] = []
        for s in sorted(set(hits), key=lambda s: (s.turn, s.start, -s.end)):
            last = merged[-1] if merged else None
            if last is not None and last.turn == s.turn and s.start < last.end:
                if s.end > last.end:  # overlapping hits in one turn become one span
                    merged[-1] = Span(s.turn, last.start, s.end)
                continue
            merged.append(s)
        return Match(bool(merged), tuple(merged))


NO_MATCH = Match(False)


@dataclass
class QAContext:
    """One interaction as QA rules see it.

    Attributes:
        turns: Redacted turns.
        channel: ``call`` or ``chat``.
        intent: Primary intent label, if classified.
        intents: Primary plus secondary intent labels.
        severity: Severity level (``P1``…), if graded.
        segment: Customer segment, if given.
        entity_turns: PII type -> indices of turns containing such an entity.
        similarity: Whether similarity matchers run (off on the fast path).
        embedder: Callable embedding a list of texts (lazy; see
            :mod:`triage.qa.embedder`).
        memo: Per-turn results of text matchers that depend on the turn's text
            alone, keyed by ``(matcher, text)``, kept across evaluations of a
            growing chat (the live hook); None: nothing is memoised.
        scratch: Values several matchers compute from the same text within ONE
            evaluation (e.g. the n-grams every classifier model reads from a
            clause), keyed by the producer's own key; never kept across
            evaluations.
        compacted: Turn index -> original index of each character, for the
            turns read otherwise than given (word spaces joined, clause breaks
            added; ``turns`` holds that text; see :meth:`original_spans`).
    """

    turns: Sequence[Turn]
    channel: str = "call"
    intent: str | None = None
    intents: frozenset[str] = frozenset()
    severity: str | None = None
    segment: str | None = None
    entity_turns: dict[str, set[int]] = field(default_factory=dict)
    similarity: bool = False
    embedder: Any = None
    memo: dict[Any, Any] | None = field(default=None, repr=False)
    scratch: dict[Any, Any] = field(default_factory=dict, repr=False)
    compacted: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _folded: list[str] | None = field(default=None, repr=False)
    _sentences: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _chars: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)
    _vectors: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _by_speaker: dict[frozenset[str] | None, list[int]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        turns: Sequence[Turn],
        *,
        channel: str = "call",
        intent: str | None = None,
        secondary: Iterable[str] = (),
        severity: str | None = None,
        segment: str | None = None,
        entities: Iterable[tuple[int, str]] = (),
        similarity: bool = False,
        embedder: Any = None,
        memo: dict[Any, Any] | None = None,
        join_words: bool = True,
        clause_breaks: bool = True,
    ) -> QAContext:
        """Build a context; entity types also come from type tags in the text.

        ``join_words``: read word-segmented ASR turns without their word spaces
        (:func:`triage.spacing.compact`); ``clause_breaks``: read unpunctuated
        turns with commas at likely clause ends (:func:`triage.qa.breaks.with_breaks`).
        Both off, every turn is read as given.
        """
        compacted: dict[int, tuple[int, ...]] = {}
        if join_words or clause_breaks:
            turns = list(turns)
            for i, t in enumerate(turns):
                # the live hook's memo keeps each turn's reading (the stage's settings: both on)
                memoised = memo is not None and join_words and clause_breaks
                got = memo.get((_reading, t.text)) if memoised else None  # type: ignore[union-attr]
                if got is None:
                    got = _reading(t.text, join_words, clause_breaks)
                    if memoised:
                        memo[(_reading, t.text)] = got  # type: ignore[index]
                if got[1] is not None:
                    turns[i] = Turn(t.speaker, got[0], t.start, t.end)
                    compacted[i] = got[1]
        entity_turns: dict[str, set[int]] = {}
        for turn, etype in entities:
            entity_turns.setdefault(etype, set()).add(turn)
        for i, t in enumerate(turns):
            for m in _TAG.finditer(t.text):
                entity_turns.setdefault(m.group(1), set()).add(i)
        intents = frozenset(([intent] if intent else []) + list(secondary))
        return cls(
            turns=list(turns),
            channel=channel,
            intent=intent,
            intents=intents,
            severity=severity,
            segment=segment,
            entity_turns=entity_turns,
            similarity=similarity,
            embedder=embedder,
            memo=memo,
            compacted=compacted,
        )

    def original_spans(self, spans: Iterable[Span]) -> tuple[Span, ...]:
        """``spans`` as offsets into the turns as given (undoing joins and added breaks)."""
        if not self.compacted:
            return tuple(spans)
        out = []
        for s in spans:
            index = self.compacted.get(s.turn)
            if index is None:
                out.append(s)
            else:
                out.append(Span(s.turn, *original_span(index, s.start, s.end)))
        return tuple(out)

    @property
    def folded(self) -> list[str]:
        """Per-turn folded text (same length as the redacted text)."""
        if self._folded is None:
            self._folded = [fold(t.text) for t in self.turns]
        return self._folded

    def chars(self, turn: int) -> frozenset[str]:
        """The distinct characters of one turn's folded text (cached; for prefilters)."""
        got = self._chars.get(turn)
        if got is None:
            got = self._chars[turn] = frozenset(self.folded[turn])
        return got

    def sentences(self, turn: int) -> list[tuple[int, int]]:
        """Sentence bounds of one turn (cached)."""
        got = self._sentences.get(turn)
        if got is None:
            got = sentence_bounds(self.turns[turn].text)
            self._sentences[turn] = got
        return got

    def sentence_at(self, turn: int, pos: int) -> tuple[int, int]:
        """Bounds of the sentence of ``turn`` containing character ``pos``."""
        for s, e in self.sentences(turn):
            if s <= pos < e:
                return s, e
        return 0, len(self.turns[turn].text)

    def turns_of(self, speakers: frozenset[str] | None) -> list[int]:
        """Indices of the turns spoken by ``speakers`` (all turns when None)."""
        got = self._by_speaker.get(speakers)
        if got is None:
            if speakers is None:
                got = list(range(len(self.turns)))
            else:
                got = [i for i, t in enumerate(self.turns) if t.speaker in speakers]
            self._by_speaker[speakers] = got
        return list(got)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts``; each distinct text embedded once."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            if self.embedder is None:
                raise RuntimeError("similarity matching needs an embedder")
            for text, vec in zip(missing, self.embedder(missing), strict=True):
                self._vectors[text] = vec
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1))
