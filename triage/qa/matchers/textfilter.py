"""Filters shared by text matchers: negation and the exclusion regex."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from triage.qa.context import QAContext
from triage.qa.matchers.base import Where, boolean, integer
from triage.qa.negation import (
    DEFAULT_REACH,
    closes_with_tag,
    is_denied_or_reported,
    is_negated,
    is_restated,
    opens_restatement,
    restates_to_tag,
)
from triage.qa.scope import breaks, excluded, scope_at


def compile_regex(raw: Any, where: Where) -> re.Pattern[str]:
    """Compile one pattern, naming the field on a syntax error."""
    if not isinstance(raw, str) or not raw:
        raise where.error("must be a non-empty regular expression string")
    try:
        return re.compile(raw, re.IGNORECASE)
    except re.error as exc:
        raise where.error(f"invalid regular expression: {exc}") from exc


@dataclass(frozen=True)
class HitFilter:
    """Drops hits that are negated or whose sentence matches ``exclude``.

    Attributes:
        negation: Drop hits preceded by a negator in the same clause.
        reach: How far before the hit a negator counts (characters).
        exclude: Drop hits whose sentence matches this regex.
        reported: Drop claims the speaker denies exist, reports from others or
            refutes (没有哪款是稳赚的, 您朋友说的稳赚, 保本高收益的都是诈骗).
        exclude_clause: Drop hits whose clause (split also at commas) matches
            this regex: for cues such as 您是说 that only cover their clause.
        restated: Drop hits inside the agent's restatement of the customer
            (您是说 … 对吗 over several clauses; :func:`~triage.qa.negation.is_restated`).
        exclude_restated: Drop hits whose clause matches this regex (您是说, …对吧):
            like ``exclude_clause``, but, as ``restated``, only while the hit's clause
            states no amount the customer has not said before (see ``new_amounts``).
        new_amounts: A restatement repeats the customer: a hit whose clause states an
            amount no earlier customer turn holds (您是说您卡里还有三万二对吧, when the
            customer never said it) is the agent's own words, so ``restated`` and
            ``exclude_restated`` do not drop it.
        echoed: Drop hits after a restatement opener with no confirming tag (您是说卡在您身上
            但是刚被刷了八千块 我先帮您…; :func:`~triage.qa.negation.opens_restatement`) when
            an earlier customer turn holds the hit's words, or all of the amounts its clause
            states: the agent repeats the customer.
        echo_question: Drop hits in a sentence handed back with a closing tag and no opener
            (账户被冻结导致网银登录不了，是吧？; 转出了3000元，对吗？) when the hit's clause
            states no amount earlier customer turns did not, and either states an amount (all
            of them the customer's, then) or takes at least half of its character pairs from
            those turns (:func:`~triage.qa.negation.closes_with_tag`, :func:`repeats_customer`).
        echo_figure: Drop hits whose clause works out a fee or rate on the customer's own
            figure, in a turn naming one (手续费, 费率, 利率 …): every amount in it is one an
            earlier customer turn said (一万二 分十二期 每期手续费七十二 after 我账单一万二
            想分十二期), or it sums up (总共, 一共) and the turn repeats the customer's
            figure (十二期总共八百六十四); not when the clause names the account (还有,
            余额, 卡里, 欠 …: 对 还有一万二 confirms a balance) (:func:`works_on_figure`).
        retracted: Drop hits the speaker takes back at once: later in the same turn or
            early in their next turn (哦不对不对 刚才说错了 它不是保本的; :func:`is_retracted`).
        exclude_before: Drop hits whose sentence, up to the hit, ends with a match of this
            regex: the words leading up to the hit make it say something else. Unlike
            ``exclude`` it clears only the hit it leads to (存款是受存款保险保护的 五十万以内都是
            + 保本: about deposits; 定期是保本的 这款理财也 + 保本: not), see :func:`leads_to`.
        repeats_only: Keep only hits whose clause, after a 您是 opener, mostly repeats
            earlier customer turns (您是下周出国 after 我下周出国 想提一下额度; 您是家里人都有卡
            after 我家里人都有卡): for an opener that restates only when the customer's words
            follow it (:func:`repeats_customer` with ``skip_opener``); an
            acknowledgement opening the clause (好的查本期账单) is skipped too.
        asked: Drop hits whose clause names a thing (a match of this regex) that one of the
            customer's last two turns before the hit asked about (我上个月买了台电脑，能不能分期
            -> 您这笔消费可以申请分期): the customer raised it, the agent answers
            (:func:`customer_asked`).
    """

    negation: bool = False
    reach: int = DEFAULT_REACH
    exclude: re.Pattern[str] | None = None
    exclude_clause: re.Pattern[str] | None = None
    reported: bool = False
    restated: bool = False
    exclude_restated: re.Pattern[str] | None = None
    new_amounts: bool = False
    echoed: bool = False
    echo_question: bool = False
    echo_figure: bool = False
    retracted: bool = False
    exclude_before: re.Pattern[str] | None = None
    repeats_only: bool = False
    asked: re.Pattern[str] | None = None

    KEYS = {
        "negation",
        "negation_reach",
        "exclude",
        "exclude_clause",
        "reported",
        "restated",
        "exclude_restated",
        "new_amounts",
        "echoed",
        "echo_question",
        "echo_figure",
        "retracted",
        "exclude_before",
        "repeats_only",
        "asked",
    }

    @classmethod
    def parse(cls, raw: Mapping[str, Any], where: Where) -> HitFilter:
        """Read the filter keys (``KEYS``) of a matcher mapping."""
        def flag(key: str) -> bool:
            return boolean(raw[key], where.at(key)) if key in raw else False

        def regex(key: str) -> re.Pattern[str] | None:
            return compile_regex(raw[key], where.at(key)) if key in raw else None

        reach = DEFAULT_REACH
        if "negation_reach" in raw:
            reach = integer(raw["negation_reach"], where.at("negation_reach"), minimum=1)
        return cls(
            negation=flag("negation"),
            reach=reach,
            exclude=regex("exclude"),
            exclude_clause=regex("exclude_clause"),
            reported=flag("reported"),
            restated=flag("restated"),
            exclude_restated=regex("exclude_restated"),
            new_amounts=flag("new_amounts"),
            echoed=flag("echoed"),
            echo_question=flag("echo_question"),
            echo_figure=flag("echo_figure"),
            retracted=flag("retracted"),
            exclude_before=_anchored(regex("exclude_before")),
            repeats_only=flag("repeats_only"),
            asked=regex("asked"),
        )

    def keep(
        self,
        ctx: QAContext,
        turn: int,
        start: int,
        end: int | None = None,
        hit_end: int | None = None,
    ) -> bool:
        """Whether a hit starting at ``start`` of ``turn`` survives the filters.

        ``end`` (a scored clause's end) lets ``reported`` read the whole span;
        ``hit_end`` (a pattern hit's end) gives ``echoed`` the hit's words.
        """
        text = ctx.folded[turn]
        if self.repeats_only and not repeats_customer(
            ctx, turn, start, skip_opener=True, skip_ack=True
        ):
            return False
        if self.negation and is_negated(text, start, self.reach):
            return False
        if self.reported and is_denied_or_reported(text, start, end):
            return False
        own: bool | None = None  # states an amount the customer never said (computed once)
        if self.restated and is_restated(text, start, end, hit_end):
            own = self.new_amounts and states_new_amount(ctx, turn, start, end)
            if not own:
                return False
        if (
            self.echoed
            and (opens_restatement(text, start, end) or restates_to_tag(text, start, end))
            and echoes_customer(ctx, turn, start, end if end is not None else hit_end)
        ):
            return False
        if (
            self.echo_question
            and closes_with_tag(text, start)
            and not states_new_amount(ctx, turn, start, end)
            and (repeats_customer(ctx, turn, start) or _states_amount(text, start))
        ):
            return False
        if self.echo_figure and works_on_figure(ctx, turn, start):
            return False
        if self.retracted and is_retracted(ctx, turn, hit_end if end is None else end):
            return False
        if self.exclude is not None and excluded(self.exclude, text, start, end or hit_end):
            return False
        if self.exclude_before is not None and leads_to(self.exclude_before, text, start):
            return False
        if self.exclude_clause is not None:
            s, e = clause_at(text, start)
            if self.exclude_clause.search(text, s, e):
                return False
        if self.asked is not None and customer_asked(ctx, turn, start, self.asked):
            return False
        if self.exclude_restated is not None:
            s, e = clause_at(text, start)
            if self.exclude_restated.search(text, s, e):
                if own is None:
                    own = self.new_amounts and states_new_amount(ctx, turn, start, end)
                if not own:
                    return False
        return True


def _anchored(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """``pattern`` made to end where the text searched ends (the hit's start)."""
    if pattern is None:
        return None
    return re.compile(f"(?:{pattern.pattern})$", pattern.flags)


_SENTENCE_STOP = re.compile(r"[。！？!?；;\n]")


def leads_to(pattern: re.Pattern[str], text: str, start: int) -> bool:
    """Whether the hit's sentence, up to ``start``, ends with a match of ``pattern``.

    ``pattern`` is anchored at its end (:func:`_anchored`); the sentence begins after
    the last 。！？；or line end before the hit.
    """
    s = 0
    for m in _SENTENCE_STOP.finditer(text, 0, start):
        s = m.end()
    return pattern.search(text, s, start) is not None


#: The speaker taking back what they just said (刚才说错了, 不对不对, 口误, 更正一下).
_RETRACT = re.compile(
    r"(说|讲)错了|口误|不对不对|(更正|纠正)一下|我(更正|纠正)|刚才(说|讲)的?(不对|有误|不准确)"
)
#: How far into the speaker's next turn a retraction may stand (characters).
RETRACT_REACH = 20


def is_retracted(ctx: QAContext, turn: int, end: int | None) -> bool:
    """Whether the speaker takes back the hit ending at ``end`` of ``turn`` at once.

    A retraction later in the same turn, or within the first :data:`RETRACT_REACH`
    characters of the speaker's next turn with at most one turn of the other party
    between (这款是 呃 保本的 / 哦不对不对 刚才说错了 它不是保本的).
    """
    text = ctx.folded[turn]
    if _RETRACT.search(text, end or 0):
        return True
    speaker = ctx.turns[turn].speaker
    for i in range(turn + 1, min(len(ctx.turns), turn + 3)):
        if ctx.turns[i].speaker == speaker:
            return _RETRACT.search(ctx.folded[i], 0, RETRACT_REACH) is not None
    return False


_CN_DIGIT = {"零": 0, "〇": 0, "幺": 1, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
# an amount: digits (3,200 / 3.5万) or two or more Chinese numerals (三万二, 八千六百四, 二十)
_AMOUNT = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?万?|[零〇幺一二两三四五六七八九十百千万亿]{2,}")

# what names a number that is no amount (工号8860, 尾号三五七九, 后四位, 工单号…)
_NOT_AMOUNT = re.compile(r"(工号|尾号|编号|单号|号码|后四位|后六位|末四位|代码)[是为：:\s]*$")


def cn_number(s: str) -> float:
    """Value of a Chinese numeral as spoken (三万二 = 32000, 八千六百四 = 8640, 幺六二八 = 1628)."""
    if not any(c in _CN_UNIT or c in _CN_BIG for c in s):
        return float("".join(str(_CN_DIGIT[c]) for c in s if c in _CN_DIGIT) or 0)
    total = section = 0.0
    num = 0
    last = 1
    for c in s:
        if c in _CN_DIGIT:
            num = _CN_DIGIT[c]
        elif c in _CN_UNIT:
            section += (num or (1 if c == "十" else 0)) * _CN_UNIT[c]
            num, last = 0, _CN_UNIT[c]
        elif c in _CN_BIG:
            total += (section + num) * _CN_BIG[c]
            section, num, last = 0.0, 0, _CN_BIG[c]
    # a digit after a unit counts in the next unit down (三万二 = 3.2万, 六千七 = 6700)
    if num and last >= 10 and s[-2] != "零":
        section += num * last / 10
    else:
        section += num
    return total + section


def amounts(text: str) -> list[float]:
    """The amounts spoken or written in ``text``."""
    out = []
    for m in _AMOUNT.finditer(text):
        if _NOT_AMOUNT.search(text, max(0, m.start() - 4), m.start()):
            continue  # an agent number, a card's last digits, a reference: no amount
        tok = m.group().replace(",", "")
        if tok[0].isdigit():
            out.append(float(tok[:-1]) * 10_000 if tok.endswith("万") else float(tok))
        else:
            out.append(cn_number(tok))
    return [a for a in out if a > 0]


def states_new_amount(ctx: QAContext, turn: int, start: int, end: int | None = None) -> bool:
    """Whether the clause of the hit at ``start`` states an amount no earlier customer turn holds.

    Amounts match within 10% (三万多 said, 三万二 restated).
    """
    text = ctx.folded[turn]
    s, e = clause_at(text, start)
    said = [
        a for i in range(turn) if ctx.turns[i].speaker == "customer" for a in amounts(ctx.folded[i])
    ]
    for a in amounts(text[s : max(e, end or 0)]):
        if not any(abs(a - b) <= 0.1 * max(a, b) for b in said):
            return True
    return False


# ASR transcripts often carry no punctuation, only spaces between phrases: a
# space between two Chinese characters ends a clause as a comma would.
_CLAUSE_END = re.compile(r"[，,。！？!?；;\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def clause_at(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the clause of ``text`` containing ``pos``.

    Clauses end at ，。！？；, newlines, and spaces between Chinese characters
    (unpunctuated ASR text), and where a new stretch of speech begins (a
    connective such as 但是, a question handed back: :func:`triage.qa.scope.breaks`).
    """
    start = 0
    # Search past ``pos``: a space boundary right before the hit needs its
    # lookahead (the hit's first character) to be seen.
    for m in _CLAUSE_END.finditer(text, 0, min(len(text), pos + 1)):
        if m.end() > pos:
            break
        start = m.end()
    m = _CLAUSE_END.search(text, pos)
    end = m.start() if m else len(text)
    for c in breaks(text):
        if c <= pos:
            start = max(start, c)
        else:
            end = min(end, c)
            break
    return start, end


def echoes_customer(ctx: QAContext, turn: int, start: int, end: int | None) -> bool:
    """Whether an earlier customer turn said the hit's words, or every amount in them.

    The hit is ``start:end`` (a pattern's match, or a scored clause); amounts count only
    inside it, so a guarantee next to an amount the customer named (您是想把五百万…
    基本上稳赚不赔) is not an echo.
    """
    if end is None or end <= start:
        return False
    text = ctx.folded[turn]
    said = [ctx.folded[i] for i in range(turn) if ctx.turns[i].speaker == "customer"]
    if not said:
        return False
    words = text[start:end].strip()
    if len(words) >= 2 and any(words in t for t in said):
        return True
    own = amounts(words)
    if not own:
        # no figure: the hit's clause, after its opener (您是…), mostly in the customer's
        # words (您是今天中午在人民路支行的ATM被吞卡 after 今天中午，人民路支行门口那台)
        return repeats_customer(ctx, turn, start, skip_opener=True)
    heard = [a for t in said for a in amounts(t)]
    return all(any(abs(a - b) <= 0.1 * max(a, b) for b in heard) for a in own)


_CJK = re.compile(r"[\u4e00-\u9fff]+")
#: Share of a clause's character pairs an earlier customer turn must hold (repeats_customer).
REPEAT_SHARE = 0.5


def _pairs(text: str) -> set[str]:
    return {run[i : i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}


def _states_amount(text: str, start: int) -> bool:
    """Whether the clause of the hit at ``start`` states an amount."""
    s, e = clause_at(text, start)
    return bool(amounts(text[s:e]))


#: The agent's opener of a restatement, left out when the words after it are compared.
_OPENER_HEAD = re.compile(r"(所以|那)?(您|你)(现在)?(就)?是(说|想|要|问)?")
#: An acknowledgement opening a brisk restatement (好的查本期账单, 行 帮您挂失那张尾号的卡).
_ACK_HEAD = re.compile(r"(好的|好嘞|好|行|嗯|可以|收到|明白|没问题)[，,\s]*")


# a customer turn that asks (能不能分期, 分期怎么办, 可以分期吗, 想问个分期的事)
_ASKS = re.compile(
    r"能不能|能否|可不可以|可以吗|行不行|怎么|如何|吗|呢|[?？]|想问|问(一)?(下|个)|咨询|了解(一)?下"
)
# a question that complains or wants the thing gone, asking for nothing (年费怎么又扣了,
# 手续费怎么这么高, 钱怎么还没到账, 利息为什么这么高, 这不是坑人吗, 能不能把卡注销了)
_NOT_ASKING = re.compile(
    r"怎么(又|还|老|总|就|会|被|回事|搞|弄的|这么|那么|这样|没)|为什么|为啥|凭什么|什么意思"
    r"|不是[^，。！？]{0,10}(吗|么|嘛)|(坑|骗|黑|宰)[^，。！？\s]{0,3}(吗|么|呢)"
    r"|注销|销卡|销户|取消|退掉|退订|关掉|停掉|不要了|不想要"
)


def customer_asked(ctx: QAContext, turn: int, start: int, things: re.Pattern[str]) -> bool:
    """Whether the hit's clause names a thing one of the customer's last two turns asked about.

    ``things`` finds the thing in the hit's clause (分期); a customer turn before ``turn``
    (the last two) that names the same thing in a stretch of speech that asks
    (:data:`_ASKS`) makes the hit an answer, not an offer. A stretch that complains or
    wants the thing gone (:data:`_NOT_ASKING`: 我信用卡年费怎么又扣了, 理财的钱怎么还没到账,
    能不能把这张信用卡注销了) asks for nothing, and neither does a question in another
    stretch than the thing (你们这不是坑人吗 after 贷款利息太高了 然后…).
    """
    text = ctx.folded[turn]
    s, e = clause_at(text, start)
    named = {m.group(0) for m in things.finditer(text, s, e)}
    if not named:
        return False
    seen = 0
    for i in range(turn - 1, -1, -1):
        if ctx.turns[i].speaker != "customer":
            continue
        if any(_asks_about(ctx.folded[i], word) for word in named):
            return True
        seen += 1
        if seen == 2:
            break
    return False


def _asks_about(said: str, word: str) -> bool:
    """Whether a stretch of ``said`` naming ``word`` asks (and does not complain)."""
    at = said.find(word)
    while at >= 0:
        lo, hi = scope_at(said, at, at + len(word))
        if _ASKS.search(said, lo, hi) and not _NOT_ASKING.search(said, lo, hi):
            return True
        at = said.find(word, at + 1)
    return False


def repeats_customer(
    ctx: QAContext, turn: int, start: int, skip_opener: bool = False, skip_ack: bool = False
) -> bool:
    """Whether the clause of the hit at ``start`` mostly repeats earlier customer turns.

    At least ``REPEAT_SHARE`` of its Chinese character pairs (three pairs or more) occur
    in the customer's earlier turns: 账户被冻结导致网银登录不了 after 我账户被冻结了 网银登不上
    (6 of 12). A paraphrase of the customer, not the agent's finding. ``skip_opener``:
    compare only the words after a 您是 / 您是说 opening the clause. ``skip_ack``: also
    after an acknowledgement opening it (好的查本期账单 after 查下这期账单多少).
    """
    text = ctx.folded[turn]
    s, e = clause_at(text, start)
    if skip_ack:
        m = _ACK_HEAD.match(text, s, e)
        if m is not None and m.end() >= e and e < len(text):
            # the acknowledgement is a clause of its own (行，帮您挂失储蓄卡): the next one
            s, e = clause_at(text, _ACK_HEAD.match(text, s).end())
        elif m is not None:
            s = m.end()
    if skip_opener:
        m = _OPENER_HEAD.match(text, s, e)
        if m is not None:
            s = m.end()
    own = _pairs(text[s:e])
    if len(own) < 3:
        return False
    said: set[str] = set()
    for i in range(turn):
        if ctx.turns[i].speaker == "customer":
            said |= _pairs(ctx.folded[i])
    return len(own & said) >= REPEAT_SHARE * len(own)


#: Words that tie a clause's amount to the customer's account (a balance confirmed, a debt).
_ACCOUNT_WORDS = re.compile(
    r"还有|还剩|剩|余额|欠|卡里|卡上|账上|账户|户上|名下|到账|入账|扣|转|消费|刷|取|存|可用|额度|已经"
)
_SUMS_UP = re.compile(r"总共|一共|合计|共计|加起来|算下来")
_FEE_OR_RATE = re.compile(r"手续费|费率|利率|利息|年化")


def works_on_figure(ctx: QAContext, turn: int, start: int) -> bool:
    """Whether the clause of the hit at ``start`` works on a figure the customer gave.

    In a turn that names a fee or rate (手续费, 费率, 利率, 利息, 年化), either every
    amount in the clause is one an earlier customer turn said (within 1%), or the clause
    sums up (总共, 一共) and the turn repeats a customer's figure: the agent computes for
    the customer's own number. A clause naming the account (还有, 余额, 卡里, 欠 …) is the
    agent's own finding, and so is a figure named in a turn working out no fee or rate
    (这是您开通的短信提醒服务费，每季度5元, after 这笔5块钱的扣费是啥).
    """
    text = ctx.folded[turn]
    s, e = clause_at(text, start)
    clause = text[s:e]
    if _ACCOUNT_WORDS.search(clause):
        return False
    own = amounts(clause)
    if not own:
        return False
    heard = [
        a for i in range(turn) if ctx.turns[i].speaker == "customer" for a in amounts(ctx.folded[i])
    ]
    if not heard:
        return False

    def said(a: float) -> bool:
        return any(abs(a - b) <= 0.01 * max(a, b) for b in heard)

    if not _FEE_OR_RATE.search(text):
        return False  # no fee or rate worked out in the turn: a figure named is a finding
    if all(said(a) for a in own):
        return True
    return bool(_SUMS_UP.search(clause) and any(said(a) for a in amounts(text) if a >= 100))
