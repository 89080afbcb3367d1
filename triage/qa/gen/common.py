"""Template expansion and surface variation shared by the QA generators."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from triage.classify.datagen.noise import asr_noise

_GROUP = re.compile(r"\{([^{}]*)\}")
FILLERS = ("嗯", "呃", "那个", "就是", "啊", "哎", "这个", "反正", "我跟您说")
TAILS = ("", "", "", "啊", "呀", "吧", "嘛", "呢", "哈", "的", "了")
SEPARATORS = ("，", "，", "。", " ", " ", "", "！", "…")

Family = Callable[[random.Random], str]


def expand(template: str, rng: random.Random) -> str:
    """Pick one alternative per ``{a|b|…}`` group (groups nest; alternatives may be empty)."""
    while "{" in template:
        template = _GROUP.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return template


def pick(rng: random.Random, templates: Sequence[str]) -> str:
    """Expand one of ``templates``."""
    return expand(rng.choice(templates), rng)


def you(text: str, rng: random.Random) -> str:
    """Agents say 您 or (impolitely, or in ASR output) 你."""
    return text.replace("您", "你") if rng.random() < 0.3 else text


def surface(text: str, rng: random.Random) -> str:
    """Spoken-style variation: fillers, tails, ASR spacing and noise, no punctuation."""
    if rng.random() < 0.25:
        text = rng.choice(FILLERS) + rng.choice(("", " ", "，")) + text
    if rng.random() < 0.3:
        text = text + rng.choice(TAILS)
    text = you(text, rng)
    r = rng.random()
    if r < 0.3:  # ASR: punctuation becomes spaces or vanishes
        text = re.sub(r"[，。！？]", lambda _: rng.choice((" ", "", " ")), text)
    if rng.random() < 0.25:
        text = asr_noise(text, rng, 0.05)
    return text.strip() or text


def join(parts: Sequence[str], rng: random.Random) -> str:
    """Clauses joined as people write or ASR transcribes them."""
    out = parts[0]
    for p in parts[1:]:
        out += rng.choice(SEPARATORS) + p
    return out


def compose(
    rng: random.Random,
    main: Sequence[Family],
    context: Sequence[Family],
    *,
    p_context: float = 0.5,
) -> str:
    """One utterance: a clause of a ``main`` family, sometimes with neutral context clauses."""
    parts = [rng.choice(main)(rng)]
    if context and rng.random() < p_context:
        parts.insert(0 if rng.random() < 0.5 else 1, rng.choice(context)(rng))
    if context and rng.random() < p_context / 3:
        parts.append(rng.choice(context)(rng))
    return surface(join(parts, rng), rng)


def windows(
    rng: random.Random,
    n: int,
    extra: Sequence[str],
    window: Callable[[random.Random, bool], str],
    *,
    p_extra: float = 0.3,
    p_positive: float = 0.35,
) -> tuple[list[str], list[int]]:
    """``n`` training windows and labels (1 = positive).

    Each is, with probability ``p_extra`` (when ``extra`` is not empty), an
    ``extra`` line labelled 0; else a coin with ``p_positive`` decides the label
    and ``window(rng, positive)`` writes the text.
    """
    texts: list[str] = []
    labels: list[int] = []
    for _ in range(n):
        if extra and rng.random() < p_extra:
            texts.append(rng.choice(extra))
            labels.append(0)
            continue
        positive = rng.random() < p_positive
        texts.append(window(rng, positive))
        labels.append(int(positive))
    return texts, labels


def beside(core: str, rng: random.Random, before: Family, after: Family) -> str:
    """``core``, a quarter of the time after a ``before`` clause, 15% before an ``after`` one."""
    r = rng.random()
    if r < 0.25:
        return before(rng) + rng.choice(("，", " ", "。")) + core
    if r < 0.4:
        return core + rng.choice(("，", " ", "。")) + after(rng)
    return core
