"""Length-aware text normalisation with an offset map back to the original.

ASR transcripts and chat logs write the same number many ways: ``１３８``
(full-width), ``幺三八``/``一三八`` (spoken digits, 幺 = 1, 两 = 2, 洞 = 0,
拐 = 7 in radio style; inside a long number also what an ASR writes for a misheard digit,
二腰零二, 五是三八: :data:`HOMOPHONE_DIGITS`), mixed with ASCII digits and with spaces, commas or
dashes between groups. :func:`normalize_text` folds these into ASCII so the
recognizers can use plain ``\\d`` patterns, and keeps, for every normalised
character, the span of the original text it came from (:class:`NormText`), so
every detected span can be mapped back to the ORIGINAL text.

Spoken digits are converted only where they form a digit string: a run of at
least ``min_spoken_run`` digit characters (separators, or what a caller says
between groups as the ASR wrote it, 嗯/呃/然后, allowed between them), or
a shorter run mixed with ASCII digits. Words such as 统一, 一些, 两三个, 十五天
or 两千 are left alone: 十/百/千/万 are not digits and break a run.

Word-segmented ASR turns (a space between every word, :mod:`triage.spacing`)
are read with their word spaces dropped (``零 二八 八六 幺 二 三四 五六`` is one
landline number, ``天府 大道 北段 一千七百 号`` one address): then the map is
not 1:1, and a span over the joined text maps to the original words with the
spaces between them. Otherwise the normaliser is 1:1 on characters (folding
never merges or drops characters). Consumers always go through
:meth:`NormText.to_original`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from triage.redact.checksums import luhn_ok
from triage.spacing import compact
from triage.stage import Doc, NormText, Stage

#: Chinese characters read as single digits inside digit strings.
SPOKEN_DIGITS: dict[str, str] = {
    "零": "0",
    "〇": "0",
    "○": "0",
    "洞": "0",
    "一": "1",
    "幺": "1",
    "壹": "1",
    "二": "2",
    "两": "2",
    "贰": "2",
    "三": "3",
    "叁": "3",
    "四": "4",
    "肆": "4",
    "五": "5",
    "伍": "5",
    "六": "6",
    "陆": "6",
    "七": "7",
    "拐": "7",
    "柒": "7",
    "八": "8",
    "捌": "8",
    "九": "9",
    "玖": "9",
}

#: Capital numerals that are surnames too (伍, 陆): alone after a separator at the end of a digit
#: string and glued to the next 汉字 (… 5413 伍思远), the surname of a name, no digit.
_SURNAME_NUMERALS = frozenset("伍陆")
#: Characters an ASR writes for a spoken digit it misheard (腰/要 for 幺, 期 for 七, 是 for 四,
#: 就 for 九). They read as that digit only inside a long digit string (at least
#: :data:`HOMOPHONE_MIN_RUN` digits in all), right between two digits (二腰零二, 五是三八,
#: 幺九就二); 期 and 腰/妖 also at the start or end of a spoken group (五八幺零 期零七八, 六零
#: 腰八), and 腰/妖 at the very start of the string (腰三腰二六三…, 妖三九…). Except for 腰 and
#: 妖 (:data:`_HOMOPHONE_YAO`), no words people use near numbers, at least
#: :data:`HOMOPHONE_SIDE` digits of the string must stand on either side of it (分六期 幺三八…,
#: 十二期, 三期零利率 stay words).
HOMOPHONE_DIGITS: dict[str, str] = {
    "腰": "1",
    "妖": "1",
    "要": "1",
    "期": "7",
    "是": "4",
    "就": "9",
}
#: Fewest digits of a string holding a homophone (a mobile number's length).
HOMOPHONE_MIN_RUN = 11
#: Fewest digits of the string on either side of a homophone other than 腰.
HOMOPHONE_SIDE = 3
#: Homophones that may stand next to a separator (the others only between two digits).
_HOMOPHONE_AT_GROUP_EDGE = frozenset("期腰妖")
#: The homophones of 幺 that are no word near numbers: they may also start a digit string
#: (腰三腰二六三 零七零八五, 妖三九…) and need no digits on either side.
_HOMOPHONE_YAO = "腰妖"
#: Homophones that are also connectives between spoken groups (八四六四 是 六四二四).
_HOMOPHONE_WORDS = frozenset("是就要")

#: Characters allowed between digits of one digit string (after full-width fold);
#: 杠 is how a dash is read out (零二一杠六二三四…).
SEPARATORS: frozenset[str] = frozenset(" -‐‑–—,，、.·杠")
#: What a caller says between the groups of a number read out aloud, as the ASR
#: writes it: a hesitation sound (一三八，嗯，一二三四…, 五二呃九九), 然后, 对, or the filler
#: words 就是 and 那个 (幺七七 就是 三六四三); in a chat an emoji typed between two groups
#: (8848 🙏 1425). One of them, with a space or comma on either side, also joins two
#: digits (regex fragment).
HESITATION = r"(?:[嗯呃啊额哦唔]|然后|对|就是|那个|[\U0001f000-\U0001faff\u2600-\u27bf]\ufe0f?)"
#: One of :data:`SEPARATORS` (regex fragment).
SEPARATOR_CLASS = "[" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"
#: A separator or a hesitation between two digits of one digit string (regex fragment).
_HESITATION_GLUE = f"[ ,，、…]?{HESITATION}[ ,，、…]?"
#: A dash typed with a space on either side (010 - 6552 8888).
_SPACED_DASH = "[ ][-‐‑–—杠][ ]"
DIGIT_GLUE = f"(?:{SEPARATOR_CLASS}|{_SPACED_DASH}|{_HESITATION_GLUE})"


def fold_char(ch: str) -> str:
    """Fold one full-width ASCII character (``１``, ``Ａ``, ``＠``, ideographic space) to ASCII."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return ch


#: :func:`fold_char` as a ``str.translate`` table (one character to one character).
_FOLD_TABLE: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_FOLD_TABLE[0x3000] = " "
#: A typed number with letters that look like digits (l8877…, 4lo225…: o/O for 0, l/I for 1):
#: a word of 11 to 19 such characters, at least 6 of them digits (more than half of a
#: mobile number: l8694Ol5O56), is read as digits (1:1).
_LOOKALIKE_NUMBER = re.compile(
    r"(?<![A-Za-z0-9@._%+-])(?=(?:[oOlI]*[0-9]){6})(?=[0-9]*[oOlI])[0-9oOlI]{11,19}"
    r"(?![A-Za-z0-9@._%+-])"
)
_LOOKALIKE_TABLE = str.maketrans("oOlI", "0011")
#: English digit words a caller mixes into a number (六二二五八八四oneone四三六…).
EN_DIGIT_WORDS: dict[str, str] = {
    w: str(k) for k, w in enumerate("zero one two three four five six seven eight nine".split())
}
_EN_DIGIT_WORD = re.compile("|".join(EN_DIGIT_WORDS), re.I)
_DIGIT_CLASS = "[0-9" + "".join(SPOKEN_DIGITS) + "]"
#: English digit words glued between two digits (ASCII or spoken) on both sides.
_EN_DIGIT_RUN = re.compile(
    rf"(?<={_DIGIT_CLASS})(?:{_EN_DIGIT_WORD.pattern})+(?={_DIGIT_CLASS})", re.I
)
#: A digit said with how often it repeats inside a number (一八六两个零…, 幺三九三个八…):
#: the count word and how many digits it stands for (1:1 on characters up to three).
_REPEAT_COUNT: dict[str, int] = {"两": 2, "三": 3}


def _is_digit(text: str, k: int) -> bool:
    return k < len(text) and ((text[k].isascii() and text[k].isdigit()) or text[k] in SPOKEN_DIGITS)


def _homophone_fits(
    text: str, j: int, digit_positions: list[int], index: Sequence[int] | None
) -> bool:
    """Whether the homophone at ``j`` may stand for a digit, judged on what is left of it and
    right next to it (the digits further right are counted when the string ends).

    ``index`` maps a word-segmented turn's joined text to the original: a connective word
    (是, 就, 要) said between two spaced groups (八四六四 是 六四二四) is no digit."""
    ch = text[j]
    if not digit_positions and ch in _HOMOPHONE_YAO:
        return _is_digit(text, j + 1)  # 腰三腰…: the string's first digit
    if not digit_positions or (ch not in _HOMOPHONE_YAO and len(digit_positions) < HOMOPHONE_SIDE):
        return False
    if (
        index is not None
        and ch in _HOMOPHONE_WORDS
        and (j + 1 >= len(index) or index[j] - index[j - 1] != 1 or index[j + 1] - index[j] != 1)
    ):
        return False
    last = digit_positions[-1]
    edge = ch in _HOMOPHONE_AT_GROUP_EDGE
    if last == j - 1:  # a digit right before: a digit, or (期) a separator and a digit after
        return _is_digit(text, j + 1) or (
            edge and j + 2 < len(text) and text[j + 1] in SEPARATORS and _is_digit(text, j + 2)
        )
    # (期) a separator right before, a digit before it, a digit right after
    return edge and last == j - 2 and text[j - 1] in SEPARATORS and _is_digit(text, j + 1)


#: Where a digit string may start (ASCII or spoken digit): the scan jumps from one to the next.
_DIGIT_START = re.compile("[0-9" + "".join(SPOKEN_DIGITS) + _HOMOPHONE_YAO + "]")
#: A hesitation between two digits of one digit string (the next digit is not consumed).
_HESITATION = re.compile(f"{_HESITATION_GLUE}(?=[0-9{''.join(SPOKEN_DIGITS)}])")
#: Digits after a hesitation that are a quantity (卡号… 然后 三千块钱, …然后 2000元, 然后 三点):
#: the next words, not more of the number before the hesitation.
_QUANTITY_AFTER_GLUE = re.compile(
    f"[0-9{''.join(SPOKEN_DIGITS)}]+[十百千万亿元块毛角点年月日号岁天个次%％]"
)
#: Filler words that join two groups only after a group of at least three digits
#: (幺七七 就是 三六四三; 二三 就是 幺五九… is a count, then the number).
_WORD_GLUE = ("就是", "那个")
_WORD_GLUE_GROUP = 3
#: Characters a hesitation between digits may start with (a cheap test before the regex).
_GLUE_FIRST = frozenset(" ,，、…嗯呃啊额哦唔然对就那") | frozenset(
    chr(c) for c in (*range(0x1F000, 0x1FB00), *range(0x2600, 0x27C0))
)


def _completes_card(text: str, digit_positions: list[int], piece: str) -> bool:
    """Whether the digits so far and a last piece read as a quantity (… 3五七0 嗯 零天的: 零 then
    天) make a Luhn-valid card number of 16-19 digits: the piece is the number's last group
    (dropping it would break the checksum; where both hold, masking more fails closed)."""
    head = "".join(
        text[k] if text[k].isascii() else SPOKEN_DIGITS.get(text[k], "") for k in digit_positions
    )
    whole = head + "".join(c if c.isascii() else SPOKEN_DIGITS.get(c, "") for c in piece)
    if len(head) != len(digit_positions) or len(whole) != len(head) + len(piece):
        return False  # a homophone or a non-digit inside: no such judgement
    return 16 <= len(whole) <= 19 and luhn_ok(whole)


def _homophones_hold(
    text: str, digit_positions: list[int], homophones: list[int], repeats: list[int]
) -> bool:
    """Whether the homophones of a finished digit string stand for digits: the string is
    long enough and each one other than 腰/妖 has enough digits after it."""
    total = len(digit_positions) + sum(_REPEAT_COUNT[text[k]] for k in repeats)
    if total < HOMOPHONE_MIN_RUN:
        return False
    return all(
        text[digit_positions[h]] in _HOMOPHONE_YAO or len(digit_positions) - h - 1 >= HOMOPHONE_SIDE
        for h in homophones
    )


def normalize_text(text: str, min_spoken_run: int = 3) -> NormText:
    """Normalise one turn's text.

    Args:
        text: Original text.
        min_spoken_run: Fewest digit characters a run made only of spoken
            digits needs before it is converted (runs containing an ASCII
            digit convert from 2 characters on).

    Returns:
        The normalised text with ``starts``/``ends`` mapping each normalised
        character to its source span in ``text``.
    """
    folded = text.translate(_FOLD_TABLE)
    if _LOOKALIKE_NUMBER.search(folded):
        folded = _LOOKALIKE_NUMBER.sub(lambda m: m.group().translate(_LOOKALIKE_TABLE), folded)
    joined = compact(folded)
    index: Sequence[int] | None = None
    ends: list[int] | None = None  # set where a character stands for several (one -> 1)
    if joined is not None:
        folded, index = joined
    if _EN_DIGIT_RUN.search(folded):
        folded, index, ends = _english_digits(folded, index)
    out: list[str] | None = None  # a copy of ``folded`` once a spoken digit converts
    n = len(folded)
    i = 0
    while i < n:
        m = _DIGIT_START.search(folded, i)
        if m is None:
            break
        i = m.start()
        # Collect a run of digit characters, single separators allowed between them.
        j = i
        digit_positions: list[int] = []
        repeats: list[int] = []  # where a repeated digit (两个零, 三个八) starts
        has_ascii = False
        has_spoken = False
        homophones: list[int] = []  # where a homophone (腰, 期…) stands for a digit
        group = 0  # digits since the last separator or hesitation
        while j < n:
            cj = folded[j]
            if cj in _REPEAT_COUNT and folded[j + 1 : j + 2] == "个" and _is_digit(folded, j + 2):
                has_spoken = True
                repeats.append(j)
                j += 3
            elif cj.isascii() and cj.isdigit():
                has_ascii = True
                digit_positions.append(j)
                group += 1
                j += 1
            elif cj in SPOKEN_DIGITS:
                has_spoken = True
                digit_positions.append(j)
                group += 1
                j += 1
            elif cj in HOMOPHONE_DIGITS and _homophone_fits(folded, j, digit_positions, index):
                has_spoken = True
                homophones.append(len(digit_positions))
                digit_positions.append(j)
                j += 1
            elif (
                cj in SEPARATORS
                and j + 1 < n
                and digit_positions
                and (
                    (folded[j + 1].isascii() and folded[j + 1].isdigit())
                    or folded[j + 1] in SPOKEN_DIGITS
                    or (folded[j + 1] in _HOMOPHONE_AT_GROUP_EDGE and _is_digit(folded, j + 2))
                )
            ):
                group = 0
                j += 1
            elif (
                digit_positions
                and cj in _GLUE_FIRST
                and (glue := _HESITATION.match(folded, j)) is not None
                and (
                    not (q := _QUANTITY_AFTER_GLUE.match(folded, glue.end()))
                    or _completes_card(folded, digit_positions, q.group()[:-1])
                )
                and (group >= _WORD_GLUE_GROUP or not any(w in glue.group() for w in _WORD_GLUE))
            ):
                group = 0
                j = glue.end()
            else:
                break
        if (
            len(digit_positions) >= 2
            and folded[digit_positions[-1]] in _SURNAME_NUMERALS
            and folded[digit_positions[-1] - 1] in SEPARATORS
            and j < n
            and "\u4e00" <= folded[j] <= "\u9fff"
            and folded[j] not in SPOKEN_DIGITS
        ):
            # 8100 2687 5413 伍思远: a surname glued to a name after the number, no digit
            j = digit_positions.pop()
            while j > i and folded[j - 1] in SEPARATORS:
                j -= 1
            has_spoken = any(folded[k] in SPOKEN_DIGITS for k in digit_positions) or bool(repeats)
            homophones = [h for h in homophones if h < len(digit_positions)]
        if homophones and not _homophones_hold(folded, digit_positions, homophones, repeats):
            # not a long number with a misheard digit: the string ends before its first one
            j = digit_positions[homophones[0]]
            del digit_positions[homophones[0] :]
            repeats = [k for k in repeats if k < j]
            while j > i and folded[j - 1] in SEPARATORS:
                j -= 1  # the separator before it belongs to no string
            has_spoken = any(folded[k] in SPOKEN_DIGITS for k in digit_positions) or bool(repeats)
            has_ascii = any(folded[k].isascii() for k in digit_positions)
        if has_spoken and (digit_positions or not repeats):
            # a repeat counts only inside a longer number (三个八宝粥 is porridge)
            count = len(digit_positions) + sum(_REPEAT_COUNT[folded[k]] for k in repeats)
            if count >= min_spoken_run or (has_ascii and count >= 2):
                if out is None:
                    out = list(folded)
                for k in digit_positions:
                    if folded[k] in SPOKEN_DIGITS:
                        out[k] = SPOKEN_DIGITS[folded[k]]
                    elif folded[k] in HOMOPHONE_DIGITS:
                        out[k] = HOMOPHONE_DIGITS[folded[k]]
                for k in repeats:
                    digit = SPOKEN_DIGITS.get(folded[k + 2], folded[k + 2])
                    # 1:1 on characters: 两个零 -> 0·0 (the middle one a separator), 三个八 -> 888
                    middle = digit if _REPEAT_COUNT[folded[k]] == 3 else "·"
                    out[k : k + 3] = [digit, middle, digit]
        i = max(j, i + 1)
    norm = folded if out is None else "".join(out)
    if index is None:
        return NormText(text=norm, starts=list(range(n)), ends=list(range(1, n + 1)))
    return NormText(
        text=norm, starts=list(index), ends=ends if ends is not None else [k + 1 for k in index]
    )


def _english_digits(text: str, index: Sequence[int] | None) -> tuple[str, list[int], list[int]]:
    """``text`` with English digit words between digits read as digits (四oneone四 -> 四11四),
    and each character's source span (``index``: the positions a compacted text came from)."""
    base = index if index is not None else range(len(text))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    k = 0
    for m in _EN_DIGIT_RUN.finditer(text):
        for j in range(k, m.start()):
            chars.append(text[j])
            starts.append(base[j])
            ends.append(base[j] + 1)
        for w in _EN_DIGIT_WORD.finditer(text, m.start(), m.end()):
            chars.append(EN_DIGIT_WORDS[w.group().lower()])
            starts.append(base[w.start()])
            ends.append(base[w.end() - 1] + 1)
        k = m.end()
    for j in range(k, len(text)):
        chars.append(text[j])
        starts.append(base[j])
        ends.append(base[j] + 1)
    return "".join(chars), starts, ends


class NormalizeStage(Stage):
    """Assigns ``doc.norm``: one :class:`NormText` per turn.

    Args:
        config: The pipeline configuration (unused; accepted for the stage contract).
        min_spoken_run: See :func:`normalize_text`.
    """

    name: ClassVar[str] = "normalize"
    requires: ClassVar[tuple[str, ...]] = ("interaction",)
    assigns: ClassVar[tuple[str, ...]] = ("norm",)

    def __init__(self, config: object | None = None, min_spoken_run: int = 3) -> None:
        self.config = config
        self.min_spoken_run = min_spoken_run

    def process(self, doc: Doc) -> None:
        """Normalise every turn of one document."""
        doc.norm = [normalize_text(t.text, self.min_spoken_run) for t in doc.interaction.turns]

    def process_batch(self, docs: Sequence[Doc]) -> None:
        """Normalise a batch (no shared state; one by one)."""
        for doc in docs:
            self.process(doc)
