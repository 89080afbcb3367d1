"""Bank card and account numbers.

Card numbers (ISO/IEC 7812) have 16-19 digits with a Luhn check digit; they
are read out in groups (``6222 0202 …``) or spoken digit by digit. Account
numbers (对公账号, 存折账号) carry no check digit: they are taken when they
follow an account context word (卡号, 账号, …), unless shaped like a 400/800 hotline or
named as another kind of number in between (卡里没收到 订单号…), and never taking a group
that is an amount (卡号… 然后3000块: the card ends before 3000). Securities and fund accounts
(股东账号 A386214507, 资金账号) are shorter: taken after their own names.
A household's number with a utility (户号, 用户号 of the gas or power company) or a merchant's
number (商户号) is no personal bank account (SPEC §4): 户号 is no context word (账户号 still
has 账户); a bank's 客户号 (企业网银客户号) is, so a gas company's 客户号 is masked too.
A toll card's or on-board unit's number (ETC卡号, OBU号) is no bank card either.
"""

from __future__ import annotations

import re
from typing import ClassVar

from triage.redact.checksums import digits_only, luhn_ok, valid_cn_id
from triage.redact.recognizers.asked_number import TOLL_NUMBER, TOLL_WORDS
from triage.redact.recognizers.base import (
    ID_X,
    MONEY_UNIT,
    Finding,
    NlpView,
    PatternSpec,
    RegexRecognizer,
    digits,
)

#: A 400/800 service hotline (400-820-8820) is no account number, even after 卡.
_NOT_HOTLINE = r"(?![48]00[-\s]?\d{3}[-\s]?\d{4}(?!\d))"


#: A securities or fund account named (股东账号, 股东卡, 证券账户, 资金账号, 基金账户) and, in
#: the same turn, up to 20 other characters later (…是不是零开头的 我朋友的是), its number: a
#: Shanghai shareholder account is a letter and 8-9 digits (A386214507), a Shenzhen one or a
#: fund account 10-12 digits (0172839465), shorter than a card. Not money (a unit, a
#: thousands comma or cents after it).
_SECURITIES_ACCOUNT = (
    r"(?:股东|证券|资金|基金)(?:账号|帐号|账户|帐户|卡|代码)(?:(?!单号|订单|编号|流水号)[^\d\n]){0,20}?"
    r"(?<![A-Za-z\d])((?:[A-Z][\s-]?)?\d(?:[\s-]?\d){7,11})"
    rf"(?![\dA-Za-z])(?![.,]\d)(?!\s?{MONEY_UNIT})"
)


#: Between an account context word and the digits: up to 8 other characters, none of which
#: begins the name of another kind of number (卡里没收到 订单号2839104726581: an order number).
_GAP = r"(?:(?!单号|订单|编号|流水号|案号|合同号|参考号)[^\d\n]){0,8}?"


#: Right before the digits: a toll card or on-board unit named (ETC卡号 3202 1109 …, OBU背面也有个
#: 号 …): its number, no bank card, Luhn-valid or not.
_TOLL_BEFORE = re.compile(rf"{TOLL_NUMBER}[是为：:\s]{{0,3}}$")


class BankCardRecognizer(RegexRecognizer):
    """Luhn-valid card numbers anywhere; any long digit string after 卡号/账号."""

    ENTITY: ClassVar[str] = "BANK_CARD"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "卡号",
        "账号",
        "帐号",
        "账户",
        "帐户",
        "客户号",
        "银行卡",
        "信用卡",
        "储蓄卡",
        "借记卡",
        "卡",
        "收款账",
        "付款账",
        "对公账",
    )
    PATTERNS: ClassVar[tuple[PatternSpec, ...]] = (
        PatternSpec("card_luhn", rf"(?<!\d){digits(16, 19)}(?!\d|{ID_X})", 0.5),
        PatternSpec(
            "account_after_context",
            # the last group may not be an amount: 卡号6222…0128 然后3000块 ends before 3000
            rf"{{ctx}}{_GAP}(?<!\d){_NOT_HOTLINE}({digits(10, 25)})(?!\d)(?!\s?{MONEY_UNIT})",
            0.7,
            group=1,
            validate=False,
        ),
        PatternSpec("securities_account", _SECURITIES_ACCOUNT, 0.7, group=1, validate=False),
    )

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """Card and account numbers, less those named as a toll card's number."""
        out = super().find(text, nlp)
        if out and any(w in text for w in TOLL_WORDS):
            out = [f for f in out if not _TOLL_BEFORE.search(text, max(0, f.start - 16), f.start)]
        return out

    def validate_result(self, value: str) -> bool | None:
        """Luhn check (ISO/IEC 7812-1).

        An 18-digit string that is a valid resident ID (GB 11643 check digit) is left to
        the ID recognizer; one only shaped like an ID (province code, birth date) but
        failing its check digit is still a card when the Luhn check passes, so that it
        is masked as one or the other (fails closed).
        """
        d = digits_only(value)
        if len(d) == 18 and valid_cn_id(d):
            return False
        return luhn_ok(d)
