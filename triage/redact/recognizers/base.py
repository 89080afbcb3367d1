"""Presidio-free recognizer base: patterns, context words and a validator.

Recognizers here never import presidio; :mod:`triage.redact.engine` adapts
each one into a presidio ``EntityRecognizer`` (language ``zh``). They all see
the *analysis text* of one interaction: one line per turn, each line starting
with a speaker marker (:data:`SPEAKER_MARKERS`), plus ``JOIN_MARKER`` lines
that glue the tail of one turn to the head of the same speaker's next turn
(numbers split across turns). Text is already normalised
(:mod:`triage.normalize`): ASCII digits, folded full-width characters.

Chinese has no word boundary between 汉字 and digits, so patterns never use
``\\b``: digit strings are delimited with ``(?<!\\d)`` / ``(?!\\d)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from triage.normalize import DIGIT_GLUE
from triage.redact import starts

#: Marker character starting each turn's line in the analysis text.
SPEAKER_MARKERS: dict[str, str] = {"agent": "\ue000", "customer": "\ue001", "system": "\ue002"}
#: Marker starting a line that joins a turn's tail with the same speaker's next turn.
JOIN_MARKER = "\ue003"
MARKER_SPEAKER: dict[str, str] = {v: k for k, v in SPEAKER_MARKERS.items()}

#: An optional separator between two digits of one grouped number: one punctuation
#: character, space or 杠, or what a caller says between groups (嗯/呃/然后/对) with a
#: punctuation character or space on either side (``138，嗯，1234``, ``138呃1234``);
#: the same glue as the normaliser's (:data:`triage.normalize.DIGIT_GLUE`).
SEP = f"{DIGIT_GLUE}?"
#: Units that make the digits before them an amount of money (5000元, 三千块, 3.5%).
MONEY_UNIT = r"(?:元|块|万|千|百|毛|%|％)"
#: Units that make them a date, a time or a count (15号, 12期, 3个).
COUNT_UNIT = r"(?:天|年|月|日|号|点|分|秒|次|个|岁|位|笔|张|小时|倍|期)"
#: Negative lookahead: a unit right after a digit string makes it an amount, a date or a
#: count, not a code or an account number.
NOT_A_QUANTITY = rf"(?!\s?(?:{MONEY_UNIT}|{COUNT_UNIT}))"
#: Service numbers, no personal ones: 400/800 hotlines (ten digits) and the short numbers
#: 95xxx/96xxx and the five-digit public and carrier numbers 10xxx-12xxx (95588, 10086, 11185
#: China Post, 12345, 12315). Whole digit strings (``fullmatch``).
HOTLINE_400 = re.compile(r"[48]00\d{7}")
HOTLINE_SHORT = re.compile(r"9[56]\d{3,4}|1[0-2]\d{3}")
#: The check character X of an ID number as the ASR writes it (X, x, 叉, 艾克斯).
ID_X = r"(?:[Xx叉]|[艾埃爱]克斯)"
#: Its spellings that are not a Latin X (:func:`x_as_latin` folds them).
_X_SPELLED = re.compile(r"叉|[艾埃爱]克斯")


def x_as_latin(value: str) -> str:
    """``value`` with the check character X written as X (叉, 艾克斯 -> X)."""
    return _X_SPELLED.sub("X", value)


#: Regex fragment: ``n`` digits with optional separators between them.


def digits(n_min: int, n_max: int | None = None) -> str:
    """Regex for ``n_min``..``n_max`` digits with optional single separators between them."""
    if n_max is None:
        n_max = n_min
    return rf"\d(?:{SEP}\d){{{n_min - 1},{n_max - 1}}}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A detected value in the analysis text (presidio-free ``RecognizerResult``)."""

    start: int
    end: int
    entity: str
    score: float
    recognizer: str = ""


@dataclass(slots=True)
class Word:
    """A token of the analysis text with its part of speech (jieba/LAC tag set).

    Treat as immutable. Not ``frozen``: a frozen dataclass sets each field with
    ``object.__setattr__``, 10x the cost of a plain slot store, and the engine
    builds ~700 words per interaction (slot reads stay as fast).
    """

    start: int
    end: int
    text: str
    pos: str


@dataclass(slots=True)
class NlpView:
    """NLP results a recognizer may use: tokens with POS and NER spans.

    Attributes:
        words: Tokens in order (jieba segmentation with POS tags).
        ents: NER spans ``(start, end, label)`` with labels ``PER``/``LOC``/``ORG``.
    """

    words: list[Word] = field(default_factory=list)
    ents: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PatternSpec:
    """One pattern of a :class:`RegexRecognizer`.

    Attributes:
        name: Pattern name (for tests and metadata).
        regex: The regex; ``{ctx}`` is replaced by the alternation of context words.
        score: Score of a match that passes (or skips) validation.
        group: The group holding the value (0: whole match).
        validate: Run :meth:`RegexRecognizer.validate_result` on the value.
        needs: A string the text must hold for the pattern to run (a cheap pre-filter).
    """

    name: str
    regex: str
    score: float
    group: int | str = 0
    validate: bool = True
    needs: str = ""


class RegexRecognizer:
    """Pattern recognizer in the shape of presidio's ``PatternRecognizer``.

    Subclasses set ``ENTITY``, ``PATTERNS``, ``CONTEXT`` (default context words,
    overridable from ``pipelines/redact.yaml``) and may override
    :meth:`validate_result` (checksums). Args:
        context: Context words replacing ``CONTEXT``.
    """

    ENTITY: ClassVar[str] = ""
    NAME: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[PatternSpec, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: Sequence[str] | None = None) -> None:
        self.context = tuple(context) if context is not None else self.CONTEXT
        ctx = "|".join(re.escape(w) for w in sorted(self.context, key=len, reverse=True))
        self._compiled = [
            (spec, re.compile(spec.regex.replace("{ctx}", f"(?:{ctx})" if ctx else "(?!)"), re.I))
            for spec in self.PATTERNS
        ]
        # patterns that need a context word are skipped, after one search, in a text without any
        self._needs_cue = [("{ctx}" in spec.regex) for spec in self.PATTERNS]
        self._any_cue = re.compile(ctx or "(?!)", re.I)
        # patterns re cannot scan for fast are tried only where a match can begin (same matches)
        self._starts = [starts.start_scanner(rx) for _, rx in self._compiled]
        self._cue_starts = starts.start_scanner(self._any_cue)

    @property
    def name(self) -> str:
        """Recognizer name (class name unless ``NAME`` is set)."""
        return self.NAME or type(self).__name__

    @property
    def entities(self) -> tuple[str, ...]:
        """Entity types this recognizer can return."""
        return (self.ENTITY,)

    def validate_result(self, value: str) -> bool | None:
        """Check a candidate value: True keep (raise score), False drop, None keep as is."""
        return None

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """All findings in ``text``."""
        out: list[Finding] = []
        has_cue: bool | None = None
        for (spec, rx), needs_cue, scanner in zip(
            self._compiled, self._needs_cue, self._starts, strict=True
        ):
            if spec.needs and spec.needs not in text:
                continue
            if needs_cue:
                if has_cue is None:
                    has_cue = starts.search(self._any_cue, self._cue_starts, text) is not None
                if not has_cue:
                    continue
            for m in starts.finditer(rx, scanner, text):
                start, end = m.span(spec.group)
                if start < 0 or start == end:
                    continue
                score = spec.score
                if spec.validate:
                    verdict = self.validate_result(m.group(spec.group))
                    if verdict is False:
                        continue
                    if verdict is True:
                        score = max(score, 0.95)
                out.append(Finding(start, end, self.ENTITY, score, self.name))
        return out
