"""Personal names (PERSON): LAC NER, jieba ``nr`` words, surname lists and cues.

SPEC §4: 2-4 character names, compound surnames (欧阳, 司马), and names with
titles — 王先生, 李女士 count, and only the surname is redacted. Sources, in
order of trust:

* LAC (Baidu lexical analysis, run by the NLP engine) ``PER`` spans;
* cues: 我叫…, 名字是…, 户名/持卡人/联系人…, 我姓…, 弓长张-style surname
  spelling, surname + title (王先生);
* jieba POS ``nr`` words that start with a known surname.

Names inside organisation or place spans (招商银行, 平安, 张家港) are kept,
as are words on the allow list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from triage.redact.recognizers.base import Finding, NlpView
from triage.redact.recognizers.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

_CJK = "\u4e00-\u9fff"
_SUR = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SINGLE_SURNAMES)) + "])"
TITLES: tuple[str, ...] = tuple(
    """先生 女士 小姐 老师 阿姨 师傅 经理 大爷 大妈 奶奶 爷爷 同学 主任 律师 医生 老板 太太 总 姐
    哥 叔 工 博士 教授 警官 姐姐 哥哥 妹妹 弟弟 大人 院长 总裁 董事长 书记 市长 局长 部长 主席
    校长 教练 队长 同志 记者 导演 行长 科长 处长 老爷子""".split()
)
_TITLE = "(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + ")"
#: Characters that end a name read after a cue (particles, verbs, punctuation).
_STOP = set(
    "的是在了我你他她它啊呢吧呀哦嗯先女小老电手身卡住今明昨想要来去和跟也就都还有没不号请说刚现"
    "，。、！？ ,.!?:：;；0123456789"
)
#: Spelled-out surnames: 弓长张, 木子李, 耳东陈 …
_SPELLED = (
    "弓长张|木子李|耳东陈|口天吴|立早章|双木林|古月胡|草头黄|言午许|三横王|人可何|禾口程|走肖赵|"
    "关耳郑|日天昊|月半胖|木易杨|千里重|文刀刘|又寸对|子小孙|双人徐|土口吉|宝盖宋|女子好|立人位|"
    "禾子季|耳东陈|马欠|金戈"
)
_CUES = (
    "我叫|名字叫|名字是|叫做|姓名是|姓名|户名是|户名|户主是|户主|持卡人是|持卡人|联系人是|联系人|"
    "收件人是|收件人|收货人|开户人|本人叫|叫我"
)
#: Words naming another form field; 姓名和<field> lists fields, it gives no name.
_FIELDS = "身份|证件|证号|卡|手机|电话|号码|地址|账号|账户|户名|联系|预留|出生|性别|工作|职业|住址|家庭|银行|密码|验证"
#: Handle endings of organisations and media accounts (not people).
_ORG_HANDLE = re.compile(
    "(?:银行|公司|集团|官方|官微|微博|网|报|台|中心|协会|大学|学院|医院|基金|保险|证券|酒店|店|"
    "频道|新闻|杂志|电影|联盟|俱乐部|政府|公安|发布|商城|平台|客服|APP|app)"
)
#: LAC tags of spans that are not people (organisations, places): names inside stay.
_NOT_PERSON = ("ORG", "LOC")


class PersonNameRecognizer:
    """Names from NER, cues and surname lists; only the surname of 王先生.

    Args:
        allow: Words never redacted (brands, products, common words NER mistakes for names).
        use_jieba: Also take jieba ``nr`` words that start with a surname.
    """

    ENTITY: ClassVar[str] = "PERSON"
    ALLOW: ClassVar[tuple[str, ...]] = (
        "平安",
        "招商",
        "工商",
        "建设",
        "农业",
        "交通",
        "中信",
        "光大",
        "华夏",
        "民生",
        "兴业",
        "浦发",
        "广发",
        "邮储",
        "支付宝",
        "微信",
        "花呗",
        "借呗",
        "余额宝",
        "京东",
        "美团",
        "云闪付",
        "你好",
        "您好",
        "小心",
        "老师",
        "师傅",
        "先生",
        "女士",
        "小姐",
        "阿姨",
        "客服",
        "银联",
    )

    def __init__(self, allow: Sequence[str] | None = None, use_jieba: bool = True) -> None:
        self.allow = frozenset(allow if allow is not None else self.ALLOW)
        self.use_jieba = use_jieba
        name = rf"{_SUR}(?:\s?[{_CJK}]){{1,2}}"
        # 姓名和身份证号 / 姓名跟卡号: a conjunction before another field is not the surname 和/跟
        not_field = rf"(?![和与及跟或](?:{_FIELDS}))"
        self._cue = re.compile(rf"(?:{_CUES})[:：\s]{{0,2}}{not_field}({name})")
        self._surname_cue = re.compile(rf"(?<!百)(?<!您贵)(?<!你贵)姓\s?({_SUR})(?!名)")
        self._spelled = re.compile(rf"(?:{_SPELLED})")
        self._title = re.compile(rf"({_SUR}){_TITLE}")
        self._title_names = re.compile(rf"^(.+?){_TITLE}$")
        # transliterated names: 费尔南多·梅里尔斯, 约瑟夫•马洛德•威廉
        self._foreign = re.compile(rf"[{_CJK}]{{1,6}}(?:[·•・‧][{_CJK}]{{1,8}})+")
        # social handles (@王小明, @戴戴_黛): personal identifiers; not e-mail addresses
        self._handle = re.compile(r"(?<![A-Za-z0-9._%+\-])@([^\s@:：,，。.!！?？;；/()（）]{1,20})")
        # Latin names with a Chinese title: Berg先生
        self._latin_title = re.compile(rf"(?<![A-Za-z])([A-Z][a-z]{{1,15}}){_TITLE}")

    @property
    def name(self) -> str:
        """Recognizer name."""
        return type(self).__name__

    @property
    def entities(self) -> tuple[str, ...]:
        """``PERSON``."""
        return (self.ENTITY,)

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """All person-name findings in the analysis text."""
        blocked = [(s, e) for s, e, lab in nlp.ents if lab in _NOT_PERSON]
        word_starts = {w.start for w in nlp.words}
        out: list[Finding] = []

        def add(s: int, e: int, score: float, src: str, check_block: bool = True) -> None:
            value = text[s:e].strip()
            if not value or value in self.allow or not re.search(f"[{_CJK}]", value):
                return
            if check_block and any(bs <= s and e <= be for bs, be in blocked):
                return
            out.append(Finding(s, e, self.ENTITY, score, f"{self.name}:{src}"))

        for s, e, label in nlp.ents:
            if label != "PER":
                continue
            s, e = self._trim(text, s, e)
            if e <= s:
                continue
            value = text[s:e]
            m = self._title_names.match(value)
            if m:
                e = s + len(m.group(1))
                value = m.group(1)
            if len(value.replace(" ", "")) > 6:
                continue
            known = value[:2] in COMPOUND_SURNAMES or value[:1] in SINGLE_SURNAMES
            known = known or (value[:1] in "小老阿" and value[1:2] in SINGLE_SURNAMES)
            add(s, e, 0.85 if known else 0.6, "ner")
        for m in self._cue.finditer(text):
            s, e = m.span(1)
            # a 3-character reading only when the third character can belong to a name
            if e - s >= 3 and text[e - 1] in _STOP:
                e -= 1
            if text[s:e].strip() in COMPOUND_SURNAMES or e - s < 2:
                continue
            add(s, e, 0.8, "cue", check_block=False)
        for m in self._surname_cue.finditer(text):
            add(*m.span(1), 0.8, "surname_cue", check_block=False)
        for m in self._spelled.finditer(text):
            add(*m.span(), 0.8, "spelled", check_block=False)
        for m in self._foreign.finditer(text):
            add(*m.span(), 0.7, "foreign", check_block=False)
        for m in self._handle.finditer(text):
            hs, he = m.span(1)
            if _ORG_HANDLE.search(m.group(1)) or any(
                lab in _NOT_PERSON and s < he and hs < e for s, e, lab in nlp.ents
            ):
                continue  # @招商银行, @央视新闻: organisations stay
            add(hs, he, 0.7, "handle", check_block=False)
        for m in self._latin_title.finditer(text):
            out.append(Finding(*m.span(1), self.ENTITY, 0.7, f"{self.name}:latin_title"))
        for m in self._title.finditer(text):
            s, e = m.span(1)
            if nlp.words and s not in word_starts:
                continue
            add(s, e, 0.7, "title")
        if self.use_jieba:
            # LAC's reading of the same characters vetoes jieba when it says verb/adverb/…
            lac_tag = {}
            for s, e, lab in nlp.ents:
                for k in range(s, e):
                    lac_tag[k] = lab
            words = nlp.words
            for k, w in enumerate(words):
                if lac_tag.get(w.start, "n") not in ("PER", "n", "nz", "nw", "ns", "LOC"):
                    continue
                if w.pos.startswith("nr") and 2 <= len(w.text) <= 4:
                    if w.text[:2] in COMPOUND_SURNAMES or w.text[:1] in SINGLE_SURNAMES:
                        mt = self._title_names.match(w.text)
                        end = w.start + len(mt.group(1)) if mt else w.end
                        # 钟轩|礼: a 2-character nr word followed by a stray single character
                        # (no word of its own) is usually a 3-character name cut short
                        nxt = words[k + 1] if k + 1 < len(words) else None
                        if (
                            not mt
                            and len(w.text) == 2
                            and w.text[:1] in SINGLE_SURNAMES
                            and nxt is not None
                            and len(nxt.text) == 1
                            and nxt.pos not in ("x", "w", "uj", "ul", "p", "c", "d", "v", "m", "q")
                            and "\u4e00" <= nxt.text <= "\u9fff"
                            and nxt.text not in _STOP
                        ):
                            end = nxt.end
                        add(w.start, end, 0.6, "jieba_nr")
        return out

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        while s < e and not ("\u4e00" <= text[s] <= "\u9fff" or text[s].isalnum()):
            s += 1
        while e > s and not ("\u4e00" <= text[e - 1] <= "\u9fff" or text[e - 1].isalnum()):
            e -= 1
        return s, e
