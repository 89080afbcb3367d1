"""Latin-script personal names in Chinese text (PERSON): 我英文名叫Tony, 找一下Linda经理.

SPEC §4 asks for Chinese names; customers and staff of a Chinese bank also go by
English names, and an unknown Latin word next to a person cue is more likely a
name than a brand. A Latin word (``[A-Za-z]+``, apostrophes and hyphens inside)
is a name when:

* a cue comes before it: 我叫, 英文名(是/叫), 叫我, 名字是; I'm, my name is, call me
  or a title (Mr, Ms., Mrs, Miss, Dr.) before a capitalised word (not I'm fine, I'm
  Sorry); or, unless it is in capitals (an acronym), 找一下, 你好/您好, hi ... (0.85);
* a title follows it: 先生, 女士, 经理, 老师 ...; or, unless it is in capitals, a
  greeting or a verb of speech: 你好, 说 ... (0.85);
* it is a common English given name (:data:`GIVEN_NAMES`), written Tony, TONY or
  tony (0.75, 0.85 when LAC tags it ``PER`` too); the ones that are also everyday
  words (Will, May, Mark, Grace: :data:`WORD_NAMES`) only with a cue;
* it opens the brackets after a transliterated name: 马克·雅各布(Mark Jacobs) (0.8).

LAC's ``PER`` tag alone is not enough: on the analysis splits of the evaluation
(``eval/pii/REPORT.md`` §2) the Latin words it tagged and nothing above caught were
one company (Johnson) and, in lower case, nicknames, brands and phrases (bwin, panda),
no name.

A following capitalised word joins the name (Steven Spielberg). Never a name:
words on the allow list (``pipelines/redact.yaml``: APP, ATM, VIP, Visa, iPhone,
banking and tech terms, brands), words inside a LAC ``ORG``/``LOC`` span or
followed by an organisation or product word (Valve公司, Visa卡, Steam用户),
titles of works in 《》, contractions (I'm, it's) and English function words (Hello, my
card…), e-mail addresses and URLs (other recognizers' or no
one's), parts of a longer token with digits or ``_`` (DOTA2, V_Jessie), and
handles (@…: the person recognizer's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from triage.errors import ConfigError
from triage.redact.recognizers.base import SPEAKER_MARKERS, Finding, NlpView
from triage.redact.recognizers.email import EMAIL_RX
from triage.redact.recognizers.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

#: Common English given names, as Chinese speakers choose them (lower case).
GIVEN_NAMES: frozenset[str] = frozenset(
    """aaron abby ada adam adrian aileen alan alex alexander alice alicia alison allen amanda amy
    andrew andy angela angelina anna annie anthony apple april arthur ashley audrey ben benjamin
    benny betty bella bob bobby bonnie brandon brian bruce bryan carl carol caroline carrie
    catherine cathy cecilia celia charles charlie charlotte cherry chloe chris christina
    christine christopher cindy claire clara coco colin connie cynthia daisy daniel danny david
    debbie dennis derek diana diane doris dorothy edward edwin eileen elaine eleanor elena eliza
    elizabeth ella ellen elsa emily emma eric erica esther eva evan evelyn fiona florence frances
    frank freda gary george gloria grace gordon hannah harry hazel heidi helen helena henry ian
    irene iris isaac isabel isabella ivan ivy jack jackie jackson jacky james jane janet jason
    jasmine jeff jeffrey jenny jennifer jeremy jerry jessica jessie jim jimmy joan joanna joe
    john johnny jonathan joseph josh joshua joy joyce judy julia julian julie june justin karen
    kate katherine kathy katie kelly kelvin ken kenneth kevin kitty larry laura lauren lawrence
    leo leon leslie lily linda lisa louis louise lucas lucy luke lydia maggie mandy marco margaret
    maria mark martin mary matthew max megan melissa michael michelle mike miranda molly monica
    nancy natalie nathan nicholas nick nicole nina oliver olivia oscar owen pamela patrick paul
    peggy peter philip phoebe rachel ray raymond rebecca richard rick ricky rita robert robin roger
    ronald rose ruby ryan sabrina sally sam samantha samuel sandra sandy sara sarah scott sean
    selina shirley simon sophia sophie stanley stella stephanie stephen steve steven sue sunny
    susan sylvia tammy teresa terry thomas tiffany tim timothy tina tom tommy tony tracy vicky
    victor victoria vincent vivian wendy william willie winnie yoyo yvonne zoe""".split()
)
#: Given names that are everyday English words too: names only with a cue.
WORD_NAMES: frozenset[str] = frozenset(
    "apple april bob cherry daisy frank grace ivy jack joy june ken mark max may rose ruby sunny "
    "will apple lily iris hazel".split()
)

#: Cues before a name that say it is one: 我叫Tony, 英文名是Linda, 英文就 TSANG WING KI, 叫我Kevin.
_NAMING_BEFORE = (
    r"(?:我叫|我的名字是|名字叫|名字是|英文名字?(?:是|叫)?|英文(?:就是|就叫|就|是|叫)"
    r"|叫我|联系人是)"
)
#: Naming cues written in English (I'm Zhang Chen, my name is Tony): only before a capitalised
#: word (I'm fine, I'm locked out are no names).
_EN_NAMING_BEFORE = r"(?<![A-Za-z])(?:I'm|I’m|Im|I am|my name is|my name's|call me)\s{1,2}$"
#: An English title right before a capitalised word: Ms. Li, Mr Wang, Dr. Chen (the title
#: itself is in :data:`_EN_FUNCTION`, never a name).
_EN_TITLE_BEFORE = r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Dr)\.?\s{1,2}$"
#: Capitalised words after an English naming cue that are no name (I'm Sorry, I'm From Shanghai).
_EN_NOT_NAMES: frozenset[str] = frozenset(
    "not sorry from here fine ok okay calling trying just still also so very really the a an in "
    "at on a chinese english new back done good sure".split()
)
#: English function words and chat words, never a name (Hello, my card…; hi all; hi there).
_EN_FUNCTION: frozenset[str] = frozenset(
    "i me my mine we us our you your yours he him his she her it its they them their this that "
    "there here the a an is am are was were be do does did have has had and or but not no yes "
    "to of for in on at with from by all everyone everybody guys team sir madam please pls plz "
    "thanks thank thx again mr mrs ms dr".split()
)
#: A contraction is no name (I'm, it's, don't: O'Brien is).
_CONTRACTION = re.compile(r"['’](?:m|s|re|ll|d|ve|t)$", re.I)
#: Weaker cues before a name (not for words in capitals, acronyms): 找一下Amy, 你好Kevin.
_CUE_BEFORE = r"(?:找一下|找下|帮我找|转接|你好|您好|嗨|喂|(?<![A-Za-z])(?:hi|hello|hey|dear))"
#: Titles after a name: Linda经理, Wang先生.
_TITLE_AFTER = r"(?:先生|女士|小姐|经理|老师|同学|主管|总监|老板|师傅|律师|医生)"
#: Greetings and verbs after a name (not for words in capitals): Kevin你好, Tony说.
_CUE_AFTER = r"(?:你好|您好|说|讲|告诉|打电话)"
#: Words after a Latin word that make it a brand, product, organisation or team.
_THING_AFTER = re.compile(
    r"\s?(?:公司|集团|银行|卡|品牌|官方|官网|游戏|系统|软件|客户端|版|手机|电脑|平台|账号|账户|帐号|"
    r"用户|会员|店|商城|支付|钱包|网|科技|汽车|酒店|俱乐部|战队|队|乐队|组合|演唱会|专卖|旗舰|"
    r"电影|剧|杂志|频道|大学|学院|中心|协会|基金|保险|证券|有限|股份|分行|支行|门店|产品|服务|"
    r"功能|界面|页面|链接|号码|密码|验证码|积分|额度|模式|文件|文档|表格|格式)"
)
#: A Latin word: letters, apostrophes and hyphens inside, not part of a longer token with
#: digits, ``_``, ``.`` or ``/``, or right after ``@`` (DOTA2, V_Jessie, t.cn/x, @handle);
#: e-mail addresses are left out whole (``kitty@`` in ``@笨kitty@土豆`` is a name).
_WORD = re.compile(
    r"(?<![A-Za-z0-9_@./:#&+\-])[A-Za-z]+(?:['\-][A-Za-z]+)*(?![A-Za-z0-9_/&+]|\.[A-Za-z0-9])"
)
_URL = re.compile(r"(?:https?://|www\.)[!-~]+", re.I)
_EMAIL = re.compile(EMAIL_RX)
#: The original of a transliterated name in brackets: 马克·雅各布(Mark Jacobs), 博瓦德（henrik…）.
_FOREIGN_BEFORE = re.compile(r"[\u4e00-\u9fff]+[·•・‧][\u4e00-\u9fff]+\s?$")
_OPEN_LATIN = re.compile(r"[(（]\s?$")
#: A capitalised word right after a name: its surname (Steven Spielberg).
_SURNAME_AFTER = re.compile(r" ([A-Z][a-z]+(?:['\-][A-Za-z]+)*)(?![A-Za-z0-9_@.])")
#: ... and of a name written in capitals, as on a passport or a remittance form (CHEN XIAOMING).
_CAPS_AFTER = re.compile(r" ([A-Z]{2,}(?:['\-][A-Z]+)*)(?![A-Za-z0-9_@.])")

#: Common Chinese surnames in pinyin (a name in pinyin begins with one: yang shuhua).
PINYIN_SURNAMES: frozenset[str] = frozenset(
    """wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng
    liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
    cheng wei su lu ding ren shen yao jin cui zhong tan fan qin jia xia fu fang bai zou meng
    xiong qiu yin xue yan duan lei hou long shi tao hao gu mao gong shao wan qian dai kong kang
    niu ge xing qiao qi pang zhuang zhan yue liao mo ou""".split()
)
#: A Chinese given name in pinyin: one or two syllables (shuhua, wei, Xiaoming).
_PINYIN_GIVEN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|"
    r"uo|ue|ui|er|a|o|e|i|u|v)){1,2}",
    re.I,
)
#: One pinyin syllable.
_PINYIN_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|"
    r"uo|ue|ui|er|a|o|e|i|u|v)",
    re.I,
)
#: A name written in pinyin, surname first, after a self-naming cue (我是yang shuhua, 我名字
#: 拼音 是 Wang Fang, and every cue of a Latin name: 英文名是 HE MING, 叫我 li na) or a
#: cue naming a party (收款人是 wang wei, 持卡人 Li Na); also as the answer to the agent's
#: question for the name (:data:`_PINYIN_ANSWER`). The surname may be an English function
#: word (he, as in HE MING): the cue and a pinyin given name after it decide.
_PINYIN_NAME = re.compile(
    rf"(?:{_NAMING_BEFORE}|我是|本人是|本人叫|姓名是|姓名(?=\s?[:：])|"
    r"(?:名字|姓名)\s?的?\s?拼音\s?(?:是|叫|为)?|"
    r"(?<![A-Za-z])(?:[Nn]ame|NAME)(?=\s?[:：])|"
    r"(?:收款|汇款|付款|持卡|联系|收件|投保|被保险?|开户)人(?:是|叫)?|(?<![商用])户名是?|户主是?)"
    r"[\s:：,，]{0,2}"
    r"(?<![A-Za-z])([A-Za-z]+) ([A-Za-z]+)(?![A-Za-z0-9_@.])"
)

#: A name in pinyin written in capitals, surname first, as on a passport or a remittance form
#: (ZHANG XIAOMING, ZHANG XIAO MING): a name without any cue, the whole run of capitals words
#: (LONG TIME NO SEE is none). The words are checked in
#: :meth:`LatinNameRecognizer._caps_pinyin` (a surname, then one or two syllables in all).
_CAPS_PINYIN = re.compile(
    r"(?<![A-Za-z0-9_@.])(?<![A-Za-z] )([A-Z]{1,6})((?: [A-Z]{1,12}){1,2})"
    r"(?![A-Za-z0-9_@])(?! [A-Za-z])"
)

#: A name spelled letter by letter after a cue for it (我姓张 就是 Z H A N G 张, 名字是 N A N A):
#: single letters between spaces that spell a pinyin surname or a one- or two-syllable given
#: name (not A T M, V I P); the surname said again right after the letters (a single 汉字
#: between spaces, or a compound surname) joins it.
_SPELLED_NAME = re.compile(
    r"(?:姓|我叫|名字是|名字叫|(?<![A-Za-z])(?:name is|spelled|spell))[^\n:：]{0,6}?"
    r"(?<![A-Za-z])([A-Za-z](?: [A-Za-z]){1,6})(?![A-Za-z0-9_@.])"
    r"(?: ([\u4e00-\u9fff]{1,2})(?=[\s,，。]|$))?",
    re.I,
)

#: A message that opens with two Latin words, as a name in pinyin given as an answer does
#: (public: the live hook gives such a message the earlier turns).
_OPENING = r"[\s嗯啊呃哦]*(?:我叫|我是|是)?\s?([A-Za-z]+) ([A-Za-z]+)(?![A-Za-z0-9_@.])"
PINYIN_OPENING = re.compile(_OPENING)
#: A customer turn that opens with a name in pinyin, surname first, right after the agent's
#: question for the name (请问持卡人姓名？— yao li 就是…; 您的姓名？— gao jian). The question
#: words are the person recognizer's ``NAME_ASK``.
_PINYIN_ANSWER = re.compile(
    rf"{SPEAKER_MARKERS['agent']}[^\n]*(?:全名|姓名|名字|怎么称呼|称呼您|叫什么)[^\n]*\n"
    rf"{SPEAKER_MARKERS['customer']}{_OPENING}"
)


class LatinNameRecognizer:
    """English and other Latin-script names: cues, common given names, original spellings.

    Args:
        allow: Latin words never redacted (banking and tech terms, brands), any case.
    """

    ENTITY: ClassVar[str] = "PERSON"
    ALLOW: ClassVar[tuple[str, ...]] = (
        "APP", "ATM", "VIP", "POS", "PIN", "CVV", "ETC", "ID", "OK", "WiFi", "iPhone", "U",
        "Visa", "MasterCard", "UnionPay", "PDF", "QQ",
    )  # fmt: skip

    def __init__(self, allow: Sequence[str] | None = None) -> None:
        words = allow if allow is not None else self.ALLOW
        bad = [w for w in words if not isinstance(w, str)]
        if bad:
            # YAML reads a bare Yes, No, On or Off as a boolean: quote it
            raise ConfigError(f"latin_name.allow: not a string: {bad!r} (quote it in the YAML)")
        self.allow = frozenset(w.casefold() for w in words)
        self._naming = re.compile(rf"{_NAMING_BEFORE}[\s:：,，]{{0,2}}$", re.I)
        self._en_naming = re.compile(_EN_NAMING_BEFORE, re.I)
        self._en_title = re.compile(_EN_TITLE_BEFORE)
        self._before = re.compile(rf"{_CUE_BEFORE}[\s:：,，]{{0,2}}$", re.I)
        self._title = re.compile(rf"\s?{_TITLE_AFTER}")
        self._after = re.compile(rf"\s?{_CUE_AFTER}")

    @property
    def name(self) -> str:
        """Recognizer name."""
        return type(self).__name__

    @property
    def entities(self) -> tuple[str, ...]:
        """``PERSON``."""
        return (self.ENTITY,)

    def load(self) -> None:
        """Nothing to load (the word lists are in this module and the config)."""

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Latin-script names in the analysis text."""
        out: list[Finding] = []
        words = list(_WORD.finditer(text))
        if not words:
            return out
        off = [m.span() for rx in (_URL, _EMAIL) for m in rx.finditer(text)]
        things = [(s, e) for s, e, lab in nlp.ents if lab in ("ORG", "LOC")]
        per = {(s, e) for s, e, lab in nlp.ents if lab == "PER"}
        per_ends = {e for _, e in per}
        pinyin = [*_PINYIN_NAME.finditer(text)]
        if "\n" in text:
            pinyin += _PINYIN_ANSWER.finditer(text)
        for m in pinyin:
            surname, given = m.group(1).casefold(), m.group(2).casefold()
            if (
                surname in PINYIN_SURNAMES
                and given not in _EN_FUNCTION
                and given not in self.allow
                and _PINYIN_GIVEN.fullmatch(given)
            ):
                out.append(Finding(m.start(1), m.end(2), self.ENTITY, 0.85, f"{self.name}:pinyin"))
        for m in _CAPS_PINYIN.finditer(text):
            if self._caps_pinyin(m.group(1), m.group(2).split()):
                out.append(Finding(m.start(1), m.end(2), self.ENTITY, 0.85, f"{self.name}:caps"))
        for m in _SPELLED_NAME.finditer(text):
            spelled = m.group(1).replace(" ", "").casefold()
            if spelled in self.allow or not (
                spelled in PINYIN_SURNAMES or _PINYIN_GIVEN.fullmatch(spelled)
            ):
                continue
            end = m.end(1)
            said = m.group(2)
            if said and (said in SINGLE_SURNAMES or said in COMPOUND_SURNAMES):
                end = m.end(2)
            out.append(Finding(m.start(1), end, self.ENTITY, 0.85, f"{self.name}:spelled"))
        for m in words:
            s, e = m.span()
            value = m.group()
            low = value.casefold()
            if low in self.allow or len(value) < 2 or low in _EN_FUNCTION:
                continue
            if _CONTRACTION.search(value):
                continue
            if any(a < e and s < b for a, b in off) or self._in_title(text, s, e):
                continue
            if _THING_AFTER.match(text, e):
                continue
            # LAC's organisations and places stay, unless a title follows (coco小姐)
            titled = not value.isupper() and self._title.match(text, e) is not None
            if not titled and any(a < e and s < b for a, b in things):
                continue
            score, src = self._evidence(text, s, e, value, per, per_ends)
            if not score:
                continue
            e = self._rest_of_name(text, e, value.isupper())
            out.append(Finding(s, e, self.ENTITY, score, f"{self.name}:{src}"))
        return out

    def _evidence(
        self, text: str, s: int, e: int, value: str, per: set[tuple[int, int]], per_ends: set[int]
    ) -> tuple[float, str]:
        """Score and source of the best evidence that ``value`` is a name (0: none)."""
        m = _OPEN_LATIN.search(text, max(0, s - 2), s)
        if m and (
            m.start() in per_ends or _FOREIGN_BEFORE.search(text, max(0, m.start() - 24), m.start())
        ):
            return 0.8, "original"
        if self._naming.search(text, max(0, s - 8), s) or self._title.match(text, e):
            return 0.85, "cue"
        if (
            value[0].isupper()
            and value[1:].islower()
            and value.casefold() not in _EN_NOT_NAMES
            and (
                self._en_naming.search(text, max(0, s - 14), s)
                or self._en_title.search(text, max(0, s - 7), s)
            )
        ):
            return 0.85, "cue"  # I'm Zhang Chen, my name is Tony, Ms. Li
        if not value.isupper() and (
            self._before.search(text, max(0, s - 8), s) or self._after.match(text, e)
        ):
            return 0.85, "cue"
        low = value.casefold()
        if low in WORD_NAMES:
            return 0.0, ""  # Mark一下, Max额度: everyday words need a cue
        if low in GIVEN_NAMES:
            return (0.85, "given_lac") if (s, e) in per else (0.75, "given")
        return 0.0, ""

    def _rest_of_name(self, text: str, e: int, caps: bool) -> int:
        """The end of a name found at ``…:e``: up to two more capitalised words (Steven
        Spielberg; a surname and a given name of two words, as a Cantonese name is romanised
        on a passport: TSANG WING KI, Tsang Wing Ki), not an allowed word or a thing's name."""
        for _ in range(2):
            sm = (_CAPS_AFTER if caps else _SURNAME_AFTER).match(text, e)
            if (
                sm is None
                or sm.group(1).casefold() in self.allow
                or sm.group(1).casefold() in _EN_FUNCTION
                or _THING_AFTER.match(text, sm.end())
            ):
                break
            e = sm.end()
        return e

    def _caps_pinyin(self, surname: str, given: list[str]) -> bool:
        """Whether capitals words are a pinyin surname and a given name of one or two
        syllables (XIAOMING, XIAO MING), none of them an allowed word (ATM, VIP)."""
        words = [surname.casefold(), *(g.casefold() for g in given)]
        if words[0] not in PINYIN_SURNAMES or any(w in self.allow for w in words):
            return False
        if len(given) == 2:
            return all(_PINYIN_SYLLABLE.fullmatch(w) for w in words[1:])
        return bool(_PINYIN_GIVEN.fullmatch(words[1]))

    @staticmethod
    def _in_title(text: str, s: int, e: int) -> bool:
        """Whether ``s:e`` is inside 《…》 (a title of a book, film or game)."""
        left = text.rfind("《", 0, s)
        return left >= 0 and text.rfind("》", left, s) < 0 and text.find("》", e) >= 0
