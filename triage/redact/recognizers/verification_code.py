"""One-time codes, passwords, CVV/CVN2 (JR/T 0171-2020 class C3).

Digits after 验证码/动态码/密码/令牌/CVV/安全码 in the same sentence (also said as repeats:
密码是六个八; cues written in English as whole words: OTP, PIN, CVV, password, sms
code; the CVV named by where it is printed: 卡背后那三位), a password with letters after its
cue (密码是Abc123456: all of it), and digit strings the customer says within a few turns
after the agent asked for such a code or for what an SMS says (turns in which the customer
is still looking for it, 稍等 我看一下, and the agent only waits, 嗯 不着急, do not count);
there a hotline (热线是95528) or an index (沪深300) is no code. Without a code word: a code
named by where it arrived (手机上收到的那个数 531809), the CVV asked for by the signature strip
or the card back's last three digits, and a password with letters given in the answer window
(the agent spoke of 密码; 我设的Abc12345).
C3 data is never stored anywhere: only the type tag operator is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from triage.normalize import SEPARATOR_CLASS, SPOKEN_DIGITS
from triage.redact.recognizers.base import (
    NOT_A_QUANTITY,
    SPEAKER_MARKERS,
    Finding,
    NlpView,
    PatternSpec,
    RegexRecognizer,
    digits,
)
from triage.redact.recognizers.email import EMAIL_RX

_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(EMAIL_RX)

#: One separator between digit groups (the punctuation of ``base.SEP``, not optional).
_SEP1 = SEPARATOR_CLASS

#: Digits right after a label ending in 号 (尾号8899, 工号1023, 订单号…) are that, not a code.
_NOT_LABELLED = r"(?<!号)(?<!号是)(?<!号为)(?<!号：)(?<!号:)"
#: Right before digits: a call verb or a hotline word (忘记密码可以拨打95597, 密码重置请致电…,
#: 热线是九五五二八, 客服电话：…): the digits are the number to call, not a code, whether
#: they follow a cue word or answer the agent's request.
_CALLED_BEFORE = re.compile(r"(?:热线|电话|拨|打|致电)(?:号码)?[是为：:\s]{0,3}$")
#: What may not follow a code: a dash and more digits (400-820-5555, 021-6385…: a hotline or a
#: phone number joined by dashes, after 我们永远不会问您要密码 400-820-5555是…).
_NOT_DASHED_ON = r"(?!\s?[-－—–]\s?\d)"
#: A digit said with how many times it repeats: 六个八 (888888), 三个六三个八 (666888).
_REPEATED = r"[一二三四五六七八九两]个[零〇一二三四五六七八九幺洞拐0-9]"
#: What may not follow repeats that are a code (两个一百 is an amount).
_NOT_AFTER_REPEATED = r"(?![零〇一二三四五六七八九十百千万亿元块])"


#: Cue words written in English in a Chinese chat (OTP is 739204, my PIN 0612), as whole
#: Latin words (not the pin of pinyin).
_LATIN_CUE = (
    r"(?<![A-Za-z])(?:OTP|PIN|passcode|password|passwd|pwd|CVV2?|CVC2?|CVN2?"
    r"|(?:verification|security|auth|sms)\s?code)(?![A-Za-z])"
)
#: Between an English cue and its code: a copula or a colon, not other words (password
#: changed at 2024-11-29 is a date).
_LATIN_GAP = r"\s?(?:(?:is|was|number|no\.?|码|号)\s?)?[:：=是为]?\s?"
#: Between a cue and a password with letters: a copula, a colon or 改成/设成.
_SECRET_GAP = r"\s?(?:是|为|is|[：:]|(?:改|设|换|设置)(?:成|为)了?|设的)?\s?"
#: A password with letters (Abc123456, qwe_2024!): letters, digits and symbols, at least one
#: of each of letters and digits, right after a cue and 是/为/a colon.
_MIXED_SECRET = (
    r"(?=[A-Za-z0-9@#$%^&*_.!~-]*\d)(?=[A-Za-z0-9@#$%^&*_.!~-]*[A-Za-z])"
    r"[A-Za-z0-9@#$%^&*_.!~-]{6,24}"
)

#: The CVV named by where it is printed, in any of the ways people say it (卡背后那三位, 背面的
#: 三个数字, 卡背面上的3位数): 背面/背后, a short link, three digits.
_BACK_CUE = (
    r"背[面后]面?(?:的|那|那个|上|上的|上面的?)?(?:最后)?(?:三|3)\s?(?:位|个数字?|个数)(?:数字?)?"
)
#: The CVV asked for by where it is printed, the digits named later in the turn (卡片背面
#: 签名条那里有一串数字 念最后三位): the signature strip, or the card's back and its last three.
_BACK_ASK = r"签名条|背[面后][^\d\n。？?]{0,30}?(?:最后|后|末)(?:三|3)\s?(?:位|个数)"
#: A code named by where it arrived, without a code word (手机上收到的那个数, 短信里收到的数字):
#: the phone or SMS, 收到, then a number word (not 收到的短信 or 收到的电话).
_RECEIVED_CUE = (
    r"(?:手机|短信)[^\d\n。！？?!]{0,8}?收到\s?的?\s?(?:那个|那串|那几个|几个|这个|的)?\s?"
    r"(?:数字?|码|号码)"
)
#: A password with letters the customer gives in the answer window without its cue word (the
#: agent spoke of 密码; 我设的Abc12345 这样行吗): at least three digits or a symbol (not a
#: model name such as iPhone15), not after a label ending in 号 (订单号DD20231129…).
_MIXED_ANSWER = re.compile(
    rf"{_NOT_LABELLED}(?<![A-Za-z0-9@#$%^&*_.!~-])"
    rf"(?=(?:[A-Za-z@#$%^&*_.!~-]*\d){{3}}|[A-Za-z0-9]*[@#$%^&*_.!~-])({_MIXED_SECRET})"
    r"(?![A-Za-z0-9@#$%^&*_.!~-])"
)
#: An agent turn that only waits while the customer looks for the code (嗯 不着急, 好的 您慢慢
#: 找, 没关系 我等您): it does not use up the answer window.
_WAIT = re.compile(
    r"[\s,，。!！嗯啊哦噢好的对是没事关系不着急慢慢来您你找看一下稍等我等着吧]{1,14}"
)
#: Lines after the request (both speakers) within which the customer's turns without digits
#: (稍等 我看一下, 怎么弄) do not use up the answer window either; the window ends after them.
_STALL_LINES = 8

#: Spoken digits (七, 幺, 洞, 两): two of them alone are no digit string for the normaliser.
_SPOKEN = "[" + "".join(SPOKEN_DIGITS) + "]"
#: What may close a customer's piece of a code (六五 就这六位, 零两 对).
_PIECE_END = (
    r"(?:就这[几两三四五六七八]位数?|就这些|就是这个|是这个|对|没了|我?[念说读报][反错倒]了)"
)
#: What may lead a customer's piece of a code: its cue word, or which digits it is (最后两位 是
#: 六二 我念反了, 后面是 洞拐).
_PIECE_LEAD = r"(?:最后[一两二]?[个位]数?|后[面边])"
#: The agent asking for another number (a card, phone or ID number): the code is over.
_OTHER_ASK = re.compile(r"卡号|账号|帐号|手机号|电话号码|身份证|证件号")

#: Right before digits: they are the last digits of a card or phone (尾号6621, 后四位是).
_TAIL_BEFORE = re.compile(r"(?:尾号|(?:后|末|最后)[三四五六几]位)[是为：:\s]{0,3}$")
#: The agent asking for what an SMS says without naming a code (发了一条短信 请报一下里面的
#: 数字, 短信里的内容念一下): it opens the answer window like a cue word.
_SMS_ASK = re.compile(r"短信[^\n。？?]{0,16}?(?:数字|内容)|(?:报|念|读|告诉)[^\n]{0,4}短信")
#: Right before digits in the answer window: a label ending in 号 (他说他工号73102, 编号 4417; not
#: 尾号, which :data:`_TAIL_BEFORE` reads):
#: that number, not a code (号码是 goes on: 验证码号码是 … is the code).
_LABEL_BEFORE = re.compile(r"(?<!尾)号[是为：:]?\s?$")
#: Right before digits in the answer window: they name a market index (沪深300, 中证500),
#: not a code.
_INDEX_BEFORE = re.compile(r"(?:沪深|上证|深证|中证|国证|创业板|科创|恒生)(?:指数)?\s?$")
#: Right before five or six digits: a security they are the code of, or buying and selling it
#: (卖000651, 基金110011, 股票代码是 601318, 定投 510300): a stock or fund code, not a one-time
#: code, also in the answer window after the agent spoke of a password.
_SECURITY_BEFORE = re.compile(
    r"(?:股票|基金|证券|债券|[买卖](?:入|出|掉|了)?|申购|赎回|定投)\s?(?:代码|代号)?\s?[是为：:]?\s?$"
)
#: Right before digits: a currency sign or code (金额$89.99, ¥1200, RMB 500): money, never a
#: code.
_AMOUNT_BEFORE = re.compile(r"(?:[¥￥$€£]|RMB|USD|HKD|EUR|CNY|人民币|金额)\s?$")
#: The transaction the digits are the amount of, around them (那笔1200的短信, 这笔 3000 的
#: 退款): 笔 after a demonstrative or a count right before, 的 right after (我找支笔 482913
#: stays a code).
_TRANSACTION_BEFORE = re.compile(r"(?:[那这哪每一两]|上一|前一)笔\s?$")
_TRANSACTION_AFTER = re.compile(r"\s?的")
#: Right after digits: a currency named (89美元, 200 HKD); 元/块/万 are ``NOT_A_QUANTITY``'s.
_AMOUNT_AFTER = re.compile(
    r"\s?(?:美元|美金|欧元|日元|英镑|港币|港元|澳元|加元|韩元|卢布|刀(?![片具])|RMB|USD|HKD|EUR|CNY)"
)


_BACK_ASK_RX = re.compile(_BACK_ASK)


class VerificationCodeRecognizer(RegexRecognizer):
    """Codes after a cue word, and codes answered after the agent's request.

    Args:
        context: Cue words (验证码, 密码, …).
        answer_window: Turns after an agent's request in which a customer's bare
            digit string counts as the code.
    """

    ENTITY: ClassVar[str] = "VERIFICATION_CODE"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "验证码",
        "动态码",
        "校验码",
        "短信码",
        "动态密码",
        "密码",
        "口令",
        "令牌",
        "CVV",
        "CVV2",
        "CVN",
        "CVN2",
        "安全码",
        "卡背面后三位",
        "背面三位",
        "背面的三位",
        "背面那三位",
        "背后三位",
        "背后的三位",
        "背面三个数",
        "背面的三个数",
        "背面的数字",
    )
    PATTERNS: ClassVar[tuple[PatternSpec, ...]] = (
        PatternSpec(
            "code_after_cue",
            rf"{{ctx}}[^\d\n。！？?!]{{0,20}}?{_NOT_LABELLED}"
            rf"(?<!\d)({digits(3, 8)})(?!\d)" + _NOT_DASHED_ON + NOT_A_QUANTITY,
            0.9,
            group=1,
            validate=False,
        ),
        # the cue asked as a question, the code in the next sentence of the same turn
        # (验证码是多少？我这边显示8 3 6 0 1 4，是不是这个)
        PatternSpec(
            "code_after_question",
            rf"{{ctx}}是?(?:多少|什么|啥|几)[?？]\s*[^\d\n。！？?!]{{0,12}}?{_NOT_LABELLED}"
            rf"(?<!\d)({digits(3, 8)})(?!\d){_NOT_DASHED_ON}" + NOT_A_QUANTITY,
            0.9,
            group=1,
            validate=False,
        ),
        PatternSpec(
            "code_after_latin_cue",
            rf"{_LATIN_CUE}{_LATIN_GAP}(?<![\dA-Za-z])({digits(3, 8)})(?!\d)"
            + _NOT_DASHED_ON
            + NOT_A_QUANTITY,
            0.9,
            group=1,
            validate=False,
        ),
        # a password with letters, the whole of it (密码是Abc123456, password: qwe_2024)
        PatternSpec(
            "mixed_secret_after_cue",
            rf"{{ctx}}{_SECRET_GAP}(?<![A-Za-z0-9])"
            rf"({_MIXED_SECRET})(?![A-Za-z0-9@#$%^&*_.!~-])",
            0.9,
            group=1,
            validate=False,
        ),
        PatternSpec(
            "mixed_secret_after_latin_cue",
            rf"{_LATIN_CUE}{_SECRET_GAP}(?<![A-Za-z0-9])"
            rf"({_MIXED_SECRET})(?![A-Za-z0-9@#$%^&*_.!~-])",
            0.9,
            group=1,
            validate=False,
        ),
        PatternSpec(
            "code_after_back_cue",
            rf"{_BACK_CUE}[^\d\n。！？?!]{{0,12}}?(?<!\d)({digits(3, 4)})(?!\d)" + NOT_A_QUANTITY,
            0.9,
            group=1,
            validate=False,
            needs="背",
        ),
        # the code named by where it arrived (把手机上收到的那个数告诉他了 531809)
        PatternSpec(
            "code_after_received_cue",
            rf"{_RECEIVED_CUE}[^\d\n。！？?!]{{0,20}}?(?<!\d)({digits(3, 8)})(?!\d)"
            + _NOT_DASHED_ON
            + NOT_A_QUANTITY,
            0.9,
            group=1,
            validate=False,
            needs="收到",
        ),
        PatternSpec(
            "repeated_after_cue",
            rf"{{ctx}}[^\d\n]{{0,10}}?({_REPEATED}(?:[，, ]?{_REPEATED}){{0,3}})"
            + _NOT_AFTER_REPEATED,
            0.9,
            group=1,
            validate=False,
        ),
    )

    def __init__(self, context: Sequence[str] | None = None, answer_window: int = 3) -> None:
        super().__init__(context)
        self.answer_window = answer_window
        ctx = "|".join(re.escape(w) for w in sorted(self.context, key=len, reverse=True))
        #: Any cue word (the live hook's context test reads it).
        cues = f"{_BACK_CUE}|{_BACK_ASK}|{_RECEIVED_CUE}"
        self.ask_cue = re.compile(f"{ctx}|{cues}" if ctx else cues, re.I)
        #: What opens the answer window in an agent's turn: a cue word or a request for what
        #: an SMS says (the live hook's context test reads it too).
        self.agent_cue = re.compile(f"{self.ask_cue.pattern}|{_SMS_ASK.pattern}", re.I)
        # a code said in two-digit pieces, one a turn, between the agent's 嗯 (动态码 七七 /
        # 嗯 / 零两 / 嗯 / 六五 就这六位): in the answer window, a customer turn that is only
        # two spoken digits (after the cue word, before a closing word) is a piece of it
        self._spoken_piece = re.compile(
            rf"[\s，,。、嗯啊哦呃]*(?:(?:{self.ask_cue.pattern}|{_PIECE_LEAD})[是为：:\s]*)?({_SPOKEN}{{2}})"
            rf"[\s，,。、]*(?:{_PIECE_END}[\s，,。、!！]*)?[嗯啊呃哦吧\s，,。!！]*",
            re.I,
        )
        # a group of a longer grouped number (卡号是4367 4248 8141 2515) is no code
        self._bare = re.compile(
            rf"(?<![\dA-Za-z])(?<!\d{_SEP1})({digits(3, 8)})(?![\dA-Za-z])(?!{_SEP1}\d)"
            + NOT_A_QUANTITY
            + rf"|({_REPEATED}(?:[，, ]?{_REPEATED}){{0,3}}){_NOT_AFTER_REPEATED}"
        )

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Inline codes plus customer answers after the agent asked."""
        out = [
            f
            for f in super().find(text, nlp)
            if not self._called(text, f.start)
            and not _amount(text, f.start, f.end)
            and not _security(text, f.start, f.end)
        ]
        agent, customer = SPEAKER_MARKERS["agent"], SPEAKER_MARKERS["customer"]
        window = 0
        # customer turns left after the customer named a code without its digits (收到验证码了 /
        # the agent: 是什么内容呢 / 说是 五八二九一六): the next two customer turns
        own = 0
        back = False  # the window asks for the CVV by where it is printed (最后三位 is no tail)
        pos = 0
        since = _STALL_LINES  # lines since the agent's request
        for line in text.split("\n"):
            marker = line[:1]
            since += 1
            if since > _STALL_LINES:
                window = 0  # the wait has a bound
            if marker == agent:
                if self.agent_cue.search(line):
                    window, since = self.answer_window, 0
                    back = _BACK_ASK_RX.search(line) is not None
                elif _OTHER_ASK.search(line):
                    window = own = 0  # 请问您的卡号是多少: the next digits are that number
                elif not _WAIT.fullmatch(line, 1):
                    window = max(window - 1, 0)
            elif marker == customer:
                if window > 0 or own:
                    found = False
                    for m in self._bare.finditer(line):
                        s, e = m.span(m.lastindex or 1)
                        tail = _TAIL_BEFORE.search(line, max(0, s - 8), s)
                        if tail and e - s <= 4 and not (back and window > 0 and e - s == 3):
                            continue  # 查一下我尾号6621那张卡: a card's last digits, not a code
                        if self._called(line, s) or _INDEX_BEFORE.search(line, max(0, s - 8), s):
                            continue  # 热线是95528, 沪深300: a hotline or an index
                        if _amount(line, s, e):
                            continue  # 那笔1200的短信, 金额$89.99: money
                        if _security(line, s, e):
                            continue  # 卖000651, 基金110011: a stock or fund code
                        if _LABEL_BEFORE.search(line, max(0, s - 3), s) and not (
                            self.ask_cue.search(line, max(0, s - 12), s)
                        ):
                            continue  # 他说他工号73102: the number the label names
                        out.append(
                            Finding(pos + s, pos + e, self.ENTITY, 0.75, self.name + ":answer")
                        )
                        found = True
                    if window > 0:
                        for m in _MIXED_ANSWER.finditer(line):
                            s, e = m.span(1)
                            out.append(
                                Finding(pos + s, pos + e, self.ENTITY, 0.75, self.name + ":answer")
                            )
                            found = True
                    if not found and window > 0:
                        piece = self._spoken_piece.fullmatch(line, 1)
                        if piece is not None:
                            s, e = piece.span(1)
                            out.append(
                                Finding(pos + s, pos + e, self.ENTITY, 0.75, self.name + ":piece")
                            )
                            found = True
                    if found or _DIGIT.search(line):
                        window = max(window - 1, 0)  # 稍等 我看一下: still looking for it
                named = bool(self.ask_cue.search(line)) and not _DIGIT.search(line)
                own = 2 if named else max(own - 1, 0)
            pos += len(line) + 1
        if out and "@" in text:
            # digits inside an e-mail address (zhaolei1991@163.com) are not a code
            emails = [m.span() for m in _EMAIL.finditer(text)]
            out = [f for f in out if not any(s < f.end and f.start < e for s, e in emails)]
        return out

    @staticmethod
    def _called(text: str, start: int) -> bool:
        """Whether the digits at ``start`` follow a call verb or hotline word (拨打95597)."""
        return _CALLED_BEFORE.search(text, max(0, start - 8), start) is not None


def _amount(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``text[start:end]`` are an amount of money (金额$89.99, 50美元,
    那笔1200的): a currency sign or code right before, a currency right after, or the
    transaction's 那笔…的 around them.

    Not digits written with a comma or a point alone: an ASR pause comma splits a code
    (四八二，九一三 is 482,913).
    """
    before = max(0, start - 4)
    return bool(
        _AMOUNT_BEFORE.search(text, before, start)
        or _AMOUNT_AFTER.match(text, end)
        or (_TRANSACTION_BEFORE.search(text, before, start) and _TRANSACTION_AFTER.match(text, end))
    )


def _security(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``text[start:end]`` are a stock or fund code (卖000651, 基金
    110011): five or six digits right after the security's kind or a verb of trading it."""
    return len(_DIGIT.findall(text, start, end)) in (5, 6) and bool(
        _SECURITY_BEFORE.search(text, max(0, start - 8), start)
    )
