"""Generated training sentences for the name scorer (:mod:`~triage.redact.recognizers.name_scorer`).

Nothing here reads an evaluation corpus. Sentences are templates of chat, social-media,
customer-service and news speech with one or two slots, filled either with a name or
with a hard negative:

* names: a surname (the repo's lists and Faker ``zh_CN``'s) + one or two given-name
  characters drawn by their use in given names (``ngender``), Faker's given names,
  nicknames (reduplicated 圆圆/兔兔, surname + reduplication 宋晚晚, 小X, 阿X, X儿);
* hard negatives in the same slots: jieba dictionary words that are no names (frequent
  reduplications 哈哈/好好/天天/慢慢, words that start with a surname character 高兴,
  王国, places and organisations), kinship terms and products; baby-talk reduplicated
  nouns (包包, 饭饭, 车车: a one-character dictionary noun doubled) in object contexts;
* name-free carrier text: customer-service turns frozen in
  ``models/name-scorer/carriers.jsonl.gz`` (the composed turns of the intent models'
  generated training data as of its 2026-11-29 version, placeholders such as ``<PERSON>``
  dropped; frozen so that retraining the intent models does not change this scorer) and
  "word salad" of frequent jieba dictionary words (国家|建设|文明|和…), where every
  candidate is a negative.

Sentences are glued to their neighbours without punctuation at times (social-media
text loses @, spaces and line breaks: 思密达曾若彤). Deterministic for a seed.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

from triage.redact.recognizers.name_chars import given_name_chars
from triage.redact.recognizers.person_name import KINSHIP, PRODUCTS
from triage.redact.recognizers.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

REPO = Path(__file__).resolve().parents[2]
CARRIERS = REPO / "models" / "name-scorer" / "carriers.jsonl.gz"

#: Templates with a name slot ``{N}`` (and at times a second one, ``{M}``).
TEMPLATES: tuple[str, ...] = tuple(
    """感谢{N}，感谢{M}，感谢大家的陪伴
    {N}生日快乐！爱你哟
    今天和{N}一起去吃火锅了，好开心
    {N}你在哪呢？快回我消息
    我家{N}今天又闯祸了
    {N}说明天不来了，{M}也不来
    哈哈哈{N}你太逗了
    好想{N}啊，什么时候回来
    {N}，晚安，好梦
    转发微博{N}
    {N}转发微博
    和{N}吃素一个月，瘦了三斤
    看{N}的手就知道了
    {N}很幸福啊
    {N}被养胖了
    期待{N}和{M}在一起
    {N}和{M}牵手的时候笑得好甜
    我是{N}，今天我们一起上头条
    {N}的新歌好好听，循环一整天
    昨天{N}发了一条微博
    谢谢{N}送的礼物
    {N}加油！我们永远支持你
    刚看到{N}在直播
    {N}又迟到了，真是的
    跟{N}说了好几次都不听
    今天是{N}的生日
    {N}爱你爱你爱你
    思密达{N}
    嘿嘿{N}
    急需冷气{N}
    {N}起开，哈哈
    我和{N}是大学同学
    请问{N}在吗？有个快递
    {N}经理您好，合同已经发过去了
    您好，我找一下{N}
    对方户名是{N}，转了五千
    麻烦帮我转给{N}
    收款人是{N}吗
    我老婆{N}的卡也要办
    {N}同志表示，将继续加强合作
    据{N}介绍，该项目已于去年完工
    {N}指出，要进一步扩大开放
    {N}在会上讲话
    会见了{N}一行
    {N}等人出席了开幕式
    演员{N}主演的电影今天上映
    导演{N}执导的新片曝光了海报
    作者{N}的新书卖得很好
    歌手{N}昨晚开了演唱会
    教练{N}对比赛结果很满意
    {N}小朋友今年五岁了
    小区里的{N}奶奶每天都去跳舞
    {N}同学被评为三好学生
    医生{N}说不用担心
    {N}师傅修车很厉害
    今天{N}请假了
    {N}，你快出现好不好
    没想到{N}也来了
    我跟{N}约好了周末去爬山
    {N}的照片拍得真好看""".split("\n")
)
#: Templates with a negative-only slot ``{W}`` (a word where a name could stand but does not).
NEG_TEMPLATES: tuple[str, ...] = tuple(
    """我们{W}说，别着急
    {W}开心，{W}快乐
    哈哈{W}你太逗了
    今天{W}下雨，不想出门
    {W}来，不着急
    这个{W}的东西真好吃
    {W}的天空真美
    刚刚去了{W}，人好多
    {W}的服务态度很好
    我在{W}工作了三年
    {W}也太好看了吧
    感谢{W}，感谢大家
    看到{W}就想笑
    {W}很重要
    我们都{W}地看着
    一定要{W}学习
    {W}是什么意思啊
    关于{W}的问题请咨询客服""".split("\n")
)
#: Templates with a baby-talk reduplicated noun ``{B}`` (包包, 饭饭, 车车): no names.
THING_TEMPLATES: tuple[str, ...] = tuple(
    """这个{B}好贵啊
    买了个新{B}，开心
    今天的{B}好好吃
    我的{B}不见了
    想吃{B}了
    新买的{B}到了
    给宝宝买了{B}
    {B}太大了放不下
    看中了一款{B}，就是有点贵
    把{B}洗干净了
    好多{B}啊
    {B}坏了，要去修
    一起去买{B}吧
    这家店的{B}很好看""".split("\n")
)
_FILLER_SEP = ("，", "。", "！", " ", "", "", "")


@dataclass(frozen=True)
class Sample:
    """One generated sentence and its name spans (end exclusive)."""

    text: str
    names: tuple[tuple[int, int], ...]


class _Draw:
    """Random names, nicknames and hard negatives (one RNG)."""

    def __init__(self, rng: random.Random) -> None:
        import jieba
        import jieba.posseg
        from faker.providers.person.zh_CN import Provider

        self.rng = rng
        share = given_name_chars().share
        chars = sorted(c for c, v in share.items() if v >= 1e-5 and "\u4e00" <= c <= "\u9fff")
        self.given = chars
        self.given_w = [share[c] ** 0.7 for c in chars]  # flattened: rare names occur too
        self.surnames = sorted(SINGLE_SURNAMES) + sorted(set(Provider.last_names) - {""})
        self.compound = sorted(COMPOUND_SURNAMES)
        self.first_names = sorted(set(Provider.first_names))
        jieba.setLogLevel(60)
        jieba.initialize()
        freq, tags = jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab
        words = sorted(
            w for w, n in freq.items() if n >= 20 and re.fullmatch("[\u4e00-\u9fff]+", w)
        )
        no_name = [w for w in words if not tags.get(w, "n").startswith("nr")]
        self.reps = [w for w in no_name if len(w) == 2 and w[0] == w[1]]
        self.sur_words = [
            w for w in no_name if 2 <= len(w) <= 3 and w[0] in SINGLE_SURNAMES and freq[w] >= 50
        ]
        self.places = [w for w in no_name if tags.get(w, "") in ("ns", "nt") and len(w) <= 4]
        self.common = [w for w in no_name if 2 <= len(w) <= 4 and freq[w] >= 200]
        self.kin = sorted(KINSHIP | PRODUCTS)
        # one-character nouns for baby-talk reduplications (包包, 饭饭)
        self.things = sorted(
            w for w, n in freq.items() if len(w) == 1 and n >= 2000 and tags.get(w, "") == "n"
        )
        # words: what a generated name must not be (明明, 高兴 are words, not names)
        self.words = frozenset(no_name)
        # word salad: frequent dictionary words (no names), drawn by frequency
        self.salad = [w for w in no_name if freq[w] >= 100]
        self.salad_w = [math.sqrt(freq[w]) for w in self.salad]

    def salad_text(self) -> str:
        """8-20 frequent non-name dictionary words, at times with punctuation between."""
        k = self.rng.randint(8, 20)
        parts = self.rng.choices(self.salad, self.salad_w, k=k)
        return "".join(p + ("，" if self.rng.random() < 0.1 else "") for p in parts)

    def char(self) -> str:
        return self.rng.choices(self.given, self.given_w)[0]

    def name(self) -> str:
        """A name or nickname that is no dictionary word."""
        while True:
            value = self._name()
            if value not in self.words and value[-2:] not in self.words:
                return value

    def _name(self) -> str:
        r = self.rng.random()
        sur = self.rng.choice(self.surnames)
        if r < 0.30:
            return sur + self.char() + self.char()
        if r < 0.40:
            return sur + self.char()
        if r < 0.47:
            return sur + self.rng.choice(self.first_names)
        if r < 0.50:
            return (
                self.rng.choice(self.compound) + self.char() + self.char()[: self.rng.randint(0, 1)]
            )
        c = self.char()
        if r < 0.75:
            return c + c  # 圆圆
        if r < 0.85:
            return sur + c + c  # 宋晚晚
        if r < 0.90:
            return "小" + c + c
        return self.rng.choice(("小", "阿", "老")) + self.rng.choice((c, sur))

    def negative(self) -> str:
        """A word that is no name (hard negatives first)."""
        r = self.rng.random()
        if r < 0.30:
            return self.rng.choice(self.reps)
        if r < 0.60:
            return self.rng.choice(self.sur_words)
        if r < 0.70:
            return self.rng.choice(self.places)
        if r < 0.80:
            return self.rng.choice(self.kin)
        return self.rng.choice(self.common)


def _carriers(limit: int, rng: random.Random) -> list[str]:
    """Name-free customer-service turns, sorted and unique in the file; empty when absent."""
    if not CARRIERS.exists():
        return []
    with gzip.open(CARRIERS, "rt", encoding="utf-8") as f:
        turns = [json.loads(line) for line in f]
    rng.shuffle(turns)
    return turns[:limit]


def _fill(template: str, draw: _Draw, positive: bool) -> Sample:
    text, names = "", []
    for part in re.split(r"(\{[NMWB]\})", template.strip()):
        if part in ("{N}", "{M}"):
            value = draw.name() if positive or part == "{M}" else draw.negative()
            if positive or part == "{M}":
                names.append((len(text), len(text) + len(value)))
            text += value
        elif part == "{W}":
            text += draw.negative()
        elif part == "{B}":
            text += draw.rng.choice(draw.things) * 2
        else:
            text += part
    return Sample(text, tuple(names))


def generate(n: int = 6000, seed: int = 20261127) -> list[Sample]:
    """``n`` sentences: named templates, negatives in the same slots and carrier text.

    Two in five samples glue two sentences without punctuation, as social-media text does.
    """
    rng = random.Random(seed)
    draw = _Draw(rng)
    carriers = _carriers(n // 3, rng)
    pool: list[Sample] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            pool.append(_fill(rng.choice(TEMPLATES), draw, True))
        elif r < 0.70:
            pool.append(_fill(rng.choice(TEMPLATES), draw, False))
        elif r < 0.72:
            pool.append(_fill(rng.choice(NEG_TEMPLATES), draw, False))
        elif r < 0.78:
            pool.append(_fill(rng.choice(THING_TEMPLATES), draw, False))
        elif r < 0.90 or not carriers:
            pool.append(Sample(draw.salad_text(), ()))
        else:
            pool.append(Sample(rng.choice(carriers), ()))
    out: list[Sample] = []
    for k, smp in enumerate(pool):
        if rng.random() < 0.4 and k + 1 < len(pool):
            other = pool[(k * 7 + 3) % len(pool)]
            sep = rng.choice(_FILLER_SEP)
            shift = len(smp.text) + len(sep)
            out.append(
                Sample(
                    smp.text + sep + other.text,
                    smp.names + tuple((s + shift, e + shift) for s, e in other.names),
                )
            )
        else:
            out.append(smp)
    return out
