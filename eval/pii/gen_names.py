"""Generated lists of personal names (enumerations, runs without separators) for eval.pii.

Names are drawn from the repo's surname lists (:mod:`triage.redact.recognizers.surnames`,
3 % compound) and ``ngender``'s given-name characters weighted by their use (one or two
characters), so rare names occur as in real registers. Each case is one sentence: a lead-in,
the names joined by ``、``, by ``，`` or by nothing, and an ending. Seeded, reproducible;
nothing is downloaded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from triage.redact.recognizers.name_chars import given_name_chars
from triage.redact.recognizers.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

#: Separator forms: name, joiner.
LIST_FORMS: dict[str, str] = {"dunhao": "、", "comma": "，", "run": ""}
_LEADS = (
    "出席会议的有：",
    "当选的委员是：",
    "获奖名单如下：",
    "参加培训的同事有",
    "本次值班人员：",
    "主席团成员（以姓氏笔画为序）：",
)
_ENDS = ("。", "等。", "，请相互转告。", "")


@dataclass(frozen=True)
class NameListCase:
    """One sentence and the spans of its names (end exclusive)."""

    form: str
    text: str
    names: tuple[tuple[int, int], ...]


def generate_name_lists(
    n_per_form: int = 40, size: int = 12, seed: int = 20261127
) -> list[NameListCase]:
    """``n_per_form`` sentences per form, each with ``size`` names."""
    rng = random.Random(seed)
    table = given_name_chars().share
    chars = sorted(table)
    weights = [table[c] for c in chars]
    singles = sorted(SINGLE_SURNAMES)
    compounds = sorted(COMPOUND_SURNAMES)

    def name() -> str:
        sur = rng.choice(compounds) if rng.random() < 0.03 else rng.choice(singles)
        return sur + "".join(rng.choices(chars, weights, k=1 if rng.random() < 0.3 else 2))

    out: list[NameListCase] = []
    for form, joiner in LIST_FORMS.items():
        for _ in range(n_per_form):
            names = [name() for _ in range(size)]
            lead, end = rng.choice(_LEADS), rng.choice(_ENDS)
            spans = []
            pos = len(lead)
            for k, n in enumerate(names):
                spans.append((pos, pos + len(n)))
                pos += len(n) + (len(joiner) if k < len(names) - 1 else 0)
            out.append(NameListCase(form, lead + joiner.join(names) + end, tuple(spans)))
    return out
