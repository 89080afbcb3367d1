"""How often a character appears in Chinese given names (data from the ``ngender`` package).

``ngender`` (MIT, PyPI) ships ``charfreq.csv``: per character, how many male and
female given names in a large name register contain it. :class:`GivenNameChars`
turns that into a share per character, used by
:mod:`triage.redact.recognizers.person_name` to decide whether a stray
character after a two-character name (许权|中, 钟轩|礼) is the rest of the name.
Loaded once, lazily; nothing is downloaded.
"""

from __future__ import annotations

import csv
import importlib.resources
from functools import lru_cache

#: Share of given-name characters above which a character reads as a name character
#: (about the 600 most frequent; 中 2e-3, 礼 7e-4, 人 2.3e-4 pass; 在 1.8e-4, 说, 的 do not).
COMMON_SHARE = 2e-4


class GivenNameChars:
    """Per-character share of given names (``ngender`` ``charfreq.csv``).

    Args:
        share: Mapping character -> share of all given-name characters.
    """

    def __init__(self, share: dict[str, float]) -> None:
        self.share = share

    @classmethod
    def load(cls) -> GivenNameChars:
        """Read ``charfreq.csv`` from the installed ``ngender`` package."""
        path = importlib.resources.files("ngender") / "charfreq.csv"
        counts: dict[str, int] = {}
        with path.open(encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader, None)  # header: char,male,female
            for row in reader:
                if len(row) == 3 and len(row[0]) == 1:
                    counts[row[0]] = int(row[1]) + int(row[2])
        total = sum(counts.values()) or 1
        return cls({c: n / total for c, n in counts.items()})

    def is_common(self, char: str, share: float = COMMON_SHARE) -> bool:
        """Whether ``char`` is among the frequent given-name characters."""
        return self.share.get(char, 0.0) >= share


@lru_cache(maxsize=1)
def given_name_chars() -> GivenNameChars:
    """The shared, lazily loaded table."""
    return GivenNameChars.load()
