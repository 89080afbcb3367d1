"""Generated PII test set: valid structured values in every written and spoken form.

Values: mobile numbers with allocated prefixes, landlines with area codes,
18-digit resident IDs from Faker ``zh_CN`` (GB 11643 check digit) plus
first-generation 15-digit IDs, Luhn-valid card numbers (UnionPay, Visa,
Mastercard prefixes, 16-19 digits), e-mail addresses, verification codes;
each rendered plain, grouped (space/dash/comma), full-width, spoken (一/幺,
两, 洞, 拐), mixed and split across two turns, inside realistic customer
sentences. Negatives: number-rich sentences with no PII (amounts, dates,
hotlines, 工号, counts, checksum-invalid numbers without context). Form
``asr_words``: the sentence as a word-segmenting ASR engine prints it (a space
between every jieba word, the number read out in word-sized groups of spoken
digits), with word-segmented negatives beside it.

Everything is seeded: the same seed gives the same set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import jieba
from faker import Faker

from triage.redact.checksums import MOBILE_PREFIXES, luhn_check_digit, luhn_ok, valid_cn_id

_ZH = dict(zip("0123456789", "零一二三四五六七八九", strict=True))
_COUNT = {2: "两", 3: "三", 4: "四", 6: "六"}
_RADIO = {"0": "洞", "1": "幺", "2": "两", "7": "拐"}
_FW = {c: chr(ord(c) + 0xFEE0) for c in "0123456789Xx"}
FORMS: tuple[str, ...] = (
    "plain",
    "grouped_space",
    "grouped_dash",
    "grouped_comma",
    "fullwidth",
    "spoken",
    "spoken_yao",
    "spoken_radio",
    "spoken_grouped",
    "mixed",
    "spoken_hesitant",
)
#: What callers say between groups of a number read out aloud, as the ASR writes it.
_HESITATIONS = ("，嗯，", "呃", " 嗯 ", "，啊，", "…嗯…", "嗯", "，呃", "，然后", "，对，")


@dataclass(frozen=True)
class Case:
    """One test interaction.

    Attributes:
        turns: ``(speaker, text)`` pairs.
        spans: ``(turn, start, end, type)`` of every PII value (empty for negatives).
        kind: Entity type (or ``NEGATIVE``).
        form: How the value was written.
    """

    turns: tuple[tuple[str, str], ...]
    spans: tuple[tuple[int, int, int, str], ...] = ()
    kind: str = "NEGATIVE"
    form: str = "plain"
    meta: dict[str, str] = field(default_factory=dict)


def _groups(digits: str, sizes: tuple[int, ...]) -> list[str]:
    out, pos = [], 0
    for s in sizes:
        if pos >= len(digits):
            break
        out.append(digits[pos : pos + s])
        pos += s
    if pos < len(digits):
        out[-1] += digits[pos:]
    return out


def _group_sizes(kind: str, value: str) -> tuple[int, ...]:
    n = len(value)
    if kind == "PHONE_NUMBER" and value.startswith("0"):
        area = 3 if value[1] in "12" else 4
        return (area, n - area - 4, 4)
    if kind == "PHONE_NUMBER":
        return (3, 4, 4)
    if kind == "CN_ID_CARD":
        return (6, 8, 4) if n == 18 else (6, 6, 3)
    return (4, 4, 4, 4, 4)


def render(value: str, kind: str, form: str, rng: random.Random) -> str:
    """Write ``value`` (ASCII digits, maybe a trailing X) in one of :data:`FORMS`."""
    sizes = _group_sizes(kind, value)

    def spoken(s: str, radio: bool = False, yao: bool = False) -> str:
        out = []
        for c in s:
            if c in "Xx":
                out.append(rng.choice(["X", "叉", "x", "艾克斯"]))
            elif radio and c in _RADIO:
                out.append(_RADIO[c])
            elif yao and c == "1":
                out.append("幺")
            else:
                out.append(_ZH[c])
        return "".join(out)

    if form == "plain":
        return value
    if form == "grouped_space":
        return " ".join(_groups(value, sizes))
    if form == "grouped_dash":
        return "-".join(_groups(value, sizes))
    if form == "grouped_comma":
        return "，".join(_groups(value, sizes))
    if form == "fullwidth":
        return "".join(_FW.get(c, c) for c in value)
    if form == "spoken":
        return spoken(value)
    if form == "spoken_yao":
        return spoken(value, yao=True)
    if form == "spoken_radio":
        return spoken(value, radio=True)
    if form == "spoken_grouped":
        sep = rng.choice([" ", "，", "、"])
        return sep.join(spoken(g, yao=True) for g in _groups(value, sizes))
    if form == "spoken_hesitant":
        groups = [spoken(g, yao=True) for g in _groups(value, sizes)]
        if len(groups) == 1:  # a short code: hesitate in the middle
            half = len(groups[0]) // 2
            groups = [groups[0][:half], groups[0][half:]]
        where = rng.randrange(1, len(groups))  # at least one hesitation
        return "".join(
            (rng.choice(_HESITATIONS) if k == where or rng.random() < 0.3 else "，") + g if k else g
            for k, g in enumerate(groups)
        )
    if form == "mixed":
        return "".join(
            c if rng.random() < 0.5 else spoken(c, radio=rng.random() < 0.3, yao=True)
            for c in value
        )
    raise ValueError(form)


def mobile(rng: random.Random) -> str:
    """A mobile number with an allocated prefix."""
    return rng.choice(sorted(MOBILE_PREFIXES)) + "".join(rng.choice("0123456789") for _ in range(8))


def landline(rng: random.Random) -> str:
    """A landline with area code (010/02x: 8 digits, 0xxx: 7-8 digits)."""
    area = rng.choice(
        ["010", "021", "022", "023", "020", "025", "027", "028", "0571", "0755", "0531"]
    )
    n = 8 if len(area) == 3 else rng.choice([7, 8])
    return area + rng.choice("23456789") + "".join(rng.choice("0123456789") for _ in range(n - 1))


def card(rng: random.Random) -> str:
    """A Luhn-valid card number (UnionPay 62, Visa 4, Mastercard 5x; 16-19 digits)."""
    prefix = rng.choice(["622202", "621700", "622848", "623058", "625807", "4", "51", "55", "6214"])
    n = rng.choice([16, 16, 16, 19, 17, 18]) if prefix.startswith("62") else 16
    body = prefix + "".join(rng.choice("0123456789") for _ in range(n - len(prefix) - 1))
    return body + luhn_check_digit(body)


def cn_id(fake: Faker) -> str:
    """An 18-character resident ID with a valid GB 11643 check digit (Faker zh_CN)."""
    while True:
        v = fake.ssn()
        if valid_cn_id(v):
            return v


def cn_id15(rng: random.Random) -> str:
    """A first-generation 15-digit ID (region, yymmdd, sequence)."""
    region = rng.choice(["110105", "310104", "440305", "510107", "330106"])
    return (
        region
        + f"{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )


_TEMPLATES: dict[str, tuple[str, ...]] = {
    "PHONE_NUMBER": (
        "我的手机号是{v}",
        "你打{v}就能找到我",
        "电话{v}，白天都在",
        "联系方式：{v}",
        "{v}，这是我老婆的号码",
        "嗯对，{v}",
        "号码是{v}对吧",
        "回拨到{v}这个号",
        "我换号了，新号{v}",
        "{v}",
        "您记一下{v}",
        "座机是{v}",
    ),
    "CN_ID_CARD": (
        "身份证号{v}",
        "我的证件号码是{v}",
        "{v}这是我身份证",
        "身份证是{v}没错",
        "嗯，{v}",
        "号码是{v}",
        "{v}",
    ),
    "BANK_CARD": (
        "卡号是{v}",
        "我那张卡{v}被盗刷了",
        "转到{v}这个账户",
        "{v}",
        "嗯，{v}是我的储蓄卡",
        "信用卡{v}昨天被扣了钱",
        "就是尾号不对，完整的是{v}",
        "帮我查一下{v}",
    ),
    "EMAIL_ADDRESS": ("邮箱是{v}", "发到{v}就行", "{v}", "我的邮件地址{v}，谢谢"),
    "VERIFICATION_CODE": (
        "验证码是{v}",
        "动态码{v}",
        "收到的验证码{v}对吧",
        "CVV是{v}",
        "卡背面安全码{v}",
        "密码是{v}",
        "短信验证码：{v}",
    ),
}

_NEGATIVES: tuple[str, ...] = (
    "统一零售价是一百二十元",
    "我想问一些问题",
    "大概两三个工作日到账",
    "十五天内处理完",
    "您好，工号{agent}为您服务",
    "我转了{amount}元过去",
    "{date}那天扣的款",
    "请拨打{hotline}咨询",
    "尾号{tail}的那张卡",
    "额度是{wan}万",
    "年化利率{rate}%",
    "第{n}期账单",
    "一共{n}笔交易",
    "下午{h}点半打过来",
    "我今年{age}岁了",
    "分{n}期每期{amount}元",
    "订单号{bad16}查不到",
    "参考编号{bad18}",
    "流水号{serial}",
    "客服热线{hotline}，二十四小时",
    "利息一共{amount}块{n}毛",
    "还款日是每月{day}号",
    "等了三十分钟",
    "一二三四五六七八九十",
    "积分{points}分",
    "四百块钱",
    "两千五百元",
    "两万三千块",
    "{year}年{month}月{day}日",
    "版本号{ver}",
    "排队号{queue}",
    # hesitation sounds between numbers that are not one number
    "一共三笔，嗯，一笔五千，一笔两千",
    "我转了两千，呃，两千五百块",
    "等了二十，嗯，二十五分钟吧",
    "尾号八八，嗯，九九的那张",
)


def _bad_luhn(rng: random.Random, n: int) -> str:
    while True:
        v = rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(n - 1))
        if not luhn_ok(v):
            return v


def _bad_id(fake: Faker) -> str:
    """An ID with a wrong check character that is not a Luhn-valid 18-digit number either
    (that would be a well-formed card number, which SPEC §4 redacts)."""
    v = cn_id(fake)
    wrong = list("0123456789X".replace(v[-1], ""))
    random.Random(v).shuffle(wrong)
    return next(v[:17] + c for c in wrong if not luhn_ok(v[:17] + c))


def negative(rng: random.Random, fake: Faker) -> str:
    """One number-rich sentence without PII."""
    t = rng.choice(_NEGATIVES)
    return t.format(
        agent=rng.randint(1000, 99999),
        amount=rng.choice(
            [rng.randint(1, 99999), f"{rng.randint(1, 999)},{rng.randint(100, 999)}"]
        ),
        date=f"{rng.randint(2018, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        hotline=rng.choice(
            [
                "95588",
                "95555",
                "95533",
                "95566",
                "95599",
                "95595",
                "95568",
                "12378",
                "12363",
                "10086",
                "400-820-5588",
                "4008205588",
                "800-830-8008",
            ]
        ),
        tail=f"{rng.randint(0, 9999):04d}",
        wan=rng.randint(1, 50),
        rate=f"{rng.uniform(2, 20):.2f}",
        n=rng.randint(2, 36),
        h=rng.randint(1, 11),
        age=rng.randint(18, 90),
        bad16=_bad_luhn(rng, 16),
        bad18=_bad_id(fake),
        serial=_bad_luhn(rng, 12),
        day=rng.randint(1, 28),
        points=rng.randint(100, 99999),
        year=rng.randint(2000, 2026),
        month=rng.randint(1, 12),
        ver=f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}",
        queue=f"A{rng.randint(1, 300):03d}",
    )


def _email(fake: Faker, rng: random.Random) -> tuple[str, str]:
    v = fake.free_email() if rng.random() < 0.5 else fake.company_email()
    if rng.random() < 0.35:
        local, _, domain = v.partition("@")
        spoken = (
            local + rng.choice(["艾特", "@", " at "]) + domain.replace(".", rng.choice(["点", "."]))
        )
        return spoken, "spoken"
    if rng.random() < 0.15:  # spelled out letter by letter, a pause around the at
        local, _, domain = v.partition("@")
        at = rng.choice(["，然后at，", " 艾特 ", "，艾特", " at "])
        return " ".join(local) + at + domain.replace(".", " 点 "), "spelled"
    return v, "plain"


def generate(n_per_form: int = 20, n_negative: int = 400, seed: int = 20261127) -> list[Case]:
    """Build the test set.

    Args:
        n_per_form: Cases per (type, form).
        n_negative: Number-rich sentences without PII.
        seed: Random seed.
    """
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    cases: list[Case] = []

    def one(kind: str, value: str, form: str, text_value: str | None = None) -> None:
        shown = text_value if text_value is not None else render(value, kind, form, rng)
        tpl = rng.choice(_TEMPLATES[kind])
        if kind == "PHONE_NUMBER" and value.startswith("0"):
            tpl = rng.choice(("座机是{v}", "家里电话{v}", "打{v}找我", "{v}", "固话{v}"))
        s = tpl.index("{v}")
        text = tpl.replace("{v}", shown)
        cases.append(Case((("customer", text),), ((0, s, s + len(shown), kind),), kind, form))

    for form in FORMS:
        for _ in range(n_per_form):
            one("PHONE_NUMBER", mobile(rng), form)
            one("PHONE_NUMBER", landline(rng), form)
            one("CN_ID_CARD", cn_id(fake), form)
            one("BANK_CARD", card(rng), form)
            code = "".join(rng.choice("0123456789") for _ in range(rng.choice([4, 6, 6])))
            one("VERIFICATION_CODE", code, form if form != "grouped_comma" else "plain")
        for _ in range(max(1, n_per_form // 4)):
            one("CN_ID_CARD", cn_id15(rng), form)
    for _ in range(n_per_form * 2):
        v, form = _email(fake, rng)
        one("EMAIL_ADDRESS", v, form, text_value=v)
    # split across two turns of the same speaker, agent back-channel between
    for _ in range(n_per_form * 3):
        kind, value = rng.choice(
            [("PHONE_NUMBER", mobile(rng)), ("BANK_CARD", card(rng)), ("CN_ID_CARD", cn_id(fake))]
        )
        form = rng.choice(["plain", "spoken", "spoken_yao", "mixed", "grouped_space"])
        shown = render(value, kind, form, rng)
        cut = rng.randint(len(shown) // 3, 2 * len(shown) // 3)
        while cut < len(shown) and shown[cut - 1] in " ，-":
            cut += 1
        a, b = shown[:cut].rstrip(" ，-"), shown[cut:].lstrip(" ，-")
        cue = {"PHONE_NUMBER": "我手机是", "BANK_CARD": "卡号是", "CN_ID_CARD": "身份证号"}[kind]
        turns = (
            ("customer", cue + a),
            ("agent", rng.choice(["嗯", "好的您继续", "嗯嗯"])),
            ("customer", b),
        )
        spans = ((0, len(cue), len(cue) + len(a), kind), (2, 0, len(b), kind))
        cases.append(Case(turns, spans, kind, "split_turns"))
    # the code given a few turns after the agent asked for it
    for _ in range(n_per_form * 2):
        code = "".join(rng.choice("0123456789") for _ in range(rng.choice([4, 6])))
        shown = render(
            code, "VERIFICATION_CODE", rng.choice(["plain", "spoken", "spoken_yao"]), rng
        )
        ask = rng.choice(
            ["请您报一下收到的短信验证码", "麻烦提供一下动态码", "您说一下手机上的验证码"]
        )
        turns = (
            ("agent", ask),
            ("customer", rng.choice(["稍等我看看", "好的", "嗯我找一下"])),
            ("customer", shown),
        )
        cases.append(
            Case(
                turns,
                ((2, 0, len(shown), "VERIFICATION_CODE"),),
                "VERIFICATION_CODE",
                "answer_after_ask",
            )
        )
    for _ in range(n_negative):
        cases.append(Case((("customer", negative(rng, fake)),)))
    # a password said as repeats (六个八 = 888888, 三个六三个八 = 666888); drawn after
    # the negatives so that the earlier cases stay the same for a given seed
    for _ in range(n_per_form * 2):
        runs = rng.choice([(6,), (3, 3), (2, 2, 2), (4,), (2, 2)])
        digits = [rng.choice("0123456789") for _ in runs]
        value = "".join(d * n for d, n in zip(digits, runs, strict=True))
        sep = rng.choice(["", "", "，", " "])
        shown = sep.join(f"{_COUNT[n]}个{_ZH[d]}" for d, n in zip(digits, runs, strict=True))
        one("VERIFICATION_CODE", value, "spoken_repeated", text_value=shown)
    # a mobile number with a digit said as a repeat inside it (一八六，两个零，…, 三个八)
    for _ in range(n_per_form):
        value = mobile(rng)
        times = rng.choice([2, 3])
        at = rng.randrange(3, len(value) - times)
        value = value[:at] + value[at] * times + value[at + times :]
        head, tail = render(value[:at], "VERIFICATION_CODE", "spoken_yao", rng), value[at + times :]
        sep = rng.choice(["", "，", " "])
        shown = sep.join(
            [
                head,
                f"{_COUNT[times]}个{_ZH[value[at]]}",
                render(tail, "VERIFICATION_CODE", "spoken", rng),
            ]
        )
        one("PHONE_NUMBER", value, "spoken_repeat_inside", text_value=shown)
    # the agent asks for a number and the ASR mishears one digit of the answer: the
    # checksum (or the mobile prefix) fails, the number is still the customer's
    for _ in range(n_per_form * 2):
        kind, value = rng.choice(
            [("PHONE_NUMBER", mobile(rng)), ("BANK_CARD", card(rng)), ("CN_ID_CARD", cn_id(fake))]
        )
        value = _misheard(kind, value, rng)
        ask = rng.choice(_ASKS[kind])
        shown = render(
            value, kind, rng.choice(["plain", "spoken", "spoken_yao", "spoken_grouped"]), rng
        )
        lead = rng.choice(["", "好的，", "嗯，是", "我看一下啊，"])
        turns = (("agent", ask), ("customer", lead + shown))
        spans = ((1, len(lead), len(lead) + len(shown), kind),)
        cases.append(Case(turns, spans, kind, "misheard_after_ask"))
    # word-segmented ASR (Kaldi-style: a space between every word); drawn last so that
    # the earlier cases stay the same for a given seed
    for _ in range(n_per_form):
        code = "".join(rng.choice("0123456789") for _ in range(rng.choice([4, 6, 6])))
        for kind, value in (
            ("PHONE_NUMBER", mobile(rng)),
            ("PHONE_NUMBER", landline(rng)),
            ("CN_ID_CARD", cn_id(fake)),
            ("BANK_CARD", card(rng)),
            ("VERIFICATION_CODE", code),
        ):
            cases.append(_asr_words_case(kind, value, rng))
    for _ in range(n_per_form * 5):
        cases.append(Case((("customer", asr_words(negative(rng, fake))),), form="asr_words"))
    return cases


def asr_words(text: str) -> str:
    """``text`` as a word-segmenting ASR engine prints it: jieba words joined by spaces."""
    return " ".join(w for w in jieba.lcut(text) if w.strip())


def _asr_words_case(kind: str, value: str, rng: random.Random) -> Case:
    """``value`` in a word-segmented sentence, read out in groups of 1-3 spoken digits."""
    groups = []
    k = 0
    while k < len(value):
        n = rng.choice([1, 2, 2, 3])
        form = rng.choice(["spoken", "spoken_yao"])
        groups.append(render(value[k : k + n], "VERIFICATION_CODE", form, rng))  # digits only
        k += n
    shown = " ".join(groups)
    tpl = rng.choice(_TEMPLATES[kind])
    if kind == "PHONE_NUMBER" and value.startswith("0"):
        tpl = rng.choice(("座机是{v}", "家里电话{v}", "打{v}找我", "{v}", "固话{v}"))
    pre, post = (asr_words(part) for part in tpl.split("{v}"))
    s = len(pre) + 1 if pre else 0
    text = " ".join(part for part in (pre, shown, post) if part)
    return Case((("customer", text),), ((0, s, s + len(shown), kind),), kind, "asr_words")


#: How an agent asks for each number type.
_ASKS: dict[str, tuple[str, ...]] = {
    "PHONE_NUMBER": ("请问您的手机号是多少", "麻烦留一下您的联系电话", "您预留手机号码是多少呢"),
    "BANK_CARD": ("请提供一下您的卡号", "麻烦报一下您的银行卡号", "您的账号是多少"),
    "CN_ID_CARD": ("请报一下您的身份证号码", "麻烦提供一下证件号码", "您的身份证号是多少"),
}


def _misheard(kind: str, value: str, rng: random.Random) -> str:
    """``value`` with one digit changed so that it fails its checksum (mobile: its prefix)."""
    if kind == "PHONE_NUMBER":
        return rng.choice(["10", "11", "12", "14"]) + value[2:]  # no allocated prefix
    while True:
        at = rng.randrange(len(value) - 1)
        out = value[:at] + rng.choice("0123456789".replace(value[at], "")) + value[at + 1 :]
        if kind == "BANK_CARD" and not luhn_ok(out):
            return out
        if kind == "CN_ID_CARD" and not valid_cn_id(out):
            return out
