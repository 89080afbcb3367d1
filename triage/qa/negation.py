"""Negation scope for Chinese keyword hits (不保本 is not a promise of 保本).

A hit is negated when a negator stands shortly before it inside the same
clause (clauses end at ，。！？；). Words that begin with a negator but do not
negate what follows (不管, 不论, 不过, 不用担心 …) are masked out first.
Double negation (不是不保本) is treated as negated: rare, and a reviewer sees it.
"""

from __future__ import annotations

import re

from triage.qa.scope import scope_start

NEGATORS: tuple[str, ...] = (
    "不",
    "没",
    "沒",
    "无",
    "非",
    "未",
    "别",
    "莫",
    "勿",
    "否",
)
# Words starting with a negator character that do not negate the following words.
NON_NEGATING: tuple[str, ...] = (
    "不管",
    "不论",
    "无论",
    "不过",
    "不仅",
    "不但",
    "不光",
    "不只",
    "不止",
    "不得不",
    "不错",
    "不用担心",
    "别担心",
    "不要担心",
    "不必担心",
    "没关系",
    "没问题",
    "无需担心",
    "不好意思",
    "非常",
    "无法联系",
    "未来",
    "没想到",
    "莫名",
    "是否",
    "能否",
    "可否",
    "否则",
    "不然",
    "要不",
    "不久",
    "无忧",
    "不少",
    # self-contained negated words: their 不/没 ends with them
    # (您要是觉得不满意 那我也没招: 不满意 does not negate 没招)
    "不满意",
    "不满",
    "不高兴",
    "不开心",
    "不舒服",
    "不耐烦",
    "不愉快",
    "不合理",
    "不公平",
    "不对劲",
    "没事",
    "没错",
    "不会的",  # an answer (不会的 一分也不会少你的): the next words are not negated
    "不会啦",
)
_CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n]")
_MASK = re.compile(
    "|".join(sorted(map(re.escape, NON_NEGATING), key=len, reverse=True))
    # verb + 不 + complement (吃不掉, 伤不着, 跑不了, 看不到): the 不 stays inside the verb
    + r"|(?<=[\u4e00-\u9fff])不(?=[掉了到着完起动住成下上出开懂清见])"
)
_NEG = re.compile("|".join(map(re.escape, NEGATORS)))

_ASR_SPACE = re.compile(r"(?<=[\u4e00-\u9fff_])\s+(?=[\u4e00-\u9fff])")
#: Characters a negator's phrase may run on before an ASR space and still
#: negate across it (不会 / 没有 / 不可能 → 1-2).
_NEG_TAIL = 2

#: How many characters before a hit a negator may stand (不会向您索要: 4).
DEFAULT_REACH = 6


def is_negated(text: str, start: int, reach: int = DEFAULT_REACH) -> bool:
    """Whether the hit starting at ``start`` in ``text`` is negated.

    Args:
        text: The (folded) turn text.
        start: Start of the hit.
        reach: Maximum distance in characters between negator and hit.

    Returns:
        True when a negator stands within ``reach`` characters before the hit
        in the same clause.
    """
    # a negator reaches no further back than the hit's stretch of speech (不保本但是稳赚)
    lo = max(0, start - reach, scope_start(text, start))
    # Mask with some context before the window, so a masked word or a verb + 不
    # + complement cut by the window's left edge is still recognised.
    ctx_lo = max(0, lo - 4)
    masked = _MASK.sub(lambda m: "_" * len(m.group(0)), text[ctx_lo:start])
    window = masked[lo - ctx_lo :]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    # Unpunctuated ASR text: a space between Chinese characters ends a phrase. A
    # negator before such a space still reaches past it only when the space
    # follows it closely (不 保本, 不会 向您索要); one further inside its phrase
    # (说句不好听的 想亏都难) negates nothing beyond it.
    # (the hit's first character lets a space right before the hit be seen)
    spaces = [m.start() for m in _ASR_SPACE.finditer(window + text[start : start + 1])]
    for m in _NEG.finditer(window):
        nxt = next((b for b in spaces if b > m.start()), None)
        if nxt is None or nxt - m.end() <= _NEG_TAIL:
            return True
    return False


# --- claims the agent denies or reports from others (guarantee rules) -----------------

#: An existential denial or refusal before a guarantee word: the agent says no such
#: product exists or nobody can promise it (没有哪款理财是稳赚的, 哪有只赚不赔的,
#: 不存在保本的了, 谁也不敢保证一定赚, 没人能保证本金).
_EXISTENTIAL = re.compile(
    r"(没有|没|并没有|不存在|不可能有|找不到|哪有|哪里有|哪儿有|哪来的?)"
    r"(哪|什么|任何|一款|一个|一种|一只|一家|谁|人|啥|这种|那种|这样的|那样的)"
    r"|不存在|哪(里|儿)?有|哪来|谁(也|都)(不|没|不敢|不能)"
    r"|(没有?|无)(人|谁|哪家|哪个|任何人|任何机构|机构)(能|敢|可以|会)?(保证|承诺|打包票|担保|保)"
)
#: Someone other than the agent says it (您听朋友说有款稳赚的, 网上说肯定赚, 您说的那个
#: 保本, 打着保本高收益旗号的): a third party or the customer, a reporting verb, and no
#: 我 between them (我跟您说 稳赚 is the agent's own claim).
_REPORTED = re.compile(
    r"(朋友|邻居|同事|亲戚|家人|家里人|老伴|子女|儿子|女儿|网上|网络|广告|视频|直播|群里|"
    r"有人|别人|人家|他们|他|她|对方|骗子|外面|那些人|那边|推销的|业务员|销售|您|你)"
    r"[^，,。！？!?；;我]{0,6}?(说|讲|宣传|号称|吹|介绍|推荐|承诺|提到|问)"
    r"|听(说|人说|别人说)|打着|号称|所谓(的)?|(这种|这样的|那种|什么)说法"
    r"|(这种|那种|这类)(说|宣传|号称|承诺|许诺)"
    r"|(凡是|但凡|只要是|要是有人|如果有人|谁要是|任何人)[^，,。！？!?；;我]{0,6}?(说|讲|宣传|承诺|保证|许诺)"
)
#: The agent saying it cannot promise what follows (我没办法跟您保证一定不亏, 无法向您承诺收益,
#: 不敢给您打包票): whatever the claim after it, negated or not (不能保证不亏, 不敢保证亏不了), it
#: is the thing not promised, so no double negative is read here. The negator may stand
#: further from the claim than :func:`is_negated` reaches.
_CANNOT_PROMISE = re.compile(
    r"(没(有)?办法|没法|无法|不能|不敢|不可能|做不到|没(有)?资格)(跟|给|向|和|对|为)?(您|你)?"
    r"(保证|承诺|打包票|打保票|担保|确保|许诺)"
)
#: A loss word after a denial makes a double negative, i.e. a guarantee (没有人亏过钱,
#: 谁也没赔过); a loss word already negated (只赚不赔) does not.
_LOSS_WORD = r"(亏|赔|损失|跌|出事|出过事|出问题|出过问题|违约|逾期)"
_LOSS = re.compile(r"(?<![不没])(?<!不会)(?<!不能)(?<!没有)(?<!不可能)" + _LOSS_WORD)
_LOSS_AT = re.compile(_LOSS_WORD)
#: A good outcome negated after a denial is a double negative too (没有哪一期没按时兑付过,
#: 没有一个客户没赚到钱, 没有一款是不赚的): every one of them had it.
_NEG_GAIN = re.compile(
    r"(不|没|没有|未)(能)?(按时|按期|如期|准时|足额|全额)?(兑付|兑现|到账|达标|赚|盈利|回本|还本|付息|拿到|拿回)"
)
#: ... unless it is what nobody can promise (谁都没法保证不达标).
_PROMISE_WORD = re.compile(r"保证|承诺|打包票|担保")


def _denies(phrase: str, hit: str = "") -> bool:
    """An existential denial in ``phrase`` that is not a double negative of a loss.

    ``hit`` (the hit's first characters, after ``phrase``) is read for the loss word only.
    """
    m = _EXISTENTIAL.search(phrase)
    if not m:
        return False
    rest = phrase[m.end() :] + hit
    # (谁也没亏过: the denial's own 没 negates the loss, a guarantee)
    if _LOSS_AT.match(rest) or _LOSS.search(rest):
        return False
    gain = _NEG_GAIN.search(rest)
    return gain is None or _PROMISE_WORD.search(rest, 0, gain.start()) is not None


#: Reporting-verb idioms that carry the agent's own claim (您说得对, 说实话).
_OWN_VOICE = re.compile(r"说得对|说的对|说得是|说实话|说白了|说真的|说句实在话|说到底|说实在的")
#: The claim refuted right after it in the same clause (…保本高收益的都是诈骗).
_TO_YOU = re.compile(r"(跟|和|给|向|为|同)(您|你)(说|讲|介绍|推荐|承诺|保证|打包票)")
_REFUTED = re.compile(
    r"(都是|是|就是|纯属|属于|全是|一律)?(骗|诈骗|假的|忽悠|误导|不靠谱|不准确|不对|不可信|"
    r"不真实|不实|违规|不合规|非法集资|传销)|别信|不要信|不能信|千万别"
)
#: The claim named and then denied to exist (稳拿五个点这种 我们这儿真没有): a
#: demonstrative shortly after the hit, then a denial, across at most one ASR space.
_DENIED_AFTER = re.compile(
    r"^[^，,。！？!?；;\s]{0,10}?(这种|这样的|那种|这类)(产品|理财|东西|好事|说法)?\s?"
    r"(我们|咱们|我行|银行|行里)?(这儿|这边|这里|行里)?(真|是|都|也|可|确实|从来|根本)?"
    r"(没有|没|不存在|不卖|不做|没得)"
    # …的 + a product noun whose existence is denied to end the clause (稳赚不赔的理财是没有的,
    # 零风险的理财也不存在); a denial going on (保本的产品没有风险) is a claim, not this
    r"|^[^，,。！？!?；;\s]{0,10}?的(产品|理财|投资|基金|东西|好事)?\s?(是|也|都|根本|从来|压根)?"
    r"(是)?(没有|不存在)(的)?(了|啊|呀|哦)?(?=$|[，,。！？!?；;\s])"
)
_PUNCT_END = re.compile(r"[，,。！？!?；;：:\n]")
#: How far before a hit a denial or reporting frame may stand (characters, same sentence
#: part: it may cross an ASR space, never punctuation).
CLAIM_REACH = 14
#: How far after a hit's start a refutation may stand (same clause).
REFUTE_REACH = 16


def is_denied_or_reported(text: str, start: int, end: int | None = None) -> bool:
    """Whether the claim starting at ``start`` is denied, reported or refuted.

    A guarantee word is not the agent's promise when the agent denies that such a
    thing exists (没有哪款是稳赚的), says nobody can promise it (谁也不敢保证) or that it
    cannot promise it (我没办法跟您保证一定不亏), reports
    what someone else said (您朋友说的稳赚, 网上说肯定赚, 打着保本旗号的), or calls it a
    scam right after it (保本高收益的都是诈骗).

    Args:
        text: The (folded) turn text.
        start: Start of the hit.
        end: End of a scored span (a classifier's clause): the frames are then also
            looked for inside it, since the span starts at its clause's start.

    Returns:
        True when such a frame stands within reach before the hit in the same sentence
        part (or inside the span), or a refutation follows it in the same clause.
    """
    if end is not None:
        inner = text[start:end]
        if _denies(inner):
            return True
        rep = _REPORTED.search(inner)
        if (
            rep
            and not _OWN_VOICE.search(inner)
            and not (rep.group(1) in ("您", "你") and _TO_YOU.search(inner))
        ):
            return True
    lo = max(0, start - CLAIM_REACH, scope_start(text, start))
    before = text[lo:start]
    ends = list(_PUNCT_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    if before:
        # the denial must sit in the hit's own phrase (no ASR space between; read with the
        # hit's first character, so a space right before the hit ends the phrase too:
        # 到现在没有哪一期没按时兑付过 您这笔放进来就当是定期, 收益我没法保证 本金肯定是安全的)
        phrase = _ASR_SPACE.split(before + text[start : start + 1])[-1][:-1]
        if phrase and (_denies(phrase, text[start : start + 6]) or _CANNOT_PROMISE.search(phrase)):
            return True
        rep = _REPORTED.search(before)
        if rep and not _OWN_VOICE.search(before, rep.start()):
            # 跟您说 / 给您介绍: the agent speaking to the customer, not the customer
            if not (rep.group(1) in ("您", "你") and _TO_YOU.search(before)):
                return True
    if _DENIED_AFTER.search(text[start : start + 2 * REFUTE_REACH]):
        return True
    after = text[start : start + REFUTE_REACH]
    m = re.search(r"[，,。！？!?；;\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", after)
    if m:
        after = after[: m.start()]
    return bool(_REFUTED.search(after))


# --- the agent restating the customer's words -------------------------------------

#: An opener that starts restating what the customer said or wants (您是说, 您是想,
#: 您的意思是, 也就是说您, 我确认一下您…, a clause opening 您是 + what happened).
_RESTATE_OPEN = re.compile(
    r"(您|你)(是说|是想|是要|是问|是对|是因为|是指|的意思是|刚才说|刚刚说|说的是|反映的是|遇到的是)"
    r"|也就是说(您|你)|我(理解|确认一下|跟您确认一下|和您确认一下|跟您核对一下)(的是|一下)?(您|你)"
    # spoken variants: 您的意思就是, 您刚才讲的是, 那就是说 您…
    r"|(您|你)的意思(就|也)是|(您|你)(刚才|刚刚)?(讲|说)的(就)?是|(那|也)就是说[，,\s]*(您|你)"
    # 您是 + what happened (also 所以您现在是…), opening a clause (您是接到…电话 让您报验证码
    # 对吧, 您先别急，您是卡在身上但刚收到三笔扣款短信 对吧); not a question word (您是否,
    # 您是不是, 您是哪位)
    # (a looser opener: a later clause with the agent's or a product's own subject, 您是老客户了，
    # 这款保本保息 对吧, is the agent speaking, see _OWN_SUBJECT)
    r"|(?<![^，,。！？!?；;\s])(?P<loose>(所以)?(您|你)(现在)?是)(?!否|不是|不|哪|谁|什么|怎么|多少|几)(?=[\u4e00-\u9fff])"
)
#: The agent's own voice after the loose 您是 opener: a clause opening with the agent's or a
#: product's subject (我帮您…, 这款…), a request to the agent (把验证码报给我, 念一下, 您把密码
#: 告诉我) or an assurance (放心, 保证): the agent is no longer restating.
_OWN_SUBJECT = re.compile(
    r"(?<![^，,。！？!?；;\s])(我|咱|这款|这个|这只|这支|这种|这类|那款|那个|那只|该|本|它|产品|理财|基金|把|请|麻烦)"
    r"|(给|告诉|跟|和|对)(我|我们|咱们)|(报|念|说|读|发|讲|提供|输入|告诉)(一)?下|(您|你)把|放心|保证|包(您|你)"
    # a question of the agent's own; not one the customer could not answer, retold
    # (您是昨天有一笔三十九元的扣款 不清楚是什么对吧)
    r"|(?<!不清楚是)(?<!不知道是)(?<!不清楚)(?<!不知道)(?<!不确定是)(?<!不记得是)"
    r"(多少|什么|哪(个|里|儿|家|位|张)|几(位|个|号))"
)
#: The tag that hands the restatement back for confirmation (对吗, 是吧, 是这个意思吧).
_RESTATE_TAG = re.compile(
    r"(对吗|对吧|是吧|是吗|是这样吧|是这样吗|是这样的吧|是这样子吧|对不对|是不是|没错吧|"
    r"是这个意思吧|是这个意思吗|(我)?理解(得|的)对吗)(?=$|[，,。！？!?；;\s]|呢|啊|呀)"
)
_SENTENCE_STOP = re.compile(r"[。！？!?；;\n]")
#: A clause break: punctuation, or a space between Chinese characters (unpunctuated ASR).
_CLAUSE_BREAK = re.compile(r"[，,。！？!?；;：:\n]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
#: How far an opener may stand before the hit, and a tag after it (characters).
RESTATE_REACH = 60
#: How far into a scored span its restatement's opener may stand (a preface: 非常抱歉).
RESTATE_PREFACE = 8


def is_restated(
    text: str, start: int, end: int | None = None, hit_end: int | None = None
) -> bool:
    """Whether the hit at ``start`` lies inside the agent's restatement of the customer.

    A restatement opens with 您是说 / 您是想 / 您的意思是 … and ends with a tag asking
    the customer to confirm (对吗, 是吧, 是这样吧) in the same sentence, across commas
    and ASR spaces; no tag may stand between the opener and the hit (the restatement
    ended there). Words inside it are the customer's (您是说被扣了三百块 对吗 discloses
    nothing; 您是想找个不会亏本金的产品 是这个意思吧 promises nothing).

    ``end`` (a scored span's end: a clause or a sentence) lets the opener also stand
    just inside the span, after a short preface (非常抱歉 您是说…对吧).

    ``hit_end`` (a pattern hit's end): the whole hit must lie inside the restatement, so
    no tag may end inside it. A long hit that starts in the restatement and runs past its
    tag into the agent's own words (阿姨您是想看看存款到期后放哪儿是吧 现在定期利率都低 我建议
    您搞点权益类的: one match from 看看 to 权益类) is the agent's.
    """
    opener = _open_restatement(text, start, end)
    if opener is None:
        return False
    begin = max(start, opener.end())
    if hit_end is not None:
        inside = _RESTATE_TAG.search(text, begin)
        if inside is not None and inside.end() <= hit_end:
            return False
    stop = _SENTENCE_STOP.search(text, begin)
    end = min(stop.start() if stop else len(text), begin + RESTATE_REACH)
    return _RESTATE_TAG.search(text, begin, end) is not None


def _open_restatement(text: str, start: int, end: int | None) -> re.Match[str] | None:
    """The restatement opener before the hit at ``start`` in its sentence, no tag between."""
    lo = max(0, start - RESTATE_REACH)
    stops = list(_SENTENCE_STOP.finditer(text, lo, start))
    if stops:
        lo = stops[-1].end()
    # an opener may begin at the hit itself (a scored clause starts at its clause's start),
    # or within a scored span's first characters
    head = start if end is None else min(end, start + RESTATE_PREFACE)
    opener = None
    for m in _RESTATE_OPEN.finditer(text, lo, min(len(text), head + 12)):
        if m.start() <= head:
            opener = m
    if opener is None or _RESTATE_TAG.search(text, opener.end(), max(opener.end(), start)):
        return None
    if opener.group("loose"):
        # the loose opener covers its own clause only (您是有一笔十万的定期到期了 对吧), and
        # not the agent's own voice in it, up to the hit's end (您是本人把验证码报给我对吧)
        # (a scored span of two clauses reaches past it: its end counts)
        reach = max(opener.end(), start, end or 0)
        # (one character further: a space break is seen by its lookahead)
        brk = _CLAUSE_BREAK.search(text, opener.end(), min(len(text), reach + 1))
        if brk is not None and brk.start() < reach:
            return None
        stop = min(len(text), max(start, end or 0, opener.end()) + 8)
        # (not past the clause after the hit: 您是昨天转账对方还没到账 我先核实一下 is the
        # customer's story, then the agent's own next step)
        nxt = _CLAUSE_BREAK.search(text, max(start, end or 0, opener.end()), stop)
        if nxt is not None:
            stop = nxt.start()
        if _OWN_SUBJECT.search(text, opener.end(), stop) is not None:
            return None
    return opener


#: What may follow a closing tag before its sentence ends (punctuation, particles).
_TAG_TAIL = re.compile(r"[\s，,。！？!?；;…~～]*(呢|啊|呀)?[\s，,。！？!?；;…~～]*")


def closes_with_tag(text: str, start: int) -> bool:
    """Whether the sentence of the hit at ``start`` is handed back by a closing tag.

    The first confirming tag after the hit (对吗, 是吧 …) ends its sentence: 账户被冻结了
    网银登不上，是吧？ asks the customer to confirm; 冻结了 是吧 您看 is a tag inside a
    sentence that goes on, and counts as no closing tag.
    """
    stop = _SENTENCE_STOP.search(text, start)
    end = stop.start() if stop else len(text)
    tag = _RESTATE_TAG.search(text, start, end)
    if tag is None:
        return False
    tail = _TAG_TAIL.match(text, tag.end())
    return tail is not None and tail.end() >= end


def opens_restatement(text: str, start: int, end: int | None = None) -> bool:
    """Whether the hit at ``start`` follows a restatement opener in its sentence, no tag between.

    :func:`is_restated` without the closing tag: 您是说卡在您身上 但是刚被刷了八千块 我先帮您…
    restates without asking back. Alone this is weak evidence (您是想稳赚的话 … can be the
    agent's pitch); the ``echoed`` filter adds that the customer said the words first.
    """
    return _open_restatement(text, start, end) is not None


def restates_to_tag(text: str, start: int, end: int | None = None) -> bool:
    """Whether the hit lies in a loose 您是 restatement running over clauses to a tag.

    ``您是三天前用手机银行 给家人转了五千块 到现在对方还没收到 对吧 我先…``: the loose
    opener covers its own clause only (:func:`opens_restatement`), but here the clauses
    after it, up to a confirming tag in the same sentence, carry no voice of the agent's
    own (我…, 这款…, 放心: :data:`_OWN_SUBJECT`). Weak alone; the ``echoed`` filter
    adds that the customer said the hit's words first.
    """
    lo = max(0, start - RESTATE_REACH)
    stops = list(_SENTENCE_STOP.finditer(text, lo, start))
    if stops:
        lo = stops[-1].end()
    opener = None
    for m in _RESTATE_OPEN.finditer(text, lo, start + 1):
        if m.start() <= start:
            opener = m
    if opener is None or not opener.group("loose"):
        return False
    if _RESTATE_TAG.search(text, opener.end(), max(opener.end(), start)):
        return False
    stop = _SENTENCE_STOP.search(text, start)
    limit = min(stop.start() if stop else len(text), opener.end() + RESTATE_REACH)
    tag = _RESTATE_TAG.search(text, max(start, end or start), limit)
    if tag is None:
        return False
    return _OWN_SUBJECT.search(text, opener.end(), tag.start()) is None

