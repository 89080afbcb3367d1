"""Text preparation and amount parsing for the classifiers."""

from __future__ import annotations

import pytest

from triage.classify.amounts import chinese_to_int, find_amounts
from triage.classify.text import normalize, split_roles
from triage.schema import Turn


def test_text_placeholders_become_single_symbols():
    out = normalize("卡号<BANK_CARD>，电话<PHONE_NUMBER>，我是<PERSON>")
    assert "<" not in out and "BANK" not in out.upper()
    assert len(normalize("<BANK_CARD>")) == 1
    assert normalize("<BANK_CARD>") != normalize("<PHONE_NUMBER>")


def test_text_partial_masks_match_their_placeholder():
    assert normalize("138****5678") == normalize("<PHONE_NUMBER>")
    assert normalize("622202**********1234") == normalize("<BANK_CARD>")


def test_text_split_roles_keeps_customer_and_agent_apart():
    cust, agent = split_roles([Turn("agent", "您好"), Turn("customer", "卡丢了"),
                               Turn("system", "转接中"), Turn("customer", "快挂失")])
    assert cust == "卡丢了。快挂失"
    assert agent == "您好。转接中"


@pytest.mark.parametrize(("text", "value"), [
    ("两千五", 2500), ("一万二", 12000), ("十万", 100000), ("一百零五", 105),
    ("三万五千", 35000), ("二十万", 200000), ("一千零二十", 1020), ("五", 5),
])
def test_amounts_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


def test_amounts_need_a_unit_so_card_tails_and_years_are_not_money():
    found = find_amounts("尾号1234的卡，2024年，被转走了5万块，还有3,000元和两千五百块")
    assert sorted(found) == [2500.0, 3000.0, 50000.0]


def test_text_word_segmented_asr_turn_reads_as_running_text():
    from triage.classify.text import normalize

    spaced = normalize("我 想 查 一 下 <BANK_CARD> 的 余 额")
    assert spaced == normalize("我想查一下<BANK_CARD>的余额")
    assert normalize("我 那个 定期 到期 了") == "我那个定期到期了"
    # a space used as a pause between phrases stays a boundary
    pauses = "您好 嘉禾银行信用卡中心 很高兴为您服务"
    assert normalize(pauses) == pauses


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("我不是要投诉啊，我就想问问年费怎么收", "投诉", "年费"),
        ("也不算投诉吧 就是想问下这笔扣费", "投诉", "扣费"),
        ("不是投诉哈 单纯好奇积分能换啥", "投诉", "积分"),
        ("我不是来投诉你们的，就问下定投怎么停", "投诉", "定投"),
        ("也不是想要投诉，换卡的进度能查吗", "投诉", "换卡"),
    ],
)
def test_text_denied_complaint_words_are_dropped(text, gone, kept):
    # the models read the need after a complaint the customer says is not one
    out = normalize(text)
    assert gone not in out and kept in out


@pytest.mark.parametrize("text", ["我要投诉你们乱扣费", "我是来投诉的", "再不处理我就投诉到银保监"])
def test_text_real_complaints_keep_their_words(text):
    assert "投诉" in normalize(text)
