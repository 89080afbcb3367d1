"""Surface variation: spoken numbers, ASR noise, chat typos.

Every function takes a :class:`random.Random` so the generator stays seeded
and reproducible.
"""

from __future__ import annotations

import random

_DIGITS = "零一二三四五六七八九"
_SPOKEN_DIGITS = {"1": ("一", "幺"), "0": ("零", "洞"), "2": ("二", "两"), "7": ("七", "拐")}

# Homophones and near-homophones that ASR engines and hurried typists confuse.
HOMOPHONES: dict[str, tuple[str, ...]] = {
    "账": ("帐",),
    "在": ("再",),
    "的": ("地", "得"),
    "卡": ("咔",),
    "款": ("宽",),
    "扣": ("叩",),
    "还": ("环",),
    "额": ("俄",),
    "诉": ("述",),
    "贷": ("代",),
    "钱": ("前",),
    "码": ("马",),
    "息": ("吸",),
    "期": ("其",),
    "转": ("赚",),
    "登": ("等",),
    "证": ("正",),
    "刷": ("唰",),
    "吗": ("嘛", "么"),
    "了": ("啦", "咯"),
}
FILLERS: tuple[str, ...] = ("嗯", "呃", "那个", "就是", "啊", "然后", "这个", "哎", "对对")
CHAT_TAILS: tuple[str, ...] = ("", "", "", "。", "！", "？？", "...", "啊", "呀", "哈", "吧", "~")


def chinese_number(n: int) -> str:
    """Write ``0 <= n < 100000000`` the way people say it (两千五, 一万二)."""
    if n == 0:
        return "零"
    units = [(100000000, "亿"), (10000, "万"), (1000, "千"), (100, "百"), (10, "十")]
    out = ""
    zero = False
    for value, name in units:
        q, n = divmod(n, value)
        if q:
            if zero and out:
                out += "零"
            part = chinese_number(q) if q >= 10 else _DIGITS[q]
            if q == 2 and name in ("千", "万", "百"):
                part = "两"
            out += part + name
            zero = False
        elif out:
            zero = True
    if n:
        if zero and out:
            out += "零"
        out += _DIGITS[n]
    if out.startswith("一十"):
        out = out[1:]
    return out


def amount(rng: random.Random) -> str:
    """A money amount in one of the ways customers say or type it."""
    base = rng.choice([50, 88, 200, 300, 500, 800, 1000, 1200, 2000, 2500, 3000, 5000, 6800,
                       8000, 10000, 12000, 20000, 30000, 50000, 80000, 100000, 200000, 500000])
    style = rng.random()
    if style < 0.35:
        text = chinese_number(base)
        if base >= 10000 and base % 10000 and rng.random() < 0.6:
            # 一万二 style: drop the trailing unit
            text = text.rstrip("千")
        return text + rng.choice(["", "块", "块钱", "元", "多", "来块"])
    if style < 0.65:
        return f"{base}" + rng.choice(["", "元", "块", "块钱"])
    if style < 0.8:
        return f"{base:,}" + rng.choice(["元", ""])
    if base >= 10000:
        return f"{base // 10000}万" + rng.choice(["", "多", "块"])
    return f"{base}"


def digits_spoken(digits: str, rng: random.Random) -> str:
    """Digits read out one by one (幺三八, 洞, 拐), as ASR transcribes them."""
    out = []
    for d in digits:
        alts = _SPOKEN_DIGITS.get(d)
        out.append(rng.choice(alts) if alts else _DIGITS[int(d)])
    return "".join(out)


def tail(rng: random.Random) -> str:
    """Last four digits of a card (not PII on their own), typed or spoken."""
    d = f"{rng.randrange(10000):04d}"
    return digits_spoken(d, rng) if rng.random() < 0.4 else d


def ticket(rng: random.Random) -> str:
    """A work-order reference number."""
    return rng.choice(["GD", "TS", "", "W"]) + str(rng.randrange(10**7, 10**9))


def asr_noise(text: str, rng: random.Random, level: float) -> str:
    """Call-transcript noise: fillers, repeats, homophones, lost punctuation."""
    chars = list(text)
    out: list[str] = []
    for i, ch in enumerate(chars):
        r = rng.random()
        if ch in "，。？！、" and r < 0.5 * level:
            out.append(rng.choice(["", " "]))
            continue
        if ch in HOMOPHONES and r < 0.15 * level:
            out.append(rng.choice(HOMOPHONES[ch]))
            continue
        if i > 0 and chars[i - 1] in "，。 " and r < 0.25 * level:
            out.append(rng.choice(FILLERS))
        if r > 1 - 0.02 * level:
            out.append(ch)  # stutter
        out.append(ch)
    return "".join(out)


def spaced(text: str, rng: random.Random, per_char: bool = False) -> str:
    """Transcripts some ASR engines write: words (or single characters) apart.

    Args:
        text: One turn.
        rng: Seeded random source.
        per_char: One space after every character instead of every 1-3.
    """
    out: list[str] = []
    run = 0
    limit = 1 if per_char else rng.choice([1, 2, 2, 3])
    for ch in text:
        if ch in "，。？！、 ":
            if out and out[-1] != " ":
                out.append(" ")
            run = 0
            continue
        out.append(ch)
        run += 1
        if run >= limit:
            out.append(" ")
            run = 0
            limit = 1 if per_char else rng.choice([1, 2, 2, 3])
    return "".join(out).strip()


def chat_noise(text: str, rng: random.Random, level: float) -> str:
    """Chat typing habits: homophone typos, no punctuation, spaces, trailing particles."""
    out = []
    for ch in text:
        r = rng.random()
        if ch in HOMOPHONES and r < 0.12 * level:
            out.append(rng.choice(HOMOPHONES[ch]))
        elif ch in "，" and r < 0.4 * level:
            out.append(rng.choice([" ", "", ",", "。"]))
        else:
            out.append(ch)
    s = "".join(out).rstrip("。")
    return s + rng.choice(CHAT_TAILS)
