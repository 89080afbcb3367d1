"""Numbers the customer gives after the agent asked for them (ID, card, phone).

The other number recognizers need a checksum (GB 11643, Luhn), a valid mobile
prefix or a cue word in the same turn. On the phone the agent asks (请报一下您的
身份证号码), the customer reads the number out, and the ASR mishears a digit
often enough: the checksum then fails and the number would leak. So in the
customer's next ``answer_window`` turns after an agent turn naming a number
type, every digit string of at least ``min_digits`` digits is that number (or
a part of it, when it is read out over several turns), whatever its checksum.
Amounts, dates and counts (a unit right after the digits) are left alone, and
so are the answers when only the last four digits or fewer were asked for
(身份证后四位, 手机尾号: the usual identity check, no more than a bank prints; shorter
than ``min_digits`` anyway). An ask for more (身份证后六位) is an ask for the number:
its answer is a first group. A shorter
digit string counts when it is the customer's whole turn (fillers aside) and has
at least ``part_digits`` digits: the first group of a number read out over
several turns (三二零五零二 … 嗯 … 幺九八五…; also before a filler the caller trails off with,
二三零 七零九 那个, or a request to wait: 幺三九 呃 等我戴个眼镜), which the join with the next
group may not reveal as a number on its own; not
when the agent's turn also asks for some last digits (请提供姓名和身份证号码后四位: a short
answer is that tail).
When a phone number was asked for, a first group of three digits counts too
when it is a mobile prefix (1[3-9]x) or an area code (0xx): 幺五八 / 零零二幺 ….

The customer may name the number before reading it out in the same turn (我的手机号
一三八 零零一三 不对 是 零零三一 八八二七, 卡号是 六二一七 零零零八): the digits after an
ask word in a customer turn are an answer too (also a first part alone, which the
live hook sends out before the rest arrives), also after words announcing the
reading (身份证号 我这儿有 …, 卡号 我念一下 …), and the customer's next turns are
in the answer window as after an agent's request; a turn that only announces the
number (我报一下我的手机号, 卡号是) opens that window for the digits to come. The agent
reading the number back (我跟您核对一下 六二二六 幺幺八八 …) is masked as well: a digit string of at
least ``min_digits`` digits in an agent turn that shares ``min_digits`` digits in a
row with what the customer said since the request (or is all of it); not a digit
string the turn names as a number of another kind (凭流水号…, 订单号…).

A phone number's first part after its bare name at the end of a customer's turn (… 电话
幺八八 三八两洞, asked for or not) is masked when it starts like a mobile number or an area
code: its rest comes in the next turns (the live hook answers this one first); in the answer
to an ask, a first group may follow the number's name (手机 幺八六 洞二幺).

An extension answered in its own turn after the agent asked for it (有分机吗 —
有的，八八一) is part of the phone number: the customer's next turn, when it is
only a short digit string (``extension_digits``) with fillers or 有/是/分机 around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import ClassVar

from triage.normalize import SEPARATOR_CLASS, SPOKEN_DIGITS
from triage.redact.recognizers.base import (
    COUNT_UNIT,
    ID_X,
    MONEY_UNIT,
    NOT_A_QUANTITY,
    SEP,
    SPEAKER_MARKERS,
    Finding,
    NlpView,
    x_as_latin,
)
from triage.redact.recognizers.continued_number import CONNECTIVE, TAKEN_BACK

#: At most as many last digits as a bank prints (the last four of a card or an ID): an ask
#: for more (身份证后六位, 卡号后八位) asks for a part of the number that is still personal.
_TAIL_COUNT = r"(?:后|末|尾|最后)[几一二三四两1-4]位|尾号"
#: Right after an ask word: only the last digits are asked for (身份证后四位, 手机尾号).
_TAIL_ASK = re.compile(rf"[^，。？?\n]{{0,4}}?(?:{_TAIL_COUNT})")
#: Anywhere in the agent's turn: some last digits are asked for (short answers are tails).
_TAIL_ANY = re.compile(_TAIL_COUNT)
#: More last digits asked for than a bank prints (身份证后六位, 卡号后八位): how many. A digit
#: string of exactly that length in the answer is that part, other words around it or not.
_TAIL_MORE = re.compile(r"(?:后|末|尾|最后)([5-9五六七八九])位")
_COUNT_WORD = {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


#: Said between the groups of a number read out: fillers, pauses and corrections.
_CORRECTION = r"嗯|啊|呃|哦|额|然后|不对|不是|错了|说错了|等一下|等等|那个|就是|应该是|是|对|吧"
#: A filler the caller trails off with after a first group, the rest in the next turn
#: (二三零 七零九 那个 / 嗯 然后 / 幺九四零 …).
_TRAILING = r"那个|这个|然后|就是"
#: The caller asking to wait after a first group (幺三九 呃 等我戴个眼镜, 六二二二 稍等 我找下卡):
#: the rest comes in a later turn.
HOLD_ON = r"(?:等(?:一下|一会儿?|会儿?|等|我)|稍等|您等|你等|我(?:看|找|查|翻|想)一?下)"
#: A vehicle's toll card or on-board unit named with its number (ETC卡号, 通行卡号, OBU号,
#: OBU背面也有个号): a road operator's number, no bank card, whatever its length; not the bank
#: card it is bound to or paid from (ETC绑定的卡号, ETC扣款的银行卡号).
#: The words that name one (also a cheap test before the pattern).
TOLL_WORDS = ("ETC", "OBU", "通行卡")
TOLL_NUMBER = (
    rf"(?:{'|'.join(TOLL_WORDS)})"
    r"(?:(?!绑|银行|信用|储蓄|借记|扣款)[^\d\n，。,.？?！!]){0,6}?号码?"
)
#: A number of another kind, no personal one (统一社会信用代码, 注册号, 订单号): the agent
#: asking for it ends the answer window; digits right after it in a customer's turn are it.
OTHER_NUMBER = (
    r"(?:信用代码|税号|识别号|注册号|执照号|营业执照|订单号|保单号|发票号码?|发票代码|流水号|工单号|回执号|受理号"
    rf"|快递单号|运单号|合同号|批次号|报案号|案件号|{TOLL_NUMBER})"
)
#: Right before a card's ask word: the toll card it belongs to (ETC卡号, 通行卡号).
_TOLL_HEAD = re.compile(r"(?:ETC|OBU|通行)\s?$", re.I)
_OTHER_ASK = re.compile(OTHER_NUMBER)
_TAKEN_BACK = re.compile(TAKEN_BACK)
_OTHER_BEFORE = re.compile(rf"{OTHER_NUMBER}[是为：:\s]{{0,3}}$")
#: Between the digits a customer gives after naming the number and the next ones: other
#: pieces of it, fillers, connectives or a correction (我的手机号 一三八零零一三八 不对 是 …,
#: 三三零幺零六 然后是 一九八七年的 呃 …), not other words (交易金额, 交易时间).
_SAID_ON = re.compile(rf"(?:[\s。，,…、:：\d]|{_CORRECTION}|{CONNECTIVE}|年的?)*")
#: The customer announcing the number being read out, around its name: 我这儿有, 我念一下,
#: 报给您, 跟你说一下 (身份证号 我这儿有 …, 我报一下我的手机号 / …).
_ANNOUNCE = (
    r"(?:我|俺)?(?:这儿|这里|这边|手上|手里|手头)?有"
    r"|(?:我|俺)?(?:跟[你您])?(?:报|念|读|说|告诉[你您]?|发给?[你您]?|给[你您])(?:一下|下|一遍)?"
    r"(?:给[你您]听?)?"
)
#: An announcement before the number's name, in the same clause (我报一下我的手机号).
_ANNOUNCE_BEFORE = re.compile(rf"(?:{_ANNOUNCE})[^，。？?！!；;\n\d]{{0,6}}$")
#: What the lead after a number's name holds when it announces the digits to come (是, 我念一下).
_ANNOUNCED = re.compile(rf"[是为:：]|{_ANNOUNCE}")
#: The ID card named as a document to bring, copy or replace, no ask for its number: before
#: the word (带身份证, 携带本人身份证, 开临时身份证) or after it (身份证原件, 身份证丢了).
_DOC_BEFORE = re.compile(
    r"(?:带|携带|拿|凭|持|开|补办|补)(?:上|好|着)?(?:本人|您的|你的)?(?:临时)?$"
)
_DOC_AFTER = re.compile(r"(?:原件|复印件|正反面|丢了|丢失|过期|到期|到网点|去网点)")


#: A request to read a number out: the ID card named as a document is asked for after all
#: (您带身份证了吗 报一下号码).
_READ_OUT = re.compile("报|念|读|说一下|提供|告诉|号码|多少|几位")


def _document(line: str, start: int, end: int) -> bool:
    """Whether the ID card word at ``line[start:end]`` names the card as a document (and the
    line asks for no number to be read out)."""
    if _READ_OUT.search(line):
        return False
    after = end + (line[end : end + 1] == " ")
    return bool(_DOC_BEFORE.search(line, max(0, start - 8), start) or _DOC_AFTER.match(line, after))


def _toll_card(line: str, start: int) -> bool:
    """Whether the card's ask word at ``start`` names a toll card (ETC卡号, 通行卡号)."""
    return _TOLL_HEAD.search(line, max(0, start - 4), start) is not None


#: The name of a number the customer may say before a first group (手机 一八六 …, 卡号 六二二八).
_NAMED = r"(?:手机号?|电话号?|号码|卡号|账号|帐号|身份证号?|证件号)码?"
#: An agent turn that reads a number back for the customer to confirm. 重复 only as the verb
#: (重复一下, 跟您重复), not a charge or an order made twice (重复扣款, 重复下单); the number
#: asked about between 是 and 吗 (是 一三九 零七二二 五六八 吗).
_READ_BACK = re.compile(
    r"核对|复述|确认|重复一[下遍]|(?:再|给[您你]|跟[您你]|向[您你])重复|再说一遍|念一下|[是对]吗|对吧|没错吧"
    r"|是\s?\d[\d\s-]*吗"
)
#: The tag of a number masked earlier (the live hook's stored turns).
NUMBER_TAG = re.compile(r"<(?:PHONE_NUMBER|CN_ID_CARD|BANK_CARD)>")
#: Spoken digits (ASR forms included) the normaliser may leave as words in short groups.
_SPOKEN = "零〇一二三四五六七八九幺两洞拐"
#: An agent turn that only echoes a short group of digits (嗯 一五九, 二六 然后呢, 0288 对吗);
#: public: the live hook's context test reads it.
ECHO = re.compile(
    rf"[\s,，。嗯啊哦噢好的对是]*([\d{_SPOKEN}](?:{SEP}[\d{_SPOKEN}]){{1,5}})[\s,，。]*"
    r"(?:然后呢|然后|还有呢|后面呢|继续|对吗|是吗|对吧|是吧|嗯)?[\s,，。？?]*"
)
#: Money: a currency sign or 金额 just before, or thousands groups / cents (85,000.00).
_CURRENCY_BEFORE = re.compile(r"(?:[¥￥$]|金额|RMB|人民币)\s?$")
_MONEY = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2}")


def _amount(line: str, m: re.Match[str]) -> bool:
    """Whether the digits of ``m`` (group 1) in ``line`` are an amount of money."""
    s = m.start(1)
    return bool(_CURRENCY_BEFORE.search(line, max(0, s - 4), s) or _MONEY.fullmatch(m.group(1)))


#: An agent turn that only acknowledges (the customer goes on reading the number).
_BACKCHANNEL = re.compile(r"[嗯啊哦噢好的对是您请继续说讲行\s,，.。!！]{1,8}")


class AskedNumberRecognizer:
    """Digit strings in the customer's answer to the agent's request for a number.

    Args:
        asks: Entity type -> the words in an agent turn that ask for it.
        answer_window: Customer turns after the request in which digit strings count.
        min_digits: Fewest digits a string needs (parts of a number read out in
            groups over several turns count too).
        score: Score of a finding.
    """

    NAME: ClassVar[str] = "AskedNumberRecognizer"
    ASKS: ClassVar[dict[str, tuple[str, ...]]] = {
        "CN_ID_CARD": ("身份证", "证件号", "身份号码"),
        "BANK_CARD": ("卡号", "账号", "帐号", "卡的号码"),
        "PHONE_NUMBER": (
            "手机号",
            "电话号码",
            "联系电话",
            "联系方式",
            "联系号码",
            "预留手机",
            "座机",
            "电话多少",
            "电话是多少",
            "问电话",
            "留个电话",
            "电话呢",
            "区号",
            "您的电话",
            "你的电话",
            "联系到您",
            "人电话",
            "号码是多少",
            "号码多少",
            "新的号码",
            "新号码",
            "新号",
            "我的号码",
            "我号码",
            "确认一下号码",
            "和电话",
        ),
    }
    #: Words in an agent turn that ask for an extension (the answer is part of a phone number).
    EXTENSION_ASKS: ClassVar[tuple[str, ...]] = ("分机",)
    #: When several types are asked for at once: which one a string of this many digits is.
    _FITS: ClassVar[dict[str, tuple[int, int]]] = {
        "CN_ID_CARD": (15, 18),
        "PHONE_NUMBER": (7, 12),
        "BANK_CARD": (10, 25),
    }

    def __init__(
        self,
        asks: Mapping[str, Sequence[str]] | None = None,
        answer_window: int = 3,
        min_digits: int = 7,
        score: float = 0.75,
        part_digits: int = 4,
        extension_asks: Sequence[str] | None = None,
        extension_digits: tuple[int, int] | Sequence[int] = (2, 6),
    ) -> None:
        self.asks = {k: tuple(v) for k, v in (asks if asks is not None else self.ASKS).items()}
        self.answer_window = answer_window
        self.score = score
        self._ask = {
            entity: re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
            for entity, words in self.asks.items()
            if words
        }
        self.part_digits = part_digits
        ext = tuple(extension_asks if extension_asks is not None else self.EXTENSION_ASKS)
        self._ext_ask = re.compile("|".join(re.escape(w) for w in ext)) if ext else None
        low, high = extension_digits
        self._ext = re.compile(
            rf"[\s。，,…嗯啊呃哦有的是就转分机号码：:]*(\d{{{low},{high}}})"
            rf"(?!\d){NOT_A_QUANTITY}[\s。，,.…!！~～嗯啊呃哦吧]*$"
        )
        # a turn of digit groups with pauses and corrections only (六七八九 等一下 不是 六七九八)
        self.min_digits = min_digits
        group = rf"(\d(?:{SEP}\d){{2,}})(?![\dA-Za-z]){NOT_A_QUANTITY}"
        self._group = re.compile(group)
        gap = rf"(?:[\s。，,…、!！?？]|{_CORRECTION})"
        self._groups = re.compile(rf"{gap}*\d(?:{SEP}\d){{2,}}(?:{gap}+{group})+{gap}*")
        every = [w for words in self.asks.values() for w in words] + list(ext)
        #: Any ask word (the live hook's context test reads it).
        self.ask_cue = re.compile(
            "|".join(re.escape(w) for w in sorted(every, key=len, reverse=True)) or "(?!)"
        )
        # whole digit strings only: not from inside a grouped one (1 2 3 …), not up to a part,
        # unless the next group is an amount (幺二三四 然后 三千块钱: not the card's last digits);
        # a date or count unit stops it only written right after the digits (20240315号):
        # after a pause (五六七 月底到期) it starts the next words
        self._number = re.compile(
            rf"(?<![\dA-Za-z])(?<!\d{SEPARATOR_CLASS})"
            rf"(\d(?:{SEP}\d){{{min_digits - 1},}}(?:{SEP}{ID_X})?)"
            rf"(?![\dA-Za-z])(?!{SEP}\d(?!\d*\s?{MONEY_UNIT}))(?!\s?{MONEY_UNIT}|{COUNT_UNIT})"
        )
        least = min(part_digits, 3) - 1  # a phone number's first three (_part_counts)
        # the end of a turn after a first group: fillers, a trailing word, a request to wait
        part_end = (
            rf"(?![\dA-Za-z]){NOT_A_QUANTITY}(?:[\s。，,.…!！?？~～嗯啊呃哦吧]|对的?|就是这个|没了|{_TRAILING})*"
            rf"(?:{HOLD_ON}[^\d\n]{{0,8}})?$"
        )
        # a whole-turn first group, maybe after the number's name (手机 幺八六 洞二幺)
        self._part = re.compile(
            rf"(?:[\s。，,…嗯啊呃哦是]|然后|好像|应该|大概|就|{_NAMED})*"
            rf"(\d(?:{SEP}\d){{{least},}}(?:{SEP}{ID_X})?){part_end}"
        )
        # a first part of at least six digits after other words, cut off by a request to wait
        # that ends the turn (the answer window only: 我戴个眼镜啊 呃 六二五八 零九 等一下 …;
        # not 还了 120000)
        self._last_part = re.compile(
            rf"(?<![\dA-Za-z])(?<!\d{SEPARATOR_CLASS})(\d(?:{SEP}\d){{5,}}(?:{SEP}{ID_X})?)"
            rf"(?![\dA-Za-z]){NOT_A_QUANTITY}[\s。，,…嗯啊呃哦]*{HOLD_ON}[^\d\n]{{0,8}}$"
        )
        # a phone's first part after its bare name at the end of a customer's turn, asked for
        # or not (… 电话 幺八八 三八两洞 / 幺拐五六 …): a mobile prefix or an area code
        self._bare_phone = re.compile(
            rf"(?:电话|手机)(?:号码?)?[\s:：，,是嗯啊]*"
            rf"((?:1{SEP}[3-9]|0{SEP}\d{SEP}\d)(?:{SEP}\d){{1,7}}){part_end}"
        )
        numeral = rf"[\d{_SPOKEN}]"
        self._spoken_rest = re.compile(
            rf"({numeral}(?:[\s,，、\-]*{numeral})*(?:[\s,，、]*{ID_X})?)"
            r"[\s。，,.…!！?？~～嗯啊呃哦吧]*"
        )
        # a turn of one or two spoken digits alone (嗯 幺九): a piece of the number going on
        self._spoken_piece = re.compile(
            rf"[\s,，。嗯啊呃哦]*([{_SPOKEN}](?:\s?[{_SPOKEN}])?)[\s,，。.…嗯啊呃哦吧]*"
        )
        # after an ask word in the customer's own turn: a short lead (是, ：) before the digits
        # or a phrase announcing the reading (身份证号 我这儿有 …, 卡号 我念一下 …)
        self._lead = re.compile(
            rf"(?:[\s:：，,]|号码|号|是|为|呢|的|就是|吧|嗯|啊|哈|{_ANNOUNCE})*"
        )

    @property
    def name(self) -> str:
        """Recognizer name."""
        return self.NAME

    @property
    def entities(self) -> tuple[str, ...]:
        """Entity types this recognizer can return."""
        return tuple(self._ask)

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Digit strings of customer turns within the window after an agent's request."""
        if not self.ask_cue.search(text) and "电话" not in text and "手机" not in text:
            return []
        agent, customer = SPEAKER_MARKERS["agent"], SPEAKER_MARKERS["customer"]
        out: list[Finding] = []
        asked: list[str] = []  # types of the latest request, in the order asked
        said: list[str] = []  # digits the customer said since the latest request
        window = 0
        parts = True
        extension = False  # the agent's last turn asked for an extension
        going = False  # the customer's last turn gave digits, the agent only nodded since
        tail = 0  # the agent asked for this many last digits (more than four), else 0
        pos = 0
        for line in text.split("\n"):
            marker = line[:1]
            if marker == customer and extension:
                extension = False
                m = self._ext.match(line, 1)
                if m:
                    s, e = m.span(1)
                    out.append(Finding(pos + s, pos + e, "PHONE_NUMBER", self.score, self.name))
                    pos += len(line) + 1
                    continue
            if marker == agent:
                if said:
                    out.extend(self._read_back(line, pos, said, asked))
                extension = bool(self._ext_ask and self._ext_ask.search(line))
                hits = self._hits(line)
                if hits:
                    asked = list(dict.fromkeys(entity for _, _, entity in hits))
                    window = self.answer_window
                    parts = not _TAIL_ANY.search(line)
                    more = _TAIL_MORE.search(line)
                    tail = int(_COUNT_WORD.get(more.group(1), more.group(1))) if more else 0
                    said = []
                    going = False
                elif _OTHER_ASK.search(line):
                    window = 0  # 公司的统一社会信用代码: the next digits are that number
                    going = False
                elif not _BACKCHANNEL.fullmatch(line, 1):
                    window = max(window - 1, 0)  # 嗯 / 您继续: the answer goes on
                    going = False
            elif marker == customer and (own := self._own_ask(line)) is not None:
                asked, at = own
                window, parts, tail = self.answer_window, True, 0
                said = [heard] if (heard := _digits(line[at:])) else []
                going = bool(heard)
                for m in self._answer(line, at, asked):
                    s, e = m.span(1)
                    entity = self._type_of(m.group(1), asked)
                    out.append(Finding(pos + s, pos + e, entity, self.score, self.name))
            elif marker == customer and (bare := self._bare_phone.search(line, 1)):
                # 电话 幺八八 三八两洞: the first part of a phone number, its rest to come
                asked, window, parts, tail = ["PHONE_NUMBER"], self.answer_window, True, 0
                said, going = [_digits(bare.group(1))], True
                s, e = bare.span(1)
                out.append(Finding(pos + s, pos + e, "PHONE_NUMBER", self.score, self.name))
            elif marker == customer and window > 0:
                piece = (
                    self._spoken_piece.fullmatch(line, 1)
                    if going and parts and self._short_of(said, asked)
                    else None
                )
                if piece is not None:
                    # 幺五八 / 嗯 / 幺九 / 嗯 嗯 / 幺八九: one or two digits the normaliser leaves
                    # as words, going on with a number while the agent only nods
                    s, e = piece.span(1)
                    said.append("".join(SPOKEN_DIGITS.get(c, c) for c in piece.group(1)))
                    out.append(Finding(pos + s, pos + e, asked[0], self.score, self.name))
                    window -= 1
                    pos += len(line) + 1
                    continue
                if heard := _digits(line):
                    said.append(heard)
                going = bool(heard)
                part = self._part.match(line, 1) if parts else None
                if part and not self._part_counts(part.group(1), asked):
                    part = None
                groups = (
                    list(self._group.finditer(line))
                    if not part and parts and self._groups.fullmatch(line, 1)
                    else []
                )
                if sum(sum(c.isdigit() for c in m.group(1)) for m in groups) < self.min_digits:
                    groups = []
                found = [part] if part else groups or list(self._number.finditer(line))
                if not found and tail:
                    # 零九七五三九 要不要…: the last six asked for, said before other words
                    found = self._tail_parts(line, tail)
                if not found and parts:
                    # 我戴个眼镜啊 呃 六二五八 零九 等一下: a first part after other words, the
                    # rest to come after the wait
                    found = list(self._last_part.finditer(line))[-1:]
                for m in found:
                    if _amount(line, m):
                        continue  # 金额¥85,000.00: money, not the account asked for
                    if _OTHER_BEFORE.search(line, max(0, m.start(1) - 12), m.start(1)):
                        continue  # 营业执照 注册号 3301…: that number, not the one asked for
                    s, e = m.span(1)
                    entity = self._type_of(m.group(1), asked)
                    out.append(Finding(pos + s, pos + e, entity, self.score, self.name))
                window -= 1
            pos += len(line) + 1
        return out

    @staticmethod
    def _tail_rx(n: int) -> re.Pattern[str]:
        """A digit string of exactly ``n`` characters (the ID's X last), no quantity."""
        return _TAIL_RX.setdefault(
            n,
            re.compile(
                rf"(?<![\dA-Za-z])(?<!\d{SEPARATOR_CLASS})"
                rf"(\d(?:{SEP}\d){{{n - 2}}}(?:{SEP}(?:\d|{ID_X})))"
                rf"(?![\dA-Za-z])(?!{SEP}\d){NOT_A_QUANTITY}"
            ),
        )

    def _tail_parts(self, line: str, n: int) -> list[re.Match[str]]:
        """The last ``n`` digits asked for in ``line``: the first string of that length, and
        one said again after the caller took the one before back (三一七二零四 哎 不对 那是
        我儿子的 我的是 零五一一二六)."""
        out: list[re.Match[str]] = []
        for m in self._tail_rx(n).finditer(line):
            if out and not _TAKEN_BACK.search(line, out[-1].end(1), m.start(1)):
                break
            out.append(m)
        return out

    def _short_of(self, said: Sequence[str], asked: Sequence[str]) -> bool:
        """Some digits of the number were said (or masked: the live hook's stored turns),
        fewer than the longest asked type has."""
        n = sum(len(d.replace("<", "")) for d in said)
        return bool(said) and n < max(self._FITS.get(entity, (0, 99))[1] for entity in asked)

    def _hits(self, line: str) -> list[tuple[int, int, str]]:
        """Ask words of ``line`` as ``(start, end, type)``, in order.

        Not the last digits (后四位), not the ID card named as a document (带身份证, 身份证
        复印件, 身份证丢了), not a toll card's number (ETC卡号), and not a generic word
        (号码是多少) right after the word of another type (身份证号码是多少 asks for the ID
        number only).
        """
        if not self.ask_cue.search(line):
            return []
        found = sorted(
            (m.start(), m.end(), entity)
            for entity, rx in self._ask.items()
            for m in rx.finditer(line)
            if not _TAIL_ASK.match(line, m.end())
            and not (entity == "CN_ID_CARD" and _document(line, m.start(), m.end()))
            and not (entity == "BANK_CARD" and _toll_card(line, m.start()))
        )
        ends = {(end, entity) for _, end, entity in found}
        return [
            (start, end, entity)
            for start, end, entity in found
            if not any(
                (at, other) in ends
                for at in (start, start - 1)
                for other in self._ask
                if other != entity
            )
        ]

    def _own_ask(self, line: str) -> tuple[list[str], int] | None:
        """The types a customer turn names before digits of its own, and where they start.

        A turn that ends with the name and an announcement (我报一下我的手机号, 卡号是,
        身份证号 我这儿有) names it too, the digits to come in the next turns: ``at`` is then
        the end of the line (the live hook answers such a turn before the digits arrive).
        """
        hits = self._hits(line)
        if not hits:
            return None
        start, end, entity = max(hits, key=lambda h: h[1])
        at = self._lead.match(line, end).end()
        if at >= len(line.rstrip("。.!！~～…")):
            announced = _ANNOUNCED.search(line, end, at) or _ANNOUNCE_BEFORE.search(
                line, max(1, start - 12), start
            )
            return ([entity], len(line)) if announced else None
        # digits, or (a stored turn in the live hook's context) the tag of a masked value
        if not (line[at].isdigit() or line[at] in _SPOKEN or line[at] == "<"):
            return None
        return [entity], at

    def _answer(self, line: str, at: int, asked: Sequence[str]) -> list[re.Match[str]]:
        """Digit strings of ``line`` from ``at``: corrected groups, a number or a first part."""
        groups = list(self._group.finditer(line, at)) if self._groups.fullmatch(line, at) else []
        if sum(sum(c.isdigit() for c in m.group(1)) for m in groups) >= self.min_digits:
            return groups
        numbers = self._said_on(line, at, self._number.finditer(line, at))
        if numbers:
            return numbers
        part = self._part.match(line, at)
        if part and self._part_counts(part.group(1), asked):
            return [part]
        # digits and short spoken groups the normaliser leaves as words (三二零一 零二 一九八七)
        rest = self._spoken_rest.fullmatch(line, at)
        if rest and sum(c.isdigit() or c in _SPOKEN for c in rest.group(1)) >= self.min_digits:
            return [rest]
        return []

    @staticmethod
    def _said_on(line: str, at: int, found: Iterable[re.Match[str]]) -> list[re.Match[str]]:
        """The numbers of ``found`` that go on from ``at`` with fillers or a correction only
        between them: not one after other words (对方账号 6222 **** **** 1234 交易金额 …
        交易时间 2026-12-20 23:47:15: a time, not the account named)."""
        out = []
        end = at
        for m in found:
            if not _SAID_ON.fullmatch(line, end, m.start(1)):
                break
            out.append(m)
            end = m.end(1)
        return out

    def _read_back(
        self, line: str, pos: int, said: Sequence[str], asked: Sequence[str]
    ) -> list[Finding]:
        """Digit strings of an agent turn that repeat what the customer said."""
        heard = "".join(said).replace("<", "")
        # the live hook's context holds the answer masked (<BANK_CARD>): a long string said
        # as a read-back (核对一下, 对吗) then
        masked = not heard and any("<" in d for d in said) and bool(_READ_BACK.search(line))
        out = []
        for m in self._number.finditer(line, 1):
            if _OTHER_BEFORE.search(line, max(0, m.start(1) - 12), m.start(1)):
                continue  # 凭流水号2026…: that number, named, not the one read back
            value = "".join(c for c in m.group(1) if c.isdigit())
            need = min(self.min_digits, len(heard))
            if masked or need and common_run(value, heard) >= need:
                s, e = m.span(1)
                entity = self._type_of(m.group(1), asked or ["PHONE_NUMBER"])
                out.append(Finding(pos + s, pos + e, entity, self.score, self.name))
        echo = ECHO.fullmatch(line, 1) if not out and said else None
        if echo:
            # 嗯 一五九 / 二六 然后呢: the agent echoes the group just given, to hear the rest
            value = "".join(SPOKEN_DIGITS.get(c, c) for c in echo.group(1) if not c.isspace())
            value = "".join(c for c in value if c.isdigit())
            last = said[-1].replace("<", "")
            if (last and last.endswith(value)) or (not last and "<" in said[-1]):
                s, e = echo.span(1)
                entity = self._type_of(echo.group(1), asked or ["PHONE_NUMBER"])
                out.append(Finding(pos + s, pos + e, entity, self.score, self.name))
        return out

    def _part_counts(self, value: str, asked: Sequence[str]) -> bool:
        """A whole-turn group: ``part_digits`` characters, or a phone number's first three."""
        digits = "".join(c for c in value if c.isdigit())
        if len(digits) >= self.part_digits:
            return True
        return "PHONE_NUMBER" in asked and bool(re.fullmatch(r"1[3-9]\d|0\d\d", digits))

    def _type_of(self, value: str, asked: Sequence[str]) -> str:
        """The asked type a digit string of this length fits, else the first one asked."""
        n = sum(c.isdigit() or c in "Xx" for c in x_as_latin(value))
        for entity in asked:
            low, high = self._FITS.get(entity, (0, 99))
            if low <= n <= high:
                return entity
        return asked[0]


#: :meth:`AskedNumberRecognizer._tail_rx` by length.
_TAIL_RX: dict[int, re.Pattern[str]] = {}


def _digits(text: str) -> str:
    """The digits of ``text`` in order, ``<`` after them when it holds a number's tag."""
    out = "".join(c for c in text if c.isdigit())
    return out + "<" if NUMBER_TAG.search(text) else out


def common_run(a: str, b: str) -> int:
    """Length of the longest run of characters ``a`` and ``b`` share."""
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return sm.find_longest_match(0, len(a), 0, len(b)).size
